"""Relations across articles: one edge per tie, with every article that reports it.

    merge_relations(store.relations()) -> [edge, ...]

The input rows are the store's relation rows, or `Relation.as_record()` dicts (the
keys of models.RELATION_RECORD_FIELDS; an `id` when the store gave one). A tie is
(type, actor_a, actor_b), with the parties of the symmetric types (cooperates_with,
rival_of, agreement_with) put in alphabetical order. Each edge keeps:

    relation, actor_a, actor_b, symmetric
    articles        the article ids that report the tie, in first-seen order
    sources         one entry per statement: article, polarity, attribution, date,
                    amount, share, evidence text, confidence
    first, last     the earliest and latest date any statement gives
    polarities      how many statements assert, claim, allege, deny, question the tie
    contradicted    True when some statements affirm the tie and others deny it:
                    both kept side by side in `sources`
    amounts, shares the distinct figures reported
    confidence      the highest statement confidence

Depends only on plain data (and the names of models); no store, no spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

SYMMETRIC = frozenset({"cooperates_with", "rival_of", "agreement_with"})
AFFIRMING = frozenset({"asserted", "claimed", "alleged"})
NEGATING = frozenset({"denied"})


def tie_key(row: Mapping[str, Any]) -> tuple[str, str, str]:
    """(type, a, b), with the parties of a symmetric type in a fixed order."""
    relation = str(row.get("relation") or "")
    a, b = str(row.get("actor_a") or ""), str(row.get("actor_b") or "")
    if relation in SYMMETRIC and b < a:
        a, b = b, a
    return relation, a, b


def _evidence_text(row: Mapping[str, Any]) -> str | None:
    evidence = row.get("evidence") or []
    if isinstance(evidence, list):
        for item in evidence:
            if isinstance(item, Mapping) and item.get("field") == "relation":
                return item.get("text")
        if evidence and isinstance(evidence[0], Mapping):
            return evidence[0].get("text")
    return None


def merge_relations(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One edge per tie across articles, its statements and contradictions kept."""
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        key = tie_key(row)
        if not key[0] or not key[1] or not key[2]:
            continue
        edge = edges.get(key)
        if edge is None:
            edge = edges[key] = {
                "relation": key[0], "actor_a": key[1], "actor_b": key[2], "symmetric": key[0] in SYMMETRIC,
                "articles": [], "sources": [], "first": None, "last": None, "polarities": {},
                "contradicted": False, "amounts": [], "shares": [], "confidence": 0.0,
            }
        article = row.get("article_id")
        if article and article not in edge["articles"]:
            edge["articles"].append(article)
        polarity = str(row.get("polarity") or "asserted")
        edge["polarities"][polarity] = edge["polarities"].get(polarity, 0) + 1
        start, end = row.get("date_start"), row.get("date_end")
        for day in (start, end):
            if day:
                edge["first"] = min(edge["first"] or day, day)
                edge["last"] = max(edge["last"] or day, day)
        for name, bucket in (("amount", "amounts"), ("share", "shares")):
            value = row.get(name)
            if value and value not in edge[bucket]:
                edge[bucket].append(value)
        confidence = float(row.get("confidence") or 0.0)
        edge["confidence"] = max(edge["confidence"], confidence)
        edge["sources"].append({
            "article_id": article, "id": row.get("id"), "polarity": polarity,
            "attribution": row.get("attribution"), "date_start": start, "date_end": end,
            "time_precision": row.get("time_precision"), "amount": row.get("amount"), "share": row.get("share"),
            "evidence": _evidence_text(row), "confidence": round(confidence, 3),
        })
    out = []
    for edge in edges.values():
        seen = set(edge["polarities"])
        edge["contradicted"] = bool(seen & AFFIRMING) and bool(seen & NEGATING)
        edge["confidence"] = round(edge["confidence"], 3)
        out.append(edge)
    out.sort(key=lambda e: (-len(e["articles"]), e["relation"], e["actor_a"], e["actor_b"]))
    return out


__all__ = ["SYMMETRIC", "merge_relations", "tie_key"]
