"""The store interface every backend implements, and the provenance bookkeeping they share.

A backend supplies four primitives (``run``, ``_write``, ``_setup_schema``, ``schema_ready``) and
``close``; everything about case studies, provenance and the RDF projection is written once, here.
"""

from __future__ import annotations

import base64
import time
import zlib
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, LiteralString, Self

from rdflib import XSD, Dataset, Graph, Literal, URIRef

from scpkg.iris import instance
from scpkg.store import cypher, fulltext
from scpkg.store.projection import (
    ASSERTED_BY,
    NodeState,
    Projection,
    Vocabulary,
    node_labels,
    node_to_triples,
    project,
    rel_to_triple,
)

REFERENCE_CASE = str(instance("case-study", "reference"))
"""The pseudo case study that asserts reference data (vocabularies, countries, MEA parties)."""


REASON_CHARS = 400
"""A lost store's reason is cut to this many characters: one readable line, not a driver's dump."""


class StoreUnavailableError(Exception):
    """The store stopped answering (its server died, the network or the socket is gone), as opposed to
    refusing one statement: callers stop at once instead of retrying record after record."""

    def __init__(self, url: str, cause: BaseException) -> None:
        from scpkg.store.urls import redact, scrub

        # One line: the Neo4j driver puts the actual reason on the lines after "Couldn't connect to ...:".
        text = " ".join(str(cause).split())[:REASON_CHARS].rstrip(".") or type(cause).__name__
        self.reason = scrub(text, url)
        """The backend's own words, with no credential in them."""
        super().__init__(f"the store {redact(url)} stopped answering: {self.reason}")
        self.url = url


