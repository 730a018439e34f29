"""One pipeline for every input format: read → map to RDF → validate with SHACL → load, per case study.

Each case study gets its own SHACL verdict (independent ones share one pySHACL run and the report is
split per case study: `scpkg.shapes.batched`) and is loaded as its own graph, so the store can say
which case studies assert each fact and retract one without touching the others. Whatever goes wrong
with one file or one record is reported and quarantined; the run goes on.

Streaming (issue 11): every file is read and mapped first (identity, ownership and framework checks
need the whole run), each graph parked on disk (`scpkg.ingest.spill`); then records are validated,
their SHACL reports written and loaded in batches of `LOAD_BATCH`, and with `keep_graphs=False` (the
CLI) no graph stays once its batch is settled: what stays per record is its row (status, problems,
warnings, notes), so memory is flat in the corpus size. The whole-run checks that need every valid
record (references to policies nowhere, conflicting single-valued facts) run at the end from compact
indexes (policy IRIs, single-valued facts), and the store's side of them excludes the run's own case
studies, so it reads the same after the run's loads as before them.

Counts always reconcile: records_read = loaded + replaced + unchanged + not_loaded + quarantined, where
`replaced` are loads that replaced an earlier version of the case study (the record says from which
file), and `not_loaded` are valid records a `validate` run or a `--strict` abort did not load, and the
reference data of an export, which is never ingested as a case study. A file that cannot be read at
all counts as one quarantined record. Nothing is replaced or merged without saying so: replacements
name the earlier source file, and contradictory single-valued facts are reported as conflicts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import SH

from scpkg import __version__
from scpkg.ingest import conflicts as conflicts_mod
from scpkg.ingest import corrections
from scpkg.ingest import report as report_io
from scpkg.ingest.export_mapping import ExportMapping, MappedUnit
from scpkg.ingest.files import DEFAULT_MAX_BYTES, FileError
from scpkg.ingest.mapping import case_study_iri, map_case_study
from scpkg.ingest.ownership import trespass_problems
from scpkg.ingest.read_lines import read_json_lines
from scpkg.ingest.read_rdf import read_rdf
from scpkg.ingest.read_sheet import read_sheet
from scpkg.ingest.read_structured import read_structured
from scpkg.ingest.records import Problem, Unit, short_iri
from scpkg.ingest.spill import Spill
from scpkg.ingest.vocab import Resolver, default_resolver
from scpkg.iris import country, instance, slug
from scpkg.ontology.namespace import SCP
from scpkg.shapes.batched import validate_batched
from scpkg.store.base import CaseStudyLoad, StoreUnavailableError
from scpkg.store.cypher import NODE_STATES
from scpkg.store.projection import ASSERTED_BY

READERS: dict[str, Callable[[Path, int], list[Unit]]] = {
    ".yaml": read_structured,
    ".yml": read_structured,
    ".json": read_structured,
    ".jsonl": read_json_lines,
    ".ndjson": read_json_lines,
    ".csv": read_sheet,
    ".xlsx": read_sheet,
    ".ttl": read_rdf,
    ".jsonld": read_rdf,
    ".nt": read_rdf,
    ".trig": read_rdf,
    ".nq": read_rdf,
}
"""File suffixes the pipeline reads, and who reads them; directories are walked for exactly these."""

RDF_SUFFIXES = frozenset(suffix for suffix, reader in READERS.items() if reader is read_rdf)
"""Inputs that name their own nodes, so may name another case study's (`scpkg.ingest.ownership`)."""

RESERVED_CASE = str(instance("case-study", "reference"))
"""The store's pseudo case study for reference data (`scpkg.store.REFERENCE_CASE`); no real one may use it."""

LOADED, REPLACED, UNCHANGED, NOT_LOADED, QUARANTINED = (
    "loaded",
    "replaced",
    "unchanged",
    "not_loaded",
    "quarantined",
)

EXIT_OK, EXIT_QUARANTINED, EXIT_USAGE, EXIT_STRICT, EXIT_STORE_LOST = 0, 1, 2, 3, 4
"""Exit codes: 0 every record loaded (or unchanged, or valid for `validate`); 1 some quarantined and
the valid ones loaded; 2 usage or I/O error (bad path, store or report directory unusable), nothing
done; 3 `--strict` and something invalid, so nothing loaded; 4 the store stopped answering during the
run: report.json says which records were loaded and which were not."""


class UsageError(Exception):
    """The run cannot start (a path that does not exist, an unsupported file named explicitly)."""


