"""`scpkg serve`: the web front, the GraphQL API with its query explorer, the linked-data IRIs (uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from scpkg.cli.options import StoreOpt, open_store_or_exit, shown

console = Console(stderr=True)

HostOpt = Annotated[
    str, typer.Option("--host", help="Interface to listen on; 0.0.0.0 exposes the server to the network.")
]
PortOpt = Annotated[int, typer.Option("--port", help="TCP port to listen on.")]
MaxBodyOpt = Annotated[
    int | None,
    typer.Option(
        "--max-body",
        min=1,
        help="Largest request body in bytes; a larger one is refused with 413 before it is read "
        "(default 1 MB: ApiSettings.max_body_bytes).",
        show_default=False,
    ),
]


def serve(
    store: StoreOpt = None,
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8000,
    production: Annotated[
        bool,
        typer.Option(
            "--production",
            "--no-introspection",
            help="Production: switch off schema introspection and the in-browser explorer "
            "(the web front stays on).",
        ),
    ] = False,
    max_body: MaxBodyOpt = None,
) -> None:
    """Serve the graph: the web front at / (browse, search, reports, map), GraphQL at /graphql (with
    the GraphiQL explorer in a browser), and every https://w3id.org/scpkg/ IRI below /id, /vocab and
    /ont as JSON-LD, Turtle or an HTML page."""
    graph_store = open_store_or_exit(store)  # exit code 2 with the reason if it cannot be opened
    with graph_store:
        run_server(
            graph_store, host, port, production=production, store_label=shown(store), max_body=max_body
        )


def run_server(
    graph_store: object,
    host: str,
    port: int,
    *,
    production: bool,
    store_label: str,
    max_body: int | None = None,
) -> None:
    """Build the app for an open store and run uvicorn until interrupted (also used by `scpkg demo`)."""
    import uvicorn

    from scpkg.api.app import app_for_store
    from scpkg.api.limits import ApiSettings

    settings = ApiSettings() if max_body is None else ApiSettings(max_body_bytes=max_body)
    app = app_for_store(graph_store, introspection=not production, explorer=not production, settings=settings)
    console.print(f"Serving {store_label}", highlight=False)
    for line in addresses(host, port, production=production):
        console.print(line, highlight=False)
    console.print("Press Ctrl-C to stop.")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def addresses(host: str, port: int, *, production: bool) -> list[str]:
    """Where to point a browser, the web front first: most people who open it do not write GraphQL.
    The front is read-only HTML, so it stays on in production; only the explorer goes."""
    shown_host = f"[{host}]" if ":" in host else host
    base = f"http://{shown_host}:{port}"
    lines = [f"Browse and search: [bold]{base}/[/bold] (reports at {base}/reports, map at {base}/map)"]
    if production:
        lines.append(f"GraphQL endpoint: {base}/graphql (introspection and explorer off)")
    else:
        lines.append(f"Open the query explorer: [bold]{base}/graphql[/bold]")
    lines.append(f"Linked data: {base}/id/..., {base}/vocab/..., {base}/ont/..., {base}/context.jsonld")
    return lines
