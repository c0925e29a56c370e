"""Shared fixtures: builders with sensible defaults, a real PostgreSQL server, the
loaded extractor (once per session), and the store under both backends."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

from conflictmap.models import Document, Event, EventDate, Evidence, Place  # noqa: E402


# -- builders ------------------------------------------------------------------------
def make_document(text: str = "Gunmen attacked the village of Solhan on Friday, killing 12 people.",
                  **kw) -> Document:
    from conflictmap.models import content_id

    values = {"id": content_id(text), "text": text, "source": "test", "fmt": "txt",
              "published": "2021-06-07", "language": "en"}
    values.update(kw)
    return Document(**values)


def make_event(article_id: str = "a1", event_id: str = "e1", **kw) -> Event:
    values = dict(
        article_id=article_id, event_id=event_id, kind="event",
        date=EventDate("2021-06-04", "2021-06-04", "day", "Friday"),
        event_type="Violence against civilians", sub_event_type="Attack",
        actor1="Unidentified Armed Group (Burkina Faso)", inter1=3,
        actor2="Civilians (Burkina Faso)", inter2=7, civilian_targeting=True, country="Burkina Faso",
        place=Place(text="Solhan", start=31, end=37, name="Solhan", latitude=13.41, longitude=0.55,
                    country="BF", admin1="Sahel", admin2="Yagha", geo_precision=1, where_prec=1,
                    source="test"),
        fatalities=12, evidence=[Evidence("event_type", 7, 15, "attacked", "test")], confidence=0.8,
        language="en", stage="test.v1",
    )
    values.update(kw)
    return Event(**values)


@pytest.fixture
def document_factory():
    return make_document


@pytest.fixture
def event_factory():
    return make_event


# -- the real extractor, loaded once ----------------------------------------------------
@pytest.fixture(scope="session")
def extractor():
    from conflictmap.pipeline import Extractor

    return Extractor.default()


# -- PostgreSQL: a real server in a temporary cluster -----------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="session")
def postgres_url():
    """Start a throwaway PostgreSQL cluster for the session; stop it at the end."""
    if os.environ.get("CONFLICTMAP_TEST_PG"):
        yield os.environ["CONFLICTMAP_TEST_PG"]
        return
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not installed (run `make system-deps`)")
    base = Path(tempfile.mkdtemp(prefix="cm-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    run_as: list[str] = []
    if os.geteuid() == 0:
        # initdb refuses to run as root: use the postgres system user
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run(run_as + [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                             "--no-sync", "-E", "UTF8"], check=True, capture_output=True)
    opts = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(run_as + [str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-w", "-l",
                             str(base / "log"), "start"], check=True, capture_output=True)
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    try:
        yield url
    finally:
        subprocess.run(run_as + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_database(postgres_url):
    """A fresh database on the session's server."""
    import psycopg

    name = f"cm_{int(time.time() * 1000) % 10**9}_{os.getpid()}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = postgres_url.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """The store under both backends: every test using it runs twice."""
    from conflictmap.store import open_store

    if request.param == "sqlite":
        s = open_store(str(tmp_path / "test.db"))
    else:
        s = open_store(request.getfixturevalue("pg_database"))
    yield s
    s.close()
