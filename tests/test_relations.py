"""Relation extraction on sentences written for these tests (English and French).

No spaCy here: the stage splits sentences itself when it gets no parse, so these
run in milliseconds. The gold gate (test_relations_gold.py) runs the full pipeline.
"""

from __future__ import annotations

import json

import pytest

from conflictmap.models import RELATION_RECORD_FIELDS, Document, Relation, content_id
from conflictmap.relation_graph import merge_relations, tie_key
from conflictmap.stages.actors import ActorBase
from conflictmap.stages.dates import find_dates
from conflictmap.stages.relations import STAGE, RelationExtractor

JNIM = "JNIM: Group for Support of Islam and Muslims"
AQIM = "AQIM: Al Qaeda in the Islamic Maghreb"
ISWAP = "Islamic State (West Africa)"
ISSAHEL = "Islamic State (Sahel)"
US = "Government of the United States"


@pytest.fixture(scope="module")
def rx() -> RelationExtractor:
    return RelationExtractor(ActorBase.load())


def read(rx: RelationExtractor, text: str, lang: str = "en", published: str | None = "2022-05-10") -> list[Relation]:
    doc = Document(id=content_id(text), text=text, source="test", fmt="txt", published=published, language=lang)
    mentions = rx.actors.find(text, lang, published)
    return rx.extract(doc, None, mentions, find_dates(text, lang, published))


def ties(relations: list[Relation]) -> set[tuple[str, str, str]]:
    return {tie_key({"relation": r.relation, "actor_a": r.actor_a, "actor_b": r.actor_b}) for r in relations}


def one(relations: list[Relation], relation: str) -> Relation:
    found = [r for r in relations if r.relation == relation]
    assert len(found) == 1, [(r.relation, r.actor_a, r.actor_b) for r in relations]
    return found[0]


# ---------------------------------------------------------------- each type, English

def test_branch_apposition_is_affiliation(rx):
    rels = read(rx, "Ansar Dine, an affiliate of Al Qaeda, attacked a checkpoint near Niono.")
    assert ("affiliated_with", "Ansar Dine", "Al Qaeda") in ties(rels)


def test_pledge_with_date_gives_month(rx):
    r = one(read(rx, "In March 2019, Ansaroul Islam pledged allegiance to JNIM, a local cleric said."),
            "affiliated_with")
    assert (r.actor_a, r.actor_b) == ("Ansaroul Islam", JNIM)
    assert (r.date.start, r.date.precision) == ("2019-03-01", "month")
    assert r.attribution == "a local cleric"


def test_alongside_is_cooperation_either_order(rx):
    rels = read(rx, "Katiba Macina fighters raided the market alongside JNIM units from the Gourma.")
    assert ("cooperates_with", JNIM, "Katiba Macina") in ties(rels)


def test_reciprocal_fighting_is_rivalry_with_since(rx):
    r = one(read(rx, "Since 2019, ISWAP and Boko Haram have fought each other around the lake."), "rival_of")
    assert {r.actor_a, r.actor_b} == {ISWAP, "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"}
    assert (r.date.start, r.date.end, r.date.precision) == ("2019-01-01", None, "year")


def test_state_forces_and_insurgents_are_not_rivals(rx):
    rels = read(rx, "The Malian army clashed with JNIM near Boni on Tuesday.")
    assert not [r for r in rels if r.relation == "rival_of"]


def test_payment_for_passage_is_funded_by_with_amount_and_share(rx):
    text = ("Cattle traders crossing the Gourma pay the Islamic State in the Sahel for protection, "
            "about 20,000 CFA francs per herd, or roughly 5 percent of the value of the animals, a researcher said.")
    r = one(read(rx, text), "funded_by")
    assert r.actor_a == ISSAHEL
    assert r.amount and "20,000 CFA francs" in r.amount
    assert r.share and r.share.startswith("roughly 5 percent")
    fields = {e.field for e in r.evidence}
    assert {"relation", "actor_a", "amount", "share"} <= fields
    for e in r.evidence:
        assert text[e.start:e.end] == e.text


def test_grant_is_funds(rx):
    r = one(read(rx, "The European Union pledged 40 million euros to the G5 Sahel Joint Force on Monday."), "funds")
    assert (r.actor_a, r.actor_b) == ("EU: European Union", "G5 Sahel Joint Force")
    assert r.amount == "40 million euros"


def test_supplies_to_a_country_is_to_its_army(rx):
    rels = read(rx, "China delivered armoured vehicles to Niger and Chad last year.")
    assert ("supplies", "Government of China", "Military Forces of Niger") in ties(rels)
    assert ("supplies", "Government of China", "Military Forces of Chad") in ties(rels)


def test_delivery_of_food_is_not_supply(rx):
    assert not read(rx, "China delivered rice and medicine to Niger last year.")


