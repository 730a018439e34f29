"""Every command has help text and is documented in the README (after sqlite-utils' test_docs.py)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from scpkg.cli.app import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _is_group(command: Any) -> bool:
    # Typer vendors click privately, so a group is recognised by what it has, not by its class.
    return hasattr(command, "commands")


def _commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    if _is_group(group):
        for name, command in sorted(group.commands.items()):
            yield from _commands(command, (*path, name))
    yield " ".join(("scpkg", *path)), group


COMMANDS = list(_commands(typer.main.get_command(app)))


def test_there_are_commands() -> None:
    assert len(COMMANDS) > 1, "the command tree collapsed: only the root was found"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_command_has_help(name: str, command: Any) -> None:
    assert (command.help or "").strip(), f"{name} has no help text"
    result = CliRunner().invoke(app, [*name.split()[1:], "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_command_is_in_readme(name: str, command: Any) -> None:
    if _is_group(command):
        # A group is documented through its commands; the root through the whole section.
        assert any(n.startswith(name + " ") for n, _ in COMMANDS)
        return
    assert f"`{name}" in README, f"{name} is not documented in README.md"
