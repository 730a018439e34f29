"""Every kind of page of the web front passes the accessibility checks a parser can make (issue 12):
one ``h1`` and headings in order, ``lang`` and ``dir`` on ``<html>``, one ``main`` landmark, a label for
every form control, a text alternative for every image and SVG, a name for every link and button,
``th`` with ``scope``, unique ids, and no inline script or style (the pages' CSP forbids them, so a
browser would drop them silently). Keyboard use and real rendering are checked in the browser test.

The URLs cover every page kind, in English and in Arabic (right to left); the data behind them (a
policy, its country, its case study) is read from the store, never typed in.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from starlette.testclient import TestClient

from scpkg.api.linked_data import local_href
from scpkg.api.web.render import LANGUAGES, PAGE_CSP
from scpkg.store import GraphStore

from .html_tree import Element, parse

HTML = {"Accept": "text/html"}
COUNTRY = "GHA"
"""The demo's country (its bundled example has a policy, a case study and gaps to show)."""
ERROR_KIND = "unknown-value"


def _sample(store: GraphStore) -> dict[str, str]:
    """A policy of the demo country and one case study asserting it, from the store."""
    rows = store.run(
        "MATCH (:Resource {iri: $country})<-[:COUNTRY]-(p:Policy) RETURN p.iri AS policy "
        "ORDER BY policy LIMIT 1",
        {"country": f"https://w3id.org/scpkg/id/country/{COUNTRY}"},
    )
    assert rows, f"the bundled examples hold no policy of {COUNTRY}"
    cases = store.run("MATCH (c:CaseStudy) RETURN c.iri AS iri ORDER BY iri LIMIT 1")
    assert cases, "the bundled examples hold no case study"
    return {"policy": local_href(rows[0]["policy"]), "case_study": local_href(cases[0]["iri"])}


def _kinds(store: GraphStore) -> dict[str, tuple[str, int]]:
    """Page kind -> (URL, expected status)."""
    sample = _sample(store)
    return {
        "home": ("/", 200),
        "search": ("/?q=waste", 200),
        "facets": (f"/?country={COUNTRY}&illustrative=yes", 200),
        "policy": (sample["policy"], 200),
        "country": (f"/id/country/{COUNTRY}", 200),
        "region": ("/id/region/002", 200),
        "case-study": (sample["case_study"], 200),
        "countries": ("/countries", 200),
        "regions": ("/regions", 200),
        "compare": (f"/compare?country={COUNTRY}&country=KEN", 200),
        "reports": ("/reports", 200),
        "report": (f"/reports?scope=country:{COUNTRY}", 200),
        "map": ("/map", 200),
        ERROR_KIND: ("/?country=ZZZ", 400),
    }


KINDS = [
    "home", "search", "facets", "policy", "country", "region", "case-study", "countries", "regions",
    "compare", "reports", "report", "map", ERROR_KIND,
]  # fmt: skip
CASES = [(kind, lang) for kind in KINDS for lang in ("en", "ar")]


@pytest.fixture(scope="module")
def urls(web_store: GraphStore) -> dict[str, tuple[str, int]]:
    kinds = _kinds(web_store)
    assert sorted(kinds) == sorted(KINDS)
    return kinds


def _with_lang(url: str, lang: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}lang={lang}"


def _fetch(client: TestClient, url: str, status: int) -> tuple[Element, str]:
    response = client.get(url, headers=HTML)
    if response.status_code == 404 and status != 404:
        pytest.fail(f"{url} is 404: that page of the front is not there (yet?): {response.text[:200]}")
    assert response.status_code == status, f"{url}: {response.status_code} {response.text[:300]}"
    assert response.headers["content-type"].startswith("text/html"), url
    assert response.headers.get("content-security-policy") == PAGE_CSP, (
        f"{url} is sent without the pages' CSP"
    )
    root, doctype = parse(response.text)
    assert doctype.lower() == "doctype html", f"{url}: doctype {doctype!r}"
    return root, response.text


