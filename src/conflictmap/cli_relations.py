"""`conflictmap relations`: the actor relations stored from the articles.

A click command mounted by the main CLI. It parses flags, reads the store, calls
relation_graph.merge_relations when asked to, and prints.

    conflictmap relations                          every relation statement, a table
    conflictmap relations --actor JNIM --merged    one row per tie, with its articles
    conflictmap relations --type funded_by --format csv
"""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any

import click

from .config import Settings
from .errors import StoreError
from .models import RELATION_RECORD_FIELDS
from .relation_graph import merge_relations

TYPES = ("affiliated_with", "cooperates_with", "rival_of", "funded_by", "funds", "supplies", "designated_by",
         "agreement_with", "controls_area")
MERGED_COLUMNS = ("relation", "actor_a", "actor_b", "articles", "first", "last", "polarities", "contradicted",
                  "amounts", "shares", "confidence")


@click.command("relations")
@click.option("--db", default=None, help="SQLite path or postgresql:// URL [default: conflictmap.db or $CONFLICTMAP_DB].")
@click.option("--actor", default=None, help="Only relations with this actor on either side (any part of the name, "
                                            "or an alias of the actor base).")
@click.option("--type", "type_", type=click.Choice(TYPES), default=None, help="Only this relation type.")
@click.option("--merged", is_flag=True, help="One row per tie across articles, with its sources and contradictions.")
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl", "csv")), default="table", show_default=True)
@click.option("--limit", type=int, default=None, help="At most this many rows.")
def relations(db: str | None, actor: str | None, type_: str | None, merged: bool, fmt: str,
              limit: int | None) -> None:
    """Actor relations stated in the stored articles (see docs/relations.md)."""
    from .store import open_store

    settings = Settings().with_(db=db)
    try:
        store = open_store(settings.db, create=False)
        canonical = _actor_name(actor)
        rows = store.relations(actor=canonical, relation=type_)
        if not rows and canonical != actor:
            rows = store.relations(actor=actor, relation=type_)
    except StoreError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(1)
    records: list[dict[str, Any]] = merge_relations(rows) if merged else [_statement(r) for r in rows]
    if limit is not None:
        records = records[:limit]
    if fmt == "jsonl":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False, default=str))
    elif fmt == "csv":
        click.echo(_csv(records, merged), nl=False)
    else:
        click.echo(_table(records, merged))


def _actor_name(actor: str | None) -> str | None:
    """An alias ("GSIM") searches as its canonical name; other text as typed."""
    if not actor:
        return None
    try:
        from .stages.actors import ActorBase

        found = ActorBase.default().get(actor)
    except Exception:  # noqa: BLE001 - the base is a convenience here; fall back to the text
        found = None
    return found.name if found is not None else actor


def _statement(row: dict[str, Any]) -> dict[str, Any]:
    out = {name: row.get(name) for name in RELATION_RECORD_FIELDS}
    out["id"] = row.get("id")
    return out


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return ";".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, list):
        return ";".join(_flat(v) for v in value)
    return str(value)


def _csv(records: list[dict[str, Any]], merged: bool) -> str:
    columns = MERGED_COLUMNS if merged else RELATION_RECORD_FIELDS
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for record in records:
        row = []
        for name in columns:
            value = record.get(name)
            if name == "evidence":
                value = " | ".join(e.get("text", "") for e in value or [] if isinstance(e, dict))
            row.append(_flat(value))
        writer.writerow(row)
    return buffer.getvalue()


def _table(records: list[dict[str, Any]], merged: bool) -> str:
    if not records:
        return "no relations"
    lines = []
    for r in records:
        arrow = "<->" if r.get("relation") in ("cooperates_with", "rival_of", "agreement_with") else "->"
        head = f"{r['actor_a']} {arrow} {r['actor_b']}  [{r['relation']}]"
        if merged:
            polarities = ", ".join(f"{k} {v}" for k, v in sorted(r["polarities"].items()))
            when = f"{r['first'] or '?'} .. {r['last'] or '?'}" if r["first"] or r["last"] else "undated"
            flag = "  CONTRADICTED" if r["contradicted"] else ""
            lines.append(f"{head}  {len(r['articles'])} article(s), {polarities}, {when}{flag}")
        else:
            extra = [r.get("polarity") or "asserted"]
            if r.get("attribution"):
                extra.append(f"per {r['attribution']}")
            if r.get("date_start"):
                extra.append(str(r["date_start"]))
            for name in ("amount", "share"):
                if r.get(name):
                    extra.append(str(r[name]))
            lines.append(f"{head}  {'; '.join(extra)}  ({r.get('article_id')})")
    return "\n".join(lines)


__all__ = ["relations"]
