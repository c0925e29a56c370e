"""The store under SQLite and a real PostgreSQL: one schema, migrations, round trips,
queries, corrections that survive re-processing, and clear errors."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from conflictmap.errors import StoreError, StoreLocked, StoreReadOnly
from conflictmap.models import Extraction, Failure, Relation
from conflictmap.store import EventQuery, open_store
from conflictmap.store.schema import MIGRATIONS
from conftest import make_document, make_event


def test_migrations_are_recorded_once(store):
    versions = [m["version"] for m in store.migrations()]
    assert versions == [v for v, _, _ in MIGRATIONS]
    assert store.migrate() == []


def test_round_trip_of_an_extraction(store):
    doc = make_document()
    event = make_event(article_id=doc.id)
    relation = Relation(article_id=doc.id, relation="affiliated_with", actor_a="A", actor_b="B")
    store.save_extraction(Extraction(document=doc, events=[event], relations=[relation]))
    row = store.get_event("e1")
    assert row["actor1"] == event.actor1
    assert row["fatalities"] == 12
    assert row["evidence"][0]["text"] == "attacked"
    assert row["latitude"] == pytest.approx(13.41)
    article = store.get_article(doc.id)
    assert article["text"] == doc.text
    assert store.relations(article_id=doc.id)[0]["actor_b"] == "B"


def test_saving_twice_changes_nothing(store):
    doc = make_document()
    extraction = Extraction(document=doc, events=[make_event(article_id=doc.id)])
    store.save_extraction(extraction)
    store.save_extraction(extraction)
    rows, total = store.query_events(EventQuery())
    assert total == 1 and len(rows) == 1
    assert store.summary()["articles"] == 1


def test_filters(store):
    doc = make_document()
    events = [
        make_event(article_id=doc.id, event_id="e1"),
        make_event(article_id=doc.id, event_id="e2", country="Mali", event_type="Battles",
                   sub_event_type="Armed clash", actor1="JNIM: Group for Support of Islam and Muslims",
                   fatalities=3),
        make_event(article_id=doc.id, event_id="e3", kind="aggregate", fatalities=100),
    ]
    store.save_extraction(Extraction(document=doc, events=events))
    assert store.query_events(EventQuery(country="mali"))[1] == 1
    assert store.query_events(EventQuery(actor="jnim"))[1] == 1
    assert store.query_events(EventQuery(min_fatalities=10))[1] == 1
    assert store.query_events(EventQuery(kind=None))[1] == 3
    assert store.query_events(EventQuery(event_type="Battles"))[1] == 1
    assert store.query_events(EventQuery(bbox=(0.0, 13.0, 1.0, 14.0)))[1] == 2
    assert store.query_events(EventQuery(date_from="2021-06-05"))[1] == 0
    assert store.query_events(EventQuery(q="attacked"))[1] == 2
    assert store.query_events(EventQuery(q="Solhan"))[1] == 2   # article text


def test_corrections_are_audited_and_survive_reprocessing(store):
    doc = make_document()
    extraction = Extraction(document=doc, events=[make_event(article_id=doc.id)])
    store.save_extraction(extraction)
    store.correct_event("e1", who="analyst", changes={"fatalities": 11}, note="hospital count")
    store.save_extraction(extraction)        # re-processing writes fatalities=12 again
    assert store.get_event("e1")["fatalities"] == 11
    audit = store.corrections("e1")
    assert audit[0]["before"] == 12 and audit[0]["after"] == 11 and audit[0]["who"] == "analyst"
    store.correct_event("e1", who="analyst", action="reject")
    assert store.query_events(EventQuery())[1] == 0


def test_failures_are_listed(store):
    store.record_failure(Failure("bad.txt", "ingest.v1", "BinaryInput", "the input is binary"))
    assert store.failures()[0]["source"] == "bad.txt"


def test_read_only_database_gives_a_clear_error(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    path = tmp_path / "ro.db"
    open_store(str(path)).close()
    path.chmod(stat.S_IREAD)
    store = open_store(str(path))
    with pytest.raises(StoreReadOnly, match="read-only"):
        store.save_extraction(Extraction(document=make_document()))
    assert store.summary()["articles"] == 0


def test_read_only_directory_gives_a_clear_error(tmp_path):
    path = tmp_path / "sub"
    path.mkdir()
    db = path / "x.db"
    open_store(str(db)).close()
    uri = f"file:{db}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    store = open_store(str(db))
    store.engine.dispose()
    conn.close()
    from conflictmap.store import _make_engine

    store.engine = _make_engine(f"sqlite:///{db}", readonly=True)
    store.readonly = True
    with pytest.raises(StoreReadOnly):
        store.save_extraction(Extraction(document=make_document()))


def test_locked_database_gives_a_clear_error_and_loses_nothing(tmp_path):
    path = tmp_path / "locked.db"
    store = open_store(str(path))
    first = make_document("A first article about an attack in Gao.")
    store.save_extraction(Extraction(document=first))
    blocker = sqlite3.connect(str(path), timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreLocked, match="locked"):
            store.save_extraction(Extraction(document=make_document("Another article.")))
    finally:
        blocker.rollback()
        blocker.close()
    assert store.summary()["articles"] == 1
    assert store.get_article(first.id) is not None


def test_missing_database_without_create(tmp_path):
    with pytest.raises(StoreError, match="no database"):
        open_store(str(tmp_path / "none.db"), create=False)


def _ids(store, query):
    return sorted(r["event_id"] for r in store.query_events(query)[0])


def test_exact_actor_names_in_every_role(store):
    """actor_names (what the API resolves `actor` to) matches main and associated actors
    exactly, accents and LIKE wildcards included, like the substring filter does."""
    from sqlalchemy import text

    from conflictmap.store.query import actor_names_sql

    doc = make_document()
    odd = "Koglweogo de Tô 100%_sure"
    events = [
        make_event(article_id=doc.id, event_id="e1", actor1="JNIM", actor2="Civilians (Mali)"),
        make_event(article_id=doc.id, event_id="e2", actor1="Military Forces of Mali", actor2="JNIM"),
        make_event(article_id=doc.id, event_id="e3", actor1="Islamic State (Sahel)", assoc_actor_1=["JNIM"]),
        make_event(article_id=doc.id, event_id="e4", actor1="VDP", assoc_actor_2=[odd, "Dozo"]),
        make_event(article_id=doc.id, event_id="e5", actor1="Koglweogo de To", actor2=None, inter2=None),
        make_event(article_id=doc.id, event_id="e6", actor1="JNIM-affiliated militia", kind="aggregate"),
    ]
    store.save_extraction(Extraction(document=doc, events=events))
    assert _ids(store, EventQuery(actor_names=("JNIM",))) == ["e1", "e2", "e3"]
    assert _ids(store, EventQuery(actor_names=("JNIM",), kind=None)) == ["e1", "e2", "e3"]
    assert _ids(store, EventQuery(actor_names=(odd,))) == ["e4"]
    assert _ids(store, EventQuery(actor_names=("Koglweogo de To",))) == ["e5"]   # no wildcard, no accent folding
    assert _ids(store, EventQuery(actor_names=("Dozo", "VDP"))) == ["e4"]
    assert _ids(store, EventQuery(actor_names=())) == []
    assert _ids(store, EventQuery(actor_names=("JNIM",), country="Burkina Faso", limit=2)) == ["e1", "e2"]
    # the substring filter finds the same events for a name no other name contains
    assert _ids(store, EventQuery(actor="islamic state")) == _ids(store, EventQuery(actor_names=("Islamic State (Sahel)",)))
    with store.engine.connect() as conn:
        names = {r[0] for r in conn.execute(text(actor_names_sql(store.dialect)))}
    assert names == {"JNIM", "Civilians (Mali)", "Military Forces of Mali", "Islamic State (Sahel)", "VDP", odd,
                     "Dozo", "Koglweogo de To", "JNIM-affiliated militia", "Civilians (Burkina Faso)"}


def test_date_windows_keep_long_events_and_pages_keep_order(store):
    """A window matches every event whose date range overlaps it, however long the range
    (the SQLite lower bound on date_start is derived from the longest range)."""
    from conflictmap.models import EventDate

    doc = make_document()
    events = [make_event(article_id=doc.id, event_id=f"e{i:02d}", fatalities=i,
                         date=EventDate(f"2021-{1 + i % 12:02d}-{1 + i:02d}", f"2021-{1 + i % 12:02d}-{1 + i:02d}", "day"))
              for i in range(20)]
    events.append(make_event(article_id=doc.id, event_id="long", date=EventDate("2015-01-01", "2021-12-31", "year")))
    events.append(make_event(article_id=doc.id, event_id="before", date=EventDate("2014-01-01", "2014-12-31", "year")))
    store.save_extraction(Extraction(document=doc, events=events))
    window = EventQuery(date_from="2021-06-01", date_to="2021-06-30")
    assert "long" in _ids(store, window) and "before" not in _ids(store, window)
    assert _ids(store, window) == sorted(e.event_id for e in events if e.date.end >= "2021-06-01" and e.date.start <= "2021-06-30")
    assert _ids(store, EventQuery(date_from="2014-06-01", date_to="2014-06-01")) == ["before"]
    every = [r["event_id"] for r in store.query_events(EventQuery(sort="-fatalities"))[0]]
    pages = [r["event_id"] for off in range(0, 22, 5)
             for r in store.query_events(EventQuery(sort="-fatalities", limit=5, offset=off))[0]]
    assert pages == every and len(every) == 22
    rows, total = store.query_events(EventQuery(sort="fatalities", limit=3, offset=2))
    assert total == 22 and [r["fatalities"] for r in rows] == sorted(r["fatalities"] for r in rows)


def test_stats_weeks_in_sql_match_python(store):
    """event_stats buckets days into ISO weeks in SQL (both dialects) as week_of does."""
    from conflictmap.models import EventDate
    from conflictmap.stats import event_stats, week_of

    doc = make_document()
    days = ["2021-01-03", "2021-01-04", "2021-01-10", "2021-01-11", "2020-12-31", "2021-02-28", None]
    events = [make_event(article_id=doc.id, event_id=f"e{i}", fatalities=i,
                         date=EventDate(d, d, "day") if d else EventDate())
              for i, d in enumerate(days)]
    store.save_extraction(Extraction(document=doc, events=events))
    got = event_stats(store, EventQuery())
    expected: dict[str, int] = {}
    for d in days:
        if d:
            expected[week_of(d)] = expected.get(week_of(d), 0) + 1
    assert {w["week"]: w["events"] for w in got["by_week"]} == expected
    assert got["undated"] == {"events": 1, "fatalities": 6} and got["total"]["events"] == len(days)
