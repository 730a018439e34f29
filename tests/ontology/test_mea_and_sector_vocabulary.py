"""MEA product obligations (five MEAs) and the sector vocabulary at breadth, as ingest resolves them."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, SKOS, URIRef

from scpkg.ingest.vocab import MEA_OBLIGATION, UnknownValueError, default_resolver
from scpkg.ontology import UN_LANGUAGES, load_graph
from scpkg.ontology.namespace import SCP

MEA = "https://w3id.org/scpkg/id/mea/"
SECTOR = "https://w3id.org/scpkg/vocab/sector/"

# Fixed in advance for every engineer (the team's interface): these slugs must exist.
FIXED_SLUGS = [
    "minamata/mercury-added-products",
    "minamata/mercury-manufacturing-processes",
    "basel/hazardous-wastes",
    "basel/plastic-wastes",
    "rotterdam/prior-informed-consent",
    "stockholm/pops-elimination",
    "stockholm/pops-restriction",
    "montreal/controlled-substances",
    "montreal/hfc-phase-down",
]
# The sector codes shipped before the vocabulary grew: case studies use them, so none may change.
EXISTING_SECTORS = [
    "food", "buildings-construction", "textiles", "electronics", "plastics", "tourism", "chemicals",
    "cross-sectoral",
]  # fmt: skip


@pytest.mark.parametrize("slug", FIXED_SLUGS)
def test_fixed_obligation_resolves_to_its_iri_under_its_mea(slug: str) -> None:
    iri = default_resolver().resolve(MEA_OBLIGATION, slug)
    assert iri == URIRef(MEA + slug)
    graph = load_graph()
    assert (iri, SCP.obligationOf, URIRef(MEA + slug.split("/")[0])) in graph


def test_every_obligation_has_article_annex_and_six_labels() -> None:
    graph = load_graph()
    obligations = set(graph.subjects(RDF.type, SCP.MEAObligation))
    assert len(obligations) >= len(FIXED_SLUGS)
    for obligation in obligations:
        assert graph.value(obligation, SCP.article) is not None, obligation
        assert graph.value(obligation, SCP.annex) is not None, obligation
        assert {lit.language for lit in graph.objects(obligation, RDFS.label)} >= set(UN_LANGUAGES)
        assert graph.value(obligation, SCP.obligationOf) in set(
            graph.subjects(RDF.type, SCP.MultilateralEnvironmentalAgreement)
        )


def test_montreal_protocol_is_an_mea_without_party_rows() -> None:
    """The bundled party table has no Montreal rows; no party dates may be invented for it."""
    from scpkg.ingest.reference import CONVENTIONS, mea_participations

    assert (URIRef(MEA + "montreal"), RDF.type, SCP.MultilateralEnvironmentalAgreement) in load_graph()
    assert "montreal" not in {p.convention for p in mea_participations()}
    assert "montreal" not in CONVENTIONS


def test_bare_mea_name_is_an_error_listing_that_meas_obligations() -> None:
    resolver = default_resolver()
    with pytest.raises(UnknownValueError) as caught:
        resolver.resolve(MEA_OBLIGATION, "basel")
    graph = load_graph()
    basel = {str(o).removeprefix(MEA) for o in graph.subjects(SCP.obligationOf, URIRef(MEA + "basel"))}
    assert set(caught.value.suggestions) == basel
    assert "names an agreement" in str(caught.value)
    with pytest.raises(UnknownValueError) as by_label:
        resolver.resolve(MEA_OBLIGATION, "Montreal Protocol")
    assert set(by_label.value.suggestions) == {"montreal/controlled-substances", "montreal/hfc-phase-down"}


def test_misspelt_obligation_suggests_the_close_ones() -> None:
    with pytest.raises(UnknownValueError) as caught:
        default_resolver().resolve(MEA_OBLIGATION, "basel/plastic-waste")
    assert caught.value.suggestions[0] == "basel/plastic-wastes"


@pytest.mark.parametrize("code", EXISTING_SECTORS)
def test_existing_sector_codes_keep_their_iri_and_stay_top_level(code: str) -> None:
    iri = default_resolver().resolve("sector", code)
    assert iri == URIRef(SECTOR + code)
    graph = load_graph()
    assert graph.value(iri, SKOS.topConceptOf) == URIRef("https://w3id.org/scpkg/vocab/sector")
    assert graph.value(iri, SKOS.broader) is None


def test_sector_vocabulary_covers_the_issue_list_and_labels_in_six_languages() -> None:
    graph = load_graph()
    scheme = URIRef("https://w3id.org/scpkg/vocab/sector")
    sectors = set(graph.subjects(SKOS.inScheme, scheme))
    wanted = {"packaging", "batteries", "vehicles", "energy-using-products", "waste", "tyres", "water"}
    assert {URIRef(SECTOR + c) for c in wanted} <= sectors
    for sector in sectors:
        assert {lit.language for lit in graph.objects(sector, SKOS.prefLabel)} == set(UN_LANGUAGES)
        broader = graph.value(sector, SKOS.broader)
        top = graph.value(sector, SKOS.topConceptOf)
        assert (broader is None) != (top is None), sector  # a top concept or under one, never both
        seen = {sector}
        while broader is not None:  # the hierarchy stays in the scheme and has no cycle
            assert broader in sectors and broader not in seen, sector
            seen.add(broader)
            broader = graph.value(broader, SKOS.broader)


def test_sector_labels_resolve_in_other_languages() -> None:
    resolver = default_resolver()
    assert resolver.resolve("sector", "Neumáticos") == URIRef(SECTOR + "tyres")
    assert resolver.resolve("sector", "Tires") == URIRef(SECTOR + "tyres")
    assert resolver.resolve("sector", "包装") == URIRef(SECTOR + "packaging")


def test_label_two_concepts_share_is_an_error_naming_both_codes() -> None:
    """The official SDG list repeats indicator texts under several codes (7.b.1 / 12.a.1): a shared
    label must not silently pick whichever concept was read last."""
    from scpkg.ingest.vocab import Vocabulary

    vocabulary = Vocabulary("sdg")
    a, b = URIRef("urn:sdg:7.b.1"), URIRef("urn:sdg:12.a.1")
    vocabulary.add(a, "7.b.1", {"en": "Installed renewable capacity"})
    vocabulary.add(b, "12.a.1", {"en": "Installed renewable capacity", "fr": "7.b.1"})
    with pytest.raises(UnknownValueError) as caught:
        vocabulary.resolve("installed  renewable capacity")
    assert sorted(caught.value.suggestions) == ["12.a.1", "7.b.1"]
    assert vocabulary.resolve("7.b.1") == a  # a code wins over another concept's label
    assert vocabulary.resolve("12.a.1") == b
