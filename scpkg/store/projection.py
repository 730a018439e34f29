"""RDF <-> property graph, implemented once for every backend.

The mapping is fixed in docs/decisions/20261123-rdf-to-property-graph.md. In short: every IRI becomes a
node labelled ``Resource`` plus the label of each asserted class and all its superclasses; literals
become node properties typed by the ontology's declared range; IRI-valued triples become relationships
named UPPER_SNAKE after the predicate. Everything that ends up in Cypher text (labels, relationship
types, indexed property keys) comes from the :class:`Vocabulary`, an allow-list built from the
ontology graph, never from the data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL

from scpkg.iris import ONT

NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
"""What a label, relationship type or indexed property key must look like to be put into Cypher text."""

RESOURCE = "Resource"
"""The label every projected node carries: the one place IRIs are unique."""

IRI = "iri"
ASSERTED_BY = "asserted_by"
RDF_TYPE = "rdf_type"
RESERVED_KEYS = frozenset({IRI, ASSERTED_BY, RDF_TYPE})
"""Node property keys the projection uses itself; an ontology term with one of these names is refused."""

_INT_TYPES = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger, XSD.positiveInteger}
_FLOAT_TYPES = {XSD.decimal, XSD.double, XSD.float}
_PROPERTY_TYPES = (OWL.DatatypeProperty, OWL.ObjectProperty, OWL.AnnotationProperty, RDF.Property)


class ProjectionError(ValueError):
    """The data uses something the ontology does not declare, or something the projection cannot map."""


class NameNotAllowedError(ValueError):
    """A label, relationship type or property key is not on the ontology's allow-list."""


def local_name(iri: str) -> str:
    """The part of an IRI after its last '#' or '/'."""
    return re.split(r"[#/]", iri)[-1]


