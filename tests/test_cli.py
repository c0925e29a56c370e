"""The command line as a user meets it: `ingest` on good and bad inputs, `status`,
`stages`, and a database that is read-only or locked by another process. The
extractor is replaced by a fast stand-in; the CLI code path is the real one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conflictmap import pipeline
from conflictmap.cli import main
from conflictmap.store import open_store
from qa_helpers import FakeExtractor

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "seedlike"


@pytest.fixture
def fake_extractor(monkeypatch):
    extractor = FakeExtractor()
    monkeypatch.setattr(pipeline.Extractor, "default", classmethod(lambda cls, *a, **k: extractor))
    return extractor


@pytest.fixture
def runner():
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:          # click >= 8.2 keeps stderr apart by default
        return CliRunner()


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(DATA, folder)
    (folder / "expected.yaml").unlink()
    (folder / "zz_empty.txt").write_text("", encoding="utf-8")
    (folder / "zz_rows.jsonl").write_text('{"text": "broken\n', encoding="utf-8")
    return folder


def test_ingest_reports_what_it_did_and_names_each_failure(runner, fake_extractor, inputs, tmp_path):
    db = str(tmp_path / "cm.db")
    result = runner.invoke(main, ["ingest", str(inputs), "--db", db, "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "read 3 articles: 3 stored, 0 unchanged" in result.stdout
    assert f"database: {db}" in result.stdout
    assert f"failed: {inputs / 'zz_empty.txt'}: the input is empty" in result.stderr
    assert f"failed: {inputs / 'zz_rows.jsonl'}:1: line 1 is not valid JSON" in result.stderr
    again = runner.invoke(main, ["ingest", str(inputs), "--db", db, "--no-progress"])
    assert "read 3 articles: 0 stored, 3 unchanged" in again.stdout


def test_ingest_json_report(runner, fake_extractor, inputs, tmp_path):
    result = runner.invoke(main, ["ingest", str(inputs), "--db", str(tmp_path / "cm.db"), "--json"])
    report = json.loads(result.stdout)
    assert report["stored"] == 3 and report["interrupted"] is False
    assert {f["error"] for f in report["failures"]} == {"EmptyInput", "MalformedRecord"}


def test_ingest_shows_a_progress_bar_with_rate_and_eta(runner, fake_extractor, inputs, tmp_path):
    result = runner.invoke(main, ["ingest", str(inputs), "--db", str(tmp_path / "cm.db")])
    assert result.exit_code == 0
    bar = result.stderr
    assert "extracting:" in bar and "3/3" in bar and "article/s" in bar and "<" in bar   # elapsed<remaining


def test_ingest_refuses_a_published_date_it_cannot_read(runner, fake_extractor, inputs, tmp_path):
    result = runner.invoke(main, ["ingest", str(inputs), "--db", str(tmp_path / "cm.db"), "--published", "last week"])
    assert result.exit_code == 2 and "--published 'last week' is not a date; use YYYY-MM-DD" in result.stderr
    assert not (tmp_path / "cm.db").exists()


def test_ingest_published_flag_is_used_only_where_metadata_has_no_date(runner, fake_extractor, tmp_path):
    db = str(tmp_path / "cm.db")
    result = runner.invoke(main, ["ingest", str(DATA / "en_feature_with_caption.txt"),
                                  str(DATA / "fr_reprise_avec_habillage.txt"), "--db", db,
                                  "--published", "2019-05-16", "--no-progress"])
    assert result.exit_code == 0, result.output
    store = open_store(db)
    dates = {Path(a["source"]).name: (a["published"], a["published_source"]) for a in store.list_articles()[0]}
    assert dates == {"en_feature_with_caption.txt": ("2019-05-16", "flag"),
                     "fr_reprise_avec_habillage.txt": ("2023-03-14", "text")}


def test_an_interrupted_ingest_says_how_to_resume(runner, monkeypatch, inputs, tmp_path):
    extractor = FakeExtractor(interrupt_after=1)
    monkeypatch.setattr(pipeline.Extractor, "default", classmethod(lambda cls, *a, **k: extractor))
    db = str(tmp_path / "cm.db")
    result = runner.invoke(main, ["ingest", str(inputs), "--db", db, "--no-progress"])
    assert result.exit_code == 130
    assert "interrupted: run the same command again to resume where it stopped" in result.stderr
    monkeypatch.setattr(pipeline.Extractor, "default", classmethod(lambda cls, *a, **k: FakeExtractor()))
    again = runner.invoke(main, ["ingest", str(inputs), "--db", db, "--no-progress"])
    assert "read 3 articles: 2 stored, 1 unchanged" in again.stdout
    assert open_store(db).summary()["articles"] == 3


def test_status_lists_articles_runs_and_failures(runner, fake_extractor, inputs, tmp_path):
    db = str(tmp_path / "cm.db")
    runner.invoke(main, ["ingest", str(inputs), "--db", db, "--no-progress"])
    result = runner.invoke(main, ["status", "--db", db])
    assert result.exit_code == 0
    out = result.stdout
    assert "articles: 3 {'done': 3}" in out and "'en': 2" in out and "'fr': 1" in out
    assert "run 1 done" in out and "failures (2):" in out
    assert f"[EmptyInput] {inputs / 'zz_empty.txt'}: the input is empty" in out
    assert f"[MalformedRecord] {inputs / 'zz_rows.jsonl'}:1: line 1 is not valid JSON" in out
    as_json = json.loads(runner.invoke(main, ["status", "--db", db, "--json"]).stdout)
    assert as_json["summary"]["failures"] == 2 and len(as_json["failures"]) == 2


def test_status_of_a_missing_database_says_what_to_do(runner, tmp_path):
    result = runner.invoke(main, ["status", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no database at" in result.stderr and "conflictmap ingest" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_stages_lists_every_stage_in_order(runner):
    result = runner.invoke(main, ["stages"])
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == [name for name, _, _ in pipeline.STAGES]
    assert "reads Extraction" in result.stdout


# -- a database that cannot be written ------------------------------------------------------------
def _make_read_only(path: Path) -> str:
    """Make the file read-only even for root (chattr +i); returns how."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return "chmod"
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0:
        return "chattr"
    pytest.skip("running as root on a file system without chattr +i: a read-only file cannot be made")


