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


# ----------------------------------------------------- conflicts outside West Africa
# Sentences written for these tests: the named groups and state forms that
# international news reports from other conflicts resolve to their canonical names,
# shared acronyms follow the article's country, and ordinary words stay out.

TALIBAN, TTP, ISK = "Taliban", "TTP: Tehreek-e-Taliban Pakistan", "Islamic State (Khorasan)"
HAMAS, PIJ, HOUTHIS, HTS = "Hamas", "PIJ: Palestinian Islamic Jihad", "Ansar Allah", "HTS: Hayat Tahrir al-Sham"
M23, ADF_DRC, ADF_CMR = "M23: March 23 Movement", "ADF: Allied Democratic Forces", "ADF: Ambazonia Defence Forces"
RSF, RWB = "RSF: Rapid Support Forces", "Reporters Without Borders"
SNA_SYRIA, SNA_SOMALIA = "SNA: Syrian National Army", "Military Forces of Somalia"
DRC_ARMY = "Military Forces of the Democratic Republic of Congo"


@pytest.fixture(scope="module")
def package_base(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONFLICTMAP_ACTORS", str(tmp_path_factory.mktemp("nouser") / "none.yaml"))
        yield ActorBase.load()


def _found(base: ActorBase, text: str, language: str) -> list[tuple[str, str]]:
    return [(m.text, m.key or "") for m in base.find(text, language)]


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "Pakistani Taliban fighters raided a post near Peshawar, weeks after the Taliban took Kabul.",
     [("Pakistani Taliban fighters", TTP), ("Taliban", TALIBAN)]),
    ("en", "ISIS-K claimed the blast; the Islamic State Khorasan Province calls the Taliban apostates.",
     [("ISIS-K", ISK), ("Islamic State Khorasan Province", ISK), ("Taliban", TALIBAN)]),
    ("fr", "Les talibans pakistanais du TTP ont revendiqué l'attaque contre les talibans afghans.",
     [("talibans pakistanais", TTP), ("TTP", TTP), ("talibans afghans", TALIBAN)]),
    ("en", "Hamas and Palestinian Islamic Jihad fired rockets, and the IDF said Israeli troops moved into Rafah.",
     [("Hamas", HAMAS), ("Palestinian Islamic Jihad", PIJ), ("IDF", "Military Forces of Israel"),
      ("Israeli troops", "Military Forces of Israel")]),
    ("fr", "Le Hezbollah libanais a tiré vers Israël et les rebelles houthis ont visé un navire au large du Yémen.",
     [("Hezbollah libanais", "Hezbollah"), ("rebelles houthis", HOUTHIS)]),
    ("en", "Houthi fighters seized the port while Ansar Allah officials spoke in Sanaa.",
     [("Houthi fighters", HOUTHIS), ("Ansar Allah", HOUTHIS)]),
    ("en", "HTS fighters entered Aleppo as the SDF pulled back towards Raqqa.",
     [("HTS fighters", HTS), ("SDF", "SDF: Syrian Democratic Forces")]),
    ("fr", "Hayat Tahrir al-Cham a pris Damas ; les Forces démocratiques syriennes tiennent Raqqa.",
     [("Hayat Tahrir al-Cham", HTS), ("Forces démocratiques syriennes", "SDF: Syrian Democratic Forces")]),
    ("en", "M23 rebels entered Goma as Congolese soldiers and Wazalendo militias fell back, the FARDC said.",
     [("M23 rebels", M23), ("Congolese soldiers", DRC_ARMY), ("Wazalendo militias", "Wazalendo"), ("FARDC", DRC_ARMY)]),
    ("fr", "Les rebelles du M23 et l'armée congolaise se sont affrontés près de Sake, au Nord-Kivu.",
     [("rebelles du M23", M23), ("armée congolaise", DRC_ARMY)]),
    ("fr", "Des combattants de l'État islamique en Afrique centrale ont tué des civils ; les ADF sont accusées en RDC.",
     [("combattants de l'État islamique en Afrique centrale", "Islamic State (Central Africa)"),
      ("civils", "Civilians"), ("ADF", ADF_DRC)]),
    ("en", "CODECO militiamen attacked a displacement camp in Ituri.",
     [("CODECO militiamen", "CODECO: Cooperative for the Development of Congo")]),
    ("en", "Anti-balaka militias and the 3R group fought near Bangui, where Seleka rebels once ruled.",
     [("Anti-balaka militias", "Anti-Balaka"), ("3R group", "3R: Return, Reclamation, Rehabilitation"),
      ("Seleka rebels", "Seleka")]),
    ("en", "The paramilitary Rapid Support Forces shelled El Fasher and the Sudanese Armed Forces answered.",
     [("Rapid Support Forces", RSF), ("Sudanese Armed Forces", "Military Forces of Sudan")]),
    ("fr", "Au Darfour, les Forces de soutien rapide (FSR) ont attaqué l'armée soudanaise.",
     [("Forces de soutien rapide", RSF), ("FSR", RSF), ("armée soudanaise", "Military Forces of Sudan")]),
    ("en", "The Janjaweed were accused of burning villages in Darfur.", [("Janjaweed", RSF)]),
    ("en", "SPLM-IO forces clashed with the South Sudanese army near Malakal.",
     [("SPLM-IO", "SPLM-IO: Sudan People's Liberation Movement-in-Opposition"),
      ("South Sudanese army", "Military Forces of South Sudan")]),
    ("en", "Islamic State Somalia fighters attacked a base in Puntland, a rival of al-Shabaab.",
     [("Islamic State Somalia fighters", "Islamic State (Somalia)"), ("al-Shabaab", "Al Shabaab")]),
    ("fr", "L'État islamique au Mozambique a revendiqué l'attaque de Mocímboa da Praia.",
     [("État islamique au Mozambique", "Islamic State (Mozambique)")]),
    ("en", "The TPLF signed a truce; Fano militias and the OLA kept fighting Ethiopian troops.",
     [("TPLF", "TPLF: Tigray People's Liberation Front"), ("Fano militias", "Fano Militia"),
      ("OLA", "OLA: Oromo Liberation Army"), ("Ethiopian troops", "Military Forces of Ethiopia")]),
    ("en", "The Arakan Army and People's Defence Force fighters overran a Tatmadaw base.",
     [("Arakan Army", "Arakan Army"), ("People's Defence Force fighters", "PDF: People's Defence Force"),
      ("Tatmadaw", "Military Forces of Myanmar")]),
    ("fr", "Le PKK a annoncé sa dissolution ; la BLA a attaqué un train au Baloutchistan.",
     [("PKK", "PKK: Kurdistan Workers' Party"), ("BLA", "BLA: Balochistan Liberation Army")]),
])
def test_named_groups_of_other_conflicts(package_base: ActorBase, language: str, text: str,
                                         expected: list[tuple[str, str]]) -> None:
    assert _found(package_base, text, language) == expected


