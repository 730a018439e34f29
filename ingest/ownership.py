"""A case study given as RDF describes only the nodes it owns, unless it says whose it adds to.

Case studies read from YAML, JSON or spreadsheets mint every IRI they describe from their own records,
so they cannot describe anything else. RDF input names its nodes itself, so a Turtle file could give
another case study's policy the title "HIJACKED". A node is owned by an RDF case study when it is the
case study itself, an IRI under the case study's own (`…/case-study/x/…`), connected to the case
study through the file's own triples (its source, the policies that cite it, their targets, outcomes
and bodies), never through reference data (countries, regions, vocabularies, the ontology), or a node
no other case study (of this run or in the store) describes. Reference data is never a file's to
describe. Triples about a node another case study describes are refused with a problem naming the
node and its case studies, unless this case study declares `scp:addsTo <that case study>`: then the
additions are loaded and, being the case study's own assertions, stay visible in provenance (the
`scp:addsTo` link is stored with them).

See docs/decisions/20261202-hostile-files.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from scpkg.ingest.records import Problem, short_iri
from scpkg.iris import ID, ONT, VOCAB
from scpkg.ontology.namespace import SCP

REFERENCE_PREFIXES = (ID + "country/", ID + "region/", ID + "mea/", ONT, VOCAB)
"""IRIs of reference data (loaded from the installed scpkg, never from a file), which no case study
describes; sector hotspots are minted under the vocabulary's IRIs but belong to their case study."""

MAX_SHOWN = 5
"""Foreign nodes named one by one in the problems of one case study."""


def is_reference(node: Node) -> bool:
    return (
        isinstance(node, URIRef) and str(node).startswith(REFERENCE_PREFIXES) and "/hotspot/" not in str(node)
    )


def owned(graph: Graph, case: URIRef) -> set[Node]:
    """The nodes connected to the case study through the graph's triples (either direction), never
    through reference data: the nodes its records are."""
    neighbours: dict[Node, set[Node]] = {}
    for s, _, o in graph:
        if isinstance(o, Literal) or is_reference(s) or is_reference(o):
            continue
        neighbours.setdefault(s, set()).add(o)
        neighbours.setdefault(o, set()).add(s)
    seen: set[Node] = {case}
    todo = [case]
    while todo:
        for other in neighbours.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def foreign_subjects(graph: Graph, case: URIRef) -> list[URIRef]:
    """IRIs the graph describes (as subject) that the case study does not own."""
    mine = owned(graph, case)
    under = (str(case) + "/", str(case) + "#")
    return sorted(
        s
        for s in set(graph.subjects())
        if isinstance(s, URIRef) and s not in mine and not str(s).startswith(under)
    )


def trespass_problems(
    file: str,
    record: str,
    graph: Graph,
    case: URIRef,
    asserters: Callable[[Iterable[URIRef]], dict[URIRef, set[str]]],
) -> list[Problem]:
    """One problem per node the case study describes but does not own, naming who does; `asserters`
    says which other case studies (of this run or in the store) assert each node."""
    foreign = foreign_subjects(graph, case)
    if not foreign:
        return []
    adds_to = {str(o) for o in graph.objects(case, SCP.addsTo)}
    whose = asserters(foreign)
    problems = []
    for node in foreign:
        others = sorted(whose.get(node, set()) - {str(case)})
        if not is_reference(node) and adds_to & set(others):
            continue  # declared: scp:addsTo a case study that asserts the node
        facts = sorted(str(short_iri(p)) for p in graph.predicates(node, None))
        if is_reference(node):
            why = "it is reference data (countries, regions, vocabularies): it comes from scpkg, not files"
        elif others:
            names = ", ".join(short_iri(o) for o in others[:3])
            why = (
                f"it is described by {names}; to add to another case study's facts say so on this case study "
                f"with scp:addsTo <{others[0]}>"
            )
        else:
            continue  # a node no other case study describes is this one's (minted, unlinked, e.g. a body)
        problems.append(
            Problem(
                file,
                record,
                short_iri(node),
                f"this case study describes a node it does not own ({', '.join(facts[:4])}): {why}",
            )
        )
        if len(problems) >= MAX_SHOWN:
            rest = len(foreign) - MAX_SHOWN
            if rest > 0:
                problems.append(Problem(file, record, "(case study)", f"... and {rest} more such nodes"))
            break
    return problems
