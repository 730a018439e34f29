"""Countries, UN M49 regions and MEA party status: the reference facts gap questions join against."""

import csv
from importlib.resources import files

import pytest
from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib.namespace import XSD as _XSD

from scpkg.ingest import countries, reference
from scpkg.ingest.countries import UnknownCountryError
from scpkg.ingest.reference import SCP, ReferenceDataError, read_mea_table
from scpkg.iris import country, region

MEA_CSV = files("scpkg.ingest") / "data" / "mea-parties.csv"


def _mea_lines() -> list[str]:
    return MEA_CSV.read_text(encoding="utf-8").splitlines(keepends=True)


# --- country resolution -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("ID", "IDN"),
        ("id", "IDN"),
        ("IDN", "IDN"),
        ("Indonesia", "IDN"),
        ("  indonesia ", "IDN"),
        ("CL", "CHL"),
        ("Chile", "CHL"),
        ("Mexico", "MEX"),
        ("Viet Nam", "VNM"),
        ("Lao PDR", "LAO"),
        ("Lao People's Democratic Republic", "LAO"),
        ("Plurinational State of Bolivia", "BOL"),
    ],
)
def test_resolves_codes_and_names(text: str, iso3: str) -> None:
    assert countries.resolve(text) == iso3


def test_country_name_with_typographic_apostrophe_resolves() -> None:
    # Documents print "Côte d’Ivoire" with U+2019; pycountry only knows the ASCII apostrophe.
    assert countries.resolve("Côte d’Ivoire") == "CIV"
    assert countries.resolve("Lao People’s  Democratic Republic") == "LAO"


def test_republic_of_korea_is_not_fuzzily_the_north() -> None:
    # pycountry's fuzzy search ranks the DPRK first for "Republic of Korea"; resolution must not guess.
    assert countries.resolve("Republic of Korea") == "KOR"
    assert countries.resolve("Democratic People's Republic of Korea") == "PRK"


def test_unknown_country_suggests_close_matches() -> None:
    with pytest.raises(UnknownCountryError) as info:
        countries.resolve("Indonesa")
    assert isinstance(info.value, ValueError)
    assert any("IDN" in s for s in info.value.suggestions)
    assert "Indonesia (IDN)" in str(info.value)


def test_unknown_code_is_an_error_not_a_guess() -> None:
    with pytest.raises(UnknownCountryError):
        countries.resolve("XYZ")
    with pytest.raises(UnknownCountryError):
        countries.resolve("")


def test_every_mea_table_spelling_resolves_to_its_code() -> None:
    # The MEA table spells countries as its source does: each spelling is a real-world test case.
    rows = list(csv.DictReader(_mea_lines()))
    wrong = {(r["country"], r["iso3"], countries.resolve(r["country"])) for r in rows}
    assert {w for w in wrong if w[1] != w[2]} == set()


# --- UN M49 ---------------------------------------------------------------------------------------


def test_indonesia_is_in_south_eastern_asia_in_asia() -> None:
    m = countries.m49_membership("IDN")
    assert (m.m49, m.sub_region, m.region) == ("360", "035", "142")
    regions = countries.m49_regions()
    assert regions["035"].name == "South-eastern Asia"
    assert regions["035"].parent == "142"
    assert regions["142"].name == "Asia"
    assert regions["142"].parent == countries.WORLD_M49


def test_intermediate_regions_sit_in_their_sub_region() -> None:
    mex = countries.m49_membership("MEX")
    assert (mex.intermediate_region, mex.sub_region, mex.region) == ("013", "419", "019")
    assert countries.m49_regions()["013"].parent == "419"
    assert countries.m49_membership("SDN").sub_region == "015"  # Sudan: Northern Africa, not Sub-Saharan


def test_m49_table_covers_every_iso_country() -> None:
    assert {countries.m49_membership(c).iso3 for c in countries.all_iso3()} == set(countries.all_iso3())
    placed = [c for c in countries.all_iso3() if countries.m49_membership(c).sub_region]
    assert countries.all_iso3() and set(countries.all_iso3()) - set(placed) == {"ATA"}


def test_m49_region_tree_has_the_five_regions() -> None:
    top = {code for code, info in countries.m49_regions().items() if info.parent == countries.WORLD_M49}
    assert top == {"002", "019", "142", "150", "009"}


# --- MEA party table ------------------------------------------------------------------------------


def test_mea_table_reads_all_776_rows() -> None:
    main = [p for p in reference.mea_participations() if not p.date_not_in_source]
    assert len(main) == len(_mea_lines()) - 1 == 776


def test_indonesia_is_a_minamata_party_with_its_dates() -> None:
    (idn,) = [p for p in reference.mea_participations() if p.convention == "minamata" and p.iso3 == "IDN"]
    assert (str(idn.signed), str(idn.ratified), str(idn.entry_into_force)) == (
        "2013-10-10",
        "2017-09-22",
        "2017-12-21",
    )
    assert idn.withdrawn is None
    assert "IDN" in reference.parties("minamata")


