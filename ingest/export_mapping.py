"""Declarative mappings from a partner platform's export to case studies, so an export maps in without code.

A mapping file (YAML, format in `ingest/mappings/README.md`) says where the records are, which export
field feeds which case-study field, how export values translate to our codes, and what to default.
Each export record becomes one ordinary case-study dictionary (one policy), which then goes the usual
way (schema check, record, RDF, SHACL, load): every error is the usual one, with the field named as
`fieldInExport → case-study field`. Values a map does not know are never dropped unsaid: a warning
(or an error, per field) names the record, the field, the value and the values the map knows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from scpkg.ingest.files import FileError, decode_text, read_bytes
from scpkg.ingest.read_lines import json_lines
from scpkg.ingest.read_structured import parse_json, schema, unit_from_data
from scpkg.ingest.records import Problem, Unit
from scpkg.ingest.values import check_values
from scpkg.iris import slug

FORMATS = {"json": (".json",), "jsonl": (".jsonl", ".ndjson"), "csv": (".csv",)}
"""Where a mapping's records can come from, and the file suffixes of each."""

TOP_KEYS = {"name", "description", "records", "fields", "defaults", "constants"}
RECORDS_KEYS = {"format", "path"}
RULE_KEYS = {"from", "template", "value", "map", "unmapped", "language", "language_from", "dates", "split"}
UNMAPPED = ("warn", "error", "ignore", "keep")
"""What to do with a value the field's map does not know: warn (default, value left out), error
(record quarantined), ignore (left out, declared on purpose), keep (passed on as it is)."""

CASE_PREFIX, SOURCE_PREFIX, DERIVED_PREFIX = "case.", "source.", "source.derived_from."
ISO_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
_PATH = re.compile(r"^[^.\[\]\s{}]+(\[(\*|[0-9]+)\])*(\.[^.\[\]\s{}]+(\[(\*|[0-9]+)\])*)*$")
_STEP = re.compile(r"([^.\[\]]+)|\[(\*|[0-9]+)\]")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[A-Za-z0-9]{1,8})*$")


class MappingError(Exception):
    """The mapping file itself is wrong: nothing is read with it (exit 2)."""


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return _resolve(schema()["$defs"][ref.rsplit("/", 1)[-1]])
    return node


def _is_list(node: dict[str, Any]) -> bool:
    node = _resolve(node)
    return node.get("type") == "array" or any(_is_list(n) for n in node.get("oneOf", []))


def _is_text(node: dict[str, Any]) -> bool:
    node = _resolve(node)
    return (
        any(_resolve(n).get("type") == "object" for n in node.get("oneOf", []))
        or node.get("type") == "object"
    )


@cache
def targets() -> dict[str, dict[str, Any]]:
    """Every case-study field a mapping may fill, read from the published schema (never restated):
    policy fields bare (`title`), case-study fields as `case.x`, source fields as `source.x`."""
    s = schema()
    out: dict[str, dict[str, Any]] = {}
    for name, node in s["$defs"]["policy"]["properties"].items():
        if name not in ("targets", "outcomes", "lead_bodies", "participating_bodies"):
            out[name] = node
    for name, node in s["properties"].items():
        if name not in ("source", "policies", "hotspots"):
            out[CASE_PREFIX + name] = node
    source = _resolve(s["properties"]["source"])
    for name, node in source["properties"].items():
        derived = _resolve(node)
        if name == "derived_from" and "properties" in derived:
            for sub, subnode in derived["properties"].items():
                out[DERIVED_PREFIX + sub] = subnode
        else:
            out[SOURCE_PREFIX + name] = node
    return out


@dataclass(frozen=True)
class Rule:
    """How one case-study field is filled from an export record."""

    target: str
    sources: tuple[str, ...] = ()
    template: str | None = None
    value: Any = None
    value_map: dict[str, Any] | None = None
    unmapped: str = "warn"
    language: str | None = None
    language_from: str | None = None
    dates: tuple[str, ...] = ()
    split: str | None = None

    @property
    def named(self) -> str:
        """The export side of the field, as problems print it: `dateOfText`, `isRepealed/status`."""
        if self.sources:
            return "/".join(self.sources)
        if self.template is not None:
            return repr(self.template)
        return "(constant)"


