"""`scpkg query`: list the coherence-gap questions and run one on the store, per country, region,
sector or globally, as a table, JSON or CSV (the catalogue itself is `scpkg.queries.catalogue`)."""

from __future__ import annotations

import io
import json
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from scpkg.cli.options import StoreOpt, fail, store_session
from scpkg.csv_cells import SafeWriter

if TYPE_CHECKING:
    from scpkg.queries.catalogue import GapAnswer, GapQuestion

app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich")
console = Console()


class Format(StrEnum):
    """Output formats: a table for people, JSON and CSV for programs."""

    table = "table"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
ExcludeIllustrativeOpt = Annotated[
    bool,
    typer.Option(
        "--exclude-illustrative",
        help="Leave out case studies marked illustrative (invented examples): findings, counts, shares.",
    ),
]

# The subject keys shown as their own CSV / table columns, in this order; the rest go in `subject`.
_COLUMNS = ("country", "sector", "stage", "policy", "hotspot")


@app.command("list")
def list_questions(fmt: FormatOpt = Format.table) -> None:
    """List the ten coherence-gap questions: id, the question, the scopes it supports, the finding of the
    source documents it reflects and (JSON, CSV) the rules each question applies."""
    from scpkg.queries.catalogue import questions

    qs = questions()
    if fmt is Format.json:
        typer.echo(json.dumps([q.to_dict() for q in qs], ensure_ascii=False, indent=2))
        return
    if fmt is Format.csv:
        out = io.StringIO()
        w = SafeWriter(out)  # text such as '=cmd|...' is never a formula
        w.writerow(["number", "id", "title", "question", "scopes", "reference_share", "source", "rules"])
        for q in qs:
            scopes = " ".join(q.scopes)
            w.writerow(
                [
                    q.number,
                    q.id,
                    q.title["en"],
                    q.question["en"],
                    scopes,
                    q.reference_share,
                    q.source,
                    " | ".join(q.rules),
                ]
            )
        typer.echo(out.getvalue(), nl=False)
        return
    table = Table(title="Coherence-gap questions", show_lines=True)
    for name in ("#", "id", "question", "scopes", "finding"):
        table.add_column(name, overflow="fold")
    for q in qs:
        table.add_row(str(q.number), q.id, q.question["en"], ", ".join(q.scopes), q.source)
    console.print(table)


@app.command("run")
def run_question(
    question_id: Annotated[
        str, typer.Argument(metavar="ID", help="Question id or number (see `query list`).")
    ],
    country: Annotated[str | None, typer.Option(help="Country, ISO 3166 alpha-3 (e.g. GHA).")] = None,
    region: Annotated[
        str | None,
        typer.Option(
            help="UN M49 code or English name of a region, sub-region or intermediate region (002 Africa, "
            "029 Caribbean) or SDG grouping (513 Europe and Northern America); all it contains included."
        ),
    ] = None,
    sector: Annotated[str | None, typer.Option(help="Sector code (e.g. textiles, food).")] = None,
    mea: Annotated[
        str | None,
        typer.Option(
            help="MEA for question 6: minamata, basel, rotterdam, stockholm or montreal (default all)."
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
    exclude_illustrative: ExcludeIllustrativeOpt = False,
    store: StoreOpt = None,
) -> None:
    """Run one coherence-gap question on the store and print its findings (gap, not-stated, repealed-only,
    covered, reported-not-described or no-data), the case studies each rests on, the count per status, a
    warning when the answer rests on case studies marked illustrative and, where the question has one, the
    share beside the documents' figure."""
    from scpkg.queries.catalogue import Scope, ScopeNotSupportedError, UnknownQuestionError, question, run

    try:
        q = question(question_id)
        scope = Scope(country=country, region=region, sector=sector, mea=mea)
    except (UnknownQuestionError, ValueError) as exc:
        fail(str(exc))
    with store_session(store) as s:
        try:
            answer = run(s, q.id, scope, exclude_illustrative)
        except ScopeNotSupportedError as exc:
            fail(str(exc))
    if fmt is Format.json:
        typer.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    elif fmt is Format.csv:
        typer.echo(_csv(answer), nl=False)
    else:
        _table(q, answer)


def _csv(answer: GapAnswer) -> str:
    out = io.StringIO()
    w = SafeWriter(out)  # text such as '=cmd|...' is never a formula
    w.writerow(["question", "status", *_COLUMNS, "detail", "evidence", "facts", "subject", "illustrative"])
    illustrative = set(answer.illustrative_evidence)
    for f in answer.findings:
        rest = {k: v for k, v in f.subject.items() if k not in _COLUMNS}
        w.writerow(
            [
                answer.question.id,
                f.status,
                *(f.subject.get(c, "") for c in _COLUMNS),
                f.detail,
                " ".join(f.evidence),
                " ".join(f.facts),
                json.dumps(rest, ensure_ascii=False),
                " ".join(e for e in f.evidence if e in illustrative),
            ]
        )
    return out.getvalue()


def _table(q: GapQuestion, answer: GapAnswer) -> None:
    console.print(f"[bold]{q.number}. {q.title['en']}[/bold] — {answer.scope.label()}")
    console.print(q.question["en"], highlight=False)
    if answer.exclude_illustrative:
        console.print("Case studies marked illustrative are left out.", highlight=False)
    if answer.rests_on_illustrative:
        names = ", ".join(e.rsplit("/", 1)[-1] for e in answer.illustrative_evidence)
        console.print(
            "[bold yellow]ILLUSTRATIVE EVIDENCE:[/] this answer rests on "
            f"{len(answer.illustrative_evidence)} case study(ies) marked illustrative ({names}), "
            "not reported facts; --exclude-illustrative leaves them out.",
            highlight=False,
        )
    table = Table(show_lines=False)
    for name in ("status", "finding", "evidence"):
        table.add_column(name, overflow="fold")
    style = {
        "gap": "red",
        "not-stated": "yellow",
        "repealed-only": "magenta",
        "covered": "green",
        "reported-not-described": "cyan",
        "no-data": "dim",
    }
    for f in answer.findings:
        cases = ", ".join(e.rsplit("/", 1)[-1] for e in f.evidence) or "—"
        table.add_row(f"[{style[f.status]}]{f.status}[/]", f.detail, cases)
    console.print(table)
    counts = answer.counts()
    console.print(", ".join(f"{n} {s}" for s, n in counts.items()), highlight=False)
    if answer.share is not None:
        sh = answer.share
        value = "n/a (no policy in scope)" if sh.value is None else f"{sh.value:.0%}"
        ref = "" if sh.reference is None else f" — documents: {sh.reference:.0%} ({sh.reference_source})"
        console.print(f"Share: {sh.numerator}/{sh.denominator} = {value}{ref}", highlight=False)
    console.print(f"Finding ({q.source}): {q.finding}", highlight=False)
