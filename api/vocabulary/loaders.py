"""What the API reads from the ontology itself rather than the store: the instrument-type hierarchy
(OWL classes under ``scp:Policy``, which are not nodes in the store) and the concept schemes.

Deriving them keeps the schema in step with the ontology: a new instrument type or scheme appears in
the API (and in the exported SDL, whose test then asks for a regeneration) without code changes.
Concept lookups that need the store go through the generic loaders in :mod:`scpkg.api.graph.loaders`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from scpkg.iris import ONT, VOCAB

UN_LANGUAGES = ("en", "ar", "es", "fr", "ru", "zh")


@dataclass
class InstrumentTypeInfo:
    """One class of the instrument-type hierarchy, with its SKOS-style annotations."""

    iri: str
    name: str
    """Local name = the store label, e.g. ``BanOrRestriction``."""
    notation: str
    labels: dict[str, str]
    alt_labels: dict[str, list[str]]
    definition: str | None
    close_match: list[str]
    broader: str | None
    narrower: list[str] = field(default_factory=list)

    @property
    def enum_name(self) -> str:
        """``BanOrRestriction`` -> ``BAN_OR_RESTRICTION``."""
        return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", self.name).upper()


@dataclass
class SchemeInfo:
    """A SKOS concept scheme declared in the ontology."""

    iri: str
    slug: str
    labels: dict[str, str]
    definition: str | None


def _texts(g: Graph, s: URIRef, p: URIRef) -> dict[str, str]:
    return {(o.language or "en"): str(o) for o in g.objects(s, p) if hasattr(o, "language")}


def _ontology() -> Graph:
    from scpkg.ontology import load_graph

    return load_graph()


@lru_cache(maxsize=1)
def instrument_types() -> dict[str, InstrumentTypeInfo]:
    """Every subclass of ``scp:Policy`` (transitively), keyed by IRI, broader = its direct superclass."""
    g = _ontology()
    root = URIRef(ONT + "Policy")
    out: dict[str, InstrumentTypeInfo] = {}
    todo = [root]
    while todo:
        cls = todo.pop()
        for sub in sorted(g.subjects(RDFS.subClassOf, cls)):
            if not isinstance(sub, URIRef) or str(sub) in out:
                continue
            alt: dict[str, list[str]] = {}
            for o in g.objects(sub, SKOS.altLabel):
                alt.setdefault(getattr(o, "language", None) or "en", []).append(str(o))
            labels = _texts(g, sub, SKOS.prefLabel) or _texts(g, sub, RDFS.label)
            out[str(sub)] = InstrumentTypeInfo(
                iri=str(sub),
                name=str(sub).removeprefix(ONT),
                notation=str(g.value(sub, SKOS.notation) or str(sub).removeprefix(ONT)),
                labels=labels,
                alt_labels={k: sorted(v) for k, v in alt.items()},
                definition=_texts(g, sub, SKOS.definition).get("en"),
                close_match=sorted(str(o) for o in g.objects(sub, SKOS.closeMatch)),
                broader=None if cls == root else str(cls),
            )
            todo.append(sub)
    for info in out.values():
        if info.broader in out:
            out[info.broader].narrower.append(info.iri)
    for info in out.values():
        info.narrower.sort()
    return dict(sorted(out.items(), key=lambda kv: kv[1].name))


@lru_cache(maxsize=1)
def concept_schemes() -> dict[str, SchemeInfo]:
    """The ontology's ``skos:ConceptScheme`` individuals, keyed by IRI."""
    g = _ontology()
    out = {}
    for s in sorted(g.subjects(RDF.type, SKOS.ConceptScheme)):
        if isinstance(s, URIRef) and str(s).startswith(VOCAB):
            out[str(s)] = SchemeInfo(
                iri=str(s),
                slug=str(s).removeprefix(VOCAB),
                labels=_texts(g, s, SKOS.prefLabel) or _texts(g, s, RDFS.label),
                definition=_texts(g, s, SKOS.definition).get("en"),
            )
    return out


def scheme_of(concept_iri: str) -> SchemeInfo | None:
    """The scheme a concept IRI (``vocab/<scheme>/<code>``) belongs to, from its IRI alone."""
    if not concept_iri.startswith(VOCAB):
        return None
    slug = concept_iri.removeprefix(VOCAB).split("/", 1)[0]
    return concept_schemes().get(VOCAB + slug)
