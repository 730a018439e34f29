"""`scpkg demo`: the main job on the embedded store, end to end, for a first-time user."""

import typer
from rich.console import Console

console = Console()


def demo() -> None:
    """Run the main job on the bundled examples: check the ontology and shapes, then (as later
    stages land) build the graph on the embedded store, report and serve."""
    from scpkg.cli.commands.ontology import run_checks

    console.rule("[bold]scpkg demo")
    if not run_checks(console):
        raise typer.Exit(code=1)
    console.print("[green]Ontology and shapes check out.[/green]")
