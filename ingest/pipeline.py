"""One pipeline for every input format: read → map to RDF → validate with SHACL → load, per case study.

Each case study is validated on its own (cost grows linearly with the corpus) and loaded as its own
graph, so the store can say which case studies assert each fact and retract one without touching the
others. Whatever goes wrong with one file or one record is reported and quarantined; the run goes on.

Counts always reconcile: records_read = loaded + unchanged + not_loaded + quarantined, where
`not_loaded` are valid records a `validate` run or a `--strict` abort did not load. A file that cannot be
read at all counts as one quarantined record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import SH

from scpkg import __version__
from scpkg.ingest import report as report_io
from scpkg.ingest.files import DEFAULT_MAX_BYTES, FileError
from scpkg.ingest.mapping import case_study_iri, map_case_study
from scpkg.ingest.read_rdf import read_rdf
from scpkg.ingest.read_sheet import read_sheet
from scpkg.ingest.read_structured import read_structured
from scpkg.ingest.records import Problem, Unit
from scpkg.ingest.vocab import Resolver, default_resolver
from scpkg.iris import country, instance, slug
from scpkg.ontology.namespace import SCP
from scpkg.shapes.validate import validate_many
from scpkg.store.base import CaseStudyLoad

READERS: dict[str, Callable[[Path, int], list[Unit]]] = {
    ".yaml": read_structured,
    ".yml": read_structured,
    ".json": read_structured,
    ".csv": read_sheet,
    ".xlsx": read_sheet,
    ".ttl": read_rdf,
    ".jsonld": read_rdf,
}
"""File suffixes the pipeline reads, and who reads them; directories are walked for exactly these."""

RESERVED_CASE = str(instance("case-study", "reference"))
"""The store's pseudo case study for reference data (`scpkg.store.REFERENCE_CASE`); no real one may use it."""

LOADED, UNCHANGED, NOT_LOADED, QUARANTINED = "loaded", "unchanged", "not_loaded", "quarantined"

EXIT_OK, EXIT_QUARANTINED, EXIT_USAGE, EXIT_STRICT = 0, 1, 2, 3
"""Exit codes: 0 every record loaded (or unchanged, or valid for `validate`); 1 some quarantined and
the valid ones loaded; 2 usage or I/O error (bad path, store or report directory unusable), nothing
done; 3 `--strict` and something invalid, so nothing loaded."""


class UsageError(Exception):
    """The run cannot start (a path that does not exist, an unsupported file named explicitly)."""


class CaseStudyStore(Protocol):
    """What the pipeline needs from `scpkg.store`: per-case-study loads keyed by a content hash."""

    def case_study_hashes(self, case_iris: Sequence[str]) -> dict[str, str]: ...

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

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "record": self.record,
            "case_study": str(self.case_iri) if self.case_iri else None,
            "status": self.status,
            "content_hash": self.content_hash,
            "problems": [p.as_dict() for p in self.problems],
            "warnings": [p.as_dict() for p in self.warnings],
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

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "records_read": len(self.outcomes),
            LOADED: self.count(LOADED),
            UNCHANGED: self.count(UNCHANGED),
            NOT_LOADED: self.count(NOT_LOADED),
            QUARANTINED: self.count(QUARANTINED),
            "problems": sum(len(o.problems) for o in self.outcomes),
            "warnings": sum(len(o.warnings) for o in self.outcomes),
        }

    @property
    def reconciles(self) -> bool:
        c = self.counts
        return c["records_read"] == c[LOADED] + c[UNCHANGED] + c[NOT_LOADED] + c[QUARANTINED]

    @property
    def exit_code(self) -> int:
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
            "exit_code": self.exit_code,
            "counts": self.counts,
            "equation": "records_read = loaded + unchanged + not_loaded + quarantined",
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


def _short(node: Any) -> str:
    text = str(node)
    for prefix, short in (
        ("https://w3id.org/scpkg/id/", ""),
        ("https://w3id.org/scpkg/ont/", "scp:"),
        ("http://purl.org/dc/terms/", "dcterms:"),
        ("http://www.w3.org/2004/02/skos/core#", "skos:"),
    ):
        if text.startswith(prefix):
            return short + text[len(prefix) :]
    return text


