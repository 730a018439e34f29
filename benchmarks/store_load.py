"""scpkg's load of N synthetic policies beside a plain UNWIND of the same graph, in the same run (issue 11).

    .venv/bin/python benchmarks/store_load.py [--policies 100000] [--per-case 10] [--smoke]

Both loads write the same graph into a fresh embedded store with the same server settings (the
append-only file scpkg's durability needs) and the same schema (scpkg's indexes), one batch of case
studies at a time: scpkg through ``load_case_studies`` (projection, provenance, hash checks, its one
statement per batch), the baseline as plain ``UNWIND ... MERGE`` / ``CREATE`` statements per label
set and relationship type, from rows projected beforehand (not timed). The two stores are then
compared: nodes per label, relationships per type, and (``--smoke``, or ``--compare``) the whole
graph and every node's properties. Prints nodes/s, relationships/s, peak memory and the figure
``store-load-ratio`` (scpkg's seconds over the baseline's; target <= 1.2x). ``--smoke``: 2,000 policies.
Generating the rdflib graphs is timed separately from both loads.
"""

import argparse
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from figures import figure  # benchmarks/ is on the path of a script run from it
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from scpkg.store import CaseStudyLoad, LoadStats, load_vocabulary
from scpkg.store.base import encode_triples
from scpkg.store.falkordb import FalkorDBStore
from scpkg.store.projection import RESOURCE, Vocabulary, node_labels, project

TARGET_RATIO = 1.2

SCP = "https://w3id.org/scpkg/ont/"
ID = "https://w3id.org/scpkg/id/"
VOCAB = "https://w3id.org/scpkg/vocab/"
KINDS = ["BanOrRestriction", "Standard", "TaxFeeLevy", "ExtendedProducerResponsibility"]
STAGES = ["extraction", "design", "production", "distribution", "use", "end-of-life"]


def case_study(c: int, per_case: int) -> CaseStudyLoad:
    g = Graph()
    case = URIRef(f"{ID}case-study/bench-{c}")
    g.add((case, RDF.type, URIRef(SCP + "CaseStudy")))
    for i in range(c * per_case, (c + 1) * per_case):
        iso = f"C{i % 190:02d}"[:3].ljust(3, "X")
        p = URIRef(f"{ID}policy/{iso}/policy-{i}")
        t = URIRef(f"{p}/target/1")
        g.add((p, RDF.type, URIRef(SCP + KINDS[i % len(KINDS)])))
        g.add((p, DCTERMS.title, Literal(f"Policy {i}", lang="en")))
        g.add((p, DCTERMS.identifier, Literal(f"P-{i}")))
        g.add((p, URIRef(SCP + "adoptionYear"), Literal(str(2000 + i % 25), datatype=XSD.gYear)))
        g.add((p, URIRef(SCP + "country"), URIRef(f"{ID}country/{iso}")))
        g.add((p, URIRef(SCP + "ledBy"), URIRef(f"{ID}body/{iso}/ministry-{i % 7}")))
        g.add((p, URIRef(SCP + "targetsStage"), URIRef(f"{VOCAB}life-cycle-stage/{STAGES[i % 6]}")))
        g.add((p, URIRef(SCP + "coversSector"), URIRef(f"{VOCAB}sector/s{i % 8}")))
        g.add((p, URIRef(SCP + "status"), URIRef(f"{VOCAB}policy-status/adopted")))
        g.add((p, URIRef(SCP + "hasTarget"), t))
        g.add((p, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), case))
        g.add((t, RDF.type, URIRef(SCP + "QuantifiedTarget")))
        g.add((t, URIRef(SCP + "targetValue"), Literal(str(i % 100), datatype=XSD.decimal)))
        g.add((t, URIRef(SCP + "deadline"), Literal("2030", datatype=XSD.gYear)))
    return CaseStudyLoad(str(case), g, f"h{c}")


def baseline_batches(
    items: list[CaseStudyLoad], vocab: Vocabulary, batch: int
) -> list[list[tuple[str, dict[str, Any]]]]:
    """The plain statements and parameters of the same graph, batch by batch (projected here, untimed).
    Subjects are unique to their case study in this corpus, so every row is written once."""
    out = []
    for b in range(0, len(items), batch):
        chunk = items[b : b + batch]
        groups: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
        rels: dict[str, list[dict[str, Any]]] = defaultdict(list)
        objects: set[str] = set()
        subjects: set[str] = set()
        provenance = []
        for item in chunk:
            proj = project(item.graph, vocab)
            provenance.append({"case_study": item.case_iri, "hash": item.content_hash,
                               "ntriples": encode_triples(item.graph), "source_file": None})  # fmt: skip
            for iri, state in proj.nodes.items():
                groups[frozenset(node_labels(state, vocab))].append(
                    {"iri": iri, "props": state.properties([item.case_iri])}
                )
                subjects.add(iri)
            for s, t, o in proj.rels:
                rels[t].append({"s": s, "o": o, "cases": [item.case_iri]})
            objects |= proj.objects
        statements: list[tuple[str, dict[str, Any]]] = [(
            "UNWIND $rows AS p MERGE (x:Provenance {case_study: p.case_study}) "
            "SET x.hash = p.hash, x.ntriples = p.ntriples, x.source_file = p.source_file",
            {"rows": provenance},
        )]  # fmt: skip
        for labels, rows in groups.items():
            names = "".join(f":{vocab.check_label(lb)}" for lb in sorted(labels - {RESOURCE}))
            set_labels = f", n{names}" if names else ""
            query = f"UNWIND $rows AS r MERGE (n:Resource {{iri: r.iri}}) SET n += r.props{set_labels}"
            statements.append((query, {"rows": rows}))
        statements.append(
            ("UNWIND $rows AS iri MERGE (:Resource {iri: iri})", {"rows": sorted(objects - subjects)})
        )
        for t, rows in rels.items():
            t = vocab.check_rel_type(t)
            query = (
                "UNWIND $rows AS r MATCH (a:Resource {iri: r.s}) MATCH (b:Resource {iri: r.o}) "
                f"CREATE (a)-[:{t} {{asserted_by: r.cases}}]->(b)"
            )
            statements.append((query, {"rows": rows}))
        out.append(statements)
    return out


