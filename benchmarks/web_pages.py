"""Page timings of the web front on N synthetic policies: search, a facet page, a country page (issue 12).

    .venv/bin/python benchmarks/web_pages.py [--policies 100000] [--runs 40] [--warmup 3] [--smoke]

Loads the reference data and N synthetic policies (``scpkg.ingest.synthetic.load_into``) into a
temporary embedded store, serves the app ``scpkg serve`` runs with a real uvicorn on 127.0.0.1, and
times whole HTML pages over one kept-alive HTTP connection, as a browser asks for them:

- search: ``/?q=<word>``, a word of many synthetic titles;
- facet page: two facets, the busiest country and its busiest life-cycle stage, chosen from the front's
  own facet links (``a.facet-value[data-facet][data-value]``), so the URL is what a click gives;
- country page: that country's page (``/id/country/<ISO3>``).

Each page is checked before it is timed (status 200, its hook: ``#result-count``, ``a.report-link``), so a
missing or broken page is reported, never timed. That first request is reported as "cold" (the
front's caches empty: the country page reuses a scope's gap answers for a minute, so the repeated
requests time the page around them). Prints p50 and p95 after the warm-up in one
``FIGURE`` line per page (``benchmarks/figures.py``); target p95 < 300 ms. ``--smoke``: 2,000 policies, a
few runs, verdict ``smoke``.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from figures import figure

from scpkg.ingest import synthetic
from scpkg.store import GraphStore, open_store

TARGET_MS = 300.0
SLOW_S, SLOW_RUNS = 10.0, 3
WORD = "mercury"
"""In the title of every synthetic mercury-products policy: a search with many, but not all, hits."""


PAGES = {"search": "web-search", "facet page": "web-facet-page", "country page": "web-country-page"}
"""The pages timed, in this order, and their figures' names (the same at every size: the size is in
the measured value)."""


class _Facets(HTMLParser):
    """``(facet, value, count)`` of every facet link of a page, and the ids present."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str, int]] = []
        self.ids: set[str] = set()
        self.classes: set[str] = set()
        self._open: tuple[str, str] | None = None
        self._in_count = False
        self._count = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("id"):
            self.ids.add(a["id"])
        self.classes.update(a.get("class", "").split())
        if tag == "a" and "facet-value" in a.get("class", "").split() and "data-facet" in a:
            self._open, self._count = (a["data-facet"], a.get("data-value", "")), ""
        elif self._open and "count" in a.get("class", "").split():
            self._in_count = True

    def handle_data(self, data: str) -> None:
        if self._in_count:
            self._count += data

    def handle_endtag(self, tag: str) -> None:
        if tag != "a" and self._in_count:
            self._in_count = False
        elif tag == "a" and self._open:
            digits = "".join(ch for ch in self._count if ch.isdigit())
            self.values.append((*self._open, int(digits) if digits else 0))
            self._open, self._in_count = None, False


def _parse(body: str) -> _Facets:
    parser = _Facets()
    parser.feed(body)
    return parser


class NoAnswerError(Exception):
    """The server did not answer a page in time (or dropped the connection)."""