def upper_snake(name: str) -> str:
    """`ledBy` -> `LED_BY`, `wasDerivedFrom` -> `WAS_DERIVED_FROM`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


@dataclass(frozen=True)
class PropertyTerm:
    """A predicate of the ontology and the names it gets in the property graph."""

    iri: URIRef
    key: str
    """Node property key for literal values."""
    rel_type: str
    """Relationship type for IRI values."""
    kind: str
    """'object', 'datatype' or 'any' (annotation properties and predicates the ontology only uses)."""
    range: URIRef | None
    """Declared datatype (the first of a union); literals of this datatype get the plain key."""


@dataclass
class Vocabulary:
    """The allow-list: classes and predicates of the ontology with their property-graph names."""

    labels: dict[URIRef, str]
    superclasses: dict[URIRef, frozenset[URIRef]]
    properties: dict[URIRef, PropertyTerm]
    domains: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)

    @classmethod
    def from_ontology(cls, ontology: Graph) -> Vocabulary:
        """Read classes, superclasses and predicates from an ontology graph (nothing is hard-coded)."""
        classes: set[URIRef] = {
            c
            for t in (OWL.Class, RDFS.Class)
            for c in ontology.subjects(RDF.type, t)
            if isinstance(c, URIRef)
        }
        direct: dict[URIRef, set[URIRef]] = defaultdict(set)
        for sub, sup in ontology.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                direct[sub].add(sup)
                classes.update((sub, sup))
        supers = {c: frozenset(_closure(c, direct)) for c in classes}
        labels = _names(classes, ontology, lambda local: local, sep="_")

        preds: set[URIRef] = {
            p for t in _PROPERTY_TYPES for p in ontology.subjects(RDF.type, t) if isinstance(p, URIRef)
        }
        preds.update(p for p in ontology.predicates() if isinstance(p, URIRef) and not _is_axiom(p))
        preds.update(DATA_BUILTINS)
        keys = _names(preds, ontology, lambda local: local, sep="_")
        rel_types = _names(preds, ontology, upper_snake, sep="_")
        props: dict[URIRef, PropertyTerm] = {}
        domains: dict[URIRef, frozenset[URIRef]] = {}
        for p in preds:
            if p not in keys or p not in rel_types:
                continue
            if keys[p] in RESERVED_KEYS:
                raise ProjectionError(f"ontology term {p} would clash with the reserved property {keys[p]!r}")
            declared = set(ontology.objects(p, RDF.type))
            kind = (
                "object"
                if OWL.ObjectProperty in declared
                else "datatype"
                if OWL.DatatypeProperty in declared
                else "any"
            )
            props[p] = PropertyTerm(p, keys[p], rel_types[p], kind, _datatype_range(ontology, p))
            domains[p] = frozenset(_members(ontology, ontology.value(p, RDFS.domain)) & classes)
        return cls(labels, supers, props, domains)

    # ---- the allow-list, as names -------------------------------------------------------------
    @property
    def label_names(self) -> list[str]:
        return sorted(set(self.labels.values()) | {RESOURCE})

    @property
    def rel_type_names(self) -> list[str]:
        return sorted({p.rel_type for p in self.properties.values() if p.kind != "datatype"})

    def indexed_keys(self) -> dict[str, list[str]]:
        """Label -> property keys to index: every non-language-string datatype property, on `Resource`
        and on the labels of its declared domain, since the gap questions filter on these codes."""
        out: dict[str, set[str]] = defaultdict(set)
        for p in self.properties.values():
            if p.kind == "object" or p.range == RDF.langString:
                continue
            out[RESOURCE].add(p.key)
            for d in self.domains.get(p.iri, ()):
                out[self.labels[d]].add(p.key)
        return {label: sorted(keys) for label, keys in sorted(out.items())}

    def check_label(self, name: str) -> str:
        """Return `name` if it may go into Cypher text as a label, else raise."""
        return _check(name, self.label_names, "label")

    def check_rel_type(self, name: str) -> str:
        """Return `name` if it may go into Cypher text as a relationship type, else raise."""
        return _check(name, self.rel_type_names, "relationship type")

    def check_key(self, name: str) -> str:
        """Return `name` if it may go into Cypher text as an (indexed) property key, else raise."""
        return _check(name, sorted({IRI} | {p.key for p in self.properties.values()}), "property key")

    def labels_for(self, types: Iterable[URIRef]) -> set[str]:
        """Labels of the given classes and all their superclasses, plus `Resource`."""
        out = {RESOURCE}
        for t in types:
            for c in {t} | self.superclasses.get(t, frozenset()):
                if c in self.labels:
                    out.add(self.labels[c])
        return out

    @cached_property
    def properties_by_text(self) -> dict[str, PropertyTerm]:
        """:attr:`properties` keyed by the plain text of each predicate IRI (faster to look up)."""
        return {str(iri): term for iri, term in self.properties.items()}

    # ---- lookups for the reverse mapping ------------------------------------------------------
    def _by_key(self) -> dict[str, PropertyTerm]:
        return {p.key: p for p in self.properties.values()}

    def _by_rel_type(self) -> dict[str, PropertyTerm]:
        return {p.rel_type: p for p in self.properties.values() if p.kind != "datatype"}


_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso}

DATA_BUILTINS: frozenset[URIRef] = frozenset({OWL.sameAs})
"""OWL built-ins instance data may use although the ontology cannot declare them (OWL 2 reserves
them): owl:sameAs carries a corrected policy IRI to its new one (decision 20261202-iri-corrections)."""


def _is_axiom(p: URIRef) -> bool:
    """OWL/RDF(S) axiom predicates (subClassOf, domain, unionOf, rdf:first...) structure the ontology;
    they are not instance data, so predicates merely used in the ontology exclude them."""
    return p not in _ANNOTATIONS and any(p.startswith(str(ns)) for ns in (RDF, RDFS, OWL))


def _check(name: str, allowed: list[str], what: str) -> str:
    if not NAME_RE.fullmatch(name):
        raise NameNotAllowedError(f"{what} {name!r} is not a plain name (must match {NAME_RE.pattern})")
    if name not in allowed:
        raise NameNotAllowedError(f"{what} {name!r} is not declared in the ontology (allowed: {allowed})")
    return name


def _closure(c: URIRef, direct: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    seen: set[URIRef] = set()
    todo = list(direct.get(c, ()))
    while todo:
        s = todo.pop()
        if s not in seen and s != c:
            seen.add(s)
            todo.extend(direct.get(s, ()))
    return seen


def _names(terms: set[URIRef], ontology: Graph, fmt: Any, sep: str) -> dict[URIRef, str]:
    """Name each term after its local name; on a clash the project's own `scp:` term keeps the plain
    name and the others get their ontology prefix (`org_Organization`). Unusable names are left out."""
    out: dict[URIRef, str] = {}
    taken: set[str] = set()
    for t in sorted(terms, key=lambda t: (not str(t).startswith(ONT), str(t))):
        name = fmt(local_name(t))
        if name in taken:
            try:
                prefix = ontology.namespace_manager.compute_qname(t, generate=False)[0]
            except (KeyError, ValueError):
                continue
            name = (
                fmt(f"{prefix}{sep}{local_name(t)}") if fmt is not upper_snake else f"{prefix.upper()}_{name}"
            )
        if NAME_RE.fullmatch(name) and name not in taken:
            out[t] = name
            taken.add(name)
    return out


def _members(g: Graph, node: Any) -> set[URIRef]:
    if isinstance(node, URIRef):
        return {node}
    if isinstance(node, BNode):
        union = g.value(node, OWL.unionOf)
        if union is not None:
            return {m for m in Collection(g, union) if isinstance(m, URIRef)}
    return set()


def _datatype_range(g: Graph, p: URIRef) -> URIRef | None:
    r = g.value(p, RDFS.range)
    if isinstance(r, BNode) and (union := g.value(r, OWL.unionOf)) is not None:
        first = next(iter(Collection(g, union)), None)
        r = first
    if isinstance(r, URIRef) and (r.startswith(str(XSD)) or r == RDF.langString):
        return r
    return None


# ---- literal encoding ---------------------------------------------------------------------------
def _to_value(lit: Literal) -> Any:
    dt = lit.datatype
    if dt == XSD.gYear or dt in _INT_TYPES:
        return int(str(lit))
    if dt in _FLOAT_TYPES:
        return float(str(lit))
    if dt == XSD.boolean:
        return bool(lit.toPython())
    return str(lit)


def _to_literal(value: Any, datatype: URIRef | None, lang: str | None) -> Literal:
    if lang is not None:
        return Literal(str(value), lang=lang)
    if datatype == XSD.gYear:
        return Literal(f"{int(value):04d}", datatype=XSD.gYear)
    if datatype in _FLOAT_TYPES:
        # XSD 1.1 canonical decimal form: no fractional part for an integral value ("50", not "50.0").
        number = float(value)
        text = str(int(number)) if number.is_integer() else str(Decimal(repr(number)))
        return Literal(text, datatype=datatype)
    if datatype == XSD.boolean:
        return Literal(bool(value))
    if datatype == XSD.string or datatype is None:
        return Literal(str(value))
    return Literal(str(value), datatype=datatype)


def _literal_key(term: PropertyTerm, lit: Literal) -> str:
    if lit.language:
        return f"{term.key}_{lit.language.lower().replace('-', '_')}"
    dt = lit.datatype or XSD.string
    if dt == (term.range or XSD.string):
        return term.key
    if not dt.startswith(str(XSD)):
        raise ProjectionError(f"{term.iri}: datatype {dt} is not an XML Schema datatype")
    return f"{term.key}__{local_name(dt)}"


# ---- RDF -> property graph ----------------------------------------------------------------------
@dataclass
class NodeState:
    """Everything a graph's triples say about one subject."""

    iri: str
    types: set[str] = field(default_factory=set)
    props: dict[str, set[Any]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def from_properties(cls, props: dict[str, Any]) -> NodeState:
        """The state a stored node's property map stands for (the inverse of :meth:`properties`)."""
        state = cls(str(props[IRI]), set(props.get(RDF_TYPE) or []))
        for key, value in props.items():
            if key not in RESERVED_KEYS:
                state.props[key] = set(value) if isinstance(value, list) else {value}
        return state

    def properties(self, asserted_by: Iterable[str]) -> dict[str, Any]:
        """The node's full property map: one value as a scalar, several as a sorted list."""
        out: dict[str, Any] = {IRI: self.iri, ASSERTED_BY: sorted(set(asserted_by))}
        if self.types:
            out[RDF_TYPE] = sorted(self.types)
        for k, vals in self.props.items():
            out[k] = next(iter(vals)) if len(vals) == 1 else sorted(vals)
        return out


@dataclass
class Projection:
    """A graph projected to rows: subject node states, relationships and the IRIs they point to."""

    nodes: dict[str, NodeState] = field(default_factory=dict)
    rels: set[tuple[str, str, str]] = field(default_factory=set)
    """(subject IRI, relationship type, object IRI)."""
    objects: set[str] = field(default_factory=set)


def project(graph: Graph | Iterable[tuple[Any, Any, Any]], vocab: Vocabulary) -> Projection:
    """Project an RDF graph (or its triples); raise ProjectionError on blank nodes or predicates the
    ontology lacks.

    Written for speed, since a bulk load projects every triple (issue 11): rdflib terms compare in
    Python (``URIRef.__eq__``) and test their class through ``abc``, so terms are looked up by their
    plain text and classes compared exactly first; each (predicate, datatype, language)'s property
    key and each datatype's conversion is derived once."""
    out = Projection()
    nodes, rels, objects = out.nodes, out.rels, out.objects
    properties = vocab.properties_by_text
    keys: dict[tuple[str, str | None, str | None], str] = {}
    for s, p, o in graph:
        o_kind = type(o)
        if (type(s) is not URIRef and not isinstance(s, URIRef)) or (
            o_kind is not URIRef and o_kind is not Literal and isinstance(o, BNode)
        ):
            raise ProjectionError(f"blank nodes cannot be projected (mint an IRI): {s} {p} {o}")
        iri = str(s)
        node = nodes.get(iri)
        if node is None:
            node = nodes[iri] = NodeState(iri)
        predicate = str(p)
        term = properties.get(predicate) if type(p) is URIRef or isinstance(p, URIRef) else None
        if term is None:
            if predicate == _RDF_TYPE and isinstance(p, URIRef):
                node.types.add(str(o))
                continue
            raise ProjectionError(f"predicate {p} is not declared in the ontology")
        if o_kind is Literal or (o_kind is not URIRef and isinstance(o, Literal)):
            if term.kind == "object":
                raise ProjectionError(f"{p} is an object property but has the literal {o!r}")
            datatype = o.datatype
            dt = None if datatype is None else str(datatype)
            lookup = (predicate, dt, o.language)
            key = keys.get(lookup)
            if key is None:
                key = keys[lookup] = _literal_key(term, o)
            node.props[key].add(_CONVERT.get(dt, _to_value)(o))
        else:
            if term.kind == "datatype":
                raise ProjectionError(f"{p} is a datatype property but has the IRI {o}")
            target = str(o)
            rels.add((iri, term.rel_type, target))
            objects.add(target)
    return out


_RDF_TYPE = str(RDF.type)

_CONVERT: dict[str | None, Any] = {
    None: str,
    str(XSD.string): str,
    str(XSD.gYear): lambda lit: int(str(lit)),
    **{str(dt): (lambda lit: int(str(lit))) for dt in _INT_TYPES},
    **{str(dt): (lambda lit: float(str(lit))) for dt in _FLOAT_TYPES},
}
"""``_to_value`` per datatype, for the common ones; any other goes through ``_to_value`` itself."""


def node_labels(node: NodeState, vocab: Vocabulary) -> set[str]:
    return vocab.labels_for(URIRef(t) for t in node.types)


# ---- property graph -> RDF ----------------------------------------------------------------------
def node_to_triples(props: dict[str, Any], vocab: Vocabulary) -> Iterable[tuple[URIRef, URIRef, Any]]:
    """The triples one node's properties stand for (the reverse of :func:`project` for literals)."""
    by_key = vocab._by_key()
    s = URIRef(props[IRI])
    for t in props.get(RDF_TYPE) or []:
        yield s, RDF.type, URIRef(t)
    for key, value in props.items():
        if key in RESERVED_KEYS:
            continue
        term, datatype, lang = _parse_key(key, by_key)
        for v in value if isinstance(value, list) else [value]:
            yield s, term.iri, _to_literal(v, datatype, lang)


def rel_to_triple(s: str, rel_type: str, o: str, vocab: Vocabulary) -> tuple[URIRef, URIRef, URIRef]:
    term = vocab._by_rel_type().get(rel_type)
    if term is None:
        raise ProjectionError(f"relationship type {rel_type} is not in the ontology")
    return URIRef(s), term.iri, URIRef(o)


def _parse_key(key: str, by_key: dict[str, PropertyTerm]) -> tuple[PropertyTerm, URIRef | None, str | None]:
    if key in by_key:
        term = by_key[key]
        return term, term.range, None
    if "__" in key:
        base, dt = key.split("__", 1)
        if base in by_key:
            return by_key[base], XSD[dt], None
    for base in sorted(by_key, key=len, reverse=True):
        if key.startswith(base + "_"):
            return by_key[base], None, key[len(base) + 1 :].replace("_", "-")
    raise ProjectionError(f"node property {key!r} does not come from any ontology term")
