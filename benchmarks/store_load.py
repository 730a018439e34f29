"""Load N synthetic policies (with targets, bodies and vocabulary links) into the embedded store.

    .venv/bin/python benchmarks/store_load.py --policies 100000 [--per-case 10]

Prints nodes/s, relationships/s and peak memory (this process's ru_maxrss, the server's
used_memory_peak). Generating the rdflib graphs is timed separately from the load.
"""

import argparse
import resource
import tempfile
import time
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from scpkg.store import CaseStudyLoad, load_vocabulary
from scpkg.store.falkordb import FalkorDBStore

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--policies", type=int, default=10_000)
    ap.add_argument("--per-case", type=int, default=10, help="policies per case study")
    ap.add_argument("--batch", type=int, default=500, help="case studies per transaction")
    ap.add_argument("--ontology", type=Path, default=None, help="default: the shipped ontology/scp.ttl")
    args = ap.parse_args()
    vocab = load_vocabulary(args.ontology)  # None: the shipped ontology
    t0 = time.perf_counter()
    items = [case_study(c, args.per_case) for c in range(args.policies // args.per_case)]
    gen = time.perf_counter() - t0
    with (
        tempfile.TemporaryDirectory(prefix="scpkg-store-bench-") as d,
        FalkorDBStore(Path(d) / "graph.db", vocab) as st,
    ):
        st.batch_size = args.batch
        st.init_schema()
        stats = st.load_case_studies(items)
        status = st.status()
        nodes = sum(v for k, v in status.labels.items() if k == "Resource")
        rels = sum(status.rel_types.values())
        peak = st.memory_peak()
    print(f"policies {args.policies}, case studies {stats.case_studies}, triples {stats.triples}")
    print(f"generate rdflib graphs (not part of the load): {gen:.1f} s; batch {args.batch} case studies")
    print(f"load: {stats.seconds:.1f} s  nodes {nodes} ({nodes / stats.seconds:,.0f}/s)  "
          f"relationships {rels} ({rels / stats.seconds:,.0f}/s)")  # fmt: skip
    print(f"peak memory: python {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB, "
          f"redis used_memory_peak {peak / 2**20:.0f} MiB")  # fmt: skip


if __name__ == "__main__":
    main()