class Client:
    """One kept-alive connection to the server, as a browser tab keeps one."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port, self.timeout = port, timeout
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def get(self, path: str) -> tuple[int, str]:
        try:
            self.conn.request("GET", path, headers={"Accept": "text/html", "Accept-Encoding": "identity"})
            response = self.conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()  # a fresh connection for the next page
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            raise NoAnswerError(
                f"{path}: no answer within {self.timeout:.0f} s ({type(exc).__name__})"
            ) from exc


@contextmanager
def served(store: GraphStore) -> Iterator[int]:
    """The app `scpkg serve` runs, on a free port of 127.0.0.1 in a thread; yields the port."""
    import socket

    import uvicorn

    from scpkg.api.app import app_for_store

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(app_for_store(store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("the server did not start")
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def check(client: Client, path: str, hook: str) -> str | None:
    """None if the page answers 200 with its hook, else why not (then it is not timed)."""
    try:
        status, body = client.get(path)
    except NoAnswerError as exc:
        return str(exc)
    if status != 200:
        return f"{path} answers {status}: {' '.join(body.split())[:160]}"
    parsed = _parse(body)
    if (hook.startswith("#") and hook[1:] not in parsed.ids) or (
        hook.startswith(".") and hook[1:] not in parsed.classes
    ):
        return f"{path} is not the front's page: it has no {hook}"
    return None


def timed(client: Client, path: str, runs: int, warmup: int) -> list[float]:
    """Seconds per request of ``path`` after ``warmup`` requests; a slow page (the first over
    ``SLOW_S``) gets ``SLOW_RUNS`` runs and no further warm-up, so the run ends, and says so."""
    t0 = time.perf_counter()
    client.get(path)
    first = time.perf_counter() - t0
    if first > SLOW_S:
        runs, warmup = min(runs, SLOW_RUNS), 0
    for _ in range(warmup - 1):
        client.get(path)
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        status, _ = client.get(path)
        samples.append(time.perf_counter() - t0)
        if status != 200:
            raise SystemExit(f"{path} answered {status} while timed")
    return samples


def p50_p95(samples: list[float]) -> tuple[float, float]:
    """Milliseconds; p95 is the maximum below 20 samples."""
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[-1] if len(ms) < 20 else statistics.quantiles(ms, n=20)[18]
    return statistics.median(ms), p95


def pages(client: Client, store: GraphStore) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(figure name, path, hook) of the three pages, and why one could not be chosen. The country is
    the one with most policies (the heaviest page); its stage is read from the front's own facet links,
    so the facet URL is the one a click gives."""
    problems: list[str] = []
    iso3 = store.run(
        "MATCH (p:Policy)-[:COUNTRY]->(c:Country) RETURN c.iso3 AS iso3, count(p) AS n "
        "ORDER BY n DESC, iso3 LIMIT 1"
    )[0]["iso3"]
    out = [("search", "/?" + urlencode({"q": WORD}), "#result-count")]
    status, body = client.get("/?" + urlencode({"country": iso3}))
    stages = sorted((v for v in _parse(body).values if v[0] == "stage"), key=lambda v: (-v[2], v[1]))
    if stages:
        out.append(
            ("facet page", "/?" + urlencode({"country": iso3, "stage": stages[0][1]}), "#result-count")
        )
    else:
        problems.append(
            f"/?country={iso3} answers {status} with no stage facet links (a.facet-value[data-facet])"
        )
    out.append(("country page", f"/id/country/{iso3}", ".report-link"))
    return out, problems


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--policies", type=int, default=100_000)
    ap.add_argument("--per-case", type=int, default=10, help="policies per synthetic case study")
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for one page")
    ap.add_argument(
        "--smoke", action="store_true", help="2,000 policies, 5 runs: checks the script, not the target"
    )
    args = ap.parse_args()
    if args.smoke:
        args.policies, args.runs, args.warmup = 2_000, 5, 1
    size = f"{args.policies:,} policies"

    with tempfile.TemporaryDirectory(prefix="scpkg-web-bench-") as d:
        store = open_store(f"falkordb://{Path(d) / 'graph.db'}")
        try:
            ref_s, load_s = synthetic.load_into(store, args.policies, args.per_case)
            n = store.run("MATCH (p:Policy) RETURN count(p) AS n")[0]["n"]
            print(
                f"loaded reference data in {ref_s:.1f} s and {n} synthetic policies in {load_s:.1f} s",
                flush=True,
            )
            failed = False
            with served(store) as port:
                client = Client(port, args.timeout)
                todo, problems = pages(client, store)
                for problem in problems:
                    print(f"cannot choose a page: {problem}", file=sys.stderr)
                    failed = True
                chosen = {name for name, _, _ in todo}
                for name in PAGES:
                    if name not in chosen:  # still one line per figure, saying why it has no value
                        why = "; ".join(problems)
                        figure(PAGES[name], f"not timed at {size}: {why}", f"p95 < {TARGET_MS:.0f} ms", False)
                print(f"runs {args.runs} after {args.warmup} warm-up, one kept-alive connection")
                for name, path, hook in todo:
                    t0 = time.perf_counter()
                    why = check(client, path, hook)
                    cold = time.perf_counter() - t0
                    if why is not None:
                        figure(PAGES[name], f"not timed at {size}: {why}", f"p95 < {TARGET_MS:.0f} ms", False)
                        failed = True
                        continue
                    try:
                        samples = timed(client, path, args.runs, args.warmup)
                    except NoAnswerError as exc:
                        figure(PAGES[name], f"not timed at {size}: {exc}", f"p95 < {TARGET_MS:.0f} ms", False)
                        failed = True
                        continue
                    p50, p95 = p50_p95(samples)
                    runs = (
                        ""
                        if len(samples) == args.runs
                        else f" ({len(samples)} runs: the first took over {SLOW_S:.0f} s)"
                    )
                    print(f"{name}: {path}  cold {cold * 1000:.0f} ms  p50 {p50:.1f}  p95 {p95:.1f} ms{runs}")
                    figure(
                        PAGES[name],
                        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms at {size}{runs}; "
                        f"first (cold) {cold * 1000:.0f} ms",
                        f"p95 < {TARGET_MS:.0f} ms",
                        None if args.smoke else p95 < TARGET_MS,
                    )
        finally:
            store.close()
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
