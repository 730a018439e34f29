"""Abusive requests to a running server are refused fast, and a simple query still answers meanwhile.

Each payload is one an adversary sent to ``scpkg serve`` (issue 13, "Denial of service"). The app runs
under uvicorn in a thread on a free loopback port (``scpkg serve --production --max-body`` itself in a
subprocess at the end), on the real embedded store of the bundled examples. Every request has a
generous 20 s timeout: it stops a hang, it is not a performance check.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, LiteralString

import pytest
import uvicorn

from scpkg.api.app import app_for_store
from scpkg.api.http import GRAPHQL_RESPONSE
from scpkg.api.limits import ApiSettings
from scpkg.store import GraphStore

HANG = 20.0
"""Seconds after which a request counts as hung (never a performance limit)."""

Address = tuple[str, int]

FAN_OUT = (
    "query{...F0} "
    + " ".join(f"fragment F{i} on Query{{...F{i + 1} ...F{i + 1}}}" for i in range(30))
    + " fragment F30 on Query{__typename}"
)
"""700 bytes that expand to 2^30 selections: froze the event loop for over five minutes."""

SIMPLE = "{ vocabularies { iri } }"


@contextmanager
def serving(app: Any) -> Iterator[Address]:
    """Run ``app`` under uvicorn in a thread on a free loopback port until the block ends."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    give_up = time.monotonic() + HANG
    while not server.started:
        assert thread.is_alive() and time.monotonic() < give_up, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield ("127.0.0.1", port)
    finally:
        server.should_exit = True
        thread.join(HANG)


def post(address: Address, body: dict[str, Any] | bytes, path: str = "/graphql") -> tuple[int, Any]:
    """POST JSON and return the status and the decoded JSON answer."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    conn = http.client.HTTPConnection(*address, timeout=HANG)
    try:
        conn.request("POST", path, data, {"content-type": "application/json", "accept": GRAPHQL_RESPONSE})
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        conn.close()


def get(address: Address, path: str) -> int:
    conn = http.client.HTTPConnection(*address, timeout=HANG)
    try:
        conn.request("GET", path, headers={"accept": "text/turtle"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def codes(body: Any) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


def while_simple_query_answers(address: Address, attack: Any) -> Any:
    """Run ``attack()`` and, while it runs, a simple query that must answer; the attack's result."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        attacking = pool.submit(attack)
        time.sleep(0.05)  # let the attack reach the server first
        simple = pool.submit(post, address, {"query": SIMPLE})
        status, body = simple.result(timeout=HANG)
        assert status == 200 and body["data"]["vocabularies"], body
        return attacking.result(timeout=HANG)


@pytest.fixture(scope="module")
def server(example_store: GraphStore) -> Iterator[Address]:
    with serving(app_for_store(example_store)) as address:
        yield address


@pytest.fixture(scope="module")
def production(example_store: GraphStore) -> Iterator[Address]:
    with serving(app_for_store(example_store, introspection=False, explorer=False)) as address:
        yield address


# --- 1. fragment fan-out ---------------------------------------------------------------------------


def test_fragment_fan_out_froze_the_server(server: Address) -> None:
    def attack() -> list[tuple[int, Any]]:
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(lambda _: post(server, {"query": FAN_OUT}), range(4)))

    for status, body in while_simple_query_answers(server, attack):
        assert status == 400, body
        assert codes(body) == ["COMPLEXITY_LIMIT"], body


def test_cyclic_fragments_do_not_hang_the_fan_out_count(server: Address) -> None:
    status, body = post(server, {"query": "query{...A} fragment A on Query{...B} fragment B on Query{...A}"})
    assert status == 400 and codes(body) == ["GRAPHQL_VALIDATION_FAILED"], body


def test_fragments_within_the_limit_still_run(server: Address) -> None:
    query = (
        "query{...F0} "
        + " ".join(f"fragment F{i} on Query{{...F{i + 1} ...F{i + 1}}}" for i in range(4))
        + f" fragment F4 on Query{{{SIMPLE[1:-1]}}}"
    )
    status, body = post(server, {"query": query})
    assert status == 200 and body["data"]["vocabularies"], body


# --- 2. size before parsing, in every mode ------------------------------------------------------------


