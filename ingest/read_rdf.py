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

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.shared.jsonld import context as jsonld_context
from rdflib.plugins.stores.memory import Memory

from scpkg import BASE_IRI
from scpkg.ingest.files import MAX_TRIPLES, FileError, decode_text, read_bytes
from scpkg.ingest.read_structured import _refuse_constant, _refuse_duplicates
from scpkg.ingest.records import Problem, Unit, short_iri
from scpkg.ingest.values import MAX_INTEGER, check_values, text_problem
from scpkg.iris import instance
from scpkg.ontology.namespace import SCP

FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig", ".nq": "nquads"}
DATASET_SUFFIXES = {".trig", ".nq", ".jsonld"}
"""Suffixes read as datasets (named graphs); a JSON-LD file without named graphs is a single graph."""

REFERENCE_CASE = URIRef(str(instance("case-study", "reference")))
"""Named graph of the store's reference data in an export (`scpkg.store.REFERENCE_CASE`)."""

MAX_NAMED = 3
"""Case-study IRIs named in a "found several" error: enough to recognise the file, never pages of it."""


class _TooManyTriplesError(Exception):
    """Raised from inside a parser, by the store it writes to, to stop a file at MAX_TRIPLES."""


class _BoundedMemory(Memory):
    """rdflib's in-memory store, refusing the triple after MAX_TRIPLES: a 10 MB Turtle file of short
    literals is a million triples and gigabytes of memory; the parse stops before that."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.added = 0

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        self.added += 1
        if self.added > self.limit:
            raise _TooManyTriplesError
        super().add(triple, context, quoted=quoted)


def _refuse_fetch(source: Any, *args: Any, **kwargs: Any) -> Any:
    """Stands in for rdflib's JSON-LD document loader while scpkg parses: ingest never opens a URL or
    a file it was not given. `_local_contexts` has already refused or replaced every context reference."""
    raise FileError(f"the JSON-LD context {source!s:.200} would have to be fetched; ingest never fetches")


@contextmanager
def _no_fetching() -> Iterator[None]:
    """rdflib's JSON-LD parser fetches `@context` and `@import` URLs (and `file:` paths) with urllib;
    its loader is swapped for one that refuses, for the parse only."""
    saved = jsonld_context.source_to_json
    jsonld_context.source_to_json = _refuse_fetch
    try:
        yield
    finally:
        jsonld_context.source_to_json = saved


def _project_context() -> Any:
    """The project's own context (`GET /context.jsonld`), built from the ontology, never fetched."""
    from scpkg.api.linked_data import build_context
    from scpkg.ontology import load_graph
    from scpkg.store import load_vocabulary

    ontology = load_graph()
    return build_context(ontology, load_vocabulary(ontology))["@context"]


def _local_contexts(data: Any) -> Any:
    """The JSON-LD document with every context reference resolved locally: the project's own context
    (`/context.jsonld`, `https://w3id.org/scpkg/context.jsonld`) is built in; any other reference
    (a URL, `file:///etc/passwd`, an `@import`) is refused, naming it, before rdflib sees it."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        for key, value in list(node.items()):
            if key == "@context":
                node[key] = _resolve_context(value)
                stack.extend(node[key] if isinstance(node[key], list) else [node[key]])
            elif key == "@import":
                raise FileError(
                    f"the JSON-LD context imports {value!s:.200}: ingest never fetches a context; "
                    "put its terms in the file (an inline @context)",
                    "@import",
                )
            else:
                stack.append(value)
    return data


def _resolve_context(value: Any) -> Any:
    if isinstance(value, list):
        return [_resolve_context(v) for v in value]
    if isinstance(value, str):
        if value in PROJECT_CONTEXTS:
            return _project_context()
        raise FileError(
            f"the JSON-LD @context {value[:200]!r} is a remote (or local file) reference: ingest never "
            "fetches one; put the context in the file, or use the project's own "
            f"({BASE_IRI}context.jsonld, known without fetching)",
            "@context",
        )
    return value


PROJECT_CONTEXTS = frozenset({"/context.jsonld", BASE_IRI + "context.jsonld", BASE_IRI + "context"})
"""References to the project's context that are resolved locally (the API serves it at /context.jsonld)."""


_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\s]*>|#[^\n]*|(,)|[^\s,;.()\[\]\"'<#]+"
)
"""Turtle/TriG tokens: strings, IRIs and comments whole (so commas inside them are not counted), an
object-list comma (group 1), and any other term."""


