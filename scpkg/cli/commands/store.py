"""`scpkg store …`: which graph store is in use, whether it answers, its schema and its contents."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from scpkg.cli.options import StoreOpt, fail, shown, store_session, store_url

app = typer.Typer(
    help="The graph store: status, schema set-up, clearing. Choose it with --store or SCPKG_STORE.",
    no_args_is_help=True,
)
console = Console()


def _credentials_line(url: str) -> str | None:
    """Where Neo4j credentials come from, without their values (the user name is not a secret)."""
    from urllib.parse import urlsplit

    from scpkg.store import NEO4J_SCHEMES

    if urlsplit(url).scheme not in NEO4J_SCHEMES:
        return None
    user = os.environ.get("SCPKG_NEO4J_USER")
    password = "set (hidden)" if os.environ.get("SCPKG_NEO4J_PASSWORD") else "prompted"
    database = os.environ.get("SCPKG_NEO4J_DATABASE") or "(server default)"
    return f"user {user or '(prompted)'}, password {password}, database {database}"


def _count_table(title: str, what: str, counts: dict[str, int]) -> Table:
    table = Table(title=title, show_header=True)
    table.add_column(what)
    table.add_column("count", justify="right")
    for name, count in counts.items():
        table.add_row(name, f"{count:,}")
    if not counts:
        table.add_row("[dim](none)[/dim]", "0")
    return table


@app.command("status")
def status(store: StoreOpt = None) -> None:
    """Show which store is used, whether it answers, node counts per label, relationship counts per
    type, whether the schema (indexes, constraints) is set up, and which scpkg version's reference
    data it holds and whether that is current (opening the store loads or refreshes it).

    Exit codes: 0 the store answers; 2 it cannot be opened or does not answer.
    """
    from scpkg.ingest.reference import reference_state

    url = store_url(store)
    console.print(f"store: {shown(store)}", highlight=False)
    if (creds := _credentials_line(url)) is not None:
        console.print(f"credentials: {creds}", highlight=False)
    with store_session(store) as graph_store:
        st = graph_store.status()
        reference = reference_state(graph_store) if st.answers else None
        legacy = getattr(graph_store, "legacy_aof_dir", None)
    if not st.answers or reference is None:
        fail(f"the store {shown(store)} does not answer: {st.error}")
    console.print("answers: [green]yes[/green]")
    schema = "[green]yes[/green]" if st.schema_ready else "[yellow]no[/yellow] (run `scpkg store init`)"
    console.print(f"schema set up: {schema}")
    colour = "green" if reference.current else "yellow"
    console.print(f"reference data: [{colour}]{reference.describe()}[/{colour}]", highlight=False)
    if legacy is not None:
        console.print(
            f"old shared append-only directory: {legacy} (every store in that folder shared it before "
            "each store had its own; no longer read or written: delete it once your stores look right)",
            highlight=False,
        )
    console.print(_count_table("Nodes per label", "label", st.labels))
    console.print(_count_table("Relationships per type", "type", st.rel_types))


@app.command("init")
def init(store: StoreOpt = None) -> None:
    """Set up the store's schema: a unique index on IRIs and indexes on the properties the gap
    questions filter on, and (as every command that opens a store does) the reference data of the
    installed scpkg. Safe to run again: what exists and is current is left as it is.

    Exit codes: 0 done; 2 the store cannot be opened or refused the schema.
    """
    with store_session(store) as graph_store:
        graph_store.init_schema()
        ready = graph_store.schema_ready()
    if not ready:
        fail(f"the schema of {shown(store)} is still incomplete after set-up")
    console.print(f"[green]✓[/green] schema set up in {shown(store)}", highlight=False)


@app.command("clear")
def clear(
    store: StoreOpt = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete every case study in the store, with its provenance. The schema stays, and the
    reference data (vocabularies, countries, M49 regions, MEA parties) is loaded again, so the
    cleared store still answers correctly. Asks first unless --yes is given.

    Exit codes: 0 cleared (or not confirmed: nothing done); 2 the store cannot be opened.
    """
    from scpkg.ingest.reference import load_reference_data

    if not yes and not typer.confirm(f"Delete every case study in {shown(store)}?", default=False, err=True):
        console.print("nothing deleted")
        return
    with store_session(store) as graph_store:
        graph_store.clear()
        stats = load_reference_data(graph_store)
    console.print(
        f"[green]✓[/green] cleared {shown(store)}; reference data restored "
        f"({stats.nodes:,} nodes, {stats.relationships:,} relationships)",
        highlight=False,
    )
