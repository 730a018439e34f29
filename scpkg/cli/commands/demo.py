"""`scpkg demo`: the main job on the embedded store, end to end, for a first-time user."""

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from scpkg.cli.commands.ingest import ReportDirOpt
from scpkg.cli.options import StoreOpt

console = Console()


NoServeOpt = Annotated[
    bool,
    typer.Option("--no-serve", help="Stop after loading instead of serving the explorer (scripted runs)."),
]


def demo(store: StoreOpt = None, report_dir: ReportDirOpt = None, no_serve: NoServeOpt = False) -> None:
    """Run the main job on the bundled examples: check the ontology and shapes, load the reference data
    and ingest the bundled example case studies into the store (embedded by default), print the
    summary, write a global and a country gap report (HTML, in ./scpkg-gap-reports), then serve the graph
    and say where to open the query explorer (unless --no-serve)."""
    from scpkg.cli.commands.ingest import execute
    from scpkg.cli.commands.ontology import run_checks
    from scpkg.ingest.examples_dir import examples_dir

    console.rule("[bold]scpkg demo")
    if not run_checks(console):
        raise typer.Exit(code=1)
    console.print("[green]Ontology and shapes check out.[/green]")
    url = store or os.environ.get("SCPKG_STORE")
    _load_reference(url)
    console.rule("[bold]ingest the bundled example case studies")
    with examples_dir() as examples:
        code = execute(
            [Path(examples)],
            command="ingest",
            store_url=url,
            load=True,
            strict=False,
            report_dir=report_dir,
            max_size_mb=10.0,
        )
    if code == 0:
        _reports(url)
    if no_serve or code != 0:
        raise typer.Exit(code=code)
    _serve(url)


DEMO_REPORT_COUNTRY = "GHA"
"""The country report the demo writes: Ghana's bundled example has an e-waste EPR and nothing upstream,
no framework and no Minamata instrument, so most gap questions have something to show."""


def _reports(url: str | None) -> None:
    """Write a global gap report and one country report (HTML) from what was just loaded, and print where."""
    from scpkg.cli.commands.report import DEFAULT_OUT
    from scpkg.cli.options import store_session
    from scpkg.queries.catalogue import Scope
    from scpkg.queries.report import build_report, write_report

    console.rule("[bold]gap reports")
    with store_session(url) as store:
        for scope in (Scope(), Scope(country=DEMO_REPORT_COUNTRY)):
            for path in write_report(build_report(store, scope), DEFAULT_OUT, ["html"]):
                console.print(f"Gap report: {path.resolve()}", highlight=False)


def _serve(url: str | None) -> None:
    """Serve what was just loaded, on the default host and port, until Ctrl-C."""
    from scpkg.cli.commands.serve import run_server
    from scpkg.cli.options import shown, store_session

    console.rule("[bold]explore the graph")
    with store_session(url) as graph_store:
        run_server(graph_store, "127.0.0.1", 8000, production=False, store_label=shown(url))


def _load_reference(url: str | None) -> None:
    """The ontology's vocabularies, countries, UN M49 regions and MEA parties, which the gap questions
    join case studies to. One graph: the store keeps reference data as one pseudo case study, so loading
    two parts separately would make the second replace the first."""
    from scpkg.cli.options import store_session
    from scpkg.ingest.reference import load_reference_data

    with store_session(url) as store:
        stats = load_reference_data(store)
    if stats.skipped:
        console.print("Reference data (vocabularies, countries, regions, MEA parties) already loaded.")
    else:
        console.print(
            f"Loaded reference data (vocabularies, countries, regions, MEA parties): "
            f"{stats.nodes} nodes, {stats.relationships} relationships in {stats.seconds:.1f} s"
        )
