"""Read case studies from a spreadsheet (XLSX or CSV): one row per policy, for people who work in Excel.

Rows with the same `case_id` form one case study; its case-study and source columns may be filled on
the first row only. Each group is turned into the same dictionary shape as a YAML case study and
checked against the same JSON Schema, so both formats give the same errors for the same mistakes.
Multi-valued cells separate values with `;`; bodies are written `Name (ministry type)`; titles and
descriptions take one column per language (`title_en`, `title_zh`, ...). One target and one outcome
per row: a policy with more needs the YAML format.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from scpkg.ingest.files import (
    MAX_CELLS,
    MAX_ID_LENGTH,
    MAX_ROWS,
    MAX_UNZIPPED,
    FileError,
    decode_text,
    read_bytes,
)
from scpkg.ingest.read_structured import unit_from_data
from scpkg.ingest.records import Problem, Unit
from scpkg.ingest.values import check_values

LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
"""The six UN languages get a title and description column each in the template."""

CASE_COLUMNS = (
    "case_id",
    *(f"case_title_{lang}" for lang in LANGUAGES),
    "illustrative",
    "source_document",
    "source_symbol",
    "source_locator",
    "source_url",
    "source_date",
    "source_urls",
    "source_identifier",
    "source_publisher",
    "source_derived_from_document",
    "source_derived_from_identifier",
    "source_derived_from_publisher",
    "source_derived_from_url",
    "entered_by",
    "entered_on",
)
POLICY_COLUMNS = (
    "policy_id",
    "country",
    "jurisdiction_level",
    "subdivision",
    *(f"title_{lang}" for lang in LANGUAGES),
    *(f"description_{lang}" for lang in LANGUAGES),
    "instrument_type",
    "framework_level",
    "part_of_framework",
    "life_cycle_stages",
    "sectors",
    "lead_bodies",
    "participating_bodies",
    "mea_obligations",
    "sdg",
    "programmes",
    "adoption_year",
    "adopted_on",
    "amended_on",
    "amends",
    "repeals",
    "urls",
    "status",
    "launched_on",
    "target_description",
    "target_value",
    "target_unit",
    "target_deadline",
    "outcome_indicator",
    "outcome_baseline",
    "outcome_value",
    "outcome_unit",
    "outcome_date",
)
COLUMNS = CASE_COLUMNS + POLICY_COLUMNS
"""Every column the reader knows, in template order. Language columns beyond the six are accepted too,
and `original_title_<BCP-47 tag>` (original_title_pt-BR, original_title_de) for the title as published."""

MULTI_VALUED = (
    "life_cycle_stages", "sectors", "mea_obligations", "sdg", "programmes", "amended_on", "amends", "repeals",
    "urls",
)  # fmt: skip
_ORIGINAL_TITLE = re.compile(r"^original_title_([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)$")
_LANG_COLUMN = re.compile(r"^(case_title|title|description)_([a-z]{2,3}(?:-[a-z0-9]{1,8})*)$")
_BODY = re.compile(r"^(?P<name>.*?)\s*\((?P<type>[^()]*)\)\s*$")
SHEET_NAME = "policies"


def _cell(value: Any) -> Any:
    """Spreadsheet cells as the YAML format would have them: dates as ISO strings, whole floats as int."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _number(value: Any) -> Any:
    """CSV cells are strings: a number column gets a number where the text is one, else the text
    (which the schema then reports as a value of the wrong type)."""
    if isinstance(value, str):
        try:
            number = (
                float(value.replace(",", "")) if re.fullmatch(r"-?[0-9][0-9,]*(\.[0-9]+)?", value) else None
            )
        except ValueError:
            number = None
        if number is not None:
            return int(number) if number.is_integer() else number
    return value


def _split(value: Any) -> list[str]:
    return [part.strip() for part in str(value).split(";") if part.strip()]


def _one_or_list(value: Any) -> Any:
    """'ban; tax-fee-levy' is a list of instrument types; one value stays a value."""
    if not isinstance(value, str) or ";" not in value:
        return value
    parts = _split(value)
    return parts[0] if len(parts) == 1 else parts


def _bodies(value: Any) -> list[Any]:
    out: list[Any] = []
    for part in _split(value):
        match = _BODY.match(part)
        out.append({"name": match["name"], "ministry_type": match["type"].strip()} if match else part)
    return out


