"""Read YAML and JSON case studies (one per file) and turn the published dictionary shape into records.

The JSON Schema (`case-study.schema.json`) is the contract: every input, spreadsheets included, is
checked against it. A record's problems are all reported in one pass: fields the schema refuses are
reported (in words, never as a regex) and left out, and the rest of the record is still mapped, so an
unknown sector is reported beside a malformed date instead of after it is fixed.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
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
from scpkg.iris import slug

SCHEMA_FILE = "case-study.schema.json"


@cache
def schema() -> dict[str, Any]:
    """The published case-study JSON Schema, read from the package so an installed wheel finds it."""
    return json.loads((files("scpkg.ingest") / SCHEMA_FILE).read_text(encoding="utf-8"))


def year_range() -> tuple[int, int]:
    """The years a case study may give (adoption years, deadlines), from the published schema: the
    one place they are set; the shapes and the template are checked against it (tests/ingest)."""
    number = next(b for b in schema()["$defs"]["year"]["oneOf"] if b.get("type") == "integer")
    return int(number["minimum"]), int(number["maximum"])


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


_KINDS = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
          "array": "a list", "object": "a mapping of fields"}  # fmt: skip


def _errors(data: Any) -> list[jsonschema.ValidationError]:
    """Schema violations ordered by where they are in the file."""
    return sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))


def _where(error: jsonschema.ValidationError) -> str:
    """The field at fault; for a missing field, the missing field itself."""
    parts = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.validator_value, list):
        present = error.instance if isinstance(error.instance, dict) else {}
        parts += [f for f in error.validator_value if f not in present][:1]
    return _path(parts)


def _message(error: jsonschema.ValidationError) -> str:
    """The violation in words a policy researcher reads: the schema's own sentence for the value's
    definition (`x-message`), never the regular expression behind it."""
    value, kind = error.instance, error.validator
    template = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    if template and kind in ("pattern", "oneOf", "anyOf", "minimum", "maximum", "type", "minLength"):
        return str(template).format(value=repr(value))
    if kind == "required":
        missing = [f for f in error.validator_value if isinstance(value, dict) and f not in value]
        return f"the required field {missing[0] if missing else error.validator_value!r} is missing"
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        return f"{', '.join(map(repr, extra))} is not a field here; allowed fields: {', '.join(allowed)}"
    if kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        return f"{value!r} should be {' or '.join(_KINDS.get(t, t) for t in expected)}"
    if kind == "format" and error.validator_value == "uri":
        return f"{value!r} is not a web address (e.g. https://undocs.org/...)"
    if kind in ("minItems", "minProperties"):
        return "this needs at least one entry"
    if kind in ("oneOf", "anyOf"):
        described = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
        return f"{value!r} is not a valid value here" + (f" ({described})" if described else "")
    if kind in ("minimum", "maximum"):
        return f"{value!r} is {'below' if kind == 'minimum' else 'above'} the {kind} {error.validator_value}"
    return error.message


def schema_problems(data: Any, file: str, record: str) -> list[Problem]:
    """Every schema violation as a Problem naming the field path, ordered by where it is in the file."""
    return [Problem(file, record, _where(e), _message(e)) for e in _errors(data)]


def _prune(data: dict[str, Any], errors: Iterable[jsonschema.ValidationError]) -> dict[str, Any]:
    """The record without the values the schema refused, so the rest can still be mapped and checked.
    Required fields stay (they are reported already; mapping them again adds nothing wrong) and
    missing ones get a blank, unknown fields go, and a bad list item takes its list with it (indexes
    of the others must not shift)."""
    pruned = copy.deepcopy(data)
    for error in errors:
        if error.validator == "required":
            continue
        parts = list(error.absolute_path)
        if error.validator == "additionalProperties":
            target = _get(pruned, parts)
            if isinstance(target, dict):
                for extra in set(target) - set(error.schema.get("properties", {})):
                    target.pop(extra, None)
            continue
        while parts and isinstance(parts[-1], int) and not _is_record_list(parts):
            parts.pop()
        if not parts or isinstance(parts[-1], int):
            continue
        parent = _get(pruned, parts[:-1])
        if isinstance(parent, dict):
            parent.pop(parts[-1], None)
    # What pruning removed but the schema requires goes back: it is reported, and needed to map the rest.
    for error in _errors(pruned):
        if error.validator == "required" and isinstance(error.instance, dict):
            original = _get(data, list(error.absolute_path))
            target = _get(pruned, list(error.absolute_path))
            if isinstance(original, dict) and isinstance(target, dict):
                for name in error.validator_value:
                    if name in original and name not in target:
                        target[name] = original[name]
                    elif name not in target:  # missing (reported): a blank stands in, so the rest maps
                        target[name] = ""
    return pruned


def _is_record_list(parts: list[Any]) -> bool:
    """policies[i], hotspots[i], targets[i]...: lists of records, whose items are never dropped."""
    return len(parts) >= 2 and parts[-2] in ("policies", "hotspots", "targets", "outcomes", "lead_bodies",
                                             "participating_bodies")  # fmt: skip


def _get(data: Any, parts: list[Any]) -> Any:
    for part in parts:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


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
            try:
                ident = slug(str(item.get("id", "")))  # one IRI per slug: "Law 77-15" is "law_77_15"
            except ValueError:
                continue
            where = labels[i] if (labels and key == "policies") else f"{key}[{i}]"
            if ident in seen:
                first = labels[seen[ident]] if (labels and key == "policies") else f"{key}[{seen[ident]}]"
                problems.append(
                    Problem(
                        file,
                        record,
                        f"{where}.id",
                        f"id {item.get('id')!r} gives the same IRI as {first}'s id "
                        f"{data[key][seen[ident]].get('id')!r} (ids differing only in case, spaces, '-' or "
                        "'_' are one id): the two would merge into one; rename one of them",
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
    usable = _prune(data, _errors(data)) if problems else data
    try:
        built = record_from_dict(usable, file, row_labels)
    except (KeyError, TypeError, AttributeError, ValueError):  # too broken to map: its problems say why
        return Unit(path, record, problems=problems)
    problems += duplicate_problems(usable, file, record, row_labels)
    return Unit(path, record, record=built, problems=problems)


def read_structured(path: Path, max_bytes: int) -> list[Unit]:
    """One YAML/JSON file: one case study."""
    data = parse_structured(path, max_bytes)
    return [unit_from_data(data, path, path.name)]
