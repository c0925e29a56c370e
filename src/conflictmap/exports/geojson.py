"""GeoJSON: a FeatureCollection of Points, one per event, for QGIS and web maps.

Each Feature's geometry is the event's Point [longitude, latitude] (null when the
event has no coordinates). Its properties are the event record fields
(EVENT_RECORD_FIELDS), flattened for GIS tools: list fields are '; '-joined and
`evidence` is the evidence quotes joined with ' | '.

Columns (properties):
    article_id, event_id, kind, event_date, date_start, date_end, time_precision,
    event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2,
    inter2, civilian_targeting, country, admin1, admin2, location, latitude, longitude,
    geo_precision, where_prec, geonameid, fatalities, fatalities_low, fatalities_high,
    evidence, confidence, language
"""

from __future__ import annotations

from typing import IO, Any

from ..models import EVENT_RECORD_FIELDS
from ..store import EventQuery, Store
from ._common import dumps, events, evidence_text, joined

NAME = "geojson"
EXTENSION = "geojson"
MEDIA_TYPE = "application/geo+json"
COLUMNS: tuple[str, ...] = EVENT_RECORD_FIELDS


def feature(event: dict[str, Any]) -> dict[str, Any]:
    props = {name: event.get(name) for name in EVENT_RECORD_FIELDS}
    props["assoc_actor_1"] = joined(event.get("assoc_actor_1"))
    props["assoc_actor_2"] = joined(event.get("assoc_actor_2"))
    props["evidence"] = evidence_text(event.get("evidence"))
    props["civilian_targeting"] = bool(props["civilian_targeting"])
    lat, lon = event.get("latitude"), event.get("longitude")
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    return {"type": "Feature", "id": event["event_id"], "geometry": geometry, "properties": props}


def write(store: Store, out: IO[bytes], query: EventQuery, include_relations: bool = True) -> int:
    out.write(b'{"type":"FeatureCollection","features":[\n')
    n = 0
    for event in events(store, query):
        out.write(((",\n" if n else "") + dumps(feature(event))).encode("utf-8"))
        n += 1
    out.write(b"\n]}\n")
    return n