def _boolean(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return bool(value)
    text = str(value).strip().casefold()
    if text in {"true", "yes", "1", "y", "x"}:
        return True
    if text in {"false", "no", "0", "n", ""}:
        return False
    return value


def _texts(row: dict[str, Any], column: str) -> dict[str, str] | None:
    out = {}
    for key, value in row.items():
        match = _LANG_COLUMN.match(key)
        if match and match[1] == column and value is not None:
            out[match[2]] = str(value)
    return out or None


def _policy(row: dict[str, Any]) -> dict[str, Any]:
    p: dict[str, Any] = {
        "id": row.get("policy_id"),
        "country": row.get("country"),
        "title": _texts(row, "title"),
        "instrument_type": _one_or_list(row.get("instrument_type")),
    }
    original = {m[1]: str(v) for k, v in row.items() if (m := _ORIGINAL_TITLE.match(k)) and v is not None}
    if original:
        p["original_title"] = original
    for key in (
        "jurisdiction_level",
        "subdivision",
        "framework_level",
        "part_of_framework",
        "status",
        "launched_on",
        "adoption_year",
        "adopted_on",
    ):
        if row.get(key) is not None:
            p[key] = row[key]
    if isinstance(p.get("adopted_on"), int):  # a year typed into a number cell
        p["adopted_on"] = str(p["adopted_on"])
    if (description := _texts(row, "description")) is not None:
        p["description"] = description
    for key in MULTI_VALUED:
        if row.get(key) is not None:
            p[key] = _split(row[key])
    for key in ("lead_bodies", "participating_bodies"):
        if row.get(key) is not None:
            p[key] = _bodies(row[key])
    target = {k: row.get(f"target_{k}") for k in ("description", "value", "unit", "deadline")}
    if any(v is not None for v in target.values()):
        target["value"] = _number(target["value"])
        p["targets"] = [{k: v for k, v in target.items() if v is not None}]
    outcome = {k: row.get(f"outcome_{k}") for k in ("indicator", "baseline", "value", "unit", "date")}
    if any(v is not None for v in outcome.values()):
        outcome["baseline"] = _number(outcome["baseline"])
        outcome["value"] = _number(outcome["value"])
        p["outcomes"] = [{k: v for k, v in outcome.items() if v is not None}]
    return {k: v for k, v in p.items() if v is not None}


def _case(
    rows: list[tuple[int, dict[str, Any]]], file: str, case_id: str
) -> tuple[dict[str, Any], list[Problem]]:
    """Case-study columns may repeat on each row but must agree; the first filled value counts."""
    problems: list[Problem] = []
    first: dict[str, tuple[int, Any]] = {}
    for number, row in rows:
        for column in row:
            if column == "case_id" or not (column in CASE_COLUMNS or column.startswith("case_title_")):
                continue
            value = row[column]
            if value is None:
                continue
            if column not in first:
                first[column] = (number, value)
            elif first[column][1] != value:
                problems.append(
                    Problem(
                        file,
                        case_id,
                        f"row {number}, {column}",
                        f"{value!r} differs from {first[column][1]!r} on row {first[column][0]} "
                        "of the same case study",
                    )
                )
    values = {column: value for column, (_, value) in first.items()}
    source = {
        "document": values.get("source_document"),
        "symbol": values.get("source_symbol"),
        "locator": values.get("source_locator"),
        "url": values.get("source_url"),
        "date": values.get("source_date"),
        "entered_by": values.get("entered_by"),
        "entered_on": values.get("entered_on"),
        "identifier": values.get("source_identifier"),
        "publisher": values.get("source_publisher"),
        "urls": _split(values["source_urls"]) if values.get("source_urls") is not None else None,
    }
    upstream = {
        k: values.get(f"source_derived_from_{k}") for k in ("document", "identifier", "publisher", "url")
    }
    if any(v is not None for v in upstream.values()):
        source["derived_from"] = {k: v for k, v in upstream.items() if v is not None}
    data: dict[str, Any] = {
        "id": case_id,
        "illustrative": _boolean(values.get("illustrative")),
        "source": {k: v for k, v in source.items() if v is not None},
        "policies": [_policy(row) for _, row in rows],
    }
    if (title := _texts(values, "case_title")) is not None:
        data["title"] = title
    return data, problems


def _rows_from_csv(path: Path, max_bytes: int) -> list[dict[str, Any]]:
    text = decode_text(read_bytes(path, max_bytes))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = reader.fieldnames or []
        rows, count = [], len(header)
        for row in reader:
            count += len(row)
            _check_rows(reader.line_num, count)
            rows.append({k: _cell(v) for k, v in row.items()})
    except csv.Error as exc:
        raise FileError(f"not valid CSV: {exc}") from exc
    _check_header(header)
    if any(None in row for row in rows):
        raise FileError("a row has more cells than the header has columns")
    return rows


def _rows_from_xlsx(path: Path, max_bytes: int) -> list[dict[str, Any]]:
    import openpyxl

    data = read_bytes(path, max_bytes)
    _check_unzipped(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zip, XML (an undefined entity) and openpyxl's own errors
        raise FileError(f"not a readable XLSX workbook ({_one_line(exc)})") from exc
    try:
        return _xlsx_rows(book)
    except FileError:
        raise
    except Exception as exc:  # a sheet's XML is parsed while its rows are read
        raise FileError(f"not a readable XLSX workbook ({_one_line(exc)})") from exc
    finally:
        book.close()


def _xlsx_rows(book: Any) -> list[dict[str, Any]]:
    sheet = book[SHEET_NAME] if SHEET_NAME in book.sheetnames else book.worksheets[0]
    sheet.reset_dimensions()  # a sheet may claim A1:XFD1048576: never pad rows to what it claims
    cells = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(cells, ())]
    _check_header(header)
    rows = []
    count = len(header)
    for number, values in enumerate(cells, start=2):
        count += len(values)
        _check_rows(number, count)
        row = {h: _cell(v) for h, v in zip(header, values, strict=False) if h}
        rows.append(row)
    return rows


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0][:200]}" if text else type(exc).__name__