def test_designation_passive_and_active(rx):
    rels = read(rx, "Katiba Macina was designated a terrorist group by the United States in 2021. "
                    "The UN Security Council added it to its sanctions list the same year.")
    assert ("designated_by", "Katiba Macina", US) in ties(rels)
    assert ("designated_by", "Katiba Macina", "United Nations Security Council") in ties(rels)
    assert all(r.date.start == "2021-01-01" and r.date.precision == "year" for r in rels)


def test_sanctions_on_a_country(rx):
    r = one(read(rx, "ECOWAS imposed trade sanctions on Guinea in September 2021."), "designated_by")
    assert (r.actor_a, r.actor_b) == ("Government of Guinea", "ECOWAS: Economic Community of West African States")


def test_truce_between_two_groups(rx):
    r = one(read(rx, "A truce between the CMA and GATIA held through the rainy season."), "agreement_with")
    assert {r.actor_a, r.actor_b} == {"CMA: Coordination of Azawad Movements",
                                      "GATIA: Imghad Tuareg and Allies Self-Defense Group"}


def test_mediators_are_not_parties(rx):
    rels = read(rx, "Clashes between the CMA and GATIA ended with a truce brokered by MINUSMA.")
    assert ("agreement_with", "CMA: Coordination of Azawad Movements",
            "GATIA: Imghad Tuareg and Allies Self-Defense Group") in ties(rels)
    assert not [r for r in rels if "MINUSMA" in r.actor_a + r.actor_b]


def test_controls_area_keeps_the_place_as_written(rx):
    r = one(read(rx, "JNIM controls most of the Serma forest, where it collects zakat from herders."),
            "controls_area")
    assert (r.actor_a, r.actor_b) == (JNIM, "Serma forest")


def test_branch_named_through_its_parent(rx):
    rels = read(rx, "The Islamic State's West Africa Province recruited heavily in 2021.")
    assert ("affiliated_with", ISWAP, "Islamic State") in ties(rels)


# ---------------------------------------------------------------- polarity and attribution

def test_negation_is_denied(rx):
    r = one(read(rx, "Ansaru has never been part of ISWAP, a Nigerian researcher said."), "affiliated_with")
    assert r.polarity == "denied"
    assert r.attribution == "a Nigerian researcher"


def test_denial_verb_names_the_denier(rx):
    r = one(read(rx, "The Nigerien government denied paying a ransom to JNIM."), "funded_by")
    assert (r.actor_a, r.polarity) == (JNIM, "denied")
    assert r.attribution == "The Nigerien government"


def test_doubt_is_questioned(rx):
    r = one(read(rx, "Some analysts doubt that Lakurawa has pledged allegiance to the Islamic State in the Sahel."),
            "affiliated_with")
    assert r.polarity == "questioned"
    assert r.attribution == "Some analysts"


def test_government_accusation_is_claimed_and_a_rejection_repeats_it(rx):
    rels = read(rx, "Burkinabe officials have accused the CSP-PSD of cooperating with JNIM, "
                    "a charge the rebel alliance rejects.")
    polarities = sorted(r.polarity for r in rels if r.relation == "cooperates_with")
    assert polarities == ["claimed", "denied"]


def test_modal_is_alleged(rx):
    r = one(read(rx, "JNIM may be supplying weapons to Ansaroul Islam, a police source said."), "supplies")
    assert r.polarity == "alleged"


def test_pronoun_source_is_resolved(rx):
    r = one(read(rx, "JNIM rejected the accusation. In a statement, it said it had no ties with ISWAP."),
            "cooperates_with")
    assert (r.polarity, r.attribution) == ("denied", "JNIM")


# ---------------------------------------------------------------- no invented ties

@pytest.mark.parametrize("text", [
    "JNIM and the Islamic State in the Sahel both operate in the Liptako.",
    "ISWAP, Boko Haram and Ansaru are all active in north-eastern Nigeria.",
    "Officers from MINUSMA, ECOWAS and the G5 Sahel Joint Force met in Bamako.",
    "The Koglweogo and Dan Na Ambassagou are often compared by analysts.",
    "Attacks were blamed on JNIM as well as on the Islamic State in the Sahel.",
    "Fighters from the MNLA, Ansar Dine and MUJAO all entered Gao in 2012.",
    "The minister said he hopes for a ceasefire between the CMA and GATIA before the rains.",
    "Analysts worry about China's growing ties with Russia.",
    "Les FAMa, la Minusma et la force Barkhane ont été visées par des attaques distinctes.",
])
def test_lists_and_co_presence_give_nothing(rx, text):
    assert read(rx, text) == []


def test_diplomatic_relations_between_states_are_not_cooperation(rx):
    assert read(rx, "Turkey is trying to repair strained relations with Egypt.") == []


# ---------------------------------------------------------------- French

def test_fr_branch_and_affiliation(rx):
    rels = read(rx, "L'EIGS, affilié à l'État islamique, a revendiqué l'attaque de Tillia.", "fr")
    assert ("affiliated_with", ISSAHEL, "Islamic State") in ties(rels)


