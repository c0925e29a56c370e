"""UCDP GED-style CSV: one row per organised-violence event.

Only Battles, Explosions/Remote violence and Violence against civilians are
written (UCDP's GED covers organised violence, not protests, riots or strategic
developments).

Columns and how they are derived:
    id                our event id
    relid             ISO3-year-event id (UCDP: a readable unique id)
    year              year of date_start
    active_year       1 when the dyad's best deaths in that year, over the exported
                      events, reach UCDP's threshold of 25; else 0
    type_of_violence  1 state-based (a state force, inter 1 or "Military/Police Forces
                      of ..." / "Government of ...", on one side), 2 non-state (two
                      organised non-state actors), 3 one-sided (civilians targeted,
                      or Violence against civilians)
    conflict_name     type 1: "<country>: Government"; type 2 and 3: the dyad name
    dyad_name         "side_a - side_b"
    side_a            the state actor (type 1), else actor1
    side_b            the other actor; "Civilians" for type 3
    source_article    the article's URL, else the file name it was read from (no directories)
    source_headline   the article's title
    where_prec        UCDP location precision 1-7 (stored where_prec)
    where_coordinates the coded location, with its admin1
    adm_1             first-level administrative unit
    adm_2             second-level administrative unit
    latitude          WGS84 latitude
    longitude         WGS84 longitude
    country           country (English short name)
    date_prec         1 exact day, 2 2-6 days, 3 a week, 4 up to a month, 5 longer
    date_start        first day of the date range
    date_end          last day of the date range
    deaths_a          deaths of side a (not split by our extraction: 0)
    deaths_b          deaths of side b (not split: 0)
    deaths_civilians  best estimate, for one-sided violence
    deaths_unknown    best estimate, for state-based and non-state violence
    best              best estimate of deaths (stored fatalities)
    high              high estimate (fatalities_high, else best)
    low               low estimate (fatalities_low, else best)
"""

from __future__ import annotations

import csv
from collections import defaultdict
from typing import IO, Any

from ..store import EventQuery, Store
from . import codebook
from ._common import Articles, events, source_file, text_stream

NAME = "ucdp-csv"
EXTENSION = "csv"
MEDIA_TYPE = "text/csv"
COLUMNS: tuple[str, ...] = (
    "id", "relid", "year", "active_year", "type_of_violence", "conflict_name", "dyad_name",
    "side_a", "side_b", "source_article", "source_headline", "where_prec", "where_coordinates",
    "adm_1", "adm_2", "latitude", "longitude", "country", "date_prec", "date_start", "date_end",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
)
ACTIVE_THRESHOLD = 25
_STATE_PREFIXES = ("Military Forces of", "Police Forces of", "Government of")


def _is_state(name: str | None, inter: int | None) -> bool:
    return bool(name) and (inter == 1 or str(name).startswith(_STATE_PREFIXES))


def violence_type(event: dict[str, Any]) -> int | None:
    if event.get("event_type") not in codebook.POLITICAL_VIOLENCE:
        return None
    if (event.get("civilian_targeting") or event.get("event_type") == "Violence against civilians"
            or event.get("inter2") == 7):
        return 3
    if _is_state(event.get("actor1"), event.get("inter1")) or _is_state(event.get("actor2"), event.get("inter2")):
        return 1
    return 2


def row(event: dict[str, Any], article: dict[str, Any] | None) -> dict[str, Any] | None:
    tov = violence_type(event)
    if tov is None:
        return None
    a1, a2 = event.get("actor1") or "", event.get("actor2") or ""
    if tov == 3:
        side_a, side_b = a1, "Civilians"
    elif tov == 1 and not _is_state(a1, event.get("inter1")):
        side_a, side_b = a2, a1
    else:
        side_a, side_b = a1, a2
    dyad = f"{side_a} - {side_b}"
    country = event.get("country") or ""
    c = codebook.country(country)
    start = event.get("date_start") or event.get("event_date") or ""
    best = int(event.get("fatalities") or 0)
    low = event.get("fatalities_low")
    high = event.get("fatalities_high")
    where = ", ".join(v for v in (event.get("location"), event.get("admin1")) if v)
    return {
        "id": event["event_id"],
        "relid": f"{c.iso3 if c else 'XXX'}-{start[:4]}-{event['event_id']}",
        "year": start[:4],
        "active_year": 0,
        "type_of_violence": tov,
        "conflict_name": f"{country}: Government" if tov == 1 else dyad,
        "dyad_name": dyad,
        "side_a": side_a,
        "side_b": side_b,
        "source_article": (article or {}).get("url") or source_file(article),
        "source_headline": (article or {}).get("title") or "",
        "where_prec": event.get("where_prec") or "",
        "where_coordinates": where,
        "adm_1": event.get("admin1") or "",
        "adm_2": event.get("admin2") or "",
        "latitude": "" if event.get("latitude") is None else event["latitude"],
        "longitude": "" if event.get("longitude") is None else event["longitude"],
        "country": country,
        "date_prec": codebook.ucdp_date_prec(event.get("date_start"), event.get("date_end"),
                                             event.get("time_precision")),
        "date_start": start,
        "date_end": event.get("date_end") or start,
        "deaths_a": 0,
        "deaths_b": 0,
        "deaths_civilians": best if tov == 3 else 0,
        "deaths_unknown": 0 if tov == 3 else best,
        "best": best,
        "high": high if high is not None else best,
        "low": low if low is not None else best,
    }


def write(store: Store, out: IO[bytes], query: EventQuery, include_relations: bool = True) -> int:
    articles = Articles(store)
    rows = []
    for event in events(store, query):
        r = row(event, articles.get(event["article_id"]))
        if r is not None:
            rows.append(r)
    deaths: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        deaths[(r["dyad_name"], r["year"])] += r["best"]
    stream = text_stream(out)
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        r["active_year"] = int(deaths[(r["dyad_name"], r["year"])] >= ACTIVE_THRESHOLD)
        writer.writerow(r)
    stream.detach()
    return len(rows)
