"""Read JSON Lines (`.jsonl`, `.ndjson`): one case study per line, as platforms stream their exports.

A line that is not JSON is a problem of that line alone ("line 7"); every other line still loads.
Blank lines are skipped (many exporters end the file with one), never counted as records.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scpkg.ingest.files import FileError, decode_text, read_bytes
from scpkg.ingest.read_structured import parse_json, unit_from_data
from scpkg.ingest.records import Unit
from scpkg.ingest.values import check_values

SUFFIXES = (".jsonl", ".ndjson")


def json_lines(path: Path, max_bytes: int) -> Iterator[tuple[str, Any | FileError]]:
    """("line N", parsed value) for each non-blank line, or ("line N", FileError) for one that is not JSON:
    shared by the case-study reader and export mappings, so both name lines the same way."""
    text = decode_text(read_bytes(path, max_bytes))
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = True
        try:
            value = parse_json(line)
            check_values(value)  # the same refusals as a .json file's (NaN, NUL, surrogates, ...)
        except FileError as exc:
            yield (
                f"line {number}",
                FileError(str(exc).replace(" at line 1, column ", " at column "), exc.field),
            )
        else:
            yield f"line {number}", value
    if not found:
        raise FileError("the file has no lines with a record")


def read_json_lines(path: Path, max_bytes: int) -> list[Unit]:
    """One unit per non-blank line, labelled with its line number."""
    units = []
    for label, value in json_lines(path, max_bytes):
        if isinstance(value, FileError):
            where = value.field or "(line)"
            units.append(Unit.refused(path, label, where, str(value)))
        else:
            units.append(unit_from_data(value, path, path.name, position=label))
    return units
