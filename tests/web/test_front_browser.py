"""Issue 12's "Done when", in Debian's Chromium on the bundled examples served by a real `scpkg serve`
app: search a word (by keyboard), apply two facets, open a policy, open its country, generate that
country's report in Chinese and in Arabic, download CSVs and check their rows against the store, open
the map; no request leaves 127.0.0.1 and no console error. A screenshot of every page is written for
review to ``$SCPKG_SCREENSHOTS`` if set, else ``build/screenshots/`` of the source tree (git-ignored),
as ``NN-step.png``.

Every request of the browser context goes through one route handler that lets 127.0.0.1 through and
aborts (and records) anything else, so a CDN link, a web font or telemetry fails the test instead of
passing on a machine that happens to be online.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from scpkg.api.linked_data import local_href
from scpkg.queries.catalogue import STATUSES
from scpkg.store import GraphStore

ROOT = Path(__file__).resolve().parents[2]
WORD = "textile"
"""In the titles of several bundled examples (Viet Nam's textile policies)."""
ID = "https://w3id.org/scpkg/id/"
CJK = r"[\u3400-\u4dbf\u4e00-\u9fff]"
ARABIC = r"[\u0621-\u064a]"
TIMEOUT_MS = 30_000


def screenshot_dir() -> Path:
    """``$SCPKG_SCREENSHOTS``, else ``build/screenshots/`` (emptied first, so it shows one run)."""
    chosen = os.environ.get("SCPKG_SCREENSHOTS")
    folder = Path(chosen) if chosen else ROOT / "build" / "screenshots"
    if not chosen and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def has_fonts(lang: str) -> bool:
    """Whether fontconfig knows a font for ``lang`` (what Chromium on Linux falls back to)."""
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", f":lang={lang}", "family"], capture_output=True, text=True, check=False)
    return bool(out.stdout.strip())


FONT_PACKAGES = {"zh": "fonts-noto-cjk", "ar": "fonts-noto-core (or fonts-dejavu-core)"}


@dataclass
class Watch:
    """What the browser did that the test must account for: requests beyond 127.0.0.1 (aborted),
    console errors, uncaught page errors, and error answers of this server."""

    external: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def route(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def attach(self, page: Any) -> None:
        page.on(
            "console", lambda m: self.console.append(f"{m.text} ({page.url})") if m.type == "error" else None
        )
        page.on("pageerror", lambda e: self.errors.append(f"{e} ({page.url})"))
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)


class Flow:
    """One page of one browser context, a numbered screenshot per step, and a failure message that
    names the step, its URL and the screenshot."""

    def __init__(self, page: Any, shots: Path) -> None:
        self.page, self.shots, self.n = page, shots, 0

    @contextmanager
    def step(self, name: str) -> Iterator[Any]:
        from playwright.sync_api import Error as PlaywrightError

        self.n += 1
        label = f"{self.n:02d}-{name}"
        try:
            yield self.page
        except (PlaywrightError, AssertionError) as exc:
            shot = self.shots / f"{label}-FAILED.png"
            self.page.screenshot(path=str(shot), full_page=True)
            pytest.fail(f"step {label} failed at {self.page.url}: {exc}\n(screenshot {shot})", pytrace=False)
        self.page.screenshot(path=str(self.shots / f"{label}.png"), full_page=True)

    def go(self, navigate: Callable[[], Any]) -> None:
        """Run an action that loads a new page and wait until it has loaded."""
        with self.page.expect_navigation(wait_until="load", timeout=TIMEOUT_MS):
            navigate()


def _number(text: str) -> int:
    digits = re.sub(r"\D", "", text)
    assert digits, f"no number in {text!r}"
    return int(digits)


def _total(page: Any) -> int:
    """The number of results ``#result-count`` states (its ``data-total``, else the last number in it:
    "1-20 of 122")."""
    count = page.locator("#result-count")
    if (total := count.get_attribute("data-total")) is not None:
        return int(total)
    numbers = re.findall(r"\d+", count.inner_text().replace(",", ""))
    assert numbers, f"no number in #result-count: {count.inner_text()!r}"
    return int(numbers[-1])


def _params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _first_value(page: Any, facet: str, skip: set[str]) -> tuple[str, int] | None:
    """The facet value with the highest count (ties: first shown) that is not already applied."""
    best: tuple[str, int] | None = None
    for link in page.locator(f"#facet-{facet} a.facet-value").all():
        value = link.get_attribute("data-value") or ""
        if (
            value in skip
            or link.get_attribute("aria-current")
            or link.get_attribute("aria-pressed") == "true"
        ):
            continue
        count = _number(link.locator(".count").first.inner_text())
        if count > 0 and (best is None or count > best[1]):
            best = (value, count)
    return best


def _download_csv(page: Any, link: Any) -> list[dict[str, str]]:
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        link.click()
    download = info.value
    path = download.path()
    assert path, f"the download {download.url} failed: {download.failure()}"
    raw = Path(path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), (
        "the CSV has no UTF-8 BOM (spreadsheets would garble CJK and Arabic)"
    )
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def _policy_csv(page: Any) -> list[dict[str, str]]:
    """The rows of the page's CSV that lists policies (by IRI): the page may offer several tables."""
    exports = page.locator("a.export-csv")
    assert exports.count() > 0, "the page offers no CSV (a.export-csv)"
    for i in range(exports.count()):
        rows = _download_csv(page, exports.nth(i))
        if _iris(rows, "policy"):
            return rows
    raise AssertionError(f"none of the page's {exports.count()} CSVs lists policies by IRI")


def _iris(rows: list[dict[str, str]], kind: str) -> set[str]:
    """The IRIs of ``kind`` (``policy``) in a CSV's cells, whatever the column is called."""
    return {
        cell.strip()
        for row in rows
        for cell in row.values()
        if isinstance(cell, str) and cell.strip().startswith(f"{ID}{kind}/")
    }


RENDER_JS = """
([selector, pattern]) => {
  const root = document.querySelector(selector);
  if (!root) return {error: 'no element ' + selector};
  const re = new RegExp(pattern, 'gu');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const chars = new Set(); let style = null;
  while (walker.nextNode() && chars.size < 8) {
    const found = walker.currentNode.textContent.match(re);
    if (!found) continue;
    for (const c of found) chars.add(c);
    if (!style) style = getComputedStyle(walker.currentNode.parentElement);
  }
  if (!style) return {error: 'no text matching ' + pattern + ' in ' + selector};
  const canvas = document.createElement('canvas'); canvas.width = 80; canvas.height = 80;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  ctx.font = style.fontWeight + ' 48px ' + style.fontFamily;
  const draw = (c) => {
    ctx.clearRect(0, 0, 80, 80); ctx.fillText(c, 8, 60);
    const alpha = ctx.getImageData(0, 0, 80, 80).data.filter((_, i) => i % 4 === 3);
    return {ink: alpha.some(a => a > 0), key: Array.from(alpha).join(','), width: ctx.measureText(c).width};
  };
  const tofu = [draw('\\ue000').key, draw('\\ue001').key];
  const glyphs = [...chars].map(c => ({c, ...draw(c)}));
  return {
    font: style.fontFamily,
    chars: glyphs.map(g => g.c).join(''),
    blank: glyphs.filter(g => !g.ink).map(g => g.c).join(''),
    tofu: glyphs.filter(g => tofu.includes(g.key)).map(g => g.c).join(''),
    distinct: new Set(glyphs.map(g => g.key)).size,
    narrow: glyphs.filter(g => g.width < 0.9 * 48).map(g => g.c).join(''),
  };
}
"""
"""Draws the first letters of a script found in an element, in the element's own font, on a canvas:
letters rendered as tofu (the missing-glyph box) all look alike and like an unassigned code point."""


def assert_renders(page: Any, selector: str, lang: str) -> None:
    """The ``lang`` text in ``selector`` is drawn with real glyphs, not tofu boxes."""
    result = page.evaluate(RENDER_JS, [selector, CJK if lang == "zh" else ARABIC])
    assert "error" not in result, result["error"]
    chars = result["chars"]
    hint = f"install {FONT_PACKAGES[lang]}"
    assert len(chars) >= 2, f"too few {lang} letters to compare: {chars!r}"
    assert not result["blank"], f"{result['blank']!r} draw nothing in {result['font']} ({hint})"
    assert not result["tofu"], f"{result['tofu']!r} draw as tofu boxes in {result['font']} ({hint})"
    assert result["distinct"] == len(chars), f"{chars!r} draw as {result['distinct']} shapes: tofu? ({hint})"
    if lang == "zh":  # CJK ideographs are full width in every CJK font; the missing-glyph box is not
        assert not result["narrow"], f"{result['narrow']!r} are narrower than an ideograph ({hint})"


def _policy_country(store: GraphStore, policy: str) -> str:
    rows = store.run(
        "MATCH (:Resource {iri: $p})-[:COUNTRY]->(c:Country) RETURN c.iso3 AS iso3", {"p": policy}
    )
    assert len(rows) == 1, f"{policy} has {len(rows)} countries in the store"
    return str(rows[0]["iso3"])


def _country_policies(store: GraphStore, iso3: str) -> set[str]:
    rows = store.run(
        "MATCH (:Resource {iri: $c})<-[:COUNTRY]-(p:Policy) RETURN p.iri AS iri", {"c": f"{ID}country/{iso3}"}
    )
    return {str(r["iri"]) for r in rows}


_VALUE = "RETURN p.iri AS iri, v.iri AS value, v.notation AS code"
FACET_VALUES = {
    "stage": "MATCH (p)-[:TARGETS_STAGE]->(:Resource)-[:BROADER*0..3]->(v:Resource) " + _VALUE,
    "sector": "MATCH (p)-[:COVERS_SECTOR]->(:Resource)-[:BROADER*0..3]->(v:Resource) " + _VALUE,
    "type": "UNWIND p.rdf_type AS value RETURN p.iri AS iri, value, null AS code",
}
"""The values of a facet per policy, read straight from the store (not through the front's statements);
a group of stages or sectors (``midstream``) counts for the stages inside it."""


def _word_matches(store: GraphStore, word: str) -> set[str]:
    """Policies whose title or description, in any language, holds ``word`` (any case)."""
    rows = store.run(
        "MATCH (p:Policy) WITH p, properties(p) AS props WHERE any(k IN keys(props) "
        "WHERE (k STARTS WITH 'title_' OR k STARTS WITH 'description_') "
        "AND toLower(toString(props[k])) CONTAINS $word) RETURN p.iri AS iri",
        {"word": word.lower()},
    )
    return {str(r["iri"]) for r in rows}


def _with_facets(store: GraphStore, iris: set[str], iso3: str, facet: str, value: str) -> set[str]:
    """Which of ``iris`` are of country ``iso3`` and carry ``value`` (a code) of ``facet``."""
    rows = store.run(
        "MATCH (p:Policy)-[:COUNTRY]->(:Resource {iri: $c}) WHERE p.iri IN $iris " + FACET_VALUES[facet],
        {"iris": sorted(iris), "c": f"{ID}country/{iso3}"},
    )
    return {
        str(r["iri"]) for r in rows if value in (r["code"], str(r["value"]).rsplit("/", 1)[-1], r["value"])
    }


def test_front_done_when(live_server: str, web_store: GraphStore, chromium: Any) -> None:
    shots = screenshot_dir()
    watch = Watch()
    context = chromium.new_context(
        accept_downloads=True, viewport={"width": 1280, "height": 900}, locale="en-US"
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.route("**/*", watch.route)
    page = context.new_page()
    watch.attach(page)
    flow = Flow(page, shots)
    try:
        _done_when(flow, live_server, web_store)
    finally:
        context.close()
    assert not watch.external, f"requests beyond 127.0.0.1 (aborted): {sorted(set(watch.external))}"
    assert not watch.errors, f"uncaught errors in pages: {watch.errors}"
    assert not watch.console, f"console errors: {watch.console}"
    assert not watch.failed, f"error answers of the server: {watch.failed}"
    assert watch.requests and all(urlsplit(u).hostname == "127.0.0.1" for u in watch.requests)


def _done_when(flow: Flow, base: str, store: GraphStore) -> None:
    page = flow.page

    with flow.step("home"):
        page.goto(base + "/", wait_until="load")
        assert page.locator("form#search").count() == 1, "no form#search on / (is the search page served?)"

    with flow.step("search-by-keyboard"):
        box = page.locator('form#search [name="q"]')
        for _ in range(40):  # Tab from the top of the page until the search box has the focus
            page.keyboard.press("Tab")
            if box.evaluate("el => el === document.activeElement"):
                break
        else:
            raise AssertionError("40 presses of Tab never reached the search box")
        page.keyboard.type(WORD)
        flow.go(lambda: page.keyboard.press("Enter"))
        assert _params(page.url).get("q") == [WORD], page.url
        total = _total(page)
        shown = page.locator("ol#results li.result").count()
        assert total > 0 and shown > 0, f"searching {WORD!r} finds nothing ({total} / {shown} shown)"
        assert shown <= total, f"{shown} results shown, {total} counted"

    chosen: dict[str, str] = {}
    for facet_names in (("country",), ("stage", "sector", "type")):
        with flow.step(f"facet-{facet_names[0]}"):
            pick = None
            for facet in facet_names:
                if (pick := _first_value(page, facet, set())) is not None:
                    break
            assert pick is not None, f"no value with a count in any of the facets {facet_names}"
            value, count = pick
            link = page.locator(f'#facet-{facet} a.facet-value[data-value="{value}"]').first
            flow.go(link.click)
            assert value in _params(page.url).get(facet, []), f"{facet}={value} is not in the URL {page.url}"
            assert page.locator(f"#facet-{facet}").count() == 1
            now = _total(page)
            assert now == count, f"the {facet} facet promised {count} results for {value}, the page has {now}"
            assert _params(page.url).get("q") == [WORD], "applying a facet lost the search word"
            chosen[facet] = value
    (_, iso3), (other_facet, other_value) = list(chosen.items())

    with flow.step("search-csv"):
        links = {
            urlsplit(h).path
            for h in page.locator("ol#results li.result a.policy-link").evaluate_all(
                "els => els.map(a => a.href)"
            )
        }
        total = _total(page)
        assert len(links) == total, (
            f"{total} results, {len(links)} on the page: the bundled examples fit one page"
        )
        rows = _policy_csv(page)
        assert len(rows) == total, f"the CSV has {len(rows)} rows, the page {total} results"
        iris = _iris(rows, "policy")
        assert {urlsplit(local_href(i)).path for i in iris} == links, (
            f"the CSV's policies {sorted(iris)} are not the page's {sorted(links)}"
        )
        # The store, asked directly: the policies of the country with the facet's value whose title or
        # description holds the word, in any language.
        expected = _with_facets(store, _word_matches(store, WORD), iso3, other_facet, other_value)
        assert iris == expected, (
            f"the CSV's policies differ from the store's for {WORD!r}, {iso3}, {other_facet} {other_value}: "
            f"only in the CSV {sorted(iris - expected)}, only in the store {sorted(expected - iris)}"
        )

    with flow.step("policy"):
        first = page.locator("ol#results li.result a.policy-link").first
        flow.go(first.click)
        assert urlsplit(page.url).path.startswith("/id/policy/"), page.url
        assert page.locator("h1").count() == 1 and page.locator("h1").inner_text().strip()
        policy_iri = ID + urlsplit(page.url).path.removeprefix("/id/")
        assert _policy_country(store, policy_iri) == iso3

    with flow.step("country"):
        flow.go(page.locator("a.country-link").first.click)
        assert urlsplit(page.url).path == f"/id/country/{iso3}", page.url
        report_link = page.locator("a.report-link").first
        assert _params(report_link.get_attribute("href") or "").get("scope") == [f"country:{iso3}"]

    with flow.step("country-csv"):
        policies = _country_policies(store, iso3)
        found = _policy_csv(page)
        assert _iris(found, "policy") == policies, (
            "the country's CSV is not the store's policies of the country"
        )
        assert len(found) == len(policies), f"{len(found)} rows for {len(policies)} policies"

    _reports_and_map(flow, iso3)


def _reports_and_map(flow: Flow, iso3: str) -> None:
    """From the country page of ``iso3``: its report in Chinese, then in Arabic, then the map."""
    page = flow.page
    for lang in ("zh", "ar"):
        with flow.step(f"report-{lang}"):
            if lang == "zh":
                flow.go(page.locator("a.report-link").first.click)
            form = page.locator("form#report-form")
            assert form.count() == 1, "no form#report-form on the reports page"
            scope = form.locator('[name="scope"]')
            assert scope.input_value() == f"country:{iso3}", (
                f"the report form's scope is {scope.input_value()}"
            )
            form.locator('select[name="lang"]').select_option(lang)
            flow.go(form.locator('[type="submit"]').first.click)
            assert _params(page.url).get("lang") == [lang], page.url
            report = page.locator("section#report")
            assert report.count() == 1, "no section#report after generating the report"
            text = report.inner_text()
            direction = report.evaluate("el => getComputedStyle(el).direction")
            nearest = report.evaluate("el => el.closest('[lang]').getAttribute('lang')")
            assert nearest.split("-")[0] == lang, f"the report is marked lang={nearest}"
            if lang == "zh":
                assert len(re.findall(CJK, text)) >= 20, f"little Chinese text in the report: {text[:200]!r}"
                assert direction == "ltr"
            else:
                assert direction == "rtl", f"the Arabic report is {direction}"
                assert page.locator("html").get_attribute("dir") == "rtl"
                assert len(re.findall(ARABIC, text)) >= 20, (
                    f"little Arabic text in the report: {text[:200]!r}"
                )
            if has_fonts(lang):
                assert_renders(page, "section#report", lang)
            downloads = {
                a.get_attribute("data-format") for a in page.locator("a.download[data-format]").all()
            }
            assert {"html", "md", "json", "csv"} <= downloads, f"report downloads offered: {downloads}"

    with flow.step("map"):
        flow.go(page.locator('nav a[href^="/map"]').first.click)
        svg = page.locator("svg#world-map")
        assert svg.count() == 1, "no svg#world-map on /map"
        paths = page.locator("svg#world-map path[data-iso3][data-status]")
        assert paths.count() > 100, f"the map has {paths.count()} countries"
        statuses = set(paths.evaluate_all("els => els.map(e => e.dataset.status)"))
        assert statuses <= set(STATUSES), (
            f"statuses on the map outside {STATUSES}: {statuses - set(STATUSES)}"
        )
        assert len(statuses) > 1, f"every country has the same status {statuses}"
        assert page.locator(f'svg#world-map path[data-iso3="{iso3}"]').count() >= 1, (
            f"{iso3} is not on the map"
        )
        assert page.locator("#map-legend").count() == 1


@pytest.mark.parametrize("lang", ["zh", "ar"])
def test_text_renders_as_tofu(live_server: str, chromium: Any, lang: str) -> None:
    """CJK and Arabic are drawn with real glyphs from the system's fonts (the front ships no font)."""
    if not has_fonts(lang):
        pytest.skip(f"no font for {lang}: install {FONT_PACKAGES[lang]}")
    context = chromium.new_context()
    context.route(
        "**/*", lambda r: r.continue_() if urlsplit(r.request.url).hostname == "127.0.0.1" else r.abort()
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server}/countries?lang={lang}", wait_until="load")
        assert page.locator("html").get_attribute("lang") == lang
        assert_renders(page, "body", lang)
    finally:
        context.close()


def test_watch_misses_external_request_or_console_error(chromium: Any) -> None:
    """The recorder itself: a page that reaches for another host and logs an error is caught (so an
    empty record in the main test means something)."""
    watch = Watch()
    context = chromium.new_context()
    context.route("**/*", watch.route)
    try:
        page = context.new_page()
        watch.attach(page)
        page.set_content('<img src="https://cdn.example.org/x.png" alt="">', wait_until="load")
        page.evaluate("console.error('boom')")
    finally:
        context.close()
    assert watch.external == ["https://cdn.example.org/x.png"]
    assert any("boom" in line for line in watch.console), watch.console