class CaseStudyStore(Protocol):
    """What the pipeline needs from `scpkg.store`: per-case-study loads keyed by a content hash."""

    def case_study_origins(self, case_iris: Sequence[str]) -> dict[str, tuple[str, str | None]]: ...

    def case_study_graph(self, case_iri: str) -> Graph | None: ...

    def run(self, query: Any, params: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...

    def load_case_study(self, case_iri: str, graph: Graph, content_hash: str) -> Any: ...

    def load_case_studies(self, batch: Iterable[CaseStudyLoad]) -> Any: ...


@dataclass
class RecordOutcome:
    """What happened to one record (case study) of one file."""

    file: Path
    record: str
    status: str
    case_iri: URIRef | None = None
    content_hash: str | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    graph: Graph | None = None
    shacl_report: Graph | None = None
    shacl_report_file: str | None = None
    note: str | None = None
    """What the store made of it, said in words: what it replaced (or would), why it was skipped."""
    conflicts: list[Problem] = field(default_factory=list)
    """Single-valued facts this record contradicts (another case study gives another value)."""
    reference: bool = False
    moves: list[str] = field(default_factory=list)
    """Policies whose IRI this version corrects (country changed): the old IRI redirects (said on stderr)."""
    references: list[tuple[str, URIRef]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "record": self.record,
            "case_study": str(self.case_iri) if self.case_iri else None,
            "status": self.status,
            "note": self.note,
            "content_hash": self.content_hash,
            "problems": [p.as_dict() for p in self.problems],
            "warnings": [p.as_dict() for p in self.warnings],
            "conflicts": [p.as_dict() for p in self.conflicts],
            "moves": list(self.moves),
            "shacl_report": self.shacl_report_file,
        }


@dataclass
class RunReport:
    """Everything a run did, with counts that add up and the exit code that follows from them."""

    command: str
    started: dt.datetime
    files: list[Path]
    outcomes: list[RecordOutcome]
    strict: bool
    store: str | None
    seconds: float = 0.0
    report_dir: Path | None = None
    aborted: bool = False
    store_lost: str | None = None
    """Why the run stopped loading: the store stopped answering (its records say which were loaded)."""

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "records_read": len(self.outcomes),
            LOADED: self.count(LOADED),
            REPLACED: self.count(REPLACED),
            UNCHANGED: self.count(UNCHANGED),
            NOT_LOADED: self.count(NOT_LOADED),
            QUARANTINED: self.count(QUARANTINED),
            "problems": sum(len(o.problems) for o in self.outcomes),
            "warnings": sum(len(o.warnings) for o in self.outcomes),
            "conflicts": sum(len(o.conflicts) for o in self.outcomes),
        }

    @property
    def reconciles(self) -> bool:
        c = self.counts
        return c["records_read"] == c[LOADED] + c[REPLACED] + c[UNCHANGED] + c[NOT_LOADED] + c[QUARANTINED]

    @property
    def exit_code(self) -> int:
        if self.store_lost:
            return EXIT_STORE_LOST
        if self.aborted:
            return EXIT_STRICT
        return EXIT_QUARANTINED if self.count(QUARANTINED) else EXIT_OK

    def as_dict(self) -> dict[str, Any]:
        return {
            "scpkg_version": __version__,
            "command": self.command,
            "started": self.started.isoformat(timespec="seconds"),
            "seconds": round(self.seconds, 3),
            "store": self.store,
            "strict": self.strict,
            "strict_abort": self.aborted,
            "store_lost": self.store_lost,
            "exit_code": self.exit_code,
            "counts": self.counts,
            "equation": "records_read = loaded + replaced + unchanged + not_loaded + quarantined",
            "reconciles": self.reconciles,
            "files": [str(f) for f in self.files],
            "records": [o.as_dict() for o in self.outcomes],
        }


def discover(paths: Iterable[Path]) -> list[Path]:
    """The files to read: named files as given, directories walked (hidden entries skipped), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in READERS
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.is_file():
            if path.suffix.lower() not in READERS:
                raise UsageError(
                    f"{path}: not a case-study file (expected one of {', '.join(sorted(READERS))})"
                )
            found.append(path)
        else:
            raise UsageError(f"{path}: no such file or directory")
    return list(dict.fromkeys(found))


def content_hash(graph: Graph) -> str:
    """sha256 of the case study's canonical N-Triples: a reformatted but equal file hashes the same."""
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        graph = to_canonical_graph(graph)
    lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def shacl_problems(
    file: Path, record: str, result: Any, severity: URIRef, ignore: set[Any] | None = None
) -> list[Problem]:
    """SHACL results as Problems: the record is the case study, the field the focus node and path."""
    out = []
    for p in result.problems:
        if p.severity != severity or p.focus_node in (ignore or set()):
            continue
        where = short_iri(p.focus_node) + (
            f" {short_iri(p.path)}" if p.path is not None and not isinstance(p.path, BNode) else ""
        )
        value = f" (value: {short_iri(p.value)})" if p.value is not None else ""
        out.append(Problem(str(file), record, where, f"{p.message}{value}"))
    return out


