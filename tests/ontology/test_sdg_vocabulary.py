"""The SDG vocabulary is generated from the UN's table (ontology/make_sdg.py): every goal, target and
indicator, six languages, UN SDG KOS links, loaded with scp.ttl; the committed sdg.ttl is the generator's."""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import RDF, SKOS, URIRef

from scpkg.ontology import UN_LANGUAGES, load_graph, make_sdg, parse_ontology
from scpkg.ontology.namespace import SCP

SDG = "https://w3id.org/scpkg/vocab/sdg/"
KIND_CLASS = {"goal": SCP.SDGGoal, "target": SCP.SDGTarget, "indicator": SCP.SDGIndicator}

# The SDG codes the ontology shipped by hand before the vocabulary was generated: their IRIs are
# published (case studies and partner tools use them) and must all survive.
HAND_TYPED_CODES = [str(g) for g in range(1, 18)] + [
    "3.9", "6.3", "8.4", "9.4", "11.6", "12.1", "12.2", "12.3", "12.4", "12.5", "12.6", "12.7",
    "12.8", "12.a", "12.b", "12.c", "17.14", "8.4.1", "9.4.1", "12.1.1", "12.2.1", "12.3.1",
    "12.4.1", "12.4.2", "12.5.1", "12.6.1", "12.7.1", "12.8.1", "17.14.1",
]  # fmt: skip
# Their UN SDG KOS matches as shipped then: the generated links must keep the same convention.
HAND_TYPED_UN_MATCHES = {
    "12": "http://metadata.un.org/sdg/12",
    "12.1": "http://metadata.un.org/sdg/12.1",
    "8.4.1": "http://metadata.un.org/sdg/C080401",
    "12.1.1": "http://metadata.un.org/sdg/C120101",
    "17.14.1": "http://metadata.un.org/sdg/C171401",
}


def _rows() -> list[dict[str, str]]:
    with make_sdg.CSV_FILE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_committed_sdg_ttl_matches_a_fresh_generation() -> None:
    """Drift: someone edited sdg.ttl by hand, or the table changed without regenerating."""
    assert make_sdg.TTL_FILE.read_text(encoding="utf-8") == make_sdg.generate(), (
        "ontology/sdg.ttl is stale: run `scpkg ontology build`"
    )


def test_bundled_table_is_the_shared_source_copy() -> None:
    """The ontology's copy of the table has the UN's 17 goals and 169 targets, one row per code."""
    rows = _rows()
    kinds = [r["kind"] for r in rows]
    assert kinds.count("goal") == 17 and kinds.count("target") == 169
    assert len({r["code"] for r in rows}) == len(rows)


def test_every_row_of_the_un_table_is_a_typed_concept_with_six_labels() -> None:
    graph = load_graph()
    rows = _rows()
    for row in rows:
        concept = URIRef(SDG + row["code"])
        assert (concept, RDF.type, KIND_CLASS[row["kind"]]) in graph, row["code"]
        assert (concept, RDF.type, SKOS.Concept) in graph
        assert (concept, SKOS.inScheme, URIRef("https://w3id.org/scpkg/vocab/sdg")) in graph
        labels = {lit.language: str(lit) for lit in graph.objects(concept, SKOS.prefLabel)}
        assert set(labels) == set(UN_LANGUAGES), row["code"]
        assert " ".join(row["en"].split()) in labels["en"]
        assert [str(m) for m in graph.objects(concept, SKOS.exactMatch)] == [
            make_sdg.un_kos_iri(row["kind"], row["code"])
        ]
    for kind, cls in KIND_CLASS.items():
        assert len(set(graph.subjects(RDF.type, cls))) == sum(r["kind"] == kind for r in rows)


def test_indicators_are_under_their_target_and_targets_under_their_goal() -> None:
    graph = load_graph()
    for code, parent in (("12.a.1", "12.a"), ("17.19.2", "17.19"), ("14.1", "14"), ("1.1.1", "1.1")):
        assert list(graph.objects(URIRef(SDG + code), SKOS.broader)) == [URIRef(SDG + parent)]
    goals = set(graph.subjects(RDF.type, SCP.SDGGoal))
    assert set(graph.objects(URIRef("https://w3id.org/scpkg/vocab/sdg"), SKOS.hasTopConcept)) == goals


def test_hand_typed_sdg_iris_and_un_links_survive_generation() -> None:
    graph = load_graph()
    for code in HAND_TYPED_CODES:
        assert (URIRef(SDG + code), SKOS.notation, None) in graph, code
    for code, match in HAND_TYPED_UN_MATCHES.items():
        assert (URIRef(SDG + code), SKOS.exactMatch, URIRef(match)) in graph


def test_un_kos_indicator_iri_pads_letter_targets() -> None:
    assert make_sdg.un_kos_iri("indicator", "12.a.1") == "http://metadata.un.org/sdg/C120a01"
    assert make_sdg.un_kos_iri("indicator", "17.19.2") == "http://metadata.un.org/sdg/C171902"
    assert make_sdg.un_kos_iri("target", "12.a") == "http://metadata.un.org/sdg/12.a"


def test_parse_ontology_includes_the_generated_vocabulary() -> None:
    """A caller that parses its own copy (to add triples) gets the SDG concepts too."""
    assert (URIRef(SDG + "14.1"), RDF.type, SCP.SDGTarget) in parse_ontology()


HEADER = "kind,code,en,ar,zh,fr,ru,es\n"
GOAL = "goal,12,Goal,ar,zh,fr,ru,es\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (GOAL + "target,12.1,Target,ar,zh,,ru,es\n", "field 'fr' of target 12.1 is empty"),
        (GOAL + "target,12.x1,Target,ar,zh,fr,ru,es\n", "code '12.x1' is not a well-formed target code"),
        (GOAL + "indicator,12.1.1,Ind,ar,zh,fr,ru,es\n", "indicator 12.1.1 has no target '12.1'"),
        (GOAL + GOAL, "code '12' repeats line 2"),
        (GOAL + "series,12.1,S,ar,zh,fr,ru,es\n", "kind 'series'"),
    ],
)
def test_malformed_table_names_the_line_and_field(body: str, message: str) -> None:
    with pytest.raises(make_sdg.SDGTableError, match=r"sdg\.csv:3: ") as caught:
        make_sdg.read_table(io.StringIO(HEADER + body), source="sdg.csv")
    assert message in str(caught.value)


def test_wrapped_titles_become_one_line() -> None:
    """The source wraps some Russian titles over lines: a label must not carry the line break."""
    text = HEADER + 'goal,1,"End  poverty",ar,zh,fr,"две\nстроки",es\n'
    (item,) = make_sdg.read_table(io.StringIO(text))
    assert item.titles["ru"] == "две строки" and item.titles["en"] == "End poverty"