def test_fr_allegiance_denied_with_source(rx):
    r = one(read(rx, "Le groupe Lakurawa n'a jamais prêté allégeance à l'EIGS, selon un chercheur nigérian.", "fr"),
            "affiliated_with")
    assert (r.actor_a, r.actor_b, r.polarity) == ("Lakurawa", ISSAHEL, "denied")
    assert r.attribution and r.attribution.startswith("un chercheur")


def test_fr_merger_members(rx):
    rels = read(rx, "Le GSIM, né en 2017 de la fusion d'Ansar Dine et d'Al-Mourabitoune, domine le centre.", "fr")
    assert ("affiliated_with", "Ansar Dine", JNIM) in ties(rels)
    assert ("affiliated_with", "Al Mourabitoun", JNIM) in ties(rels)


def test_fr_rivalry_and_designation(rx):
    rels = read(rx, "Depuis 2021, l'ISWAP et la faction de Boko Haram dite JAS se disputent les îles du lac Tchad. "
                    "Washington a inscrit l'ISWAP sur sa liste des organisations terroristes en 2018.", "fr")
    assert ("rival_of", ISWAP, "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad") in ties(rels) or \
        ("rival_of", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", ISWAP) in ties(rels)
    assert ("designated_by", ISWAP, US) in ties(rels)


def test_fr_ransom_and_funding_by(rx):
    r = one(read(rx, "Selon un médiateur, le GSIM a obtenu 150 000 euros des familles de trois otages maliens.", "fr"),
            "funded_by")
    assert (r.actor_a, r.actor_b) == (JNIM, "Civilians (Mali)")
    assert r.amount == "150 000 euros"


def test_fr_supply_to_militia_alleged_then_denied(rx):
    rels = read(rx, "L'armée burkinabè a fourni des fusils aux VDP, selon des témoins, ce que Ouagadougou dément.",
                "fr")
    supplies = sorted((r.polarity, r.attribution) for r in rels if r.relation == "supplies")
    assert [p for p, _ in supplies] == ["alleged", "denied"]


def test_fr_control_and_zakat(rx):
    rels = read(rx, "Le GSIM contrôle la forêt de Fina, où il prélève la zakat sur les troupeaux des éleveurs.", "fr")
    assert ("controls_area", JNIM, "forêt de Fina") in ties(rels)
    assert any(r.relation == "funded_by" and r.actor_b.startswith("Civilians") for r in rels)


def test_fr_list_gives_nothing(rx):
    assert read(rx, "Le GSIM, l'EIGS et la Minusma sont présents dans la région de Mopti.", "fr") == []


# ---------------------------------------------------------------- records and merging

def test_records_have_the_contract_fields(rx):
    rels = read(rx, "Ansar Dine was designated a terrorist organization by the United States in 2013.")
    record = rels[0].as_record()
    assert tuple(record) == RELATION_RECORD_FIELDS
    assert rels[0].stage == STAGE
    assert 0 < record["confidence"] < 1
    json.dumps(record)


def test_repeated_statements_in_one_article_merge(rx):
    rels = read(rx, "JNIM pledged allegiance to Al Qaeda. Later that year, JNIM again pledged allegiance to Al Qaeda.")
    assert len([r for r in rels if r.relation == "affiliated_with"]) == 1
    assert len([e for e in rels[0].evidence if e.field == "relation"]) == 2


def test_merge_relations_across_articles():
    rows = [
        {"id": "1", "article_id": "a", "relation": "rival_of", "actor_a": "X", "actor_b": "Y", "polarity": "asserted",
         "date_start": "2020-01-01", "date_end": "2020-12-31", "evidence": [{"field": "relation", "text": "X fought Y"}]},
        {"id": "2", "article_id": "b", "relation": "rival_of", "actor_a": "Y", "actor_b": "X", "polarity": "denied",
         "date_start": "2022-03-01", "date_end": None, "evidence": []},
        {"id": "3", "article_id": "b", "relation": "funded_by", "actor_a": "Y", "actor_b": "X", "polarity": "claimed",
         "amount": "$5", "evidence": []},
        {"id": "4", "article_id": "c", "relation": "funded_by", "actor_a": "X", "actor_b": "Y", "polarity": "claimed"},
    ]
    edges = merge_relations(rows)
    rival = next(e for e in edges if e["relation"] == "rival_of")
    assert (rival["actor_a"], rival["actor_b"]) == ("X", "Y")
    assert rival["articles"] == ["a", "b"]
    assert (rival["first"], rival["last"]) == ("2020-01-01", "2022-03-01")
    assert rival["contradicted"] is True
    assert [s["polarity"] for s in rival["sources"]] == ["asserted", "denied"]
    funded = [e for e in edges if e["relation"] == "funded_by"]
    assert len(funded) == 2      # direction matters for funded_by
    assert {tuple(sorted(e["articles"])) for e in merge_relations(list(reversed(rows)))} == \
        {tuple(sorted(e["articles"])) for e in edges}
