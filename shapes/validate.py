"""Validate case-study data against the scpkg SHACL shapes.

Ingest calls `validate` once per case study, thousands of times per build, so the ontology and the
shapes are parsed once and cached. Validation mixes the ontology into the data and runs RDFS
inference: that is what lets `sh:targetClass scp:Policy` reach a `scp:BanOrRestriction`, and lets the
vocabulary checks find a concept's `skos:inScheme` in the ontology rather than in a code list copied
into the shapes.

Why not pySHACL's `ont_graph`: pySHACL (0.40) "inoculates" the data with only the ontology's RDFS/OWL
axioms and `owl:NamedIndividual`s, so SKOS concepts, their schemes and the ministry-type collection
never reach the data graph and every vocabulary check would fail. We mix a lean copy of the ontology
ourselves: only the predicates shapes and RDFS read (`_LEAN_PREDICATES`), a small part of its triples.

Speed (ingest validates 10,000 case studies in its 5-minute budget): `validate` does not rerun owlrl
over ontology + data per call. The ontology's RDFS closure is computed once (with owlrl, as pySHACL
would); per call only the data's consequences are added, by the same rules in plain Python
(`_RdfsClosure.extend`), and the result is the exact graph pySHACL's `inference="rdfs"` would build.
That graph is a read-only layer over the shared closure (no copy), the shapes are parsed once
(`pyshacl.shapes_graph.ShapesGraph`, reused by a `Validator` per call, `inference="none"`), and the
SPARQL constraints' queries are parsed once. `validate(..., reference=True)` is the original route,
kept for tests/test_shapes.py, which checks both give the same results on every fixture.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyshacl
from pyshacl.graph_abstraction import DataGraph
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import Validator
from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH, SKOS
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.store import Store
from rdflib.term import Node

from scpkg.resources import ontology_file, shapes_dir

SHAPES_FILE = "scp-shapes.ttl"


@dataclass(frozen=True)
class Problem:
    """One validation result, flattened so callers need not read the SHACL report graph."""

    focus_node: Node
    path: Node | None
    value: Node | None
    severity: URIRef
    source_constraint_component: URIRef
    source_shape: Node
    message: str

    @property
    def severity_name(self) -> str:
        """`Violation`, `Warning` or `Info`."""
        return str(self.severity).removeprefix(str(SH))


@dataclass
class ValidationResult:
    """What `validate` found. `conforms` is false only for Violations; Warnings and Infos are gaps."""

    conforms: bool
    results_graph: Graph
    problems: list[Problem] = field(default_factory=list)

    def by_severity(self, severity: URIRef) -> list[Problem]:
        return [p for p in self.problems if p.severity == severity]

    @property
    def violations(self) -> list[Problem]:
        return self.by_severity(SH.Violation)

    @property
    def warnings(self) -> list[Problem]:
        return self.by_severity(SH.Warning)

    @property
    def infos(self) -> list[Problem]:
        return self.by_severity(SH.Info)


@functools.cache
def ontology_graph() -> Graph:
    """The shipped ontology, parsed once per process."""
    graph = Graph()
    graph.parse(data=ontology_file().read_text(encoding="utf-8"), format="turtle")
    return graph


# The ontology predicates a shape or RDFS inference reads; the rest (six-language labels, definitions,
# mappings: most of the ontology) would only slow the per-call RDFS closure down.
_LEAN_PREDICATES = frozenset(
    {
        RDF.type,
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        SKOS.inScheme,
        SKOS.topConceptOf,
        SKOS.member,
        DCTERMS.identifier,
    }
)


@functools.cache
def _lean_ontology(ontology: Graph) -> Graph:
    """The part of the ontology validation needs: class and property axioms, scheme membership, ids."""
    lean = Graph()
    for triple in ontology:
        if triple[1] in _LEAN_PREDICATES and not isinstance(triple[0], BNode):
            lean.add(triple)
    return lean


@functools.cache
def shapes_graph() -> Graph:
    """The shipped shapes, parsed once per process."""
    graph = Graph()
    graph.parse(data=(shapes_dir() / SHAPES_FILE).read_text(encoding="utf-8"), format="turtle")
    return graph


def _message(report: Graph, result: Node, lang: str = "en", shapes: Graph | None = None) -> str:
    """The result's message in `lang`, else any message: shapes carry English and Chinese ones.

    pySHACL drops the language tag of a SPARQL constraint's messages (it fills in `{?value}` and makes a
    plain literal), so for those the `lang` message template of the result's sh:sourceConstraint in
    `shapes` picks the one that matches; failing that, the first in sorted order, so output is stable.
    """
    messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    for m in messages:
        if m.language == lang:
            return str(m)
    constraint = report.value(result, SH.sourceConstraint)
    if shapes is not None and constraint is not None:
        for template in shapes.objects(constraint, SH.message):
            if isinstance(template, Literal) and template.language == lang:
                pattern = ".*".join(re.escape(part) for part in _PLACEHOLDER.split(str(template)))
                for m in sorted(messages):
                    if re.fullmatch(pattern, str(m), flags=re.DOTALL):
                        return str(m)
    return str(sorted(messages)[0]) if messages else ""


_PLACEHOLDER = re.compile(r"\{[?$]\w+\}")


def problems_from_report(report: Graph, shapes: Graph | None = None) -> list[Problem]:
    """Flatten a SHACL validation report into `Problem`s, sorted so output is stable between runs.

    `shapes`, the shapes graph validated against, lets SPARQL-constraint messages be told apart by language.
    """
    problems = []
    # Only the report's own results: nested sh:detail results explain a parent, they are not extra ones.
    for result in report.objects(None, SH.result):
        problems.append(
            Problem(
                focus_node=report.value(result, SH.focusNode),
                path=report.value(result, SH.resultPath),
                value=report.value(result, SH.value),
                severity=report.value(result, SH.resultSeverity),
                source_constraint_component=report.value(result, SH.sourceConstraintComponent),
                source_shape=report.value(result, SH.sourceShape),
                message=_message(report, result, shapes=shapes),
            )
        )
    return sorted(
        problems, key=lambda p: (str(p.severity), str(p.focus_node), str(p.source_shape), str(p.value))
    )


# ---------------------------------------------------------------------------------------------------
# The fast route: RDFS inference in plain Python over the small data graph, shapes parsed once.
# ---------------------------------------------------------------------------------------------------

_TYPE, _SUBCLASS, _SUBPROPERTY = RDF.type, RDFS.subClassOf, RDFS.subPropertyOf
_DOMAIN, _RANGE = RDFS.domain, RDFS.range

Triple = tuple[Node, Node, Node]


class _Index:
    """Triples indexed the three ways the RDFS rules join on: (s, p) -> o, (p, o) -> s, p -> (s, o)."""

    __slots__ = ("by_po", "by_predicate", "by_sp", "triples")

    def __init__(self) -> None:
        self.triples: set[Triple] = set()
        self.by_sp: dict[tuple[Node, Node], set[Node]] = {}
        self.by_po: dict[tuple[Node, Node], set[Node]] = {}
        self.by_predicate: dict[Node, set[tuple[Node, Node]]] = {}

    def add(self, triple: Triple) -> None:
        s, p, o = triple
        self.triples.add(triple)
        self.by_sp.setdefault((s, p), set()).add(o)
        self.by_po.setdefault((p, o), set()).add(s)
        self.by_predicate.setdefault(p, set()).add((s, o))


_NOTHING: frozenset = frozenset()


class _RdfsClosure:
    """The RDFS closure of the lean ontology, computed once, and the closure step per data graph.

    pySHACL's `inference="rdfs"` (owlrl's RDFS semantics without axioms, datatype axioms or one-time
    rules) computes the fixpoint of rdf1 and rdfs2, 3, 5–13 over the graph G it starts from, plus rdfs4a/4b
    (`x rdf:type rdfs:Resource`) for the subjects and objects of G's own triples only: owlrl applies
    those in its first cycle, not to triples it derives. With G = ontology + data, that is the closure C
    of the ontology alone (computed here with owlrl itself) extended, by the same rules, with the data's
    triples and the rdfs4 typing of their nodes. `extend` computes that extension semi-naively: each new
    triple is joined, in every premise position of every rule, with C and the triples found so far.
    """

    def __init__(self, lean: Graph) -> None:
        import owlrl
        from pyshacl.inference import CustomRDFSSemantics

        closed = Graph()
        closed += lean
        owlrl.DeductiveClosure(CustomRDFSSemantics).expand(closed)
        self.triples: frozenset[Triple] = frozenset(closed)
        index = _Index()
        for triple in self.triples:
            index.add(triple)
        self._base = index
        self.store = SimpleMemory()
        for triple in self.triples:
            self.store.add(triple, None)

    def extend(self, data: Iterable[Triple]) -> _Index:
        """The triples the closure of ontology + `data` has beyond the ontology's closure (data included)."""
        base, base_triples = self._base, self.triples
        new = _Index()
        queue: list[Triple] = []

        def add(triple: Triple) -> None:
            # owlrl never stores a triple whose predicate is a literal.
            if triple in base_triples or triple in new.triples or isinstance(triple[1], Literal):
                return
            new.add(triple)
            queue.append(triple)

        def objects(s: Node, p: Node) -> tuple[Node, ...]:
            return (*base.by_sp.get((s, p), _NOTHING), *new.by_sp.get((s, p), _NOTHING))

        def subjects(p: Node, o: Node) -> tuple[Node, ...]:
            return (*base.by_po.get((p, o), _NOTHING), *new.by_po.get((p, o), _NOTHING))

        def pairs(p: Node) -> tuple[tuple[Node, Node], ...]:
            return (*base.by_predicate.get(p, _NOTHING), *new.by_predicate.get(p, _NOTHING))

        data = list(data)
        for triple in data:
            add(triple)
        for s, _p, o in data:  # rdfs4a, rdfs4b: only for the triples the closure starts from
            add((s, _TYPE, RDFS.Resource))
            add((o, _TYPE, RDFS.Resource))
        while queue:
            s, p, o = queue.pop()
            add((p, _TYPE, RDF.Property))  # rdf1
            for c in objects(p, _DOMAIN):  # rdfs2
                add((s, _TYPE, c))
            for c in objects(p, _RANGE):  # rdfs3
                add((o, _TYPE, c))
            for q in objects(p, _SUBPROPERTY):  # rdfs7
                add((s, q, o))
            if p == _DOMAIN:  # rdfs2, this triple as the axiom
                for x, _y in pairs(s):
                    add((x, _TYPE, o))
            if p == _RANGE:  # rdfs3, this triple as the axiom
                for _x, y in pairs(s):
                    add((y, _TYPE, o))
            if p == _SUBPROPERTY:
                for r in objects(o, _SUBPROPERTY):  # rdfs5
                    add((s, _SUBPROPERTY, r))
                for a in subjects(_SUBPROPERTY, s):  # rdfs5
                    add((a, _SUBPROPERTY, o))
                for x, y in pairs(s):  # rdfs7
                    add((x, o, y))
            if p == _SUBCLASS:
                for x in subjects(_TYPE, s):  # rdfs9
                    add((x, _TYPE, o))
                for e in objects(o, _SUBCLASS):  # rdfs11
                    add((s, _SUBCLASS, e))
                for a in subjects(_SUBCLASS, s):  # rdfs11
                    add((a, _SUBCLASS, o))
            if p == _TYPE:
                for d in objects(o, _SUBCLASS):  # rdfs9
                    add((s, _TYPE, d))
                if o == RDF.Property:  # rdfs6
                    add((s, _SUBPROPERTY, s))
                elif o == RDFS.Class:  # rdfs8, rdfs10
                    add((s, _SUBCLASS, RDFS.Resource))
                    add((s, _SUBCLASS, s))
                elif o == RDFS.ContainerMembershipProperty:  # rdfs12
                    add((s, _SUBPROPERTY, RDFS.member))
                elif o == RDFS.Datatype:  # rdfs13
                    add((s, _SUBCLASS, RDFS.Literal))
        return new


