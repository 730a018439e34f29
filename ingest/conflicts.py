"""Contradictory single-valued facts: two case studies giving one node two adoption years or two titles.

The store keeps what every case study asserts about a shared node (a policy several case studies
report), so contradictions are kept too; this module finds them so they are said, at ingest and in the
GraphQL API, instead of being merged silently into one node with two values.

"Single-valued" is defined once, by the data model: the ontology's `owl:FunctionalProperty`
declarations (one value per subject) and the shapes' `sh:uniqueLang` paths (one text per language,
e.g. titles). Nothing here lists properties by hand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import OWL, SH

from scpkg.ingest.records import SHORT_PREFIXES, Problem, short_iri


@dataclass(frozen=True)
class SingleValued:
    """Predicates with one value per subject, and predicates with one value per subject and language."""

    functional: frozenset[URIRef]
    per_language: frozenset[URIRef]

    def key(self, p: URIRef, o: Any) -> str | bool | None:
        """The slot a value fills: None for a functional property, the language for a per-language
        one, False when the predicate is not single-valued (or a text lacks a language)."""
        if p in self.functional:
            return None
        if p in self.per_language and isinstance(o, Literal) and o.language:
            return o.language.lower()
        return False


@cache
def single_valued() -> SingleValued:
    """Read from the shipped ontology and shapes."""
    from scpkg.ingest.vocab import ontology_graph
    from scpkg.shapes.validate import shapes_graph

    ontology, shapes = ontology_graph(), shapes_graph()
    functional = {p for p in ontology.subjects(RDF.type, OWL.FunctionalProperty) if isinstance(p, URIRef)}
    per_language = {
        p
        for shape in shapes.subjects(SH.uniqueLang, Literal(True))
        if isinstance(p := shapes.value(shape, SH.path), URIRef)
    }
    return SingleValued(frozenset(functional), frozenset(per_language - functional))


@dataclass(frozen=True)
class Conflict:
    """One node, one single-valued property (and language), several values, and who asserts each."""

    node: URIRef
    property: URIRef
    language: str | None
    values: tuple[tuple[Any, tuple[str, ...]], ...]
    """(value, IRIs of the case studies asserting it), values in a stable order."""

    def describe(self) -> str:
        """The sentence a researcher reads: the values, and which case studies assert each."""
        parts = [
            f"{_show(value)} (asserted by {', '.join(_short(c) for c in cases)})"
            for value, cases in self.values
        ]
        lang = f" in language '{self.language}'" if self.language else ""
        return (
            f"{_short(self.node)} has {len(self.values)} different values for {_short(self.property)}{lang}, "
            f"which takes one: {'; '.join(parts)}. All are kept; correct the case studies that are wrong"
        )


def as_problem(conflict: Conflict, file: str, record: str) -> Problem:
    """The conflict as a warning on one record that asserts one of its values."""
    where = f"{_short(conflict.node)} {_short(conflict.property)}"
    if conflict.language:
        where += f" ({conflict.language})"
    return Problem(file, record, where, conflict.describe())


def _show(value: Any) -> str:
    if isinstance(value, Literal):
        return repr(str(value))
    return _short(value)


def _short(node: Any) -> str:
    return short_iri(node, _CONFLICT_PREFIXES)


_CONFLICT_PREFIXES = (
    ("https://w3id.org/scpkg/id/case-study/", ""),
    *SHORT_PREFIXES[:1],
    ("https://w3id.org/scpkg/vocab/", ""),
    *SHORT_PREFIXES[1:],
)
"""Conflict warnings also name case studies and concepts by their bare ids."""


STORE_CHUNK = 500
"""Case studies whose stored triples are read per round trip."""

Slots = dict[tuple[URIRef, URIRef, str | None], dict[Any, set[str]]]
"""(node, property, language) -> value -> the case studies asserting it."""


def slots(graphs: Mapping[str, Graph], subjects: set[URIRef] | None = None) -> Slots:
    """The single-valued facts of case studies' own graphs, with who asserts each value."""
    sv = single_valued()
    out: Slots = defaultdict(lambda: defaultdict(set))
    for case, graph in graphs.items():
        for s, p, o in graph:
            if not isinstance(s, URIRef) or (subjects is not None and s not in subjects):
                continue
            slot = sv.key(p, o)  # type: ignore[arg-type]
            if slot is not False:
                out[(s, p, slot)][o].add(case)  # type: ignore[index]
    return out


