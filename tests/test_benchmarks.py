"""The CI smoke run of the benchmarks (issue 11): every script that prints figures works at its smoke
size and prints each of its figures; every figure of the issue's table has a script. Never times."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
SMOKE_TIMEOUT_S = 240.0
"""Per script; a smoke run takes well under a minute, but the machine may be busy."""


def _runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("run_all", BENCHMARKS / "run_all.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("run_all", module)
    spec.loader.exec_module(module)
    return module


run_all = _runner()
SCRIPTS = run_all.figure_scripts(BENCHMARKS)
ISSUE_NAMES = [name for name, _ in run_all.ISSUE_FIGURES]


@pytest.mark.parametrize("name", ISSUE_NAMES)
def test_issue_figure_without_a_benchmark(name: str) -> None:
    """Each figure of the issue's table is printed by some benchmark script (named in its source)."""
    owners = [s.name for s in SCRIPTS if run_all.named_figures(s, [name])]
    assert owners, f"no script in benchmarks/ prints the figure {name!r}"


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_benchmark_smoke_run_fails_or_drops_a_figure(script: Path) -> None:
    """``<script> --smoke`` exits 0 and prints every figure it names, each with the verdict ``smoke``."""
    run = run_all.run_script(script, smoke=True, timeout_s=SMOKE_TIMEOUT_S)
    tail = "\n".join(run.stderr_tail)
    assert not run.timed_out, f"{script.name} --smoke ran past {SMOKE_TIMEOUT_S:g} s:\n{tail}"
    assert run.returncode == 0, f"{script.name} --smoke exited with {run.returncode}:\n{tail}"
    assert run.figures, f"{script.name} --smoke printed no FIGURE line"
    printed = {f.name for f in run.figures}
    missing = [n for n in run_all.named_figures(script, ISSUE_NAMES) if n not in printed]
    assert not missing, f"{script.name} --smoke did not print {missing}"
    not_smoke = [f"{f.name}: {f.verdict}" for f in run.figures if f.verdict != "smoke"]
    assert not not_smoke, f"a smoke run judges no target, but {script.name} said {not_smoke}"


def _fake_benchmarks(folder: Path) -> Path:
    """A benchmarks folder with one good, one failing and one silent script, and the real figures.py."""
    folder.mkdir()
    shutil.copy(BENCHMARKS / "figures.py", folder / "figures.py")
    (folder / "good.py").write_text(
        "import sys\nfrom figures import figure\n"
        "figure('graphql-vs-cypher', '1.1x', '<= 1.3x', None if '--smoke' in sys.argv else True)\n"
        "figure('extra-figure', '3 s', '< 5 s', None)\n",
        encoding="utf-8",
    )
    (folder / "bad.py").write_text(
        "import sys\nfrom figures import figure\nNAME = 'report-global-100k'\n"
        "print('something went wrong: boom', file=sys.stderr)\nsys.exit(3)\n",
        encoding="utf-8",
    )
    (folder / "silent.py").write_text(
        "from figures import figure\nNAME = 'graphql-10k-p99'  # named, never printed\n", encoding="utf-8"
    )
    (folder / "helper.py").write_text("print('FIGURE not-a-benchmark | 1 | target 2 | met')\n")
    return folder


def test_failed_script_is_not_reported_with_its_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _fake_benchmarks(tmp_path / "benchmarks")
    status = run_all.main(["--smoke", "--dir", str(folder)])
    out = capsys.readouterr().out
    assert status == 1
    assert "| report-global-100k | script failed | | failed | bad.py |" in out
    assert "bad.py failed: exited with 3" in out
    assert "something went wrong: boom" in out


def test_figure_not_printed_or_without_script_is_not_marked_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _fake_benchmarks(tmp_path / "benchmarks")
    run_all.main(["--smoke", "--dir", str(folder)])
    rows = capsys.readouterr().out.splitlines()
    assert "| graphql-vs-cypher | 1.1x | <= 1.3x | smoke | good.py |" in rows
    assert "| graphql-10k-p99 | not printed | | missing | silent.py |" in rows
    assert "| cli-command | missing: no benchmark prints it | | missing | |" in rows
    assert "| extra-figure | 3 s | < 5 s | smoke | good.py |" in rows
    assert not any("not-a-benchmark" in r for r in rows), "a script without figures() was run"
    figure_rows = [r for r in rows if r.startswith("| ") and not r.startswith("| figure") and "---" not in r]
    assert [r.split(" | ")[0][2:] for r in figure_rows[: len(ISSUE_NAMES)]] == ISSUE_NAMES


def test_only_runs_the_script_of_a_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _fake_benchmarks(tmp_path / "benchmarks")
    status = run_all.main(["--smoke", "--only", "graphql-vs-cypher", "--dir", str(folder)])
    captured = capsys.readouterr()
    assert status == 0, "the failing script was run although not asked for"
    assert "running good.py" in captured.err and "bad.py" not in captured.err
    assert "| graphql-vs-cypher | 1.1x |" in captured.out and "cli-command" not in captured.out


def test_figure_line_with_a_bar_in_its_measurement_does_not_parse() -> None:
    found = run_all.Figure.parse("FIGURE x-y | p50 3 | p99 5 ms | target < 9 ms | NOT MET")
    assert found == run_all.Figure("x-y", "p50 3 | p99 5 ms", "< 9 ms", "NOT MET")
    assert run_all.Figure.parse("loaded 3 policies | in 2 s") is None
