"""The report's SDG 12.1.1 table (issue 10): countries with at least one instrument per category and a
coordination mechanism, by region, counting described policies (by the ontology's crosswalk) and reported
observations, told apart, in HTML, Markdown, JSON and CSV. Each test is named after the failure it guards.

Store: the 12.1.1 fixtures of tests/data/real/ (worked out in tests/queries/test_reported_observations.py)
and, written here, a Ghana ban (regulatory, described) and Ghana's coordination committee (a body).
Hand-worked World row (countries with data: BOL, CIV, GHA, KOR, MUS, THA, VNM = 7):
- regulatory-legal: reported BOL, CIV, THA, VNM; described GHA -> at least one 5, reported-only 4.
- voluntary: reported GHA (yes), MUS (2); BOL says no -> 2, reported-only 2.
- economic-fiscal: KOR (yes), VNM (1); THA says 0 -> 2.  macro-policy: KOR; VNM says 0 -> 1.
- coordination-mechanism: reported KOR, VNM; GHA reports "no" but a case study describes its committee ->
  3 (described 1, reported-only 2).
Africa (002): CIV, GHA, MUS.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from scpkg.ingest.pipeline import run as ingest
from scpkg.ingest.reference import load_reference_data
from scpkg.queries.catalogue import Scope
from scpkg.queries.report import build_report, write_report
from scpkg.queries.report.build import Report
from scpkg.queries.report.render_html import render_html
from scpkg.queries.report.render_text import render_csv, render_markdown
from scpkg.store import GraphStore, open_store

REAL = Path(__file__).resolve().parents[2] / "tests" / "data" / "real"

GHANA = """
id: fixture-sdg1211-ghana
title: {en: "Fixture: Ghana's described ban and committee"}
illustrative: true
source: {document: {en: scpkg test fixture}, locator: "§1", entered_by: tests, entered_on: 2026-12-02}
policies:
  - {id: plastics-ban, country: GHA, title: {en: Plastics ban}, instrument_type: ban, sectors: [plastics],
     status: adopted}
coordination_mechanisms:
  - {name: National SCP coordination committee, country: Ghana, kind: inter-ministerial-committee}
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    tmp = tmp_path_factory.mktemp("sdg1211")
    (tmp / "ghana.yaml").write_text(GHANA, encoding="utf-8")
    s = open_store("falkordb://" + str(tmp / "g.db"))
    s.init_schema()
    load_reference_data(s)
    files = [
        REAL / "sdg-12-1-1-reported-observations.yaml",
        REAL / "sdg-12-1-1-reported-observations.csv",
        tmp / "ghana.yaml",
    ]
    report = ingest(files, store=s, report_dir=tmp / "r")
    assert report.counts["quarantined"] == 0, [o.problems for o in report.outcomes]
    yield s
    s.close()


@pytest.fixture(scope="module")
def world(store: GraphStore) -> Report:
    return build_report(store, Scope())


def cells(report: Report, region: str) -> dict[str, tuple[int, int, int, int]]:
    return {
        c.item: (c.either, c.described, c.reported_only, c.countries)
        for c in report.sdg1211
        if c.region == region
    }


def test_flag_only_report_is_counted_in_the_table_by_region(world: Report) -> None:
    assert cells(world, "001") == {
        "regulatory-legal": (5, 1, 4, 7),
        "voluntary": (2, 0, 2, 7),
        "economic-fiscal": (2, 0, 2, 7),
        "macro-policy": (1, 0, 1, 7),
        "coordination-mechanism": (3, 1, 2, 7),
    }
    africa = cells(world, "002")
    assert africa["regulatory-legal"] == (2, 1, 1, 3) and africa["voluntary"] == (2, 0, 2, 3)


def test_described_and_reported_countries_are_told_apart(world: Report) -> None:
    (reg,) = [c for c in world.sdg1211 if c.region == "001" and c.item == "regulatory-legal"]
    assert reg.described_countries == ["GHA"]
    assert reg.reported_only_countries == ["BOL", "CIV", "THA", "VNM"]
    (cm,) = [c for c in world.sdg1211 if c.region == "001" and c.item == "coordination-mechanism"]
    assert cm.described_countries == ["GHA"] and cm.reported_only_countries == ["KOR", "VNM"]


def test_table_is_in_every_format_with_the_same_numbers(world: Report, tmp_path: Path) -> None:
    html = render_html(world)
    section = html.split('<section id="sdg-12-1-1">')[1].split("</section>")[0]
    assert 'data-region="001"' in section
    assert 'data-item="regulatory-legal" data-either="5" data-described="1" data-reported-only="4"' in section
    assert 'href="#sdg-12-1-1"' in html
    md = render_markdown(world)
    assert "## SDG 12.1.1: countries with at least one instrument per category" in md
    world_line = next(line for line in md.splitlines() if line.startswith("| World (001) |"))
    assert "5 (described 1, reported, not described 4)" in world_line
    rows = list(csv.DictReader(io.StringIO(render_csv(world)["sdg-12-1-1"])))
    reg = next(r for r in rows if r["region"] == "001" and r["item"] == "regulatory-legal")
    assert (reg["at_least_one"], reg["described"], reg["reported_only"]) == ("5", "1", "4")
    paths = write_report(world, tmp_path, ["json"])
    data = json.loads(paths[0].read_text("utf-8"))
    assert {(c["region"], c["item"], c["either"]) for c in data["sdg_12_1_1"]} >= {("001", "voluntary", 2)}


def test_country_scope_and_exclusion_change_the_counts_in_the_statement(store: GraphStore) -> None:
    ghana = build_report(store, Scope(country="GHA"))
    assert cells(ghana, "001")["voluntary"] == (1, 0, 1, 1)
    no_fixture = build_report(store, Scope(), exclude_illustrative=True)  # every fixture here is illustrative
    assert no_fixture.sdg1211 == []  # left out in the statement, not after it


def test_sector_scope_has_no_table(store: GraphStore) -> None:
    report = build_report(store, Scope(sector="plastics"))
    assert report.sdg1211 == [] and 'id="sdg-12-1-1"' not in render_html(report)
