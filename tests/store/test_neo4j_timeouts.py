"""A Neo4j that cannot be reached, or accepts and never answers, fails fast in one line with exit 2,
and no URL is printed with its password (issue 13). Fake servers on loopback; no real Neo4j needed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from scpkg.store.neo4j import DRIVER_CONFIG
from scpkg.store.urls import redact, scrub

SCPKG = str(Path(sys.executable).with_name("scpkg"))
GUARD_S = 60
"""Stops a hang (the driver's defaults took 31-122 s); never a performance check."""


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once it is closed


@pytest.fixture
def hanging_port() -> Iterator[int]:
    """A server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(server.getsockname()[1])
    stop.set()
    thread.join(5)
    for conn in held:
        conn.close()
    server.close()


def _case_study(tmp_path: Path) -> Path:
    from scpkg.ingest.synthetic import write_corpus

    return write_corpus(tmp_path / "corpus", 1, seed=1, per_case=1)[0]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SCPKG_NEO4J_USER": "neo4j",
        "SCPKG_NEO4J_PASSWORD": "env-secret-never-shown",
    }
    return subprocess.run([SCPKG, *args], capture_output=True, text=True, timeout=GUARD_S, env=env)


def _assert_one_clear_line(result: subprocess.CompletedProcess[str], url_shown: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and result.stderr.strip().splitlines()[-1] == errors[0], result.stderr
    assert url_shown in errors[0]
    assert "env-secret-never-shown" not in out


@pytest.mark.parametrize("scheme", ["neo4j", "bolt"])
def test_unreachable_neo4j_fails_in_one_line_with_exit_2(tmp_path: Path, scheme: str) -> None:
    """Regression: a closed port took 31-67 s, and ingest / retract exited 1 with a 254-line traceback."""
    url = f"{scheme}://127.0.0.1:{_closed_port()}"
    _assert_one_clear_line(_run("ingest", str(_case_study(tmp_path)), "--store", url), url)
    _assert_one_clear_line(_run("retract", "some-case", "--store", url), url)


def test_neo4j_that_never_answers_fails_in_one_line_with_exit_2(tmp_path: Path, hanging_port: int) -> None:
    """Regression: a server that accepts and never replies held the command for 122 s."""
    url = f"bolt://127.0.0.1:{hanging_port}"
    _assert_one_clear_line(_run("ingest", str(_case_study(tmp_path)), "--store", url), url)
    _assert_one_clear_line(_run("retract", "some-case", "--store", url), url)


def test_driver_timeouts_are_short() -> None:
    """The three knobs behind the 31-122 s waits, each well under the driver's defaults (30-60 s)."""
    assert set(DRIVER_CONFIG) == {
        "connection_timeout",
        "connection_acquisition_timeout",
        "max_transaction_retry_time",
    }
    assert all(0 < value <= 15 for value in DRIVER_CONFIG.values())


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("neo4j://user:hunter22@db.example:7687", "hunter22"),
        ("neo4j://db.example:7687?password=hunter22&policy=eu", "hunter22"),
        ("bolt://db.example:7687#password=hunter22", "hunter22"),
        ("bolt://db.example:7687#hunter22", "hunter22"),
        ("neo4j+s://db.example?PWD=hunter22", "hunter22"),
    ],
)
def test_passwords_are_redacted_wherever_a_url_is_printed(url: str, secret: str) -> None:
    """Regression: a password in the URL's query (`?password=`) or fragment was printed as given."""
    assert secret not in redact(url)
    assert "db.example" in redact(url)
    assert secret not in scrub(f"Given URI: {url!r}; could not connect to {url}", url)


def test_urls_without_secrets_print_as_given() -> None:
    for url in ("falkordb:///tmp/x/graph.db", "neo4j+s://db.example:7687?policy=eu", "bolt://h:7687"):
        assert redact(url) == url


def test_status_and_errors_never_print_a_url_password() -> None:
    """The driver quotes the URL it was given, query included, in its own error messages."""
    url = f"bolt://127.0.0.1:{_closed_port()}?password=query-secret#frag-secret"
    for args in (("store", "status"), ("retract", "x")):
        result = _run(*args, "--store", url)
        assert result.returncode == 2
        out = result.stdout + result.stderr
        assert "query-secret" not in out and "frag-secret" not in out and "Traceback" not in out
