"""`scpkg ontology …`: check the ontology, rebuild the files generated from it, show its counts."""

import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="The SCP ontology (ontology/scp.ttl): quality checks, reasoner, generated files.",
    no_args_is_help=True,
)
console = Console()


class StatsFormat(StrEnum):
    table = "table"
    json = "json"


def _stats_table(counts: dict[str, int], title: str = "SCP ontology") -> Table:
    table = Table(title=title, show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    for what, count in counts.items():
        table.add_row(what, str(count))
    return table


def run_checks(console: Console) -> bool:
    """Parse the ontology, run the SPARQL checks, check the generated files and run HermiT.

    Prints what it finds and returns True when everything passed (a missing Java only warns:
    the reasoner is skipped, not failed, so the demo runs on a machine without a JVM).
    """
    from scpkg.ontology import load_graph
    from scpkg.ontology.build import build
    from scpkg.ontology.quality import run_checks as run_queries
    from scpkg.ontology.quality import stats, violation_queries
    from scpkg.ontology.reasoner import JavaMissingError, run_hermit

    try:
        graph = load_graph()
    except Exception as error:  # any parse error: report it instead of a traceback
        console.print(f"[red]✗ ontology does not parse:[/red] {error}")
        return False
    console.print(f"[green]✓[/green] ontology parses ({len(graph)} triples)")
    ok = True

    failures = run_queries(graph)
    total = len(violation_queries())
    if total == 0:
        console.print("[red]✗ no quality checks found (checks/*-violation.rq)[/red]")
        ok = False
    for failure in failures:
        ok = False
        console.print(f"[red]✗ {failure.check}[/red]: {len(failure.rows)} violation(s)")
        for row in failure.rows[:10]:
            console.print("    " + ", ".join(f"{k}={v}" for k, v in row.items()))
    if total and not failures:
        console.print(f"[green]✓[/green] {total} quality checks pass")

    stale = build(check=True, graph=graph)
    if stale:
        ok = False
        names = ", ".join(p.name for p in stale)
        console.print(f"[red]✗ generated files out of date:[/red] {names} (run `scpkg ontology build`)")
    else:
        console.print("[green]✓[/green] sdg.ttl, namespace.py and the README diagram are up to date")

    try:
        result = run_hermit(graph)
    except JavaMissingError as error:
        console.print(f"[yellow]! reasoner skipped:[/yellow] {error}")
    else:
        if result.ok:
            console.print("[green]✓[/green] HermiT: consistent, no unsatisfiable class")
        else:
            ok = False
            if not result.consistent:
                console.print(f"[red]✗ HermiT: inconsistent[/red] {result.message}")
            for iri in result.unsatisfiable:
                console.print(f"[red]✗ HermiT: unsatisfiable class[/red] {iri}")

    console.print(_stats_table(stats(graph)))
    return ok


@app.command("check")
def check() -> None:
    """Check the ontology: it parses, every SPARQL quality check passes, the generated namespace
    and diagram are up to date, and HermiT finds it consistent (skipped without Java). Prints counts."""
    if not run_checks(console):
        raise typer.Exit(code=1)


@app.command("build")
def build_command() -> None:
    """Regenerate the files derived from the ontology: ontology/sdg.ttl (from the UN SDG table),
    ontology/namespace.py and the README diagram."""
    from scpkg.ontology.build import build

    written = build()
    for path in written:
        console.print(f"wrote {path}")
    if not written:
        console.print("generated files were already up to date")


@app.command("stats")
def stats_command(
    output: Annotated[StatsFormat, typer.Option("--format", "-f", help="Output format.")] = StatsFormat.table,
) -> None:
    """Print vocabulary sizes (SDG goals, targets and indicators, sectors, MEAs and their obligations,
    instrument types, life-cycle stages, ministry types; regions, countries and MEA party rows of the
    reference data every store gets), then counts of classes, properties, concepts, individuals and
    labels per language."""
    from scpkg.ontology.quality import stats, vocabulary_sizes

    sizes, counts = vocabulary_sizes(), stats()
    if output is StatsFormat.json:
        typer.echo(json.dumps({"vocabularies": sizes, "ontology": counts}, indent=2))
        return
    console.print(_stats_table(sizes, "Vocabularies"))
    console.print(_stats_table(counts))
