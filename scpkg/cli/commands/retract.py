"""`scpkg retract`: remove one case study, and exactly what it alone asserted, from the store."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from scpkg.cli.options import StoreOpt, open_store_or_exit

console = Console()


def retract(
    case_ids: Annotated[
        list[str],
        typer.Argument(help="Case-study ids (as in the file's `id`) or case-study IRIs.", show_default=False),
    ],
    store: StoreOpt = None,
) -> None:
    """Remove case studies from the store; facts another case study also asserts stay.

    Exit codes: 0 all retracted; 1 some were not in the store; 2 the store cannot be opened.
    """
    from scpkg.ingest.mapping import case_study_iri

    graph_store = open_store_or_exit(store)  # exit code 2 with the reason if it cannot be opened
    missing = 0
    with graph_store:
        for case_id in case_ids:
            try:
                iri = case_id if case_id.startswith(("http://", "https://")) else str(case_study_iri(case_id))
            except ValueError as exc:
                console.print(f"[red]✗[/red] {case_id}: {exc}")
                missing += 1
                continue
            if graph_store.retract_case_study(iri):
                console.print(f"[green]✓[/green] retracted {iri}")
            else:
                console.print(f"[yellow]✗[/yellow] {iri} is not in the store")
                missing += 1
    raise typer.Exit(code=1 if missing else 0)
