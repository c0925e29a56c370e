"""Text tables for evaluation results."""

from __future__ import annotations

from typing import Any

from .events import FIELDS


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{value * 100:5.1f}%"


def event_table(tallies: dict[str, Any], sources: list[str]) -> str:
    columns = ["all"] + sorted(k for k in tallies if k != "all")
    lines = [f"Event extraction on {', '.join(sources)}", ""]
    header = f"{'':22}" + "".join(f"{c:>12}" for c in columns)
    lines.append(header)
    lines.append("-" * len(header))

    def row(label: str, values: list[str]) -> None:
        lines.append(f"{label:22}" + "".join(f"{v:>12}" for v in values))

    row("gold events", [str(tallies[c].tp + tallies[c].fn) for c in columns])
    row("predicted events", [str(tallies[c].tp + tallies[c].fp) for c in columns])
    row("precision", [_pct(tallies[c].precision) for c in columns])
    row("recall", [_pct(tallies[c].recall) for c in columns])
    for name in FIELDS:
        accs = []
        for c in columns:
            right, total = tallies[c].fields.get(name, [0, 0])
            accs.append(f"{_pct(right / total if total else None)} ({total})" if total else "   -  ")
        row(name, accs)
    row("non-events typed right", [f"{tallies[c].kinds[0]}/{tallies[c].kinds[1]}" for c in columns])
    row("non-events as events", [str(tallies[c].leaked) for c in columns])
    return "\n".join(lines)
