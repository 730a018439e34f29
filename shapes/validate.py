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
SPARQL constraints' queries are parsed once. Further, all confined to the fast route's own objects
(details at each): pySHACL starts only from the shapes that have targets (`_TargetedShapesGraph`), the
shapes graph's answers are remembered (`_MemoGraph`), target classes' subclasses are read off the closed
graph without a walk (`_ValidationGraph`), and the report text pySHACL writes for every result, nested
ones included, is skipped (`_skip_result_descriptions`; the one process-wide patch besides
`_hash_constraint_parameters`, and inert for any other validation). The shapes themselves are written
for the RDFS-closed graph (one rdfs:subClassOf step, not a `sh:oneOrMorePath` walk: see
scpsh:PolicyTypeShape). `validate(..., reference=True)` is the original route, kept for
tests/test_shapes.py, which checks both give the same results on every fixture.

Many case studies: `validate_many` spreads them over a process pool (ingest's validation stage uses it).
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import re
import weakref
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field

import pyshacl
from pyshacl.graph_abstraction import DataGraph
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import Validator
from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH, SKOS
from rdflib.paths import Path
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.store import Store
from rdflib.term import Node

from scpkg.resources import shapes_dir

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
    """The shipped ontology with its generated vocabularies (SDG), parsed once per process for all."""
    from scpkg.ontology import load_graph

    return load_graph()


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


# The ShapesGraphs of `_Engine`s: only validation against these skips pySHACL's result descriptions.
_TEXTLESS_SHAPES_GRAPHS: weakref.WeakSet[ShapesGraph] = weakref.WeakSet()


def _skip_result_descriptions() -> None:
    """Let pySHACL skip the report text of results validated against an `_Engine`'s shapes graph.

    For every result it builds, nested ones included (the branches of sh:or / sh:not /
    sh:qualifiedValueShape that fail, then are thrown away), pySHACL 0.40 also writes a description: the
    plain-text report, with every node turned into a qname. That was a fifth of the run time, and the
    fast route never reads the text (`Validator.run`'s third value). This wraps
    `ConstraintComponent.make_v_result_description` to return "" when the constraint's shape belongs to a
    shapes graph in `_TEXTLESS_SHAPES_GRAPHS`, and defers to pySHACL otherwise: any other validation in
    the process, the reference route included, gets the same text as before. The result triples, and so
    `problems` and the report graph, are untouched (the equivalence test in tests/test_shapes.py checks
    the fast route against the reference route). If a pySHACL upgrade moves the method, nothing is
    patched and validation is only slower.
    """
    try:
        from pyshacl.constraints.constraint_component import ConstraintComponent
    except ImportError:  # pragma: no cover - a pySHACL layout this was not written for
        return
    original = getattr(ConstraintComponent, "make_v_result_description", None)
    if original is None or getattr(original, "_scpkg_textless", False):
        return

    @functools.wraps(original)
    def make_v_result_description(self, *args, **kwargs):
        if self.shape.sg in _TEXTLESS_SHAPES_GRAPHS:
            return ""
        return original(self, *args, **kwargs)

    make_v_result_description._scpkg_textless = True
    ConstraintComponent.make_v_result_description = make_v_result_description


@functools.lru_cache(maxsize=64)
def _prepared_query(text: str) -> Query:
    return prepareQuery(text)


class _ValidationGraph(Graph):
    """The graph pySHACL validates: SPARQL constraint queries are parsed once per process, not per call.

    pySHACL binds `$this` through initBindings, so a constraint's query text is the same on every call.
    The graph is RDFS-closed, so rdfs:subClassOf is transitive in it: the classes below a class are its
    direct rdfs:subClassOf subjects, and `transitive_subjects` (which pySHACL calls for every
    sh:targetClass) need not walk the hierarchy. It yields the same nodes as rdflib's walk.
    """

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared_query(query_object)
        return super().query(query_object, *args, **kwargs)

    def transitive_subjects(self, predicate, object_, remember=None):
        if predicate != _SUBCLASS or object_ is None or remember is not None:
            yield from super().transitive_subjects(predicate, object_, remember)
            return
        yield object_
        seen = {object_}
        for subclass in self.subjects(_SUBCLASS, object_):
            if subclass not in seen:
                seen.add(subclass)
                yield subclass


class _MemoGraph(Graph):
    """The engine's copy of the shapes graph, whose triple-pattern answers are remembered.

    pySHACL re-reads the shapes graph for every shape it evaluates, on every focus node (a shape's
    parameters, paths, lists, messages): the same few thousand patterns a hundred thousand times per
    case study. The shapes do not change between calls, so each pattern's answer is kept; any change to
    the graph (pySHACL re-adds its two system triples on every call: already there, so no change) drops
    what was kept. (~2,000 patterns for the shipped shapes, the same on every call.)
    """

    MAX_ANSWERS = 100_000

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._answers: dict = {}

    def triples(self, triple):
        if isinstance(triple[1], Path):
            yield from super().triples(triple)
            return
        answer = self._answers.get(triple)
        if answer is None:
            if len(self._answers) >= self.MAX_ANSWERS:  # only shape nodes are asked about, but be safe
                self._answers.clear()
            answer = self._answers[triple] = tuple(super().triples(triple))
        yield from answer

    def add(self, triple):
        if triple not in self:
            self._answers.clear()
            super().add(triple)
        return self

    def remove(self, triple):
        self._answers.clear()
        return super().remove(triple)

    def addN(self, quads):  # noqa: N802 - rdflib's name
        self._answers.clear()
        return super().addN(quads)


class _TargetedShapesGraph:
    """A parsed ShapesGraph whose `shapes`, the ones `Validator.run` starts from, are those with targets.

    pySHACL 0.40 starts every validation from every shape of the graph (here ~140, most of them property
    shapes and the anonymous members of sh:or, sh:not, ...) and looks up each one's target declarations
    in the shapes graph, only to skip the ones that have none. Targets (sh:targetClass, sh:targetNode,
    sh:targetSubjectsOf, sh:targetObjectsOf, implicit class targets) are read from the shapes graph alone,
    so the shapes without any are found once, here; the others still run exactly as before, and shapes
    reached through sh:property, sh:node, sh:or, ... are still found by pySHACL itself. Everything else is
    the wrapped ShapesGraph's.
    """

    def __init__(self, shapes_graph: ShapesGraph) -> None:
        self._shapes_graph = shapes_graph
        self.shapes = [s for s in shapes_graph.shapes if any(list(t) for t in s.target())]

    def __getattr__(self, name: str):
        return getattr(self._shapes_graph, name)


@dataclass
class _Engine:
    """What the fast route builds once per (ontology, shapes) pair: the closure and the parsed shapes."""

    closure: _RdfsClosure
    shapes: Graph
    shapes_graph: _TargetedShapesGraph

    @classmethod
    def build(cls, ontology: Graph, shapes: Graph) -> _Engine:
        _hash_constraint_parameters()
        _skip_result_descriptions()
        closure = _RdfsClosure(_lean_ontology(ontology))
        # pySHACL adds two triples to the shapes graph it is given: give it a copy, not the caller's. Its
        # store is the plain one: pySHACL reads the shapes graph a hundred thousand times per case study,
        # and the default store's named-graph bookkeeping made up a sixth of the time.
        own = _MemoGraph(store=SimpleMemory())
        for triple in shapes:
            own.add(triple)
        for prefix, namespace in shapes.namespace_manager.namespaces():
            own.namespace_manager.bind(prefix, namespace, override=True, replace=True)
        shapes_graph = ShapesGraph(own)
        _ = shapes_graph.shapes  # harvest the shapes now, not in the first call
        _TEXTLESS_SHAPES_GRAPHS.add(shapes_graph)
        return cls(closure, own, _TargetedShapesGraph(shapes_graph))

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
        # The shapes parsed once, not a fresh harvest per call; and only those with targets (see above).
        validator.shacl_graph = self.shapes_graph
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


# ---------------------------------------------------------------------------------------------------
# Many case studies: a process pool.
# ---------------------------------------------------------------------------------------------------

PARALLEL_MIN = 20
"""Fewer case studies than this are validated in-process: starting workers would cost more than it saves."""

CHUNK_SIZE = 16
"""Case studies per task sent to a worker: few enough to keep workers busy, enough to amortise pickling."""

# A graph crosses the process boundary as its triples (rdflib terms pickle small and fast); a result as
# conforms, the Problems and the report's triples and prefixes.
_Triples = list[Triple]
_Shipped = tuple[bool, list[Problem], _Triples, list[tuple[str, str]]]


def _ship(result: ValidationResult) -> _Shipped:
    report = result.results_graph
    return (
        result.conforms,
        result.problems,
        list(report.triples((None, None, None))),
        [(prefix, str(namespace)) for prefix, namespace in report.namespaces()],
    )


def _unship(shipped: _Shipped) -> ValidationResult:
    conforms, problems, triples, namespaces = shipped
    report = Graph(store=SimpleMemory())
    for triple in triples:
        report.add(triple)
    bound = dict(report.namespaces())
    for prefix, namespace in namespaces:
        if str(bound.get(prefix)) != namespace:
            report.bind(prefix, URIRef(namespace), override=True, replace=True)
    return ValidationResult(conforms=conforms, results_graph=report, problems=problems)


def _worker_start(owner: int = 0) -> None:
    """Build the engine (ontology closure, parsed shapes) once per worker, before its first task; the
    worker exits when ``owner`` (the process that asked for validation) does, even if it was killed."""
    from scpkg.processes import exit_with

    exit_with(owner)
    _default_engine()


def _validate_chunk(chunk: list[_Triples]) -> list[_Shipped]:
    engine = _default_engine()
    return [_ship(_result(engine.run(triples)[1], engine.shapes)) for triples in chunk]


def _pool_context():
    import multiprocessing

    # Not fork: the caller may have threads (a database driver's), and a forked child can deadlock on a
    # lock one of them held. forkserver starts workers from a clean single-threaded server.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def validate_many(
    graphs: Iterable[Graph],
    workers: int | None = None,
    *,
    chunk_size: int = CHUNK_SIZE,
    parallel_min: int = PARALLEL_MIN,
) -> Iterator[ValidationResult]:
    """`validate` each graph with the shipped ontology and shapes, in order, on `workers` processes.

    `workers` defaults to `os.cpu_count()`; with 1 (or a 1-core machine), or fewer than `PARALLEL_MIN`
    graphs, everything runs in this process and this is `map(validate, graphs)`. Otherwise the graphs
    are sent `CHUNK_SIZE` at a time (as their triples) to a `ProcessPoolExecutor`, a bounded number of
    chunks ahead of the caller, so `graphs` may be a lazy iterable; each result is the one `validate`
    would give (the same `conforms` and `problems`; the report graph is rebuilt from the worker's triples
    and prefixes, with fresh blank nodes). The pool is shut down when the iterator is exhausted or
    closed. A worker's failure is raised here, for the chunk it happened in. `chunk_size` and
    `parallel_min` are for callers whose graphs are large (`scpkg.shapes.batched` sends unions of
    case studies, one per task).
    """
    workers = (os.cpu_count() or 1) if workers is None else workers
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    graphs = iter(graphs)
    head = list(itertools.islice(graphs, parallel_min))
    if workers == 1 or len(head) < parallel_min:
        for graph in itertools.chain(head, graphs):
            yield validate(graph)
        return
    yield from _validate_in_pool(itertools.chain(head, graphs), workers, chunk_size)


def _validate_in_pool(
    graphs: Iterator[Graph], workers: int, chunk_size: int = CHUNK_SIZE
) -> Iterator[ValidationResult]:
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    def chunks() -> Iterator[list[_Triples]]:
        while chunk := [list(_triples(g)) for g in itertools.islice(graphs, chunk_size)]:
            yield chunk

    pending = deque()
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=_pool_context(), initializer=_worker_start, initargs=(os.getpid(),)
    ) as pool:
        try:
            for chunk in chunks():
                pending.append(pool.submit(_validate_chunk, chunk))
                # Keep every worker two chunks ahead, no more: memory stays flat on a lazy input.
                while len(pending) > 2 * workers:
                    yield from map(_unship, pending.popleft().result())
            while pending:
                yield from map(_unship, pending.popleft().result())
        finally:
            for future in pending:
                future.cancel()
            if pending:  # stopped early (a signal, an error): the chunks in flight are not wanted
                _stop_workers(pool)


def _stop_workers(pool: Executor) -> None:
    """Terminate the pool's workers now: shutting the pool down waits for the chunks they are on, which
    kept `kill PID` of an ingest waiting about 30 s (Python 3.13 has no ``terminate_workers``)."""
    workers = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
    for process in workers:
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