def _context(graph: Graph, frameworks: set[URIRef]) -> Graph:
    """Facts a case study points at but does not assert, which SHACL must see to check class ranges:
    its countries (reference data, loaded on their own) and frameworks declared by other case studies of
    the run. Results about these stub nodes are dropped: they are not this case study's to fix."""
    context = Graph()
    prefix = str(country("AAA"))[:-3]
    for node in set(graph.objects(None, SCP.country)) | set(graph.objects(None, SCP.observedCountry)):
        if str(node).startswith(prefix) and (node, RDF.type, SCP.Country) not in graph:
            context.add((node, RDF.type, SCP.Country))
            context.add((node, SCP.iso3, Literal(str(node)[len(prefix) :])))
    for node in set(graph.objects(None, SCP.addsTo)):  # the case study added to is checked on its own
        context.add((node, RDF.type, SCP.CaseStudy))
    for node in set(graph.objects(None, SCP.partOfFramework)):
        if node in frameworks and (node, RDF.type, None) not in graph:
            context.add((node, RDF.type, SCP.PolicyFramework))
    for predicate in (SCP.amends, SCP.repeals):  # another case study's policy: not this one's to check
        for node in set(graph.objects(None, predicate)):
            if (node, RDF.type, None) not in graph:
                context.add((node, RDF.type, SCP.Policy))
    return context


FRAMEWORKS_IN_STORE = "UNWIND $iris AS iri MATCH (n:PolicyFramework {iri: iri}) RETURN n.iri AS iri"
"""Which of the given IRIs the store holds as policy frameworks (IRIs passed as a parameter, never pasted)."""


def _stored_frameworks(store: CaseStudyStore | None, pointed: set[str]) -> set[URIRef]:
    """Frameworks that case studies point at (`pointed`, less those the run declares) and an earlier
    run loaded, so a policy can sit under a framework from another file without SHACL calling the
    reference wrong."""
    wanted = sorted(pointed)
    if store is None or not wanted or not hasattr(store, "run"):
        return set()
    return {URIRef(row["iri"]) for row in store.run(FRAMEWORKS_IN_STORE, {"iris": wanted})}


