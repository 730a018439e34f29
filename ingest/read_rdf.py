"""Read case studies that partner tools send as RDF (Turtle, JSON-LD), already in the ontology's terms.

Such a file is taken as it is: no records, no mapping, only the same SHACL validation as every other
input. It must describe exactly one `scp:CaseStudy`, because the case study is the unit the store
tracks provenance, hashes and retraction by.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Graph, URIRef

from scpkg.ingest.files import FileError, decode_text, read_bytes
from scpkg.ingest.records import Problem, Unit
from scpkg.ontology.namespace import SCP

FORMATS = {".ttl": "turtle", ".jsonld": "json-ld"}


def read_rdf(path: Path, max_bytes: int) -> list[Unit]:
    text = decode_text(read_bytes(path, max_bytes))
    graph = Graph()
    try:
        graph.parse(data=text, format=FORMATS[path.suffix.lower()], publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many parser-specific types; all mean "not valid RDF"
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise FileError(f"not valid {FORMATS[path.suffix.lower()]}: {message}") from exc
    cases = sorted({s for s in graph.subjects(RDF.type, SCP.CaseStudy) if isinstance(s, URIRef)})
    if len(cases) != 1:
        found = ", ".join(map(str, cases)) or "none"
        return [
            Unit(
                path,
                path.name,
                problems=[
                    Problem(
                        str(path),
                        path.name,
                        "(file)",
                        f"an RDF file must describe exactly one scp:CaseStudy (with an IRI); found {found}",
                    )
                ],
            )
        ]
    case = cases[0]
    return [Unit(path, str(case).rsplit("/", 1)[-1], graph=graph, case_iri=case)]
