"""The ingest commands as a user runs them: exit codes, the summary and the report directory."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from scpkg.cli.app import app

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
runner = CliRunner()


def test_validate_exit_codes(tmp_path: Path) -> None:
    ok = runner.invoke(app, ["validate", str(DATA / "valid"), "--report-dir", str(tmp_path / "a")])
    assert ok.exit_code == 0, ok.output
    assert "records read 6 = loaded 0 + replaced 0 + unchanged 0 + not loaded 6 + quarantined 0" in ok.output
    bad = runner.invoke(app, ["validate", str(DATA / "malformed"), "--report-dir", str(tmp_path / "b")])
    assert bad.exit_code == 1, bad.output
    assert "quarantined 7" in bad.output
    assert (tmp_path / "b" / "quarantine" / "empty.yaml.report.json").is_file()
    missing = runner.invoke(app, ["validate", str(tmp_path / "nope")])
    assert missing.exit_code == 2


def test_max_size_option(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["validate", str(DATA / "valid" / "full.json"), "--max-size", "0.001", "--report-dir", str(tmp_path)],
    )
    assert result.exit_code == 1
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert "limit" in report["records"][0]["problems"][0]["message"]


def test_ingest_strict_then_ingest_then_retract(tmp_path: Path) -> None:
    store = "falkordb://" + str(tmp_path / "g.db")
    valid, empty = str(DATA / "valid" / "minimal.yaml"), str(DATA / "malformed" / "empty.yaml")
    strict = runner.invoke(
        app, ["ingest", valid, empty, "--strict", "--store", store, "--report-dir", str(tmp_path / "1")]
    )
    assert strict.exit_code == 3, strict.output
    assert "nothing was loaded" in strict.output
    mixed = runner.invoke(
        app, ["ingest", valid, empty, "--store", store, "--report-dir", str(tmp_path / "2")]
    )
    assert mixed.exit_code == 1, mixed.output
    line = "records read 2 = loaded 1 + replaced 0 + unchanged 0 + not loaded 0 + quarantined 1"
    assert line in mixed.output
    gone = runner.invoke(app, ["retract", "fixture-yaml", "--store", store])
    assert gone.exit_code == 0, gone.output
    again = runner.invoke(app, ["retract", "fixture-yaml", "--store", store])
    assert again.exit_code == 1, again.output


def test_template_command(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["template", str(out)]).exit_code == 0
    assert out.stat().st_size > 0
    assert runner.invoke(app, ["template", str(out)]).exit_code == 2  # exists, no --force
    assert runner.invoke(app, ["template", str(out), "--force"]).exit_code == 0


def test_readme_ingest_example_is_valid(tmp_path: Path) -> None:
    """The README's complete YAML example must stay a valid case study, so the docs cannot rot."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Ingest format", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "readme-example.yaml"
    path.write_text(example, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--report-dir", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