def run(
    paths: list[Path],
    *,
    command: str = "ingest",
    store: CaseStudyStore | None = None,
    store_url: str | None = None,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    report_dir: Path | None = None,
    resolver: Resolver | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    compare_with: CaseStudyStore | None = None,
    mapping: ExportMapping | None = None,
    keep_graphs: bool = True,
) -> RunReport:
    """Read, map, validate and (given a store) load every case study under `paths`; write the reports.

    `store=None` validates only (`scpkg validate`); `compare_with` is then a store that is only read,
    to say what a load would replace. `mapping` reads every file as a partner export through that
    declarative mapping (`scpkg ingest --mapping`) instead of as case studies. `keep_graphs=False`
    (the CLI) keeps no graph once its record is settled, so memory stays flat in the corpus size; the
    default keeps each outcome's `graph` and `shacl_report` for callers that read them. Raises UsageError
    before doing anything if a path is wrong;
    everything after that is reported per file and record, never raised.
    """
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    files = discover(paths)
    resolver = resolver or default_resolver()
    report = RunReport(command, started, files, [], strict, store_url)
    known = store if store is not None else compare_with

    # 1. read and map every file: one unit (case study) per record. Only the outcomes stay (compact
    #    rows); each mapped graph is parked in the spill (unless `keep_graphs`) until its batch comes.
    outcomes: list[RecordOutcome] = []
    seen: dict[str, RecordOutcome] = {}
    spill = Spill()
    parked: dict[int, tuple[int, int]] = {}
    declared: dict[int, set[URIRef]] = {}  # frameworks each record declares
    pointed: set[str] = set()  # frameworks records sit under
    any_rdf = any(f.suffix.lower() in RDF_SUFFIXES for f in files)
    in_run: dict[URIRef, set[str]] = {}  # subjects -> case studies, for the ownership check of RDF

    def graph_of(index: int) -> Graph | None:
        outcome = outcomes[index]
        if outcome.graph is None and index in parked:
            return spill.get(parked[index])
        return outcome.graph

    try:
        for i, path in enumerate(files):
            if progress:
                progress(f"reading {path.name}", i, len(files))
            file_units = _read_file(path, max_bytes, mapping.read if mapping is not None else None)
            for unit in file_units:
                outcome = _map_unit(unit, path, resolver)
                if outcome.case_iri is not None and not outcome.reference:
                    _check_identity(outcome, unit, seen)
                index = len(outcomes)
                outcomes.append(outcome)
                graph = outcome.graph
                if graph is None:
                    continue
                if not outcome.reference:
                    declared[index] = set(graph.subjects(RDF.type, SCP.PolicyFramework))
                    if any_rdf and outcome.case_iri is not None:
                        for s in set(graph.subjects()):
                            if isinstance(s, URIRef):
                                in_run.setdefault(s, set()).add(str(outcome.case_iri))
                pointed.update(
                    str(o) for o in graph.objects(None, SCP.partOfFramework) if isinstance(o, URIRef)
                )
                if not keep_graphs:
                    parked[index] = spill.put(graph)
                    outcome.graph = None
            del file_units

        _check_ownership(outcomes, known, graph_of, in_run)
        in_run.clear()

        # 2. validate each case study with the context it points at (independent ones in one pySHACL
        #    run, `scpkg.shapes.batched`), then settle and load in batches of LOAD_BATCH as results come.
        frameworks = {
            node for index, nodes in declared.items() if not outcomes[index].problems for node in nodes
        }
        try:
            frameworks |= _stored_frameworks(known, pointed - {str(f) for f in frameworks})
        except StoreUnavailableError as exc:  # the store is gone before validation: validate, load nothing
            report.store_lost = str(exc)
        todo = [
            index
            for index, o in enumerate(outcomes)
            if (o.graph is not None or index in parked) and not o.problems and not o.reference
        ]
        for index, outcome in enumerate(outcomes):
            if outcome.reference:
                _compare_reference(outcome, known, graph_of(index))
        if report_dir is not None:
            report_dir.mkdir(parents=True, exist_ok=True)
        contexts: dict[int, Graph] = {}

        def inputs() -> Iterator[tuple[Graph, Graph]]:
            for index in todo:
                graph = graph_of(index)
                assert graph is not None
                outcomes[index].graph = graph
                contexts[index] = _context(graph, frameworks)
                yield graph, contexts[index]

        run_state = _RunState(store, known, progress, total=len(todo))
        valid_all: list[RecordOutcome] = []
        index_of = {id(outcomes[index]): index for index in todo}
        batch: list[RecordOutcome] = []
        with closing(validate_batched(inputs())) as results:
            for n, index in enumerate(todo):
                outcome = outcomes[index]
                if progress:
                    progress(f"validating {outcome.record}", n, len(todo))
                result = next(results)
                context = contexts.pop(index)
                assert outcome.graph is not None
                stubs = set(context.subjects()) - set(outcome.graph.subjects())
                outcome.shacl_report = result.results_graph
                outcome.problems += shacl_problems(outcome.file, outcome.record, result, SH.Violation, stubs)
                outcome.warnings += shacl_problems(outcome.file, outcome.record, result, SH.Warning, stubs)
                if report_dir is not None:
                    outcome.shacl_report_file = report_io.write_shacl_report(report_dir, outcome)
                if not keep_graphs:  # written (or not wanted): nothing per record stays but its row
                    outcome.shacl_report = None
                if outcome.problems:
                    outcome.status = QUARANTINED
                    _release(outcome, keep_graphs)
                    continue
                outcome.content_hash = content_hash(outcome.graph)
                outcome.status = NOT_LOADED
                valid_all.append(outcome)
                if strict:  # nothing loads until every record is known valid
                    _release(outcome, keep_graphs)
                    continue
                batch.append(outcome)
                if len(batch) >= LOAD_BATCH:
                    run_state.settle(report, batch, load=store is not None)
                    for done in batch:
                        _release(done, keep_graphs)
                    batch = []
        if batch:
            run_state.settle(report, batch, load=store is not None)
            for done in batch:
                _release(done, keep_graphs)

        # 3. --strict: load (or, if something is invalid, only describe) what is valid, in batches.
        for o in outcomes:
            if not o.reference and o.problems:
                o.status = QUARANTINED
        invalid = [o for o in outcomes if not o.reference and o.problems]
        report.aborted = bool(strict and invalid and store is not None)
        if strict:
            for start in range(0, len(valid_all), LOAD_BATCH):
                part = valid_all[start : start + LOAD_BATCH]
                for o in part:
                    o.graph = graph_of(index_of[id(o)])
                run_state.settle(report, part, load=store is not None and not report.aborted)
                for o in part:
                    _release(o, keep_graphs)

        # 4. what the whole run says: references to policies nowhere, contradictions between records.
        if report.store_lost is None:
            try:
                _check_references(known, valid_all, run_state.policies)
            except StoreUnavailableError as exc:
                report.store_lost = str(exc)
        _report_conflicts(known if report.store_lost is None else None, valid_all, run_state.slots)
        if report.store_lost:
            _mark_not_loaded(valid_all, report.store_lost)
    finally:
        spill.close()
    if progress:
        progress("writing reports", len(outcomes), len(outcomes))

    report.outcomes = outcomes
    report.seconds = time.perf_counter() - clock
    if report_dir is not None:
        write_reports(report, report_dir)
    return report