def counts(st: FalkorDBStore) -> tuple[dict[str, int], dict[str, int]]:
    status = st.status()
    return status.labels, status.rel_types


def same_graph(a: FalkorDBStore, b: FalkorDBStore) -> list[str]:
    """What differs between the two stores' graphs (RDF and each node's stored properties)."""
    problems = []
    if set(a.graph_to_rdf()) != set(b.graph_to_rdf()):
        problems.append("graph_to_rdf differs")
    props = "MATCH (n) RETURN properties(n) AS p, labels(n) AS l"
    rows_a = sorted(repr(sorted(r["p"].items())) + repr(sorted(r["l"])) for r in a.run(props))
    rows_b = sorted(repr(sorted(r["p"].items())) + repr(sorted(r["l"])) for r in b.run(props))
    if rows_a != rows_b:
        problems.append("node properties or labels differ")
    rels = "MATCH (x)-[r]->(y) RETURN x.iri AS s, type(r) AS t, y.iri AS o, r.asserted_by AS by"
    if sorted(map(repr, a.run(rels))) != sorted(map(repr, b.run(rels))):
        problems.append("relationships or their asserted_by differ")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--policies", type=int, default=100_000)
    ap.add_argument("--per-case", type=int, default=10, help="policies per case study")
    ap.add_argument("--batch", type=int, default=500, help="case studies per transaction")
    ap.add_argument("--ontology", type=Path, default=None, help="default: the shipped ontology/scp.ttl")
    ap.add_argument("--smoke", action="store_true", help="2,000 policies: checks the benchmark works")
    ap.add_argument("--compare", action="store_true", help="compare the whole graphs also at full size")
    ap.add_argument("--only", choices=("scpkg", "baseline"), help="time one load only (for profiling)")
    ap.add_argument("--rounds", type=int, default=4, help="alternations between the two loads")
    args = ap.parse_args()
    if args.smoke:
        args.policies = 2_000
    vocab = load_vocabulary(args.ontology)  # None: the shipped ontology
    cases = args.policies // args.per_case
    rounds = max(1, min(args.rounds, -(-cases // args.batch)))
    per_round = -(-cases // rounds)
    gen = prep = base_s = 0.0
    stats = LoadStats()
    with (
        tempfile.TemporaryDirectory(prefix="scpkg-store-bench-") as d,
        FalkorDBStore(Path(d) / "plain.db", vocab) as plain,
        FalkorDBStore(Path(d) / "graph.db", vocab) as st,
    ):
        plain.init_schema()
        st.init_schema()
        st.batch_size = args.batch
        # Rounds alternate between the two loads, so a busy moment of the machine falls on both alike;
        # each round's case studies are generated (and the baseline's rows projected) untimed before it.
        for r in range(rounds):
            t0 = time.perf_counter()
            items = [
                case_study(c, args.per_case) for c in range(r * per_round, min(cases, (r + 1) * per_round))
            ]
            gen += time.perf_counter() - t0
            if args.only != "scpkg":
                t0 = time.perf_counter()
                batches = baseline_batches(items, vocab, args.batch)
                prep += time.perf_counter() - t0
                t0 = time.perf_counter()
                for statements in batches:
                    for query, params in statements:
                        plain._graph.query(query, params)  # the client as anyone would call it
                base_s += time.perf_counter() - t0
                del batches
            if args.only != "baseline":
                stats += st.load_case_studies(items)
        if args.only:
            print(f"scpkg {stats.seconds:.1f} s, baseline {base_s:.1f} s")
            return
        labels, rels_by_type = counts(st)
        problems = [] if (labels, rels_by_type) == counts(plain) else ["counts per label or type differ"]
        if args.smoke or args.compare:
            problems += same_graph(st, plain)
        peak = st.memory_peak()
    nodes = labels.get("Resource", 0)
    rels = sum(rels_by_type.values())
    ratio = stats.seconds / base_s
    print(f"policies {args.policies}, case studies {stats.case_studies}, triples {stats.triples}")
    print(f"generate rdflib graphs (not timed): {gen:.1f} s; baseline rows projected beforehand (not timed): "
          f"{prep:.1f} s; batch {args.batch} case studies")  # fmt: skip
    print(f"scpkg load:    {stats.seconds:6.1f} s  nodes {nodes} ({nodes / stats.seconds:,.0f}/s)  "
          f"relationships {rels} ({rels / stats.seconds:,.0f}/s)")  # fmt: skip
    print(f"plain UNWIND:  {base_s:6.1f} s  ({nodes / base_s:,.0f} nodes/s)")
    print(f"peak memory: python {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB, "
          f"redis used_memory_peak {peak / 2**20:.0f} MiB")  # fmt: skip
    if problems:
        print("the two loads wrote different graphs: " + "; ".join(problems), file=sys.stderr)
        raise SystemExit(1)
    figure(
        "store-load-ratio",
        f"{ratio:.2f}x ({stats.seconds:.1f} s vs {base_s:.1f} s plain UNWIND, {args.policies:,} policies)",
        f"<= {TARGET_RATIO}x",
        None if args.smoke else ratio <= TARGET_RATIO,
    )


if __name__ == "__main__":
    main()
