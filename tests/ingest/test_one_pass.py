"""Issue 9, item 7: all of a record's problems in one pass, in words; one year range everywhere; only
allowed values that validation accepts are offered."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
from rdflib import URIRef
from rdflib.namespace import SH
from typer.testing import CliRunner

from scpkg.cli.app import app
from scpkg.ingest.read_structured import schema, year_range
from scpkg.ingest.template import ALLOWED_SHEET, write_template
from scpkg.ingest.vocab import UnknownValueError, default_resolver
from scpkg.iris import ONT
from scpkg.shapes.validate import shapes_graph

runner = CliRunner()

HEAD = """\
id: {id}
title: A case study from a partner platform
source: {{document: A partner platform's policy export, locator: "p. 3"}}
policies:
"""
POLICY = """\
  - id: {id}
    country: {country}
    title: {{en: "{title}"}}
    instrument_type: {instrument}
    life_cycle_stages: [{stage}]
    sectors: [{sector}]
    lead_bodies: [{{name: Ministry of Environment, ministry_type: environment}}]
    adoption_year: {year}
    launched_on: "{launched}"
"""


def _policy(**given: object) -> str:
    values: dict[str, object] = dict(
        id="p", country="FRA", title="A law", instrument="ban", stage="end-of-life", sector="plastics",
        year=2014, launched="2014-06-01",
    )  # fmt: skip
    values.update(given)
    return POLICY.format(**values)


def _validate(tmp_path: Path, *files: Path) -> tuple[int, str, dict]:
    result = runner.invoke(app, ["validate", *map(str, files), "--report-dir", str(tmp_path / "r")])
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    return result.exit_code, result.output, report


def test_record_with_five_mistakes_reports_all_at_once(tmp_path: Path) -> None:
    path = tmp_path / "five.yaml"
    path.write_text(
        HEAD.format(id="five-mistakes")
        + _policy(country="Atlantis", stage="manufacturing", sector="texttiles", year='"14"',
                  launched="01/12/2026"),
        encoding="utf-8",
    )  # fmt: skip
    code, out, report = _validate(tmp_path, path)
    assert code == 1, out
    (record,) = report["records"]
    problems = {p["field"]: p["message"] for p in record["problems"]}
    assert set(problems) == {
        "policies[0].launched_on",
        "policies[0].life_cycle_stages",
        "policies[0].sectors",
        "policies[0].adoption_year",
        "policies[0].country",
    }, problems
    assert all(p["file"] == str(path) and p["record"] == "five-mistakes" for p in record["problems"])
    assert problems["policies[0].launched_on"].startswith(
        "date '01/12/2026' is not a date in the form YYYY-MM-DD"
    )
    low, high = year_range()
    assert problems["policies[0].adoption_year"].startswith(
        f"year '14' is not a year between {low} and {high}"
    )
    assert "did you mean" in problems["policies[0].sectors"] and "textiles" in problems["policies[0].sectors"]
    assert "Atlantis" in problems["policies[0].country"]
    for message in problems.values():  # words, not the regular expressions behind them
        assert not re.search(r"\^|\$'|\[0-9\]|\{4\}|does not match", message), message


def test_year_1831_accepted_everywhere(tmp_path: Path) -> None:
    low, high = year_range()
    assert (low, high) == (1800, 2100)
    path = tmp_path / "historic.yaml"
    path.write_text(
        HEAD.format(id="historic-law")
        + _policy(id="a", year=1831, launched="1831-03-01")
        + _policy(id="b", year='"1831"'),
        encoding="utf-8",
    )
    code, out, report = _validate(tmp_path, path)
    assert code == 0, out + json.dumps(report["records"][0]["problems"])

    # The shapes accept exactly the schema's years, and so do the schema's two ways of writing one.
    shapes = shapes_graph()
    patterns = [
        str(pattern)
        for s in shapes.subjects(SH.path, URIRef(ONT + "adoptionYear"))
        if (pattern := shapes.value(s, SH.pattern)) is not None
    ]
    assert len(patterns) == 1
    text = next(b for b in schema()["$defs"]["year"]["oneOf"] if b.get("type") == "string")["pattern"]
    for year in range(1700, 2300):
        inside = low <= year <= high
        assert bool(re.search(patterns[0], f"{year:04d}")) == inside, year
        assert bool(re.search(text, f"{year:04d}")) == inside, year

    # The template tells spreadsheet authors the same range.
    write_template(tmp_path / "t.xlsx")
    notes = " ".join(
        str(c.value) for row in openpyxl.load_workbook(tmp_path / "t.xlsx")["notes"].rows for c in row
    )
    assert f"{low}-{high}" in notes


def test_every_offered_instrument_type_is_accepted(tmp_path: Path) -> None:
    write_template(tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")[ALLOWED_SHEET]
    offered = sorted(
        row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "instrument_type"
    )
    assert len(offered) > 10 and "policy-instrument" not in offered
    assert sorted(set(default_resolver().vocabulary("instrument-type").codes.values())) == offered
    body = "".join(_policy(id=f"p-{code}", instrument=code) for code in offered)
    path = tmp_path / "every-type.yaml"
    path.write_text(HEAD.format(id="every-type") + body, encoding="utf-8")
    code, _, report = _validate(tmp_path, path)
    assert code == 0, json.dumps(report["records"][0]["problems"], indent=1)

    # The abstract class is refused up front, saying which kinds to choose from, not by SHACL later.
    try:
        default_resolver().resolve("instrument-type", "Policy instrument")
    except UnknownValueError as exc:
        assert "too general" in str(exc) and "'regulatory'" in str(exc)
    else:
        raise AssertionError("'policy instrument' resolved, but the shapes refuse it")