def _release(outcome: RecordOutcome, keep: bool) -> None:
    """Drop a settled record's graph (it is in the store, or in the spill for --strict)."""
    if not keep:
        outcome.graph = None


class _RunState:
    """What settling batches accumulates for the whole run: the policies and single-valued facts of
    its valid records (for the reference and conflict checks), and how many records were loaded."""

    def __init__(
        self,
        store: CaseStudyStore | None,
        known: CaseStudyStore | None,
        progress: Callable[[str, int, int], None] | None,
        total: int,
    ) -> None:
        self.store, self.known, self.progress, self.total = store, known, progress, total
        self.policies: set[URIRef] = set()
        self.slots: conflicts_mod.Slots = {}
        self.loaded = 0

    def settle(self, report: RunReport, batch: list[RecordOutcome], *, load: bool) -> None:
        """Say what loading the batch replaces and load it (or only say what it would replace)."""
        if report.store_lost is None:
            try:
                origins = _origins(self.known, batch)
                _carry_iris(self.known, batch, origins)
                if load:
                    self.loaded += _load(self.store, batch, origins, self.progress, self.loaded, self.total)
                else:
                    for outcome in batch:
                        outcome.note = _replacement_note(outcome, origins, predicted=True)
            except StoreUnavailableError as exc:
                report.store_lost = str(exc)
        graphs = {}
        for outcome in batch:
            assert outcome.graph is not None
            graphs[str(outcome.case_iri)] = outcome.graph
            self.policies |= corrections.policies_in(outcome.graph)
        self.slots = conflicts_mod.merge(self.slots, conflicts_mod.slots(graphs))


def _map_unit(unit: Unit, path: Path, resolver: Resolver) -> RecordOutcome:
    """One unit's outcome: mapped to RDF (or taken as the RDF it is), with every problem found so far."""
    outcome = RecordOutcome(path, unit.label, QUARANTINED, problems=list(unit.problems))
    if isinstance(unit, MappedUnit):
        outcome.warnings += unit.warnings
    if unit.record is not None:
        try:
            outcome.case_iri = case_study_iri(unit.record.id)
            mapped = map_case_study(unit.record, str(path), resolver)
            reported = {p.field for p in outcome.problems}  # the schema's word on a field stands
            fresh = [p for p in mapped.problems if p.field not in reported]
            # named as the unit is ("records[3] (id)", "line 7 (id)"), with the export's field
            fresh = [
                unit.relabel(p) if isinstance(unit, MappedUnit) else replace(p, record=unit.label)
                for p in fresh
            ]
            outcome.graph = mapped.graph
            outcome.problems = sorted(outcome.problems + fresh, key=_field_order)
            outcome.warnings += [
                unit.relabel(p) if isinstance(unit, MappedUnit) else replace(p, record=unit.label)
                for p in mapped.warnings
            ]
            outcome.references = mapped.references
        except ValueError as exc:  # an id with no letters or digits cannot become an IRI
            outcome.problems.append(Problem(str(path), unit.label, "id", str(exc)))
        except Exception as exc:  # one record must not stop the run: say what broke
            outcome.graph = None
            outcome.problems.append(
                Problem(str(path), unit.label, "(record)", f"cannot be mapped: {_described(exc)}")
            )
    elif unit.graph is not None:
        outcome.case_iri, outcome.graph = unit.case_iri, unit.graph
        outcome.reference = unit.reference
    return outcome