@dataclass
class ExportMapping:
    """A validated mapping file: where the records are and how each becomes a case study."""

    name: str
    file: str
    format: str
    path: str | None
    rules: dict[str, Rule]
    defaults: dict[str, Any] = field(default_factory=dict)
    description: str = ""

    def read(self, path: Path, max_bytes: int) -> list[Unit]:
        """One unit per export record (pipeline reader signature)."""
        if path.suffix.lower() not in FORMATS[self.format]:
            raise FileError(
                f"the mapping {self.name!r} reads {self.format} exports "
                f"({', '.join(FORMATS[self.format])}), not {path.suffix or 'a file without suffix'}"
            )
        units = []
        for label, record in self._records(path, max_bytes):
            if isinstance(record, dict):
                try:  # the values no case study can mean (NaN, NUL, surrogates), refused as for any file
                    check_values(record)
                except FileError as exc:
                    record = exc
            if isinstance(record, FileError):
                where = record.field or "(record)"
                units.append(Unit.refused(path, label, where, str(record)))
            elif not isinstance(record, dict):
                kind = type(record).__name__ if record is not None else "nothing"
                units.append(
                    Unit.refused(path, label, "(record)", f"expected a record (a mapping), found {kind}")
                )
            else:
                units.append(self.unit(record, path, label))
        return units

    def _records(self, path: Path, max_bytes: int) -> Iterator[tuple[str, Any]]:
        if self.format == "jsonl":
            yield from json_lines(path, max_bytes)
            return
        text = decode_text(read_bytes(path, max_bytes))
        if self.format == "csv":
            try:
                reader = csv.DictReader(io.StringIO(text, newline=""))
                rows = list(reader)
            except csv.Error as exc:
                raise FileError(f"not valid CSV: {exc}") from exc
            for number, row in enumerate(rows, start=2):
                if None in row:
                    yield f"row {number}", FileError("the row has more cells than the header has columns")
                elif any((v or "").strip() for v in row.values()):
                    yield f"row {number}", {k: (v.strip() or None) if v else None for k, v in row.items()}
            return
        data = parse_json(text)
        where = self.path or "records"
        found = _lookup(data, self.path) if self.path else [data]
        if len(found) != 1 or not isinstance(found[0], list):
            raise FileError(
                f"the mapping {self.name!r} expects a list of records at {where!r}"
                + ("" if self.path else " (the top level)")
                + f", found {type(found[0]).__name__ if found else 'nothing'}"
            )
        if not found[0]:
            raise FileError(f"the list of records at {where!r} is empty")
        for i, record in enumerate(found[0]):
            yield f"{where}[{i}]", record

    def unit(self, record: dict[str, Any], path: Path, label: str) -> MappedUnit:
        """The case study of one export record, checked the usual way, problems named both ways."""
        built = _Builder(self, record, str(path), label)
        data = built.case_study()
        unit = unit_from_data(data, path, path.name, position=label)
        mapped = MappedUnit(path, unit.label, unit.record, problems=[], field_source=built.field_source)
        mapped.problems = [
            mapped.relabel(p) for p in [_named(p, unit.label) for p in built.problems] + unit.problems
        ]
        mapped.warnings = [_named(p, unit.label) for p in built.warnings]
        return mapped


def _named(problem: Problem, label: str) -> Problem:
    return Problem(problem.file, label, problem.field, problem.message)


@dataclass
class MappedUnit(Unit):
    """A unit made by an export mapping: it knows which export field each case-study field came from."""

    warnings: list[Problem] = field(default_factory=list)
    field_source: dict[str, str] = field(default_factory=dict)

    def relabel(self, problem: Problem) -> Problem:
        """'policies[0].country' → 'country → policies[0].country': both names, so either can be fixed."""
        if "→" in problem.field:
            return Problem(problem.file, self.label, problem.field, problem.message)
        best = ""
        for path in self.field_source:
            f = problem.field
            if (f == path or f.startswith(path + ".") or f.startswith(path + "[")) and len(path) > len(best):
                best = path
        where = f"{self.field_source[best]} → {problem.field}" if best else problem.field
        return Problem(problem.file, self.label, where, problem.message)


