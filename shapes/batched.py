"""Validate many case studies in few pySHACL runs: one run over the union of a group of case studies.

A pySHACL run costs about as much again in set-up (closure layer, validator, report) as in checking, so
ingest validates groups of case studies together and splits the report per case study. That is only
safe when no case study can see another's triples, so a group only holds case studies that are
*independent*, and anything else is validated on its own:

- every term (IRI or blank node, in any position) that two members of a group both use has the same
  *signature* in both: the same triples with it as subject, the same predicates pointing at it, the same
  use as a predicate. A shared country stub, concept or property then looks the same from every member,
  and RDFS (whose rules add triples about a term of the triples they start from) infers the same
  triples about it; a node one member describes and another only points at, or two members describing
  one node, keep them apart;
- a case study that states schema triples (rdfs:domain, rdfs:range, rdfs:subClassOf,
  rdfs:subPropertyOf: RDFS would apply them to the others' triples) or uses a predicate the shapes walk
  backwards (`sh:inversePath`, which could reach another member's nodes) is validated on its own.

Each result of the union's report belongs to the members that use its focus node (a focus node no member
uses is an ontology node, and its result is every member's). Each member's report is rebuilt from its
results (with their nested detail) and flattened exactly as `validate` flattens one, so a member gets
the `ValidationResult` its own run would give: tests/test_shapes.py checks that on the fixtures and the
hostile corpus.
"""

from __future__ import annotations

import functools
import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import RDF, RDFS, BNode, Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.term import Node

from scpkg.shapes.validate import PARALLEL_MIN, Triple, ValidationResult, _result, shapes_graph, validate_many

GROUP_SIZE = 40
"""Case studies per pySHACL run: enough to spread the set-up, few enough for a worker's chunk."""

WINDOW = 200
"""Case studies looked at together to form groups (and so held at once): memory stays flat."""

SCHEMA_PREDICATES = frozenset({RDFS.domain, RDFS.range, RDFS.subClassOf, RDFS.subPropertyOf})
"""Data triples RDFS would apply to every member's triples: a case study stating one runs alone."""


@functools.cache
def _inverse_predicates() -> frozenset[Node]:
    """Predicates some shape walks backwards (sh:inversePath): a member using one runs alone."""
    shapes = shapes_graph()
    found: set[Node] = set()
    for node in shapes.objects(None, SH.inversePath):
        if isinstance(node, BNode) and (node, RDF.first, None) in shapes:
            found.update(Collection(shapes, node))
        else:
            found.add(node)
    for node in shapes.objects(None, SH.alternativePath):  # alternatives inside an inverse path
        if any(shapes.subjects(SH.inversePath, node)):
            found.update(Collection(shapes, node))
    return frozenset(found)


@dataclass
class _Member:
    """One case study of a window: its triples and the signature of every term it uses."""

    triples: list[Triple]
    signatures: dict[Node, tuple[frozenset, frozenset, bool]]
    alone: bool


def _member(item: Graph | tuple[Graph, ...]) -> _Member:
    graphs = item if isinstance(item, tuple) else (item,)
    triples = [t for g in graphs for t in g.triples((None, None, None))]
    out: dict[Node, set] = {}
    into: dict[Node, set] = {}
    predicates: set[Node] = set()
    alone_on = SCHEMA_PREDICATES | _inverse_predicates()
    alone = False
    for s, p, o in triples:
        out.setdefault(s, set()).add((p, o))
        predicates.add(p)
        if not isinstance(o, Literal):
            into.setdefault(o, set()).add(p)
        if p in alone_on:
            alone = True
    terms = set(out) | set(into) | predicates
    signatures = {
        t: (frozenset(out.get(t, ())), frozenset(into.get(t, ())), t in predicates)
        for t in terms
        if not isinstance(t, Literal)
    }
    return _Member(triples, signatures, alone)