def shacl_problems(
    file: Path, record: str, result: Any, severity: URIRef, ignore: set[Any] | None = None
) -> list[Problem]:
    """SHACL results as Problems: the record is the case study, the field the focus node and path."""
    out = []
    for p in result.problems:
        if p.severity != severity or p.focus_node in (ignore or set()):
            continue
        where = _short(p.focus_node) + (
            f" {_short(p.path)}" if p.path is not None and not isinstance(p.path, BNode) else ""
        )
        value = f" (value: {_short(p.value)})" if p.value is not None else ""
        out.append(Problem(str(file), record, where, f"{p.message}{value}"))
    return out


def _context(graph: Graph, frameworks: set[URIRef]) -> Graph:
    """Facts a case study points at but does not assert, which SHACL must see to check class ranges:
    its countries (reference data, loaded on their own) and frameworks declared by other case studies of
    the run. Results about these stub nodes are dropped: they are not this case study's to fix."""
    context = Graph()
    prefix = str(country("AAA"))[:-3]
    for node in set(graph.objects(None, SCP.country)):
        if str(node).startswith(prefix) and (node, RDF.type, SCP.Country) not in graph:
            context.add((node, RDF.type, SCP.Country))
            context.add((node, SCP.iso3, Literal(str(node)[len(prefix) :])))
    for node in set(graph.objects(None, SCP.partOfFramework)):
        if node in frameworks and (node, RDF.type, None) not in graph:
            context.add((node, RDF.type, SCP.PolicyFramework))
    return context


FRAMEWORKS_IN_STORE = "UNWIND $iris AS iri MATCH (n:PolicyFramework {iri: iri}) RETURN n.iri AS iri"
"""Which of the given IRIs the store holds as policy frameworks (IRIs passed as a parameter, never pasted)."""


def _stored_frameworks(store: CaseStudyStore | None, graphs: list[Graph], known: set[URIRef]) -> set[URIRef]:
    """Frameworks that case studies point at and an earlier run loaded, so a policy can sit under a
    framework from another file without SHACL calling the reference wrong."""
    wanted = sorted(
        {str(o) for g in graphs for o in g.objects(None, SCP.partOfFramework) if isinstance(o, URIRef)}
        - {str(k) for k in known}
    )
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
) -> RunReport:
    """Read, map, validate and (given a store) load every case study under `paths`; write the reports.

    `store=None` validates only (`scpkg validate`). Raises UsageError before doing anything if a path
    is wrong; everything after that is reported per file and record, never raised.
    """
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    files = discover(paths)
    resolver = resolver or default_resolver()
    report = RunReport(command, started, files, [], strict, store_url)

    # 1. read and map every file: one unit (case study) per record.
    units: list[tuple[Unit, RecordOutcome]] = []
    seen: dict[str, Path] = {}
    for i, path in enumerate(files):
        if progress:
            progress(f"reading {path.name}", i, len(files))
        try:
            file_units = READERS[path.suffix.lower()](path, max_bytes)
        except (FileError, OSError) as exc:
            message = (
                str(exc) if isinstance(exc, FileError) else f"cannot read the file: {exc.strerror or exc}"
            )
            file_units = [Unit(path, path.name, problems=[Problem(str(path), path.name, "(file)", message)])]
        for unit in file_units:
            outcome = RecordOutcome(path, unit.label, QUARANTINED, problems=list(unit.problems))
            if unit.record is not None:
                try:
                    outcome.case_iri = case_study_iri(unit.record.id)
                    mapped = map_case_study(unit.record, str(path), resolver)
                    outcome.graph, outcome.problems = mapped.graph, outcome.problems + mapped.problems
                except ValueError as exc:  # an id with no letters or digits cannot become an IRI
                    outcome.problems.append(Problem(str(path), unit.label, "id", str(exc)))
            elif unit.graph is not None:
                outcome.case_iri, outcome.graph = unit.case_iri, unit.graph
            if outcome.case_iri is not None:
                key = str(outcome.case_iri)
                if key == RESERVED_CASE:
                    outcome.problems.append(
                        Problem(
                            str(path),
                            unit.label,
                            "id",
                            "the case-study id 'reference' is reserved for reference data",
                        )
                    )
                elif key in seen:
                    outcome.problems.append(
                        Problem(
                            str(path),
                            unit.label,
                            "id",
                            f"case study {slug_of(key)!r} is also in {seen[key]}; "
                            "each case study must come from one file",
                        )
                    )
                else:
                    seen[key] = path
            units.append((unit, outcome))

    # 2. validate each case study on its own, with the context it points at.
    frameworks = {
        node
        for _, o in units
        if o.graph is not None and not o.problems
        for node in o.graph.subjects(RDF.type, SCP.PolicyFramework)
    }
    frameworks |= _stored_frameworks(store, [o.graph for _, o in units if o.graph is not None], frameworks)
    # Validated in parallel (validate_many: in order, in-process for a few), results used as they come;
    # closing() shuts the worker pool down even if this loop stops early.
    contexts = {
        i: _context(o.graph, frameworks)
        for i, (_, o) in enumerate(units)
        if o.graph is not None and not o.problems
    }
    graphs = (units[i][1].graph + context for i, context in contexts.items())
    with closing(validate_many(graphs)) as results:
        for i, (_unit, outcome) in enumerate(units):
            if progress:
                progress(f"validating {outcome.record}", i, len(units))
            if i not in contexts:
                continue
            context = contexts[i]
            result = next(results)
            stubs = set(context.subjects()) - set(outcome.graph.subjects())
            outcome.shacl_report = result.results_graph
            outcome.problems += shacl_problems(outcome.file, outcome.record, result, SH.Violation, stubs)
            outcome.warnings += shacl_problems(outcome.file, outcome.record, result, SH.Warning, stubs)
            if not outcome.problems:
                outcome.content_hash = content_hash(outcome.graph)
                outcome.status = NOT_LOADED

    # 3. load what is valid, unless --strict and something is not.
    invalid = [o for _, o in units if o.problems]
    for _, o in units:
        if o.problems:
            o.status = QUARANTINED
    report.aborted = bool(strict and invalid and store is not None)
    if store is not None and not report.aborted:
        _load(store, [o for _, o in units if o.status == NOT_LOADED], progress)
    if progress:
        progress("writing reports", len(units), len(units))

    report.outcomes = [o for _, o in units]
    report.seconds = time.perf_counter() - clock
    if report_dir is not None:
        write_reports(report, report_dir)
    return report


