"""The actor knowledge base: lookups, mention finding, user files.

Every sentence here is written for these tests (no seed or corpus text is copied).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.errors import ResourceError
from conflictmap.stages.actors import STAGE, ActorBase

JNIM = "JNIM: Group for Support of Islam and Muslims"
ISSAHEL = "Islamic State (Sahel)"
ISWAP = "Islamic State (West Africa)"
AQIM = "AQIM: Al Qaeda in the Islamic Maghreb"
BOKO = "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"
MINUSMA = "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali"
FAMA = "Military Forces of Mali"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ActorBase]:
    """The package base alone: the user file points at a file that does not exist."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONFLICTMAP_ACTORS", str(tmp_path_factory.mktemp("nouser") / "none.yaml"))
        yield ActorBase.load()


@pytest.fixture
def user_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "actors.yaml"
    monkeypatch.setenv("CONFLICTMAP_ACTORS", str(path))
    return path


def keys(base: ActorBase, text: str, language: str = "en", on: str | None = None) -> list[str]:
    return [m.key or "" for m in base.find(text, language, on)]


def texts(base: ActorBase, text: str, language: str = "en") -> list[str]:
    return [m.text for m in base.find(text, language)]


def test_stage_name() -> None:
    assert STAGE == "actors.kb.v1"


# --------------------------------------------------------------------- aliases

REQUIRED_ALIASES: dict[str, list[str]] = {
    JNIM: ["JNIM", "GSIM", "Jama'at Nusrat al-Islam wal-Muslimin", "Jamaat Nusrat al-Islam wal Muslimin",
           "Groupe de soutien à l'islam et aux musulmans", "Support Group for Islam and Muslims"],
    ISSAHEL: ["ISGS", "EIGS", "Islamic State in the Greater Sahara", "État islamique au Grand Sahara",
              "Islamic State Sahel Province", "État islamique au Sahel", "ISSP", "EI Sahel"],
    AQIM: ["AQIM", "AQMI", "Al-Qaïda au Maghreb islamique", "Al Qaeda in the Islamic Maghreb"],
    "Ansar Dine": ["Ansar Dine", "Ansar Eddine", "Ansar al Dine", "Ansar al-Din"],
    "Katiba Macina": ["Katiba Macina", "Katiba du Macina", "Front de libération du Macina", "FLM"],
    "Ansaroul Islam": ["Ansarul Islam", "Ansaroul Islam"],
    "Al Mourabitoun": ["Al-Mourabitoun", "Al Mourabitoun"],
    "MUJAO: Movement for Unity and Jihad in West Africa": [
        "MUJAO", "MUJWA", "Mouvement pour l'unicité et le jihad en Afrique de l'Ouest"],
    "MNLA: National Movement for the Liberation of Azawad": ["MNLA", "Mouvement national pour la libération de l'Azawad"],
    "HCUA: High Council for the Unity of Azawad": ["HCUA", "Haut conseil pour l'unité de l'Azawad"],
    "CMA: Coordination of Azawad Movements": ["CMA", "Coordination des mouvements de l'Azawad"],
    "CSP-PSD: Permanent Strategic Framework for Peace, Security and Development": [
        "CSP-PSD", "Cadre stratégique permanent pour la paix, la sécurité et le développement"],
    "Plateforme": ["Plateforme", "Platform"],
    "GATIA: Imghad Tuareg and Allies Self-Defense Group": ["GATIA", "Groupe d'autodéfense touareg Imghad et alliés"],
    "MSA: Movement for the Salvation of Azawad": ["MSA", "Mouvement pour le salut de l'Azawad"],
    "MAA: Arab Movement of Azawad": ["MAA", "Mouvement arabe de l'Azawad"],
    "CPA: Coalition of the People of Azawad": ["CPA"],
    BOKO: ["Boko Haram", "JAS"],
    ISWAP: ["ISWAP", "Islamic State West Africa Province", "État islamique en Afrique de l'Ouest"],
    "Ansaru": ["Ansaru"],
    "Dan Na Ambassagou": ["Dan Na Ambassagou", "Dana Ambassagou"],
    "Koglweogo Militia": ["Koglweogo"],
    "VDP: Volunteers for the Defense of the Homeland": ["VDP", "Volontaires pour la défense de la patrie"],
    "Wagner Group": ["Wagner", "groupe Wagner"],
    "Africa Corps": ["Africa Corps"],
    FAMA: ["FAMa", "Forces armées maliennes", "Malian soldiers", "soldats maliens", "armée malienne",
           "Mali's army", "Malian army", "militaires maliens"],
    MINUSMA: ["MINUSMA", "Mission multidimensionnelle intégrée des Nations unies pour la stabilisation au Mali"],
    "Military Forces of France": ["Barkhane", "Serval", "Sabre", "Operation Barkhane", "opération Serval",
                                  "French troops", "soldats français", "forces françaises"],
    "Takuba Task Force": ["Takuba", "Task Force Takuba"],
    "EUTM Mali": ["EUTM Mali", "EUTM"],
    "G5 Sahel Joint Force": ["G5 Sahel Joint Force", "FC-G5S", "Force conjointe du G5 Sahel"],
    "ECOWAS: Economic Community of West African States": ["ECOWAS", "CEDEAO"],
    "AU: African Union": ["African Union", "Union africaine"],
    "UN: United Nations": ["United Nations", "Nations unies", "ONU"],
    "MNJTF: Multinational Joint Task Force": ["MNJTF", "Multinational Joint Task Force", "Force multinationale mixte"],
    "Military Forces of the United States": ["US AFRICOM", "AFRICOM", "U.S. Africa Command", "American troops"],
    "Al Qaeda": ["Al Qaeda", "al-Qaida", "Al-Qaïda"],
    "Islamic State": ["Islamic State", "ISIS", "État islamique", "Daech"],
    "Al Shabaab": ["al-Shabaab", "al-Shabab", "Shebab"],
    "CNSP: National Committee for the Salvation of the People (Mali)": ["Comité national pour le salut du peuple"],
    "MPSR: Patriotic Movement for Safeguard and Restoration": ["MPSR"],
    "CNSP: National Council for the Safeguard of the Homeland (Niger)": ["Conseil national pour la sauvegarde de la patrie"],
    "Government of Mali": ["Malian government", "gouvernement malien", "autorités maliennes"],
    "Military Forces of Burkina Faso": ["Burkinabe troops", "armée burkinabè", "soldats burkinabés", "militaires burkinabe"],
    "Military Forces of Niger": ["Nigerien army", "militaires nigériens", "Forces armées nigériennes"],
    "Military Forces of Nigeria": ["Nigerian Army", "Nigerian troops", "soldats nigérians"],
    "Police Forces of Mali": ["Malian police", "gendarmes maliens", "garde nationale malienne"],
    "Dozo Communal Militia (Mali)": [],
}


