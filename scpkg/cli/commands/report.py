"""`scpkg report`: the ten coherence-gap answers for a country, a region, a sector or the whole graph,
written as a self-contained HTML page with charts (and Markdown, JSON, CSV on request). The report code
is `scpkg.queries.report`; this module only reads options and prints the paths written."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from scpkg.cli.options import StoreOpt, fail, store_session

console = Console()

DEFAULT_OUT = Path("scpkg-gap-reports")
"""Where gap reports go when --out is not given (relative to the working directory); not
`scpkg-reports/`, which holds the ingest run reports."""


def report(
    country: Annotated[str | None, typer.Option(help="Country, ISO 3166 alpha-3 (e.g. GHA).")] = None,
    region: Annotated[
        str | None,
        typer.Option(
            help="UN M49 code or English name of a region, sub-region or intermediate region (002 Africa, "
            "029 Caribbean) or SDG grouping (513 Europe and Northern America); all it contains included."
        ),
    ] = None,
    sector: Annotated[str | None, typer.Option(help="Sector code (e.g. textiles, food).")] = None,
    global_: Annotated[
        bool, typer.Option("--global", help="The whole graph (instead of a country, region or sector).")
    ] = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Comma-separated output formats: html, md, json, csv (csv: one file per table).",
        ),
    ] = "html",
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Directory to write the reports into.")
    ] = DEFAULT_OUT,
    lang: Annotated[
        str,
        typer.Option(
            "--lang", help="Language of headings and labels: en, fr, es, ru, zh or ar (ar: right to left)."
        ),
    ] = "en",
    exclude_illustrative: Annotated[
        bool,
        typer.Option(
            "--exclude-illustrative",
            help="Leave out case studies marked illustrative (invented examples) from every number.",
        ),
    ] = False,
    detail: Annotated[
        bool | None,
        typer.Option(
            "--detail/--summary",
            help="--detail lists every finding whatever the scope's size; --summary counts them and lists "
            "examples grouped by country. Default: summary for a scope of more than 1,000 policies.",
            show_default=False,
        ),
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Write a gap report: the ten coherence-gap questions for one scope, with a life-cycle stage ×
    instrument-type matrix, lead-ministry types, the shares beside the documents' 26% / 10% / 14%, the
    MEA transposition table and an evidence appendix. Give --country, --region or --sector (country and
    sector combine), or --global. Prints the paths written, and a warning (standard error) when the report
    rests on case studies marked illustrative."""
    from scpkg.queries.catalogue import Scope
    from scpkg.queries.report import FORMATS, build_report, write_report

    if global_ and (country or region or sector):
        fail("--global cannot be combined with --country, --region or --sector")
    if not (global_ or country or region or sector):
        fail("give --country, --region, --sector or --global")
    from scpkg.queries.report.i18n import LANGUAGES

    if lang not in LANGUAGES:
        fail(f"unknown language {lang!r}; choose from {', '.join(LANGUAGES)}")
    formats = [f.strip().lower() for f in fmt.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        fail(f"unknown format(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    try:
        scope = Scope(country=country, region=region, sector=sector)
    except ValueError as exc:
        fail(str(exc))
    with store_session(store) as s:
        data = build_report(s, scope, exclude_illustrative, detail=detail)
    for path in write_report(data, out, formats, lang):
        typer.echo(str(path))
    if data.illustrative:
        typer.echo(
            f"warning: the report rests on {len(data.illustrative)} case study(ies) marked illustrative "
            "(invented examples); --exclude-illustrative leaves them out",
            err=True,
        )
