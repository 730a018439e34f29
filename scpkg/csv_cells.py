"""CSV cells that a spreadsheet opens as text, never as a formula (CSV injection, CWE-1236).

A case study's title `=cmd|' /C calc'!A0` is data; Excel and LibreOffice run a cell that starts with
`=`, `+`, `-`, `@`, a tab or a carriage return as a formula. Such text gets a leading apostrophe, the
spreadsheets' own "this is text" mark (OWASP's advice); numbers, and text that is only a number
("-5", "+3.2"), are left as they are, so the values stay the same values.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """The value, with text a spreadsheet would run as a formula prefixed by an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in row]


class SafeWriter:
    """`csv.writer` whose every row goes through `safe_row`."""

    def __init__(self, out: Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
