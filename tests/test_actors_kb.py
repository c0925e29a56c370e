"""The actor file reviewed like code: its schema, its references, its coverage.

These tests read resources/actors.yaml directly (not through the loader), so that a
loader bug cannot hide a data error.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from conflictmap.models import fold
from conflictmap.stages.actor_schema import KINDS, RELATIONS, ROLE_HINTS
from conflictmap.stages.actors import ActorBase

ROOT = Path(__file__).resolve().parents[1]
KB_TEXT = (resources.files("conflictmap") / "resources" / "actors.yaml").read_text(encoding="utf-8")


class _NoDates(yaml.SafeLoader):
    pass


_NoDates.yaml_implicit_resolvers = {
    k: [(t, r) for t, r in v if t != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
KB: dict[str, Any] = yaml.load(KB_TEXT, Loader=_NoDates)  # noqa: S506 (a safe loader)
ACTORS: list[dict[str, Any]] = KB["actors"]
COUNTRIES = {c["name"] for c in KB["countries"]}
NAMES = {a["name"] for a in ACTORS}


@pytest.fixture(autouse=True)
def _no_user_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFLICTMAP_ACTORS", str(tmp_path / "none.yaml"))


def _alias_text(alias: Any) -> str:
    return alias if isinstance(alias, str) else alias["text"]


def _key(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


def _valid_date(text: Any) -> bool:
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)  # a bare year
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return False
    year, month, day = (text.split("-") + ["01", "01"])[:3]
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def test_header_explains_the_schema() -> None:
    header = KB_TEXT.split("\nschema:", 1)[0]
    for word in ("name", "inter", "country", "kind", "aliases", "parent", "affiliations", "active_from", "source",
                 "ambiguous", "case: exact", "generics", "contextual", "countries"):
        assert word in header, word
    assert "ACLED" in header and "no ACLED data" in header


def test_at_least_170_actors_with_unique_names() -> None:
    assert len(ACTORS) >= 170
    seen: set[str] = set()
    for actor in ACTORS:
        key = _key(actor["name"])
        assert key not in seen, actor["name"]
        seen.add(key)


@pytest.mark.parametrize("actor", ACTORS, ids=[a["name"] for a in ACTORS])
def test_actor_fields(actor: dict[str, Any]) -> None:
    assert isinstance(actor["inter"], int) and not isinstance(actor["inter"], bool) and 1 <= actor["inter"] <= 8
    assert actor["country"] is None or actor["country"] in COUNTRIES
    assert "country" in actor, "country must be given, null for international actors"
    assert actor.get("kind", "organisation") in KINDS
    assert isinstance(actor.get("source"), str) and actor["source"].strip()
    assert "acled" not in actor["source"].lower()
    assert actor.get("parent") is None or actor["parent"] in NAMES
    assert actor.get("role_hint") is None or actor["role_hint"] in ROLE_HINTS
    for field in ("active_from", "active_to"):
        assert actor.get(field) is None or _valid_date(actor[field]), (field, actor.get(field))
    if actor.get("active_from") and actor.get("active_to"):
        assert str(actor["active_from"]) <= str(actor["active_to"])
    for fact in actor.get("affiliations") or []:
        assert fact["relation"] in RELATIONS
        assert fact["target"] in NAMES and fact["target"] != actor["name"]
        assert set(fact) <= {"relation", "target", "from", "to", "note"}
        for field in ("from", "to"):
            assert fact.get(field) is None or _valid_date(fact[field]), (field, fact.get(field))
    for item in actor.get("names") or []:
        assert set(item) <= {"name", "from", "to"}
        assert all(item.get(f) is None or _valid_date(item[f]) for f in ("from", "to"))
    for alias in actor.get("aliases") or []:
        text = _alias_text(alias)
        assert isinstance(text, str) and text.strip() == text and text


def test_state_force_names_follow_the_codebook_style() -> None:
    for actor in ACTORS:
        if actor.get("kind") == "state_force" and actor["name"].startswith(("Military Forces of", "Police Forces of")):
            country = actor["name"].split(" of ", 1)[1].removeprefix("the ")
            assert country == actor["country"], actor["name"]
        if actor["name"].startswith("Government of"):
            assert actor["name"].split(" of ", 1)[1].removeprefix("the ") == actor["country"]


def test_no_alias_names_two_actors_unless_marked_ambiguous() -> None:
    readings: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for actor in ACTORS:
        for alias in actor.get("aliases") or []:
            ambiguous = isinstance(alias, dict) and bool(alias.get("ambiguous"))
            readings[_key(_alias_text(alias))].append((actor["name"], ambiguous))
    for generic in KB["generics"]:
        for alias in generic.get("aliases") or []:
            readings[_key(_alias_text(alias))].append((generic["name"], False))
    for alias, found in readings.items():
        if len({name for name, _ in found}) > 1:
            assert all(flag for _, flag in found), (alias, found)


def test_generics_and_rules_are_well_formed() -> None:
    for generic in KB["generics"]:
        assert "{country}" in generic["template"]
        assert 1 <= generic["inter"] <= 8 and generic["role_hint"] in ROLE_HINTS
        for forms in (generic.get("country_forms") or {}).values():
            assert all(re.search(r"\{(adj|name|of)\}", f) for f in forms)
    generic_names = {g["name"] for g in KB["generics"]}
    for rule in KB["contextual"]:
        for target in [*(rule.get("by_country") or {}).values(), *(rule.get("by_region") or {}).values(), rule["default"]]:
            assert target in NAMES or target in generic_names
        assert set(rule.get("by_country") or {}) <= COUNTRIES
        assert set(rule.get("by_region") or {}) <= {r["name"] for r in KB["regions"]}


def test_country_table_has_english_and_french_forms() -> None:
    for country in KB["countries"]:
        for lang in ("en", "fr"):
            assert country[lang]["names"] and country[lang]["adj"], (country["name"], lang)
        assert country["fr"].get("of"), country["name"]
        assert re.fullmatch(r"[A-Z]{2}", country["iso2"])


def _gold_canonical_names() -> list[str]:
    doc = (ROOT / "docs" / "gold-format.md").read_text(encoding="utf-8")
    section = doc.split("### Canonical actor names", 1)[1].split("\n### ", 1)[0]
    section = section.split("Country names:", 1)[0]
    names = [" ".join(name.split()) for name in re.findall(r"`([^`]+)`", section)]
    return [n for n in names if not re.fullmatch(r"[a-z_]+", n)]  # not field names like assoc_actor


def test_gold_format_names_exist() -> None:
    base = ActorBase.load()
    names = _gold_canonical_names()
    assert len(names) > 30
    for name in names:
        if "<Country>" in name:
            name = name.replace("<Country>", "Mali")
        actor = base.get(name)
        assert actor is not None and actor.name == name, name


def test_package_base_loads_and_counts() -> None:
    base = ActorBase.load()
    assert sum(1 for _ in base.actors()) == len(ACTORS)
