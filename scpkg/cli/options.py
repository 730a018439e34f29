"""Options and helpers shared by the commands that use the graph store (`store`, `ingest`, `retract`).

One ``--store`` option, one way to open a store and one way to report a store that cannot be used:
a red message on stderr and exit code 2, never a traceback, never a credential.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

if TYPE_CHECKING:
    from scpkg.store import GraphStore

EXIT_STORE = 2
"""Exit code for a store that cannot be opened or does not answer (the CLI's usage/I-O code)."""

err = Console(stderr=True)

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="Store URL, e.g. falkordb:///path/graph.db or neo4j+s://host:7687 [default: $SCPKG_STORE, "
        "else the embedded store in the user data directory]. Neo4j credentials come from "
        "SCPKG_NEO4J_USER / SCPKG_NEO4J_PASSWORD (or a prompt), never from the URL.",
        show_default=False,
    ),
]


def store_url(url: str | None) -> str:
    """The URL to use: the option, else ``SCPKG_STORE``, else the default embedded store."""
    from scpkg.store import default_url

    return url or default_url()


def shown(url: str | None) -> str:
    """The URL as it may be printed (any user:password part removed)."""
    from scpkg.store import redact

    return redact(store_url(url))


def fail(message: str) -> NoReturn:
    """Print an error on stderr and stop with exit code 2."""
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code=EXIT_STORE)


def _prompt(label: str, hide: bool) -> str:
    # Hidden input for the password; the value is never echoed or printed.
    return str(typer.prompt(label, hide_input=hide, err=True))


def open_store_or_exit(url: str | None) -> GraphStore:
    """Open the store ``url`` names (see :func:`store_url`), asking for missing Neo4j credentials;
    exit with code 2 and a one-line reason if that fails."""
    from scpkg.store import open_store

    try:
        return open_store(store_url(url), prompt=_prompt)
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:  # any backend's configuration or connection error, reported, not raised
        fail(f"cannot open the store {shown(url)}: {_reason(exc)}")


@contextmanager
def store_session(url: str | None) -> Iterator[GraphStore]:
    """Open a store for one command and close it afterwards; a store error inside the block (the
    server does not answer, a statement fails) becomes exit code 2 with its reason."""
    store = open_store_or_exit(url)
    try:
        yield store
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:  # the store's own errors: reported without a traceback
        fail(f"the store {shown(url)} failed: {_reason(exc)}")
    finally:
        with suppress(Exception):  # closing a store that never answered must not hide the real error
            store.close()


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
