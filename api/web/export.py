"""Export what you see: any list or facet table of the front as CSV or XLSX, from the rows the page shows.

One function for every page, so a download always has the page's columns in the page's order and the
same values (CSV cells are neutralised against spreadsheet formula injection as ``scpkg export`` does).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from starlette.responses import PlainTextResponse, Response

from scpkg.csv_cells import safe_cell

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_download(
    filename_stem: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str
) -> Response:
    """A CSV or XLSX file of ``rows`` under ``headers``, named ``filename_stem.fmt``; 400 naming the
    formats for any other ``fmt``."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        return PlainTextResponse(f"unknown format {fmt!r}; use one of {sorted(FORMATS)}", status_code=400)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", filename_stem).strip("-") or "export"
    body = _csv(headers, rows) if fmt == "csv" else _xlsx(headers, rows)
    return Response(
        body,
        media_type=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'},
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(_text(v) for v in value)
    return str(value)


def _csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow([safe_cell(_text(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: spreadsheets then read UTF-8 (CJK, Arabic)


def _xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("export")
    sheet.append([safe_cell(h) for h in headers])
    for row in rows:
        sheet.append(
            [
                v if isinstance(v, (int, float)) and not isinstance(v, bool) else safe_cell(_text(v))
                for v in row
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