def conflicts_in(found: Slots) -> list[Conflict]:
    """The slots holding more than one value, in a stable order."""
    out = []
    for (s, p, lang), values in sorted(
        found.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]), kv[0][2] or "")
    ):
        values = {v: c for v, c in values.items() if c}
        if len(values) > 1:
            ordered = sorted(values.items(), key=lambda kv: str(kv[0]))
            out.append(Conflict(s, p, lang, tuple((v, tuple(sorted(c))) for v, c in ordered)))
    return out


def stored_slots(
    store: Any, subjects: Iterable[str], exclude: Iterable[str] = (), also: Slots | None = None
) -> Slots:
    """What the store's case studies (other than `exclude`, whose new versions are in `also`) assert
    for the single-valued facts of `subjects`. Links carry their asserters in the store, so they cost
    one round trip; texts and numbers are stored merged, so a node's asserters' own triples are read
    only where the merged values (with `also`) hold more than one value: only for a real conflict."""
    from scpkg.store import cypher
    from scpkg.store.base import decode_triples
    from scpkg.store.projection import ASSERTED_BY, node_to_triples, rel_to_triple

    wanted = sorted(set(subjects))
    out: Slots = defaultdict(lambda: defaultdict(set))
    if not wanted:
        return out
    skip, sv, vocab = set(exclude), single_valued(), store.vocab
    for row in store.run(cypher.NODE_OUT, {"iris": wanted}):
        s, p, o = rel_to_triple(row["iri"], row["type"], row["o"], vocab)
        if p in sv.functional:
            cases = {c for c in row["asserted_by"] or [] if c not in skip}
            if cases:
                out[(s, p, None)][o] |= cases
    merged: Slots = defaultdict(lambda: defaultdict(set))
    asserters: dict[URIRef, set[str]] = {}
    for row in store.run(cypher.NODE_STATES, {"iris": wanted}):
        props = dict(row["props"])
        node = URIRef(row["iri"])
        asserters[node] = {c for c in props.get(ASSERTED_BY) or [] if c not in skip}
        for s, p, o in node_to_triples(props, vocab):
            slot = sv.key(p, o)
            if slot is not False and isinstance(o, Literal):
                merged[(s, p, slot)][o].add("?")  # type: ignore[index]
    doubtful: dict[str, set[URIRef]] = defaultdict(set)
    for key, values in merged.items():
        candidates = set(values) | set((also or {}).get(key, {}))
        if len(candidates) > 1:
            for case in asserters.get(key[0], ()):
                doubtful[case].add(key[0])
    cases = sorted(doubtful)
    for start in range(0, len(cases), STORE_CHUNK):
        for row in store.run(cypher.CASE_TRIPLES, {"cases": cases[start : start + STORE_CHUNK]}):
            mine = doubtful[row["case_study"]]
            for s, p, o in decode_triples(row["ntriples"]):
                if s in mine and isinstance(o, Literal) and (slot := sv.key(p, o)) is not False:
                    out[(s, p, slot)][o].add(row["case_study"])  # type: ignore[index]
    return out


def merge(*found: Slots) -> Slots:
    out: Slots = defaultdict(lambda: defaultdict(set))
    for one in found:
        for key, values in one.items():
            for value, cases in values.items():
                out[key][value] |= cases
    return out


def node_conflicts(store: Any, iri: str) -> list[Conflict]:
    """The conflicts about one stored node (what the GraphQL `conflicts` field shows)."""
    return conflicts_in(stored_slots(store, [iri]))