@pytest.mark.parametrize(
    ("canonical", "alias"),
    [(c, a) for c, aliases in REQUIRED_ALIASES.items() for a in aliases],
)
def test_required_alias_resolves(base: ActorBase, canonical: str, alias: str) -> None:
    actor = base.get(alias)
    assert actor is not None, alias
    assert actor.name == canonical
    assert base.canonical(alias) == canonical


@pytest.mark.parametrize("canonical", list(REQUIRED_ALIASES))
def test_required_actor_is_known(base: ActorBase, canonical: str) -> None:
    assert base.get(canonical) is not None
    assert base.canonical(canonical) == canonical


@pytest.mark.parametrize("country", ["Mali", "Burkina Faso", "Niger", "Mauritania", "Senegal", "Ivory Coast",
                                     "Guinea", "Ghana", "Benin", "Togo", "Nigeria", "Chad", "Cameroon", "Algeria"])
def test_every_country_has_state_actors(base: ActorBase, country: str) -> None:
    for template in ("Military Forces of {}", "Police Forces of {}", "Government of {}"):
        actor = base.get(template.format(country))
        assert actor is not None and actor.inter == 1 and actor.country == country
        assert actor.id and actor.kind in ("state_force", "government")


def test_lookup_is_accent_case_and_punctuation_blind(base: ActorBase) -> None:
    assert base.canonical("al qaida au maghreb islamique") == AQIM
    assert base.canonical("ETAT ISLAMIQUE AU GRAND-SAHARA") == ISSAHEL
    assert base.canonical("jnim group for support of islam and muslims") == JNIM
    assert base.canonical("Unknown Group Of Nobody") == "Unknown Group Of Nobody"