@pytest.mark.parametrize("mode", ["server", "production"])
def test_production_parsed_queries_with_no_size_limit(mode: str, request: pytest.FixtureRequest) -> None:
    address: Address = request.getfixturevalue(mode)
    # Under the body limit, over the query limit; `__schema` made production parse it whole before.
    query = "{ __schema { queryType { name } } }" + " " * 400_000 + "#" * 400_000

    def attack() -> tuple[int, Any]:
        return post(address, {"query": query})

    status, body = while_simple_query_answers(address, attack)
    assert status == 400 and codes(body) == ["QUERY_TOO_LARGE"], body


# --- 3. request body -------------------------------------------------------------------------------


def _raw_post(address: Address, head: str, body_chunks: Iterator[bytes]) -> bytes:
    """Send headers and body chunks on a raw socket (stopping when the server answers early)."""
    with socket.create_connection(address, timeout=HANG) as sock:
        sock.sendall(head.encode())
        try:
            for chunk in body_chunks:
                sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed: what we want
        answer = b""
        while b"\r\n\r\n" not in answer:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
        return answer


def test_no_request_body_limit_declared_content_length(server: Address) -> None:
    """200 MB announced, 64 KB sent: refused at once (the old server waited for all 200 MB)."""
    head = (
        "POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n"
        f"accept: {GRAPHQL_RESPONSE}\r\ncontent-length: {200_000_000}\r\n\r\n"
    )

    def attack() -> bytes:
        return _raw_post(server, head, iter([b"{" + b" " * 65535]))

    answer = while_simple_query_answers(server, attack)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_no_request_body_limit_chunked(server: Address) -> None:
    """A chunked body is counted while it is read: refused once past the limit, not at its end."""
    head = (
        "POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n"
        f"accept: {GRAPHQL_RESPONSE}\r\ntransfer-encoding: chunked\r\n\r\n"
    )
    piece = b" " * 65536
    chunks = iter([b"%x\r\n%s\r\n" % (len(piece), piece)] * 24)  # 1.5 MB, never terminated

    answer = while_simple_query_answers(server, lambda: _raw_post(server, head, chunks))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


# --- 4. deadline over the whole request ----------------------------------------------------------------


