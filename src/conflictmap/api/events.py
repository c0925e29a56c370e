"""/api/events: the event list, map points, one event with its evidence and article."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from .. import stats
from ..store import Store
from ..store.query import SORTABLE
from .deps import (
    MAX_LIMIT,
    Filters,
    Resources,
    cached_json,
    check_sort,
    fast_json,
    get_store,
    resources,
)

router = APIRouter(prefix="/api/events", tags=["events"])


@router.get("", summary="Events matching the filters")
def list_events(
    query: Filters,
    store: Annotated[Store, Depends(get_store)],
    sort: Annotated[str, Query(description=f"one of {', '.join(sorted(SORTABLE))}; '-' for descending")] = "-event_date",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    rows, total = store.query_events(replace(query, sort=check_sort(sort), limit=limit, offset=offset))
    return fast_json({"total": total, "limit": limit, "offset": offset, "items": rows})


@router.get("/points", summary="Located events as compact rows, for the map")
def event_points(
    query: Filters,
    res: Annotated[Resources, Depends(resources)],
    limit: Annotated[int, Query(ge=1, le=50_000)] = 20_000,
) -> dict[str, Any]:
    key = ("points", stats.query_key(query), limit)
    return cached_json(res, key, lambda: stats.points(res.store, query, limit))


@router.get("/{event_id}", summary="One event, its evidence, its source article and duplicates")
def get_event(event_id: str,
              store: Annotated[Store, Depends(get_store)]) -> dict[str, Any]:
    if len(event_id) > 64:
        raise HTTPException(422, "event id too long")
    event = store.get_event(event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id!r}")
    article = store.get_article(event["article_id"])
    links = store.duplicates_of(event["article_id"])
    duplicates = []
    for link in links:
        other = link["other_id"] if link["article_id"] == event["article_id"] else link["article_id"]
        meta = store.get_article(other)
        duplicates.append({"article_id": other, "kind": link["kind"], "score": link["score"],
                           "title": meta and meta.get("title"), "url": meta and meta.get("url")})
    return {
        "event": event,
        "evidence": event.get("evidence") or [],
        "field_sources": field_sources(event),
        "article": None if article is None else {
            k: article.get(k) for k in ("id", "title", "url", "published", "site_name", "language",
                                        "source", "text", "status")},
        "duplicates": duplicates,
        "corrections": store.corrections(event_id),
    }


# fields coded with the place: without evidence of their own, their stage is the location's
FROM_LOCATION = ("admin1", "admin2")


def field_sources(event: dict[str, Any]) -> list[dict[str, Any]]:
    """For each coded field: its value, the evidence that supports it and the stage.

    The stage is the one recorded on the field's first evidence span; admin1 and admin2
    without evidence of their own were coded with the location (the geocoder's stage,
    `derived_from: "location"`); any other field falls back to the event's stage."""
    by_field: dict[str, list[dict[str, Any]]] = {}
    for ev in event.get("evidence") or []:
        by_field.setdefault(ev.get("field", ""), []).append(ev)
    location_stage = next((ev.get("stage") for ev in by_field.get("location", []) if ev.get("stage")), None)
    rows = []
    for name in ("event_type", "sub_event_type", "actor1", "actor2", "assoc_actor_1", "assoc_actor_2",
                 "event_date", "location", "admin1", "admin2", "country", "fatalities", "kind"):
        evidence = by_field.get(name, [])
        if name in ("event_date",) and not evidence:
            evidence = by_field.get("date", [])
        row = {"field": name, "value": event.get(name), "evidence": evidence,
               "stage": (evidence[0].get("stage") if evidence and evidence[0].get("stage") else event.get("stage"))}
        if not evidence and name in FROM_LOCATION and event.get(name) and location_stage:
            row["stage"] = location_stage
            row["derived_from"] = "location"
        rows.append(row)
    for name, evidence in by_field.items():
        if name not in {r["field"] for r in rows} and name != "date":
            rows.append({"field": name, "value": event.get(name), "evidence": evidence,
                         "stage": evidence[0].get("stage") or event.get("stage")})
    return rows