def test_specific_generic_names_resolve(base: ActorBase) -> None:
    actor = base.get("Unidentified Armed Group (Mali)")
    assert actor is not None and actor.inter == 3 and actor.country == "Mali"
    assert base.canonical("Civilians (Côte d'Ivoire)") == "Civilians (Ivory Coast)"
    assert base.get("Civilians (Burkina Faso)").inter == 7  # type: ignore[union-attr]
    assert base.get("Protesters (Senegal)").inter == 6  # type: ignore[union-attr]
    assert base.get("Rioters (Guinea)").inter == 5  # type: ignore[union-attr]
    assert base.get("Fulani Ethnic Militia (Mali)").inter == 4  # type: ignore[union-attr]
    assert base.get("Dozo Communal Militia (Burkina Faso)").inter == 4  # type: ignore[union-attr]
    assert base.get("Unidentified Armed Group (Atlantis)") is None


def test_specialise(base: ActorBase) -> None:
    assert base.specialise("Unidentified Armed Group", "Mali") == "Unidentified Armed Group (Mali)"
    assert base.specialise("Civilians", "CI") == "Civilians (Ivory Coast)"
    assert base.specialise("Military Forces", "Burkina") == "Military Forces of Burkina Faso"
    assert base.specialise("Military Forces", "United States") == "Military Forces of the United States"
    assert base.specialise("Police Forces", "Niger") == "Police Forces of Niger"
    assert base.specialise("Civilians", None) == "Civilians"
    assert base.specialise("Ansar al Dine", "Mali") == "Ansar Dine"


def test_foreign_state_forces_are_external(base: ActorBase) -> None:
    assert base.get("Military Forces of France").inter == 8  # type: ignore[union-attr]
    assert base.get("Military Forces of Germany").inter == 8  # type: ignore[union-attr]


# --------------------------------------------------------------------- affiliations

def test_dated_affiliations(base: ActorBase) -> None:
    facts = base.affiliations_of("ISGS", on="2020-06-01")
    assert {"placed_under", "pledged_to"} <= {f["relation"] for f in facts}
    assert not any(f["relation"] == "placed_under" for f in base.affiliations_of("ISGS", on="2023-01-01"))
    assert any(f["relation"] == "branch_of" and f["target"] == "Islamic State"
               for f in base.affiliations_of("EIGS", on="2023-01-01"))
    merged = [f for f in base.affiliations_of("Ansar Dine") if f["relation"] == "merged_into"]
    assert merged == [{"relation": "merged_into", "target": JNIM, "from": "2017-03-02", "to": None}]
    assert any(f["relation"] == "designated_by" and f["from"].startswith("2013-03")
               for f in base.affiliations_of("Ansar Dine"))
    for old in ("MUJAO", "Al-Mulathamun"):
        assert any(f["relation"] == "merged_into" and f["target"] == "Al Mourabitoun" and f["from"].startswith("2013")
                   for f in base.affiliations_of(old))
    assert any(f["target"] == "Al Qaeda" for f in base.affiliations_of("JNIM", on="2018-01-01"))
    assert base.affiliations_of("JNIM", on="2016-01-01") == []
    assert base.affiliations_of("nobody at all") == []


def test_renamings_are_dated(base: ActorBase) -> None:
    assert any(f["relation"] == "renamed_to" and f["target"].startswith("CSP-PSD") and f["from"].startswith("2023")
               for f in base.affiliations_of("CMA"))
    assert any(f["relation"] == "succeeded_by" and f["target"] == "Africa Corps" for f in base.affiliations_of("Wagner"))
    names = base.record("ISGS")["names"]
    assert [n["name"] for n in names] == ["Islamic State in the Greater Sahara", "Islamic State Sahel Province"]


# --------------------------------------------------------------------- find

def test_find_named_groups_in_english(base: ActorBase) -> None:
    text = ("Fighters loyal to Ansar al Dine and AQIM ambushed a convoy of the Malian military near Kidal, "
            "while the MNLA said it had no part in it.")
    found = base.find(text, "en")
    assert [m.key for m in found] == ["Ansar Dine", AQIM, FAMA, "MNLA: National Movement for the Liberation of Azawad"]
    assert found[0].text == "Ansar al Dine" and found[0].label == "ACTOR"
    assert found[0].data == {"country": "Mali", "generic": False, "inter": 2, "plural": False, "role_hint": "armed_group"}
    assert found[2].data["role_hint"] == "military" and found[2].data["inter"] == 1


