"""Summaries of the events in a store, for the explorer and situation reports.

    event_stats(store, EventQuery(country="Mali"))   # by week, type, admin1, actor
    actor_table(store, EventQuery())                 # actors with counts
    points(store, query, limit)                      # compact rows for the map
    report(store, admin1="Mopti", date_from=..., date_to=...)

Every function reads through SQL aggregates filtered by the same EventQuery as
`Store.query_events`, so the numbers match the event list. Results are plain
dicts, ready for JSON. `StatsCache` memoises them until the database changes.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import asdict, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, Text, cast, func, select

from .models import fold
from .store import EventQuery, Store
from .store.query import actor_names_sql, conditions
from .store.schema import corrections, events, relations

TOP_ACTORS = 20


def week_of(day: str) -> str:
    """Monday of the ISO week of a YYYY-MM-DD date."""
    d = date.fromisoformat(day[:10])
    return (d - timedelta(days=d.weekday())).isoformat()


def week_sql(dialect: str) -> Any:
    """week_of(event_date) in SQL: the Monday of its ISO week, YYYY-MM-DD (NULL if undated)."""
    c = events.c
    if dialect == "sqlite":
        return func.date(c.event_date, "weekday 0", "-6 days")
    return func.to_char(func.date_trunc("week", cast(c.event_date, Date)), "YYYY-MM-DD")


def fingerprint(store: Store) -> tuple[Any, ...]:
    """Changes whenever events, relations or corrections change.

    A SQLite file: its (and its write-ahead log's) size and modification time, which
    any writer, in any process, changes. Otherwise: counts and maxima of the tables."""
    if store.dialect == "sqlite" and store.engine.url.database not in (None, "", ":memory:"):
        import os

        stamp: list[Any] = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(f"{store.engine.url.database}{suffix}")
                stamp.append((st.st_mtime_ns, st.st_size))
            except OSError:
                stamp.append(None)
        if stamp[0] is not None:
            return tuple(stamp)
    with store.engine.connect() as conn:
        n, last = conn.execute(select(func.count(), func.max(events.c.created_at))).one()
        fixes = conn.execute(select(func.count(), func.max(corrections.c.id))).one()
        n_rel = conn.execute(select(func.count()).select_from(relations)).scalar_one()
    return (n, last, tuple(fixes), n_rel)


class StatsCache:
    """Memoise summaries per (function, query) until the store's fingerprint changes."""

    def __init__(self, store: Store, size: int = 256, check_every: float = 1.0) -> None:
        self.store = store
        self.size = size
        self.check_every = check_every
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._print: tuple[Any, ...] | None = None
        self._checked = 0.0

    def _current(self) -> tuple[Any, ...]:
        import time

        now = time.monotonic()
        if self._print is None or now - self._checked >= self.check_every:
            self._print = fingerprint(self.store)
            self._checked = now
        return self._print

    def invalidate(self) -> None:
        with self._lock:
            self._entries.clear()
            self._print = None

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        stamp = self._current()
        full = (stamp, key)
        with self._lock:
            if full in self._entries:
                self._entries.move_to_end(full)
                return self._entries[full]
        value = compute()
        with self._lock:
            self._entries[full] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value


def query_key(query: EventQuery) -> tuple[Any, ...]:
    return tuple(sorted((k, v if not isinstance(v, list) else tuple(v)) for k, v in asdict(query).items()))


MAX_ACTOR_NAMES = 64     # more names than this: the store's substring match is as fast


def actor_names(store: Store) -> list[str]:
    """Every actor name of the events, main or associated, in any status."""
    with store.engine.connect() as conn:
        return [str(r[0]) for r in conn.exec_driver_sql(actor_names_sql(store.dialect)) if r[0]]


def match_actor(names: list[str], actor: str, base: Any = None) -> tuple[str, ...] | None:
    """The exact names an actor filter means: every name that contains `actor` (accent
    and case blind), plus the canonical name `actor` is an alias of in the actor base
    `base` ("GSIM" -> JNIM), when given. None when that is more than MAX_ACTOR_NAMES
    names (then the store's substring match is as fast). For EventQuery.actor_names."""
    key = fold(actor)
    found = {n for n in names if key in fold(n)}
    if base is not None:
        try:
            canonical = base.get(actor)
        except Exception:   # noqa: BLE001  (an optional module's failure: no alias)
            canonical = None
        if canonical is not None:
            found.add(canonical.name)
    if len(found) > MAX_ACTOR_NAMES:
        return None
    return tuple(sorted(found))


def _where(store: Store, query: EventQuery) -> list[Any]:
    return conditions(query, store.dialect)


def event_stats(store: Store, query: EventQuery) -> dict[str, Any]:
    """Events and fatalities by week and type, by type, by country/admin1/admin2, by actor."""
    c = events.c
    where = _where(store, query)
    deaths = func.coalesce(func.sum(c.fatalities), 0)
    week = week_sql(store.dialect)
    with store.engine.connect() as conn:
        by_week = conn.execute(select(week, c.event_type, func.count(), deaths)
                               .where(*where).group_by(week, c.event_type)).all()
        # grouped admin2 first: no index leads with it, so SQLite scans the narrow covering
        # index instead of walking the table in country order
        by_area = conn.execute(select(c.country, c.admin1, c.admin2, func.count(), deaths)
                               .where(*where).group_by(c.admin2, c.admin1, c.country)).all()
        as1 = conn.execute(select(c.actor1, func.count(), deaths).where(*where, c.actor1.is_not(None))
                           .group_by(c.actor1)).all()
        as2 = conn.execute(select(c.actor2, func.count(), deaths).where(*where, c.actor2.is_not(None))
                           .group_by(c.actor2)).all()
        # an actor on both sides of an event counts that event once
        both = conn.execute(select(c.actor1, func.count(), deaths).where(*where, c.actor1 == c.actor2)
                            .group_by(c.actor1)).all()
    weeks: dict[str, dict[str, Any]] = {}
    types: dict[str, dict[str, int]] = defaultdict(lambda: {"events": 0, "fatalities": 0})
    undated = {"events": 0, "fatalities": 0}
    for monday, etype, n, dead in by_week:
        key = etype or "Unknown"
        types[key]["events"] += n
        types[key]["fatalities"] += int(dead)
        if not monday:
            undated["events"] += n
            undated["fatalities"] += int(dead)
            continue
        w = weeks.setdefault(monday, {"events": 0, "fatalities": 0, "by_type": Counter()})
        w["events"] += n
        w["fatalities"] += int(dead)
        w["by_type"][key] += n
    countries: dict[str, dict[str, int]] = defaultdict(lambda: {"events": 0, "fatalities": 0})
    admin1: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"events": 0, "fatalities": 0})
    admin2 = []
    for country, a1, a2, n, dead in by_area:
        countries[country or "Unknown"]["events"] += n
        countries[country or "Unknown"]["fatalities"] += int(dead)
        if a1:
            admin1[(country or "", a1)]["events"] += n
            admin1[(country or "", a1)]["fatalities"] += int(dead)
        if a2:
            admin2.append({"country": country, "admin1": a1, "admin2": a2, "events": n,
                           "fatalities": int(dead)})
    actors: dict[str, dict[str, int]] = defaultdict(lambda: {"events": 0, "fatalities": 0})
    for rows, sign in ((as1, 1), (as2, 1), (both, -1)):
        for name, n, dead in rows:
            actors[name]["events"] += sign * n
            actors[name]["fatalities"] += sign * int(dead)
    total = sum(t["events"] for t in types.values())
    return {
        "total": {"events": total, "fatalities": sum(t["fatalities"] for t in types.values())},
        "undated": undated,
        "by_week": [{"week": k, "events": v["events"], "fatalities": v["fatalities"],
                     "by_type": dict(v["by_type"])} for k, v in sorted(weeks.items())],
        "by_type": [{"event_type": k, **v} for k, v in sorted(types.items(), key=lambda kv: -kv[1]["events"])],
        "by_country": [{"country": k, **v} for k, v in sorted(countries.items(), key=lambda kv: -kv[1]["events"])],
        "by_admin1": [{"country": k[0], "admin1": k[1], **v}
                      for k, v in sorted(admin1.items(), key=lambda kv: -kv[1]["events"])],
        "by_admin2": sorted(admin2, key=lambda r: -r["events"]),
        "by_actor": [{"actor": k, **v} for k, v in sorted(actors.items(), key=lambda kv: (-kv[1]["events"], kv[0]))][:TOP_ACTORS],
    }


