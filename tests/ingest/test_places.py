"""Regions, supranational and sub-national jurisdictions (issue 10), on the reference graph and ingest.

Before issue 10 the graph held no intermediate region (029 Caribbean) and no SDG grouping (513), the
EU was no jurisdiction (`country: EU` was refused) and no policy could name a subdivision.
"""

from __future__ import annotations

import csv
from collections import Counter
from importlib.resources import files
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph, Literal

from scpkg.ingest import countries, reference, regions
from scpkg.ingest.pipeline import run
from scpkg.iris import country, region
from scpkg.ontology.namespace import SCP

DATA = Path(__file__).resolve().parents[1] / "data" / "places"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return reference.reference_graph()


def _paths_up(graph: Graph, iso3: str) -> Counter[str]:
    """How many distinct paths lead from a country to each region above it (inRegion, subRegionOf*)."""
    counts: Counter[str] = Counter()
    todo = list(graph.objects(country(iso3), SCP.inRegion))
    while todo:
        node = todo.pop()
        counts[str(node).rsplit("/", 1)[-1]] += 1
        todo.extend(graph.objects(node, SCP.subRegionOf))
    return counts


# --- regions ---------------------------------------------------------------------------------------


def test_intermediate_region_029_is_held_and_jamaica_is_in_it(graph: Graph) -> None:
    assert (country("JAM"), SCP.inRegion, region("029")) in graph
    assert (region("029"), SCP.subRegionOf, region("419")) in graph
    assert (region("029"), SCP.regionKind, Literal("intermediate-region")) in graph
    assert regions.resolve("Caribbean") == regions.resolve("29") == "029"


def test_no_country_reaches_a_region_twice(graph: Graph) -> None:
    """The SDG groupings hang beside the World, not under it: a second parent must never make a
    second path from one country to one region (region answers would count the country twice)."""
    for iso3 in countries.all_iso3():
        doubled = {code: n for code, n in _paths_up(graph, iso3).items() if n > 1}
        assert doubled == {}, iso3
    assert _paths_up(graph, "FRA")["513"] == 1 and _paths_up(graph, "USA")["513"] == 1


def test_sdg_groupings_follow_m49_sub_regions() -> None:
    m = {iso3: countries.m49_membership(iso3) for iso3 in countries.all_iso3()}
    europe_na = {i for i, x in m.items() if x.region == "150" or x.sub_region == "021"}
    assert regions.countries_in("513") == europe_na and {"FRA", "USA", "CAN"} <= europe_na
    assert {"EGY", "SAU", "TUR"} <= regions.countries_in("747")
    assert not {"AUS", "NZL"} & regions.countries_in("543") and "FJI" in regions.countries_in("543")
    assert {"AUS", "NZL"} <= regions.countries_in("053")
    assert regions.regions()["419"].kinds == ("sub-region", "sdg-grouping")  # one node, reached as both
    groupings = {c for c, r in regions.regions().items() if "sdg-grouping" in r.kinds}
    assert groupings == {"513", "747", "753", "062", "543", "053", "202", "419"}
    every = [i for i in countries.all_iso3() if m[i].sub_region]
    per_country = Counter(i for g in groupings for i in regions.countries_in(g))
    assert all(per_country[i] == 1 for i in every)  # the eight groupings partition the placed countries


def test_sdg_table_is_what_its_script_generates() -> None:
    import importlib.util

    script = Path(__file__).resolve().parents[2] / "ingest" / "data" / "make_sdg_regions.py"
    spec = importlib.util.spec_from_file_location("make_sdg_regions", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with (files("scpkg.ingest") / "data" / regions.SDG_FILE).open(encoding="utf-8", newline="") as f:
        assert list(csv.DictReader(f)) == module.build_rows()


def test_unknown_region_suggests_names_with_their_kind() -> None:
    with pytest.raises(regions.UnknownRegionError) as err:
        regions.resolve("Europe and North America")
    assert "513 Europe and Northern America (SDG grouping)" in err.value.suggestions
    with pytest.raises(regions.UnknownRegionError, match="unknown region '999'"):
        regions.resolve("999")


# --- the EU ----------------------------------------------------------------------------------------


def test_eu_is_a_jurisdiction_with_27_members_and_six_labels(graph: Graph) -> None:
    eu = country("EU")
    assert countries.resolve("European Union") == countries.resolve("eu") == "EU"
    assert (eu, RDF.type, SCP.SupranationalJurisdiction) in graph
    assert {lit.language for lit in graph.objects(eu, SKOS.prefLabel)} == {"en", "fr", "es", "ru", "zh", "ar"}
    members = set(graph.subjects(SCP.memberOf, eu))
    assert len(members) == 27 and country("FRA") in members and country("GBR") not in members
    assert not list(graph.objects(eu, SCP.inRegion))  # in no M49 region: never counted in a region


def test_eu_is_a_party_without_an_invented_date(graph: Graph) -> None:
    for convention in ("minamata", "basel", "rotterdam", "stockholm"):
        assert "EU" in reference.parties(convention)
        node = reference.participation_iri(convention, "EU")
        assert (node, SCP.partyDateNotInSource, Literal(True)) in graph
        assert not list(graph.objects(node, SCP.ratifiedOn))


def test_mea_supplement_refuses_a_second_row_and_an_unknown_status() -> None:
    header = ",".join(reference.MEA_SUPPLEMENT_FIELDS) + "\n"
    main = list(reference.read_mea_table(open_main()))
    dup = "basel,Ghana,GHA,party-date-not-in-source,somewhere\n"
    with pytest.raises(reference.ReferenceDataError, match=r":2: field 'code': GHA already has a basel row"):
        reference.read_mea_supplement([header, dup], main)
    with pytest.raises(reference.ReferenceDataError, match="field 'status'"):
        reference.read_mea_supplement([header, "basel,European Union,EU,ratified,somewhere\n"], [])


def open_main() -> list[str]:
    path = files("scpkg.ingest") / "data" / reference.MEA_FILE
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


# --- ingest: country EU, subdivisions ---------------------------------------------------------------


def test_eu_and_subdivision_policies_ingest_with_their_links() -> None:
    report = run([DATA / "regions.yaml"])
    (outcome,) = report.outcomes
    assert outcome.status != "quarantined", outcome.problems
    g = outcome.graph
    assert g is not None
    eu_policy = next(s for s in g.subjects(SCP.country, country("EU")))
    assert str(g.value(eu_policy, SCP.jurisdictionLevel)).endswith("/regional")  # implied for the EU
    quebec = next(s for s in g.subjects(SCP.subdivision, None))
    assert (quebec, SCP.country, country("CAN")) in g  # still counts for its country
    assert str(g.value(quebec, SCP.jurisdictionLevel)).endswith("/sub-national")
    sub = g.value(quebec, SCP.subdivision)
    assert str(sub).endswith("/subdivision/CA-QC") and (sub, SCP.subdivisionOf, country("CAN")) in g


def test_subdivision_outside_the_policy_country_is_refused_naming_the_field() -> None:
    report = run([DATA / "bad-subdivision.yaml"])
    (outcome,) = report.outcomes
    assert outcome.status == "quarantined"
    messages = {(p.record, p.field, p.message) for p in outcome.problems}
    assert any(
        w.endswith("subdivision") and "US-CA (California) is in United States (USA)" in m and "Canada" in m
        for _, w, m in messages
    ), messages
    assert any(w.endswith("subdivision") and "CA-QC (Quebec)" in m for _, w, m in messages), messages
    assert all(r == "places-bad-subdivision" for r, _, _ in messages)
    assert all(p.file.endswith("bad-subdivision.yaml") for p in outcome.problems)
