"""The GraphiQL explorer works offline: loaded in headless Chromium from a live server, it runs a query
and shows the result, and the page makes no request that leaves this machine.

Drives Debian's /usr/bin/chromium through Playwright (never a downloaded browser), against the app
`scpkg serve` runs (the project's schema on the bundled examples, conftest's ``example_store``).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from scpkg.store import GraphStore


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(example_store: GraphStore) -> Iterator[str]:
    import uvicorn

    from scpkg.api.app import app_for_store

    app = app_for_store(example_store)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def test_explorer_runs_a_query_without_leaving_localhost(
    server: str, example_store: GraphStore, chromium: Any
) -> None:
    total = example_store.run("MATCH (p:Policy) RETURN count(p) AS n")[0]["n"]
    assert total > 0
    requests: list[str] = []
    console_errors: list[str] = []
    page = chromium.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    query = "{ policies(first: 1) { totalCount } }"
    page.goto(f"{server}/graphql?{urlencode({'query': query})}", wait_until="networkidle")
    page.wait_for_selector(".graphiql-container", timeout=20_000)
    page.click(".graphiql-execute-button")
    page.wait_for_function(
        "n => document.body.innerText.includes('\"totalCount\": ' + n)", arg=total, timeout=20_000
    )
    hosts = {urlsplit(u).hostname for u in requests if not u.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, f"the explorer reached beyond localhost: {sorted(set(requests))}"
    assert any(u.endswith("/static/vendor/graphiql.min.js") for u in requests)
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
