"""The relation gold files pass the same checks as tests/gold/check_relations.py,
and the checker itself rejects malformed gold."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

CHECKER = Path(__file__).resolve().parent / "gold" / "check_relations.py"
_spec = importlib.util.spec_from_file_location("check_relations", CHECKER)
check_relations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_relations)


@pytest.fixture(scope="module")
def gold():
    actors = check_relations.known_actors()
    seen: set[str] = set()
    out = {}
    for path in check_relations.gold_files():
        errors, passages = check_relations.check_file(path, actors, seen)
        out[path.name] = (errors, passages)
    return out


def test_files_present(gold):
    assert {"en.jsonl", "fr.jsonl"} <= set(gold)


def test_no_errors(gold):
    errors = [e for errs, _ in gold.values() for e in errs]
    assert not errors, "\n".join(errors)


def test_main_exit_status():
    assert check_relations.main([]) == 0


def _relations(gold, lang=None):
    for _, passages in gold.values():
        for rec in passages:
            if lang is None or rec["language"] == lang:
                yield from rec["relations"]


def test_sizes(gold):
    assert sum(1 for _ in _relations(gold)) >= 110
    assert sum(1 for _ in _relations(gold, "fr")) >= 45
    with_none = sum(1 for _, ps in gold.values() for rec in ps if rec.get("none_between"))
    assert with_none >= 25


def test_coverage(gold):
    rels = list(_relations(gold))
    assert {r["relation"] for r in rels} == check_relations.RELATIONS
    assert {r["polarity"] for r in rels} == check_relations.POLARITIES
    assert any("amount" in r for r in rels) and any("share" in r for r in rels)
    for lang in ("en", "fr"):
        pols = {r["polarity"] for r in _relations(gold, lang)}
        assert {"asserted", "denied", "alleged"} <= pols, lang


def test_language_matches_file(gold):
    for name, (_, passages) in gold.items():
        for rec in passages:
            assert rec["language"] == name.split(".")[0], rec["id"]


GOOD = {
    "id": "rel-en-0001", "language": "en", "published": "2020-01-01",
    "text": "AQIM, a branch of Al Qaeda, operates in Mali.",
    "relations": [{"relation": "affiliated_with",
                   "actor_a": "AQIM: Al Qaeda in the Islamic Maghreb", "actor_b": "Al Qaeda",
                   "polarity": "asserted", "attribution": None,
                   "evidence": "AQIM, a branch of Al Qaeda"}],
    "none_between": [],
}


def _run(tmp_path, records, actors=None):
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    errors, _ = check_relations.check_file(path, actors)
    return errors


def _mutate(**changes):
    rec = json.loads(json.dumps(GOOD))
    rel_changes = changes.pop("rel", {})
    rec.update(changes)
    rec["relations"][0].update(rel_changes)
    return rec


def test_checker_accepts_good(tmp_path):
    assert _run(tmp_path, [GOOD]) == []


@pytest.mark.parametrize("record, needle", [
    (_mutate(rel={"evidence": "a branch of the Islamic State"}), "not a substring"),
    (_mutate(rel={"relation": "friend_of"}), "unknown relation"),
    (_mutate(rel={"polarity": "maybe"}), "unknown polarity"),
    (_mutate(rel={"date_start": "2013", "time_precision": "year"}), "not an ISO date"),
    (_mutate(rel={"date_start": "2013-02-30", "time_precision": "day"}), "invalid date"),
    (_mutate(rel={"date_start": "2019-01-01"}), "without time_precision"),
    (_mutate(rel={"amount": "$5"}), "only belongs on funded_by"),
    (_mutate(none_between=[["AQIM: Al Qaeda in the Islamic Maghreb", "Al Qaeda"]]), "also has a relation"),
    (_mutate(id="rel-fr-0001"), "id must look like"),
])
def test_checker_rejects(tmp_path, record, needle):
    errors = _run(tmp_path, [record])
    assert any(needle in e for e in errors), errors


def test_checker_rejects_missing_key_and_duplicates(tmp_path):
    rec = _mutate()
    del rec["relations"][0]["attribution"]
    assert any("missing keys" in e for e in _run(tmp_path, [rec]))
    assert any("duplicate id" in e for e in _run(tmp_path, [GOOD, GOOD]))
    path = tmp_path / "bad.jsonl"
    path.write_text("{not json}\n", encoding="utf-8")
    assert any("bad JSON" in e for e in check_relations.check_file(path)[0])


def test_checker_rejects_undocumented_actor(tmp_path):
    errors = _run(tmp_path, [GOOD], actors={"Al Qaeda"})
    assert any("not documented" in e for e in errors)