def _check_rows(number: int, cells: int) -> None:
    """Refuse a sheet past MAX_ROWS rows or MAX_CELLS cells while it is read, before it is all in memory."""
    if number > MAX_ROWS + 1:
        raise FileError(
            f"the sheet has more than {MAX_ROWS:,} rows; a spreadsheet of case studies has far fewer"
        )
    if cells > MAX_CELLS:
        raise FileError(
            f"the sheet has more than {MAX_CELLS:,} cells; a spreadsheet of case studies has far fewer"
        )


def _check_unzipped(data: bytes) -> None:
    """Refuse an XLSX whose parts unzip to more than MAX_UNZIPPED, from the zip's directory alone
    (zipfile stops reading a part at its declared size, so the declaration cannot lie upwards)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FileError(f"not a readable XLSX workbook (not a zip archive: {_one_line(exc)})") from exc
    largest = max(parts, key=lambda p: p.file_size, default=None)
    total = sum(p.file_size for p in parts)
    if largest is not None and total > MAX_UNZIPPED:
        raise FileError(
            f"the workbook unzips to {total / 1_048_576:,.0f} MB ({largest.filename}: "
            f"{largest.file_size / 1_048_576:,.0f} MB), over the {MAX_UNZIPPED / 1_048_576:.0f} MB limit: "
            "far more than a spreadsheet of case studies"
        )


def _check_header(header: list[str]) -> None:
    if not header or "case_id" not in header:
        raise FileError("the first row must be the header, with a case_id column (see `scpkg template`)")
    unknown = [
        h
        for h in header
        if h and h not in COLUMNS and not _LANG_COLUMN.match(h) and not _ORIGINAL_TITLE.match(h)
    ]
    if unknown:
        raise FileError(
            f"unknown columns: {', '.join(unknown)} (see `scpkg template` for the allowed columns)"
        )


def read_sheet(path: Path, max_bytes: int) -> list[Unit]:
    """A spreadsheet: one unit per case_id, in order of first appearance; rows numbered as Excel does."""
    from scpkg.ingest import read_observations  # a CSV of reported observations has its own columns

    if path.suffix.lower() == ".csv" and read_observations.is_observation_header(
        read_observations.csv_header(path, max_bytes)
    ):
        return read_observations.read_observation_csv(path, max_bytes)
    rows = (
        _rows_from_xlsx(path, max_bytes)
        if path.suffix.lower() == ".xlsx"
        else _rows_from_csv(path, max_bytes)
    )
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    units: list[Unit] = []
    file = str(path)
    for number, row in enumerate(rows, start=2):
        if all(v is None for v in row.values()):
            continue
        case_id = row.get("case_id")
        if case_id is None:
            units.append(Unit.refused(path, f"row {number}", "case_id", "every row needs a case_id"))
            continue
        groups.setdefault(str(case_id), []).append((number, row))
    if not groups and not units:
        raise FileError("the sheet has a header but no rows")
    for case_id, group in groups.items():
        data, problems = _case(group, file, case_id)
        labels = [f"row {number}" for number, _ in group]
        try:
            check_values(data)
        except FileError as exc:  # e.g. a 300-character case_id: this case study only
            units.append(Unit.refused(path, case_id[:MAX_ID_LENGTH], exc.field or "(case study)", str(exc)))
            continue
        unit = unit_from_data(data, path, case_id, labels)
        unit.problems = problems + unit.problems
        if problems:
            unit.record = None
        units.append(unit)
    return units
