"""/api/actors, /api/network, /api/relations: who fights whom, and stated ties."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from .. import stats
from ..models import fold
from ..network import NetworkFilter, build_network
from ..store import Store
from ..taxonomy import INTER_CODES
from .deps import MAX_LIMIT, Filters, Resources, fast_json, get_store, resources

router = APIRouter(tags=["actors"])


def actor_info(base: Any, name: str) -> dict[str, Any]:
    """What the actor base knows of a name (aliases, affiliations...), if it is installed."""
    if base is None:
        return {"known": False}
    try:
        actor = base.get(name)
    except Exception:   # noqa: BLE001  (an optional module's failure is an unknown actor)
        actor = None
    if actor is None:
        return {"known": False}
    return {"known": True, "canonical": getattr(actor, "name", name),
            "aliases": list(getattr(actor, "aliases", []) or []),
            "affiliations": list(getattr(actor, "affiliations", []) or []),
            "parent": getattr(actor, "parent", None), "kind": getattr(actor, "kind", None),
            "base_inter": getattr(actor, "inter", None), "base_country": getattr(actor, "country", None),
            "note": getattr(actor, "note", "")}


@router.get("/api/actors", summary="Actors of the matching events, with counts")
def list_actors(
    query: Filters,
    res: Annotated[Resources, Depends(resources)],
    name: Annotated[str | None, Query(max_length=200, description="substring of the actor name")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    table = res.cache.get(("actors", stats.query_key(query)), lambda: stats.actor_table(res.store, query))
    if name:
        key = fold(name)
        table = [r for r in table if key in fold(r["name"])]
    page = table[offset:offset + limit]
    base = res.actor_base
    items = [{**r, "type": INTER_CODES.get(r["inter"] or 0, "Unknown"), **actor_info(base, r["name"])} for r in page]
    return {"total": len(table), "limit": limit, "offset": offset, "items": items,
            "actor_base": base is not None}


@router.get("/api/actors/{name}", summary="One actor: activity over time, partners, relations, ego network")
def get_actor(name: str, query: Filters, res: Annotated[Resources, Depends(resources)],
              depth: Annotated[int, Query(ge=1, le=2)] = 1) -> dict[str, Any]:
    store = res.store
    rows = stats.actor_events(store, name, query)
    rels = [r for r in store.relations(actor=name) if name in (r["actor_a"], r["actor_b"])]
    if not rows and not rels:
        raise HTTPException(404, f"no events or relations for actor {name!r} (names are exact; see /api/actors)")
    net = build_network(rows if depth == 1 else stats.network_rows(store, replace(query)), rels if depth == 1 else store.relations(),
                        NetworkFilter(date_from=query.date_from, date_to=query.date_to))
    ego = net.ego(name, depth=depth)
    node = net.nodes.get(name)
    return {
        "name": name,
        "summary": node.as_dict() if node else {"name": name},
        **actor_info(res.actor_base, name),
        "activity": stats.activity(rows),
        "by_type": _count(rows, "event_type"),
        "by_country": _count(rows, "country"),
        "relations": rels,
        "network": ego.as_dict(),
        "recent_events": sorted(rows, key=lambda r: r.get("event_date") or "", reverse=True)[:20],
    }


def _count(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        k = r.get(key) or "Unknown"
        item = out.setdefault(k, {key: k, "events": 0, "fatalities": 0})
        item["events"] += 1
        item["fatalities"] += int(r.get("fatalities") or 0)
    return sorted(out.values(), key=lambda v: -v["events"])


@router.get("/api/network", summary="The actor network of a time window")
def network(
    query: Filters,
    res: Annotated[Resources, Depends(resources)],
    min_weight: Annotated[int, Query(ge=1, le=10_000)] = 1,
    max_nodes: Annotated[int, Query(ge=2, le=1000)] = 150,
    relations: Annotated[bool, Query(description="include the relations table")] = True,
    ego: Annotated[str | None, Query(max_length=200, description="only this actor's neighbourhood")] = None,
    isolates: Annotated[bool, Query(description="keep actors with no tie")] = False,
) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        store = res.store
        net = build_network(stats.network_rows(store, query), store.relations() if relations else [],
                            NetworkFilter(date_from=query.date_from, date_to=query.date_to,
                                          country=query.country, min_weight=min_weight,
                                          include_relations=relations))
        if ego:
            net = net.ego(ego)
        if not isolates:
            net = net.without_isolates()
        shown = net.top(max_nodes)
        return {**shown.as_dict(), "total_nodes": len(net.nodes), "total_edges": len(net.edges)}

    key = ("network", stats.query_key(query), min_weight, max_nodes, relations, ego, isolates)
    return fast_json(res.cache.get(key, compute))


@router.get("/api/relations", summary="Actor relations stated in articles")
def list_relations(
    store: Annotated[Store, Depends(get_store)],
    actor: Annotated[str | None, Query(max_length=200)] = None,
    relation: Annotated[str | None, Query(max_length=40, pattern=r"^[a-z_]+$")] = None,
    article_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    rows = store.relations(article_id=article_id, actor=actor, relation=relation)
    return {"total": len(rows), "limit": limit, "offset": offset, "items": rows[offset:offset + limit]}