def test_find_in_french_with_accents(base: ActorBase) -> None:
    text = ("Jeudi, des éléments de l'État islamique au Grand Sahara ont attaqué des soldats maliens ; "
            "les FAMa et les Casques bleus ont riposté près de Ménaka.")
    found = base.find(text, "fr")
    assert [m.key for m in found] == [ISSAHEL, FAMA, FAMA, MINUSMA]
    assert found[0].text == "éléments de l'État islamique au Grand Sahara"
    assert found[0].data["plural"] is True
    assert found[3].data["inferred"] is True
    for m in found:
        assert text[m.start:m.end] == m.text


def test_generic_mentions_take_country_from_context(base: ActorBase) -> None:
    found = base.find("Unidentified gunmen killed 12 villagers and wounded several civilians.", "en")
    assert [(m.key, m.data["generic"], m.data["role_hint"]) for m in found] == [
        ("Unidentified Armed Group", True, "armed_group"),
        ("Civilians", True, "civilian"),
        ("Civilians", True, "civilian"),
    ]
    assert all(m.data["country"] is None and m.data["plural"] for m in found)
    assert base.specialise(found[1].key or "", "Mali") == "Civilians (Mali)"


@pytest.mark.parametrize(("text", "language", "key"), [
    ("des hommes armés non identifiés", "fr", "Unidentified Armed Group"),
    ("des individus armés", "fr", "Unidentified Armed Group"),
    ("Les terroristes ont fui", "fr", "Unidentified Armed Group"),
    ("les djihadistes", "fr", "Unidentified Armed Group"),
    ("des présumés jihadistes", "fr", "Unidentified Armed Group"),
    ("les assaillants", "fr", "Unidentified Armed Group"),
    ("des groupes armés terroristes", "fr", "Unidentified Armed Group"),
    ("une attaque de GAT", "fr", "Unidentified Armed Group"),
    ("des HANI", "fr", "Unidentified Armed Group"),
    ("suspected jihadists", "en", "Unidentified Armed Group"),
    ("suspected militants", "en", "Unidentified Armed Group"),
    ("the assailants", "en", "Unidentified Armed Group"),
    ("armed bandits", "en", "Unidentified Armed Group"),
    ("worshippers", "en", "Civilians"),
    ("women and children", "en", "Civilians"),
    ("les orpailleurs", "fr", "Civilians"),
    ("les fidèles", "fr", "Civilians"),
    ("des commerçants", "fr", "Civilians"),
    ("des villageois", "fr", "Civilians"),
    ("les populations", "fr", "Civilians"),
    ("troops", "en", "Military Forces"),
    ("les forces de défense et de sécurité", "fr", "Military Forces"),
    ("les FDS", "fr", "Military Forces"),
    ("des militaires", "fr", "Military Forces"),
    ("l'armée", "fr", "Military Forces"),
    ("gendarmes", "fr", "Police Forces"),
    ("les policiers", "fr", "Police Forces"),
    ("protesters", "en", "Protesters"),
    ("des manifestants", "fr", "Protesters"),
    ("rioters", "en", "Rioters"),
    ("Fulani militiamen", "en", "Fulani Ethnic Militia"),
    ("une milice dogon", "fr", "Dogon Ethnic Militia"),
    ("des chasseurs dozos", "fr", "Dozo Communal Militia"),
    ("Dozo hunters", "en", "Dozo Communal Militia"),
])
def test_descriptive_forms(base: ActorBase, text: str, language: str, key: str) -> None:
    found = base.find(text, language)
    assert [m.key for m in found] == [key]
    assert found[0].data["generic"] is True


