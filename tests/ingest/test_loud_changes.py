"""Issue 9, item 5: nothing is replaced or merged silently. Through the real CLI on a fresh embedded store:
a replacement names the file it replaces, `validate` predicts it, ids colliding on one IRI are an
error naming both records, and contradictory single-valued facts are reported and visible in GraphQL."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from typer.testing import CliRunner

from scpkg.api.schema import build_schema, make_context
from scpkg.cli.app import app
from scpkg.iris import concept, instance
from scpkg.store import open_store

runner = CliRunner()
ADOPTED = concept("policy-status", "adopted")

CASE = """\
id: {id}
title: Case study {id}
source:
  document: A partner platform's policy export
  locator: "p. {page}"
policies:
  - id: {policy}
    country: MAR
    title: {{en: "{title}"}}
    instrument_type: ban
    life_cycle_stages: [end-of-life]
    sectors: [plastics]
    lead_bodies:
      - {{name: Ministry of Environment, ministry_type: environment}}
    adoption_year: {year}
    status: {status}
"""


def _write(path: Path, *, id: str, title: str = "Law 77-15 on plastic bags", year: int = 2015,
           page: int = 1, policy: str = "law-77-15", status: str = "adopted") -> Path:  # fmt: skip
    text = CASE.format(id=id, title=title, year=year, page=page, policy=policy, status=status)
    path.write_text(text, encoding="utf-8")
    return path


def _cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def _report(directory: Path) -> dict:
    return json.loads((directory / "report.json").read_text(encoding="utf-8"))


def test_reingest_from_another_file_says_replaced(tmp_path: Path) -> None:
    store = "falkordb://" + str(tmp_path / "g.db")
    first = _write(tmp_path / "partner-2025.yaml", id="morocco-bags")
    second = _write(tmp_path / "partner-2026.yaml", id="morocco-bags", page=2)
    code, _ = _cli("ingest", str(first), "--store", store, "--report-dir", str(tmp_path / "r1"))
    assert code == 0
    code, out = _cli("ingest", str(second), "--store", store, "--report-dir", str(tmp_path / "r2"))
    assert code == 0, out
    assert "replaced 1" in out and "partner-2025.yaml" in out, out
    record = _report(tmp_path / "r2")["records"][0]
    assert record["status"] == "replaced"
    assert str(first.resolve()) in record["note"]
    assert _report(tmp_path / "r2")["counts"]["loaded"] == 0


def test_validate_predicts_replacement(tmp_path: Path) -> None:
    store = "falkordb://" + str(tmp_path / "g.db")
    first = _write(tmp_path / "partner-2025.yaml", id="morocco-bags")
    second = _write(tmp_path / "partner-2026.yaml", id="Morocco Bags", page=2)
    assert _cli("ingest", str(first), "--store", store, "--report-dir", str(tmp_path / "r1"))[0] == 0
    code, out = _cli("validate", str(second), "--store", store, "--report-dir", str(tmp_path / "r2"))
    assert code == 0, out
    record = _report(tmp_path / "r2")["records"][0]
    assert record["status"] == "not_loaded"
    assert record["note"].startswith("would replace case study 'morocco-bags' loaded from ")
    assert str(first.resolve()) in record["note"]
    iri = str(instance("case-study", "morocco-bags"))
    with open_store(store) as s:  # validate only read the store: the first file's load is still there
        assert s.case_study_origins([iri])[iri][1] == str(first.resolve())


def test_ids_colliding_on_one_iri_are_an_error_naming_both(tmp_path: Path) -> None:
    store = "falkordb://" + str(tmp_path / "g.db")
    a = _write(tmp_path / "a.yaml", id="Law 77-15")
    b = _write(tmp_path / "b.yaml", id="law_77_15", page=2)
    code, out = _cli("ingest", str(a), str(b), "--store", store, "--report-dir", str(tmp_path / "r"))
    assert code == 1, out
    records = _report(tmp_path / "r")["records"]
    assert [r["status"] for r in records] == ["quarantined", "quarantined"]
    first, second = (r["problems"][0] for r in records)
    assert first["field"] == second["field"] == "id"
    assert str(b) in first["message"] and "law_77_15" in first["message"]
    assert str(a) in second["message"] and "Law 77-15" in second["message"]

    # Within one file: two policies whose ids give one policy IRI.
    one = tmp_path / "one.yaml"
    text = CASE.format(id="two-laws", title="Law", year=2015, page=1, policy="Law 77-15", status="adopted")
    policy = text.split("policies:\n", 1)[1].replace("id: Law 77-15", "id: law_77_15")
    one.write_text(text + policy, encoding="utf-8")
    code, out = _cli("validate", str(one), "--report-dir", str(tmp_path / "r2"))
    assert code == 1, out
    problem = _report(tmp_path / "r2")["records"][0]["problems"][0]
    assert problem["field"] == "policies[1].id"
    assert "policies[0]" in problem["message"] and "'Law 77-15'" in problem["message"]


CONFLICTS = """
query ($iri: String!) {
  policy(iri: $iri) {
    conflicts { property language values { value assertedBy { iri } } }
  }
}
"""


def test_contradictory_titles_reported_and_visible_in_graphql(tmp_path: Path) -> None:
    store = "falkordb://" + str(tmp_path / "g.db")
    a = _write(tmp_path / "a.yaml", id="partner-a", title="Law 77-15", year=2015)
    b = _write(
        tmp_path / "b.yaml",
        id="partner-b",
        title="Law No. 77-15 on plastic bags",
        year=2016,
        status="implemented",
    )
    c = _write(tmp_path / "c.yaml", id="partner-c", title="Law 77-15", year=2015)
    assert _cli("ingest", str(a), "--store", store, "--report-dir", str(tmp_path / "r1"))[0] == 0
    code, out = _cli("ingest", str(b), str(c), "--store", store, "--report-dir", str(tmp_path / "r2"))
    assert code == 0, out
    assert "Conflicting facts" in out
    report = _report(tmp_path / "r2")
    by_case = {r["record"]: r for r in report["records"]}
    b_conflicts = {p["field"]: p["message"] for p in by_case["partner-b"]["conflicts"]}
    policy = "policy/MAR/law-77-15"
    title, year, status = (
        f"{policy} dcterms:title (en)",
        f"{policy} scp:adoptionYear",
        f"{policy} scp:status",
    )
    assert set(b_conflicts) == {title, year, status}, b_conflicts
    assert "policy-status/implemented (asserted by partner-b)" in b_conflicts[status]
    assert "'Law No. 77-15 on plastic bags' (asserted by partner-b)" in b_conflicts[title]
    assert "'Law 77-15' (asserted by partner-a, partner-c)" in b_conflicts[title]
    assert "'2015' (asserted by partner-a, partner-c)" in b_conflicts[year]
    assert "'2016' (asserted by partner-b)" in b_conflicts[year]
    assert set(p["field"] for p in by_case["partner-c"]["conflicts"]) == {title, year, status}

    iri = str(instance("policy", "MAR", "law-77-15"))
    with open_store(store) as s:
        result = asyncio.run(
            build_schema().execute(CONFLICTS, variable_values={"iri": iri}, context_value=make_context(s))
        )
    assert result.errors is None, result.errors
    found = {
        (c["property"].rsplit("/", 1)[-1], c["language"]): {
            v["value"]: sorted(x["iri"].rsplit("/", 1)[-1] for x in v["assertedBy"]) for v in c["values"]
        }
        for c in result.data["policy"]["conflicts"]
    }
    assert found == {
        ("title", "en"): {
            "Law 77-15": ["partner-a", "partner-c"],
            "Law No. 77-15 on plastic bags": ["partner-b"],
        },
        ("adoptionYear", None): {"2015": ["partner-a", "partner-c"], "2016": ["partner-b"]},
        ("status", None): {
            str(ADOPTED): ["partner-a", "partner-c"],
            str(ADOPTED).replace("adopted", "implemented"): ["partner-b"],
        },
    }


def test_agreeing_case_studies_have_no_conflicts(tmp_path: Path) -> None:
    """The other side of the conflict check: one value asserted twice is not a contradiction."""
    store = "falkordb://" + str(tmp_path / "g.db")
    a = _write(tmp_path / "a.yaml", id="partner-a")
    b = _write(tmp_path / "b.yaml", id="partner-b", page=2)
    code, out = _cli("ingest", str(a), str(b), "--store", store, "--report-dir", str(tmp_path / "r"))
    assert code == 0, out
    assert _report(tmp_path / "r")["counts"]["conflicts"] == 0
    iri = str(instance("policy", "MAR", "law-77-15"))
    with open_store(store) as s:
        result = asyncio.run(
            build_schema().execute(CONFLICTS, variable_values={"iri": iri}, context_value=make_context(s))
        )
    assert result.errors is None and result.data["policy"]["conflicts"] == []
