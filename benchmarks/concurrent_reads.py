"""Throughput and p99 of GraphQL list queries at 8 and 32 clients, with and without a concurrent
ingest, against a real `scpkg serve` on loopback (issue 13).

    .venv/bin/python benchmarks/concurrent_reads.py [--policies 3000] [--ingest-policies 600]
        [--seconds 10] [--clients 8 32] [--smoke]

Loads the reference data and N synthetic policies into a temporary embedded store, serves it with
`scpkg serve` on a free loopback port, then for each client count runs that many threads, each
sending list queries (a page of 50 policies: IRI, label, types, cursor) one after another for a fixed time:
first alone, then while `scpkg ingest` loads a generated corpus into the same store. Prints
requests/s, p50 and p99 latency, errors (HTTP status other than 200, GraphQL errors, timeouts) and
partial reads (a page shorter than asked). `--smoke` uses a small store and 2 s per run. No asserts.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from scpkg.ingest import synthetic
from scpkg.store import open_store

SCPKG = str(Path(sys.executable).with_name("scpkg"))
PAGE = 50
LIST_QUERY = "query($n: Int) { policies(first: $n) { nodes { iri label rdfType } pageInfo { endCursor } } }"
QUERY = json.dumps({"query": LIST_QUERY, "variables": {"n": PAGE}})
REQUEST_TIMEOUT_S = 30


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    partial: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def client(port: int, until: float, tally: Tally) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
    headers = {"content-type": "application/json"}
    while time.monotonic() < until:
        t0 = time.perf_counter()
        ok, short = False, False
        try:
            conn.request("POST", "/graphql", QUERY, headers)
            response = conn.getresponse()
            body = json.loads(response.read())
            ok = response.status == 200 and not body.get("errors")
            short = ok and len(body["data"]["policies"]["nodes"]) < PAGE
        except (OSError, ValueError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
        elapsed = time.perf_counter() - t0
        with tally.lock:
            if ok:
                tally.latencies.append(elapsed)
            else:
                tally.errors += 1
            tally.partial += short
    conn.close()


def measure(port: int, clients: int, seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(port, until, tally)) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally, time.perf_counter() - start


def line(label: str, tally: Tally, wall: float) -> str:
    ms = sorted(s * 1000 for s in tally.latencies)
    if not ms:
        return f"  {label:<34} no successful request; errors {tally.errors}"
    p99 = ms[-1] if len(ms) < 100 else statistics.quantiles(ms, n=100)[98]
    return (
        f"  {label:<34} {len(ms) / wall:7.1f} req/s   p50 {statistics.median(ms):7.0f} ms   "
        f"p99 {p99:7.0f} ms   errors {tally.errors}   partial pages {tally.partial}"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_serving(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"scpkg serve exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("scpkg serve did not start")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--policies", type=int, default=3000, help="policies in the served store")
    ap.add_argument("--ingest-policies", type=int, default=600, help="policies the concurrent ingest loads")
    ap.add_argument("--seconds", type=float, default=10.0, help="per measurement")
    ap.add_argument("--clients", type=int, nargs="+", default=[8, 32])
    ap.add_argument("--smoke", action="store_true", help="small sizes, 2 s per measurement")
    args = ap.parse_args()
    if args.smoke:
        args.policies, args.ingest_policies, args.seconds = 150, 60, 2.0
    with tempfile.TemporaryDirectory(prefix="scpkg-reads-") as d:
        url = f"falkordb://{Path(d) / 'graph.db'}"
        store = open_store(url)
        try:
            synthetic.load_into(store, args.policies, per_case=3)
        finally:
            store.close()
        corpora = {}  # one corpus per run, so every concurrent ingest writes (a re-ingest would not)
        for clients in args.clients:
            corpora[clients] = Path(d) / f"corpus-{clients}"
            synthetic.write_corpus(corpora[clients], args.ingest_policies, seed=1000 + clients, per_case=3)
        port = free_port()
        serve = subprocess.Popen(
            [SCPKG, "serve", "--store", url, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_serving(port, serve)
            print(f"scpkg serve on 127.0.0.1:{port}, {args.policies} policies; {args.seconds:g} s per run")
            for clients in args.clients:
                print(line(f"{clients} clients", *measure(port, clients, args.seconds)))
                ingest = subprocess.Popen(
                    [
                        SCPKG,
                        "ingest",
                        str(corpora[clients]),
                        "--store",
                        url,
                        "--report-dir",
                        str(Path(d) / f"r{clients}"),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                try:
                    print(line(f"{clients} clients + ingest", *measure(port, clients, args.seconds)))
                finally:
                    ingest.wait()
        finally:
            serve.terminate()
            serve.wait(60)


if __name__ == "__main__":
    main()