def _check_statements(text: str, fmt: str, max_triples: int) -> None:
    """Refuse a Turtle/TriG file that must hold more than `max_triples` triples, before parsing: rdflib
    reads a whole object list (`s p "1", "2", ...`) into memory before adding one triple, so a million
    literals cost gigabytes before the store can count them. Each object-list comma is one more
    triple, and no triple has more than three terms, so both counts are lower bounds: nothing that
    would fit is refused."""
    commas = terms = 0
    for match in _TOKEN.finditer(text):
        if match.group(1):
            commas += 1
        elif not match.group(0).startswith("#"):
            terms += 1
    if commas > max_triples or terms > 3 * max_triples:
        raise FileError(
            f"the file holds more than {max_triples:,} triples ({terms:,} terms), far more than a case "
            "study: split it (one case study per named graph or file)"
        )


def _parse(text: str, path: Path, max_triples: int = MAX_TRIPLES) -> Dataset:
    fmt = FORMATS[path.suffix.lower()]
    if fmt == "json-ld":
        text = json.dumps(_local_contexts(_json(text)))
    elif fmt in ("turtle", "trig"):
        _check_statements(text, fmt, max_triples)
    ds = Dataset(store=_BoundedMemory(max_triples), default_union=False)
    try:
        with _no_fetching():
            ds.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except _TooManyTriplesError as exc:
        raise FileError(
            f"the file holds more than {max_triples:,} triples, far more than a case study: split it "
            "(one case study per named graph or file)"
        ) from exc
    except FileError:
        raise
    except RecursionError as exc:
        raise FileError(f"not valid {fmt}: nested too deeply to read") from exc
    except Exception as exc:  # rdflib raises many parser-specific types; all mean "not valid RDF"
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise FileError(f"not valid {fmt}: {message[:300]}") from exc
    return ds


def _json(text: str) -> Any:
    """JSON-LD's JSON, read as a JSON case study is (duplicate keys and NaN refused, depth bounded)."""
    try:
        data = json.loads(text, object_pairs_hook=_refuse_duplicates, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise FileError(f"not valid JSON-LD: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    except RecursionError as exc:
        raise FileError("not valid JSON-LD: nested too deeply to read") from exc
    except ValueError as exc:
        raise FileError(f"not accepted JSON-LD: {exc}") from exc
    check_values(data)
    return data


def _term_problem(term: Any) -> str | None:
    """Why a parsed term cannot go to the store: text that is not text, a number that is not finite or
    has more digits than a store holds."""
    problem = text_problem(str(term))
    if problem is not None:
        return f"the value {problem}"
    if isinstance(term, Literal) and term.datatype in NUMERIC:
        try:
            value = Decimal(str(term).strip())
        except InvalidOperation:
            return None  # not a number at all: SHACL reports the datatype
        if value.is_nan() or value.is_infinite():
            return "the value is NaN or infinite: give a finite number, or leave the fact out"
        if value.adjusted() > 300 or (term.datatype in INTEGERS and abs(value) > MAX_INTEGER):
            return f"the number {str(term)[:40]}... has more digits than any value a store can hold"
    return None


INTEGERS = frozenset({XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger, XSD.positiveInteger})
NUMERIC = INTEGERS | {XSD.decimal, XSD.double, XSD.float, XSD.gYear}


def value_problems(path: Path, label: str, graph: Graph) -> list[Problem]:
    """Every term of the graph no store can hold, naming the subject and property (the field)."""
    out: list[Problem] = []
    for s, p, o in graph:
        for term in (s, p, o):
            problem = _term_problem(term)
            if problem is not None:
                out.append(Problem(str(path), label, f"{short_iri(s)} {short_iri(p)}", problem))
                break
        if len(out) >= MAX_NAMED * 3:
            break
    return out


CASE_SCHEMES = ("http://", "https://", "urn:")


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
    return Unit.refused(path, path.name, "(file)", message)


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
    return [_unit(path, str(cases[0]).rsplit("/", 1)[-1], _copy(default), cases[0])]


def _unit(path: Path, label: str, graph: Graph, case_iri: URIRef, reference: bool = False) -> Unit:
    """The case study's unit, or its problems: an IRI that is not a web address or URN (`file:`,
    `javascript:`), values no store holds."""
    problems = value_problems(path, label, graph)
    if not str(case_iri).startswith(CASE_SCHEMES):
        problems.insert(
            0,
            Problem(
                str(path),
                label,
                "(case study IRI)",
                f"<{str(case_iri)[:200]}> cannot name a case study: its IRI must be an http(s) web address "
                "or a urn:",
            ),
        )
    if problems:
        return Unit(path, label, problems=problems)
    return Unit(path, label, graph=graph, case_iri=case_iri, reference=reference)


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
            units.append(_unit(path, label, graph, name, reference=True))
            continue
        cases = _cases(graph)
        if cases != [name]:
            message = (
                f"the named graph <{name}> must describe exactly that scp:CaseStudy; "
                f"it describes {_found(cases)}"
            )
            units.append(Unit.refused(path, label, "(named graph)", message))
            continue
        units.append(_unit(path, label, graph, name))
    return units
