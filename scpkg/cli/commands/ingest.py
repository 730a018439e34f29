"""`scpkg ingest`: read case studies, validate each with SHACL and load the valid ones into the store.

Also holds the run-and-print helpers `scpkg validate` and `scpkg demo` share, so all three report a
run the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from scpkg.cli.options import StoreOpt, open_store_or_exit, shown

if TYPE_CHECKING:
    from scpkg.ingest.pipeline import RunReport

console = Console()
err = Console(stderr=True)

PROGRESS_THRESHOLD = 20
"""Runs over this many files get a progress bar; small ones finish before a bar would help."""

PathsArg = Annotated[
    list[Path],
    typer.Argument(
        help="Case-study files or directories (walked for .yaml .yml .json .jsonl .ndjson .csv .xlsx .ttl "
        ".nt .jsonld .trig .nq; a JSON array or JSON Lines holds several case studies; "
        "`scpkg export --format trig|nq|jsonld` files re-import).",
        show_default=False,
    ),
]
ReportDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--report-dir",
        help="Where to write report.json, SHACL reports and the quarantine "
        "[default: ./scpkg-reports/<timestamp>].",
        show_default=False,
    ),
]
MaxSizeOpt = Annotated[
    float,
    typer.Option(
        "--max-size", help="Refuse files larger than this many MB (checked before reading).", min=0.001
    ),
]
MAX_PROBLEMS_SHOWN = 30


def _shipped_mappings() -> str:
    """The shipped mapping names for --help: listing them there needs no extra command. The folder is
    listed here as ``export_mapping.shipped`` lists it, since importing that module (the readers
    behind it) at start-up was a third of every command's time (issue 11)."""
    from importlib.resources import files

    folder = files("scpkg.ingest") / "mappings"
    names = {e.name.rsplit(".", 1)[0] for e in folder.iterdir() if e.name.endswith((".yaml", ".yml"))}
    return ", ".join(sorted(names)) or "none"


MappingOpt = Annotated[
    str | None,
    typer.Option(
        "--mapping",
        help="Read the files as a partner platform's export through this declarative mapping: a "
        f"mapping YAML file, or the name of a shipped one ({_shipped_mappings()}). Format: "
        "ingest/mappings/README.md.",
        show_default=False,
    ),
]


def execute(
    paths: list[Path],
    *,
    command: str,
    store_url: str | None,
    load: bool,
    strict: bool,
    compare: bool = False,
    report_dir: Path | None,
    max_size_mb: float,
    mapping: str | None = None,
) -> int:
    """Run the pipeline, print the summary and return the exit code (see `scpkg.ingest.pipeline`)."""
    from scpkg.ingest.export_mapping import MappingError
    from scpkg.ingest.export_mapping import load as load_mapping
    from scpkg.ingest.pipeline import (
        EXIT_STORE_LOST,
        EXIT_USAGE,
        UsageError,
        default_report_dir,
        discover,
        run,
    )
    from scpkg.store import StoreUnavailableError

    export_mapping = None
    if mapping is not None:
        try:  # a wrong mapping file stops the run before any file is read: nothing is loaded
            export_mapping = load_mapping(mapping)
        except MappingError as exc:
            err.print(f"[red]error:[/red] {exc}")
            return EXIT_USAGE

    report_dir = report_dir or default_report_dir()
    store = None
    shown_url = None
    try:
        count = len(discover(paths))
    except UsageError as exc:
        err.print(f"[red]error:[/red] {exc}")
        return EXIT_USAGE
    if count == 0:
        err.print("[red]error:[/red] no case-study files found under " + ", ".join(map(str, paths)))
        return EXIT_USAGE
    compare_with = None
    if load:
        shown_url = shown(store_url)
        store = open_store_or_exit(store_url)  # exit code 2 with the reason if it cannot be opened
    elif compare and _store_exists(store_url):
        shown_url = shown(store_url)
        compare_with = open_store_or_exit(store_url)  # only read: what would a load replace?
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = (
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        )
        if count >= PROGRESS_THRESHOLD
        else None
    )
    try:
        with bar or nullcontext():
            task = bar.add_task("reading", total=count) if bar else None

            def progress(what: str, done: int, total: int) -> None:
                if bar is not None and task is not None:
                    bar.update(task, description=what[:40], completed=done, total=total)

            try:
                report = run(
                    paths,
                    command=command,
                    store=store,
                    store_url=shown_url,
                    strict=strict,
                    max_bytes=int(max_size_mb * 1024 * 1024),
                    report_dir=report_dir,
                    progress=progress,
                    compare_with=compare_with,
                    mapping=export_mapping,
                    keep_graphs=False,  # memory flat in the corpus size (issue 11): outcomes keep no graphs
                )
            except UsageError as exc:
                err.print(f"[red]error:[/red] {exc}")
                return EXIT_USAGE
            except OSError as exc:
                err.print(f"[red]error:[/red] cannot write the reports to {report_dir}: {exc}")
                return EXIT_USAGE
            except StoreUnavailableError as exc:  # lost outside the load steps, which report it themselves
                err.print(f"[red]error:[/red] {exc}", highlight=False)
                return EXIT_STORE_LOST
    finally:
        for opened in (store, compare_with):
            if opened is not None:
                opened.close()
    print_summary(report)
    return report.exit_code


