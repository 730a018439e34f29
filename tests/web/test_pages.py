"""The pages of things (issue 12, W2): policy, country, region and case-study pages at their IRIs, the
country and region lists, compare, and their downloads, on the bundled examples (``web_store``).

Numbers on a page are checked against the store (counted here with Cypher of the test's own) or
against the catalogue's answers, never against constants."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from rdflib import Graph
from starlette.testclient import TestClient

from scpkg.api.linked_data import local_href
from scpkg.queries.catalogue import STATUSES, Scope, run_all
from scpkg.store import GraphStore

from .html_tree import Element, parse

HTML = {"Accept": "text/html"}
ID = "https://w3id.org/scpkg/id/"
LANGS = ("en", "ar", "zh")


def _page(client: TestClient, url: str, status: int = 200) -> Element:
    response = client.get(url, headers=HTML)
    assert response.status_code == status, f"{url}: {response.status_code} {response.text[:400]}"
    assert response.headers["content-type"].startswith("text/html"), url
    root, _ = parse(response.text)
    return root


def _html(root: Element) -> Element:
    return next(root.iter("html"))


def _by_id(root: Element, id_: str) -> Element:
    found = [e for e in root.iter() if e.attrs.get("id") == id_]
    assert found, f"no element #{id_}"
    return found[0]


def _with_class(root: Element, cls: str) -> list[Element]:
    return [e for e in root.iter() if cls in e.classes()]


def _csv(client: TestClient, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code} {response.text[:300]}"
    assert response.headers["content-type"].startswith("text/csv"), url
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _policies_of(store: GraphStore, iso3: str) -> list[str]:
    rows = store.run(
        "MATCH (:Country {iso3: $c})<-[:COUNTRY]-(p:Policy) RETURN p.iri AS iri ORDER BY iri", {"c": iso3}
    )
    return [r["iri"] for r in rows]


def _a_policy(store: GraphStore, iso3: str = "GHA") -> str:
    found = _policies_of(store, iso3)
    assert found, f"the bundled examples hold no policy of {iso3}"
    return found[0]


def _a_case_study(store: GraphStore) -> str:
    rows = store.run(
        "MATCH (c:CaseStudy) WHERE c.identifier = 'illustrative-ghana-electronics' RETURN c.iri AS iri"
    )
    assert rows, "the bundled examples hold no Ghana case study"
    return str(rows[0]["iri"])


def _urls(store: GraphStore) -> dict[str, str]:
    return {
        "policy": local_href(_a_policy(store)),
        "country": "/id/country/GHA",
        "region": "/id/region/002",
        "case-study": local_href(_a_case_study(store)),
        "countries": "/countries",
        "regions": "/regions",
        "compare": "/compare?country=GHA&country=KEN",
    }


KINDS = ["policy", "country", "region", "case-study", "countries", "regions", "compare"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_page_not_rendered_in_language(
    web_client: TestClient, web_store: GraphStore, kind: str, lang: str
) -> None:
    url = _urls(web_store)[kind]
    root = _page(web_client, f"{url}{'&' if '?' in url else '?'}lang={lang}")
    html = _html(root)
    assert html.attrs["lang"] == lang
    assert html.attrs["dir"] == ("rtl" if lang == "ar" else "ltr")
    assert next(root.iter("h1")).text(), f"{kind} has an empty heading"


@pytest.mark.parametrize("kind", ["policy", "country", "region", "case-study"])
def test_page_of_a_thing_hides_its_iri_or_rdf(
    web_client: TestClient, web_store: GraphStore, kind: str
) -> None:
    url = _urls(web_store)[kind]
    body = web_client.get(url, headers={"accept": "text/html"}).text
    assert f'<code class="iri">https://w3id.org/scpkg{url}</code>' in body
    for fmt in ("ttl", "jsonld", "nt"):
        assert f'href="{url}?format={fmt}"' in body, (kind, fmt)


def test_country_page_policy_count_differs_from_store(web_client: TestClient, web_store: GraphStore) -> None:
    for iso3 in ("GHA", "IDN", "PER"):
        in_store = _policies_of(web_store, iso3)
        root = _page(web_client, f"/id/country/{iso3}")
        links = {
            e.attrs["href"].split("?")[0]
            for e in _by_id(root, "country-policies").iter("a")
            if "policy-link" in e.classes()
        }
        assert links == {local_href(i) for i in in_store}, iso3
        assert f"({len(in_store)})" in _by_id(root, "h-policies").text()


def test_country_page_hooks_missing(web_client: TestClient) -> None:
    root = _page(web_client, "/id/country/GHA")
    reports = [e.attrs["href"] for e in _with_class(root, "report-link")]
    assert any(h.startswith("/reports?scope=country:GHA") for h in reports), reports
    assert any(e.attrs["href"].startswith("/?country=GHA") for e in _with_class(root, "search-link"))
    assert any("/compare?country=GHA" in e.attrs["href"] for e in _with_class(root, "compare-link"))
    assert any(e.attrs["href"].startswith("/id/region/011") for e in _with_class(root, "region-link"))
    assert _with_class(root, "export-csv") and _with_class(root, "export-xlsx")


def test_country_gap_summary_differs_from_catalogue(web_client: TestClient, web_store: GraphStore) -> None:
    answers = run_all(web_store, Scope(country="GHA"))
    rows = _csv(web_client, "/countries/GHA/export?table=questions&format=csv")
    header, body = rows[0], rows[1:]
    assert len(header) == 2 + len(STATUSES)
    assert [int(r[0]) for r in body] == [a.question.number for a in answers]
    for row, a in zip(body, answers, strict=True):
        assert [int(x) for x in row[2:]] == [a.counts()[s] for s in STATUSES], a.question.id
    root = _page(web_client, "/id/country/GHA")
    summary = _by_id(root, "gap-summary")
    shown = [e.attrs["data-question"] for e in summary.iter("tr") if "data-question" in e.attrs]
    assert shown == [a.question.id for a in answers]


def test_country_policies_export_not_every_policy(web_client: TestClient, web_store: GraphStore) -> None:
    rows = _csv(web_client, "/countries/IDN/export?table=policies&format=csv")
    assert sorted(r[-1] for r in rows[1:]) == _policies_of(web_store, "IDN")
    xlsx = web_client.get("/countries/IDN/export?table=policies&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_country_without_case_study_shown_as_gaps(web_client: TestClient, web_store: GraphStore) -> None:
    assert not _policies_of(web_store, "BRA"), "the examples now describe Brazil: pick another country"
    root = _page(web_client, "/id/country/BRA")
    assert _with_class(root, "banner-no-data"), "a country no case study covers must say no data"
    summary = _by_id(root, "gap-summary")
    assert not [e for e in summary.iter() if "status-gap" in e.classes()], "no data was shown as a gap"
    matrix = next(e for e in root.iter("table") if "matrix" in e.classes())
    cells = [e for e in matrix.iter("td") if "cell" in e.classes()]
    assert cells and all("status-no-data" in c.classes() for c in cells)


def test_policy_page_loses_what_store_says(web_client: TestClient, web_store: GraphStore) -> None:
    iri = _a_policy(web_store, "GHA")
    root = _page(web_client, local_href(iri))
    country = _with_class(root, "country-link")
    assert country and country[0].attrs["href"].split("?")[0] == "/id/country/GHA"
    title = web_store.run("MATCH (p:Policy {iri: $iri}) RETURN p.title_en AS t", {"iri": iri})[0]["t"]
    assert next(root.iter("h1")).text() == title
    stages = web_store.run(
        "MATCH (:Policy {iri: $iri})-[:TARGETS_STAGE]->(s) RETURN s.notation AS n", {"iri": iri}
    )
    hrefs = [e.attrs.get("href", "") for e in root.iter("a")]
    for s in stages:
        assert any(h.startswith(f"/?stage={s['n']}") for h in hrefs), s
    assert _with_class(root, "banner-illustrative"), "an illustrative policy must say so"
    here = local_href(iri)
    for fmt in ("ttl", "jsonld", "nt"):
        assert f"{here}?format={fmt}" in hrefs


def test_policy_title_fallback_not_marked(web_client: TestClient, web_store: GraphStore) -> None:
    iri = _a_policy(web_store, "GHA")
    has_fr = web_store.run("MATCH (p:Policy {iri: $iri}) RETURN p.title_fr AS t", {"iri": iri})[0]["t"]
    assert has_fr is None, "the Ghana example now has a French title: pick another fallback case"
    h1 = next(_page(web_client, f"{local_href(iri)}?lang=fr").iter("h1"))
    assert any(isinstance(c, Element) and c.attrs.get("lang") == "en" for c in h1.children)


SPARSE = """\
id: test-sparse-chad
illustrative: true
title: {en: "Test: a sparse record", zh: "测试：一条稀疏记录"}
source:
  document: {en: "scpkg tests: invented to show what a page says of a field nobody stated"}
  locator: "n/a"
  entered_by: scpkg tests
  entered_on: 2026-12-02