@pytest.mark.parametrize(("language", "text", "key", "country"), [
    ("en", "U.S. forces", "Military Forces of the United States", "United States"),
    ("en", "American troops", "Military Forces of the United States", "United States"),
    ("fr", "les forces américaines", "Military Forces of the United States", "United States"),
    ("en", "Israeli soldiers", "Military Forces of Israel", "Israel"),
    ("fr", "l'armée israélienne", "Military Forces of Israel", "Israel"),
    ("en", "Russian forces", "Military Forces of Russia", "Russia"),
    ("en", "Ukrainian troops", "Military Forces of Ukraine", "Ukraine"),
    ("fr", "les forces ukrainiennes", "Military Forces of Ukraine", "Ukraine"),
    ("en", "Pakistani soldiers", "Military Forces of Pakistan", "Pakistan"),
    ("fr", "l'armée pakistanaise", "Military Forces of Pakistan", "Pakistan"),
    ("en", "the Sudanese army", "Military Forces of Sudan", "Sudan"),
    ("en", "Somali troops", "Military Forces of Somalia", "Somalia"),
    ("fr", "des soldats somaliens", "Military Forces of Somalia", "Somalia"),
    ("en", "Congo's army", DRC_ARMY, "Democratic Republic of Congo"),
    ("fr", "des militaires congolais", DRC_ARMY, "Democratic Republic of Congo"),
    ("en", "Central African troops", "Military Forces of the Central African Republic", "Central African Republic"),
    ("en", "the Israeli government", "Government of Israel", "Israel"),
    ("en", "Sudanese refugees", "Civilians (Sudan)", "Sudan"),
])
def test_state_forms_of_other_countries(package_base: ActorBase, language: str, text: str, key: str,
                                        country: str) -> None:
    found = package_base.find(text, language)
    assert [m.key for m in found] == [key], [m.text for m in found]
    assert found[0].data["country"] == country and found[0].data["generic"] is False


