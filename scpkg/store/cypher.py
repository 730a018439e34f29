"""Every Cypher statement of the store, in one place so the tests can lint and run each one.

Fixed statements are module constants. Statements that name labels or relationship types are built
here, and only here, from names checked against the ontology's allow-list
(:meth:`Vocabulary.check_label` and friends); values are always parameters. :func:`all_statements`
enumerates everything, generating the dynamic statements for every allow-listed name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, LiteralString, cast

from scpkg.store.projection import RESOURCE, Vocabulary

PROVENANCE = "Provenance"
"""Label of the store's own bookkeeping nodes (one per case study: hash and N-Triples); not in RDF."""

PING: LiteralString = "RETURN 1 AS ok"
COUNT_LABELS: LiteralString = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count"
COUNT_REL_TYPES: LiteralString = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count"
CASE_ORIGINS: LiteralString = (
    "UNWIND $cases AS c MATCH (p:Provenance {case_study: c}) "
    "RETURN p.case_study AS case_study, p.hash AS hash, p.source_file AS source_file"
)
REFERENCE_MARKER: LiteralString = (
    "MATCH (p:Provenance {case_study: $case}) RETURN p.hash AS hash, p.scpkg_version AS version"
)
"""The one look-up that says which reference data a store holds (see ``ingest.reference``)."""
SET_REFERENCE_VERSION: LiteralString = (
    "MATCH (p:Provenance {case_study: $case}) SET p.scpkg_version = $version RETURN count(p) AS marked"
)
CASE_TRIPLES: LiteralString = (
    "UNWIND $cases AS c MATCH (p:Provenance {case_study: c}) "
    "RETURN p.case_study AS case_study, p.ntriples AS ntriples"
)
ALL_CASES: LiteralString = "MATCH (p:Provenance) RETURN p.case_study AS case_study ORDER BY case_study"
NODE_ASSERTERS: LiteralString = (
    "UNWIND $iris AS iri MATCH (n:Resource {iri: iri}) RETURN n.iri AS iri, n.asserted_by AS asserted_by"
)
POLICIES_IN_STORE: LiteralString = "UNWIND $iris AS iri MATCH (n:Policy {iri: iri}) RETURN n.iri AS iri"
"""Which of the given IRIs the store holds as policies (amends / repeals references made before)."""
NODE_STATES: LiteralString = (
    "UNWIND $iris AS iri MATCH (n:Resource {iri: iri}) RETURN n.iri AS iri, properties(n) AS props"
)
NODE_OUT: LiteralString = (
    "UNWIND $iris AS iri MATCH (n:Resource {iri: iri})-[r]->(o:Resource) "
    "RETURN n.iri AS iri, type(r) AS type, o.iri AS o, r.asserted_by AS asserted_by"
)
"""The relationships out of given nodes with who asserts each (conflicts on single-valued links)."""
ALL_NODES: LiteralString = "MATCH (n:Resource) RETURN properties(n) AS props"
ALL_RELS: LiteralString = (
    "MATCH (a:Resource)-[r]->(b:Resource) RETURN a.iri AS s, type(r) AS type, b.iri AS o"
)
CLEAR: LiteralString = "MATCH (n) DETACH DELETE n"

# Neo4j only: FalkorDB has no constraints in Cypher (its uniqueness comes from MERGE on the index).
NEO4J_IRI_CONSTRAINT: LiteralString = (
    "CREATE CONSTRAINT scpkg_resource_iri IF NOT EXISTS FOR (n:Resource) REQUIRE n.iri IS UNIQUE"
)
NEO4J_PROVENANCE_CONSTRAINT: LiteralString = (
    "CREATE CONSTRAINT scpkg_provenance_case IF NOT EXISTS FOR (n:Provenance) REQUIRE n.case_study IS UNIQUE"
)
FALKORDB_PROVENANCE_INDEX: LiteralString = "CREATE INDEX FOR (n:Provenance) ON (n.case_study)"
NEO4J_SHOW_INDEXES: LiteralString = (
    "SHOW INDEXES YIELD labelsOrTypes, properties RETURN labelsOrTypes AS labels, properties"
)

_SEGMENT_END = "\nWITH count(*) AS _\n"

_UPSERT_RELS = (
    "UNWIND $rel_{t} AS r\n"
    "MATCH (a:Resource {{iri: r.s}})\n"
    "MATCH (b:Resource {{iri: r.o}})\n"
    "MERGE (a)-[e:{t}]->(b)\n"
    "SET e.asserted_by = CASE WHEN e.asserted_by IS NULL THEN r.cases "
    "ELSE e.asserted_by + [c IN r.cases WHERE NOT c IN e.asserted_by] END"
)


