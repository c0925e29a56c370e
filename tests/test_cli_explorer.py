"""The explorer's CLI commands (export, events) through click's runner."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from conflictmap.cli_explorer import events, export_cmd, serve
from explorer_fixtures import expected_events, explorer_db  # noqa: F401  (fixture)


def test_export_to_file(explorer_db, tmp_path):  # noqa: F811
    out = tmp_path / "mali.csv"
    result = CliRunner().invoke(export_cmd, ["--format", "acled-csv", "-o", str(out), "--db", explorer_db,
                                             "--country", "Mali"])
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(out)) == len(expected_events(explorer_db, country="Mali"))


def test_export_to_stdout_geojson(explorer_db):  # noqa: F811
    result = CliRunner().invoke(export_cmd, ["--format", "geojson", "--db", explorer_db, "--event-type", "Battles"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["features"]) == len(expected_events(explorer_db, event_type="Battles"))


def test_events_table_and_jsonl(explorer_db):  # noqa: F811
    runner = CliRunner()
    table = runner.invoke(events, ["--db", explorer_db, "--country", "Niger", "--limit", "3"])
    assert table.exit_code == 0 and table.stdout.splitlines()[0].startswith("event_date")
    assert len(table.stdout.splitlines()) == 2 + 3
    lines = runner.invoke(events, ["--db", explorer_db, "--format", "jsonl", "--actor", "jnim"]).stdout.splitlines()
    assert {json.loads(x)["event_id"] for x in lines} == {e["event_id"] for e in expected_events(explorer_db, actor="jnim")}


def test_actor_alias(explorer_db):  # noqa: F811
    pytest.importorskip("conflictmap.stages.actors")
    jnim = "JNIM: Group for Support of Islam and Muslims"
    lines = CliRunner().invoke(events, ["--db", explorer_db, "--format", "jsonl", "--actor", "GSIM"]).stdout.splitlines()
    expected = {e["event_id"] for e in expected_events(explorer_db)
                if jnim in (e["actor1"], e["actor2"], *e["assoc_actor_1"], *e["assoc_actor_2"])}
    assert {json.loads(x)["event_id"] for x in lines} == expected and expected


def test_bad_input_is_a_clear_error(explorer_db, tmp_path):  # noqa: F811
    runner = CliRunner()
    bad_date = runner.invoke(events, ["--db", explorer_db, "--date-from", "2021-02-30"])
    assert bad_date.exit_code == 2 and "date" in bad_date.output
    missing = runner.invoke(events, ["--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no database" in missing.output
    assert runner.invoke(export_cmd, ["--format", "xlsx", "--db", explorer_db]).exit_code == 2
    assert "--port" in runner.invoke(serve, ["--help"]).output
