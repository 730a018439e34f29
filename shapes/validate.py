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
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pyshacl
from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH, SKOS
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


def _message(report: Graph, result: Node, lang: str = "en") -> str:
    """The result's message in `lang`, else any message: shapes carry English and Chinese ones."""
    messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    for m in messages:
        if m.language == lang:
            return str(m)
    return str(messages[0]) if messages else ""


def problems_from_report(report: Graph) -> list[Problem]:
    """Flatten a SHACL validation report into `Problem`s, sorted so output is stable between runs."""
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
                message=_message(report, result),
            )
        )
    return sorted(
        problems, key=lambda p: (str(p.severity), str(p.focus_node), str(p.source_shape), str(p.value))
    )


def validate(
    data: Graph,
    *,
    ontology: Graph | None = None,
    shapes: Graph | None = None,
) -> ValidationResult:
    """Validate one case study's graph; `ontology` and `shapes` default to the shipped, cached ones.

    The data graph is not modified: a copy with the ontology mixed in is validated. For a Dataset,
    the triples of all its graphs are validated together.
    """
    work = Graph()
    if isinstance(data, Dataset):
        for s, p, o, _g in data.quads((None, None, None, None)):
            work.add((s, p, o))
    else:
        work += data
    work += _lean_ontology(ontology if ontology is not None else ontology_graph())
    _conforms, report, _text = pyshacl.validate(
        work,
        shacl_graph=shapes if shapes is not None else shapes_graph(),
        inference="rdfs",
        inplace=True,
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        advanced=False,
    )
    problems = problems_from_report(report)
    return ValidationResult(
        conforms=not any(p.severity == SH.Violation for p in problems),
        results_graph=report,
        problems=problems,
    )