POINT_COLUMNS = ("event_id", "latitude", "longitude", "event_type", "fatalities", "event_date",
                 "location", "actor1", "actor2", "country", "admin1")


def points(store: Store, query: EventQuery, limit: int) -> dict[str, Any]:
    """The located events of a query as compact rows (columns + values), for the map.

    When more than `limit` match, the newest `limit` (by event_date, then event_id);
    otherwise all of them, in no particular order. Sorting thousands of rows in SQL
    costs more than reading them, so the newest are found by a cut-off date (a sort of
    the dates alone) and ordered here."""
    c = events.c
    where = _where(store, query) + [c.latitude.is_not(None), c.longitude.is_not(None)]
    cols = [c[name] for name in POINT_COLUMNS]
    with store.engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(events).where(*where)).scalar_one())
        stmt = select(*cols).where(*where)
        if total > limit:
            cutoff = conn.execute(select(c.event_date).where(*where).order_by(c.event_date.desc().nulls_last())
                                  .offset(limit - 1).limit(1)).scalar()
            if cutoff is not None:          # else the newest include undated events: read all
                stmt = stmt.where(c.event_date >= cutoff)
        rows = [list(r) for r in conn.execute(stmt)]
    if total > limit:
        date_at, id_at = POINT_COLUMNS.index("event_date"), POINT_COLUMNS.index("event_id")
        rows.sort(key=lambda r: r[id_at])
        rows.sort(key=lambda r: r[date_at] or "", reverse=True)     # stable: ids ascending; undated last
        rows = rows[:limit]
    return {"total": total, "columns": list(POINT_COLUMNS), "rows": rows}