def groups(members: list[_Member], size: int = GROUP_SIZE) -> list[list[int]]:
    """Members (by index) in groups of independent case studies, each group in input order; greedy:
    a member joins the first open group none of whose terms it shares with another signature."""
    out: list[tuple[list[int], dict[Node, tuple] | None]] = []  # None: a member that runs alone
    for i, member in enumerate(members):
        if member.alone:
            out.append(([i], None))
            continue
        for indices, seen in out:
            if seen is None or len(indices) >= size:
                continue
            if all(seen.get(t, sig) == sig for t, sig in member.signatures.items()):
                indices.append(i)
                seen.update(member.signatures)
                break
        else:
            out.append(([i], dict(member.signatures)))
    return [indices for indices, _ in out]


def _closure(report: Graph, node: Node, into: Graph, seen: set[Node]) -> None:
    """Copy the triples of `node` and, recursively, of the blank nodes they reach."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for s, p, o in report.triples((current, None, None)):
            into.add((s, p, o))
            if isinstance(o, BNode):
                stack.append(o)


def split(
    union: ValidationResult, members: list[_Member], shapes: Graph | None = None
) -> list[ValidationResult]:
    """The union's report cut into one `ValidationResult` per member (see the module's docstring)."""
    report = union.results_graph
    if len(members) == 1:
        return [union]
    users: dict[Node, list[int]] = {}
    for k, member in enumerate(members):
        for term in member.signatures:
            users.setdefault(term, []).append(k)
    everyone = list(range(len(members)))
    mine: list[list[Node]] = [[] for _ in members]
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        for k in users.get(focus, everyone):
            mine[k].append(result)
    namespaces = list(report.namespaces())
    shapes = shapes if shapes is not None else shapes_graph()
    out = []
    for results in mine:
        graph = Graph(store=SimpleMemory())
        for prefix, namespace in namespaces:
            graph.bind(prefix, namespace, override=True, replace=True)
        node = BNode()
        graph.add((node, RDF.type, SH.ValidationReport))
        seen: set[Node] = set()
        conforms = True
        for result in results:
            graph.add((node, SH.result, result))
            _closure(report, result, graph, seen)
            if report.value(result, SH.resultSeverity) == SH.Violation:
                conforms = False
        graph.add((node, SH.conforms, Literal(conforms)))
        out.append(_result(graph, shapes))
    return out


def validate_batched(
    graphs: Iterable[Graph | tuple[Graph, ...]],
    *,
    workers: int | None = None,
    size: int = GROUP_SIZE,
    window: int = WINDOW,
) -> Iterator[ValidationResult]:
    """`validate` each graph (shipped ontology and shapes), in order, independent ones together.

    An item may be a tuple of graphs (a case study and its context), validated as their union
    without copying them into one first. Reads `window` items at a time (a lazy iterable stays
    lazy), validates each window's groups on `validate_many`'s pool (one group per task), and
    yields the members' results in input order.
    """
    graphs = iter(graphs)
    first = list(itertools.islice(graphs, window))
    if len(first) < min(window, PARALLEL_MIN):  # a few: in this process, as `validate_many` keeps them
        workers = 1
    graphs = itertools.chain(first, graphs)
    # (window number, its size, the members' indices in the window, the members), per union yielded
    pending: deque[tuple[int, int, list[int], list[_Member]]] = deque()

    def unions() -> Iterator[Graph]:
        for number in itertools.count():
            chunk = [_member(g) for g in itertools.islice(graphs, window)]
            if not chunk:
                return
            for indices in groups(chunk, size):
                pending.append((number, len(chunk), indices, [chunk[i] for i in indices]))
                union = Graph(store=SimpleMemory())
                for i in indices:
                    for triple in chunk[i].triples:
                        union.add(triple)
                yield union

    results = validate_many(unions(), workers=workers, chunk_size=1, parallel_min=2)
    done: dict[int, ValidationResult] = {}
    current = 0
    try:
        for result in results:
            number, count, indices, members = pending.popleft()
            if number != current:  # a new window: the previous one was complete and yielded
                done, current = {}, number
            done.update(zip(indices, split(result, members), strict=True))
            if len(done) == count:  # groups interleave members: the window in input order
                yield from (done[i] for i in range(count))
    finally:
        results.close()