class _Builder:
    """Applies a mapping's rules to one export record, collecting problems and warnings as it goes."""

    def __init__(self, mapping: ExportMapping, record: dict[str, Any], file: str, label: str) -> None:
        self.mapping, self.record, self.file, self.label = mapping, record, file, label
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.field_source: dict[str, str] = {}

    def say(self, rule: Rule, where: str, message: str, error: bool) -> None:
        (self.problems if error else self.warnings).append(
            Problem(self.file, self.label, f"{rule.named} → {where}", message)
        )

    def case_study(self) -> dict[str, Any]:
        data: dict[str, Any] = {"source": {}, "policies": [{}]}
        for target, rule in self.mapping.rules.items():
            value = self.apply(rule, _where(target))
            if value is None and target in self.mapping.defaults:
                value = self.mapping.defaults[target]
            self.field_source[_where(target)] = rule.named
            if value is not None:
                _put(data, target, value)
        for target, value in self.mapping.defaults.items():
            if target not in self.mapping.rules:
                _put(data, target, value)
        return data

    def values(self, rule: Rule, where: str) -> list[tuple[str, Any]]:
        """(export field, raw value) pairs, lists flattened, blanks left out (an empty cell says nothing)."""
        out: list[tuple[str, Any]] = []
        if rule.template is not None:
            text = self.fill(rule, where)
            return [] if text is None else [(rule.named, text)]
        if rule.value is not None:
            return [(rule.named, v) for v in (rule.value if isinstance(rule.value, list) else [rule.value])]
        for source in rule.sources:
            for value in _lookup(self.record, source):
                items = value if isinstance(value, list) else [value]
                for item in items:
                    if isinstance(item, str) and rule.split:
                        out += [(source, part.strip()) for part in item.split(rule.split) if part.strip()]
                    elif isinstance(item, str) and not item.strip():
                        continue
                    elif item is not None:
                        out.append((source, item.strip() if isinstance(item, str) else item))
        return out

    def fill(self, rule: Rule, where: str) -> str | None:
        assert rule.template is not None
        parts: dict[str, str] = {}
        for name in _PLACEHOLDER.findall(rule.template):
            found = [v for v in _lookup(self.record, name) if v is not None and str(v).strip()]
            if len(found) != 1 or isinstance(found[0], (list, dict)):
                state = "is empty or missing" if not found else "does not hold one value"
                self.say(rule, where, f"the template's field {name!r} {state} in this record", error=True)
                return None
            parts[name] = str(found[0]).strip()
        text = _PLACEHOLDER.sub(lambda m: parts[m[1]], rule.template)
        if rule.target == CASE_PREFIX + "id":
            try:
                return slug(text)
            except ValueError as exc:
                self.say(rule, where, str(exc), error=True)
                return None
        return text

    def translate(self, rule: Rule, where: str, source: str, value: Any) -> list[Any]:
        """The value through the field's map (and date formats); [] when it maps to nothing."""
        if rule.value_map is not None:
            key = _key(value)
            if key in rule.value_map:
                mapped = rule.value_map[key]
                return [] if mapped is None else (list(mapped) if isinstance(mapped, list) else [mapped])
            if rule.unmapped != "keep":
                if rule.unmapped != "ignore":
                    known = ", ".join(sorted({repr(k) for k in rule.value_map}))
                    verb = "quarantined" if rule.unmapped == "error" else "left out"
                    self.say(
                        rule,
                        where,
                        f"{source} value {value!r} is not in the mapping's map for {rule.target} ({verb}); "
                        f"mapped values: {known}",
                        error=rule.unmapped == "error",
                    )
                return []
        if rule.dates and isinstance(value, str):
            return [_date(value, rule.dates)]
        return [value]

    def apply(self, rule: Rule, where: str) -> Any:
        node = targets()[rule.target]
        mapped: list[Any] = []
        for source, value in self.values(rule, where):
            for item in self.translate(rule, where, source, value):
                if item not in mapped:
                    mapped.append(item)
        if rule.language_from is not None or rule.language is not None:
            return self.texts(rule, where, mapped)
        if not mapped:
            return None
        if _is_list(node):
            return mapped
        if len(mapped) > 1:
            self.say(
                rule,
                where,
                f"the export gives several values for this single-valued field: "
                f"{', '.join(map(repr, mapped))}; the mapping cannot choose one",
                error=True,
            )
            return None
        return mapped[0]

    def texts(self, rule: Rule, where: str, mapped: list[Any]) -> dict[str, str] | None:
        if not mapped:
            return None
        if len(mapped) > 1:
            self.say(rule, where, f"several texts for one field: {', '.join(map(repr, mapped))}", error=True)
            return None
        language = rule.language
        if rule.language_from is not None:
            found = [str(v).strip() for v in _lookup(self.record, rule.language_from) if str(v or "").strip()]
            if not found:
                self.say(
                    rule,
                    where,
                    f"the text {mapped[0]!r} has no language ({rule.language_from} is empty), "
                    "so it is left out",
                    error=False,
                )
                return None
            language = found[0]
        return {str(language): str(mapped[0])}