def actor_table(store: Store, query: EventQuery) -> list[dict[str, Any]]:
    """Every actor of the matching events: events, fatalities, roles, first and last date.

    `events` counts each event once per actor, even when the actor holds two roles in it
    (both sides of a clash, or a main actor also listed as an associate); the role
    counts (`as_actor1`, `as_actor2`, `as_associate`) count roles."""
    c = events.c
    where = _where(store, query)
    table: dict[str, dict[str, Any]] = {}

    def add(name: str, role: str | None, n: int, dead: int, first: str | None, last: str | None,
            inter: int | None = None) -> None:
        row = table.setdefault(name, {"name": name, "events": 0, "fatalities": 0, "as_actor1": 0,
                                      "as_actor2": 0, "as_associate": 0, "inter": None,
                                      "first": None, "last": None, "countries": Counter()})
        row["events"] += n
        row["fatalities"] += dead
        if role:
            row[role] += n
        if inter and not row["inter"]:
            row["inter"] = inter
        if first:
            row["first"] = min(row["first"] or first, first)
        if last:
            row["last"] = max(row["last"] or last, last)

    deaths = func.coalesce(func.sum(c.fatalities), 0)
    with store.engine.connect() as conn:
        for col, inter, role in ((c.actor1, c.inter1, "as_actor1"), (c.actor2, c.inter2, "as_actor2")):
            for name, n, dead, first, last, code in conn.execute(
                    select(col, func.count(), deaths, func.min(c.event_date), func.max(c.event_date),
                           func.max(inter)).where(*where, col.is_not(None)).group_by(col)):
                add(name, role, n, int(dead), first, last, code)
        # an event whose two sides carry the same name counts once for that actor
        for name, n, dead in conn.execute(select(c.actor1, func.count(), deaths)
                                          .where(*where, c.actor1 == c.actor2).group_by(c.actor1)):
            add(name, None, -n, -int(dead), None, None)
        assoc = conn.execute(select(c.assoc_actor_1, c.assoc_actor_2, c.fatalities, c.event_date,
                                    c.actor1, c.actor2)
                             .where(*where, (cast(c.assoc_actor_1, Text) != "[]")
                                    | (cast(c.assoc_actor_2, Text) != "[]"))).all()
        for a1, a2, dead, day, actor1, actor2 in assoc:
            for name in set((a1 or []) + (a2 or [])):
                if name in (actor1, actor2):      # already counted as a main actor of this event
                    table[name]["as_associate"] += 1
                    continue
                add(name, "as_associate", 1, int(dead or 0), day, day)
        for name, country, n in conn.execute(select(c.actor1, c.country, func.count())
                                             .where(*where, c.actor1.is_not(None)).group_by(c.actor1, c.country)):
            table[name]["countries"][country or "Unknown"] += n
    out = []
    for row in table.values():
        countries = row.pop("countries")
        row["country"] = countries.most_common(1)[0][0] if countries else None
        out.append(row)
    return sorted(out, key=lambda r: (-r["events"], r["name"]))


