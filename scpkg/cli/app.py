"""The `scpkg` command: one Typer app; each command lives in its own module under `commands/`."""

import typer

from scpkg.cli.commands import demo

app = typer.Typer(
    name="scpkg",
    help=(
        "scpkg: a knowledge graph of product policy for sustainable consumption and production. "
        "Build the graph from case studies, validate it with SHACL and ask it coherence-gap questions."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

app.command("demo")(demo.demo)


def main() -> None:
    """Console-script entry point."""
    app()