class _LayeredStore(Store):
    """A read-only union of the shared ontology closure and one call's own triples (the two are disjoint).

    Saves copying the ~1,000 triples of the closure into every case study's graph. The two flags only
    let pySHACL's DataGraph wrapper (an rdflib Dataset over the same store) be constructed; every read
    goes through the wrapped plain Graph.
    """

    context_aware = True
    graph_aware = True

    def __init__(self, base: SimpleMemory, base_size: int, top: SimpleMemory, top_size: int) -> None:
        super().__init__()
        self._base, self._top = base, top
        self._size = base_size + top_size
        self.graph: Graph | None = None  # set by the Graph built over this store

    def triples(self, triple_pattern, context=None):
        # Each triple is in one graph, the one graph over this store (pySHACL asks, to print blank nodes).
        graph = (self.graph,)
        for triple, _ in self._base.triples(triple_pattern, None):
            yield triple, iter(graph)
        for triple, _ in self._top.triples(triple_pattern, None):
            yield triple, iter(graph)

    def contexts(self, triple=None):
        return iter((self.graph,))

    def __len__(self, context=None) -> int:
        return self._size

    def add(self, triple, context, quoted=False) -> None:
        raise TypeError("the validation graph is read-only")

    def remove(self, triple, context=None) -> None:
        raise TypeError("the validation graph is read-only")

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        self._top.bind(prefix, namespace, override)

    def namespace(self, prefix: str) -> URIRef | None:
        return self._top.namespace(prefix)

    def prefix(self, namespace: URIRef) -> str | None:
        return self._top.prefix(namespace)

    def namespaces(self):
        return self._top.namespaces()