@pytest.mark.parametrize(("text", "language", "key"), [
    ("Malian soldiers", "en", FAMA),
    ("FAMa", "en", FAMA),
    ("des soldats maliens", "fr", FAMA),
    ("the Malian government", "en", "Government of Mali"),
    ("Mali's army", "en", FAMA),
    ("Mali’s army", "en", FAMA),
    ("l'armée du Mali", "fr", FAMA),
    ("Burkinabe troops", "en", "Military Forces of Burkina Faso"),
    ("l'armée burkinabè", "fr", "Military Forces of Burkina Faso"),
    ("the Nigerien army", "en", "Military Forces of Niger"),
    ("des militaires nigériens", "fr", "Military Forces of Niger"),
    ("Ivorian soldiers", "en", "Military Forces of Ivory Coast"),
    ("forces from Ivory Coast", "en", "Military Forces of Ivory Coast"),
    ("les soldats ivoiriens", "fr", "Military Forces of Ivory Coast"),
    ("Chadian troops", "en", "Military Forces of Chad"),
    ("l'armée tchadienne", "fr", "Military Forces of Chad"),
    ("French soldiers", "en", "Military Forces of France"),
    ("des soldats français", "fr", "Military Forces of France"),
    ("les gendarmes burkinabè", "fr", "Police Forces of Burkina Faso"),
    ("Malian civilians", "en", "Civilians (Mali)"),
    ("des civils burkinabè", "fr", "Civilians (Burkina Faso)"),
    ("la junte malienne", "fr", "Government of Mali"),
])
def test_country_forms_fix_the_country(base: ActorBase, text: str, language: str, key: str) -> None:
    found = base.find(text, language)
    assert [m.key for m in found] == [key], [m.text for m in found]
    assert found[0].data["generic"] is False
    assert found[0].data["country"] == base.get(key).country  # type: ignore[union-attr]


def test_longest_match_wins(base: ActorBase) -> None:
    assert texts(base, "Ansar al Dine claimed it.") == ["Ansar al Dine"]
    assert keys(base, "The Islamic State in the Greater Sahara, not the Islamic State.") == [ISSAHEL, "Islamic State"]
    assert texts(base, "l'armée malienne a riposté", "fr") == ["armée malienne"]
    assert keys(base, "Islamic State West Africa Province fighters") == [ISWAP]


def test_member_nouns_widen_group_mentions(base: ActorBase) -> None:
    found = base.find("AQIM rebels and Boko Haram fighters met members of Ansar Dine.", "en")
    assert [(m.text, m.data["plural"]) for m in found] == [
        ("AQIM rebels", True), ("Boko Haram fighters", True), ("members of Ansar Dine", True)]
    found = base.find("des jihadistes de l'EIGS et des combattants du JNIM", "fr")
    assert [(m.text, m.key) for m in found] == [("jihadistes de l'EIGS", ISSAHEL), ("combattants du JNIM", JNIM)]


def test_islamic_state_affiliate_depends_on_region(base: ActorBase) -> None:
    sahel = "In Mali and Burkina Faso the Islamic State affiliate stepped up attacks near Menaka."
    lake = "In Borno state, Nigeria, the Islamic State affiliate overran a base near Lake Chad."
    elsewhere = "In Mozambique, the Islamic State affiliate attacked a town."
    assert keys(base, sahel)[-1] == ISSAHEL
    assert keys(base, lake)[-1] == ISWAP
    assert keys(base, elsewhere) == ["Islamic State"]
    found = base.find("The Islamic State affiliate in the Sahel recruits.", "en")
    assert [m.key for m in found] == [ISSAHEL] and "inferred" not in found[0].data


def test_al_qaeda_affiliates_in_the_sahel_are_jnim(base: ActorBase) -> None:
    text = "In central Mali, al-Qaeda affiliates are fighting the army."
    found = base.find(text, "en")
    assert found[0].key == JNIM and found[0].data["inferred"] is True and found[0].data["plural"] is True
    assert base.find(text, "en", on="2013-05-01")[0].key == "Al Qaeda"  # JNIM did not exist yet
    assert keys(base, "In Syria, al-Qaeda affiliates regrouped.") == ["Al Qaeda"]


def test_peacekeepers_are_minusma_in_mali(base: ActorBase) -> None:
    assert keys(base, "Peacekeepers were attacked near Aguelhok, in northern Mali.")[0] == MINUSMA
    assert keys(base, "UN peacekeepers in South Sudan were attacked.")[0] == "UN: United Nations"
    assert keys(base, "Des Casques bleus ont été tués à Kidal, au Mali.", "fr")[0] == MINUSMA


def test_ambiguous_alias_takes_the_article_country(base: ActorBase) -> None:
    mali = keys(base, "In Bamako, the CNSP named a transitional president.")
    niger = keys(base, "À Niamey, le CNSP a suspendu la constitution du Niger.", "fr")
    assert mali == ["CNSP: National Committee for the Salvation of the People (Mali)"]
    assert niger[0] == "CNSP: National Council for the Safeguard of the Homeland (Niger)"
    assert keys(base, "The BIR attacked Kolofata, in Cameroon.")[0] == "Military Forces of Cameroon"
    assert keys(base, "Le BIR a été déployé à Djibo, au Burkina.", "fr")[0] == "Military Forces of Burkina Faso"


