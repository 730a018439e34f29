"""Read YAML and JSON case studies (one per file) and turn the published dictionary shape into records.

The JSON Schema (`case-study.schema.json`) is the contract: every input, spreadsheets included, is
checked against it first, so a value of the wrong type is reported with its field path before any
mapping is tried.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from scpkg.ingest.files import FileError, decode_text, read_bytes
from scpkg.ingest.records import (
    BodyRecord,
    CaseStudyRecord,
    HotspotRecord,
    OutcomeRecord,
    PolicyRecord,
    Problem,
    SourceRecord,
    TargetRecord,
    Unit,
)

SCHEMA_FILE = "case-study.schema.json"


@cache
def schema() -> dict[str, Any]:
    """The published case-study JSON Schema, read from the package so an installed wheel finds it."""
    return json.loads((files("scpkg.ingest") / SCHEMA_FILE).read_text(encoding="utf-8"))


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it: parsing is most of the read stage's time."""


class _StringDateLoader(_SafeLoader):
    """Safe YAML that keeps dates as the strings the author wrote, as JSON input would have them."""


_StringDateLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def _no_duplicate_keys(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    """A key given twice in one mapping is an error: YAML would silently keep the last one."""
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice in one mapping", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StringDateLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)


def parse_structured(path: Path, max_bytes: int) -> Any:
    """Parse a YAML or JSON file into plain data, raising FileError with the line of any syntax error."""
    text = decode_text(read_bytes(path, max_bytes))
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileError(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    try:
        return yaml.load(text, Loader=_StringDateLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FileError(f"not valid YAML: {problem}{where}") from exc


def _path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(case study)"


@cache
def _validator() -> jsonschema.Draft202012Validator:
    """Built once: it compiles the schema's references, and every file is checked against it."""
    return jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())


def schema_problems(data: Any, file: str, record: str) -> list[Problem]:
    """Every schema violation as a Problem naming the field path, ordered by where it is in the file."""
    validator = _validator()
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        message = error.message
        if error.validator == "oneOf" and isinstance(error.instance, (dict, list, str, int, float)):
            message = f"{error.instance!r} is not a valid value here ({error.schema.get('description', '')})"
            message = message.replace(" ()", "")
        if error.validator == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            message += f"; allowed fields: {', '.join(allowed)}"
        problems.append(Problem(file, record, _path(error.absolute_path), message))
    return problems


def _text(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"en": value.strip()}
    return {lang.lower(): text.strip() for lang, text in value.items()}


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _body(value: Any) -> BodyRecord:
    if isinstance(value, str):
        return BodyRecord(name=value.strip())
    return BodyRecord(
        name=value["name"].strip(), ministry_type=value.get("ministry_type"), country=value.get("country")
    )


def record_from_dict(data: dict[str, Any], file: str, row_labels: list[str] | None = None) -> CaseStudyRecord:
    """Build the record from schema-valid data (check `schema_problems` first: this trusts the shape)."""
    src = data["source"]
    policies = []
    for i, p in enumerate(data["policies"]):
        policies.append(
            PolicyRecord(
                id=str(p["id"]).strip(),
                label=row_labels[i] if row_labels else f"policies[{i}]",
                country=p["country"],
                title=_text(p["title"]),
                instrument_type=p["instrument_type"],
                jurisdiction_level=p.get("jurisdiction_level"),
                description=_text(p.get("description")),
                framework_level=p.get("framework_level"),
                part_of_framework=p.get("part_of_framework"),
                life_cycle_stages=_values(p.get("life_cycle_stages")),
                sectors=_values(p.get("sectors")),
                lead_bodies=[_body(b) for b in p.get("lead_bodies", [])],
                participating_bodies=[_body(b) for b in p.get("participating_bodies", [])],
                mea_obligations=_values(p.get("mea_obligations")),
                sdg=_values(p.get("sdg")),
                targets=[
                    TargetRecord(
                        description=_text(t.get("description")),
                        value=t.get("value"),
                        unit=t.get("unit"),
                        deadline=_opt(t.get("deadline")),
                    )
                    for t in p.get("targets", [])
                ],
                outcomes=[
                    OutcomeRecord(
                        indicator=_text(o["indicator"]),
                        baseline=o.get("baseline"),
                        value=o.get("value"),
                        unit=o.get("unit"),
                        date=o.get("date"),
                        description=_text(o.get("description")),
                    )
                    for o in p.get("outcomes", [])
                ],
                adoption_year=_opt(p.get("adoption_year")),
                status=p.get("status"),
                launched_on=p.get("launched_on"),
                programmes=_values(p.get("programmes")),
                addresses_hotspots=_values(p.get("addresses_hotspots")),
            )
        )
    return CaseStudyRecord(
        id=str(data["id"]).strip(),
        title=_text(data.get("title")),
        description=_text(data.get("description")),
        illustrative=bool(data.get("illustrative", False)),
        source=SourceRecord(
            document=_text(src["document"]),
            symbol=src.get("symbol"),
            locator=src.get("locator"),
            url=src.get("url"),
            date=src.get("date"),
            entered_by=src.get("entered_by"),
            entered_on=src.get("entered_on"),
        ),
        policies=policies,
        hotspots=[
            HotspotRecord(
                id=str(h["id"]).strip(),
                sector=h["sector"],
                description=_text(h.get("description")),
                life_cycle_stages=_values(h.get("life_cycle_stages")),
                country=h.get("country"),
            )
            for h in data.get("hotspots", [])
        ],
    )


def duplicate_problems(
    data: dict[str, Any], file: str, record: str, labels: list[str] | None = None
) -> list[Problem]:
    """Two policies (or hotspots) with one id in a case study would silently merge into one IRI."""
    problems = []
    for key in ("policies", "hotspots"):
        seen: dict[str, int] = {}
        for i, item in enumerate(data.get(key, [])):
            ident = str(item.get("id", "")).strip().casefold()
            where = labels[i] if (labels and key == "policies") else f"{key}[{i}]"
            if ident in seen:
                first = labels[seen[ident]] if (labels and key == "policies") else f"{key}[{seen[ident]}]"
                problems.append(
                    Problem(
                        file, record, f"{where}.id", f"duplicate id {item.get('id')!r}: {first} has it too"
                    )
                )
            else:
                seen[ident] = i
    return problems


_POLICY_INDEX = re.compile(r"^policies\[(\d+)\]\.?")


def _relabel(problem: Problem, labels: list[str]) -> Problem:
    """Spreadsheet authors think in rows: 'policies[3].sdg' becomes 'row 5, sdg'."""
    match = _POLICY_INDEX.match(problem.field)
    if not match or int(match[1]) >= len(labels):
        return problem
    rest = problem.field[match.end() :]
    where = f"{labels[int(match[1])]}, {rest}" if rest else labels[int(match[1])]
    return Problem(problem.file, problem.record, where, problem.message)


def unit_from_data(data: Any, path: Path, record: str, row_labels: list[str] | None = None) -> Unit:
    """Check the shape and duplicates, then make the unit; problems stay on the unit, never raised."""
    file = str(path)
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        return Unit(
            path,
            record,
            problems=[Problem(file, record, "(file)", f"expected one case study (a mapping), found {kind}")],
        )
    if isinstance(data.get("id"), (str, int)) and str(data["id"]).strip():
        record = str(data["id"]).strip()
    problems = schema_problems(data, file, record)
    if row_labels:
        problems = [_relabel(p, row_labels) for p in problems]
    if not problems:
        problems = duplicate_problems(data, file, record, row_labels)
    if problems:
        return Unit(path, record, problems=problems)
    return Unit(path, record, record=record_from_dict(data, file, row_labels))


def read_structured(path: Path, max_bytes: int) -> list[Unit]:
    """One YAML/JSON file: one case study."""
    data = parse_structured(path, max_bytes)
    return [unit_from_data(data, path, path.name)]
