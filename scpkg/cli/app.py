"""The `scpkg` command: one Typer app; each command lives in its own module under `commands/`."""

import typer

from scpkg.cli.commands import (
    demo,
    export,
    generate,
    ingest,
    ontology,
    query,
    report,
    retract,
    serve,
    store,
    template,
    validate,
)

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
app.command("generate")(generate.generate)
app.command("ingest")(ingest.ingest)
app.command("validate")(validate.validate)
app.command("retract")(retract.retract)
app.command("template")(template.template)
app.command("serve")(serve.serve)
app.command("export")(export.export)
app.command("report")(report.report)
app.add_typer(
    ontology.app, name="ontology", help="The SCP ontology: quality checks, reasoner, generated files."
)
app.add_typer(
    query.app,
    name="query",
    help="Coherence-gap questions: list them, run one per country, region, sector or globally.",
)
app.add_typer(
    store.app, name="store", help="The graph store: status, schema set-up, clearing (--store / SCPKG_STORE)."
)


def main() -> None:
    """Console-script entry point. A store that stops answering in a command with no handler of its own
    (`ingest` has one: exit 4 with its report) is one line and exit code 2, never a traceback."""
    try:
        app()
    except Exception as exc:
        from scpkg.store.base import StoreUnavailableError  # imported already if it was raised

        if not isinstance(exc, StoreUnavailableError):
            raise
        from scpkg.cli.options import EXIT_STORE, err

        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise SystemExit(EXIT_STORE) from None
