"""Event queries: one filter object, translated to SQL for both backends."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Text, and_, cast, false, func, literal_column, or_, select, text
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from ..errors import ConfigError
from .schema import HAS_ASSOC_SQL, articles, events

SORTABLE = {
    "event_date", "fatalities", "country", "admin1", "event_type", "sub_event_type",
    "confidence", "actor1", "created_at",
}


@dataclass
class EventQuery:
    """Filters for events. None means 'any'. Dates are inclusive ISO strings."""

    date_from: str | None = None
    date_to: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    bbox: tuple[float, float, float, float] | None = None   # min_lon, min_lat, max_lon, max_lat
    actor: str | None = None        # matches actor1, actor2 or an associated actor
    actor_names: tuple[str, ...] | None = None   # exact names, any role (overrides `actor`)
    event_type: str | None = None
    sub_event_type: str | None = None
    kind: str | None = "event"      # None: every kind
    min_fatalities: int | None = None
    q: str | None = None            # full-text over evidence and article text
    article_id: str | None = None
    include_rejected: bool = False
    sort: str = "-event_date"
    limit: int | None = None
    offset: int = 0

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> EventQuery:
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ConfigError(f"unknown event filter(s): {', '.join(sorted(unknown))}")
        return cls(**values)


def _fold_eq(column: Any, value: str) -> ColumnElement[bool]:
    return func.lower(column) == value.lower()


def conditions(query: EventQuery, dialect: str) -> list[ColumnElement[bool]]:
    c = events.c
    where: list[ColumnElement[bool]] = []
    if not query.include_rejected:
        where.append(c.status == "active")
    if query.kind:
        where.append(c.kind == query.kind)
    if query.date_from:
        where.append(c.date_end >= query.date_from)
        if dialect == "sqlite":
            where.append(_starts_after(query.date_from))
    if query.date_to:
        where.append(c.date_start <= query.date_to)
    if query.country:
        where.append(_fold_eq(c.country, query.country))
    if query.admin1:
        where.append(_fold_eq(c.admin1, query.admin1))
    if query.admin2:
        where.append(_fold_eq(c.admin2, query.admin2))
    if query.bbox:
        min_lon, min_lat, max_lon, max_lat = query.bbox
        where.append(and_(c.longitude >= min_lon, c.longitude <= max_lon,
                          c.latitude >= min_lat, c.latitude <= max_lat))
    if query.actor_names is not None:
        where.append(_actor_in(query.actor_names))
    elif query.actor:
        pattern = f"%{query.actor.lower()}%"
        where.append(or_(
            func.lower(c.actor1).like(pattern),
            func.lower(c.actor2).like(pattern),
            func.lower(cast(c.assoc_actor_1, Text)).like(pattern),
            func.lower(cast(c.assoc_actor_2, Text)).like(pattern),
        ))
    if query.event_type:
        where.append(c.event_type == query.event_type)
    if query.sub_event_type:
        where.append(c.sub_event_type == query.sub_event_type)
    if query.min_fatalities is not None:
        where.append(c.fatalities >= query.min_fatalities)
    if query.article_id:
        where.append(c.article_id == query.article_id)
    if query.q:
        where.append(_full_text(query.q, dialect))
    return where


def _starts_after(date_from: str) -> ColumnElement[bool]:
    """A redundant lower bound on date_start for `date_end >= date_from`, so that a date
    window is a range of ix_events_window on both sides: no event starts earlier than
    date_from minus the longest date range in the table (read from ix_events_span)."""
    return text(
        "events.date_start >= date(:span_from, '-' || CAST(COALESCE((SELECT max(julianday(date_end) "
        "- julianday(date_start)) FROM events), 0) + 1 AS INTEGER) || ' days')"
    ).bindparams(span_from=date_from)


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _actor_in(names: tuple[str, ...]) -> ColumnElement[bool]:
    """Any role held by one of these exact names: actor1 and actor2 through their indexes,
    associated actors among the few rows that have any (the partial ix_events_assoc)."""
    if not names:
        return false()
    c = events.c
    rows = events.alias("assoc_rows")
    # the stored JSON arrays hold json.dumps of each name: match it with its quotes
    patterns = [f"%{_like_escape(json.dumps(n))}%" for n in names]
    in_assoc = select(rows.c.event_id).where(
        text(HAS_ASSOC_SQL.format(t="assoc_rows.")),
        or_(*[cast(rows.c[col], Text).like(p, escape="\\")
              for p in patterns for col in ("assoc_actor_1", "assoc_actor_2")]))
    return or_(c.actor1.in_(names), c.actor2.in_(names), c.event_id.in_(in_assoc))


def actor_names_sql(dialect: str) -> str:
    """Every actor name in the events (main and associated, any status): what an actor
    filter can resolve to."""
    each = "json_each({col}) AS j" if dialect == "sqlite" else "json_array_elements_text({col}) AS j(value)"
    assoc = " UNION ".join(
        f"SELECT j.value FROM events, {each.format(col=f'events.{col}')} WHERE {HAS_ASSOC_SQL.format(t='events.')}"
        for col in ("assoc_actor_1", "assoc_actor_2"))
    return ("SELECT actor1 FROM events WHERE actor1 IS NOT NULL UNION "
            "SELECT actor2 FROM events WHERE actor2 IS NOT NULL UNION " + assoc)


def _fts5_quote(q: str) -> str:
    terms = [t for t in q.replace('"', " ").split() if t]
    return " ".join(f'"{t}"' for t in terms)


def _full_text(q: str, dialect: str) -> ColumnElement[bool]:
    c = events.c
    if dialect == "sqlite":
        match = _fts5_quote(q)
        if not match:
            return text("1=1")
        return or_(
            c.event_id.in_(select(literal_column("event_id")).select_from(text("events_fts"))
                           .where(text("events_fts MATCH :m1")).params(m1=match)),
            c.article_id.in_(select(literal_column("article_id")).select_from(text("articles_fts"))
                             .where(text("articles_fts MATCH :m2")).params(m2=match)),
        )
    return or_(
        func.to_tsvector("simple", c.evidence_text).op("@@")(func.plainto_tsquery("simple", q)),
        c.article_id.in_(select(articles.c.id).where(
            func.to_tsvector("simple", articles.c.text).op("@@")(func.plainto_tsquery("simple", q)))),
    )


def select_events(query: EventQuery, dialect: str) -> Select[Any]:
    """The matching events in the query's order. A page (limit) is chosen first over
    the event ids alone, so filters and sort read narrow covering indexes, then only
    its rows are read in full."""
    key = query.sort.lstrip("-")
    if key not in SORTABLE:
        raise ConfigError(f"cannot sort by {key!r}; choose one of {', '.join(sorted(SORTABLE))}")
    column = events.c[key]
    order = (column.desc() if query.sort.startswith("-") else column.asc()).nulls_last()
    where = conditions(query, dialect)
    if query.limit is None and not query.offset:
        return select(events).where(*where).order_by(order, events.c.event_id)
    page = select(events.c.event_id).where(*where).order_by(order, events.c.event_id)
    if query.limit is not None:
        page = page.limit(query.limit)
    if query.offset:
        page = page.offset(query.offset)
    return select(events).where(events.c.event_id.in_(page)).order_by(order, events.c.event_id)


def count_events(query: EventQuery, dialect: str) -> Select[Any]:
    return select(func.count()).select_from(events).where(*conditions(query, dialect))