policies:
  - id: sparse-policy
    country: Chad
    title: {en: "A policy that states little", zh: "一项说明很少的政策"}
"""
"""A policy that states a title (English and Chinese) and a country, and nothing else."""
SPARSE_IRI = ID + "policy/TCD/sparse-policy"


@pytest.fixture(scope="module")
def sparse_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app on a store of its own holding only the reference data and :data:`SPARSE`."""
    from scpkg.api.app import app_for_store
    from scpkg.ingest.pipeline import run
    from scpkg.ingest.reference import load_reference_data
    from scpkg.store import open_store

    tmp = tmp_path_factory.mktemp("pages-sparse")
    (tmp / "in").mkdir()
    (tmp / "in" / "sparse.yaml").write_text(SPARSE, encoding="utf-8")
    store = open_store("falkordb://" + str(tmp / "sparse.db"))
    store.init_schema()
    load_reference_data(store)
    report = run([tmp / "in"], store=store, report_dir=tmp / "report")
    assert [o.status for o in report.outcomes] == ["loaded"], [o.problems for o in report.outcomes]
    with TestClient(app_for_store(store)) as client:
        yield client
    store.close()


def test_missing_field_shown_blank_or_as_gap(sparse_client: TestClient) -> None:
    root = _page(sparse_client, local_href(SPARSE_IRI))
    facts = next(e for e in root.iter("dl") if "facts" in e.classes())
    rows = {}
    current = ""
    for child in facts.children:
        if isinstance(child, Element) and child.tag == "dt":
            current = child.text()
        elif isinstance(child, Element) and child.tag == "dd":
            rows[current] = child
    for field in ("Instrument types", "Status", "Adopted", "Life-cycle stages", "Sectors", "SDGs"):
        marks = [e for e in rows[field].iter() if "not-stated" in e.classes()]
        assert [e.text() for e in marks] == ["not stated"], field
    assert not [e for e in root.iter() if "status-gap" in e.classes()], "a missing field was shown as a gap"
    assert "No target stated." in root.text() and "No government body stated." in root.text()