def _store_exists(url: str | None) -> bool:
    """An embedded store that was never created holds nothing to replace: `validate` does not create
    it just to find that out. Any other store is asked."""
    from urllib.parse import urlparse

    from scpkg.cli.options import store_url as resolve

    parsed = urlparse(resolve(url))
    if parsed.scheme.startswith("falkordb"):
        return Path(parsed.path).exists()
    return True


def _print_rows(
    title: str, columns: tuple[str, ...], items: list[Any], cells: Callable[[Any], tuple[str, ...]]
) -> None:
    """One table of the first few items (file and record, then ``cells(item)``), and how many more."""
    if not items:
        return
    table = Table(title=title, show_lines=False, expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for item in items[:MAX_PROBLEMS_SHOWN]:
        table.add_row(Path(item.file).name, item.record, *cells(item))
    console.print(table)
    if len(items) > MAX_PROBLEMS_SHOWN:
        console.print(f"... and {len(items) - MAX_PROBLEMS_SHOWN} more in report.json")


def print_summary(report: RunReport) -> None:
    """The problems (first few), a table of counts that add up, and where the full report is."""
    from scpkg.ingest.pipeline import LOADED, NOT_LOADED, QUARANTINED, REPLACED, UNCHANGED

    problems = [p for o in report.outcomes for p in o.problems]
    _print_rows("Problems", ("file", "record", "field", "message"), problems, lambda p: (p.field, p.message))
    notes = [o for o in report.outcomes if o.note]
    _print_rows(
        "Replacements and skipped records", ("file", "record", "what happened"), notes, lambda o: (o.note,)
    )
    for outcome in report.outcomes:  # corrected policy IRIs: said on stderr, where warnings go
        for move in outcome.moves:
            err.print(f"{Path(outcome.file).name}, record {outcome.record!r}: {move}", soft_wrap=True)
    conflicts = [p for o in report.outcomes for p in o.conflicts]
    _print_rows(
        "Conflicting facts (both values kept)",
        ("file", "record", "node and property", "values and who asserts each"),
        conflicts,
        lambda p: (p.field, p.message),
    )
    c = report.counts
    summary = Table(title=f"scpkg {report.command}: summary", show_header=True)
    summary.add_column("records", justify="left")
    summary.add_column("count", justify="right")
    summary.add_row("files", str(c["files"]))
    summary.add_row("records read", str(c["records_read"]), end_section=True)
    summary.add_row("[green]loaded[/green]", str(c[LOADED]))
    summary.add_row(
        "[yellow]replaced[/yellow] (an earlier load)" if c[REPLACED] else "replaced", str(c[REPLACED])
    )
    summary.add_row("unchanged (already in the store)", str(c[UNCHANGED]))
    label = "valid, not loaded" + (" (--strict abort)" if report.aborted else "")
    summary.add_row(label, str(c[NOT_LOADED]))
    summary.add_row(
        "[red]quarantined[/red]" if c[QUARANTINED] else "quarantined", str(c[QUARANTINED]), end_section=True
    )
    summary.add_row("SHACL warnings (facts missing or incoherent)", str(c["warnings"]))
    summary.add_row("conflicting facts (warnings)", str(c["conflicts"]))
    console.print(summary)
    mark = "[green]✓[/green]" if report.reconciles else "[red]✗ DOES NOT RECONCILE[/red]"
    console.print(
        f"{mark} records read {c['records_read']} = loaded {c[LOADED]} + replaced {c[REPLACED]} "
        f"+ unchanged {c[UNCHANGED]} "
        f"+ not loaded {c[NOT_LOADED]} + quarantined {c[QUARANTINED]}   ({report.seconds:.1f} s)",
        soft_wrap=True,
    )
    if report.store:
        console.print(f"store: {report.store}")
    if report.report_dir is not None:
        console.print(f"report: {report.report_dir / 'report.json'}")
    if report.aborted:
        console.print("[red]--strict: something is invalid, so nothing was loaded.[/red]")
    if report.store_lost:
        err.print(
            f"[red]error:[/red] {report.store_lost}; loaded {c[LOADED] + c[REPLACED]} record(s) before that, "
            f"{c[NOT_LOADED]} valid record(s) not loaded (each says why in report.json)",
            highlight=False,
            soft_wrap=True,
        )


def ingest(
    paths: PathsArg,
    store: StoreOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Load nothing if any record is invalid (exit code 3).")
    ] = False,
    report_dir: ReportDirOpt = None,
    max_size: MaxSizeOpt = 10.0,
    mapping: MappingOpt = None,
) -> None:
    """Validate case studies and load the valid ones into the graph store.

    Each case study is mapped to RDF, validated with SHACL on its own, and loaded as its own graph
    (re-ingesting an unchanged one changes nothing). Invalid ones are quarantined with their report.
    Exit codes: 0 all loaded or unchanged; 1 some quarantined (the rest loaded); 2 usage or I/O error;
    3 --strict and something invalid (nothing loaded); 4 the store stopped answering during the run
    (report.json says which records were loaded and which were not).
    """
    code = execute(
        paths,
        command="ingest",
        store_url=store,
        load=True,
        strict=strict,
        report_dir=report_dir,
        max_size_mb=max_size,
        mapping=mapping,
    )
    raise typer.Exit(code=code)
