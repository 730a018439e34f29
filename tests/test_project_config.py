"""Guards against configuration that silently does nothing: misnamed tool tables, rules ruff never reads."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# Tables each tool actually reads; anything else under [tool.<name>] is a typo that the tool ignores.
KNOWN_TOOL_TABLES = {
    "ruff": {"line-length", "target-version", "extend-exclude", "lint"},
    "pytest": {"ini_options"},
    "setuptools": {"package-dir", "packages", "package-data"},
}


def test_tool_tables_are_ones_the_tools_read() -> None:
    for tool, keys in PYPROJECT["tool"].items():
        assert tool in KNOWN_TOOL_TABLES, f"[tool.{tool}] is not a table any configured tool reads"
        unknown = set(keys) - KNOWN_TOOL_TABLES[tool]
        assert not unknown, f"[tool.{tool}] has keys the tool would ignore: {sorted(unknown)}"


def test_ruff_reads_the_project_settings() -> None:
    """If ruff ignored [tool.ruff.lint] the selected rule families would be missing from its settings."""
    ruff = Path(sys.executable).with_name("ruff")
    settings = subprocess.run(
        [str(ruff), "check", "--show-settings", str(ROOT / "scpkg" / "iris.py")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    assert "linter.line_length = 110" in settings
    # flake8-bandit (S) is only on because pyproject selects it; its S101 is ignored there.
    assert "hardcoded-bind-all-interfaces (S104)" in settings
    assert "assert (S101)" not in settings.split("linter.rules.enabled")[1].split("]")[0]


def test_every_ignored_ruff_rule_says_why() -> None:
    """Each ignored rule carries a comment on the line above (STYLE.md)."""
    lines = (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    start = lines.index("ignore = [")
    end = lines.index("]", start)
    for i in range(start + 1, end):
        line = lines[i].strip()
        if line.startswith('"'):
            before = lines[i - 1].strip()
            assert before.startswith("#") or before.startswith('"'), f"ruff ignore {line} has no reason"
