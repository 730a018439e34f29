"""`scpkg demo`: the main job on the embedded store, end to end, for a first-time user."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from scpkg.cli.commands.ingest import ReportDirOpt

console = Console()


NoServeOpt = Annotated[
    bool,
    typer.Option(
        "--no-serve", help="Stop after loading instead of serving the web front and explorer (scripted runs)."
    ),
]


DemoStoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="Store URL for the demo [default: the demo's own embedded store, demo.db in the user data "
        "directory; $SCPKG_STORE is not used, so the illustrative examples never mix with your data].",
        show_default=False,
    ),
]


def demo(store: DemoStoreOpt = None, report_dir: ReportDirOpt = None, no_serve: NoServeOpt = False) -> None:
    """Run the main job on the bundled examples: check the ontology and shapes, load the reference data
    and ingest the bundled example case studies into the demo's own store (demo.db in the user data
    directory unless --store; never your default store or $SCPKG_STORE), print the summary, write a
    global and a country gap report (HTML, in ./scpkg-gap-reports), then serve the graph and say where to
    browse and search it and open the query explorer (unless --no-serve)."""
    from scpkg.cli.commands.ingest import execute
    from scpkg.cli.commands.ontology import run_checks
    from scpkg.cli.options import shown
    from scpkg.ingest.examples_dir import examples_dir
    from scpkg.store import demo_url

    console.rule("[bold]scpkg demo")
    if not run_checks(console):
        raise typer.Exit(code=1)
    console.print("[green]Ontology and shapes check out.[/green]")
    url = store or demo_url()
    own = "" if store else " (the demo's own store: your default store and $SCPKG_STORE are not touched)"
    console.print(f"Demo store: {shown(url)}{own}", highlight=False)
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


def _reports(url: str) -> None:
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


def _serve(url: str) -> None:
    """Serve what was just loaded, on the default host and port, until Ctrl-C."""
    from scpkg.cli.commands.serve import run_server
    from scpkg.cli.options import shown, store_session

    console.rule("[bold]browse, search and query the graph")
    with store_session(url) as graph_store:
        run_server(graph_store, "127.0.0.1", 8000, production=False, store_label=shown(url))


def _load_reference(url: str) -> None:
    """The ontology's vocabularies, countries, UN M49 regions and MEA parties, which the gap questions
    join case studies to: opening the store loads or refreshes them (``options.prepare_store``, which
    says so); this says which the store now holds."""
    from scpkg.cli.options import store_session
    from scpkg.ingest.reference import REFERENCE_PARTS, reference_state

    with store_session(url) as store:
        state = reference_state(store)
    console.print(f"Reference data ({REFERENCE_PARTS}): {state.describe()}", highlight=False)
