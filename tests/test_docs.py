"""Every CLI command and option is documented in the README (as datasette's test_docs does)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from rasd.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_command_is_documented(name: str) -> None:
    assert f"rasd {name}" in README, f"README does not show `rasd {name}`"


@pytest.mark.parametrize(("name", "option"), [
    (name, opt)
    for name, cmd in sorted(main.commands.items())
    for p in cmd.params if isinstance(p, click.Option) and not p.hidden
    for opt in p.opts if opt.startswith("--")
])
def test_option_is_documented(name: str, option: str) -> None:
    assert option in README, f"README does not mention `{option}` of `rasd {name}`"


def test_expected_commands_exist() -> None:
    assert {"extract", "ingest", "stats", "export", "eval"} <= set(main.commands)
