"""CSV output never hands a spreadsheet a formula (issue 13: `=cmd|' /C calc'!A0` came out as it was)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from scpkg.csv_cells import FORMULA_STARTS, safe_cell
from scpkg.queries.catalogue import Scope
from scpkg.queries.report import build_report
from scpkg.queries.report.render_text import render_csv

FORMULA = "=cmd|' /C calc'!A0"
CASE = f"""
id: csv-formula-title
title: {{en: "{FORMULA}"}}
source:
  document: {{en: "@SUM(1+1)*cmd|' /C calc'!A0"}}
  locator: "-2+3"
policies:
  - id: formula-policy
    country: GHA
    title: {{en: "+formula policy"}}
    instrument_type: epr
    life_cycle_stages: [end-of-life]
    sectors: [electronics]
"""


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_csv_cell_starting_like_a_formula_is_text(start: str) -> None:
    assert safe_cell(start + "1+cmd") == "'" + start + "1+cmd"


def test_csv_numbers_and_plain_text_stay_as_they_are() -> None:
    assert [safe_cell(v) for v in ("-5", "+3.2", "-1e3", "plain", 7, -2.5, None)] == [
        "-5", "+3.2", "-1e3", "plain", 7, -2.5, None,
    ]  # fmt: skip


def test_csv_report_escapes_a_formula_title(tmp_path: Path) -> None:
    """A case study titled with a formula, loaded with `ingest` alone on a fresh store, comes out of
    `scpkg report --format csv`'s tables as text a spreadsheet does not run."""
    from scpkg.ingest.pipeline import run
    from scpkg.ingest.reference import load_reference_data
    from scpkg.store import open_store

    (tmp_path / "case.yaml").write_text(CASE, encoding="utf-8")
    store = open_store("falkordb://" + str(tmp_path / "store.db"))
    try:
        store.init_schema()
        load_reference_data(store)
        loaded = run([tmp_path / "case.yaml"], store=store)
        assert loaded.counts["loaded"] == 1, [p.message for o in loaded.outcomes for p in o.problems]
        tables = render_csv(build_report(store, Scope()))
    finally:
        store.close()
    cells = [cell for text in tables.values() for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + FORMULA in cells
    assert not [c for c in cells if c.startswith(FORMULA_STARTS) and safe_cell(c) != c]
