"""Consistency of the bundled demo corpus (data/demo/) with its answer key.

Checks only the data files: every file is listed in expected.yaml and README.md,
every evidence string is found in the article text, fields use the known event
types, and the formats hold what they claim (HTML head metadata, jsonl fields,
csv columns). Standard library + PyYAML only; no extraction code is involved.
"""

from __future__ import annotations

import csv
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"

EVENT_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon", "Air/drone strike", "Suicide bomb",
        "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    },
}
NON_EVENT_KINDS = {"aggregate", "background", "campaign", "not_pv"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class _TextOf(HTMLParser):
    """All character data of a page (tags dropped, entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(raw: str) -> str:
    p = _TextOf()
    p.feed(raw)
    p.close()
    # script bodies are character data too, which is what we want here: the
    # escaped and raw injection strings must be visible to the check.
    return _norm(" ".join(p.parts))


def _texts(entry: dict) -> dict:
    """Map record key -> normalised text for one expected.yaml entry."""
    path = DEMO / entry["file"]
    fmt = entry["format"]
    if fmt == "html":
        return {None: _html_text(path.read_text(encoding="utf-8"))}
    if fmt == "txt":
        return {None: _norm(path.read_text(encoding="utf-8"))}
    if fmt == "jsonl":
        out = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            out[rec["id"]] = _norm(rec["title"] + " " + rec["text"])
        return out
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        return {i + 1: _norm(r["title"] + " " + r["text"]) for i, r in enumerate(rows)}
    raise AssertionError(f"unknown format {fmt}")


@pytest.fixture(scope="module")
def expected() -> dict:
    return yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8"))


def _units(entry: dict):
    """(record key, unit dict) pairs: the entry itself or its records."""
    if "records" in entry:
        for rec in entry["records"]:
            yield rec["record"], rec
    else:
        yield None, entry


def test_every_file_is_described(expected):
    listed = {e["file"] for e in expected["files"]}
    on_disk = {p.name for p in DEMO.iterdir()} - {"README.md", "expected.yaml"}
    assert listed == on_disk
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    for name in on_disk:
        assert name in readme, f"{name} missing from README.md"
    assert "fictional" in readme.lower()


def test_corpus_shape(expected):
    langs = {"en": 0, "fr": 0}
    n = 0
    for entry in expected["files"]:
        for _, unit in _units(entry):
            langs[unit.get("language", entry.get("language"))] += 1
            n += 1
    assert n >= 26
    assert abs(langs["en"] - langs["fr"]) <= 4, langs
    fmts = [e["format"] for e in expected["files"]]
    assert fmts.count("html") >= 8 and fmts.count("txt") >= 12
    assert fmts.count("jsonl") == 1 and fmts.count("csv") == 1
    undated = [e["file"] for e in expected["files"] if e.get("published", "x") is None]
    assert len(undated) >= 2


def test_word_counts(expected):
    for entry in expected["files"]:
        for key, text in _texts(entry).items():
            words = len(text.split())
            assert 150 <= words <= 900, (entry["file"], key, words)


def test_evidence_is_in_text(expected):
    for entry in expected["files"]:
        texts = _texts(entry)
        for key, unit in _units(entry):
            text = texts[key]
            items = list(unit.get("events", [])) + list(unit.get("non_events", []))
            for item in items:
                for field in ("evidence", "also"):
                    if field in item:
                        assert _norm(item[field]) in text, (entry["file"], key, item[field])
            for line in unit.get("boilerplate", []):
                assert _norm(line) in text, (entry["file"], line)


def test_event_fields(expected):
    for entry in expected["files"]:
        for key, unit in _units(entry):
            published = unit.get("published", entry.get("published"))
            for ev in unit.get("events", []):
                where = (entry["file"], key, ev["evidence"][:40])
                assert ev["event_type"] in EVENT_TYPES, where
                assert ev["sub_event_type"] in EVENT_TYPES[ev["event_type"]], where
                assert ev.get("level") in {"core", "stretch"}, where
                assert ev.get("actor1"), where
                if "Civilians (" in ev.get("actor1", ""):
                    raise AssertionError(f"civilians must be actor2: {where}")
                if published is None:
                    assert ev["time_precision"] == "unknown", where
                    assert "date_start" not in ev, where
                else:
                    assert str(ev["date_start"]) <= str(ev["date_end"]), where
                    assert str(ev["date_end"]) <= str(published), where
            for ne in unit.get("non_events", []):
                assert ne["kind"] in NON_EVENT_KINDS, (entry["file"], ne)


def test_html_pages_have_metadata(expected):
    for entry in expected["files"]:
        if entry["format"] != "html":
            continue
        raw = (DEMO / entry["file"]).read_text(encoding="utf-8")
        for needle in ("<title>", 'property="og:title"', 'property="article:published_time"',
                       'name="author"', 'property="og:site_name"', 'rel="canonical"', "<article"):
            assert needle in raw, (entry["file"], needle)
        m = re.search(r'article:published_time" content="(\d{4}-\d{2}-\d{2})', raw)
        assert m and m.group(1) == str(entry["published"]), entry["file"]


def test_injection_page_is_present():
    raw = (DEMO / "06_fr_niamey_manifestation_xss.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" in raw
    assert "<img src=x onerror=alert(1)>" in raw
    assert html.escape("<script>alert(1)</script>", quote=False) in raw


def test_feed_and_csv_fields():
    for line in (DEMO / "25_feed_export.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        assert set(rec) == {"id", "title", "url", "published", "language", "source", "text"}
    with (DEMO / "26_export.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2 and list(rows[0]) == ["title", "url", "published", "text"]
    assert all("\n" in r["text"] and "," in r["text"] for r in rows)


def test_duplicates_pair(expected):
    (pair,) = expected["duplicates"]
    a, b = (DEMO / f for f in pair["files"])
    assert a.exists() and b.exists()
    ta = _html_text(a.read_text(encoding="utf-8"))
    tb = _norm(b.read_text(encoding="utf-8"))
    extra = "The Malian government did not respond to a request for comment."
    assert extra in tb and extra not in ta