def report(store: Store, *, date_from: str, date_to: str, country: str | None = None,
           admin1: str | None = None, admin2: str | None = None, key_events: int = 10) -> dict[str, Any]:
    """A situation report: this period against the previous period of the same length."""
    start, end = date.fromisoformat(date_from), date.fromisoformat(date_to)
    if end < start:
        raise ValueError("date_to is before date_from")
    length = (end - start).days + 1
    prev_end = start - timedelta(days=1)
    prev_start = prev_end - timedelta(days=length - 1)
    base = EventQuery(country=country, admin1=admin1, admin2=admin2)
    now_q = replace(base, date_from=date_from, date_to=date_to)
    prev_q = replace(base, date_from=prev_start.isoformat(), date_to=prev_end.isoformat())
    current = event_stats(store, now_q)
    previous = event_stats(store, prev_q)
    top, _ = store.query_events(replace(now_q, sort="-fatalities", limit=key_events))

    def change(a: int, b: int) -> float | None:
        return None if b == 0 else round(100.0 * (a - b) / b, 1)

    prev_types = {t["event_type"]: t for t in previous["by_type"]}
    return {
        "area": {"country": country, "admin1": admin1, "admin2": admin2},
        "period": {"from": date_from, "to": date_to, "days": length},
        "previous_period": {"from": prev_start.isoformat(), "to": prev_end.isoformat()},
        "totals": current["total"],
        "previous_totals": previous["total"],
        "change_pct": {k: change(current["total"][k], previous["total"][k]) for k in ("events", "fatalities")},
        "by_type": [{**t, "previous_events": prev_types.get(t["event_type"], {}).get("events", 0)}
                    for t in current["by_type"]],
        "by_week": current["by_week"],
        "by_admin2": current["by_admin2"],
        "top_actors": current["by_actor"][:10],
        "key_events": top,
        "points": points(store, now_q, 2000),
    }


NETWORK_COLUMNS = ("event_id", "kind", "event_type", "actor1", "actor2", "assoc_actor_1", "assoc_actor_2",
                   "inter1", "inter2", "country", "event_date", "date_start", "date_end", "fatalities")


def network_rows(store: Store, query: EventQuery) -> list[dict[str, Any]]:
    """The columns network.build_network reads, for every matching event (one query)."""
    c = events.c
    with store.engine.connect() as conn:
        rows = conn.execute(select(*[c[n] for n in NETWORK_COLUMNS]).where(*_where(store, query))).all()
    return [dict(zip(NETWORK_COLUMNS, r, strict=True)) for r in rows]


def actor_events(store: Store, name: str, query: EventQuery) -> list[dict[str, Any]]:
    """The events in which the actor (exact name) takes part, in any role."""
    rows = network_rows(store, replace(query, actor=name, actor_names=(name,)))
    return [r for r in rows if name in (r["actor1"], r["actor2"])
            or name in (r["assoc_actor_1"] or []) or name in (r["assoc_actor_2"] or [])]


def activity(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events and fatalities per week, by type, of a list of event rows."""
    weeks: dict[str, dict[str, Any]] = {}
    for r in rows:
        if not r.get("event_date"):
            continue
        w = weeks.setdefault(week_of(r["event_date"]), {"events": 0, "fatalities": 0, "by_type": Counter()})
        w["events"] += 1
        w["fatalities"] += int(r.get("fatalities") or 0)
        w["by_type"][r.get("event_type") or "Unknown"] += 1
    return [{"week": k, "events": v["events"], "fatalities": v["fatalities"], "by_type": dict(v["by_type"])}
            for k, v in sorted(weeks.items())]


def locations(store: Store, query: EventQuery, limit: int = 500) -> list[dict[str, Any]]:
    """Coded locations with their event counts, most active first."""
    c = events.c
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(c.location, c.country, c.admin1, c.admin2, func.avg(c.latitude), func.avg(c.longitude),
                   func.count(), func.coalesce(func.sum(c.fatalities), 0))
            .where(*_where(store, query), c.location.is_not(None))
            .group_by(c.location, c.country, c.admin1, c.admin2)
            .order_by(func.count().desc(), c.location).limit(limit)).all()
    return [{"location": r[0], "country": r[1], "admin1": r[2], "admin2": r[3],
             "latitude": None if r[4] is None else round(float(r[4]), 5),
             "longitude": None if r[5] is None else round(float(r[5]), 5),
             "events": r[6], "fatalities": int(r[7])} for r in rows]


def overview(store: Store) -> dict[str, Any]:
    """Events per country and the number of articles (cheap: covering indexes)."""
    c = events.c
    from .store.schema import articles

    with store.engine.connect() as conn:
        by_country = conn.execute(select(c.country, func.count())
                                  .where(c.status == "active", c.kind == "event").group_by(c.country)).all()
        n_articles = conn.execute(select(func.count()).select_from(articles)).scalar_one()
    return {"events_by_country": {str(k): n for k, n in by_country if k},
            "events": sum(n for _k, n in by_country), "articles": int(n_articles)}
