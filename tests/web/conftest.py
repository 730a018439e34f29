"""Fixtures of the web-front tests (issue 12), built once per session: opening a store takes seconds.

- ``web_store``: an embedded store with the reference data and the bundled example case studies,
  loaded through the project's ingest pipeline as ``scpkg demo`` loads them; tests only read it;
- ``web_client``: a Starlette ``TestClient`` on the app ``scpkg serve`` runs for that store;
- ``live_server``: the base URL of that app served by a real uvicorn on 127.0.0.1 (a free port), for
  the browser tests.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from scpkg.store import GraphStore, open_store


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """The bundled examples and the reference data in one embedded store (what `scpkg demo` serves)."""
    from scpkg.ingest.examples_dir import examples_dir
    from scpkg.ingest.pipeline import run
    from scpkg.ingest.reference import load_reference_data

    tmp = tmp_path_factory.mktemp("web-store")
    store = open_store("falkordb://" + str(tmp / "web.db"))
    store.init_schema()
    load_reference_data(store)
    with examples_dir() as examples:
        report = run([Path(examples)], store=store, report_dir=tmp / "ingest-report")
    assert report.outcomes and all(o.status == "loaded" for o in report.outcomes), [
        (o.status, o.problems) for o in report.outcomes if o.status != "loaded"
    ]
    yield store
    store.close()


@pytest.fixture(scope="session")
def web_client(web_store: GraphStore) -> Iterator[TestClient]:
    """The served app (explorer on, as `scpkg serve` without --production), in process."""
    from scpkg.api.app import app_for_store

    with TestClient(app_for_store(web_store)) as client:
        yield client


def free_port() -> int:
    """A TCP port nothing listens on now (the OS picks it), for a server of the tests."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(web_store: GraphStore) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:<port>``, no trailing slash) of a real uvicorn serving the app for
    ``web_store`` in a thread, as `scpkg serve` does; stopped at the end of the session."""
    import uvicorn

    from scpkg.api.app import app_for_store

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app_for_store(web_store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, name="web-live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail(f"the test web server did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
