"""ACLED-style CSV: the column names and order of ACLED's public codebook.

Columns:
    event_id_cnty     ISO3 of the country + our event id (ACLED: ISO3 + a number)
    event_date        first day of the event's date range (YYYY-MM-DD)
    year              year of event_date
    time_precision    1 day, 2 week, 3 month or longer
    disorder_type     derived from event_type (see exports/codebook.py)
    event_type        ACLED event type
    sub_event_type    ACLED sub-event type
    actor1            initiating actor (canonical name)
    assoc_actor_1     actors associated with actor1, '; '-separated
    inter1            ACLED inter code of actor1 (1-8)
    actor2            the other actor (the target)
    assoc_actor_2     actors associated with actor2, '; '-separated
    inter2            ACLED inter code of actor2
    interaction       inter1 and inter2, lower first, as one number (actor1 alone: inter1 * 10)
    civilian_targeting  "Civilian targeting" when civilians were the target, else empty
    iso               ISO 3166-1 numeric code of the country
    region            ACLED region (Western Africa, Middle Africa, Northern Africa)
    country           country (English short name)
    admin1            first-level administrative unit (geoBoundaries name)
    admin2            second-level administrative unit
    admin3            third-level unit (not coded: empty)
    location          the place the event is coded at
    latitude          WGS84 latitude of location
    longitude         WGS84 longitude of location
    geo_precision     1 the place itself, 2 near it / part of a district, 3 only a region
    source            the article's site (site name, or the host of its URL, else its file name)
    source_scale      scale of the source (not coded: empty)
    notes             the sentence of the article that reports the event
    fatalities        best estimate of reported fatalities (0 when none or unknown)
    tags              extra facts as key=value, '; '-separated (fatality range, kind, confidence)
    timestamp         Unix time the row was last written
"""

from __future__ import annotations

import csv
from typing import IO

from ..store import EventQuery, Store
from . import codebook
from ._common import Articles, epoch, events, joined, sentence, source_name, text_stream

NAME = "acled-csv"
EXTENSION = "csv"
MEDIA_TYPE = "text/csv"
COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)


def row(event: dict, article: dict | None) -> dict:
    c = codebook.country(event.get("country"))
    date = event.get("event_date") or event.get("date_start") or ""
    tags = []
    if event.get("fatalities_low") is not None or event.get("fatalities_high") is not None:
        tags.append(f"fatalities={event.get('fatalities_low')}-{event.get('fatalities_high')}")
    if event.get("kind") and event["kind"] != "event":
        tags.append(f"kind={event['kind']}")
    tags.append(f"confidence={event.get('confidence')}")
    return {
        "event_id_cnty": f"{c.iso3 if c else 'XXX'}{event['event_id']}",
        "event_date": date,
        "year": date[:4],
        "time_precision": codebook.acled_time_precision(event.get("time_precision")),
        "disorder_type": codebook.disorder_type(event.get("event_type"), event.get("sub_event_type")),
        "event_type": event.get("event_type") or "",
        "sub_event_type": event.get("sub_event_type") or "",
        "actor1": event.get("actor1") or "",
        "assoc_actor_1": joined(event.get("assoc_actor_1")),
        "inter1": event.get("inter1") or "",
        "actor2": event.get("actor2") or "",
        "assoc_actor_2": joined(event.get("assoc_actor_2")),
        "inter2": event.get("inter2") or "",
        "interaction": codebook.interaction(event.get("inter1"), event.get("inter2")) or "",
        "civilian_targeting": "Civilian targeting" if event.get("civilian_targeting") else "",
        "iso": c.numeric if c else "",
        "region": c.region if c else "",
        "country": event.get("country") or "",
        "admin1": event.get("admin1") or "",
        "admin2": event.get("admin2") or "",
        "admin3": "",
        "location": event.get("location") or "",
        "latitude": "" if event.get("latitude") is None else event["latitude"],
        "longitude": "" if event.get("longitude") is None else event["longitude"],
        "geo_precision": event.get("geo_precision") or "",
        "source": source_name(article),
        "source_scale": "",
        "notes": sentence(event, article),
        "fatalities": event.get("fatalities") or 0,
        "tags": "; ".join(tags),
        "timestamp": epoch(event.get("created_at")) or "",
    }


def write(store: Store, out: IO[bytes], query: EventQuery, include_relations: bool = True) -> int:
    articles = Articles(store)
    stream = text_stream(out)
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for event in events(store, query):
        writer.writerow(row(event, articles.get(event["article_id"])))
        n += 1
    stream.detach()
    return n
