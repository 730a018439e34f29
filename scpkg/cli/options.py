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
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)  # one line, even piped
    raise typer.Exit(code=EXIT_STORE)


def _prompt(label: str, hide: bool) -> str:
    # Hidden input for the password; the value is never echoed or printed.
    return str(typer.prompt(label, hide_input=hide, err=True))


def open_store_or_exit(url: str | None) -> GraphStore:
    """Open the store ``url`` names (see :func:`store_url`), asking for missing Neo4j credentials,
    and set it up with this installation's reference data (:func:`prepare_store`); exit with code 2
    and a one-line reason if either fails."""
    from scpkg.store import StoreUnavailableError, open_store

    stop_cleanly_on_signals()
    try:
        store = open_store(store_url(url), prompt=_prompt)
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except StoreUnavailableError as exc:  # the server cannot be reached or does not answer in time
        fail(f"the store {shown(url)} does not answer: {exc.reason}")
    except Exception as exc:  # any backend's configuration or connection error, reported, not raised
        fail(f"cannot open the store {shown(url)}: {_reason(exc, url)}")
    try:
        _warn_legacy_layout(store)
        for note in getattr(store, "reaped", []):  # an orphan server or stale folders cleaned up
            err.print(f"[yellow]note:[/yellow] {note}", highlight=False, soft_wrap=True)
        prepare_store(store, url)
    except BaseException:
        with suppress(Exception):
            store.close()
        raise
    return store


def prepare_store(store: GraphStore, url: str | None) -> None:
    """Give the store the reference data of the installed scpkg if it lacks it or holds another
    version's, saying so on stderr; nothing (one look-up) when it is current. A store that answers
    but cannot be written keeps working on reference data it already has, with a warning; without
    any, every answer would be wrong, so that is an error (exit code 2)."""
    from scpkg.ingest.reference import REFERENCE_PARTS, ensure_reference_data, reference_state

    try:
        state = reference_state(store)
    except Exception as exc:  # the first statement a command sends: the store does not answer
        fail(f"the store {shown(url)} does not answer: {_reason(exc, url)}")
    if state.current:
        return
    try:
        _, stats = ensure_reference_data(store)
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        if not state.loaded:
            fail(
                f"the store {shown(url)} has no reference data ({REFERENCE_PARTS}) and it could not be "
                f"loaded: {_reason(exc, url)}"
            )
        err.print(
            f"[yellow]warning:[/yellow] the reference data of {shown(url)} is {state.describe()}; "
            f"it could not be refreshed ({_reason(exc, url)}), so answers use the data it holds",
            highlight=False,
        )
        return
    if stats is None:
        return
    what = "Refreshed" if state.loaded else "Loaded"
    was = f" (it held {state.describe().split(',')[0]})" if state.loaded else ""
    err.print(
        f"{what} the reference data ({REFERENCE_PARTS}) of scpkg {state.expected_version} in "
        f"{shown(url)}{was}: {stats.nodes:,} nodes, {stats.relationships:,} relationships",
        highlight=False,
    )


def _warn_legacy_layout(store: GraphStore) -> None:
    """On the first open of an embedded store written before each store had its own append-only
    directory, say where its data came from and that the old shared directory is no longer used."""
    if getattr(store, "reopened_from_snapshot", False):
        snapshot, own = getattr(store, "path", ""), getattr(store, "aof_dir", "")
        legacy = getattr(store, "legacy_aof_dir", None)
        err.print(
            f"[yellow]note:[/yellow] {shown(store.url)} was read from its snapshot {snapshot} (saved at "
            f"its last clean close) and now keeps its own append-only directory {own}. "
            f"{legacy} held the append-only file every store in that folder "
            "shared before; it is no longer read or written: delete it once your stores look right.",
            highlight=False,
        )


_STOP_SIGNALS = ("SIGTERM", "SIGHUP")


def _stop(signum: int, frame: object) -> None:
    # An exception, unlike the default action, unwinds the command: `with` blocks and atexit close the
    # store, which stops its embedded server (a daemon that would otherwise outlive us).
    raise SystemExit(128 + signum)


def stop_cleanly_on_signals() -> None:
    """Turn SIGTERM and SIGHUP into a clean exit (SIGINT already is one: KeyboardInterrupt) while a
    command holds a store, so `kill PID` leaves no embedded database server behind. Only from the
    main thread, and only where nobody else chose a handler."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    for name in _STOP_SIGNALS:
        sig = getattr(signal, name, None)
        if sig is not None and signal.getsignal(sig) in (signal.SIG_DFL, None):
            signal.signal(sig, _stop)


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
        fail(f"the store {shown(url)} failed: {_reason(exc, url)}")
    finally:
        with suppress(Exception):  # closing a store that never answered must not hide the real error
            store.close()


def _reason(exc: Exception, url: str | None = None) -> str:
    """The first line of an error, in the backend's words, with no credential of the URL in it (the
    Neo4j driver quotes the URL it was given, query and fragment included)."""
    from scpkg.store import StoreUnavailableError
    from scpkg.store.urls import scrub

    if isinstance(exc, StoreUnavailableError):
        return exc.reason
    text = (str(exc).strip() or type(exc).__name__).splitlines()[0]
    return scrub(text, store_url(url))