LOAD_BATCH = 200
"""Case studies per store batch: one round trip (one transaction) each."""


def _load(
    store: CaseStudyStore,
    valid: list[RecordOutcome],
    progress: Callable[[str, int, int], None] | None,
) -> None:
    """Load the valid case studies in batches; unchanged ones (same content hash) are not touched.

    A batch the store refuses is retried one case study at a time, so the record at fault is
    quarantined with the store's message and every other record of that batch still loads.
    """
    loaded = store.case_study_hashes([str(o.case_iri) for o in valid])
    changed = []
    for outcome in valid:
        if loaded.get(str(outcome.case_iri)) == outcome.content_hash:
            outcome.status = UNCHANGED
        else:
            changed.append(outcome)
    for start in range(0, len(changed), LOAD_BATCH):
        batch = changed[start : start + LOAD_BATCH]
        if progress:
            progress(f"loading {batch[0].record}", start, len(changed))
        try:
            store.load_case_studies([_as_load(o) for o in batch])
        except Exception:  # the store's own errors: find the record at fault below
            for outcome in batch:
                try:
                    store.load_case_studies([_as_load(outcome)])
                except Exception as exc:  # report it on the record, keep going
                    outcome.problems.append(
                        Problem(str(outcome.file), outcome.record, "(store)", f"the store refused it: {exc}")
                    )
                    outcome.status = QUARANTINED
                else:
                    outcome.status = LOADED
        else:
            for outcome in batch:
                outcome.status = LOADED


def _as_load(outcome: RecordOutcome) -> CaseStudyLoad:
    if outcome.case_iri is None or outcome.graph is None or outcome.content_hash is None:
        raise ValueError(f"{outcome.record}: only validated, mapped case studies can be loaded")
    return CaseStudyLoad(str(outcome.case_iri), outcome.graph, outcome.content_hash)


def slug_of(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def write_reports(report: RunReport, report_dir: Path) -> None:
    """report.json, one SHACL report per validated case study, and the quarantine copies."""
    report_dir.mkdir(parents=True, exist_ok=True)
    report.report_dir = report_dir
    for outcome in report.outcomes:
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
    "RunReport",
    "UsageError",
    "run",
    "slug",
]
