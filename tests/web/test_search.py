"""The search page (issue 12, W1): full-text search in every language, facets with counts, export.

Against the real embedded store with the bundled examples (``web_store`` / ``web_client`` of
``tests/web/conftest.py``); expected numbers come from the store itself, counted directly.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import DCTERMS, RDF, Graph, Literal, URIRef
from starlette.testclient import TestClient

from scpkg.api.web.search import EXPORT_COLUMNS
from scpkg.iris import ID, ONT
from scpkg.store import GraphStore, fulltext, open_store

POLICY_LINK = re.compile(r'<a class="policy-link" href="(/id/[^"?]+)')
TOTAL = re.compile(r'id="result-count"[^>]*data-total="(\d+)"')
FACET_VALUE = re.compile(
    r'<a class="facet-value" data-facet="(\w+)" data-value="([^"]+)" href="([^"]+)"[^>]*>.*?'
    r'<span class="count">(\d+)</span>',
    re.S,
)


def iris_of(page: str) -> list[str]:
    return ["https://w3id.org/scpkg/" + m.lstrip("/") for m in POLICY_LINK.findall(page)]


def total_of(page: str) -> int:
    found = TOTAL.search(page)
    assert found, "the page has no #result-count"
    return int(found.group(1))


def csv_rows(client: TestClient, url: str) -> list[dict[str, str]]:
    r = client.get(url)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))


def store_iris(store: GraphStore, query: str, params: dict[str, Any] | None = None) -> set[str]:
    return {str(r["iri"]) for r in store.run(query, params or {})}  # type: ignore[arg-type]


# ---- full-text search --------------------------------------------------------------------------------


def test_english_word_finds_the_policies_whose_titles_or_descriptions_have_it(
    web_client: TestClient, web_store: GraphStore
) -> None:
    expected = store_iris(
        web_store,
        "MATCH (p:Policy) WHERE any(k IN keys(p) WHERE (k STARTS WITH 'title_' OR "
        "k STARTS WITH 'description_') AND toLower(toString(p[k])) CONTAINS 'mercury') RETURN p.iri AS iri",
    )
    assert expected, "the bundled examples have a mercury policy"
    rows = csv_rows(web_client, "/?q=mercury&format=csv")
    assert {r["iri"] for r in rows} == expected
    page = web_client.get("/?q=mercury").text
    assert set(iris_of(page)) == expected and total_of(page) == len(expected)


def test_chinese_words_inside_a_title_are_found_though_the_index_keeps_han_runs_whole(
    web_client: TestClient, web_store: GraphStore
) -> None:
    rows = web_store.run("MATCH (p:Policy) WHERE p.title_zh IS NOT NULL RETURN p.iri AS iri, p.title_zh AS t")
    assert rows, "the bundled examples have Chinese titles"
    for row in rows:
        title = str(row["t"])
        word = next(m for m in re.findall(r"[\u4e00-\u9fff]{2,}", title))[-2:]  # two characters from inside
        page = web_client.get("/", params={"q": word, "lang": "zh"}).text
        assert str(row["iri"]) in iris_of(page), (word, title)
        assert 'lang="zh"' in page  # the title shown is the Chinese one, marked as such


def test_a_spanish_title_word_finds_its_policy(web_client: TestClient, web_store: GraphStore) -> None:
    rows = web_store.run(
        "MATCH (p:Policy) WHERE p.title_es IS NOT NULL RETURN p.iri AS iri, p.title_es AS t, p.title_en AS en"
    )
    assert rows, "the bundled examples have Spanish titles"
    row = rows[0]
    words = [w for w in re.findall(r"\w{6,}", str(row["t"])) if w.lower() not in str(row["en"]).lower()]
    assert words, row
    page = web_client.get("/", params={"q": words[0], "lang": "es"}).text
    assert str(row["iri"]) in iris_of(page)


def test_results_of_a_text_search_are_in_the_index_score_order(
    web_client: TestClient, web_store: GraphStore
) -> None:
    scored = web_store.run(
        fulltext.FALKORDB_QUERY + " RETURN p.iri AS iri, score ORDER BY score DESC, p.title_en, p.iri",
        {"fulltext": "national"},
    )
    assert len(scored) > 2
    page = web_client.get("/?q=national").text
    assert "ranked by relevance" in page
    assert iris_of(page) == [str(r["iri"]) for r in scored][:20]
    scores = [float(r["score"]) for r in scored]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]


@pytest.mark.parametrize(
    "q",
    [
        "*",
        "@title_en:x",
        '"',
        "(",
        "a|b",
        "-waste",
        "%waste%",
        "waste*",
        "OR",
        "AND NOT",
        "\\",
        "{x}",
        "$q",
        "'",
    ],
)
def test_search_syntax_in_the_query_is_plain_text_never_an_error(web_client: TestClient, q: str) -> None:
    r = web_client.get("/", params={"q": q})
    assert r.status_code == 200
    assert 'id="result-count"' in r.text


def test_syntax_characters_only_separate_words(web_client: TestClient) -> None:
    plain = iris_of(web_client.get("/?q=mercury products").text)
    assert plain
    assert iris_of(web_client.get("/", params={"q": '"mercury" @products*'}).text) == plain


def test_neo4j_search_statements_are_registered_for_the_linter_and_quote_every_word() -> None:
    from scpkg.api.statements import all_statements

    found = all_statements()
    neo4j_only = [s for s in found if s.backends == ("neo4j",)]
    falkordb_only = [s for s in found if s.backends == ("falkordb",)]
    assert any("db.index.fulltext.queryNodes('scpkg_policy_text', $fulltext)" in s.query for s in neo4j_only)
    assert any(
        "CREATE FULLTEXT INDEX scpkg_policy_text IF NOT EXISTS FOR (n:Policy) ON EACH [" in s.query
        for s in neo4j_only
    )
    assert any("db.idx.fulltext.queryNodes('Policy', $fulltext)" in s.query for s in falkordb_only)
    assert not any("db.idx." in s.query for s in found if "neo4j" in s.backends)
    assert fulltext.render(fulltext.parse('AND "x" OR y*').terms, "neo4j") == '"AND" AND "x" AND "OR" AND "y"'
    with pytest.raises(ValueError, match="not a text key"):
        fulltext.neo4j_create(["title_en] ON EACH [n.x"])


# ---- facets ------------------------------------------------------------------------------------------


def test_each_facet_count_is_what_following_its_link_lists(web_client: TestClient) -> None:
    page = web_client.get("/").text
    values = FACET_VALUE.findall(page)
    facets = {f for f, *_ in values}
    assert {
        "country",
        "region",
        "stage",
        "type",
        "category",
        "sector",
        "status",
        "year",
        "illustrative",
    } <= facets
    checked = 0
    for facet in sorted(facets):
        for _, code, href, count in [v for v in values if v[0] == facet][:4]:
            followed = web_client.get(html.unescape(href)).text
            assert total_of(followed) == int(count), (facet, code)
            checked += 1
    assert checked > 20


def test_country_counts_equal_a_direct_count_from_the_store(
    web_client: TestClient, web_store: GraphStore
) -> None:
    direct = {
        str(r["iso3"]): int(r["n"])
        for r in web_store.run(
            "MATCH (p:Policy)-[:COUNTRY]->(c:Country) RETURN c.iso3 AS iso3, count(p) AS n"
        )
    }
    shown = {
        code: int(n)
        for facet, code, _, n in FACET_VALUE.findall(web_client.get("/").text)
        if facet == "country"
    }
    assert shown and all(direct[code] == n for code, n in shown.items())
    rows = csv_rows(web_client, "/?export=facet-country&format=csv")
    assert {r["country"]: int(r["policies"]) for r in rows} == direct


def test_two_facets_combine_and_values_of_one_facet_are_or(
    web_client: TestClient, web_store: GraphStore
) -> None:
    by_country = {
        code: store_iris(
            web_store,
            "MATCH (p:Policy)-[:COUNTRY]->(:Country {iso3: $c}) RETURN p.iri AS iri",
            {"c": code},
        )
        for code in ("IDN", "GHA")
    }
    assert all(by_country.values())
    either = {r["iri"] for r in csv_rows(web_client, "/?country=IDN&country=GHA&format=csv")}
    assert either == by_country["IDN"] | by_country["GHA"]
    framework = store_iris(web_store, "MATCH (p:PolicyFramework) RETURN p.iri AS iri")
    both = {r["iri"] for r in csv_rows(web_client, "/?country=IDN&type=policy-framework&format=csv")}
    assert both == by_country["IDN"] & framework and both


def test_a_chosen_facet_keeps_counts_for_its_other_values(web_client: TestClient) -> None:
    page = web_client.get("/?country=IDN").text
    countries = {code for facet, code, _, _ in FACET_VALUE.findall(page) if facet == "country"}
    assert "IDN" in countries and len(countries) > 3  # drill-down: other countries stay choosable (OR)


def test_unknown_facet_value_is_an_error_page_naming_it_with_suggestions(web_client: TestClient) -> None:
    r = web_client.get("/?country=ZZZ")
    assert r.status_code == 400 and "ZZZ" in r.text and 'id="results"' not in r.text
    r = web_client.get("/?stage=desing")
    assert r.status_code == 400 and "desing" in r.text
    assert re.search(r'<ul class="suggestions">.*design', r.text, re.S)
    for bad in (
        "/?from=soon",
        "/?illustrative=maybe",
        "/?page=two",
        "/?sdg=99.9",
        "/?export=nothing&format=csv",
    ):
        assert web_client.get(bad).status_code == 400, bad


def test_url_state_round_trips_through_links_and_form(web_client: TestClient) -> None:
    url = "/?q=national&country=IDN&stage=design&from=2000&to=2020&illustrative=no&lang=fr"
    page = web_client.get(url).text
    form = page[page.index('<form id="search"') : page.index("</form>")]
    for name, value in [
        ("country", "IDN"),
        ("stage", "design"),
        ("from", "2000"),
        ("to", "2020"),
        ("illustrative", "no"),
        ("lang", "fr"),
    ]:
        assert f'name="{name}" value="{value}"' in form, name
    assert 'name="q" value="national"' in form
    chosen = dict(re.findall(r'<a class="chosen-value" href="([^"]+)" data-facet="(\w+)"', page))
    removal = {facet: html.unescape(href) for href, facet in chosen.items()}
    assert (
        "country=IDN" not in removal["country"]
        and "stage=design" in removal["country"]
        and "q=national" in removal["country"]
    )
    for _, _, href, _ in FACET_VALUE.findall(page):
        assert "lang=fr" in html.unescape(href) and "q=national" in html.unescape(href)


def test_a_search_with_no_hits_says_so_and_suggests_removing_filters(web_client: TestClient) -> None:
    page = web_client.get("/?q=mercury&country=GHA&stage=design").text
    assert total_of(page) == 0 and "No policy matches this search." in page and "removing a filter" in page


# ---- export ------------------------------------------------------------------------------------------


def test_csv_rows_equal_the_stores_policies_all_pages_not_only_the_first(
    web_client: TestClient, web_store: GraphStore
) -> None:
    rows = csv_rows(web_client, "/?format=csv")
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert EXPORT_COLUMNS[:4] == ("iri", "title", "country", "instrument_types")
    stored = web_store.run(
        "MATCH (p:Policy) OPTIONAL MATCH (p)-[:COUNTRY]->(c:Country) "
        "RETURN p.iri AS iri, p.adoptionYear AS year, c.iso3 AS iso3, "
        "[(p)-[:TARGETS_STAGE]->(s:Resource) | s.notation] AS stages"
    )
    assert len(rows) == len(stored) > 20  # more than one page of 20
    by_iri = {r["iri"]: r for r in rows}
    for s in stored:
        row = by_iri[str(s["iri"])]
        assert row["adoption_year"] == ("" if s["year"] is None else str(s["year"]))
        assert row["country"] == (s["iso3"] or "") or s["iso3"] is None
        assert row["stages"] == "; ".join(sorted(s["stages"]))
        assert row["illustrative"] in ("yes", "no")
    assert (
        any(r["stages"] for r in rows) and any(r["sectors"] for r in rows) and any(r["status"] for r in rows)
    )


def test_xlsx_of_the_results_opens_with_openpyxl(web_client: TestClient) -> None:
    from openpyxl import load_workbook

    r = web_client.get("/?country=IDN&format=xlsx")
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "iri" and len(rows) - 1 == total_of(web_client.get("/?country=IDN").text)


def test_every_list_and_facet_offers_csv_and_xlsx(web_client: TestClient) -> None:
    page = web_client.get("/").text
    assert (
        page.count('class="export-csv"')
        == page.count('class="export-xlsx"')
        == 1 + page.count('class="facet"')
    )


# ---- the index on stores loaded before it existed, and new languages --------------------------------


@pytest.fixture(scope="module")
def own_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    from scpkg.ingest.reference import load_reference_data

    s = open_store("falkordb://" + str(Path(tmp_path_factory.mktemp("search-store")) / "s.db"))
    s.init_schema()
    load_reference_data(s)
    yield s
    s.close()


def test_index_missing_on_an_existing_store_is_created_before_the_first_search(own_store: GraphStore) -> None:
    from scpkg.api.app import app_for_store

    own_store._write("CALL db.idx.fulltext.drop('Policy')", {})
    assert fulltext.indexed_keys(own_store) is None
    reopened = open_store(own_store.url)  # another connection, as `scpkg serve` after an upgrade
    try:
        r = TestClient(app_for_store(reopened)).get("/?q=anything")
        assert r.status_code == 200
        assert {"title_en", "title_zh", "description_ar"} <= (fulltext.indexed_keys(reopened) or set())
    finally:
        reopened.close()


def test_a_language_first_brought_by_a_load_is_searchable(own_store: GraphStore) -> None:
    from scpkg.api.app import app_for_store

    policy = URIRef(ID + "policy/DEU/verpackungsgesetz-test")
    g = Graph()
    g.add((policy, RDF.type, URIRef(ONT + "ExtendedProducerResponsibility")))
    g.add((policy, DCTERMS.title, Literal("Verpackungsgesetz", lang="de")))
    g.add((policy, DCTERMS.title, Literal("Packaging Act", lang="en")))
    own_store.load_case_study(ID + "case-study/search-test", g, "h1")
    assert "title_de" in (fulltext.indexed_keys(own_store) or set())
    page = TestClient(app_for_store(own_store)).get("/?q=Verpackungsgesetz").text
    assert iris_of(page) == [str(policy)]