def _key(value: Any) -> str:
    """Map keys and export values compared as text, case and spacing aside ('Ban', ' ban', True)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split()).casefold()


def _date(value: str, formats: tuple[str, ...]) -> str:
    """An export date in one of the mapping's declared formats, as YYYY, YYYY-MM or YYYY-MM-DD (the
    precision the format has); anything else goes on as written, for the schema to report."""
    if ISO_DATE.match(value):
        return value
    for fmt in formats:
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        if "%d" in fmt:
            return parsed.date().isoformat()
        return f"{parsed.year:04d}-{parsed.month:02d}" if "%m" in fmt or "%b" in fmt else f"{parsed.year:04d}"
    return value


def _where(target: str) -> str:
    """The case-study path a target fills, as the schema and the mapper name it."""
    if target.startswith(CASE_PREFIX):
        return target[len(CASE_PREFIX) :]
    if target.startswith(SOURCE_PREFIX):
        return target
    return f"policies[0].{target}"


def _put(data: dict[str, Any], target: str, value: Any) -> None:
    if target.startswith(CASE_PREFIX):
        data[target[len(CASE_PREFIX) :]] = value
    elif target.startswith(DERIVED_PREFIX):
        data["source"].setdefault("derived_from", {})[target[len(DERIVED_PREFIX) :]] = value
    elif target.startswith(SOURCE_PREFIX):
        data["source"][target[len(SOURCE_PREFIX) :]] = value
    else:
        data["policies"][0][target] = value


def _lookup(data: Any, path: str) -> list[Any]:
    """Values at a dotted path ('sourceRecord.id', 'links[0]', 'meas[*].name'); [] where nothing is."""
    current = [data]
    for name, index in _STEP.findall(path):
        following: list[Any] = []
        for item in current:
            if name:
                if isinstance(item, dict) and name in item:
                    following.append(item[name])
            elif not isinstance(item, list):  # one value where a list may be: a list of one
                if index in ("*", "0") and item is not None:
                    following.append(item)
            elif index == "*":
                following.extend(item)
            elif int(index) < len(item):
                following.append(item[int(index)])
        current = following
    return current


# -- loading and checking a mapping file ---------------------------------------------------------------


def shipped() -> dict[str, Path]:
    """The mappings shipped with scpkg, by name (`--mapping legislation-export`)."""
    folder = files("scpkg.ingest") / "mappings"
    return {
        entry.name.rsplit(".", 1)[0]: Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith((".yaml", ".yml"))
    }


def find(name_or_path: str) -> Path:
    """A mapping file given by path, or a shipped one by name; MappingError listing both otherwise."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    known = shipped()
    if name_or_path in known:
        return known[name_or_path]
    raise MappingError(
        f"{name_or_path}: no such mapping file, and no shipped mapping of that name "
        f"(shipped: {', '.join(sorted(known)) or 'none'})"
    )


def load(name_or_path: str) -> ExportMapping:
    """Read and check a mapping file: unknown keys, bad paths and bad values are refused, naming the file
    and the key, before any export is read."""
    path = find(name_or_path)
    file = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"{file}: cannot read the mapping: {exc}") from exc
    except yaml.YAMLError as exc:
        raise MappingError(f"{file}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise MappingError(
            f"{file}: a mapping file is a YAML mapping with keys {', '.join(sorted(TOP_KEYS))}"
        )
    _unknown(file, "", data, TOP_KEYS)
    records = data.get("records") or {}
    if not isinstance(records, dict):
        raise MappingError(f"{file}: records: expected a mapping with keys format and path")
    _unknown(file, "records.", records, RECORDS_KEYS)
    fmt = records.get("format", "json")
    if fmt not in FORMATS:
        raise MappingError(f"{file}: records.format: {fmt!r} is not one of {', '.join(FORMATS)}")
    record_path = records.get("path")
    if record_path is not None:
        if fmt != "json":
            raise MappingError(f"{file}: records.path: only a json export has records at a path")
        _check_path(file, "records.path", record_path)
    known = targets()
    rules: dict[str, Rule] = {}
    for key in ("fields", "constants", "defaults"):
        section = data.get(key) or {}
        if not isinstance(section, dict):
            raise MappingError(f"{file}: {key}: expected a mapping of case-study fields")
        for target in section:
            if target not in known:
                raise MappingError(
                    f"{file}: {key}.{target}: not a case-study field; allowed: {', '.join(sorted(known))}"
                )
    for target, spec in (data.get("fields") or {}).items():
        rules[target] = _rule(file, target, spec)
    for target, value in (data.get("constants") or {}).items():
        if target in rules:
            raise MappingError(f"{file}: constants.{target}: also given under fields; give it once")
        rules[target] = Rule(target, value=value)
    for required in (CASE_PREFIX + "id", "id"):
        if required not in rules:
            raise MappingError(
                f"{file}: fields.{required}: required (every case study and policy needs an id, "
                'e.g. a template like "{{platform}}-{{id}}")'
            )
    return ExportMapping(
        name=str(data.get("name") or path.stem),
        file=file,
        format=fmt,
        path=record_path,
        rules=rules,
        defaults=dict(data.get("defaults") or {}),
        description=str(data.get("description") or ""),
    )


