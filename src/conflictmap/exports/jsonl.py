"""JSON Lines: one event per line, the fields of `conflictmap extract` (EVENT_RECORD_FIELDS).

Columns:
    article_id, event_id, kind, event_date, date_start, date_end, time_precision,
    event_type, sub_event_type, actor1, assoc_actor_1 (list), inter1, actor2,
    assoc_actor_2 (list), inter2, civilian_targeting, country, admin1, admin2,
    location, latitude, longitude, geo_precision, where_prec, geonameid, fatalities,
    fatalities_low, fatalities_high, evidence (list of {field, start, end, text}),
    confidence, language
"""

from __future__ import annotations

from typing import IO, Any

from ..models import EVENT_RECORD_FIELDS
from ..store import EventQuery, Store
from ._common import dumps, events

NAME = "jsonl"
EXTENSION = "jsonl"
MEDIA_TYPE = "application/x-ndjson"
COLUMNS: tuple[str, ...] = EVENT_RECORD_FIELDS


def record(event: dict[str, Any]) -> dict[str, Any]:
    out = {name: event.get(name) for name in EVENT_RECORD_FIELDS}
    out["evidence"] = [{k: e.get(k) for k in ("field", "start", "end", "text")}
                       for e in (event.get("evidence") or [])]
    out["civilian_targeting"] = bool(out["civilian_targeting"])
    return out


def write(store: Store, out: IO[bytes], query: EventQuery, include_relations: bool = True) -> int:
    n = 0
    for event in events(store, query):
        out.write((dumps(record(event)) + "\n").encode("utf-8"))
        n += 1
    return n
