"""GraphiQL opens with the example queries as tabs and links the IRIs of a result to their pages."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from starlette.testclient import TestClient

from scpkg.api.web.explorer_tabs import PLACEHOLDER, example_tabs, name_query

HTML = {"accept": "text/html"}


def _data(page: str) -> dict[str, Any]:
    found = re.search(r'<script id="scpkg-explorer-data" type="application/json">(.*?)</script>', page, re.S)
    assert found, "no explorer data in the page"
    return json.loads(found.group(1))


def test_explorer_page_carries_every_example_query_as_a_tab(web_client: TestClient) -> None:
    page = web_client.get("/graphql", headers=HTML).text
    assert PLACEHOLDER not in page
    data = _data(page)
    assert data["base"] == "https://w3id.org/scpkg/"
    queries = [t["query"] for t in data["tabs"]]
    assert len(queries) == len(example_tabs()) >= 8
    assert any("query GapForACountry {" in q and 'gap(question: "life-cycle-coverage"' in q for q in queries)
    # the IRIs inside example queries are escaped: the page names no other host to load from
    assert "https://" not in page and "http://" not in page


def test_an_example_query_with_a_closing_script_tag_cannot_break_out_of_the_page() -> None:
    from scpkg.api.web.explorer_tabs import explorer_data

    assert "</script" not in explorer_data() and "<" not in explorer_data()


def test_anonymous_example_queries_get_their_files_name() -> None:
    assert name_query("# comment\n{\n  a\n}\n", "Foo") == "# comment\nquery Foo {\n  a\n}\n"
    assert name_query("query Named { a }\n", "Foo") == "query Named { a }\n"


def test_result_iris_link_to_their_pages_on_this_server(live_server: str, chromium: Any) -> None:
    requests: list[str] = []
    errors: list[str] = []
    page = chromium.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server}/graphql", wait_until="networkidle")
    page.wait_for_selector(".graphiql-container", timeout=20_000)
    page.get_by_text("PolicyProvenance", exact=True).first.click()
    page.click(".graphiql-execute-button")
    page.wait_for_selector("#iri-links a.iri-link", timeout=20_000)
    hrefs = page.eval_on_selector_all("#iri-links a.iri-link", "els => els.map(e => e.getAttribute('href'))")
    assert "/id/case-study/s1-38-indonesia" in hrefs  # the policy's case study, asserted in the result
    assert all(h.startswith("/id/") or h.startswith("/vocab/") or h.startswith("/ont") for h in hrefs)
    page.click("#iri-links a.iri-link >> nth=0")
    page.wait_for_load_state("networkidle")
    assert urlsplit(page.url).hostname == "127.0.0.1" and urlsplit(page.url).path == hrefs[0]
    hosts = {urlsplit(u).hostname for u in requests if not u.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}
    assert not [e for e in errors if "Content Security Policy" in e], errors
