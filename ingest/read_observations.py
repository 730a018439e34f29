"""Read country-level reported observations (SDG 12.1.1 national reporting) without inventing policies.

A national report says "3 regulatory instruments, a coordination mechanism" and names none of them.
Such a file is a YAML/JSON mapping with a top-level ``observations:`` list, or a CSV with the columns
``country, year, category, value, source`` (``url``, ``note`` optional). Each file becomes case
studies like any other (content-hashed, replaced, retracted, provenance by named graph): one per
source document, each holding one ``scp:ReportedObservation`` per (country, year, item, source).
A bad row is a problem naming the file, the row and the field, and quarantines the case study it
belongs to (as a bad policy does), never the other sources' case studies.
docs/decisions/20261202-reported-observations.md
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS

from scpkg.ingest.files import FileError, decode_text, read_bytes
from scpkg.ingest.mapping import case_study_iri, field_path, map_case_study, resolve_country
from scpkg.ingest.records import CaseStudyRecord, Problem, SourceRecord, Unit
from scpkg.ingest.vocab import Resolver, UnknownValueError, default_resolver
from scpkg.iris import country as country_iri
from scpkg.iris import instance, slug
from scpkg.ontology.namespace import SCP

KEY = "observations"
"""The top-level key that makes a YAML/JSON file a file of reported observations."""

COLUMNS = ("country", "year", "category", "value", "source")
"""The CSV columns every observation file has (detected by these, with no case_id column)."""
OPTIONAL_COLUMNS = ("url", "note", "illustrative")
"""``illustrative``: yes/true on any row of a source marks that source's case study illustrative."""
CSV_LOCATOR = "indicator 12.1.1"
"""Where in a national report the CSV's rows are: a CSV has no column for it, and the rows are the
indicator's answers."""

ITEM_VOCABULARIES = ("sdg-12-1-1", "sdg-12-1-1-item")
"""Where a category is looked up: the four instrument categories, then coordination-mechanism."""

_YES = {"yes", "y", "true", "x", "1 (yes)", "oui", "sí", "si", "是"}
_NO = {"no", "n", "false", "non", "否"}
_YEARS = (1800, 2100)


def is_observation_data(data: Any) -> bool:
    """A mapping with a top-level ``observations`` key (and no ``policies``)."""
    return isinstance(data, dict) and KEY in data and "policies" not in data


def is_observation_header(header: list[str]) -> bool:
    """A CSV header with every observation column and no case_id (which case-study sheets have)."""
    names = {h.strip().casefold() for h in header}
    return set(COLUMNS) <= names and "case_id" not in names


def csv_header(path: Path, max_bytes: int) -> list[str]:
    """The first CSV line's columns, to tell an observation file from a case-study sheet."""
    text = decode_text(read_bytes(path, max_bytes))
    try:
        return next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        return []


