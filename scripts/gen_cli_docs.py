"""Write docs/cli.md from the `--help` of every command, so the reference cannot drift.

    python scripts/gen_cli_docs.py           # rewrite docs/cli.md
    python scripts/gen_cli_docs.py --check   # exit 1 when docs/cli.md is out of date

tests/test_docs.py fails when the file is not what this script would write.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "cli.md"
WIDTH = 100

HEADER = """# Command line reference

Generated from the `--help` of every command by `scripts/gen_cli_docs.py`; do not
edit by hand. After changing a command, run `python scripts/gen_cli_docs.py`
(`tests/test_docs.py` fails while this file is out of date).
"""


def commands(group: click.Command, ctx: click.Context) -> Iterator[tuple[click.Context, click.Command]]:
    """The command and all its subcommands, depth first, in name order."""
    yield ctx, group
    if isinstance(group, click.Group):
        for name in sorted(group.list_commands(ctx)):
            sub = group.get_command(ctx, name)
            if sub is None or getattr(sub, "hidden", False):
                continue
            yield from commands(sub, _context(sub, name, ctx))


def _context(command: click.Command, name: str, parent: click.Context | None) -> click.Context:
    """The context `conflictmap ... --help` would build (context settings included)."""
    return command.make_context(name, [], parent=parent, resilient_parsing=True,
                                terminal_width=WIDTH, max_content_width=WIDTH)


def render() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from conflictmap.cli import main

    root = _context(main, "conflictmap", None)
    parts = [HEADER]
    for ctx, command in commands(main, root):
        parts.append(f"\n## {ctx.command_path}\n\n```text\n{command.get_help(ctx).rstrip()}\n```\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/cli.md is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print(f"{DOC.relative_to(ROOT)} is out of date: run python scripts/gen_cli_docs.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
