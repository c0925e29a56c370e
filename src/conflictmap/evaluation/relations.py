"""Relation evaluation: precision, recall and F1 against relation gold files.

Matching. A predicted relation matches a gold relation of the same passage when the
type is the same and so are the parties, both canonicalised through the actor base
(aliases score as their canonical name), in the gold's direction; for the symmetric
types (cooperates_with, rival_of, agreement_with) either order matches. The
`actor_b` of controls_area is a place written as the passage names it: it matches
when one folded name contains the other ("Ménaka region" / "la région de Ménaka" do
not, "Kidal" / "Kidal" do). A passage may hold the same tie twice with two
polarities (a claim and its denial): predictions are paired greedily, preferring
the same polarity.

Unmatched predictions are false positives, unmatched gold relations false
negatives. Pairs listed in `none_between` are counted apart too (a predicted tie
between them is always a false positive). Following the gold's convention, a
predicted rival_of between a state force and an armed group that the gold does not
list is neither rewarded nor penalised (counted as `ignored`).

Fields are scored on matched pairs only, where the gold gives them: polarity;
attribution (folded, one containing the other); date (date_start and precision);
amount and share (folded, one containing the other).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..models import Document, Relation, content_id, fold
from .events import read_gold_rows

SYMMETRIC = frozenset({"cooperates_with", "rival_of", "agreement_with"})
FIELDS = ("polarity", "attribution", "date", "amount", "share")
STATE_PREFIXES = ("government of ", "military forces of ", "police forces of ")


@dataclass
class RelationPassage:
    """One passage of relation gold: its text and the ties it states."""

    id: str
    language: str
    text: str
    published: str | None
    relations: list[dict[str, Any]]
    none_between: list[list[str]] = field(default_factory=list)
    title: str | None = None


def load_relation_gold(path: Path, shared: Path | None = None) -> list[RelationPassage]:
    """Read a relation gold file: passages written in the file, or annotations over texts
    outside the repository (`"file"`: a raw file under `shared`, cleaned as ingest cleans
    it; `"corpus"` + `"id"`: a story of a shared corpus)."""
    passages: list[RelationPassage] = []
    for where, row, text, published in read_gold_rows(Path(path), shared):
        for item in row.get("relations", []):
            for key in ("relation", "actor_a", "actor_b"):
                if not item.get(key):
                    raise GoldError(f"a relation without {key!r}", source=where)
            evidence = item.get("evidence")
            if evidence and evidence not in text:
                raise GoldError(f"evidence {evidence!r} is not in the text", source=where)
        passages.append(RelationPassage(
            id=str(row.get("id") or row.get("file")), language=row.get("language", "en"), text=text,
            published=published, relations=list(row.get("relations", [])),
            none_between=[list(p) for p in row.get("none_between", [])], title=row.get("title")))
    return passages


@dataclass
class _Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    ignored: int = 0

    def as_dict(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"gold": self.tp + self.fn, "predicted": self.tp + self.fp, "tp": self.tp, "fp": self.fp,
                "fn": self.fn, "ignored": self.ignored, "precision": round(p, 4), "recall": round(r, 4),
                "f1": round(f, 4)}


class _Names:
    def __init__(self, actors: Any) -> None:
        self.actors = actors
        self._cache: dict[str, str] = {}

    def __call__(self, name: str | None) -> str:
        if not name:
            return ""
        if name not in self._cache:
            canonical = self.actors.canonical(name) if self.actors is not None else name
            self._cache[name] = fold(canonical)
        return self._cache[name]


def _same_place(gold: str, predicted: str) -> bool:
    g, p = fold(gold), fold(predicted)
    return bool(g and p) and (g in p or p in g)


def _loose(gold: str | None, predicted: str | None) -> bool:
    if not gold:
        return not predicted
    if not predicted:
        return False
    g, p = fold(gold).strip(" .,"), fold(predicted).strip(" .,")
    for det in ("the ", "le ", "la ", "les ", "l'", "un ", "une ", "des ", "a ", "an "):
        g, p = g.removeprefix(det), p.removeprefix(det)
    return g in p or p in g


def _is_state(name: str) -> bool:
    return name.startswith(STATE_PREFIXES)


def evaluate_relations(records: list[RelationPassage], extractor: Any) -> dict[str, Any]:
    """Run the extractor on every passage and score its relations (see the module doc)."""
    from ..stages import language as language_stage

    records = list(records)
    docs = []
    for p in records:
        code, supported = language_stage.detect(p.text, p.language)
        docs.append(Document(id=content_id(p.text), text=p.text, source=p.id, fmt="gold", title=p.title,
                             published=p.published, language=code, language_supported=supported))
    names = _Names(getattr(extractor, "actors", None))
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    by_type: dict[str, _Tally] = defaultdict(_Tally)
    fields: dict[str, list[int]] = {f: [0, 0] for f in FIELDS}
    none_pairs = [0, 0]            # pairs listed, pairs with a predicted tie
    errors: list[dict[str, Any]] = []
    for passage, result in zip(records, extractor.extract_many(docs), strict=True):
        predicted: list[Relation] = list(getattr(result, "relations", []) or [])
        _score(passage, predicted, names, tallies, by_type, fields, none_pairs, errors)
    return {
        "all": tallies["all"].as_dict(),
        "languages": {k: v.as_dict() for k, v in sorted(tallies.items()) if k != "all"},
        "types": {k: v.as_dict() for k, v in sorted(by_type.items())},
        "fields": {k: {"right": v[0], "scored": v[1], "accuracy": round(v[0] / v[1], 4) if v[1] else None}
                   for k, v in fields.items()},
        "none_between": {"pairs": none_pairs[0], "violated": none_pairs[1]},
        "passages": len(records),
        "errors": errors,
    }


def _parties_match(gold: dict[str, Any], pred: Relation, names: _Names) -> bool:
    if gold["relation"] != pred.relation:
        return False
    ga, pa = names(gold["actor_a"]), names(pred.actor_a)
    if gold["relation"] == "controls_area":
        return ga == pa and _same_place(gold["actor_b"], pred.actor_b)
    gb, pb = names(gold["actor_b"]), names(pred.actor_b)
    if (ga, gb) == (pa, pb):
        return True
    return gold["relation"] in SYMMETRIC and (ga, gb) == (pb, pa)


def _score(passage: RelationPassage, predicted: list[Relation], names: _Names, tallies: dict[str, _Tally],
           by_type: dict[str, _Tally], fields: dict[str, list[int]], none_pairs: list[int],
           errors: list[dict[str, Any]]) -> None:
    gold = passage.relations
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if _parties_match(g, p, names):
                candidates.append((int(g.get("polarity", "asserted") == p.polarity), -pi, gi, pi))
    candidates.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _agree, _order, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gold[gi], predicted[pi]))
    keys = ("all", passage.language)
    for g, p in pairs:
        for k in keys:
            tallies[k].tp += 1
        by_type[g["relation"]].tp += 1
        _score_fields(passage, g, p, fields, errors)
    gold_pairs = {frozenset((names(g["actor_a"]), names(g["actor_b"]))) for g in gold}
    for gi, g in enumerate(gold):
        if gi not in used_g:
            for k in keys:
                tallies[k].fn += 1
            by_type[g["relation"]].fn += 1
            errors.append({"passage": passage.id, "missed": g["relation"], "actor_a": g["actor_a"],
                           "actor_b": g["actor_b"], "evidence": g.get("evidence")})
    for pi, p in enumerate(predicted):
        if pi in used_p:
            continue
        a, b = names(p.actor_a), names(p.actor_b)
        if p.relation == "rival_of" and _is_state(a) != _is_state(b) and frozenset((a, b)) not in gold_pairs:
            for k in keys:
                tallies[k].ignored += 1
            by_type[p.relation].ignored += 1
            continue
        for k in keys:
            tallies[k].fp += 1
        by_type[p.relation].fp += 1
        ev = next((e.text for e in p.evidence if e.field == "relation"), None)
        errors.append({"passage": passage.id, "spurious": p.relation, "actor_a": p.actor_a, "actor_b": p.actor_b,
                       "polarity": p.polarity, "evidence": ev})
    for pair in passage.none_between:
        if len(pair) != 2:
            continue
        none_pairs[0] += 1
        wanted = frozenset((names(pair[0]), names(pair[1])))
        if any(frozenset((names(p.actor_a), names(p.actor_b))) == wanted for p in predicted):
            none_pairs[1] += 1
            errors.append({"passage": passage.id, "none_between_violated": pair})


def _score_fields(passage: RelationPassage, g: dict[str, Any], p: Relation, fields: dict[str, list[int]],
                  errors: list[dict[str, Any]]) -> None:
    checks: list[tuple[str, Any, Any, bool]] = []
    checks.append(("polarity", g.get("polarity", "asserted"), p.polarity, g.get("polarity", "asserted") == p.polarity))
    if "attribution" in g:
        checks.append(("attribution", g["attribution"], p.attribution, _loose(g["attribution"], p.attribution)))
    if g.get("date_start"):
        right = p.date.start == g["date_start"] and p.date.precision == g.get("time_precision", p.date.precision)
        checks.append(("date", [g["date_start"], g.get("time_precision")], [p.date.start, p.date.precision], right))
    for name in ("amount", "share"):
        if g.get(name):
            value = getattr(p, name)
            checks.append((name, g[name], value, _loose(g[name], value)))
    for name, want, got, right in checks:
        fields[name][1] += 1
        if right:
            fields[name][0] += 1
        else:
            errors.append({"passage": passage.id, "field": name, "relation": g["relation"], "gold": want,
                           "predicted": got})


def format_table(scores: dict[str, Any]) -> str:
    """The scores as a plain-text table: overall, per language, per type, fields."""
    lines = ["relations", f"{'':18} {'gold':>5} {'pred':>5} {'tp':>4} {'fp':>4} {'fn':>4} "
             f"{'P':>6} {'R':>6} {'F1':>6}"]

    def row(label: str, t: dict[str, Any]) -> str:
        return (f"{label:18} {t['gold']:>5} {t['predicted']:>5} {t['tp']:>4} {t['fp']:>4} {t['fn']:>4} "
                f"{t['precision']:>6.3f} {t['recall']:>6.3f} {t['f1']:>6.3f}")

    lines.append(row("all", scores["all"]))
    for lang, t in scores.get("languages", {}).items():
        lines.append(row(f"  {lang}", t))
    lines.append("by type")
    for name, t in scores.get("types", {}).items():
        lines.append(row(f"  {name}", t))
    lines.append("fields (matched pairs)")
    for name, f in scores.get("fields", {}).items():
        acc = "-" if f["accuracy"] is None else f"{f['accuracy']:.3f}"
        lines.append(f"  {name:16} {acc:>6} ({f['right']}/{f['scored']})")
    nb = scores.get("none_between", {})
    lines.append(f"none_between pairs: {nb.get('pairs', 0)}, with a predicted tie: {nb.get('violated', 0)}; "
                 f"state-vs-group rivalries ignored: {scores['all'].get('ignored', 0)}")
    return "\n".join(lines)


__all__ = ["RelationPassage", "evaluate_relations", "format_table", "load_relation_gold"]