def _read_file(
    path: Path, max_bytes: int, reader: Callable[[Path, int], list[Unit]] | None = None
) -> list[Unit]:
    """The file's units, or one unit with the reason it cannot be read: whatever a parser raises
    (a RecursionError, an XML ParseError, a MemoryError) stays this file's problem, never the run's."""
    try:
        return (reader or READERS[path.suffix.lower()])(path, max_bytes)
    except FileError as exc:
        message, where = str(exc), exc.field or "(file)"
    except OSError as exc:
        message, where = f"cannot read the file: {exc.strerror or exc}", "(file)"
    except RecursionError:
        message, where = "values are nested too deeply to read", "(file)"
    except MemoryError:
        message, where = "the file expands to more than the memory available", "(file)"
    except Exception as exc:  # a parser's own bug or limit: reported, the run goes on
        message, where = f"cannot be read: {_described(exc)}", "(file)"
    return [Unit.refused(path, path.name, where, message)]


def _check_ownership(
    outcomes: list[RecordOutcome],
    known: CaseStudyStore | None,
    graph_of: Callable[[int], Graph | None],
    in_run: dict[URIRef, set[str]],
) -> None:
    """RDF case studies name their own nodes: each may describe only the nodes it owns, unless it
    declares `scp:addsTo` the case study that asserts them (`scpkg.ingest.ownership`). `in_run`: the
    subjects of every record of the run, with the case studies asserting them."""
    rdf = [i for i, o in enumerate(outcomes) if o.case_iri is not None and not o.reference
           and o.file.suffix.lower() in RDF_SUFFIXES]  # fmt: skip
    if not rdf:
        return

    def asserters(nodes: Iterable[URIRef]) -> dict[URIRef, set[str]]:
        wanted = sorted(set(nodes))
        found = {n: set(in_run.get(n, set())) for n in wanted}
        if known is not None and hasattr(known, "run") and wanted:
            for row in known.run(NODE_STATES, {"iris": [str(n) for n in wanted]}):
                found.setdefault(URIRef(row["iri"]), set()).update(dict(row["props"]).get(ASSERTED_BY) or [])
        return found

    for i in rdf:
        o, graph = outcomes[i], graph_of(i)
        if graph is None or o.case_iri is None:
            continue
        o.problems += trespass_problems(str(o.file), o.record, graph, o.case_iri, asserters)


def _described(exc: BaseException) -> str:
    """An exception in one line, without a traceback: its type and the first line of its message."""
    text = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _carry_iris(
    known: CaseStudyStore | None, valid: list[RecordOutcome], origins: dict[str, tuple[str, str | None]]
) -> None:
    """A case study already loaded keeps its policies' old IRIs resolving when a correction moves
    them (owl:sameAs in its new graph, hashed with it); its earlier links are carried forward."""
    if known is None:
        return
    for outcome in valid:
        old = origins.get(str(outcome.case_iri))
        if old is None or old[0] == outcome.content_hash or outcome.graph is None:
            continue
        before = known.case_study_graph(str(outcome.case_iri))
        if before is None:
            continue
        size = len(outcome.graph)
        for move in corrections.carry_iris(outcome.graph, before):
            sentence = move.sentence()
            outcome.moves.append(sentence)
            outcome.warnings.append(Problem(str(outcome.file), outcome.record, "country", sentence))
        if len(outcome.graph) != size:
            outcome.content_hash = content_hash(outcome.graph)


def _check_references(
    known: CaseStudyStore | None, valid: list[RecordOutcome], run_policies: set[URIRef]
) -> None:
    """amends / repeals pointing at a policy neither this run (`run_policies`: those of its valid
    records) nor the store has: kept as a bare reference (it may come later), never as an invented
    policy, and said as a warning."""
    if not any(o.references for o in valid):
        return
    refs = [(o, where, iri) for o in valid for where, iri in o.references]
    missing = set(corrections.missing_references([(w, i) for _, w, i in refs], run_policies, known))
    for outcome, where, iri in refs:
        if (where, iri) in missing:
            outcome.warnings.append(
                Problem(
                    str(outcome.file),
                    outcome.record,
                    where,
                    f"no policy {short_iri(iri)} in this case study, this run or the store: the link "
                    "is kept as a reference only (no facts about that policy are made up); "
                    "load it to complete it",
                )
            )


