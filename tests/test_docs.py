"""Docs that cannot drift: docs/cli.md is what scripts/gen_cli_docs.py writes from
the `--help` of every command, and every command and option is in it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import click

from conflictmap.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "cli.md"


def _gen():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == _gen().render(), \
        "docs/cli.md is out of date: run `python scripts/gen_cli_docs.py`"


def _all_commands(group: click.Group, prefix: str = "conflictmap"):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from _all_commands(command, f"{prefix} {name}")


def test_every_command_and_option_is_documented():
    text = DOC.read_text(encoding="utf-8")
    found = list(_all_commands(main))
    assert {"conflictmap ingest", "conflictmap extract", "conflictmap status", "conflictmap stages"} <= {
        path for path, _ in found}
    for path, command in found:
        assert f"\n## {path}\n" in text, f"{path} is not in docs/cli.md"
        section = text.split(f"\n## {path}\n", 1)[1].split("\n## ", 1)[0]
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("-"):
                    assert opt in section, f"{path} {opt} is not documented"
