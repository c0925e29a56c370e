"""What the routers share: the store (opened on first use), settings, caches, filters.

Nothing here opens a connection at import or when the app is created; the store is
opened by the first request that needs it and closed at shutdown.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Query, Request

from ..config import Settings
from ..models import KINDS
from ..stats import StatsCache, match_actor
from ..store import EventQuery, Store, open_store
from ..store.query import SORTABLE
from ..taxonomy import EVENT_TYPES, SUB_EVENT_TYPES

MAX_LIMIT = 1000


def fast_json(content: Any) -> Any:
    """Plain JSON data straight to a response (skips FastAPI's slow generic encoder)."""
    from fastapi.responses import JSONResponse

    return JSONResponse(content)
def cached_json(res: Resources, key: tuple[Any, ...], compute: Any) -> Any:
    """A cached summary as a JSON response, serialised once: a repeated request (the
    explorer's opening view, 5,000 map points) skips the encoding too."""
    import json

    from fastapi.responses import Response

    def encode() -> bytes:
        value = res.cache.get(key, compute)
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")

    return Response(res.cache.get(("json", *key), encode), media_type="application/json")


DATE_RE = r"^\d{4}-\d{2}-\d{2}$"


class Resources:
    """Per-app state: the database, settings, the actor base and caches."""

    def __init__(self, db: str, settings: Settings, boundaries_dir: Path | None) -> None:
        self.db = db
        self.settings = settings
        self.boundaries_dir = boundaries_dir
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._cache: StatsCache | None = None
        self._actor_base: Any = None
        self._actor_base_loaded = False
        self.geojson: dict[tuple[str, int], bytes] = {}      # serialised polygons
        self.boundary_index: list[dict[str, Any]] | None = None
        self.boundary_files: dict[str, Any] = {}
        self.warm = threading.Event()      # set when the warm-up is done (or not wanted)

    @property
    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = open_store(self.db)
                self._cache = StatsCache(self._store)
            return self._store

    @property
    def cache(self) -> StatsCache:
        self.store  # noqa: B018  (opens the store and its cache)
        assert self._cache is not None
        return self._cache

    @property
    def actor_base(self) -> Any:
        """The actor knowledge base when its module is installed, else None."""
        with self._lock:
            if not self._actor_base_loaded:
                self._actor_base_loaded = True
                try:
                    from ..stages.actors import ActorBase  # type: ignore[import-not-found]

                    loader = getattr(ActorBase, "default", None) or ActorBase.load
                    self._actor_base = loader()
                except Exception:   # noqa: BLE001  (optional module: any failure means "absent")
                    self._actor_base = None
            return self._actor_base

    def actor_names(self) -> list[str]:
        """Every actor name of the events (cached until the database changes)."""
        from ..stats import actor_names

        return self.cache.get(("actor_names",), lambda: actor_names(self.store))  # type: ignore[no-any-return]

    def warm_up(self) -> None:
        """Fill the cache with what the explorer's first page asks for."""
        from .. import stats as st

        try:
            store = self.store
            query = EventQuery()
            self.cache.get(("overview",), lambda: st.overview(store))
            self.cache.get(("stats", st.query_key(query)), lambda: st.event_stats(store, query))
            self.cache.get(("points", st.query_key(query), 5000), lambda: st.points(store, query, 5000))
            self.actor_names()      # what an actor filter resolves against
            self.actor_base         # noqa: B018  (loads the aliases, when installed)
        except Exception:   # noqa: BLE001  (a warm-up failure only means a slower first request)
            logging.getLogger(__name__).warning("cache warm-up failed", exc_info=True)
        finally:
            self.warm.set()

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def resources(request: Request) -> Resources:
    return request.app.state.resources  # type: ignore[no-any-return]


def get_store(res: Annotated[Resources, Depends(resources)]) -> Store:
    return res.store


def check_date(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if not re.match(DATE_RE, value):
        raise HTTPException(422, f"{name} must be a date YYYY-MM-DD, not {value!r}")
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise HTTPException(422, f"{name} is not a real date: {value!r}") from exc
    return value


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    parts = value.split(",")
    try:
        box = tuple(float(p) for p in parts)
    except ValueError as exc:
        raise HTTPException(422, f"bbox must be four numbers min_lon,min_lat,max_lon,max_lat, not {value!r}") from exc
    if len(box) != 4:
        raise HTTPException(422, f"bbox must be four numbers min_lon,min_lat,max_lon,max_lat, not {value!r}")
    min_lon, min_lat, max_lon, max_lat = box
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise HTTPException(422, "bbox must have -180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90")
    return min_lon, min_lat, max_lon, max_lat  # type: ignore[return-value]


def resolve_actor(res: Resources, actor: str) -> tuple[str, ...] | None:
    """The exact names an `actor` filter means (stats.match_actor), so that the query
    uses the actor indexes; the store's names are cached until the database changes."""
    return match_actor(res.actor_names(), actor, res.actor_base)


def event_filters(
    res: Annotated[Resources, Depends(resources)],
    date_from: Annotated[str | None, Query(description="first day, YYYY-MM-DD (inclusive)")] = None,
    date_to: Annotated[str | None, Query(description="last day, YYYY-MM-DD (inclusive)")] = None,
    country: Annotated[str | None, Query(max_length=80)] = None,
    admin1: Annotated[str | None, Query(max_length=120)] = None,
    admin2: Annotated[str | None, Query(max_length=120)] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="any role; substring of a name (any case, any accents) or an alias of the actor base")] = None,
    event_type: Annotated[str | None, Query()] = None,
    sub_event_type: Annotated[str | None, Query()] = None,
    kind: Annotated[str | None, Query(description="event (default), aggregate, background, campaign, not_pv or all")] = "event",
    min_fatalities: Annotated[int | None, Query(ge=0)] = None,
    q: Annotated[str | None, Query(max_length=200, description="full text over evidence and articles")] = None,
) -> EventQuery:
    """The event filters shared by events, stats, exports, actors and the network."""
    if event_type and event_type not in EVENT_TYPES:
        raise HTTPException(422, f"unknown event_type {event_type!r}; one of: {', '.join(EVENT_TYPES)}")
    if sub_event_type and sub_event_type not in SUB_EVENT_TYPES:
        raise HTTPException(422, f"unknown sub_event_type {sub_event_type!r}")
    if kind not in (*KINDS, "all", None, ""):
        raise HTTPException(422, f"unknown kind {kind!r}; one of: {', '.join(KINDS)}, all")
    d_from, d_to = check_date(date_from, "date_from"), check_date(date_to, "date_to")
    if d_from and d_to and d_to < d_from:
        raise HTTPException(422, "date_to is before date_from")
    return EventQuery(
        date_from=d_from, date_to=d_to, country=country or None, admin1=admin1 or None,
        admin2=admin2 or None, bbox=parse_bbox(bbox), actor=actor or None,
        actor_names=resolve_actor(res, actor) if actor else None,
        event_type=event_type or None, sub_event_type=sub_event_type or None,
        kind=None if kind in ("all", "", None) else kind, min_fatalities=min_fatalities, q=q or None,
    )


Filters = Annotated[EventQuery, Depends(event_filters)]


def check_sort(sort: str) -> str:
    if sort.lstrip("-") not in SORTABLE:
        raise HTTPException(422, f"cannot sort by {sort!r}; one of {', '.join(sorted(SORTABLE))} (prefix - for descending)")
    return sort


def require_token(
    res: Annotated[Resources, Depends(resources)],
    authorization: Annotated[str | None, Header()] = None,
) -> None:
    """Corrections need `Authorization: Bearer <token>`; with no token configured the API is read-only."""
    token = res.settings.token
    if not token:
        raise HTTPException(403, "corrections are disabled: the server has no token (set CONFLICTMAP_TOKEN)")
    given = ""
    if authorization and authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if not given or not secrets.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is required",
                            headers={"WWW-Authenticate": "Bearer"})