def _field_order(problem: Problem) -> list[Any]:
    """Problems in the order of the file: policies[2] before policies[10], schema and mapping mixed."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", problem.field)]


def _check_identity(outcome: RecordOutcome, unit: Unit, seen: dict[str, RecordOutcome]) -> None:
    """One IRI, one record: the reserved reference IRI is refused, and two records whose ids give one
    IRI ("Law 77-15" and "law_77_15") are both refused, each naming the other, instead of merging."""
    key = str(outcome.case_iri)
    where = f"{outcome.file}, record {outcome.record!r}"
    if key == RESERVED_CASE:
        outcome.problems.append(
            Problem(
                str(outcome.file),
                unit.label,
                "id",
                "the case-study id 'reference' is reserved for reference data",
            )
        )
        return
    first = seen.get(key)
    if first is None:
        seen[key] = outcome
        return
    there = f"{first.file}, record {first.record!r}"
    iri = short_iri(key)

    def same_iri(other: str) -> str:
        return (
            f"this case study's id gives the IRI {iri}, as the case study in {other} does; "
            "each case study needs an id of its own (ids differing only in case, spaces, '-' or '_' "
            "are one id): rename one of them"
        )

    outcome.problems.append(Problem(str(outcome.file), unit.label, "id", same_iri(there)))
    if not any(p.field == "id" and "as the case study in" in p.message for p in first.problems):
        first.problems.append(Problem(str(first.file), first.record, "id", same_iri(where)))


def _compare_reference(outcome: RecordOutcome, known: CaseStudyStore | None, graph: Graph | None) -> None:
    """An export's reference graph is the store's own reference data, never a user's case study:
    it is matched with the reference data the store holds and not loaded either way."""
    assert graph is not None
    outcome.content_hash = content_hash(graph)
    own = known.case_study_graph(RESERVED_CASE) if known is not None else None
    if own is not None and content_hash(own) == outcome.content_hash:
        outcome.status = UNCHANGED
        outcome.note = (
            "reference data (countries, regions, vocabularies, MEA parties): the same as the store's "
            "own, so nothing to load; reference data is never ingested as a case study"
        )
        return
    outcome.status = NOT_LOADED
    whose = (
        "the store's own reference data differs (another scpkg version?); the store keeps its own"
        if own is not None
        else ("the store holds no reference data yet" if known is not None else "no store to compare with")
    )
    outcome.note = (
        f"reference data (countries, regions, vocabularies, MEA parties), skipped: {whose}. "
        "Reference data comes from the installed scpkg, never from a file"
    )


def _origins(known: CaseStudyStore | None, valid: list[RecordOutcome]) -> dict[str, tuple[str, str | None]]:
    """Hash and source file of the valid records' case studies already in the store."""
    if known is None or not valid:
        return {}
    return known.case_study_origins([str(o.case_iri) for o in valid])


def _source(path: Path) -> str:
    return str(path.resolve())


def _replacement_note(
    outcome: RecordOutcome, origins: dict[str, tuple[str, str | None]], predicted: bool
) -> str | None:
    """'replaces case study X loaded from F' (or 'would replace' for validate), None for a new one."""
    old = origins.get(str(outcome.case_iri))
    if old is None:
        return None
    old_hash, old_file = old
    name = slug_of(str(outcome.case_iri))
    if old_hash == outcome.content_hash:
        return f"unchanged: case study {name!r} is already in the store as it is here"
    where = "a file the store did not record (loaded by an older scpkg)" if old_file is None else old_file
    same = old_file is not None and old_file == _source(outcome.file)
    verb = "would replace" if predicted else "replaced"
    what = "the earlier version of this file" if same else "case study"
    instead = (
        "would be retracted and this file's loaded" if predicted else "were retracted and this file's loaded"
    )
    return f"{verb} {what} {name!r} loaded from {where}" + (
        "" if same else f"; its assertions {instead} in their place"
    )


def _report_conflicts(
    known: CaseStudyStore | None, valid: list[RecordOutcome], mine: conflicts_mod.Slots
) -> None:
    """Warn on every record that contradicts another case study (of this run or in the store) about
    a single-valued fact of a shared node: both values are kept, and both sides are named. `mine`: the
    single-valued facts of the run's valid records (`conflicts.slots`). The store's side excludes
    every case study of the run, so it reads the same before the run's loads as after them."""
    if not valid:
        return
    by_case = {str(outcome.case_iri): outcome for outcome in valid}
    if known is not None and hasattr(known, "vocab"):
        subjects = sorted({str(key[0]) for key in mine})
        theirs = conflicts_mod.stored_slots(known, subjects, exclude=by_case, also=mine)
        mine = conflicts_mod.merge(mine, theirs)
    for conflict in conflicts_mod.conflicts_in(mine):
        for case in sorted({c for _, cases in conflict.values for c in cases}):
            if case in by_case:
                o = by_case[case]
                o.conflicts.append(conflicts_mod.as_problem(conflict, str(o.file), o.record))


