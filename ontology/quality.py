"""Run the ontology's quality checks: the SPARQL queries in `checks/*-violation.rq`.

Each query returns one row per violation, so a check passes when it returns nothing. Adding a
check is adding a file; nothing here lists them.
"""

from dataclasses import dataclass

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from scpkg.ontology import TERM_NS, load_graph
from scpkg.resources import ontology_dir

CHECK_SUFFIX = "-violation.rq"
VOCAB_NS = "https://w3id.org/scpkg/vocab/"


@dataclass(frozen=True)
class ViolationQuery:
    """One check: its name (file name without the suffix), the comment header and the SPARQL text."""

    name: str
    description: str
    text: str


@dataclass(frozen=True)
class CheckFailure:
    """A check that returned rows; each row is a dict of variable name to value (as text)."""

    check: str
    rows: list[dict[str, str]]


def violation_queries() -> list[ViolationQuery]:
    """All shipped `*-violation.rq` checks, sorted by name."""
    folder = ontology_dir() / "checks"
    queries = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(CHECK_SUFFIX):
            continue
        text = entry.read_text(encoding="utf-8")
        header = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            header.append(line.lstrip("# ").rstrip())
        queries.append(ViolationQuery(entry.name.removesuffix(CHECK_SUFFIX), " ".join(header), text))
    return queries


def run_query(graph: Graph, query: ViolationQuery) -> list[dict[str, str]]:
    """The rows a check returns on a graph (empty: the check passes)."""
    result = graph.query(query.text)
    names = [str(v) for v in result.vars or []]
    return [{name: str(row[i]) for i, name in enumerate(names) if row[i] is not None} for row in result]


def run_checks(graph: Graph | None = None) -> list[CheckFailure]:
    """Run every check on the graph (default: the shipped ontology); return the ones that failed."""
    graph = graph if graph is not None else load_graph()
    failures = []
    for query in violation_queries():
        rows = run_query(graph, query)
        if rows:
            failures.append(CheckFailure(query.name, rows))
    return failures


_STATS_QUERY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
  {
    VALUES (?kind ?what) {
      (owl:Class "classes") (owl:ObjectProperty "object properties")
      (owl:DatatypeProperty "datatype properties") (owl:AnnotationProperty "annotation properties")
      (skos:ConceptScheme "concept schemes")
    }
    ?x a ?kind .
  } UNION {
    ?x a/rdfs:subClassOf* skos:Concept . BIND ("concepts" AS ?what)
  } UNION {
    ?x a ?class . ?class a owl:Class .
    FILTER NOT EXISTS { ?class rdfs:subClassOf* skos:Concept }
    FILTER (isIRI(?x) && ?class != skos:ConceptScheme && ?class != skos:Collection)
    BIND ("individuals" AS ?what)
  }
  FILTER (isIRI(?x) && STRSTARTS(STR(?x), "https://w3id.org/scpkg/"))
}
GROUP BY ?what
"""


def stats(graph: Graph | None = None) -> dict[str, int]:
    """Counts of the ontology's own entities (IRIs under https://w3id.org/scpkg/) by kind, and of
    labels (rdfs:label and skos:prefLabel) per language, keyed "labels@{lang}"."""
    graph = graph if graph is not None else load_graph()
    counts = dict.fromkeys(
        (
            "classes",
            "object properties",
            "datatype properties",
            "annotation properties",
            "concept schemes",
            "concepts",
            "individuals",
        ),
        0,
    )
    for row in graph.query(_STATS_QUERY):
        counts[str(row[0])] = int(row[1])
    languages: dict[str, int] = {}
    for predicate in (RDFS.label, SKOS.prefLabel):
        for _, value in graph.subject_objects(predicate):
            language = getattr(value, "language", None) or "none"
            languages[language] = languages.get(language, 0) + 1
    for language in sorted(languages):
        counts[f"labels@{language}"] = languages[language]
    return counts


def _scheme_size(graph: Graph, scheme: str) -> int:
    return len({c for c in graph.subjects(SKOS.inScheme, URIRef(VOCAB_NS + scheme)) if isinstance(c, URIRef)})


def _instances(graph: Graph, cls: str) -> int:
    return len({s for s in graph.subjects(RDF.type, URIRef(TERM_NS + cls)) if isinstance(s, URIRef)})


def vocabulary_sizes(graph: Graph | None = None, reference: Graph | None = None) -> dict[str, int]:
    """How much of each vocabulary ingest and the gap questions can use, counted in the graphs
    themselves (nothing here knows a size): the ontology's SDG items, sectors, MEAs and obligations,
    instrument types, stages and ministry types, and the reference graph's regions, countries and
    MEA party rows (default: the reference data this installation loads into every store)."""
    graph = graph if graph is not None else load_graph()
    if reference is None:
        from scpkg.ingest.reference import reference_graph

        reference = reference_graph()
    policy = URIRef(TERM_NS + "Policy")
    typed = {
        c
        for c in graph.transitive_subjects(RDFS.subClassOf, policy)
        if c != policy and isinstance(c, URIRef) and graph.value(c, SKOS.notation) is not None
    }
    sectors = {c for c in graph.subjects(SKOS.inScheme, URIRef(VOCAB_NS + "sector")) if isinstance(c, URIRef)}
    party_rows = {s for s in reference.subjects(RDF.type, URIRef(TERM_NS + "MEAParticipation"))}
    return {
        "SDG goals": _instances(graph, "SDGGoal"),
        "SDG targets": _instances(graph, "SDGTarget"),
        "SDG indicators": _instances(graph, "SDGIndicator"),
        "sectors": len(sectors),
        "sectors (top level)": sum(1 for c in sectors if graph.value(c, SKOS.topConceptOf) is not None),
        "MEAs": _instances(graph, "MultilateralEnvironmentalAgreement"),
        "MEA obligations": _instances(graph, "MEAObligation"),
        "MEAs with party data": len({reference.value(s, URIRef(TERM_NS + "agreement")) for s in party_rows}),
        "MEA party rows": len(party_rows),
        "instrument types (with families)": len(typed),
        "life-cycle stages": _scheme_size(graph, "life-cycle-stage"),
        "ministry types": _scheme_size(graph, "ministry-type"),
        "regions": _instances(reference, "Region"),
        "countries": _instances(reference, "Country"),
    }