@pytest.mark.parametrize(("language", "text", "key"), [
    ("en", "ADF fighters killed villagers near Beni, in eastern Congo.", ADF_DRC),
    ("en", "In Bamenda, Cameroon, the ADF attacked a checkpoint.", ADF_CMR),
    ("en", "In Raqqa, Syria, the SNA shelled Kurdish positions.", SNA_SYRIA),
    ("en", "In Mogadishu, Somalia, the SNA said it killed militants.", SNA_SOMALIA),
    ("en", "RSF fighters looted homes in Omdurman, Sudan.", RSF),
    ("fr", "Au Soudan, les RSF ont pris Wad Madani.", RSF),
    ("en", "In Burkina Faso, the junta expelled two reporters; RSF called it censorship.", RWB),
    ("fr", "À Bamako, RSF a demandé la libération du journaliste malien.", RWB),
    ("en", "ASWJ insurgents attacked a town in Cabo Delgado, Mozambique.", "Islamic State (Mozambique)"),
    ("en", "In Galmudug, Somalia, Ahlu Sunna Wal Jamaa fought al-Shabaab.", "ASWJ: Ahlu Sunna Waljama'a (Somalia)"),
])
def test_shared_acronyms_follow_the_article_country(package_base: ActorBase, language: str, text: str,
                                                     key: str) -> None:
    found = package_base.find(text, language)
    shared = [m for m in found if m.key in (key, ADF_DRC, ADF_CMR, SNA_SYRIA, SNA_SOMALIA, RSF, RWB,
                                            "Islamic State (Mozambique)", "ASWJ: Ahlu Sunna Waljama'a (Somalia)")]
    assert shared and shared[0].key == key, [(m.text, m.key) for m in found]
    assert shared[0].data.get("ambiguous") is True


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Download the PDF of the report before the AA meeting."),
    ("en", "The CPC congress in Beijing and the UPC party in Cameroon met."),
    ("en", "He parked the car near the TDF finish line."),
    ("en", "Shane said the fano at the market was old."),
    ("en", "Abdul-Malik al-Houthi gave a speech."),
    ("en", "An ola of joy rose; the party of God is a phrase; version 3r shipped."),
    ("fr", "Le PMU a ouvert un guichet ; un car est parti."),
])
def test_other_conflicts_add_no_ordinary_word(package_base: ActorBase, language: str, text: str) -> None:
    assert _found(package_base, text, language) == []


def test_french_fds_stays_the_sahel_security_forces(package_base: ActorBase) -> None:
    found = _found(package_base, "Les FDS ont repoussé une attaque près de Djibo, au Burkina.", "fr")
    assert found == [("FDS", "Military Forces")]


def test_countries_of_the_table_have_taxonomy_codes() -> None:
    from conflictmap.taxonomy import COUNTRY_NAMES

    for country in KB["countries"]:
        if not country.get("external"):
            assert COUNTRY_NAMES.get(country["iso2"]) == country["name"], country["name"]
