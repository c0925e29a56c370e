"""The quality gate: event extraction scored on the committed development gold.

Floors live in tests/gold/events/floors.json and only go up: when a change improves a
score, raise its floor in the same commit. A drop below a floor fails the suite.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

GOLD = Path(__file__).parent / "gold" / "events"


@pytest.fixture(scope="module")
def scores(extractor):
    from conflictmap.evaluation import run_evaluation

    result = run_evaluation([GOLD / "en.jsonl", GOLD / "fr.jsonl"], extractor=extractor)
    return result.sections["events"]


def floors() -> dict:
    return json.loads((GOLD / "floors.json").read_text())


@pytest.mark.parametrize("language", ["all", "en", "fr"])
def test_scores_stay_above_their_floors(scores, language):
    got = scores[language]
    failures = []
    for name, floor in floors()[language].items():
        value = got[name] if name in ("precision", "recall") else got["fields"][name]["accuracy"]
        if value is None or value + 1e-9 < floor:
            failures.append(f"{name}: {value} < floor {floor}")
    assert not failures, f"{language}: " + "; ".join(failures)


def test_the_gold_is_large_enough(scores):
    assert scores["all"]["passages_events"] >= 150
    assert scores["fr"]["passages_events"] >= 60
