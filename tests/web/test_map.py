"""The world map (/map): one path per drawn country with the status its findings give for the chosen
question (checked against ``catalogue.run``), a legend telling the statuses apart in words and patterns,
the same data as a table and a download, countries too small to draw still listed; and the shapes are
what the generator makes from the committed world-atlas file (drift test)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re

import pytest
from starlette.testclient import TestClient

from scpkg.api.web import make_world
from scpkg.api.web.maps import PRECEDENCE, categories
from scpkg.api.web.world import shapes
from scpkg.queries import catalogue
from scpkg.queries.catalogue import Scope
from scpkg.queries.report.build import sdg1211_table
from scpkg.store import GraphStore

HTML = {"accept": "text/html"}
PATH = re.compile(
    r'<a href="/id/country/([A-Z]{3})\?lang=\w+"[^>]*><path d="[^"]+" data-iso3="([A-Z]{3})" '
    r'data-status="([a-z-]+)"><title>([^<]+)</title>'
)


def _paths(html: str) -> dict[str, str]:
    found = PATH.findall(html)
    assert all(link == iso3 for link, iso3, _, _ in found)  # a click goes to that country's page
    return {iso3: status for _, iso3, status, _ in found}


def test_generated_shapes_are_up_to_date_with_the_world_atlas_source() -> None:
    committed = (make_world.folder() / make_world.OUTPUT).read_text(encoding="utf-8")
    assert committed == make_world.generated(), "run python -m scpkg.api.web.make_world"
    data = json.loads(committed)
    assert len(data["countries"]) > 170 and data["unmapped"] == ["Kosovo", "N. Cyprus", "Somaliland"]
    assert {"GHA", "KEN", "FRA", "CHL", "RUS", "FJI", "ATA"} <= set(data["countries"])


def test_rings_across_the_antimeridian_are_cut_not_drawn_across_the_map() -> None:
    # Fiji and Chukotka cross 180°; drawn as they are, they smear a line over the whole map
    ring = [(178.0, -17.0), (179.9, -16.5), (-179.9, -16.0), (-179.5, -16.8), (179.5, -17.5), (178.0, -17.0)]
    pieces = make_world.split_antimeridian(ring)
    assert len(pieces) == 2
    for piece in pieces:
        lons = [lon for lon, _ in piece]
        assert max(lons) - min(lons) < 5 and all(-180 <= lon <= 180 for lon in lons)
    for d in (shapes().paths["FJI"], shapes().paths["RUS"]):
        for move in re.findall(r"M([\d.]+) [\d.]+l([^z]*)z", d):
            x, steps = float(move[0]), [float(v) for v in move[1].split()[::2]]
            xs = list(itertools.accumulate([x, *steps]))
            assert max(xs) - min(xs) < 500, "a ring spans half the map"


def test_map_colours_each_country_by_its_findings_for_the_question(
    web_client: TestClient, web_store: GraphStore
) -> None:
    r = web_client.get("/map?question=life-cycle-coverage", headers=HTML)
    assert r.status_code == 200
    drawn = _paths(r.text)
    assert set(drawn) == set(shapes().paths)  # one path per country the shapes have
    answer = catalogue.run(web_store, "life-cycle-coverage", Scope())
    statuses: dict[str, set[str]] = {}
    for f in answer.findings:
        statuses.setdefault(f.subject["country"], set()).add(f.status)
    assert any("gap" in s for s in statuses.values())
    for iso3, shown in drawn.items():
        has = statuses.get(iso3, set())
        if not has:
            assert shown == "no-data", iso3
        else:
            assert shown == next(s for s in PRECEDENCE if s in has), iso3
    assert drawn["GHA"] == "gap" and "gap" in statuses["GHA"]


@pytest.mark.parametrize("question", ["6", "implementation"])
def test_map_of_other_questions_by_number_or_id(
    web_client: TestClient, web_store: GraphStore, question: str
) -> None:
    r = web_client.get(f"/map?question={question}&lang=ar", headers=HTML)
    assert r.status_code == 200 and '<html lang="ar" dir="rtl">' in r.text
    drawn = _paths(r.text)
    answer = catalogue.run(web_store, question, Scope())
    with_findings = {f.subject["country"] for f in answer.findings if "country" in f.subject}
    assert {c for c, s in drawn.items() if s != "no-data"} <= with_findings


def test_legend_tells_the_statuses_apart_in_words(web_client: TestClient) -> None:
    html = web_client.get("/map", headers=HTML).text
    legend = html[html.index('<section id="map-legend"') :]
    legend = legend[: legend.index("</section>")]
    for status in ("gap", "covered", "not-stated", "no-data"):
        assert f'<li data-status="{status}">' in legend, status
    words = re.findall(r'<strong class="status-[a-z-]+">([^<]+)</strong>', legend)
    assert len(words) == len(set(words)) == len(PRECEDENCE) + 1
    # patterns, not colour alone: gap, not-stated have their own pattern fills
    assert '<pattern id="map-pat-gap"' in html and '<pattern id="map-pat-not-stated"' in html


def test_map_table_lists_every_country_including_the_ones_too_small_to_draw(web_client: TestClient) -> None:
    html = web_client.get("/map?question=1", headers=HTML).text
    rows = dict(re.findall(r'<tr data-iso3="([A-Z]{3}|EU)" data-status="([a-z-]+)">', html))
    drawn = _paths(html)
    assert set(drawn) < set(rows)
    small = {"MLT", "SGP", "MUS"} - set(shapes().paths)
    assert small and small <= set(rows)
    assert all(rows[c] == s for c, s in drawn.items())
    assert 'class="export-csv"' in html and 'class="export-xlsx"' in html


def test_map_csv_download_has_the_tables_rows(web_client: TestClient, web_store: GraphStore) -> None:
    html = web_client.get("/map?question=1", headers=HTML).text
    rows = dict(re.findall(r'<tr data-iso3="([A-Z]{3}|EU)" data-status="([a-z-]+)">', html))
    r = web_client.get("/map?question=1&format=csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert {t["iso3"]: t["status"] for t in table} == rows
    findings = catalogue.run(web_store, 1, Scope()).findings
    for status in ("gap", "covered", "not-stated"):
        assert sum(int(t[status]) for t in table) == sum(1 for f in findings if f.status == status), status
    ghana = next(t for t in table if t["iso3"] == "GHA")
    assert int(ghana["gap"]) > 0 and ghana["on_map"] == "yes"


def test_category_map_shows_where_the_1211_table_counts_an_instrument(
    web_client: TestClient, web_store: GraphStore
) -> None:
    codes = categories()
    assert "regulatory-legal" in codes
    for code in codes:
        r = web_client.get(f"/map?category={code}", headers=HTML)
        assert r.status_code == 200
        drawn = _paths(r.text)
        cells = [c for c in sdg1211_table(web_store, Scope()) if c.region == "001" and c.item == code]
        present = {x for c in cells for x in c.described_countries + c.reported_only_countries}
        assert {c for c, s in drawn.items() if s == "present"} == present & set(drawn)
        assert set(drawn.values()) <= {"present", "absent", "no-data"}


def test_unknown_question_or_category_is_an_error_with_suggestions(web_client: TestClient) -> None:
    r = web_client.get("/map?question=life-cycle-coverag", headers=HTML)
    assert (
        r.status_code == 400 and "life-cycle-coverag" in r.text and "<li>life-cycle-coverage</li>" in r.text
    )
    r = web_client.get("/map?category=regulatory", headers=HTML)
    assert r.status_code == 400 and "<li>regulatory-legal</li>" in r.text
    r = web_client.get("/map?question=1&format=pdf", headers=HTML)
    assert r.status_code == 400 and "<li>csv</li>" in r.text
