"""Evaluation of place detection and resolution against the geocoding gold.

    result = evaluate_places(load_gold(path), geocoder, nlp)
    print(format_table(result))

Gold records are `{"id", "language", "text", "places": [...]}` (docs/gold-format.md).
Gold mentions are matched one-to-one to predicted places by span: the same span first,
then the largest overlap; a gold relative location (`"relative": true`) prefers a
predicted relative place and a plain gold mention a plain prediction.

Scores (overall and per language):

    detection   recall and precision of place mentions (span overlap)
    exact       same geonameid, or within 5 km when the gold has none; a gold place
                with no coordinates is exact when the prediction has none either
    within_25km prediction within 25 km of the gold point
    admin1      same admin1 name (accent-insensitive), over gold with an admin1
    country     same ISO2, over gold with a country
    median_km / mean_km   error distance over matched points with coordinates

Resolution scores are over matched gold mentions (the detection scores count the
misses); `end_to_end_exact` is exact over all gold mentions scored on position. Gold entries marked
`"check": "country"` (border areas) are scored on detection and country only.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..models import Place, fold
from ..stages.place_rules import haversine_km
from .events import read_gold_rows

GOLD_FIELDS = ("text", "start", "end", "country")


def load_gold(paths: Sequence[Path] | Path) -> list[dict[str, Any]]:
    """Gold records from JSONL files; offsets and texts are checked."""
    if isinstance(paths, Path):
        paths = [paths]
    records: list[dict[str, Any]] = []
    for path in paths:
        for where, rec, text, _published in read_gold_rows(path):
            if "places" not in rec:
                raise GoldError("a gold record needs \"text\" and \"places\"", source=where)
            for p in rec["places"]:
                missing = [f for f in GOLD_FIELDS if f not in p]
                if missing:
                    raise GoldError(f"place without {', '.join(missing)}: {p}", source=where)
                if text[p["start"]:p["end"]] != p["text"]:
                    raise GoldError(f"offsets [{p['start']}, {p['end']}) give "
                                    f"{text[p['start']:p['end']]!r}, not {p['text']!r}", source=where)
            records.append(rec)
    return records


def _match(gold: list[dict[str, Any]], pred: list[Place]) -> list[tuple[dict[str, Any], Place | None]]:
    """One-to-one matching of gold mentions to predictions by span."""
    pairs: list[tuple[float, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            overlap = min(g["end"], p.end) - max(g["start"], p.start)
            if overlap <= 0:
                continue
            union = max(g["end"], p.end) - min(g["start"], p.start)
            same_kind = bool(g.get("relative")) == (p.source == "relative")
            score = overlap / union + (1.0 if (g["start"], g["end"]) == (p.start, p.end) else 0.0) \
                + (2.0 if same_kind else 0.0)
            pairs.append((score, gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched: dict[int, Place] = {}
    for _score, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matched[gi] = pred[pi]
    return [(g, matched.get(i)) for i, g in enumerate(gold)]


class _Tally:
    def __init__(self) -> None:
        self.gold = 0
        self.pred = 0
        self.detected = 0
        self.resolved_total = 0
        self.exact = 0
        self.within25 = 0
        self.point_total = 0
        self.admin1_total = 0
        self.admin1 = 0
        self.country_total = 0
        self.country = 0
        self.country_only = 0
        self.errors: list[float] = []
        self.failures: list[dict[str, Any]] = []

    def result(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "gold_mentions": self.gold,
            "predicted_mentions": self.pred,
            "mention_recall": ratio(self.detected, self.gold),
            "mention_precision": ratio(self.detected, self.pred),
            "exact": ratio(self.exact, self.resolved_total),
            "within_25km": ratio(self.within25, self.point_total),
            "admin1": ratio(self.admin1, self.admin1_total),
            "country": ratio(self.country, self.country_total),
            "median_km": round(statistics.median(self.errors), 2) if self.errors else None,
            "mean_km": round(statistics.fmean(self.errors), 2) if self.errors else None,
            "end_to_end_exact": ratio(self.exact, self.gold - self.country_only),
            "scored": {"resolved": self.resolved_total, "points": self.point_total,
                       "admin1": self.admin1_total, "country": self.country_total},
        }


def _score(tally: _Tally, rid: str, g: dict[str, Any], p: Place | None) -> None:
    tally.gold += 1
    if p is None:
        if g.get("check") == "country":
            tally.country_only += 1
        tally.failures.append({"id": rid, "text": g["text"], "problem": "not detected"})
        return
    tally.detected += 1
    if g.get("country") is not None:
        tally.country_total += 1
        if p.country == g["country"]:
            tally.country += 1
        else:
            tally.failures.append({"id": rid, "text": g["text"], "problem": "country",
                                   "gold": g["country"], "pred": p.country, "name": p.name})
    if g.get("check") == "country":
        tally.country_only += 1
        return
    tally.resolved_total += 1
    glat, glon = g.get("latitude"), g.get("longitude")
    if glat is None:
        if p.latitude is None:
            tally.exact += 1
        else:
            tally.failures.append({"id": rid, "text": g["text"], "problem": "should be unresolved",
                                   "pred": p.name})
        return
    tally.point_total += 1
    dist = haversine_km(glat, glon, p.latitude, p.longitude) if p.latitude is not None else None
    if dist is not None:
        tally.errors.append(dist)
        if dist <= 25:
            tally.within25 += 1
    gid = g.get("geonameid")
    exact = (gid is not None and p.geonameid == gid) or (gid is None and dist is not None and dist <= 5)
    if exact:
        tally.exact += 1
    else:
        tally.failures.append({"id": rid, "text": g["text"], "problem": "place",
                               "gold": f"{g.get('name')} {gid}", "pred": f"{p.name} {p.geonameid}",
                               "km": round(dist, 1) if dist is not None else None})
    if g.get("admin1"):
        tally.admin1_total += 1
        if p.admin1 and fold(p.admin1) == fold(g["admin1"]):
            tally.admin1 += 1
        else:
            tally.failures.append({"id": rid, "text": g["text"], "problem": "admin1",
                                   "gold": g["admin1"], "pred": p.admin1})


def evaluate_places(gold_records: Iterable[dict[str, Any]], geocoder: Any, nlp: Any | None = None
                    ) -> dict[str, Any]:
    """Detection and resolution scores of `geocoder` on gold records (see module doc)."""
    from ..stages.nlp import entity_mentions

    overall = _Tally()
    by_language: dict[str, _Tally] = {}
    false_positives: list[dict[str, Any]] = []
    for rec in gold_records:
        language = rec.get("language") or "en"
        mentions = entity_mentions(nlp.parse(rec["text"], language)) if nlp is not None else []
        pred = geocoder.find_places(rec["text"], language, mentions)
        tally = by_language.setdefault(language, _Tally())
        pairs = _match(rec["places"], pred)
        matched_ids = {id(p) for _, p in pairs if p is not None}
        for t in (overall, tally):
            t.pred += len(pred)
        for g, p in pairs:
            for t in (overall, tally):
                _score(t, rec["id"], g, p)
        for p in pred:
            if id(p) not in matched_ids:
                false_positives.append({"id": rec["id"], "text": p.text, "name": p.name,
                                        "source": p.source})
    result = overall.result()
    result["by_language"] = {lang: t.result() for lang, t in sorted(by_language.items())}
    result["failures"] = overall.failures
    result["false_positives"] = false_positives
    return result


def format_table(result: dict[str, Any]) -> str:
    """A plain-text table of the scores, overall and per language."""
    rows = [("all", result), *result.get("by_language", {}).items()]
    cols = [("mentions", "gold_mentions"), ("recall", "mention_recall"),
            ("precision", "mention_precision"), ("exact", "exact"), ("<=25km", "within_25km"),
            ("admin1", "admin1"), ("country", "country"), ("median km", "median_km"),
            ("mean km", "mean_km"), ("e2e exact", "end_to_end_exact")]

    def cell(value: Any) -> str:
        if value is None:
            return "-"
        if isinstance(value, float):
            return f"{value:.3f}" if value <= 1.0 else f"{value:.1f}"
        return str(value)

    header = f"{'':<6}" + "".join(f"{name:>11}" for name, _ in cols)
    lines = [header, "-" * len(header)]
    for name, res in rows:
        lines.append(f"{name:<6}" + "".join(f"{cell(res.get(key)):>11}" for _, key in cols))
    return "\n".join(lines)
