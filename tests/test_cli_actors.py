"""`conflictmap actors` commands (the click group mounted by the main CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conflictmap.cli_actors import actors


@pytest.fixture
def user_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "actors.yaml"
    monkeypatch.setenv("CONFLICTMAP_ACTORS", str(path))
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(actors, list(args))
    return result.exit_code, result.output


def test_list_filters_by_country_and_type(user_file: Path) -> None:
    code, out = run("list", "--country", "Burkina", "--type", "2")
    assert code == 0
    lines = out.splitlines()
    assert "Ansaroul Islam\t2\tBurkina Faso\torganisation" in lines
    assert all("\tBurkina Faso\t" in line and "\t2\t" in line for line in lines)
    code, out = run("list", "--type", "international")
    assert "MINUSMA" in out and "Ansar Dine" not in out


def test_show_prints_aliases_and_affiliations(user_file: Path) -> None:
    code, out = run("show", "EIGS")
    assert code == 0
    assert "name:     Islamic State (Sahel)" in out
    assert "ISGS" in out and "pledged_to: Islamic State" in out
    code, out = run("show", "No Such Group")
    assert code != 0 and "no actor named" in out


def test_add_appends_to_the_user_file(user_file: Path) -> None:
    code, out = run("add", "Katiba Test", "--alias", "KT unit", "--alias", "Test Brigade", "--inter", "2",
                    "--country", "Mali")
    assert code == 0, out
    assert "Katiba Test" in user_file.read_text(encoding="utf-8")
    code, out = run("show", "test brigade")
    assert code == 0 and "name:     Katiba Test" in out
    code, out = run("add", "Another Group", "--alias", "GSIM", "--inter", "2")
    assert code != 0 and "already names" in out
    code, out = run("add", "Another Group", "--inter", "9")
    assert code != 0