def test_policy_title_not_in_page_language(sparse_client: TestClient) -> None:
    zh = next(_page(sparse_client, f"{local_href(SPARSE_IRI)}?lang=zh").iter("h1"))
    assert zh.text() == "一项说明很少的政策"
    assert not [c for c in zh.children if isinstance(c, Element) and c.attrs.get("lang")]
    ar = next(_page(sparse_client, f"{local_href(SPARSE_IRI)}?lang=ar").iter("h1"))
    assert ar.text() == "A policy that states little"
    assert [c.attrs.get("lang") for c in ar.children if isinstance(c, Element)] == ["en"]


def test_country_matrix_counts_untyped_policy_under_a_type(sparse_client: TestClient) -> None:
    rows = _csv(sparse_client, "/countries/TCD/export?table=matrix&format=csv")
    header = rows[0]
    not_stated = next(r for r in rows if r[0] == "Stage not stated")
    assert not_stated[header.index("Type not stated")] == "1"
    assert all(c == "no instrument" for c in not_stated[1:-1]), not_stated


def test_rdf_of_policy_iri_replaced_by_page(web_client: TestClient, web_store: GraphStore) -> None:
    iri = _a_policy(web_store, "GHA")
    for response in (
        web_client.get(f"{local_href(iri)}?format=ttl", headers=HTML),
        web_client.get(local_href(iri), headers={"Accept": "text/turtle"}),
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/turtle")
        g = Graph().parse(data=response.text, format="turtle")
        assert len(g) > 0 and any(str(s) == iri for s in g.subjects())
    country = web_client.get("/id/country/GHA", headers={"Accept": "text/turtle"})
    assert country.headers["content-type"].startswith("text/turtle")


def test_region_page_counts_differ_from_store(web_client: TestClient, web_store: GraphStore) -> None:
    root = _page(web_client, "/id/region/002")
    table = _by_id(root, "region-countries")
    shown: dict[str, str] = {}
    for tr in table.iter("tr"):
        cells = list(tr.iter("td"))
        if cells:
            shown[cells[1].text()] = cells[2].text()
    members = web_store.run(
        "MATCH (:Region {m49: '002'})<-[:SUB_REGION_OF*0..4]-(:Region)<-[:IN_REGION]-(c:Country) "
        "RETURN DISTINCT c.iso3 AS iso3"
    )
    assert set(shown) == {m["iso3"] for m in members}
    for iso3, text in shown.items():
        n = len(_policies_of(web_store, iso3))
        assert text == (str(n) if n else "0 no data"), iso3
    rows = _csv(web_client, "/regions/002/export?table=countries&format=csv")
    assert {r[1]: int(r[2]) for r in rows[1:]} == {k: len(_policies_of(web_store, k)) for k in shown}


def test_countries_list_differs_from_store(web_client: TestClient, web_store: GraphStore) -> None:
    rows = _csv(web_client, "/countries?format=csv")
    total = web_store.run("MATCH (c:Country) RETURN count(c) AS n")[0]["n"]
    assert len(rows) - 1 == total
    counts = {r[1]: int(r[3]) for r in rows[1:]}
    for iso3 in ("GHA", "IDN", "BRA", "EU"):
        assert counts[iso3] == len(_policies_of(web_store, iso3)), iso3
    root = _page(web_client, "/countries")
    assert len([tr for tr in _by_id(root, "countries").iter("tr") if "data-iso3" in tr.attrs]) == total


def test_regions_list_differs_from_store(web_client: TestClient, web_store: GraphStore) -> None:
    rows = _csv(web_client, "/regions?format=csv")
    by_m49 = {r[1]: r for r in rows[1:]}
    total = web_store.run("MATCH (r:Region) RETURN count(r) AS n")[0]["n"]
    assert len(by_m49) == total
    africa = web_store.run(
        "MATCH (:Region {m49: '002'})<-[:SUB_REGION_OF*0..4]-(:Region)<-[:IN_REGION]-(c:Country) "
        "RETURN count(DISTINCT c) AS n"
    )[0]["n"]
    assert int(by_m49["002"][4]) == africa
    world = web_store.run("MATCH (:Country)<-[:COUNTRY]-(p:Policy) RETURN count(p) AS n")[0]["n"]
    assert int(by_m49["001"][5]) == world


def test_case_study_page_misses_its_policies(web_client: TestClient, web_store: GraphStore) -> None:
    iri = _a_case_study(web_store)
    expected = web_store.run(
        "MATCH (p:Policy) WHERE $c IN p.asserted_by RETURN p.iri AS iri ORDER BY iri", {"c": iri}
    )
    root = _page(web_client, local_href(iri))
    listed = [e.attrs["href"].split("?")[0] for e in _by_id(root, "case-study-policies").iter("a")]
    assert listed == [local_href(r["iri"]) for r in expected]
    assert _with_class(root, "banner-illustrative")
    digest, _ = web_store.case_study_origins([iri])[iri]
    assert digest in root.text()


def test_named_graph_download_differs_from_store(web_client: TestClient, web_store: GraphStore) -> None:
    iri = _a_case_study(web_store)
    name = iri.rsplit("/", 1)[-1]
    stored = web_store.case_study_graph(iri)
    assert stored is not None
    for ext, fmt in (("ttl", "turtle"), ("nt", "nt")):
        response = web_client.get(f"/case-studies/{name}/graph.{ext}")
        assert response.status_code == 200
        assert Graph().parse(data=response.text, format=fmt).isomorphic(stored)
    trig = web_client.get(f"/case-studies/{name}/graph.trig")
    assert trig.status_code == 200 and iri in trig.text
    assert web_client.get("/case-studies/no-such-case/graph.ttl", headers=HTML).status_code == 404


def test_compare_differs_from_catalogue(web_client: TestClient, web_store: GraphStore) -> None:
    root = _page(web_client, "/compare?country=GHA&country=KEN")
    table = _by_id(root, "compare-questions")
    heads = [e.text() for e in next(table.iter("thead")).iter("th")]
    assert heads[2:] == ["Ghana", "Kenya"]
    rows = _csv(web_client, "/compare?country=GHA&country=KEN&format=csv&table=questions")
    got = {(r[0], r[2]): [int(x) for x in r[3:]] for r in rows[1:]}
    for iso3 in ("GHA", "KEN"):
        for a in run_all(web_store, Scope(country=iso3)):
            assert got[(str(a.question.number), iso3)] == [a.counts()[s] for s in STATUSES]
    matrices = [e for e in root.iter("table") if "matrix" in e.classes()]
    assert len(matrices) == 2
    assert len(_csv(web_client, "/compare?country=GHA&country=KEN&format=csv&table=matrix")) > 1


def test_compare_unknown_country_answered_empty(web_client: TestClient) -> None:
    root = _page(web_client, "/compare?country=GHA&country=GHX", status=400)
    assert "GHX" in _with_class(root, "error-detail")[0].text()
    suggestions = [e.text() for e in _with_class(root, "suggestions")[0].iter("li")]
    assert suggestions, "an unknown code must come with suggestions"


def test_compare_one_country_shows_empty_comparison(web_client: TestClient) -> None:
    root = _page(web_client, "/compare?country=GHA")
    assert _by_id(root, "compare-hint").text()
    assert not [e for e in root.iter("table") if e.attrs.get("id") == "compare-questions"]
    select = _by_id(root, "country-0")
    chosen = [o for o in select.iter("option") if "selected" in o.attrs]
    assert [o.attrs["value"] for o in chosen] == ["GHA"]


def test_export_unknown_format_accepted(web_client: TestClient) -> None:
    for url in (
        "/countries?format=pdf",
        "/countries/GHA/export?table=matrix&format=pdf",
        "/regions?format=x",
    ):
        assert web_client.get(url, headers=HTML).status_code == 400, url
    assert web_client.get("/countries/GHA/export?table=nope&format=csv", headers=HTML).status_code == 400


def test_other_iri_kind_given_a_page(web_client: TestClient, web_store: GraphStore) -> None:
    """A body or concept keeps the generic linked-data page (None from entity_page)."""
    rows = web_store.run("MATCH (b:GovernmentBody) RETURN b.iri AS iri ORDER BY iri LIMIT 1")
    assert rows
    response = web_client.get(local_href(rows[0]["iri"]), headers=HTML)
    assert response.status_code == 200
    assert "<h2>Properties</h2>" in response.text, "a body's page is no longer the generic linked-data page"


def test_search_link_of_a_page_refused_by_search(web_client: TestClient, web_store: GraphStore) -> None:
    """Every link from a country or policy page into the search names values the search knows."""
    urls = ["/id/country/GHA", local_href(_a_policy(web_store, "GHA")), "/id/region/002"]
    links: set[str] = set()
    for url in urls:
        root = _page(web_client, url)
        links |= {e.attrs["href"] for e in root.iter("a") if e.attrs.get("href", "").startswith("/?")}
    assert links, "no page links to the search"
    for link in sorted(links):
        assert web_client.get(link, headers=HTML).status_code == 200, link


def test_gap_answers_of_one_store_shown_for_another(
    web_client: TestClient, sparse_client: TestClient
) -> None:
    """Pages reuse a scope's answers for a while; never across two stores served by one process."""
    assert not _with_class(_page(web_client, "/id/country/GHA"), "banner-no-data")
    root = _page(sparse_client, "/id/country/GHA")
    assert _with_class(root, "banner-no-data"), "Ghana's answers from the examples' store were reused"
    assert "computed at" in _with_class(root, "computed")[0].text()
