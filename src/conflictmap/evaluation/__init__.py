"""`conflictmap eval`: scores against gold files (events, places, relations).

The kind of gold is read from its lines: `events`/`non_events` (event gold),
`places` (geocoding gold), `relations` (relation gold). See docs/gold-format.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GoldError


def gold_kind(path: Path) -> str:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise GoldError(f"not valid JSON ({exc.msg})", source=str(path)) from exc
                if "relations" in row:
                    return "relations"
                if "places" in row:
                    return "places"
                if "events" in row or "non_events" in row:
                    return "events"
                raise GoldError("cannot tell the kind of gold (no events, places or relations key)", source=str(path))
    raise GoldError("the gold file is empty", source=str(path))


@dataclass
class EvalResult:
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    tables: list[str] = field(default_factory=list)
    errors: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def as_dict(self, errors: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.sections)
        if errors:
            out["errors"] = self.errors
        return out

    def table(self, errors: bool = False) -> str:
        text = "\n\n".join(self.tables)
        if errors:
            lines = []
            for section, items in self.errors.items():
                lines.append(f"-- {section}: {len(items)} mismatches")
                for item in items:
                    lines.append("  " + json.dumps(item, ensure_ascii=False))
            text += "\n\n" + "\n".join(lines)
        return text


def run_evaluation(paths: list[Path], shared: Path | None = None, extractor: Any = None) -> EvalResult:
    from ..pipeline import Extractor

    result = EvalResult()
    by_kind: dict[str, list[Path]] = {}
    for path in paths:
        if not path.exists():
            raise GoldError("no such gold file", source=str(path))
        by_kind.setdefault(gold_kind(path), []).append(path)
    extractor = extractor or Extractor.default(with_relations="relations" in by_kind)
    if "events" in by_kind:
        from .events import evaluate_events, load_gold
        from .report import event_table

        passages = [p for path in by_kind["events"] for p in load_gold(path, shared)]
        tallies, results = evaluate_events(passages, extractor)
        result.sections["events"] = {k: t.as_dict() for k, t in tallies.items()}
        result.tables.append(event_table(tallies, [str(p) for p in by_kind["events"]]))
        result.errors["events"] = [
            {"passage": r.passage.id, **e} for r in results for e in r.field_errors
        ] + [{"passage": r.passage.id, "missed": g["evidence"], "gold_type": g.get("sub_event_type")}
             for r in results for g in r.missed] + [
            {"passage": r.passage.id, "spurious": p.sentence.text if p.sentence else None,
             "type": p.sub_event_type, "kind": p.kind} for r in results for p in r.spurious]
    if "places" in by_kind:
        from .places import evaluate_places, format_table
        from .places import load_gold as load_place_gold

        records = load_place_gold(by_kind["places"])
        geocoder = getattr(extractor, "geocoder", None)
        nlp = getattr(extractor, "nlp", None)
        scores = evaluate_places(records, geocoder, nlp)
        result.sections["places"] = {k: v for k, v in scores.items() if k != "errors"}
        result.errors["places"] = scores.get("errors", [])
        result.tables.append(format_table(scores))
    if "relations" in by_kind:
        from .relations import evaluate_relations, load_relation_gold
        from .relations import format_table as relation_table

        records = [r for path in by_kind["relations"] for r in load_relation_gold(path, shared)]
        scores = evaluate_relations(records, extractor)
        result.sections["relations"] = {k: v for k, v in scores.items() if k != "errors"}
        result.errors["relations"] = scores.get("errors", [])
        result.tables.append(relation_table(scores))
    return result
