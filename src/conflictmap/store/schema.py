"""The one schema of the store, for SQLite and PostgreSQL, and its ordered migrations.

Tables:
    schema_migrations  which migrations ran, when
    runs               one row per pipeline run (inputs, counts, status)
    articles           cleaned documents; `text` is what every offset indexes
    article_links      near-duplicate (syndicated) pairs
    signatures         MinHash signatures for near-duplicate search
    events             coded statements (events, aggregates, background, campaigns)
    relations          actor relations stated in articles
    places             every place mention of every article, resolved or not
    failures           inputs that could not be processed, and why
    corrections        analyst edits, merges and rejections (an audit trail)

Migrations are functions of a connection, applied in order and recorded; a new
schema change is a new entry at the end of MIGRATIONS, never an edit of an old one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.engine import Connection

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(32), nullable=False),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    Column("status", String(20), nullable=False),      # running | done | interrupted
    Column("inputs", JSON, nullable=False),
    Column("counts", JSON),
    Column("version", String(40), nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("id", String(32), primary_key=True),
    Column("source", Text, nullable=False),
    Column("fmt", String(16), nullable=False),
    Column("external_id", Text),
    Column("title", Text),
    Column("url", Text),
    Column("published", String(10)),
    Column("published_source", String(16), nullable=False),
    Column("language", String(8)),
    Column("language_supported", Boolean, nullable=False),
    Column("author", Text),
    Column("site_name", Text),
    Column("text", Text, nullable=False),
    Column("captions", JSON, nullable=False),
    Column("dropped_lines", JSON, nullable=False),
    Column("words", Integer, nullable=False),
    Column("duplicate_of", String(32)),
    Column("status", String(16), nullable=False),      # done | unsupported | duplicate
    Column("stages", JSON, nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Column("run_id", Integer),
)
Index("ix_articles_published", articles.c.published)

article_links = Table(
    "article_links", metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("other_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(20), nullable=False),         # near_duplicate
    Column("score", Float, nullable=False),
)

signatures = Table(
    "signatures", metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("minhash", LargeBinary, nullable=False),
)

events = Table(
    "events", metadata,
    Column("event_id", String(32), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("event_date", String(10)),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("time_precision", String(10), nullable=False),
    Column("event_type", String(40)),
    Column("sub_event_type", String(60)),
    Column("actor1", Text),
    Column("assoc_actor_1", JSON, nullable=False),
    Column("inter1", Integer),
    Column("actor2", Text),
    Column("assoc_actor_2", JSON, nullable=False),
    Column("inter2", Integer),
    Column("civilian_targeting", Boolean, nullable=False),
    Column("country", String(60)),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("location", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("where_prec", Integer),
    Column("geonameid", Integer),
    Column("fatalities", Integer),
    Column("fatalities_low", Integer),
    Column("fatalities_high", Integer),
    Column("evidence", JSON, nullable=False),
    Column("evidence_text", Text, nullable=False),    # evidence quotes joined, for search
    Column("confidence", Float, nullable=False),
    Column("language", String(8)),
    Column("stage", String(60), nullable=False),
    Column("sentence_start", Integer),
    Column("sentence_end", Integer),
    Column("status", String(16), nullable=False),      # active | rejected | merged
    Column("merged_into", String(32)),
    Column("created_at", String(32), nullable=False),
)
Index("ix_events_date", events.c.event_date)
Index("ix_events_country_date", events.c.country, events.c.event_date)
Index("ix_events_type", events.c.event_type)
Index("ix_events_article", events.c.article_id)
Index("ix_events_kind_status", events.c.kind, events.c.status)
Index("ix_events_latlon", events.c.latitude, events.c.longitude)

relations = Table(
    "relations", metadata,
    Column("id", String(32), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("relation", String(30), nullable=False),
    Column("actor_a", Text, nullable=False),
    Column("actor_b", Text, nullable=False),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("time_precision", String(10), nullable=False),
    Column("polarity", String(16), nullable=False),
    Column("attribution", Text),
    Column("amount", Text),
    Column("share", Text),
    Column("evidence", JSON, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("stage", String(60), nullable=False),
)
Index("ix_relations_article", relations.c.article_id)
Index("ix_relations_actors", relations.c.actor_a, relations.c.actor_b)

places = Table(
    "places", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("name", Text),
    Column("geonameid", Integer),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("country", String(2)),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("feature", String(16)),
    Column("geo_precision", Integer),
    Column("where_prec", Integer),
    Column("source", String(30), nullable=False),
    Column("reason", Text),
)
Index("ix_places_article", places.c.article_id)

failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer),
    Column("source", Text, nullable=False),
    Column("stage", String(60), nullable=False),
    Column("error", String(60), nullable=False),
    Column("message", Text, nullable=False),
    Column("at", String(32), nullable=False),
)

corrections = Table(
    "corrections", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(32), nullable=False),
    Column("action", String(16), nullable=False),      # edit | reject | merge | restore
    Column("field", String(40)),
    Column("before", JSON),
    Column("after", JSON),
    Column("who", Text, nullable=False),
    Column("at", String(32), nullable=False),
    Column("note", Text),
)
Index("ix_corrections_event", corrections.c.event_id)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _initial(conn: Connection) -> None:
    metadata.create_all(conn, tables=[t for t in metadata.sorted_tables if t.name != "schema_migrations"])


def _fts(conn: Connection) -> None:
    """Full-text search: FTS5 on SQLite; expression GIN indexes on PostgreSQL."""
    if conn.dialect.name == "sqlite":
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5("
            "event_id UNINDEXED, body, tokenize='unicode61 remove_diacritics 2')"
        ))
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
            "article_id UNINDEXED, body, tokenize='unicode61 remove_diacritics 2')"
        ))
    else:
        conn.execute(text(
            "CREATE INDEX IF NOT EXISTS ix_events_fts ON events "
            "USING gin (to_tsvector('simple', evidence_text))"
        ))
        conn.execute(text(
            "CREATE INDEX IF NOT EXISTS ix_articles_fts ON articles "
            "USING gin (to_tsvector('simple', text))"
        ))


def _explorer_indexes(conn: Connection) -> None:
    """Indexes for the explorer's filtered lists and aggregates (folded country/admin1
    lookups, and a narrow covering index that the stats scan instead of the table)."""
    conn.execute(text(
        "CREATE INDEX IF NOT EXISTS ix_events_scan ON events (status, kind, event_date, event_type, "
        "fatalities, date_start, date_end, country, admin1, admin2, latitude, longitude, actor1, actor2, "
        "location, event_id)"))
    conn.execute(text(
        "CREATE INDEX IF NOT EXISTS ix_events_country_fold ON events (lower(country), status, kind, "
        "date_start, date_end, event_date, event_type, fatalities, admin1, admin2, latitude, longitude, "
        "actor1, actor2, location, event_id)"))
    conn.execute(text(
        "CREATE INDEX IF NOT EXISTS ix_events_admin1_fold ON events (lower(admin1), status, kind, "
        "event_type, date_start)"))


# the rows with associated actors (few): the partial index below and query.py share this text
HAS_ASSOC_SQL = "(CAST({t}assoc_actor_1 AS TEXT) != '[]' OR CAST({t}assoc_actor_2 AS TEXT) != '[]')"


def _explorer_indexes_2(conn: Connection) -> None:
    """Indexes for the explorer's slow filters (measured by benchmarks/bench_api.py):

    ix_events_window   date windows, both bounds (query.py adds a lower bound on
                       date_start from the longest date range), covering the stats
    ix_events_actor1/2 exact actor names (the API resolves `actor` to names first)
    ix_events_assoc    the few events with associated actors (partial)
    ix_events_bbox     map boxes, covering the list's filters and sort keys
    ix_events_span     (SQLite) the longest date range of an event, read in one step
    ix_events_country_fold2  replaces ix_events_country_fold: the country itself too, so
                       a country's map points and area counts never read the table
    """
    stmts = [
        "CREATE INDEX IF NOT EXISTS ix_events_country_fold2 ON events (lower(country), status, kind, "
        "date_start, date_end, event_date, event_type, fatalities, country, admin1, admin2, latitude, "
        "longitude, actor1, actor2, location, event_id)",
        "DROP INDEX IF EXISTS ix_events_country_fold",
        "CREATE INDEX IF NOT EXISTS ix_events_window ON events (status, kind, date_start, date_end, "
        "event_date, event_type, fatalities, country, admin1, admin2, actor1, actor2, latitude, longitude, "
        "location, event_id)",
        "CREATE INDEX IF NOT EXISTS ix_events_actor1 ON events (actor1, status, kind, date_start, date_end, "
        "event_date, fatalities, event_id)",
        "CREATE INDEX IF NOT EXISTS ix_events_actor2 ON events (actor2, status, kind, date_start, date_end, "
        "event_date, fatalities, event_id)",
        f"CREATE INDEX IF NOT EXISTS ix_events_assoc ON events (event_id) WHERE {HAS_ASSOC_SQL.format(t='')}",
        "CREATE INDEX IF NOT EXISTS ix_events_bbox ON events (latitude, longitude, fatalities, status, kind, "
        "date_start, date_end, event_date, event_type, country, event_id)",
    ]
    if conn.dialect.name == "sqlite":
        stmts.append("CREATE INDEX IF NOT EXISTS ix_events_span ON events "
                     "((julianday(date_end) - julianday(date_start)))")
    for stmt in stmts:
        conn.execute(text(stmt))
    conn.execute(text("ANALYZE events" if conn.dialect.name == "postgresql" else "ANALYZE"))


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial schema", _initial),
    (2, "full-text search", _fts),
    (3, "explorer indexes", _explorer_indexes),
    (4, "explorer indexes: date windows, actors, boxes", _explorer_indexes_2),
]


def migrate(conn: Connection) -> list[int]:
    """Apply the migrations not yet recorded; return the versions applied."""
    schema_migrations.create(conn, checkfirst=True)
    done = {row[0] for row in conn.execute(schema_migrations.select().with_only_columns(schema_migrations.c.version))}
    applied = []
    for version, name, step in MIGRATIONS:
        if version in done:
            continue
        step(conn)
        conn.execute(schema_migrations.insert().values(version=version, name=name, applied_at=now()))
        applied.append(version)
    return applied
