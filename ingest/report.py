"""Write what a run found: a JSON report for machines, SHACL reports as Turtle, and the quarantine.

Layout of a report directory (default `./scpkg-reports/<UTC timestamp>/`):

    report.json                       every record's status, problems and warnings, and the counts
    shacl/<case-study-slug>.ttl       pySHACL's validation report for each validated case study
    quarantine/<file name>            a copy of each file with a quarantined record...
    quarantine/<file name>.report.json  ...and the problems that put it there
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scpkg.ingest.pipeline import RecordOutcome, RunReport


def _unique(directory: Path, name: str) -> Path:
    """Two inputs with one file name (from different folders) must not overwrite each other's copy."""
    candidate = directory / name
    n = 1
    while candidate.exists():
        n += 1
        candidate = directory / f"{Path(name).stem}-{n}{Path(name).suffix}"
    return candidate


MAX_NAME = 100
"""Characters of a report file's name taken from a case study's IRI (file systems allow 255 bytes)."""


def _bounded(name: str) -> str:
    """A file name from an IRI's last segment: path separators out, long ones cut and told apart by a hash."""
    name = name.replace("/", "_").replace("\\", "_") or "case-study"
    if len(name.encode("utf-8")) <= MAX_NAME:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return name.encode("utf-8")[: MAX_NAME - 13].decode("utf-8", "ignore") + "-" + digest


def write_shacl_report(report_dir: Path, outcome: RecordOutcome) -> str | None:
    if outcome.shacl_report is None:
        return None
    shacl_dir = report_dir / "shacl"
    shacl_dir.mkdir(parents=True, exist_ok=True)
    name = _bounded(outcome.case_iri.rsplit("/", 1)[-1] if outcome.case_iri else outcome.record) + ".ttl"
    target = _unique(shacl_dir, name)
    outcome.shacl_report.serialize(destination=target, format="turtle")
    return str(target.relative_to(report_dir))


def write_quarantine(report_dir: Path, file: Path, outcomes: list[RecordOutcome]) -> str:
    """Copy the input and its problems side by side, so the author gets back exactly what was refused."""
    quarantine = report_dir / "quarantine"
    quarantine.mkdir(parents=True, exist_ok=True)
    target = _unique(quarantine, file.name)
    try:
        shutil.copyfile(file, target)
    except OSError as exc:
        target.with_name(target.name + ".unreadable").write_text(
            f"could not copy {file}: {exc}\n", encoding="utf-8"
        )
    body = {
        "file": str(file),
        "records": [o.as_dict() for o in outcomes],
    }
    target.with_name(target.name + ".report.json").write_text(
        json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return str(target.relative_to(report_dir))


def write_json(report_dir: Path, report: RunReport) -> Path:
    path = report_dir / "report.json"
    data: dict[str, Any] = report.as_dict()
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