def _undo_read_only(path: Path, how: str) -> None:
    if how == "chattr":
        subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o644)


def test_a_read_only_database_is_refused_clearly_and_keeps_its_rows(runner, fake_extractor, tmp_path):
    db = tmp_path / "ro.db"
    first = runner.invoke(main, ["ingest", str(DATA / "en_feature_with_caption.txt"), "--db", str(db),
                                 "--no-progress", "--published", "2019-05-16"])
    assert first.exit_code == 0
    how = _make_read_only(db)
    try:
        result = runner.invoke(main, ["ingest", str(DATA), "--db", str(db), "--no-progress"])
        assert result.exit_code == 1
        assert f"error: {db}: the database file is read-only; use --db to choose a writable one" in result.stderr
        assert "nothing already stored was lost" in result.stderr
        status = runner.invoke(main, ["status", "--db", str(db)])      # reading still works
        assert status.exit_code == 0 and "articles: 1 {'done': 1}" in status.stdout
    finally:
        _undo_read_only(db, how)
    assert open_store(str(db)).summary()["articles"] == 1


LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], timeout=0)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
conn.rollback()
"""


@pytest.fixture
def lock_from_another_process():
    """Hold an exclusive lock on a SQLite file from a separate process."""
    procs = []

    def lock(path: Path) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(path)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)
        procs.append(proc)
        assert proc.stdout.readline().strip() == "locked"
        return proc

    yield lock
    for proc in procs:
        if proc.poll() is None:
            proc.stdin.close()
            proc.wait(timeout=10)


def test_a_database_locked_by_another_process_is_refused_clearly(runner, fake_extractor, tmp_path,
                                                                   lock_from_another_process):
    db = tmp_path / "locked.db"
    runner.invoke(main, ["ingest", str(DATA / "en_feature_with_caption.txt"), "--db", str(db), "--no-progress"])
    locker = lock_from_another_process(db)
    result = runner.invoke(main, ["ingest", str(DATA), "--db", str(db), "--no-progress"])
    assert result.exit_code == 1
    assert f"error: {db}: the database is locked by another process" in result.stderr
    assert "wait for it or use another --db" in result.stderr
    locker.stdin.close()
    locker.wait(timeout=10)
    again = runner.invoke(main, ["ingest", str(DATA), "--db", str(db), "--no-progress"])
    assert "read 3 articles: 2 stored, 1 unchanged" in again.stdout
    assert open_store(str(db)).summary()["articles"] == 3


def test_a_lock_taken_in_the_middle_of_a_batch_loses_nothing(tmp_path, lock_from_another_process):
    """Another process locks the database after two articles: the run stops with a
    clear StoreLocked, the two stay stored, and the next run stores the rest once."""
    from conflictmap.errors import StoreLocked

    folder = tmp_path / "in"
    folder.mkdir()
    for i, name in enumerate(sorted(p.name for p in DATA.glob("*.txt"))):
        shutil.copy(DATA / name, folder / f"{i}_{name}")
    (folder / "3_more.txt").write_text(
        "Gunmen on motorcycles attacked a market near Sokolo on Friday, killing five traders, residents said. "
        "The attackers set fire to stalls and drove away cattle before the army arrived in the evening.",
        encoding="utf-8")
    db = tmp_path / "mid.db"
    store = open_store(str(db))

    lockers: list[subprocess.Popen] = []

    class LockingExtractor(FakeExtractor):
        def extract_many(self, docs):
            for n, result in enumerate(super().extract_many(docs)):
                if n == 2:
                    lockers.append(lock_from_another_process(db))
                yield result

    with pytest.raises(StoreLocked, match="locked by another process"):
        pipeline.ingest([str(folder)], store, extractor=LockingExtractor())
    lockers[0].stdin.close()
    lockers[0].wait(timeout=10)
    assert store.summary()["articles"] == 2
    extractor = FakeExtractor()
    report = pipeline.ingest([str(folder)], store, extractor=extractor)
    assert (report.unchanged, report.stored) == (2, 2) and len(extractor.seen) == 2
    assert store.summary()["articles"] == 4 and store.summary()["events"] == 4
    store.close()


def test_ingest_of_a_loopback_url_needs_allow_private(runner, fake_extractor, tmp_path):
    from qa_helpers import http_server, page

    text = ("Gunmen on motorcycles attacked an army checkpoint near Boulkessi on Tuesday, killing four soldiers "
            "and wounding three others, a military source said. The attackers took two vehicles before "
            "withdrawing towards the forest, residents said.")
    db = str(tmp_path / "cm.db")
    with http_server({"/a.html": page(f"<p>{text}</p>", title="Checkpoint attack")}) as base:
        refused = runner.invoke(main, ["ingest", base + "/a.html", "--db", db, "--no-progress"])
        assert refused.exit_code == 0
        assert f"failed: {base}/a.html: refusing to fetch from 127.0.0.1" in refused.stderr
        assert "pass --allow-private to allow it" in refused.stderr
        allowed = runner.invoke(main, ["ingest", base + "/a.html", "--db", db, "--no-progress", "--allow-private",
                                       "--timeout", "5", "--published", "2019-05-16"])
    assert "read 1 articles: 1 stored" in allowed.stdout, allowed.output
    [article] = open_store(db).list_articles()[0]
    assert article["url"] == base + "/a.html" and article["published"] == "2019-05-16"