@dataclass
class LoadStats:
    """What a load did: case studies written, skipped (same hash) and replaced (hash changed)."""

    case_studies: int = 0
    skipped: int = 0
    replaced: int = 0
    nodes: int = 0
    """Subject nodes written (nodes the loaded triples describe)."""
    relationships: int = 0
    triples: int = 0
    seconds: float = 0.0

    def __iadd__(self, other: LoadStats) -> Self:
        for name in ("case_studies", "skipped", "replaced", "nodes", "relationships", "triples", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


@dataclass(frozen=True)
class CaseStudyLoad:
    """One case study to load: its IRI, its triples and a hash of its source content."""

    case_iri: str
    graph: Graph
    content_hash: str
    source_file: str | None = None
    """The file it was read from, kept so a later load from another file can say what it replaces."""


@dataclass
class StoreStatus:
    """What `scpkg store status` reports."""

    url: str
    answers: bool
    labels: dict[str, int] = field(default_factory=dict)
    rel_types: dict[str, int] = field(default_factory=dict)
    schema_ready: bool = False
    error: str | None = None


def encode_triples(graph: Graph | Iterable[tuple[Any, Any, Any]], cache: dict[Any, str] | None = None) -> str:
    """A case study's own triples, one a line in Turtle-compatible N-Triples terms, deflated and
    base64-encoded so 10,000 case studies stay small in the store. ``cache`` (IRI text -> N3) may be
    shared between calls: IRIs repeat across case studies. Literals are written by
    :func:`_literal_text`, since rdflib's ``n3()`` was a fifth of a bulk load (issue 11)."""
    n3 = {} if cache is None else cache
    lines = []
    for triple in graph:
        terms = []
        for term in triple:
            kind = type(term)
            if kind is URIRef:  # by its plain text: rdflib compares terms in Python
                key = str(term)
                text = n3.get(key)
                if text is None:
                    text = n3[key] = term.n3()
            elif kind is Literal or isinstance(term, Literal):
                text = _literal_text(term)
            else:
                text = term.n3()
            terms.append(text)
        lines.append(" ".join(terms) + " .")
    return base64.b64encode(zlib.compress("\n".join(lines).encode("utf-8"), 1)).decode("ascii")


_SPECIAL_NUMBERS = frozenset({XSD.double, XSD.float, XSD.decimal})
"""Datatypes whose INF / NaN spellings rdflib's ``n3()`` normalises: such literals go through it."""


def _literal_text(lit: Literal) -> str:
    """A literal in N-Triples syntax (which Turtle reads back as the same literal): the lexical form
    with backslash, quote and line breaks escaped, then its language tag or datatype IRI."""
    text = str(lit)
    datatype = lit.datatype
    if datatype in _SPECIAL_NUMBERS and ("inf" in text.lower() or "nan" in text.lower()):
        return lit.n3()
    quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lit.language:
        return f'"{quoted}"@{lit.language}'
    if datatype is not None:
        return f'"{quoted}"^^<{datatype}>'
    return f'"{quoted}"'


def decode_triples(data: str, into: Graph | None = None) -> Graph:
    """The inverse of :func:`encode_triples`."""
    g = into if into is not None else Graph()
    text = zlib.decompress(base64.b64decode(data)).decode("utf-8")
    if text:
        g.parse(data=text, format="turtle")
    return g


class GraphStore(ABC):
    """A property-graph store holding the projected RDF graph with per-case-study provenance.

    Provenance contract (the ingest code relies on it):

    - every node a case study's triples describe (as subject) and every relationship they assert
      lists the case-study IRI in its ``asserted_by`` property, once;
    - each case study's own triples are kept (on a ``:Provenance`` node with its content hash), so a
      retraction can recompute exactly what the remaining case studies say;
    - loading a case study with the hash it was loaded with does nothing; with another hash its old
      assertions are retracted first.
    """

    backend: str = "abstract"
    batch_size: int = 500
    """Case studies per write transaction in :meth:`load_case_studies`."""

    def __init__(self, url: str, vocab: Vocabulary) -> None:
        self.url = url
        self.vocab = vocab
        self._retract = cypher.retract_statement(vocab)
        self._schema_checked = False

    # ---- backend primitives -------------------------------------------------------------------
    @abstractmethod
    def run(self, query: LiteralString, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one statement (values only as parameters) and return its rows as dicts."""

    @abstractmethod
    def _write(self, query: LiteralString, params: dict[str, Any]) -> None:
        """Run one write statement as one transaction: all of it or nothing."""

    @abstractmethod
    def _setup_schema(self) -> None:
        """Create the indexes and constraints, idempotently."""

    @abstractmethod
    def schema_ready(self) -> bool:
        """Whether every index :func:`cypher.index_targets` asks for exists."""

    @abstractmethod
    def close(self) -> None:
        """Release connections (and stop an embedded server)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- administration -----------------------------------------------------------------------
    def init_schema(self) -> None:
        """Set up indexes on IRIs and on the properties the gap questions filter on (idempotent)."""
        self._setup_schema()
        fulltext.ensure(self)
        self._schema_checked = True

    def _ensure_schema(self) -> None:
        """Before the first write through this connection: without the IRI index every MERGE and
        MATCH on an IRI scans all nodes, and a load slows down with the square of the graph."""
        if not self._schema_checked:
            if not self.schema_ready():
                self._setup_schema()
            self._schema_checked = True

    def clear(self) -> None:
        """Delete every node and relationship (the schema stays)."""
        self._write(cypher.CLEAR, {})

    def status(self) -> StoreStatus:
        """Whether the store answers, counts per label and type, and whether the schema is set up."""
        try:
            self.run(cypher.PING)
            labels = {r["label"]: r["count"] for r in self.run(cypher.COUNT_LABELS)}
            types = {r["type"]: r["count"] for r in self.run(cypher.COUNT_REL_TYPES)}
            return StoreStatus(self.url, True, dict(sorted(labels.items())), dict(sorted(types.items())),
                               self.schema_ready())  # fmt: skip
        except Exception as exc:  # the point of `status` is to report any failure, not raise it
            from scpkg.store.urls import scrub

            return StoreStatus(self.url, False, error=scrub(f"{type(exc).__name__}: {exc}", self.url))

    # ---- provenance contract --------------------------------------------------------------------
    def load_reference(
        self, graph: Graph, content_hash: str | None = None, version: str | None = None
    ) -> LoadStats:
        """Load reference data (ontology vocabularies, countries, MEA parties), asserted by the pseudo
        case study :data:`REFERENCE_CASE`. Without a hash, one is computed from the triples; a
        ``version`` (the scpkg release that built the data) is kept beside it for `store status`."""
        if content_hash is None:
            content_hash = _graph_hash(graph)
        stats = self.load_case_study(REFERENCE_CASE, graph, content_hash)
        if version is not None:
            self._write(cypher.SET_REFERENCE_VERSION, {"case": REFERENCE_CASE, "version": version})
        return stats

    def reference_marker(self) -> tuple[str | None, str | None]:
        """The hash and scpkg version of the stored reference data, ``(None, None)`` without any:
        one look-up, so a command can tell whether its store is current before doing anything."""
        rows = self.run(cypher.REFERENCE_MARKER, {"case": REFERENCE_CASE})
        if not rows:
            return None, None
        return rows[0]["hash"], rows[0]["version"]

    def load_case_study(self, case_iri: str, graph: Graph, content_hash: str) -> LoadStats:
        """Load one case study's assertions (see the class docstring for the provenance rules)."""
        return self.load_case_studies([CaseStudyLoad(case_iri, graph, content_hash)])

    def load_case_studies(self, batch: Iterable[CaseStudyLoad]) -> LoadStats:
        """Load many case studies, :attr:`batch_size` per transaction (one statement each).

        A failed batch leaves the store as it was before that batch; earlier batches stay. While the
        store writes one batch, the next one is projected (pure Python, no store access) in this
        thread, so the two cores work at once; everything that reads the store waits for the write.
        """
        self._ensure_schema()
        stats = LoadStats()
        start = time.perf_counter()
        cache: dict[Any, str] = {}
        text_keys: set[str] = set()  # language keys of titles and descriptions, for the full-text index
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="scpkg-store-write") as writer:
            pending: Future[None] | None = None
            for chunk in _chunks(batch, self.batch_size):
                prepared = {item.case_iri: self._prepare(item, cache) for item in chunk}
                text_keys |= fulltext.keys_of(p.projection for p in prepared.values())
                if len(cache) > 200_000:  # a bounded cache: IRIs repeat, literals mostly do not
                    cache.clear()
                if pending is not None:
                    pending.result()  # re-raises the previous batch's failure before reading the store
                    pending = None
                query, params, chunk_stats = self._chunk_write(chunk, prepared)
                stats += chunk_stats
                if query is not None:
                    pending = writer.submit(self._write, query, params)
            if pending is not None:
                pending.result()
        fulltext.cover(self, text_keys)
        stats.seconds = time.perf_counter() - start
        return stats

    def retract_case_study(self, case_iri: str) -> bool:
        """Remove a case study and exactly what it alone asserted: a node, relationship or node property
        that another case study also asserts survives. Returns False if it was not loaded."""
        self._ensure_schema()
        stored = self._stored_triples([case_iri])
        if case_iri not in stored:
            return False
        own = decode_triples(stored[case_iri])
        proj = project(own, self.vocab)
        subjects = sorted(proj.nodes)
        asserters = self._asserters(subjects)
        others = {c for iri in subjects for c in asserters.get(iri, []) if c != case_iri}
        remaining = self._union_states(subjects, others, exclude=case_iri)
        params = cypher.retract_params(self.vocab, case_iri)
        params.update(
            provenance=[case_iri], subjects=subjects, mentioned=sorted(set(subjects) | proj.objects)
        )
        unlabel: dict[str, list[str]] = defaultdict(list)
        for iri in subjects:
            who = [c for c in asserters.get(iri, []) if c != case_iri]
            state = remaining.get(iri, NodeState(iri))
            params["nodes"].append({"iri": iri, "props": state.properties(who)})
            for label in node_labels(proj.nodes[iri], self.vocab) - node_labels(state, self.vocab):
                unlabel[label].append(iri)
        for label, iris in unlabel.items():
            params[f"unlabel_{self.vocab.check_label(label)}"] = iris
        self._write(self._retract, params)
        return True

    def case_study_hash(self, case_iri: str) -> str | None:
        """The content hash a case study was loaded with, or None if it is not in the store."""
        return self.case_study_hashes([case_iri]).get(case_iri)

    def case_study_hashes(self, case_iris: Sequence[str]) -> dict[str, str]:
        """Content hashes of those of `case_iris` that are loaded, in one round trip."""
        return {iri: content_hash for iri, (content_hash, _) in self.case_study_origins(case_iris).items()}

    def case_study_origins(self, case_iris: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        """Content hash and source file of those of `case_iris` that are loaded, in one round trip."""
        rows = self.run(cypher.CASE_ORIGINS, {"cases": list(case_iris)})
        return {r["case_study"]: (r["hash"], r["source_file"]) for r in rows}

    def case_studies(self) -> list[str]:
        """IRIs of the loaded case studies (including the reference pseudo case study)."""
        return [r["case_study"] for r in self.run(cypher.ALL_CASES)]

    def case_study_graph(self, case_iri: str) -> Graph | None:
        """Exactly the triples a case study asserted, as loaded."""
        stored = self._stored_triples([case_iri])
        return decode_triples(stored[case_iri]) if case_iri in stored else None

    def graph_to_rdf(self) -> Graph:
        """The reverse projection: the RDF graph the stored nodes, properties and relationships stand
        for. Provenance is not in it; see :meth:`provenance_dataset`."""
        g = Graph()
        for row in self.run(cypher.ALL_NODES):
            for triple in node_to_triples(dict(row["props"]), self.vocab):
                g.add(triple)
        for row in self.run(cypher.ALL_RELS):
            g.add(rel_to_triple(row["s"], row["type"], row["o"], self.vocab))
        return g

    def provenance_dataset(self) -> Dataset:
        """One named graph per case study (named by its IRI) holding the triples it asserted."""
        ds = Dataset()
        cases = self.case_studies()
        for case, data in self._stored_triples(cases).items():
            decode_triples(data, into=ds.graph(URIRef(case)))
        return ds

    # ---- internals ----------------------------------------------------------------------------
    def _prepare(self, item: CaseStudyLoad, cache: dict[Any, str]) -> _Prepared:
        """The store-independent work for one case study: its projection and its stored triples."""
        triples = list(item.graph)  # one pass over rdflib's store for both
        return _Prepared(project(triples, self.vocab), encode_triples(triples, cache), len(triples))

    def _chunk_write(
        self, chunk: Sequence[CaseStudyLoad], prepared: dict[str, _Prepared]
    ) -> tuple[LiteralString | None, dict[str, Any], LoadStats]:
        """Decide what one batch writes (reading hashes and current asserters from the store) and
        build its single statement. Replaced case studies are retracted here, before the write."""
        stats = LoadStats()
        hashes = self.case_study_hashes([c.case_iri for c in chunk])
        todo: dict[str, CaseStudyLoad] = {}
        for item in chunk:
            old = hashes.get(item.case_iri)
            if old == item.content_hash:
                stats.skipped += 1
                continue
            if old is not None and item.case_iri not in todo:
                self.retract_case_study(item.case_iri)
                stats.replaced += 1
            todo[item.case_iri] = item  # a later duplicate in the same batch wins
        if not todo:
            return None, {}, stats
        projections = {case: prepared[case].projection for case in todo}
        by_subject: dict[str, list[str]] = defaultdict(list)
        for case, proj in projections.items():
            for iri in proj.nodes:
                by_subject[iri].append(case)
        existing, merged = self._stored_states(list(by_subject))
        shared = [iri for iri in by_subject if existing.get(iri) or len(by_subject[iri]) > 1]
        for iri in shared:
            state = merged.setdefault(iri, NodeState(iri))
            for case in by_subject[iri]:
                _merge_state(state, projections[case].nodes[iri])

        provenance = []
        rels: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        objects: set[str] = set()
        for case, proj in projections.items():
            provenance.append(
                {
                    "case_study": case,
                    "hash": todo[case].content_hash,
                    "ntriples": prepared[case].ntriples,
                    "source_file": todo[case].source_file,
                }
            )
            for rel in proj.rels:
                rels[rel].append(case)
            objects |= proj.objects
            stats.triples += prepared[case].triples
        groups: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
        label_cache: dict[frozenset[str], frozenset[str]] = {}
        for iri, cases in by_subject.items():
            state = merged[iri] if iri in merged else projections[cases[0]].nodes[iri]
            who = cases if len(cases) == 1 and not existing.get(iri) else {*cases, *existing.get(iri, [])}
            types = frozenset(state.types)
            labels = label_cache.get(types)
            if labels is None:
                labels = label_cache[types] = frozenset(node_labels(state, self.vocab))
            groups[labels].append({"iri": iri, "props": state.properties(who)})
        # A subject nobody asserted before this batch has no relationships in the store yet (only a
        # subject's asserters give it outgoing ones), so its relationships are created, not merged.
        created: dict[str, list[dict[str, Any]]] = defaultdict(list)
        upserted: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for (s, t, o), cases in rels.items():
            row = {"s": s, "o": o, "cases": cases if len(cases) == 1 else sorted(cases)}
            (upserted if existing.get(s) else created)[t].append(row)
        label_sets = sorted(groups, key=sorted)
        query = cypher.load_statement(self.vocab, label_sets, sorted(created), sorted(upserted))
        params = cypher.load_params(self.vocab, label_sets, sorted(created), sorted(upserted))
        params["provenance"] = provenance
        params["objects"] = sorted(objects - by_subject.keys())
        for i, labels in enumerate(label_sets):
            params[f"nodes_{i}"] = groups[labels]
        for t, rows in created.items():
            params[f"new_{t}"] = rows
        for t, rows in upserted.items():
            params[f"rel_{t}"] = rows
        stats.case_studies += len(todo)
        stats.nodes += len(by_subject)
        stats.relationships += len(rels)
        return query, params, stats

    def _stored_triples(self, cases: list[str]) -> dict[str, str]:
        if not cases:
            return {}
        return {r["case_study"]: r["ntriples"] for r in self.run(cypher.CASE_TRIPLES, {"cases": cases})}

    def _asserters(self, iris: list[str]) -> dict[str, list[str]]:
        if not iris:
            return {}
        return {
            r["iri"]: list(r["asserted_by"] or []) for r in self.run(cypher.NODE_ASSERTERS, {"iris": iris})
        }

    def _stored_states(self, iris: list[str]) -> tuple[dict[str, list[str]], dict[str, NodeState]]:
        """Who asserts each of `iris` that is in the store, and its state there. A node's stored
        properties are always the union of what its asserters say (loads merge into them, retraction
        recomputes them), so reading them costs one round trip however many case studies share the
        node; re-deriving them from every asserter's triples grew with the square of the corpus."""
        asserters: dict[str, list[str]] = {}
        states: dict[str, NodeState] = {}
        if not iris:
            return asserters, states
        for row in self.run(cypher.NODE_STATES, {"iris": iris}):
            props = dict(row["props"])
            who = list(props.get(ASSERTED_BY) or [])
            if not who:
                continue
            asserters[row["iri"]] = who
            states[row["iri"]] = NodeState.from_properties(props)
        return asserters, states

    def _union_states(
        self, subjects: list[str], cases: set[str], exclude: str | None
    ) -> dict[str, NodeState]:
        """What the given case studies' stored triples say about the given subjects."""
        wanted = set(subjects)
        out: dict[str, NodeState] = {}
        for data in self._stored_triples(sorted(cases - {exclude})).values():
            g = decode_triples(data)
            sub = Graph()
            for t in g:
                if str(t[0]) in wanted:
                    sub.add(t)
            for iri, state in project(sub, self.vocab).nodes.items():
                _merge_state(out.setdefault(iri, NodeState(iri)), state)
        return out


@dataclass(frozen=True)
class _Prepared:
    projection: Projection
    ntriples: str
    triples: int


def _merge_state(into: NodeState, other: NodeState) -> None:
    into.types |= other.types
    for k, vals in other.props.items():
        into.props[k] |= vals


def _chunks(items: Iterable[CaseStudyLoad], size: int) -> Iterator[list[CaseStudyLoad]]:
    chunk: list[CaseStudyLoad] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _graph_hash(graph: Graph) -> str:
    import hashlib

    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in graph)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


__all__ = ["REFERENCE_CASE", "CaseStudyLoad", "GraphStore", "LoadStats", "Projection", "StoreStatus"]