def _lit(text: str) -> LiteralString:
    """Mark text assembled only from constants and allow-listed names as a literal statement."""
    return cast(LiteralString, text)


def index_statement(vocab: Vocabulary, label: str, key: str, neo4j: bool) -> LiteralString:
    """A lookup index on one label's property; idempotent on Neo4j (FalkorDB checks first)."""
    label, key = vocab.check_label(label), vocab.check_key(key)
    if neo4j:
        return _lit(f"CREATE INDEX scpkg_{label}_{key} IF NOT EXISTS FOR (n:{label}) ON (n.{key})")
    return _lit(f"CREATE INDEX FOR (n:{label}) ON (n.{key})")


_NODE_GROUP = "UNWIND $nodes_{i} AS r\nMERGE (n:Resource {{iri: r.iri}})\nSET n += r.props{labels}"
_CREATE_RELS = (
    "UNWIND $new_{t} AS r\n"
    "MATCH (a:Resource {{iri: r.s}})\n"
    "MATCH (b:Resource {{iri: r.o}})\n"
    "CREATE (a)-[:{t} {{asserted_by: r.cases}}]->(b)"
)


def load_statement(
    vocab: Vocabulary,
    label_sets: list[frozenset[str]] | None = None,
    create_types: list[str] | None = None,
    merge_types: list[str] | None = None,
) -> LiteralString:
    """One statement that writes a whole batch, so a batch is one transaction on both backends
    (FalkorDB runs each query atomically): provenance nodes; one segment per label set (parameter
    ``nodes_<i>`` for ``label_sets[i]``, rows ``{iri, props}``); the IRIs only pointed to
    (``objects``); relationships per type, created (``new_<TYPE>``) when their subject was not in
    the store before the batch, else merged (``rel_<TYPE>``), rows ``{s, o, cases}``.

    Only the label sets and types a batch uses are written into its statement; without arguments,
    every allow-listed label (as its own set) and type, which is what :func:`all_statements` lints.
    """
    if label_sets is None:
        label_sets = [frozenset()] + [frozenset({lb}) for lb in vocab.label_names if lb != RESOURCE]
    if create_types is None:
        create_types = vocab.rel_type_names
    if merge_types is None:
        merge_types = vocab.rel_type_names
    parts = [
        "UNWIND $provenance AS p\nMERGE (x:Provenance {case_study: p.case_study})\n"
        "SET x.hash = p.hash, x.ntriples = p.ntriples, x.source_file = p.source_file",
    ]
    for i, labels in enumerate(label_sets):
        names = "".join(f":{vocab.check_label(lb)}" for lb in sorted(labels - {RESOURCE}))
        parts.append(_NODE_GROUP.format(i=i, labels=f", n{names}" if names else ""))
    parts.append("UNWIND $objects AS iri\nMERGE (:Resource {iri: iri})")
    parts.extend(_CREATE_RELS.format(t=vocab.check_rel_type(t)) for t in sorted(create_types))
    parts.extend(_UPSERT_RELS.format(t=vocab.check_rel_type(t)) for t in sorted(merge_types))
    return _lit(_SEGMENT_END.join(parts) + "\nRETURN count(*) AS done")


def retract_statement(vocab: Vocabulary) -> LiteralString:
    """One statement that retracts a case study: drop it from relationships' and nodes' provenance,
    reset the affected nodes to what the remaining case studies say, delete what nobody asserts."""
    parts = [
        "UNWIND $provenance AS c\nMATCH (x:Provenance {case_study: c})\nDELETE x",
        "UNWIND $subjects AS s\nMATCH (a:Resource {iri: s})-[e]->()\nWHERE $case IN e.asserted_by\n"
        "SET e.asserted_by = [c IN e.asserted_by WHERE c <> $case]\n"
        "WITH e WHERE size(e.asserted_by) = 0\nDELETE e",
        "UNWIND $nodes AS row\nMATCH (n:Resource {iri: row.iri})\nSET n = row.props",
    ]
    for label in vocab.label_names:
        if label != RESOURCE:
            label = vocab.check_label(label)
            parts.append(f"UNWIND $unlabel_{label} AS iri\nMATCH (n:Resource {{iri: iri}})\nREMOVE n:{label}")
    parts.append(
        "UNWIND $mentioned AS iri\nMATCH (n:Resource {iri: iri})\n"
        "WHERE size(coalesce(n.asserted_by, [])) = 0 AND NOT (n)--()\nDELETE n"
    )
    return _lit(_SEGMENT_END.join(parts) + "\nRETURN count(*) AS done")