def _unknown(file: str, prefix: str, data: dict[str, Any], allowed: set[str]) -> None:
    extra = sorted(str(k) for k in data if k not in allowed)
    if extra:
        raise MappingError(
            f"{file}: {prefix}{extra[0]}: unknown key; allowed here: {', '.join(sorted(allowed))}"
        )


def _check_path(file: str, key: str, path: Any) -> None:
    if not isinstance(path, str) or not _PATH.match(path):
        raise MappingError(
            f"{file}: {key}: {path!r} is not a field path "
            "(dotted names with [N] or [*], e.g. sourceRecord.id, links[*])"
        )


def _rule(file: str, target: str, spec: Any) -> Rule:
    key = f"fields.{target}"
    if isinstance(spec, str):
        spec = {"from": spec}
    if not isinstance(spec, dict):
        raise MappingError(
            f"{file}: {key}: expected a field path or a mapping with keys {', '.join(sorted(RULE_KEYS))}"
        )
    _unknown(file, key + ".", spec, RULE_KEYS)
    sources = spec.get("from")
    sources = [] if sources is None else ([sources] if isinstance(sources, str) else sources)
    if not isinstance(sources, list):
        raise MappingError(f"{file}: {key}.from: expected a field path or a list of them")
    for i, source in enumerate(sources):
        _check_path(file, f"{key}.from" + (f"[{i}]" if len(sources) > 1 else ""), source)
    given = [k for k in ("from", "template", "value") if spec.get(k) is not None]
    if len(given) != 1:
        raise MappingError(
            f"{file}: {key}: give exactly one of from, template or value "
            f"(found: {', '.join(given) or 'none'})"
        )
    template = spec.get("template")
    if template is not None:
        if not isinstance(template, str) or not _PLACEHOLDER.search(template):
            raise MappingError(f'{file}: {key}.template: {template!r} names no field (write e.g. "{{id}}")')
        for name in _PLACEHOLDER.findall(template):
            _check_path(file, f"{key}.template", name)
    value_map = spec.get("map")
    if value_map is not None:
        if not isinstance(value_map, dict):
            raise MappingError(f"{file}: {key}.map: expected a mapping from export values to our codes")
        for mapped in value_map.values():
            items = mapped if isinstance(mapped, list) else [mapped]
            if not all(item is None or isinstance(item, (str, int, bool)) for item in items):
                raise MappingError(f"{file}: {key}.map: {mapped!r} is not a code, a list of codes or null")
        value_map = {_key(k): v for k, v in value_map.items()}
    unmapped = spec.get("unmapped", "warn")
    if unmapped not in UNMAPPED:
        raise MappingError(f"{file}: {key}.unmapped: {unmapped!r} is not one of {', '.join(UNMAPPED)}")
    if value_map is None and "unmapped" in spec:
        raise MappingError(f"{file}: {key}.unmapped: only a field with a map has unmapped values")
    language = spec.get("language")
    if language is not None and not (isinstance(language, str) and _LANGUAGE.match(language)):
        raise MappingError(f"{file}: {key}.language: {language!r} is not a language tag (en, es, zh, ...)")
    language_from = spec.get("language_from")
    if language_from is not None:
        _check_path(file, f"{key}.language_from", language_from)
    if (language or language_from) and not _is_text(targets()[target]):
        raise MappingError(f"{file}: {key}: {target} is not a text field, so it takes no language")
    dates = spec.get("dates") or []
    if not isinstance(dates, list) or not all(isinstance(d, str) and "%" in d for d in dates):
        raise MappingError(f'{file}: {key}.dates: expected a list of date formats such as "%d/%m/%Y"')
    split = spec.get("split")
    if split is not None and (not isinstance(split, str) or not split):
        raise MappingError(f'{file}: {key}.split: expected the separator, e.g. ";"')
    return Rule(
        target,
        sources=tuple(sources),
        template=template,
        value=spec.get("value"),
        value_map=value_map,
        unmapped=unmapped,
        language=language,
        language_from=language_from,
        dates=tuple(dates),
        split=split,
    )