@dataclass
class _Case:
    """The observations of one source document, and what was wrong with them."""

    record: CaseStudyRecord
    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _parse_value(raw: Any) -> int | bool | str | None:
    """An integer >= 0, a yes/no flag, or the reason it is neither (a str starting with '!')."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int):
        return raw if raw >= 0 else f"!{raw} is negative: a count is 0 or more"
    if isinstance(raw, float):
        if raw.is_integer() and raw >= 0:
            return int(raw)
        return f"!{raw} is not a whole number of instruments"
    text = _text(raw)
    if text is None:
        return "!no value: give a count (0, 1, 2...) or yes/no"
    low = text.casefold()
    if low in _YES:
        return True
    if low in _NO:
        return False
    if low.lstrip("+").isdigit():
        return int(low)
    if low.startswith("-") and low[1:].isdigit():
        return f"!{text} is negative: a count is 0 or more"
    return f"!{text!r} is neither a count (0, 1, 2...) nor yes/no"


class _Reader:
    def __init__(self, path: Path, resolver: Resolver) -> None:
        self.path, self.file, self.resolver = path, str(path), resolver

    def item(self, value: str) -> URIRef:
        suggestions: list[str] = []
        allowed: list[str] = []
        for name in ITEM_VOCABULARIES:
            try:
                return self.resolver.resolve(name, value)
            except UnknownValueError as exc:
                suggestions += exc.suggestions
                allowed += exc.allowed
        raise UnknownValueError("12.1.1 category", value, suggestions[:3], allowed)

    def unit(self, case: _Case) -> Unit:
        record, file = case.record, self.file
        problems: list[Problem] = []
        mapped = map_case_study(record, file, self.resolver)
        problems += mapped.problems
        graph = mapped.graph
        seen: dict[tuple[str, str, str, str], str] = {}
        for label, row in case.rows:

            def bad(where: str, message: str, label: str = label) -> None:
                problems.append(Problem(file, record.id, field_path(label, where), message))

            country = _text(row.get("country"))
            iso3 = None
            if country is None:
                bad("country", "every observation needs a country")
            else:
                try:
                    iso3 = resolve_country(country)
                except ValueError as exc:
                    bad("country", str(exc))
            year_text = _text(row.get("year"))
            year = int(year_text) if year_text and year_text.isdigit() else None
            if year is None or not _YEARS[0] <= year <= _YEARS[1]:
                bad("year", f"year {year_text!r} is not a year from {_YEARS[0]} to {_YEARS[1]}")
                year = None
            item = None
            category = _text(row.get("category"))
            if category is None:
                bad(
                    "category",
                    "every observation needs a category (a 12.1.1 category or coordination-mechanism)",
                )
            else:
                try:
                    item = self.item(category)
                except UnknownValueError as exc:
                    bad("category", str(exc))
            value = _parse_value(row.get("value"))
            if isinstance(value, str):
                bad("value", value[1:])
            source_key = _text(row.get("source")) or _source_key(record.source)
            if iso3 is None or year is None or item is None or isinstance(value, str) or value is None:
                continue
            code = item.rsplit("/", 1)[-1]
            key = (iso3, str(year), code, slug(source_key))
            if key in seen:
                bad("category", f"{iso3} {year} {code} from this source is already given at {seen[key]}")
                continue
            seen[key] = label
            node = instance("observation", *key)
            source = instance("source", slug(source_key))
            graph.add((node, RDF.type, SCP.ReportedObservation))
            graph.add((node, SCP.observedCountry, country_iri(iso3)))
            graph.add((node, SCP.observedYear, Literal(str(year), datatype=XSD.gYear)))
            graph.add((node, SCP.observedItem, item))
            graph.add((node, SCP.observationSource, source))
            graph.add((source, RDF.type, SCP.SourceDocument))
            if (source, DCTERMS.title, None) not in graph:
                graph.add((source, DCTERMS.title, Literal(source_key, lang="en")))
            if isinstance(value, bool):
                graph.add((node, SCP.reportedFlag, Literal(value)))
            else:
                graph.add((node, SCP.reportedCount, Literal(value, datatype=XSD.nonNegativeInteger)))
            if note := _text(row.get("note")):
                graph.add((node, SCP.observationNote, Literal(note)))
            if url := _text(row.get("url")):
                graph.add((node, SCP.observationUrl, Literal(url, datatype=XSD.anyURI)))
        if not case.rows:
            problems.append(Problem(file, record.id, KEY, "no observations: the list is empty"))
        return Unit(self.path, record.id, graph=graph, case_iri=case_study_iri(record.id), problems=problems)


def _source_key(source: SourceRecord) -> str:
    return source.symbol or source.document.get("en") or next(iter(source.document.values()), "")


def _texts(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if _text(v)}
    text = _text(value)
    return {"en": text} if text else {}


def read_observation_data(data: dict[str, Any], path: Path, resolver: Resolver | None = None) -> list[Unit]:
    """A YAML/JSON observation file: one case study (its ``source`` is every row's default source)."""
    file = str(path)
    case_id = _text(data.get("id")) or path.stem
    src = data.get("source") if isinstance(data.get("source"), dict) else {}
    document = _texts(src.get("document"))
    problems: list[Problem] = []
    if not document:
        problems.append(Problem(file, case_id, "source.document", "the report needs a source document title"))
        document = {"en": path.name}
    source = SourceRecord(
        document=document,
        symbol=_text(src.get("symbol")),
        locator=_text(src.get("locator")),
        url=_text(src.get("url")),
        date=_text(src.get("date")),
        entered_by=_text(src.get("entered_by")),
        entered_on=_text(src.get("entered_on")),
    )
    title = _texts(data.get("title")) or {"en": f"Reported observations: {document.get('en', path.name)}"}
    record = CaseStudyRecord(
        id=case_id, source=source, policies=[], title=title, illustrative=data.get("illustrative") is True
    )
    rows = data.get(KEY)
    case = _Case(record)
    if not isinstance(rows, list):
        problems.append(Problem(file, case_id, KEY, "observations must be a list of rows"))
        rows = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            problems.append(Problem(file, case_id, f"{KEY}[{i}]", "each observation is a mapping"))
            continue
        case.rows.append((f"{KEY}[{i}]", row))
    unit = _Reader(path, resolver or default_resolver()).unit(case)
    unit.problems = problems + unit.problems
    return [unit]


def read_observation_csv(path: Path, max_bytes: int, resolver: Resolver | None = None) -> list[Unit]:
    """A CSV of observations: one case study per source document, rows numbered as a spreadsheet does."""
    text = decode_text(read_bytes(path, max_bytes))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = [{(k or "").strip().casefold(): v for k, v in row.items()} for row in reader]
    except csv.Error as exc:
        raise FileError(f"not valid CSV: {exc}") from exc
    if not rows:
        raise FileError("the sheet has a header but no rows")
    cases: dict[str, _Case] = {}
    for number, row in enumerate(rows, start=2):
        source = _text(row.get("source")) or ""
        if source not in cases:
            case_id = f"{path.stem}-{slug(source)}" if source else path.stem
            record = CaseStudyRecord(
                id=case_id,
                source=SourceRecord(document={"en": source or path.name}, locator=CSV_LOCATOR),
                policies=[],
                title={"en": f"Reported observations: {source or path.name}"},
            )
            cases[source] = _Case(record)
        if (_text(row.get("illustrative")) or "").casefold() in _YES:
            cases[source].record.illustrative = True
        cases[source].rows.append((f"row {number}", row))
    reader_ = _Reader(path, resolver or default_resolver())
    units = []
    for source, case in cases.items():
        unit = reader_.unit(case)
        if not source:
            missing = [
                Problem(str(path), case.record.id, field_path(label, "source"), "every row needs a source")
                for label, _ in case.rows
            ]
            unit.problems = missing + unit.problems
        units.append(unit)
    return units
