"""/api/articles: stored articles and, for one, everything extracted from it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from ..store import EventQuery, Store
from .deps import MAX_LIMIT, get_store

router = APIRouter(prefix="/api/articles", tags=["articles"])
STATUSES = ("done", "unsupported", "duplicate")


@router.get("", summary="Articles, newest first (without their text)")
def list_articles(
    store: Annotated[Store, Depends(get_store)],
    status: Annotated[str | None, Query(description=f"one of {', '.join(STATUSES)}")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    if status and status not in STATUSES:
        raise HTTPException(422, f"unknown status {status!r}; one of {', '.join(STATUSES)}")
    rows, total = store.list_articles(limit=limit, offset=offset, status=status)
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


@router.get("/{article_id}", summary="One article with its events, relations, places and duplicates")
def get_article(article_id: str, store: Annotated[Store, Depends(get_store)]) -> dict[str, Any]:
    article = store.get_article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    events, _ = store.query_events(EventQuery(article_id=article_id, kind=None, include_rejected=True,
                                              sort="event_date"))
    return {"article": article, "events": events, "relations": store.relations(article_id=article_id),
            "places": store.places(article_id=article_id), "duplicates": store.duplicates_of(article_id)}