@pytest.mark.parametrize("text", [
    "Mali, Niger and Burkina Faso left ECOWAS's rival bloc talks in January.",
    "Le Mali et le Niger ont signé un accord en juillet, puis la Mauritanie en août.",
    "From Mali to Chad, from Senegal to Nigeria, the rains came in June and September.",
    "He travelled to the Islamic State's former capital? No: to Kidal, Gao and Timbuktu.",
])
def test_no_actor_in_places_and_months(base: ActorBase, text: str) -> None:
    found = [m for m in base.find(text, "fr" if " le " in text.lower() else "en") if m.key != "ECOWAS: Economic Community of West African States"]
    assert [m.key for m in found if m.key != "Islamic State"] == []


def test_state_is_not_read_alone(base: ActorBase) -> None:
    assert keys(base, "The state of emergency in the Islamic State's heartland.") == ["Islamic State"]


@pytest.mark.parametrize(("text", "language"), [
    ("The msa and cma and vdp of the gat are fds words, not acronyms.", "en"),
    ("Un gat, une fds.", "fr"),
    ("The platform and the sabre and the dozo.", "en"),
    ("Une plateforme pétrolière.", "fr"),
    ("Les opérations militaires se poursuivent.", "fr"),
    ("Ils sont fidèles au président.", "fr"),
    ("THIS IS A HEADLINE IN CAPITALS.", "en"),
])
def test_case_rules_keep_ordinary_words_out(base: ActorBase, text: str, language: str) -> None:
    assert base.find(text, language) == []


def test_acronyms_and_capitalised_names_in_upper_case(base: ActorBase) -> None:
    assert keys(base, "The MSA, the CMA, the VDP and the FDS; Dozo hunters and the Plateforme.", "en") == [
        "MSA: Movement for the Salvation of Azawad", "CMA: Coordination of Azawad Movements",
        "VDP: Volunteers for the Defense of the Homeland", "Military Forces", "Dozo Communal Militia", "Plateforme"]


def test_names_do_not_run_across_punctuation(base: ActorBase) -> None:
    assert keys(base, "He spoke of Ansar. Dine is a word.") == []
    assert keys(base, "Islamic, State and other words") == []


def test_offsets_with_accents_and_decomposed_text(base: ActorBase) -> None:
    import unicodedata

    text = "À Tillabéri, l'État islamique au Sahel a attaqué des orpailleurs et l’armée nigérienne."
    for form in ("NFC", "NFD"):
        variant = unicodedata.normalize(form, text)
        found = base.find(variant, "fr")
        assert [m.key for m in found] == [ISSAHEL, "Civilians", "Military Forces of Niger"], form
        for m in found:
            assert variant[m.start:m.end] == m.text
        assert unicodedata.normalize("NFC", found[0].text) == "État islamique au Sahel"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "Ansar al Dine", "les FAMa", "des hommes armés", " ", ", ", ". ", "\n", "État islamique", "Mali", "villagers",
    "d'", "l’", "é", "e\u0301", "AQIM", "jihadistes de l'EIGS", "U.N. peacekeepers", "Malian soldiers", "x", "42",
    "Boko Haram fighters", "Dozo", "-", "soldats maliens", "'",
]), max_size=30).map("".join), st.sampled_from(["en", "fr"]))
def test_offsets_always_slice_the_text(text: str, language: str) -> None:
    base = _shared_base()
    previous_end = 0
    for m in base.find(text, language):
        assert text[m.start:m.end] == m.text
        assert m.start >= previous_end and m.end > m.start
        assert m.label == "ACTOR" and m.key
        assert set(m.data) >= {"inter", "country", "generic", "role_hint", "plural"}
        previous_end = m.end


_SHARED: list[ActorBase] = []


def _shared_base() -> ActorBase:
    if not _SHARED:
        _SHARED.append(ActorBase.default())
    return _SHARED[0]


# --------------------------------------------------------------------- user files

