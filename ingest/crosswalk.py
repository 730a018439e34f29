"""The SDG 12.1.1 crosswalk, read from the skos mappings on the ontology's instrument classes.

The indicator counts countries by four instrument categories; the ontology says which classes fall in
which (``skos:closeMatch`` / ``exactMatch``: the class is the category, ``broadMatch``: the class is
narrower than it). Queries must count by that, not by a list restated in Cypher, so the pairs go into
the store's reference data as ``scp:CategoryCrosswalk`` nodes (docs/decisions/
20261202-reported-observations.md), and ingest accepts a category as an instrument type through the
one class that is the category (``closeMatch`` / ``exactMatch``).
"""

from __future__ import annotations

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import XSD

from scpkg.iris import ONT, VOCAB, instance
from scpkg.ontology.namespace import SCP

SCHEME = URIRef(VOCAB + "sdg-12-1-1")
"""The scheme of the four 12.1.1 instrument categories."""

ITEM_SCHEME = URIRef(VOCAB + "sdg-12-1-1-item")
"""The scheme of the indicator's other reporting items (coordination-mechanism)."""

COORDINATION = URIRef(VOCAB + "sdg-12-1-1-item/coordination-mechanism")
"""The reporting item 'the country has a coordination mechanism'."""

SAME = (SKOS.closeMatch, SKOS.exactMatch)
"""Mappings that make a class the category itself (so the category names that class on input)."""

COUNTS_IN = (*SAME, SKOS.broadMatch)
"""Mappings under which a class's instruments count in the category (narrowMatch does not: the
category would be narrower than the class, and not every instance of it falls in the category)."""


def categories(ontology: Graph) -> list[URIRef]:
    """The 12.1.1 categories, by IRI."""
    return sorted(c for c in ontology.subjects(SKOS.inScheme, SCHEME) if isinstance(c, URIRef))


def _below(ontology: Graph, cls: URIRef) -> set[URIRef]:
    return {c for c in ontology.transitive_subjects(RDFS.subClassOf, cls) if isinstance(c, URIRef)}


def counted_classes(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Category -> every class whose instances count in it (a mapped class and all its subclasses)."""
    out: dict[URIRef, set[URIRef]] = {c: set() for c in categories(ontology)}
    for prop in COUNTS_IN:
        for cls, category in ontology.subject_objects(prop):
            if category in out and isinstance(cls, URIRef) and str(cls).startswith(ONT):
                out[category] |= _below(ontology, cls)
    return out


def category_classes(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Category -> the classes that are the category (closeMatch / exactMatch), for input."""
    out: dict[URIRef, set[URIRef]] = {c: set() for c in categories(ontology)}
    for prop in SAME:
        for cls, category in ontology.subject_objects(prop):
            if category in out and isinstance(cls, URIRef) and str(cls).startswith(ONT):
                out[category].add(cls)
    return out


def add_category_crosswalk(graph: Graph, ontology: Graph | None = None) -> None:
    """One ``scp:CategoryCrosswalk`` node per (category, counted class), for the reference data."""
    if ontology is None:
        from scpkg.ingest.vocab import ontology_graph

        ontology = ontology_graph()
    for category, classes in counted_classes(ontology).items():
        code = str(ontology.value(category, SKOS.notation) or category.rsplit("/", 1)[-1])
        for cls in sorted(classes):
            node = instance("crosswalk", "sdg-12-1-1", code, cls.removeprefix(ONT))
            graph.add((node, RDF.type, SCP.CategoryCrosswalk))
            graph.add((node, SCP.crosswalkCategory, category))
            graph.add((node, SCP.crosswalkClass, Literal(str(cls), datatype=XSD.anyURI)))