def _name_of(element: Element, root: Element, ids: dict[str, Element]) -> str:
    """The accessible name, as far as markup gives it (aria-labelledby, aria-label, title, text)."""
    if element.attrs.get("aria-labelledby"):
        return " ".join(ids[i].text() for i in element.attrs["aria-labelledby"].split() if i in ids).strip()
    for attr in ("aria-label", "title"):
        if element.attrs.get(attr, "").strip():
            return element.attrs[attr].strip()
    alts = " ".join(img.attrs.get("alt", "") for img in element.iter("img"))
    return f"{element.text()} {alts}".strip()


def _problems(root: Element, lang: str) -> list[str]:
    """Every accessibility problem of one page, as readable lines."""
    out: list[str] = []
    elements = list(root.iter())
    ids: dict[str, Element] = {}
    for e in elements:
        if "id" in e.attrs:
            if e.attrs["id"] in ids:
                out.append(f"id {e.attrs['id']!r} used twice: {e!r}")
            ids[e.attrs["id"]] = e

    html = [e for e in elements if e.tag == "html"]
    if len(html) != 1:
        out.append(f"{len(html)} <html> elements")
    else:
        if html[0].attrs.get("lang") != lang:
            out.append(f"<html lang={html[0].attrs.get('lang')!r}>, asked for {lang!r}")
        want = "rtl" if lang == "ar" else "ltr"
        if html[0].attrs.get("dir") != want:
            out.append(f"<html dir={html[0].attrs.get('dir')!r}>, {lang} is {want}")
    mains = [e for e in elements if e.tag == "main" or e.attrs.get("role") == "main"]
    if len(mains) != 1:
        out.append(f"{len(mains)} main landmarks, want 1")
    if not any(e.tag == "title" and e.text() for e in elements):
        out.append("no <title>")

    headings = [e for e in elements if re.fullmatch(r"h[1-6]", e.tag)]
    h1 = [h for h in headings if h.tag == "h1"]
    if len(h1) != 1:
        out.append(f"{len(h1)} h1 elements, want 1: {h1}")
    level = 0
    for h in headings:
        n = int(h.tag[1])
        if n > level + 1:
            out.append(f"heading skips from h{level} to {h!r} {h.text()[:60]!r}")
        if not h.text():
            out.append(f"empty heading {h!r}")
        level = n

    labelled_for = {e.attrs.get("for") for e in elements if e.tag == "label"}
    for e in elements:
        kind = e.attrs.get("type", "text").lower()
        if e.tag in ("select", "textarea") or (
            e.tag == "input" and kind not in ("hidden", "submit", "button", "reset", "image")
        ):
            labelled = (
                (e.attrs.get("id") and e.attrs["id"] in labelled_for)
                or any(a.tag == "label" for a in e.ancestors())
                or any(e.attrs.get(a, "").strip() for a in ("aria-label", "aria-labelledby", "title"))
            )
            if not labelled:
                out.append(f"form control without a label: {e!r}")
        if (
            e.tag == "input"
            and kind in ("submit", "button", "reset")
            and not (e.attrs.get("value", "").strip() or e.attrs.get("aria-label", "").strip())
        ):
            out.append(f"button without text: {e!r}")
        if e.tag == "input" and kind == "image" and not e.attrs.get("alt", "").strip():
            out.append(f"image button without alt: {e!r}")
        if e.tag == "button" and not _name_of(e, root, ids):
            out.append(f"button without a name: {e!r}")
        if e.tag == "a" and "href" in e.attrs and not _name_of(e, root, ids):
            out.append(f"link without a name: {e!r}")
        if e.tag == "img" and "alt" not in e.attrs:
            out.append(f"image without alt: {e!r}")
        if e.tag == "svg" and not any(a.tag == "svg" for a in e.ancestors()):
            titled = any(c.tag == "title" and c.text() for c in e.children if isinstance(c, Element))
            if e.attrs.get("aria-hidden") != "true" and not (
                titled or e.attrs.get("aria-label", "").strip() or e.attrs.get("aria-labelledby")
            ):
                out.append(f"svg without a text alternative (title, aria-label or aria-hidden): {e!r}")
        if e.tag == "th" and e.attrs.get("scope") not in ("col", "row", "colgroup", "rowgroup"):
            out.append(f"table header without scope: {e!r} {e.text()[:40]!r}")
        if e.tag == "table" and not any(True for _ in e.iter("th")):
            out.append(f"table without header cells: {e!r}")

        # The CSP forbids these; a browser would drop them and the page would look or work otherwise.
        if e.tag == "script" and (not e.attrs.get("src") or e.text()):
            out.append(f"inline script: {e!r}")
        if e.tag == "style":
            out.append(f"inline <style>: {e!r}")
        if "style" in e.attrs:
            out.append(f"inline style attribute: {e!r}")
        handlers = [a for a in e.attrs if a.startswith("on")]
        if handlers:
            out.append(f"inline event handler {handlers}: {e!r}")
        if e.attrs.get("href", "").lower().startswith("javascript:"):
            out.append(f"javascript: link: {e!r}")
        # Assets and form targets from this server only (links to sources elsewhere are fine).
        for tag, attr in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("form", "action"),
            ("iframe", "src"),
        ):
            if e.tag == tag and urlsplit(e.attrs.get(attr, "")).netloc:
                out.append(f"{tag} {attr} from another host: {e!r}")

    # Text in another language than the page is marked with lang (the language switcher at least).
    for e in elements:
        if (
            e.tag == "a"
            and e.attrs.get("hreflang") in LANGUAGES
            and e.attrs.get("lang") != e.attrs["hreflang"]
        ):
            out.append(f"language link without lang: {e!r}")
    return out