def test_user_file_is_used_at_once(user_file: Path) -> None:
    user_file.write_text(
        "- name: Katiba Hanifa\n  inter: 2\n  country: Burkina Faso\n  aliases: [Hanifa brigade]\n"
        "- name: JNIM\n  aliases: [Nusrat ul-Islam]\n", encoding="utf-8")
    base = ActorBase.load()
    assert base.canonical("Hanifa brigade") == "Katiba Hanifa"
    assert base.canonical("Nusrat ul-Islam") == JNIM
    assert base.get("JNIM").country == "Mali"  # type: ignore[union-attr]
    assert [m.key for m in base.find("The Hanifa brigade struck.", "en")] == ["Katiba Hanifa"]
    default = ActorBase.default()
    assert default.canonical("Hanifa brigade") == "Katiba Hanifa"
    user_file.write_text("- name: Katiba Hanifa\n  inter: 2\n  aliases: [Hanifa unit, Hanifa group]\n", encoding="utf-8")
    assert ActorBase.default().canonical("Hanifa unit") == "Katiba Hanifa"


def test_extra_files_are_read(tmp_path: Path, base: ActorBase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFLICTMAP_ACTORS", str(tmp_path / "absent.yaml"))
    extra = tmp_path / "extra.yaml"
    extra.write_text("actors:\n  - {name: Test Militia, inter: 3, country: Mali, aliases: [TMX]}\n", encoding="utf-8")
    loaded = ActorBase.load(extra=[extra])
    assert loaded.canonical("TMX") == "Test Militia"


@pytest.mark.parametrize(("content", "expected"), [
    ("- name: X Group\n  inter: 9\n", r"entry 1 \('X Group'\): 'inter' must be an integer 1..8"),
    ("- name: X Group\n", r"'inter' must be an integer"),
    ("- name: X Group\n  inter: 2\n  kind: gang\n", r"'kind' must be one of"),
    ("- name: X Group\n  inter: 2\n  colour: red\n", r"unknown fields \['colour'\]"),
    ("- name: X Group\n  inter: 2\n  aliases: [ISGS]\n", r"alias 'ISGS' already names 'Islamic State \(Sahel\)'"),
    ("- name: X Group\n  inter: 2\n  affiliations: [{relation: merged_into, target: Nobody}]\n",
     r"affiliation target 'Nobody' is not an actor"),
    ("- name: X Group\n  inter: 2\n  affiliations: [{relation: likes, target: JNIM}]\n", r"needs a relation among"),
    ("- name: X Group\n  inter: 2\n  active_from: 2017-13-40\n", r"'active_from' '2017-13-40' is not"),
    ("- name: X Group\n  inter: 2\n  parent: Nobody\n", r"parent 'Nobody' is not an actor"),
    ("- {inter: 2}\n", r"entry 1: 'name' must be a non-empty string"),
    ("- name: X Group\n  inter: 2\n  aliases: [{txt: oops}]\n", r"an alias mapping needs 'text'"),
    ("countries: []\n", r"user files hold only an 'actors' list"),
    ("- name: [unclosed\n", r"not valid YAML"),
    ("just a string\n", r"must be a list of actors"),
])
def test_bad_user_file_errors_name_file_entry_and_problem(user_file: Path, content: str, expected: str) -> None:
    user_file.write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError, match=expected) as info:
        ActorBase.load()
    assert str(user_file) in str(info.value)


def test_ambiguous_user_alias_is_allowed_when_marked(user_file: Path) -> None:
    user_file.write_text("- name: Other BIR\n  inter: 1\n  country: Chad\n  aliases: [{text: BIR, ambiguous: true}]\n",
                         encoding="utf-8")
    base = ActorBase.load()
    assert [m.key for m in base.find("In N'Djamena, Chad, the BIR paraded.", "en")] == ["Other BIR"]


def test_add_user_actor_appends_and_checks(user_file: Path) -> None:
    user_file.write_text("# my actors\n- name: Katiba One\n  inter: 2\n  aliases: [K1 unit]\n", encoding="utf-8")
    actor = ActorBase.add_user_actor(user_file, "Katiba Two", ["K2 unit"], inter=2, country="Mali")
    assert actor.name == "Katiba Two" and actor.country == "Mali"
    ActorBase.add_user_actor(user_file, "GSIM", ["Nusrat ul-Islam"])
    text = user_file.read_text(encoding="utf-8")
    assert text.startswith("# my actors\n")
    base = ActorBase.load()
    assert base.canonical("K2 unit") == "Katiba Two" and base.canonical("Nusrat ul-Islam") == JNIM
    with pytest.raises(ResourceError, match="'inter' must be an integer"):
        ActorBase.add_user_actor(user_file, "No Type Group", ["NTG"])
    assert user_file.read_text(encoding="utf-8") == text  # nothing written on error