class SlowStore:
    """The real store, each read delayed: a store of 3,000 case studies without loading one."""

    def __init__(self, store: GraphStore, delay: float) -> None:
        self._store = store
        self.delay = delay
        self.calls = 0

    def run(self, query: LiteralString, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        self.calls += 1
        time.sleep(self.delay)
        return self._store.run(query, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def test_request_deadline_overran_with_thousands_of_errors(example_store: GraphStore) -> None:
    slow = SlowStore(example_store, delay=0.3)
    app = app_for_store(slow, settings=ApiSettings(timeout_s=1.0))
    query = (
        "{"
        + " ".join(
            f"a{i}: countries(first: 50) {{ nodes {{ iri label memberOf {{ iri label }} }} }}"
            for i in range(20)
        )
        + "}"
    )
    with serving(app) as address:
        with ThreadPoolExecutor(max_workers=2) as pool:
            slow_one = pool.submit(post, address, {"query": query})
            time.sleep(0.05)
            quick = pool.submit(post, address, {"query": "{ __typename }"})
            assert quick.result(timeout=HANG) == (200, {"data": {"__typename": "Query"}})
            status, body = slow_one.result(timeout=HANG)
        assert status == 503, body
        assert "data" not in body and codes(body) == ["TIMEOUT"], body
        calls_at_answer = slow.calls
        time.sleep(0.5)
        # Cancelled, not left running: no new store call after the answer (in-flight ones may end).
        assert slow.calls == calls_at_answer


# --- 5. malformed requests --------------------------------------------------------------------------


def test_json_nested_100000_deep_was_500(server: Address) -> None:
    deep_body = b"[" * 100_000 + b"]" * 100_000
    deep_vars = b'{"query": "{ __typename }", "variables": {"v": ' + deep_body + b"}}"
    medium_vars = b'{"query": "{ __typename }", "variables": {"v": ' + b"[" * 500 + b"]" * 500 + b"}}"
    for body in (deep_body, deep_vars, medium_vars):
        status, answer = post(server, body)
        assert status == 400 and codes(answer) == ["BAD_REQUEST"], answer


@pytest.mark.parametrize("path", ["/id/%00", "/ont/%00", "/vocab/sector/%00"])
def test_nul_in_linked_data_path_was_500(server: Address, path: str) -> None:
    assert get(server, path) in (400, 404)


@pytest.mark.parametrize(
    ("query", "variables", "where"),
    [
        ('{ node(iri: "\\u0000") { iri } }', None, "argument"),
        ('{ vocabulary(scheme: "life\\u0000") { iri } }', None, "argument"),
        ('{ concept(scheme: "sector", notation: "food\\u0000") { iri } }', None, "argument"),
        ("query($i: String!) { node(iri: $i) { iri } }", {"i": "https://w3id.org/\u0000"}, "variable"),
    ],
)
def test_nul_in_iri_or_scheme_argument_was_internal(
    server: Address, query: str, variables: dict[str, Any] | None, where: str
) -> None:
    _, body = post(server, {"query": query, "variables": variables})
    assert codes(body) == ["BAD_INPUT"], body
    error = body["errors"][0]
    assert "NUL" in error["message"] and where in error["extensions"], error


@pytest.mark.parametrize("offset", [-100, 10**31])
def test_cursor_out_of_range_was_internal_or_wrapped(server: Address, offset: int) -> None:
    after = base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()
    query = "query($a: String) { countries(first: 2, after: $a) { nodes { iri } } }"
    _, body = post(server, {"query": query, "variables": {"a": after}})
    assert body["data"]["countries"] is None, body  # not page 1
    assert codes(body) == ["BAD_INPUT"] and "invalid cursor" in body["errors"][0]["message"], body


def test_misspelt_field_in_production_suggested_field_names(server: Address, production: Address) -> None:
    _, dev = post(server, {"query": "{ polices { totalCount } }"})
    _, prod = post(production, {"query": "{ polices { totalCount } }"})
    assert "Did you mean" in dev["errors"][0]["message"]  # the explorer's help stays in development
    assert codes(prod) == ["GRAPHQL_VALIDATION_FAILED"], prod
    assert "policies" not in json.dumps(prod) and "Did you mean" not in json.dumps(prod), prod


# --- reads during an ingest ---------------------------------------------------------------------------


def test_reads_while_an_ingest_runs_see_no_errors_and_no_half_loaded_case_study(tmp_path: Path) -> None:
    """Kept from before the limits: a reader sees each case study whole or not at all, and no error."""
    from scpkg.ingest.examples_dir import examples_dir
    from scpkg.ingest.pipeline import run
    from scpkg.ingest.reference import load_reference_data
    from scpkg.store import open_store

    query = "{ caseStudies(first: 100) { totalCount nodes { iri derived { iri } } } }"
    store = open_store(f"falkordb://{tmp_path / 'graph.db'}")
    try:
        store.init_schema()
        load_reference_data(store)
        with serving(app_for_store(store)) as address, examples_dir() as examples:
            ingest = threading.Thread(target=run, args=([Path(examples)],), kwargs={"store": store})
            ingest.start()
            seen: list[dict[str, frozenset[str]]] = []
            while ingest.is_alive():
                status, body = post(address, {"query": query})
                assert status == 200 and "errors" not in body, body
                nodes = body["data"]["caseStudies"]["nodes"]
                seen.append({n["iri"]: frozenset(d["iri"] for d in n["derived"]) for n in nodes})
            ingest.join(HANG)
            _, body = post(address, {"query": query})
        final = {
            n["iri"]: frozenset(d["iri"] for d in n["derived"]) for n in body["data"]["caseStudies"]["nodes"]
        }
        assert final and seen
        for snapshot in seen:
            for iri, derived in snapshot.items():
                assert derived == final[iri], f"{iri} read half loaded"
    finally:
        store.close()


# --- 6. `scpkg serve` itself --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_max_body_option_and_production_limits(tmp_path: Path) -> None:
    port = _free_port()
    scpkg = Path(sys.executable).with_name("scpkg")
    env = {**os.environ, "SCPKG_STORE": ""}
    cmd = [str(scpkg), "serve", "--store", f"falkordb://{tmp_path / 'graph.db'}", "--production"]
    proc = subprocess.Popen(
        [*cmd, "--max-body", "2000", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        give_up = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < give_up, "scpkg serve did not listen"
                time.sleep(0.1)
        address = ("127.0.0.1", port)
        status, body = post(address, {"query": "{ __typename }", "pad": "x" * 3000})
        assert status == 413 and codes(body) == ["BODY_TOO_LARGE"], body
        status, body = post(address, {"query": FAN_OUT})
        assert status == 400 and codes(body) == ["COMPLEXITY_LIMIT"], body
        _, body = post(address, {"query": "{ polices { totalCount } }"})
        assert "Did you mean" not in json.dumps(body), body
        assert post(address, {"query": "{ __typename }"}) == (200, {"data": {"__typename": "Query"}})
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=HANG)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
