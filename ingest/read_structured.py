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
from collections.abc import Hashable, Iterable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from scpkg.ingest.files import MAX_DEPTH, MAX_NODES, FileError, decode_text, read_bytes
from scpkg.ingest.records import (
    BodyRecord,
    CaseStudyRecord,
    CoordinationRecord,
    DerivedSourceRecord,
    HotspotRecord,
    OutcomeRecord,
    PolicyRecord,
    Problem,
    SourceRecord,
    TargetRecord,
    Unit,
)
from scpkg.ingest.values import check_values
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
        if not isinstance(key, Hashable):  # `[a, b]: x` or `{a: b}: x`: PyYAML would raise TypeError
            raise yaml.constructor.ConstructorError(
                None, None, "a list or mapping cannot be a field name", key_node.start_mark
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice in one mapping", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StringDateLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)


def parse_json(text: str) -> Any:
    """One JSON document (a file, or one line of a JSON Lines file or an export), with the same refusals
    for every JSON input: FileError with the line if invalid, duplicate keys, NaN, nesting, huge ints."""
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicates, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise FileError(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    except _JSONValueError as exc:
        raise FileError(f"not accepted JSON: {exc}") from exc
    except RecursionError as exc:
        raise FileError(f"values are nested more than {MAX_DEPTH} levels deep (thousands here)") from exc
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise FileError(f"not accepted JSON: {exc}") from exc


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON's objects, refusing a key given twice as YAML's loader does (json keeps the last)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _JSONValueError(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


class _JSONValueError(ValueError):
    """A JSON value scpkg refuses while parsing (a duplicate key, NaN): raised from json's hooks."""


def _refuse_constant(name: str) -> Any:
    raise _JSONValueError(f"{name} is not a number a case study can give (and not standard JSON)")


def _yaml_limits(text: str) -> None:
    """Walk libyaml's event stream (iterative, so nesting cannot overflow the stack) and refuse, before
    anything is built, nesting over MAX_DEPTH and more than MAX_NODES values once aliases are expanded:
    a 600-byte alias bomb expands to billions."""
    depth = expanded = 0
    opened: list[tuple[str | None, int]] = []
    sizes: dict[str, int] = {}
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in sizes:
                raise FileError(f"the YAML alias *{event.anchor} refers to itself or to nothing" + _at(event))
            expanded += sizes[event.anchor]
        elif isinstance(event, yaml.ScalarEvent):
            expanded += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            expanded += 1
            depth += 1
            if depth > MAX_DEPTH:
                raise FileError(
                    f"values are nested more than {MAX_DEPTH} levels deep; a case study needs about six"
                    + _at(event)
                )
            opened.append((event.anchor, expanded))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
            anchor, start = opened.pop()
            if anchor:
                sizes[anchor] = expanded - start + 1
        if expanded > MAX_NODES:
            raise FileError(
                f"the file holds more than {MAX_NODES:,} values once its YAML aliases (*name) are "
                "expanded: far more than any case study (an alias bomb?)" + _at(event)
            )


def _at(event: Any) -> str:
    mark = getattr(event, "start_mark", None)
    return f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""


def parse_structured(path: Path, max_bytes: int, check: bool = True) -> Any:
    """Parse a YAML or JSON file into plain data, raising FileError with the line of any syntax error
    and (unless `check` is off, for a caller that checks record by record) the field of any value no case
    study can mean (`scpkg.ingest.values`)."""
    text = decode_text(read_bytes(path, max_bytes))
    if path.suffix.lower() == ".json":
        data = parse_json(text)  # the refusals every JSON input shares (JSON Lines, exports)
    else:
        try:
            _yaml_limits(text)
            data = yaml.load(text, Loader=_StringDateLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise FileError(f"not valid YAML: {problem}{where}") from exc
        except ValueError as exc:  # a YAML integer of more than 4,300 digits
            raise FileError(f"not accepted YAML: {exc}") from exc
    if check:
        check_values(data)
    return data


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


def _derived(value: Any) -> DerivedSourceRecord | None:
    if not isinstance(value, dict) or not value:
        return None
    return DerivedSourceRecord(
        document=_text(value.get("document")),
        identifier=_opt(value.get("identifier")),
        publisher=_opt(value.get("publisher")),
        url=_opt(value.get("url")),
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
                instrument_types=_values(p.get("instrument_type")),
                jurisdiction_level=p.get("jurisdiction_level"),
                subdivision=p.get("subdivision"),
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
                adopted_on=_opt(p.get("adopted_on")),
                amended_on=_values(p.get("amended_on")),
                amends=_values(p.get("amends")),
                repeals=_values(p.get("repeals")),
                original_title={str(k): str(v).strip() for k, v in (p.get("original_title") or {}).items()},
                urls=_values(p.get("urls")),
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
            urls=_values(src.get("urls")),
            identifier=_opt(src.get("identifier")),
            publisher=_opt(src.get("publisher")),
            derived_from=_derived(src.get("derived_from")),
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
        coordination_mechanisms=[
            CoordinationRecord(
                name=str(c["name"]).strip(),
                country=str(c["country"]),
                kind=_opt(c.get("kind")),
                bodies=[_body(b) for b in c.get("bodies") or []],
            )
            for c in data.get("coordination_mechanisms") or []
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


def unit_from_data(
    data: Any, path: Path, record: str, row_labels: list[str] | None = None, position: str | None = None
) -> Unit:
    """Check the shape and duplicates, then make the unit; problems stay on the unit, never raised.

    `position` is where the record sits in a file of many ("records[3]", "line 7"): the label then
    names both it and the case-study id, so two records of one file are never confused."""
    file = str(path)
    record = position or record
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        return Unit(
            path,
            record,
            problems=[
                Problem(
                    file,
                    record,
                    "(record)" if position else "(file)",
                    f"expected one case study (a mapping), found {kind}",
                )
            ],
        )
    if isinstance(data.get("id"), (str, int)) and str(data["id"]).strip():
        record = f"{position} ({str(data['id']).strip()})" if position else str(data["id"]).strip()
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
    """One YAML/JSON file: one case study, or a list of them (a top-level array), one unit each.

    A list's values are checked record by record, so one record's NUL or NaN-like value quarantines that
    record, not the 49 valid ones beside it (as for JSON Lines and exports)."""
    data = parse_structured(path, max_bytes, check=False)
    if not isinstance(data, list):
        check_values(data)
    from scpkg.ingest import read_observations  # a national report's counts, not case studies of policies

    if read_observations.is_observation_data(data):
        return read_observations.read_observation_data(data, path)
    if isinstance(data, list):
        if not data:
            raise FileError("the file holds an empty list: no case study to read")
        return [_list_item(item, path, f"records[{i}]") for i, item in enumerate(data)]
    return [unit_from_data(data, path, path.name)]


def _list_item(item: Any, path: Path, position: str) -> Unit:
    try:
        check_values(item)
    except FileError as exc:
        label = (
            f"{position} ({item['id']})"
            if isinstance(item, dict) and isinstance(item.get("id"), str)
            else position
        )
        return Unit.refused(path, label, exc.field or "(record)", str(exc))
    return unit_from_data(item, path, path.name, position=position)
