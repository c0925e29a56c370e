"""Event queries: one filter object, translated to SQL for both backends."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Text, and_, cast, func, literal_column, or_, select, text
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from ..errors import ConfigError
from .schema import articles, events

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
    if query.actor:
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
    stmt = select(events).where(*conditions(query, dialect))
    key = query.sort.lstrip("-")
    if key not in SORTABLE:
        raise ConfigError(f"cannot sort by {key!r}; choose one of {', '.join(sorted(SORTABLE))}")
    column = events.c[key]
    order = column.desc() if query.sort.startswith("-") else column.asc()
    stmt = stmt.order_by(order.nulls_last(), events.c.event_id)
    if query.limit is not None:
        stmt = stmt.limit(query.limit)
    if query.offset:
        stmt = stmt.offset(query.offset)
    return stmt


def count_events(query: EventQuery, dialect: str) -> Select[Any]:
    return select(func.count()).select_from(events).where(*conditions(query, dialect))
