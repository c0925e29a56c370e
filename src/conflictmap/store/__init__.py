"""The store: one schema on SQLite (default, a file) or PostgreSQL (`postgresql://...`).

    store = open_store("conflictmap.db")        # creates and migrates
    store.save_extraction(extraction, run_id)    # one transaction per article
    rows, total = store.query_events(EventQuery(country="Mali"))

Writes for one article happen in one transaction: an article and its events,
relations and places are all stored or none are. Re-saving an article replaces its
rows and re-applies analyst corrections, so corrections survive re-processing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from .. import __version__
from ..errors import StoreError, StoreLocked, StoreReadOnly
from ..models import Document, Event, Extraction, Failure, Place, Relation
from . import schema
from .query import EventQuery, count_events, select_events
from .schema import (
    article_links,
    articles,
    corrections,
    events,
    failures,
    now,
    places,
    relations,
    runs,
    signatures,
)

__all__ = ["EventQuery", "Store", "open_store", "EDITABLE_FIELDS"]

log = logging.getLogger(__name__)

# Event fields an analyst may correct.
EDITABLE_FIELDS = {
    "kind", "event_date", "date_start", "date_end", "time_precision", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "civilian_targeting", "country", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "where_prec", "geonameid", "fatalities",
    "fatalities_low", "fatalities_high",
}


def _engine_url(db: str) -> str:
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if db.startswith("postgresql+"):
        return db
    if db.startswith("sqlite:"):
        return db
    return f"sqlite:///{db}"


def _set_sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def open_store(db: str, *, create: bool = True) -> Store:
    """Open (and by default create and migrate) the store at a path or URL."""
    url = _engine_url(db)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        path = Path(url[len("sqlite:///"):])
        if not path.exists() and not create:
            raise StoreError(f"no database at {path}; run `conflictmap ingest` first", source=str(path))
        if path.exists() and not os.access(path, os.W_OK):
            return Store(_make_engine(url, readonly=True), db, readonly=True)
        if not path.exists() and not os.access(path.parent if str(path.parent) else Path("."), os.W_OK):
            raise StoreReadOnly(f"cannot create a database in {path.parent}: the directory is not writable", source=str(path))
    store = Store(_make_engine(url), db)
    if create:
        store.migrate()
    return store


def _make_engine(url: str, readonly: bool = False) -> Engine:
    if url.startswith("sqlite"):
        if readonly:
            path = url[len("sqlite:///"):]
            engine = create_engine(
                "sqlite://", creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True,
                                                             check_same_thread=False))
        else:
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 5})
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _translate(exc: Exception, where: str) -> StoreError:
    message = str(getattr(exc, "orig", exc))
    lowered = message.lower()
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        return StoreReadOnly(f"the database is read-only ({message}); use --db to choose a writable one", source=where)
    if "locked" in lowered or "busy" in lowered:
        return StoreLocked(f"the database is locked by another process ({message}); wait for it or use another --db", source=where)
    return StoreError(message, source=where)


class Store:
    """Articles, events, relations, places, failures and corrections in one database."""

    def __init__(self, engine: Engine, db: str, readonly: bool = False) -> None:
        self.engine = engine
        self.db = db
        self.readonly = readonly

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        if self.readonly:
            raise StoreReadOnly("the database file is read-only; use --db to choose a writable one", source=self.db)
        try:
            with self.engine.begin() as conn:
                yield conn
        except (OperationalError, DBAPIError) as exc:
            raise _translate(exc, self.db) from exc

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except (OperationalError, DBAPIError) as exc:
            raise _translate(exc, self.db) from exc

    def close(self) -> None:
        self.engine.dispose()

    # -- schema -------------------------------------------------------------
    def migrate(self) -> list[int]:
        if self.readonly:
            return []
        with self._tx() as conn:
            applied = schema.migrate(conn)
        if applied:
            log.info("applied migrations %s to %s", applied, self.db)
        return applied

    def migrations(self) -> list[dict[str, Any]]:
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(schema.schema_migrations).order_by(schema.schema_migrations.c.version))]

    # -- runs ---------------------------------------------------------------
    def start_run(self, inputs: list[str]) -> int:
        with self._tx() as conn:
            result = conn.execute(insert(runs).values(
                started_at=now(), status="running", inputs=inputs, version=__version__))
            return int(result.inserted_primary_key[0])

    def finish_run(self, run_id: int, counts: dict[str, Any], status: str = "done") -> None:
        with self._tx() as conn:
            conn.execute(update(runs).where(runs.c.id == run_id).values(
                finished_at=now(), status=status, counts=counts))

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(runs).order_by(runs.c.id.desc()).limit(limit))]

    # -- articles -------------------------------------------------------------
    def known_articles(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        with self._read() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                found.update(r[0] for r in conn.execute(select(articles.c.id).where(articles.c.id.in_(chunk))))
        return found

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        with self._read() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
            return dict(row._mapping) if row else None

    def list_articles(self, limit: int = 50, offset: int = 0, status: str | None = None) -> tuple[list[dict[str, Any]], int]:
        cols = [c for c in articles.c if c.name != "text"]
        stmt = select(*cols)
        count = select(func.count()).select_from(articles)
        if status:
            stmt = stmt.where(articles.c.status == status)
            count = count.where(articles.c.status == status)
        with self._read() as conn:
            rows = [dict(r._mapping) for r in conn.execute(
                stmt.order_by(articles.c.published.desc().nulls_last(), articles.c.id).limit(limit).offset(offset))]
            total = conn.execute(count).scalar_one()
        return rows, int(total)

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        with self._read() as conn:
            for row in conn.execute(select(signatures.c.article_id, signatures.c.minhash)):
                yield row[0], bytes(row[1])

    def save_extraction(self, extraction: Extraction, *, run_id: int | None = None,
                        status: str = "done", signature: bytes | None = None,
                        duplicate_score: float | None = None) -> None:
        """Store one article with everything extracted from it, in one transaction."""
        doc = extraction.document
        with self._tx() as conn:
            if self.dialect == "sqlite":   # before the events: the subquery reads them
                conn.execute(text("DELETE FROM articles_fts WHERE article_id = :a"), {"a": doc.id})
                conn.execute(text(
                    "DELETE FROM events_fts WHERE event_id IN (SELECT event_id FROM events WHERE article_id = :a)"),
                    {"a": doc.id})
            conn.execute(delete(events).where(events.c.article_id == doc.id))
            conn.execute(delete(relations).where(relations.c.article_id == doc.id))
            conn.execute(delete(places).where(places.c.article_id == doc.id))
            existing = conn.execute(select(articles.c.id).where(articles.c.id == doc.id)).first()
            values = _article_values(doc, status, run_id)
            if existing:
                conn.execute(update(articles).where(articles.c.id == doc.id).values(**values))
            else:
                conn.execute(insert(articles).values(id=doc.id, **values))
            if signature is not None:
                conn.execute(delete(signatures).where(signatures.c.article_id == doc.id))
                conn.execute(insert(signatures).values(article_id=doc.id, minhash=signature))
            if doc.duplicate_of:
                conn.execute(delete(article_links).where(article_links.c.article_id == doc.id))
                conn.execute(insert(article_links).values(
                    article_id=doc.id, other_id=doc.duplicate_of, kind="near_duplicate",
                    score=duplicate_score if duplicate_score is not None else 1.0))
            if self.dialect == "sqlite":
                conn.execute(text("INSERT INTO articles_fts (article_id, body) VALUES (:a, :b)"),
                             {"a": doc.id, "b": f"{doc.title or ''}\n{doc.text}"})
            created = now()
            event_rows = [_event_values(e, created) for e in extraction.events]
            if event_rows:
                conn.execute(insert(events), event_rows)
                if self.dialect == "sqlite":
                    conn.execute(text("INSERT INTO events_fts (event_id, body) VALUES (:e, :b)"),
                                 [{"e": r["event_id"], "b": r["evidence_text"]} for r in event_rows])
            rel_rows = [_relation_values(r, i) for i, r in enumerate(extraction.relations)]
            if rel_rows:
                conn.execute(insert(relations), rel_rows)
            place_rows = [_place_values(p, doc.id) for p in extraction.places]
            if place_rows:
                conn.execute(insert(places), place_rows)
            if event_rows:
                _reapply_corrections(conn, [r["event_id"] for r in event_rows])

    def delete_article(self, article_id: str) -> None:
        with self._tx() as conn:
            if self.dialect == "sqlite":
                conn.execute(text("DELETE FROM articles_fts WHERE article_id = :a"), {"a": article_id})
                conn.execute(text(
                    "DELETE FROM events_fts WHERE event_id IN (SELECT event_id FROM events WHERE article_id = :a)"),
                    {"a": article_id})
            for table in (events, relations, places, signatures):
                conn.execute(delete(table).where(table.c.article_id == article_id))
            conn.execute(delete(article_links).where(
                (article_links.c.article_id == article_id) | (article_links.c.other_id == article_id)))
            conn.execute(delete(articles).where(articles.c.id == article_id))

    def duplicates_of(self, article_id: str) -> list[dict[str, Any]]:
        with self._read() as conn:
            rows = conn.execute(select(article_links).where(
                (article_links.c.article_id == article_id) | (article_links.c.other_id == article_id)))
            return [dict(r._mapping) for r in rows]

    # -- failures -------------------------------------------------------------
    def record_failure(self, failure: Failure, run_id: int | None = None) -> None:
        with self._tx() as conn:
            conn.execute(insert(failures).values(
                run_id=run_id, source=failure.source, stage=failure.stage, error=failure.error,
                message=failure.message, at=now()))

    def failures(self, run_id: int | None = None, limit: int = 200) -> list[dict[str, Any]]:
        stmt = select(failures).order_by(failures.c.id.desc()).limit(limit)
        if run_id is not None:
            stmt = stmt.where(failures.c.run_id == run_id)
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]

    # -- events ---------------------------------------------------------------
    def query_events(self, query: EventQuery) -> tuple[list[dict[str, Any]], int]:
        with self._read() as conn:
            rows = [dict(r._mapping) for r in conn.execute(select_events(query, self.dialect))]
            total = conn.execute(count_events(query, self.dialect)).scalar_one()
        return rows, int(total)

    def iter_events(self, query: EventQuery, chunk: int = 2000) -> Iterator[dict[str, Any]]:
        """Every matching event, in pages (for exports of any size)."""
        offset = query.offset
        while True:
            page = EventQuery(**{**query.__dict__, "limit": chunk, "offset": offset})
            with self._read() as conn:
                rows = [dict(r._mapping) for r in conn.execute(select_events(page, self.dialect))]
            yield from rows
            if len(rows) < chunk:
                return
            offset += chunk

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        with self._read() as conn:
            row = conn.execute(select(events).where(events.c.event_id == event_id)).first()
            return dict(row._mapping) if row else None

    def relations(self, article_id: str | None = None, actor: str | None = None,
                  relation: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        stmt = select(relations)
        if article_id:
            stmt = stmt.where(relations.c.article_id == article_id)
        if actor:
            pattern = f"%{actor.lower()}%"
            stmt = stmt.where(func.lower(relations.c.actor_a).like(pattern) | func.lower(relations.c.actor_b).like(pattern))
        if relation:
            stmt = stmt.where(relations.c.relation == relation)
        stmt = stmt.order_by(relations.c.actor_a, relations.c.actor_b, relations.c.id)
        if limit:
            stmt = stmt.limit(limit)
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]

    def places(self, article_id: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        stmt = select(places)
        if article_id:
            stmt = stmt.where(places.c.article_id == article_id)
        stmt = stmt.order_by(places.c.article_id, places.c.start)
        if limit:
            stmt = stmt.limit(limit)
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]

    # -- corrections ------------------------------------------------------------
    def correct_event(self, event_id: str, *, who: str, action: str = "edit",
                      changes: dict[str, Any] | None = None, merge_into: str | None = None,
                      note: str | None = None) -> dict[str, Any]:
        """Apply an analyst correction and record it (who, when, before, after)."""
        from ..errors import ConfigError

        with self._tx() as conn:
            row = conn.execute(select(events).where(events.c.event_id == event_id)).first()
            if row is None:
                raise ConfigError(f"no event {event_id!r}")
            current = dict(row._mapping)
            at = now()
            if action == "edit":
                changes = changes or {}
                bad = set(changes) - EDITABLE_FIELDS
                if bad:
                    raise ConfigError(f"field(s) not editable: {', '.join(sorted(bad))}")
                for field, value in changes.items():
                    conn.execute(insert(corrections).values(
                        event_id=event_id, action="edit", field=field, before=current[field],
                        after=value, who=who, at=at, note=note))
                conn.execute(update(events).where(events.c.event_id == event_id).values(**changes))
            elif action in ("reject", "restore"):
                status = "rejected" if action == "reject" else "active"
                conn.execute(insert(corrections).values(
                    event_id=event_id, action=action, field="status", before=current["status"],
                    after=status, who=who, at=at, note=note))
                conn.execute(update(events).where(events.c.event_id == event_id).values(status=status))
            elif action == "merge":
                if not merge_into or merge_into == event_id:
                    raise ConfigError("a merge needs another event id to merge into")
                target = conn.execute(select(events.c.event_id).where(events.c.event_id == merge_into)).first()
                if target is None:
                    raise ConfigError(f"no event {merge_into!r} to merge into")
                conn.execute(insert(corrections).values(
                    event_id=event_id, action="merge", field="merged_into", before=current["merged_into"],
                    after=merge_into, who=who, at=at, note=note))
                conn.execute(update(events).where(events.c.event_id == event_id).values(
                    status="merged", merged_into=merge_into))
            else:
                raise ConfigError(f"unknown correction action {action!r}")
            updated = conn.execute(select(events).where(events.c.event_id == event_id)).first()
            assert updated is not None
            return dict(updated._mapping)

    def corrections(self, event_id: str | None = None) -> list[dict[str, Any]]:
        stmt = select(corrections).order_by(corrections.c.id)
        if event_id:
            stmt = stmt.where(corrections.c.event_id == event_id)
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]

    # -- summaries --------------------------------------------------------------
    def summary(self) -> dict[str, Any]:
        with self._read() as conn:
            by_status = dict(conn.execute(select(articles.c.status, func.count()).group_by(articles.c.status)).all())
            by_lang = dict(conn.execute(select(articles.c.language, func.count()).group_by(articles.c.language)).all())
            active = (events.c.status == "active")
            by_kind = dict(conn.execute(select(events.c.kind, func.count()).where(active).group_by(events.c.kind)).all())
            by_type = dict(conn.execute(select(events.c.event_type, func.count())
                                        .where(active, events.c.kind == "event").group_by(events.c.event_type)).all())
            by_country = dict(conn.execute(select(events.c.country, func.count())
                                           .where(active, events.c.kind == "event").group_by(events.c.country)).all())
            fatalities = conn.execute(select(func.coalesce(func.sum(events.c.fatalities), 0))
                                      .where(active, events.c.kind == "event")).scalar_one()
            n_rel = conn.execute(select(func.count()).select_from(relations)).scalar_one()
            n_fail = conn.execute(select(func.count()).select_from(failures)).scalar_one()
            n_links = conn.execute(select(func.count()).select_from(article_links)).scalar_one()
        return {
            "articles": sum(by_status.values()), "articles_by_status": by_status,
            "articles_by_language": {str(k): v for k, v in by_lang.items()},
            "statements_by_kind": by_kind, "events": by_kind.get("event", 0),
            "events_by_type": {str(k): v for k, v in by_type.items()},
            "events_by_country": {str(k): v for k, v in by_country.items()},
            "fatalities": int(fatalities), "relations": int(n_rel), "failures": int(n_fail),
            "near_duplicates": int(n_links),
        }


def _article_values(doc: Document, status: str, run_id: int | None) -> dict[str, Any]:
    return {
        "source": doc.source, "fmt": doc.fmt, "external_id": doc.external_id, "title": doc.title,
        "url": doc.url, "published": doc.published, "published_source": doc.published_source,
        "language": doc.language, "language_supported": doc.language_supported,
        "author": doc.author, "site_name": doc.site_name, "text": doc.text,
        "captions": doc.captions, "dropped_lines": doc.dropped_lines, "words": doc.words,
        "duplicate_of": doc.duplicate_of, "status": status, "stages": doc.stages,
        "ingested_at": now(), "run_id": run_id,
    }


def _event_values(e: Event, created: str) -> dict[str, Any]:
    record = e.as_record()
    record.update({
        "evidence_text": " | ".join(ev.text for ev in e.evidence),
        "stage": e.stage,
        "sentence_start": e.sentence.start if e.sentence else None,
        "sentence_end": e.sentence.end if e.sentence else None,
        "status": "active", "merged_into": None, "created_at": created,
        "evidence": [{**ev.as_record(), "stage": ev.stage} for ev in e.evidence],
    })
    return record


def _relation_values(r: Relation, index: int) -> dict[str, Any]:
    record = r.as_record()
    key = f"{r.article_id}|{r.relation}|{r.actor_a}|{r.actor_b}|{index}"
    record.update({
        "id": hashlib.sha1(key.encode()).hexdigest()[:16], "stage": r.stage,
        "evidence": [{**ev.as_record(), "stage": ev.stage} for ev in r.evidence],
    })
    return record


def _place_values(p: Place, article_id: str) -> dict[str, Any]:
    return {
        "article_id": article_id, "text": p.text, "start": p.start, "end": p.end, "name": p.name,
        "geonameid": p.geonameid, "latitude": p.latitude, "longitude": p.longitude,
        "country": p.country, "admin1": p.admin1, "admin2": p.admin2, "feature": p.feature,
        "geo_precision": p.geo_precision, "where_prec": p.where_prec, "source": p.source or "unknown",
        "reason": p.reason,
    }


def _reapply_corrections(conn: Connection, event_ids: list[str]) -> None:
    """Analyst corrections outlive re-processing: replay them on the new rows."""
    rows = conn.execute(select(corrections).where(corrections.c.event_id.in_(event_ids))
                        .order_by(corrections.c.id)).all()
    for row in rows:
        c = row._mapping
        if c["action"] == "edit" and c["field"] in EDITABLE_FIELDS:
            conn.execute(update(events).where(events.c.event_id == c["event_id"]).values(**{c["field"]: c["after"]}))
        elif c["action"] in ("reject", "restore"):
            conn.execute(update(events).where(events.c.event_id == c["event_id"]).values(status=c["after"]))
        elif c["action"] == "merge":
            conn.execute(update(events).where(events.c.event_id == c["event_id"]).values(
                status="merged", merged_into=c["after"]))
