"""The explorer's commands: `serve`, `export`, `events` (mounted by cli.py).

    conflictmap serve [--db URL] [--host 127.0.0.1] [--port 8000]
    conflictmap export --format acled-csv [-o FILE] [--db URL] [filters]
    conflictmap events [--country Mali] [--format table|csv|jsonl|geojson] [filters]

Thin: parse flags, call the library, print. Only this layer prints.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from .config import Settings
from .errors import ConflictMapError
from .exports import FORMATS, export
from .exports.geojson import feature
from .exports.jsonl import record
from .models import KINDS
from .store import EventQuery, open_store
from .taxonomy import EVENT_TYPES

TABLE_COLUMNS = ("event_date", "event_type", "actor1", "actor2", "location", "admin1", "country", "fatalities")


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The event filters shared by `export` and `events`."""
    options = [
        click.option("--db", default=None, help="SQLite path or postgresql:// URL (default: $CONFLICTMAP_DB)."),
        click.option("--country", help="Country name, e.g. Mali."),
        click.option("--admin1", help="First-level unit, e.g. Mopti."),
        click.option("--admin2", help="Second-level unit."),
        click.option("--actor", help="Actor in any role: names containing it (any case or accents), or an alias."),
        click.option("--event-type", type=click.Choice(list(EVENT_TYPES)), help="ACLED event type."),
        click.option("--kind", type=click.Choice([*KINDS, "all"]), default="event", show_default=True,
                     help="Statement kind; 'all' for every kind."),
        click.option("--date-from", help="First day, YYYY-MM-DD."),
        click.option("--date-to", help="Last day, YYYY-MM-DD."),
        click.option("--min-fatalities", type=click.IntRange(min=0), help="At least this many fatalities."),
        click.option("-q", "--query", "q", help="Full-text search over evidence and articles."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _actor_base() -> Any:
    """The actor base for aliases in --actor, when its module is installed."""
    try:
        from .stages.actors import ActorBase

        return ActorBase.default()
    except Exception:   # noqa: BLE001  (optional: without it, --actor matches names only)
        return None


def _query(kw: dict[str, Any], store: Any = None, **extra: Any) -> EventQuery:
    """The filters as an EventQuery; with the store, --actor is resolved to exact names
    (stats.match_actor, as the API does: aliases too, and the actor indexes are used)."""
    from datetime import date

    from .stats import actor_names, match_actor

    for name in ("date_from", "date_to"):
        if kw.get(name):
            try:
                date.fromisoformat(kw[name])
            except ValueError as exc:
                raise click.BadParameter(f"{kw[name]!r} is not a date YYYY-MM-DD", param_hint=f"--{name.replace('_', '-')}") from exc
    kind = kw.get("kind")
    if store is not None and kw.get("actor"):
        extra.setdefault("actor_names", match_actor(actor_names(store), kw["actor"], _actor_base()))
    return EventQuery(date_from=kw.get("date_from"), date_to=kw.get("date_to"), country=kw.get("country"),
                      admin1=kw.get("admin1"), admin2=kw.get("admin2"), actor=kw.get("actor"),
                      event_type=kw.get("event_type"), kind=None if kind == "all" else kind,
                      min_fatalities=kw.get("min_fatalities"), q=kw.get("q"), **extra)


def _errors(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ConflictMapError as exc:
            raise click.ClickException(str(exc)) from exc
    return wrapper


@click.command()
@click.option("--db", default=None, help="SQLite path or postgresql:// URL (default: $CONFLICTMAP_DB).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@_errors
def serve(db: str | None, host: str, port: int) -> None:
    """Serve the API and the explorer (a map, timeline, network and reports) over HTTP."""
    import uvicorn

    from .api import create_app

    settings = Settings()
    db = db or settings.db
    open_store(db).close()          # fail early, with a clear message, on a bad database
    mode = "corrections enabled (token set)" if settings.token else "read-only (set CONFLICTMAP_TOKEN to allow corrections)"
    click.echo(f"ConflictMap explorer on http://{host}:{port}/  ({db}; {mode})", err=True)
    uvicorn.run(create_app(db, settings), host=host, port=port, log_level="info")


@click.command("export")
@click.option("--format", "fmt", required=True, type=click.Choice(sorted(FORMATS)), help="Export format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Output file (default: standard output).")
@click.option("--no-relations", is_flag=True, help="Network formats: leave out the relations table.")
@filter_options
@_errors
def export_cmd(fmt: str, output: str | None, no_relations: bool, db: str | None, **filters: Any) -> None:
    """Export the matching events (ACLED/UCDP CSV, GeoJSON, GraphML, GEXF, Parquet, JSONL, relations CSV)."""
    store = open_store(db or Settings().db, create=False)
    try:
        query = _query(filters, store)
        if output:
            n = export(store, fmt, output, query, include_relations=not no_relations)
        else:
            n = export(store, fmt, sys.stdout.buffer, query, include_relations=not no_relations)
            sys.stdout.buffer.flush()
    finally:
        store.close()
    unit = "edges" if fmt in ("graphml", "gexf") else "rows"
    click.echo(f"wrote {n} {unit} as {fmt}" + (f" to {output}" if output else ""), err=True)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl", "geojson"]), default="table",
              show_default=True, help="Output format.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Events shown (table).")
@click.option("--sort", default="-event_date", show_default=True, help="Sort key; '-' for descending.")
@filter_options
@_errors
def events(fmt: str, limit: int, sort: str, db: str | None, **filters: Any) -> None:
    """List events with filters, as a table, CSV, JSON lines or GeoJSON."""
    store = open_store(db or Settings().db, create=False)
    try:
        if fmt == "table":
            rows, total = store.query_events(_query(filters, store, sort=sort, limit=limit))
            click.echo(format_table(rows))
            click.echo(f"{len(rows)} of {total} events", err=True)
            return
        query = _query(filters, store, sort=sort)
        out = sys.stdout
        if fmt == "csv":
            writer = csv.DictWriter(out, fieldnames=list(TABLE_COLUMNS) + ["event_id", "sub_event_type"],
                                    extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            for row in store.iter_events(query):
                writer.writerow(row)
        elif fmt == "jsonl":
            for row in store.iter_events(query):
                out.write(json.dumps(record(row), ensure_ascii=False) + "\n")
        else:
            feats = [feature(row) for row in store.iter_events(query)]
            out.write(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False) + "\n")
    finally:
        store.close()


def format_table(rows: list[dict[str, Any]], width: int = 28) -> str:
    """A plain-text table of events (columns TABLE_COLUMNS, long values cut)."""
    def cell(value: Any) -> str:
        s = "" if value is None else str(value)
        return s if len(s) <= width else s[: width - 1] + "…"

    table = [[c for c in TABLE_COLUMNS]] + [[cell(r.get(c)) for c in TABLE_COLUMNS] for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(TABLE_COLUMNS))]
    lines = ["  ".join(v.ljust(widths[i]) for i, v in enumerate(line)).rstrip() for line in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


COMMANDS = (serve, export_cmd, events)
