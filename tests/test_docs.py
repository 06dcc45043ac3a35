"""Every CLI command and option is documented in the README (as datasette's test_docs does)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from rasd.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
# every command, those imported only when named (SafeGroup.lazy_commands) included
COMMANDS = {name: main.get_command(click.Context(main), name) for name in main.list_commands(click.Context(main))}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_documented(name: str) -> None:
    assert f"rasd {name}" in README, f"README does not show `rasd {name}`"


@pytest.mark.parametrize(("name", "option"), [
    (name, opt)
    for name, cmd in sorted(COMMANDS.items())
    for p in cmd.params if isinstance(p, click.Option) and not p.hidden
    for opt in p.opts if opt.startswith("--")
])
def test_option_is_documented(name: str, option: str) -> None:
    assert option in README, f"README does not mention `{option}` of `rasd {name}`"


def test_expected_commands_exist() -> None:
    assert {"extract", "ingest", "stats", "export", "eval", "serve", "spark", "fuse", "incidents", "incident"} <= set(
        COMMANDS)
    assert all(isinstance(cmd, click.Command) for cmd in COMMANDS.values())