@pytest.mark.parametrize(("kind", "lang"), CASES, ids=[f"{k}-{lang}" for k, lang in CASES])
def test_page_not_accessible(
    web_client: TestClient, urls: dict[str, tuple[str, int]], kind: str, lang: str
) -> None:
    url, status = urls[kind]
    root, _ = _fetch(web_client, _with_lang(url, lang), status)
    problems = _problems(root, lang)
    assert not problems, f"{url} ({lang}):\n" + "\n".join(problems)


def test_unknown_value_answered_with_empty_page(
    web_client: TestClient, urls: dict[str, tuple[str, int]]
) -> None:
    """The error page names what was wrong instead of showing an empty list."""
    url, status = urls[ERROR_KIND]
    root, _ = _fetch(web_client, url, status)
    assert "ZZZ" in root.text(), f"{url} does not name the unknown value: {root.text()[:300]}"


def test_checks_miss_an_inaccessible_page() -> None:
    """The checks themselves: a page with each fault is caught (so a clean result means something)."""
    bad = (
        '<!doctype html><html lang="en"><head><title>x</title><style>p{}</style></head><body>'
        '<h1>a</h1><h3>skipped</h3><h1>again</h1><input name="q"><select name="s"></select>'
        '<img src="x.png"><svg><path d="M0 0"/></svg><a href="/x"></a><table><tr><th>h</th></tr></table>'
        '<p style="color:red" onclick="x()">t</p><script>alert(1)</script>'
        '<script src="https://cdn.example.org/x.js"></script><span id="d"></span><span id="d"></span>'
        "</body></html>"
    )
    root, _ = parse(bad)
    text = "\n".join(_problems(root, "ar"))
    for fault in (
        "<html dir=", "main landmarks", "2 h1", "heading skips", "form control without a label: <input",
        "form control without a label: <select", "image without alt", "svg without", "link without",
        "without scope", "inline script", "inline <style>", "inline style attribute", "inline event handler",
        "from another host", "used twice", "asked for 'ar'",
    ):  # fmt: skip
        assert fault in text, f"{fault!r} not reported:\n{text}"