class _ParameterList(list):
    """pySHACL's list of constraint parameters with a hashed `in`: the same members, the same answers."""

    def __init__(self, items: Iterable[Node]) -> None:
        super().__init__(items)
        self._members = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def _hash_constraint_parameters() -> None:
    """Make pySHACL's per-shape "which constraint parameters does this shape use" test a set lookup.

    pySHACL 0.40 asks, for every predicate of every shape it evaluates, whether it is in a list of ~40
    parameters: a fifth of the run time was URIRef comparisons. It caches that list in the module
    attribute `pyshacl.shape.CONSTRAINT_PARAMS` on first use; this pre-fills the cache with the same
    list and map, only with a set-backed `in`. Only the lookup changes, for every pySHACL user in the
    process; if a pySHACL upgrade moves these names, nothing is patched and validation is only slower.
    """
    try:
        import pyshacl.shape as shape_module
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
    except ImportError:  # pragma: no cover - a pySHACL layout this was not written for
        return
    cached = getattr(shape_module, "CONSTRAINT_PARAMS", (None, None))
    if isinstance(cached[0], _ParameterList) or not isinstance(ALL_CONSTRAINT_PARAMETERS, list):
        return
    shape_module.CONSTRAINT_PARAMS = (_ParameterList(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)


@functools.lru_cache(maxsize=64)
def _prepared_query(text: str) -> Query:
    return prepareQuery(text)


class _ValidationGraph(Graph):
    """The graph pySHACL validates: SPARQL constraint queries are parsed once per process, not per call.

    pySHACL binds `$this` through initBindings, so a constraint's query text is the same on every call.
    """

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared_query(query_object)
        return super().query(query_object, *args, **kwargs)


@dataclass
class _Engine:
    """What the fast route builds once per (ontology, shapes) pair: the closure and the parsed shapes."""

    closure: _RdfsClosure
    shapes: Graph
    shapes_graph: ShapesGraph

    @classmethod
    def build(cls, ontology: Graph, shapes: Graph) -> _Engine:
        _hash_constraint_parameters()
        closure = _RdfsClosure(_lean_ontology(ontology))
        # pySHACL adds two triples to the shapes graph it is given: give it a copy, not the caller's. Its
        # store is the plain one: pySHACL reads the shapes graph a hundred thousand times per case study,
        # and the default store's named-graph bookkeeping made up a sixth of the time.
        own = Graph(store=SimpleMemory())
        for triple in shapes:
            own.add(triple)
        for prefix, namespace in shapes.namespace_manager.namespaces():
            own.namespace_manager.bind(prefix, namespace, override=True, replace=True)
        shapes_graph = ShapesGraph(own)
        _ = shapes_graph.shapes  # harvest the shapes now, not in the first call
        return cls(closure, own, shapes_graph)

    def run(self, data: Iterable[Triple]) -> tuple[bool, Graph]:
        new = self.closure.extend(data)
        top = SimpleMemory()
        for triple in new.triples:
            top.add(triple, None)
        store = _LayeredStore(self.closure.store, len(self.closure.triples), top, len(new.triples))
        graph = _ValidationGraph(store=store)
        store.graph = graph
        validator = Validator(
            DataGraph.from_rdflib(graph),
            shacl_graph=self.shapes,
            options={
                "inference": "none",
                "inplace": True,
                "abort_on_first": False,
                "allow_infos": True,
                "allow_warnings": True,
                "advanced": False,
                "logger": _LOG,
            },
        )
        validator.shacl_graph = self.shapes_graph  # the shapes parsed once, not a fresh harvest per call
        conforms, report, _text = validator.run()
        return conforms, report


_LOG = logging.getLogger("scpkg.shapes.validate")
_LOG.setLevel(logging.WARNING)


@functools.cache
def _default_engine() -> _Engine:
    return _Engine.build(ontology_graph(), shapes_graph())


@functools.lru_cache(maxsize=4)
def _engine(ontology: Graph, shapes: Graph) -> _Engine:
    return _Engine.build(ontology, shapes)


def _triples(data: Graph) -> Iterable[Triple]:
    if isinstance(data, Dataset):
        return ((s, p, o) for s, p, o, _g in data.quads((None, None, None, None)))
    return data.triples((None, None, None))


def _result(report: Graph, shapes: Graph) -> ValidationResult:
    problems = problems_from_report(report, shapes)
    return ValidationResult(
        conforms=not any(p.severity == SH.Violation for p in problems),
        results_graph=report,
        problems=problems,
    )


def validate(
    data: Graph,
    *,
    ontology: Graph | None = None,
    shapes: Graph | None = None,
    reference: bool = False,
) -> ValidationResult:
    """Validate one case study's graph; `ontology` and `shapes` default to the shipped, cached ones.

    The data graph is not modified. For a Dataset, the triples of all its graphs are validated together.
    `reference=True` takes the slow route (pySHACL's own RDFS inference over a copy of data + ontology,
    shapes parsed again): the fast route must give the same results, which tests/test_shapes.py checks.
    """
    if reference:
        return _validate_reference(data, ontology=ontology, shapes=shapes)
    if ontology is None and shapes is None:
        engine = _default_engine()
    else:
        engine = _engine(
            ontology if ontology is not None else ontology_graph(),
            shapes if shapes is not None else shapes_graph(),
        )
    _conforms, report = engine.run(_triples(data))
    return _result(report, engine.shapes)


def _validate_reference(
    data: Graph,
    *,
    ontology: Graph | None = None,
    shapes: Graph | None = None,
) -> ValidationResult:
    """The original route: a copy of data + lean ontology, pySHACL with `inference="rdfs"`."""
    work = Graph()
    if isinstance(data, Dataset):
        for s, p, o, _g in data.quads((None, None, None, None)):
            work.add((s, p, o))
    else:
        work += data
    work += _lean_ontology(ontology if ontology is not None else ontology_graph())
    shapes = shapes if shapes is not None else shapes_graph()
    _conforms, report, _text = pyshacl.validate(
        work,
        shacl_graph=shapes,
        inference="rdfs",
        inplace=True,
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        advanced=False,
    )
    return _result(report, shapes)