def test_signed_but_unratified_is_not_a_party() -> None:
    (hti,) = [p for p in reference.mea_participations() if p.convention == "basel" and p.iso3 == "HTI"]
    assert hti.signed is not None and hti.ratified is None
    assert "HTI" not in reference.parties("basel")


def test_withdrawn_is_not_a_party() -> None:
    lines = _mea_lines()
    header, row = lines[0], next(line for line in lines if line.startswith("minamata,") and ",IDN," in line)
    withdrawn = row.rstrip("\n") + "2020-01-01\n"
    (p,) = read_mea_table([header, withdrawn])
    assert p.ratified is not None and p.withdrawn is not None
    assert not p.is_party


def test_parties_counts_only_ratified_not_withdrawn() -> None:
    for convention in reference.CONVENTIONS:
        expected = {
            p.iso3
            for p in reference.mea_participations()
            if p.convention == convention and (p.ratified or p.date_not_in_source) and not p.withdrawn
        }
        assert reference.parties(convention) == expected
        assert len(expected) > 100


def test_unknown_convention_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown convention"):
        reference.parties("kyoto")


@pytest.mark.parametrize(
    ("field", "bad", "expected"),
    [
        ("ratified", "2017-13-45", "field 'ratified'"),
        ("iso3", "XXX", "field 'iso3'"),
        ("convention", "kyoto", "field 'convention'"),
        ("signed", "10/10/2013", "field 'signed'"),
    ],
)
def test_bad_row_names_file_line_and_field(field: str, bad: str, expected: str) -> None:
    lines = _mea_lines()
    rows = list(csv.DictReader(lines[:6]))
    rows[3][field] = bad  # the fourth data row is on line 5 of the file
    out = [lines[0]] + [",".join(f'"{v}"' if "," in v else v for v in r.values()) + "\n" for r in rows]
    with pytest.raises(ReferenceDataError) as info:
        read_mea_table(out, source="mea-parties.csv")
    assert str(info.value).startswith("mea-parties.csv:5: ")
    assert expected in str(info.value)


def test_duplicate_row_is_refused() -> None:
    lines = _mea_lines()
    with pytest.raises(ReferenceDataError, match=r":3: field 'iso3'.*line 2"):
        read_mea_table([lines[0], lines[1], lines[1]])


# --- the reference graph --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph():
    return reference.reference_graph()


def test_graph_has_countries_with_codes_and_region(graph) -> None:
    idn = country("IDN")
    assert (idn, RDF.type, SCP.Country) in graph
    assert (idn, SCP.iso3, Literal("IDN")) in graph
    assert (idn, SCP.iso2, Literal("ID")) in graph
    assert (idn, SCP.m49, Literal("360")) in graph
    assert (idn, SCP.inRegion, region("035")) in graph
    assert (region("035"), SCP.subRegionOf, region("142")) in graph
    assert (region("142"), RDF.type, SCP.Region) in graph
    assert (region("142"), SCP.m49, Literal("142")) in graph
    assert len(set(graph.subjects(RDF.type, SCP.Country))) == len(countries.all_iso3())


def test_graph_labels_countries_in_english_and_other_un_languages(graph) -> None:
    langs = {lit.language for lit in graph.objects(country("IDN"), SKOS.prefLabel)}
    assert "en" in langs
    assert langs >= {"fr", "es", "ru", "zh", "ar"}


def test_graph_has_one_participation_per_row_with_dates(graph) -> None:
    node = URIRef("https://w3id.org/scpkg/id/mea/minamata/party/IDN")
    assert (node, RDF.type, SCP.MEAParticipation) in graph
    assert (node, SCP.party, country("IDN")) in graph
    assert (node, SCP.agreement, URIRef("https://w3id.org/scpkg/id/mea/minamata")) in graph
    assert (node, SCP.ratifiedOn, Literal("2017-09-22", datatype=_XSD.date)) in graph
    assert not list(graph.objects(node, SCP.withdrawnOn))  # empty in the table: omitted
    assert len(set(graph.subjects(RDF.type, SCP.MEAParticipation))) == 776 + 4  # + the EU's four, undated


def test_graph_uses_only_terms_the_ontology_declares(graph) -> None:
    ttl = files("scpkg.ontology") / "scp.ttl"
    if not ttl.is_file():
        pytest.skip("ontology/scp.ttl is not written yet")
    ontology = Graph().parse(data=ttl.read_text(encoding="utf-8"), format="turtle")
    used = {p for p in graph.predicates() if str(p).startswith(str(SCP))}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(SCP))}
    declared = set(ontology.subjects(RDF.type, None))
    assert used and used - declared == set()
    meas = {reference.mea(c) for c in reference.CONVENTIONS}
    assert meas - set(ontology.subjects(RDF.type, SCP.MultilateralEnvironmentalAgreement)) == set()
