"""/api/stats, /api/places, /api/report, /api/meta: numbers for charts and reports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from .. import __version__, stats
from ..exports import FORMATS
from ..exports.codebook import country as country_codes
from ..models import KINDS
from ..store import Store
from ..taxonomy import EVENT_TYPES, INTER_CODES
from .deps import Filters, Resources, cached_json, check_date, get_store, resources

router = APIRouter(tags=["stats"])


@router.get("/api/stats", summary="Events and fatalities by week, type, admin1, admin2 and actor")
def get_stats(query: Filters, res: Annotated[Resources, Depends(resources)]) -> dict[str, Any]:
    return cached_json(res, ("stats", stats.query_key(query)), lambda: stats.event_stats(res.store, query))


@router.get("/api/places", summary="Coded locations with event counts, or the place mentions of an article")
def get_places(query: Filters, res: Annotated[Resources, Depends(resources)],
               article_id: Annotated[str | None, Query(max_length=64)] = None,
               limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> dict[str, Any]:
    if article_id:
        items = res.store.places(article_id=article_id, limit=limit)
        return {"total": len(items), "items": items}
    items = res.cache.get(("places", stats.query_key(query), limit),
                          lambda: stats.locations(res.store, query, limit))
    return {"total": len(items), "items": items}


@router.get("/api/report", summary="A situation report: a period against the previous one")
def get_report(res: Annotated[Resources, Depends(resources)],
               date_from: Annotated[str, Query(alias="from")],
               date_to: Annotated[str, Query(alias="to")],
               country: Annotated[str | None, Query(max_length=80)] = None,
               admin1: Annotated[str | None, Query(max_length=120)] = None,
               admin2: Annotated[str | None, Query(max_length=120)] = None) -> dict[str, Any]:
    d_from, d_to = check_date(date_from, "from"), check_date(date_to, "to")
    assert d_from and d_to
    if d_to < d_from:
        raise HTTPException(422, "'to' is before 'from'")
    key = ("report", d_from, d_to, country, admin1, admin2)
    return res.cache.get(key, lambda: stats.report(res.store, date_from=d_from, date_to=d_to,  # type: ignore[no-any-return]
                                                   country=country, admin1=admin1, admin2=admin2))


@router.get("/api/meta", summary="Vocabularies and what the server can do")
def meta(res: Annotated[Resources, Depends(resources)], store: Annotated[Store, Depends(get_store)]) -> dict[str, Any]:
    summary = res.cache.get(("overview",), lambda: stats.overview(store))
    countries = []
    for name in sorted(summary["events_by_country"]):
        codes = country_codes(name)
        countries.append({"name": name, "iso3": codes.iso3 if codes else None,
                          "events": summary["events_by_country"][name]})
    return {"version": __version__, "event_types": EVENT_TYPES, "kinds": list(KINDS),
            "inter_codes": INTER_CODES, "export_formats": list(FORMATS), "countries": countries,
            "events": summary["events"], "articles": summary["articles"],
            "corrections_enabled": bool(res.settings.token), "actor_base": res.actor_base is not None}


@router.get("/api/health", summary="Liveness and database check")
def health(store: Annotated[Store, Depends(get_store)],
           res: Annotated[Resources, Depends(resources)]) -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "dialect": store.dialect, "warm": res.warm.is_set()}
