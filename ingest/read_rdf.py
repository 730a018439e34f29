"""Read case studies that partner tools send, and `scpkg export` writes, as RDF in the ontology's terms.

Such input is taken as it is: no records, no mapping, only the same SHACL validation as every other
input. The case study is the unit the store tracks provenance, hashes and retraction by, so:

- a single-graph file (Turtle, N-Triples, or JSON-LD without named graphs) must describe exactly one
  `scp:CaseStudy`;
- a dataset (TriG, N-Quads, JSON-LD with named graphs: what `scpkg export` writes) holds one case
  study per named graph, named by the case study's IRI; each becomes its own unit. The graph of the
  reference pseudo case study is recognised and marked, never ingested as a user's case study.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from scpkg.ingest.files import FileError, decode_text, read_bytes
from scpkg.ingest.records import Problem, Unit
from scpkg.iris import instance
from scpkg.ontology.namespace import SCP

FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig", ".nq": "nquads"}
DATASET_SUFFIXES = {".trig", ".nq", ".jsonld"}
"""Suffixes read as datasets (named graphs); a JSON-LD file without named graphs is a single graph."""

REFERENCE_CASE = URIRef(str(instance("case-study", "reference")))
"""Named graph of the store's reference data in an export (`scpkg.store.REFERENCE_CASE`)."""

MAX_NAMED = 3
"""Case-study IRIs named in a "found several" error: enough to recognise the file, never pages of it."""


def _parse(text: str, path: Path) -> Dataset:
    ds = Dataset(default_union=False)
    fmt = FORMATS[path.suffix.lower()]
    try:
        ds.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many parser-specific types; all mean "not valid RDF"
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise FileError(f"not valid {fmt}: {message[:300]}") from exc
    return ds


def canonical(term: Any) -> Any:
    """A decimal in its canonical form ("50", not "50.0"), as mapping writes it: Turtle and TriG
    writers shorten "50"^^xsd:decimal to `50.0`, and the same value must hash and compare the same."""
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        try:
            value = Decimal(str(term))
        except InvalidOperation:
            return term  # not a number: SHACL says so
        if value.is_finite():
            text = str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")
            return Literal(text, datatype=XSD.decimal)
    return term


def _copy(source: Graph) -> Graph:
    graph = Graph()
    for s, p, o in source:
        graph.add((s, p, canonical(o)))
    return graph


def _cases(graph: Graph) -> list[URIRef]:
    return sorted({s for s in graph.subjects(RDF.type, SCP.CaseStudy) if isinstance(s, URIRef)})


def _problem(path: Path, message: str) -> Unit:
    return Unit(path, path.name, problems=[Problem(str(path), path.name, "(file)", message)])


def _found(cases: list[URIRef]) -> str:
    if not cases:
        return "none"
    names = ", ".join(str(c).rsplit("/", 1)[-1] for c in cases[:MAX_NAMED])
    more = f" and {len(cases) - MAX_NAMED} more" if len(cases) > MAX_NAMED else ""
    return f"{len(cases)} ({names}{more})"


def read_rdf(path: Path, max_bytes: int) -> list[Unit]:
    text = decode_text(read_bytes(path, max_bytes))
    ds = _parse(text, path)
    named = [g for g in ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)]
    default = ds.graph(DATASET_DEFAULT_GRAPH_ID)
    if named:
        return _dataset_units(path, named, len(default))
    cases = _cases(default)
    if len(cases) != 1:
        merged = (
            " in one graph: a merged export (`scpkg export --format ttl|nt`) cannot be split back into "
            "case studies; export with --format trig, nq or jsonld to re-import"
            if len(cases) > 1
            else ""
        )
        return [
            _problem(
                path,
                "an RDF file must describe one scp:CaseStudy (with an IRI), or hold one named graph per "
                f"case study; this one describes {_found(cases)}{merged}",
            )
        ]
    return [Unit(path, str(cases[0]).rsplit("/", 1)[-1], graph=_copy(default), case_iri=cases[0])]


def _dataset_units(path: Path, named: list[Graph], default_size: int) -> list[Unit]:
    """One unit per named graph; each must be named by the one case study it describes."""
    units: list[Unit] = []
    if default_size:
        units.append(
            _problem(
                path,
                f"{default_size} triples are outside any named graph; in a dataset every triple belongs "
                "to the named graph of the case study asserting it",
            )
        )
    for g in sorted(named, key=lambda g: str(g.identifier)):
        name = URIRef(str(g.identifier))
        label = str(name).rsplit("/", 1)[-1]
        graph = _copy(g)
        if name == REFERENCE_CASE:
            units.append(Unit(path, label, graph=graph, case_iri=name, reference=True))
            continue
        cases = _cases(graph)
        if cases != [name]:
            units.append(
                Unit(
                    path,
                    label,
                    problems=[
                        Problem(
                            str(path),
                            label,
                            "(named graph)",
                            f"the named graph <{name}> must describe exactly that scp:CaseStudy; "
                            f"it describes {_found(cases)}",
                        )
                    ],
                )
            )
            continue
        units.append(Unit(path, label, graph=graph, case_iri=name))
    return units