LOAD_BATCH = 200
"""Case studies per store batch: one round trip (one transaction) each."""


def _load(
    store: CaseStudyStore,
    valid: list[RecordOutcome],
    origins: dict[str, tuple[str, str | None]],
    progress: Callable[[str, int, int], None] | None,
    done_before: int = 0,
    total: int | None = None,
) -> int:
    """Load the valid case studies in batches; unchanged ones (same content hash) are not touched,
    and one that replaces an earlier load is `replaced`, naming the file that load came from.

    A batch the store refuses is retried one case study at a time, so the record at fault is
    quarantined with the store's message and every other record of that batch still loads. A store
    that stops answering (:class:`StoreUnavailableError`) is not retried: it is raised at once.
    Progress counts from `done_before` of `total` (the run's earlier batches); returns how many
    records this call sent to the store.
    """
    changed = []
    for outcome in valid:
        old = origins.get(str(outcome.case_iri))
        if old is not None and old[0] == outcome.content_hash:
            outcome.status = UNCHANGED
        else:
            changed.append(outcome)

    def done(outcome: RecordOutcome) -> None:
        outcome.note = _replacement_note(outcome, origins, predicted=False)
        outcome.status = REPLACED if str(outcome.case_iri) in origins else LOADED

    for start in range(0, len(changed), LOAD_BATCH):
        batch = changed[start : start + LOAD_BATCH]
        if progress:
            progress(f"loading {batch[0].record}", done_before + start, total or len(changed))
        try:
            store.load_case_studies([_as_load(o) for o in batch])
        except StoreUnavailableError:
            _mark_in_flight(batch)
            raise
        except Exception:  # the store's own errors: find the record at fault below
            for outcome in batch:
                try:
                    store.load_case_studies([_as_load(outcome)])
                except StoreUnavailableError:
                    _mark_in_flight([outcome])
                    raise
                except Exception as exc:  # report it on the record, keep going
                    outcome.problems.append(
                        Problem(str(outcome.file), outcome.record, "(store)", f"the store refused it: {exc}")
                    )
                    outcome.status = QUARANTINED
                else:
                    done(outcome)
        else:
            for outcome in batch:
                done(outcome)
    return len(changed)


IN_FLIGHT = (
    "not known to be loaded: the store stopped answering while this record's batch was written "
    "(a batch is one transaction: in the store whole or not at all); ingest again once the store "
    "is back (unchanged records are skipped)"
)
"""The note on records of the batch in flight when the store stopped answering."""


def _mark_in_flight(batch: list[RecordOutcome]) -> None:
    for outcome in batch:
        outcome.note = IN_FLIGHT


def _mark_not_loaded(valid: list[RecordOutcome], why: str) -> None:
    """Valid records a lost store never received stay `not_loaded`, each saying why."""
    for outcome in valid:
        if outcome.status == NOT_LOADED and outcome.note != IN_FLIGHT:
            outcome.note = f"not loaded: {why}"


def _as_load(outcome: RecordOutcome) -> CaseStudyLoad:
    if outcome.case_iri is None or outcome.graph is None or outcome.content_hash is None:
        raise ValueError(f"{outcome.record}: only validated, mapped case studies can be loaded")
    return CaseStudyLoad(str(outcome.case_iri), outcome.graph, outcome.content_hash, _source(outcome.file))


def slug_of(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def write_reports(report: RunReport, report_dir: Path) -> None:
    """report.json, one SHACL report per validated case study, and the quarantine copies."""
    report_dir.mkdir(parents=True, exist_ok=True)
    report.report_dir = report_dir
    for outcome in report.outcomes:  # those `run` has not written as it went
        if outcome.shacl_report_file is None:
            outcome.shacl_report_file = report_io.write_shacl_report(report_dir, outcome)
    by_file: dict[Path, list[RecordOutcome]] = {}
    for outcome in report.outcomes:
        if outcome.status == QUARANTINED:
            by_file.setdefault(outcome.file, []).append(outcome)
    for file, outcomes in by_file.items():
        report_io.write_quarantine(report_dir, file, outcomes)
    report_io.write_json(report_dir, report)


def default_report_dir(base: Path = Path("scpkg-reports")) -> Path:
    """`./scpkg-reports/<UTC timestamp>/`: one directory per run, never overwritten."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    return base / stamp


__all__ = [
    "EXIT_OK",
    "EXIT_QUARANTINED",
    "EXIT_STRICT",
    "EXIT_USAGE",
    "REPLACED",
    "RunReport",
    "UsageError",
    "run",
    "slug",
]
