"""The HTTP API and the explorer: `create_app(db)` returns a FastAPI app.

    app = create_app("conflictmap.db")            # nothing is opened yet
    uvicorn.run(app)                               # the first request opens the store

One router per resource (events, corrections, articles, actors/network/relations,
stats/places/report, export, boundaries); the explorer's static files are served
at `/`. OpenAPI is at /openapi.json and the interactive docs at /docs.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..config import Settings
from ..errors import ConfigError, StoreError
from . import actors, articles, boundaries, corrections, events, export, summaries
from .deps import Resources

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'")


def create_app(db: str, settings: Settings | None = None, *, boundaries_dir: Path | None = None,
               warm: bool = True) -> FastAPI:
    """The API and explorer over the store at `db` (a SQLite path or a PostgreSQL URL).

    With `warm`, the server computes the explorer's opening view (overview, stats and
    map points for the default filters) in the background when it starts, so the
    first page load hits the cache."""
    res = Resources(db, settings or Settings(), boundaries_dir)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=res.warm_up, name="conflictmap-warm-up", daemon=True).start()
        else:
            res.warm.set()
        yield
        res.close()

    app = FastAPI(title="ConflictMap", version=__version__, lifespan=lifespan,
                  description="Events coded from news reports (ACLED conventions): query, map, export, correct.")
    app.state.resources = res
    for module in (events, corrections, articles, actors, summaries, export, boundaries):
        app.include_router(module.router)

    @app.exception_handler(ConfigError)
    async def config_error(_request: Request, exc: ConfigError) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=400)

    @app.exception_handler(StoreError)
    async def store_error(_request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if not request.url.path.startswith("/api/"):
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    async def api_not_found(rest: str) -> JSONResponse:
        return JSONResponse({"detail": f"no API endpoint /api/{rest}"}, status_code=404)

    if WEB_DIR.is_dir():
        app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="web")
    return app