def load_params(
    vocab: Vocabulary,
    label_sets: list[frozenset[str]] | None = None,
    create_types: list[str] | None = None,
    merge_types: list[str] | None = None,
) -> dict[str, Any]:
    """Empty parameters for :func:`load_statement` with the same arguments (every list present)."""
    if label_sets is None:
        label_sets = [frozenset()] + [frozenset({lb}) for lb in vocab.label_names if lb != RESOURCE]
    params: dict[str, Any] = {"provenance": [], "objects": []}
    params.update({f"nodes_{i}": [] for i in range(len(label_sets))})
    params.update({f"new_{t}": [] for t in (vocab.rel_type_names if create_types is None else create_types)})
    params.update({f"rel_{t}": [] for t in (vocab.rel_type_names if merge_types is None else merge_types)})
    return params


def retract_params(vocab: Vocabulary, case: str) -> dict[str, Any]:
    """Empty parameters for :func:`retract_statement`."""
    params: dict[str, Any] = {"case": case, "provenance": [], "subjects": [], "nodes": [], "mentioned": []}
    params.update({f"unlabel_{lb}": [] for lb in vocab.label_names if lb != RESOURCE})
    return params


@dataclass(frozen=True)
class Statement:
    """A statement with example parameters, and the backends that run it."""

    name: str
    query: LiteralString
    params: dict[str, Any] = field(default_factory=dict)
    backends: tuple[str, ...] = ("falkordb", "neo4j")


def all_statements(vocab: Vocabulary) -> list[Statement]:
    """Every statement the store can send, dynamic ones generated for every allow-listed name."""
    out = [
        Statement("PING", PING),
        Statement("COUNT_LABELS", COUNT_LABELS),
        Statement("COUNT_REL_TYPES", COUNT_REL_TYPES),
        Statement("CASE_ORIGINS", CASE_ORIGINS, {"cases": ["x"]}),
        Statement("CASE_TRIPLES", CASE_TRIPLES, {"cases": ["x"]}),
        Statement("REFERENCE_MARKER", REFERENCE_MARKER, {"case": "x"}),
        Statement("SET_REFERENCE_VERSION", SET_REFERENCE_VERSION, {"case": "x", "version": "0"}),
        Statement("ALL_CASES", ALL_CASES),
        Statement("NODE_ASSERTERS", NODE_ASSERTERS, {"iris": ["x"]}),
        Statement("NODE_STATES", NODE_STATES, {"iris": ["x"]}),
        Statement("POLICIES_IN_STORE", POLICIES_IN_STORE, {"iris": ["x"]}),
        Statement("NODE_OUT", NODE_OUT, {"iris": ["x"]}),
        Statement("ALL_NODES", ALL_NODES),
        Statement("ALL_RELS", ALL_RELS),
        Statement("CLEAR", CLEAR),
        Statement("NEO4J_IRI_CONSTRAINT", NEO4J_IRI_CONSTRAINT, backends=("neo4j",)),
        Statement("NEO4J_PROVENANCE_CONSTRAINT", NEO4J_PROVENANCE_CONSTRAINT, backends=("neo4j",)),
        Statement("FALKORDB_PROVENANCE_INDEX", FALKORDB_PROVENANCE_INDEX, backends=("falkordb",)),
        Statement("NEO4J_SHOW_INDEXES", NEO4J_SHOW_INDEXES, backends=("neo4j",)),
        Statement("load_statement", load_statement(vocab), load_params(vocab)),
        Statement("retract_statement", retract_statement(vocab), retract_params(vocab, "x")),
    ]
    for label, keys in index_targets(vocab).items():
        for key in keys:
            out.append(
                Statement(
                    f"index {label}.{key}", index_statement(vocab, label, key, False), backends=("falkordb",)
                )
            )
            out.append(
                Statement(
                    f"index {label}.{key} (neo4j)",
                    index_statement(vocab, label, key, True),
                    backends=("neo4j",),
                )
            )
    return out


def index_targets(vocab: Vocabulary) -> dict[str, list[str]]:
    """Label -> keys to index: IRIs on `Resource`, the case-study key on `Provenance`, and the
    ontology's filterable datatype properties."""
    targets = vocab.indexed_keys()
    targets[RESOURCE] = sorted({"iri", *targets.get(RESOURCE, [])})
    return targets
