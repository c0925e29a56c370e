"""Quality gate over the geocoding gold: scores may not fall below the stored floors.

Floors live in tests/gold/places/floors.json and only go up. The gold itself is checked
against the package data (offsets, ids, coordinates) independently of the geocoder.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conflictmap.evaluation.places import evaluate_places, format_table, load_gold
from conflictmap.stages.gazetteer import Gazetteer
from conflictmap.stages.places import Geocoder

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "places"
FLOORS = json.loads((GOLD / "floors.json").read_text(encoding="utf-8"))
SCORES = ("mention_recall", "mention_precision", "exact", "within_25km", "admin1", "country")


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return load_gold([GOLD / "en.jsonl", GOLD / "fr.jsonl"])


@pytest.fixture(scope="module")
def geo(tmp_path_factory: pytest.TempPathFactory) -> Geocoder:
    return Geocoder.default(user_places=tmp_path_factory.mktemp("home") / "places.tsv")


def test_gold_size(gold: list[dict]) -> None:
    mentions = [p for r in gold for p in r["places"]]
    assert len(mentions) >= 250
    assert sum(len(r["places"]) for r in gold if r["language"] == "fr") >= 100


def test_gold_agrees_with_the_gazetteer(gold: list[dict]) -> None:
    gaz = Gazetteer.load()
    for rec in gold:
        for p in rec["places"]:
            if p.get("geonameid") is None or p.get("relative"):
                continue
            entry = gaz.by_id(p["geonameid"])
            assert entry is not None, p
            assert abs(entry.latitude - p["latitude"]) < 1e-4 and abs(entry.longitude - p["longitude"]) < 1e-4, p
            assert entry.country == p["country"], p


def test_gold_files_are_built_from_their_sources() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_places_gold.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def check(result: dict, floors: dict) -> list[str]:
    return [f"{name}: {result[name]} < floor {floors[name]}" for name in SCORES
            if result[name] is None or result[name] < floors[name]]


def test_gate_without_nlp(gold: list[dict], geo: Geocoder) -> None:
    result = evaluate_places(gold, geo, nlp=None)
    print(format_table(result))
    assert not check(result, FLOORS["no_nlp"])


@pytest.mark.slow
def test_gate_with_nlp(gold: list[dict], geo: Geocoder) -> None:
    from conflictmap.stages.nlp import NLP

    result = evaluate_places(gold, geo, nlp=NLP(providers=[geo.ruler_patterns]))
    print(format_table(result))
    assert not check(result, FLOORS["nlp"])
    for language, floors in FLOORS["nlp_by_language"].items():
        assert not check(result["by_language"][language], floors), language


@pytest.mark.slow
def test_gate_on_the_holdout(geo: Geocoder) -> None:
    """The held-out texts were written after development and never used to tune it."""
    from conflictmap.stages.nlp import NLP

    holdout = load_gold(GOLD / "holdout.jsonl")
    assert not check(evaluate_places(holdout, geo, nlp=None), FLOORS["holdout_no_nlp"])
    result = evaluate_places(holdout, geo, nlp=NLP(providers=[geo.ruler_patterns]))
    print(format_table(result))
    assert not check(result, FLOORS["holdout_nlp"])
