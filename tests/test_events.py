"""Event extraction on passages written for these tests (English and French): the
behaviours a coder relies on. Uses the real pipeline (spaCy, actor base, gazetteer)."""

from __future__ import annotations

import pytest

from conftest import make_document

pytestmark = pytest.mark.slow


def events(extractor, text, language="en", published="2021-06-07", kinds=("event",)):
    doc = make_document(text, language=language, published=published)
    return [e for e in extractor.extract(doc).events if e.kind in kinds]


def one(extractor, text, **kw):
    found = events(extractor, text, **kw)
    assert len(found) == 1, [(e.sub_event_type, e.sentence.text if e.sentence else None) for e in found]
    return found[0]


def test_passive_voice_attack_on_peacekeepers(extractor):
    e = one(extractor, "On Thursday, six UN peacekeepers were killed in an attack by rebels of Ansar Dine "
                       "near Timbuktu, the mission said.", published="2015-07-03")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.actor1 == "Ansar Dine"
    assert e.actor2.startswith("MINUSMA")
    assert e.fatalities == 6
    assert (e.date.start, e.date.precision) == ("2015-07-02", "day")
    assert e.country == "Mali"


def test_french_attack_on_a_village(extractor):
    e = one(extractor, "Dans la nuit de samedi à dimanche, des hommes armés non identifiés ont attaqué le "
                       "village de Solhan, tuant une centaine de civils.", language="fr")
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")
    assert e.actor1 == "Unidentified Armed Group (Burkina Faso)"
    assert e.actor2 == "Civilians (Burkina Faso)"
    assert e.civilian_targeting
    assert e.fatalities == 100
    assert (e.date.start, e.date.end) == ("2021-06-05", "2021-06-06")


def test_army_claims_in_french(extractor):
    e = one(extractor, "Les FAMa ont neutralisé une trentaine de terroristes jeudi dernier près de Boni, "
                       "selon un communiqué de l'état-major.", language="fr")
    assert e.actor1 == "Military Forces of Mali"
    assert e.event_type == "Battles"
    assert e.fatalities == 30


def test_roadside_bomb(extractor):
    e = one(extractor, "Three soldiers were killed on Monday when their vehicle struck a roadside bomb "
                       "near Djibo, security sources said.")
    assert e.sub_event_type == "Remote explosive/landmine/IED"
    assert e.actor1 == "Unidentified Armed Group (Burkina Faso)"
    assert e.actor2 == "Military Forces of Burkina Faso"
    assert e.fatalities == 3


def test_abduction_and_injured_are_not_deaths(extractor):
    e = one(extractor, "Gunmen abducted 14 passengers from a bus near Ménaka on Saturday and wounded "
                       "the driver.")
    assert e.sub_event_type == "Abduction/forced disappearance"
    assert e.fatalities == 0


def test_aggregate_is_not_an_event(extractor):
    text = "The country has lost more than 100 soldiers in clashes with jihadists since October."
    assert events(extractor, text) == []
    assert [e.kind for e in events(extractor, text, kinds=("aggregate",))] == ["aggregate"]


def test_shipwreck_is_not_political_violence(extractor):
    assert events(extractor, "In April, more than 900 migrants died after their boat capsized off Libya.") == []


def test_threat_is_not_an_event(extractor):
    assert events(extractor, "Leaders of the group said they would multiply attacks in Mali and Mauritania.") == []


def test_background_history(extractor):
    text = "In 2012, rebels seized the northern cities of Gao, Kidal and Timbuktu."
    assert events(extractor, text, published="2020-02-22") == []


def test_claim_names_the_perpetrator(extractor):
    e = one(extractor, "Gunmen attacked an army post at Inates on Tuesday, killing 71 soldiers. "
                       "The Islamic State claimed the attack on Thursday.", published="2019-12-13")
    assert e.actor1 == "Islamic State (Sahel)"
    assert e.actor2 == "Military Forces of Niger"


def test_details_merge_into_one_event(extractor):
    found = events(extractor, "Gunmen killed 12 villagers in Gao on Tuesday. The attackers arrived on "
                              "motorbikes and set fire to several houses.")
    assert len(found) == 1
    assert found[0].fatalities == 12


def test_protest_with_tear_gas(extractor):
    e = one(extractor, "Police fired tear gas on Friday to disperse hundreds of people protesting in "
                       "Niamey against the cost of living.")
    assert (e.event_type, e.sub_event_type) == ("Protests", "Protest with intervention")
    assert e.actor1 == "Protesters (Niger)"
    assert e.actor2 == "Police Forces of Niger"


def test_evidence_offsets_slice_the_text(extractor):
    text = "Jihadists ambushed a convoy near Boulkessi on Sunday, killing nine soldiers."
    doc = make_document(text)
    for event in extractor.extract(doc).events:
        for ev in event.evidence:
            assert text[ev.start:ev.end] == ev.text
        fields = {ev.field for ev in event.evidence}
        assert {"event_type", "fatalities", "event_date", "location"} <= fields


def test_no_publication_date_leaves_relative_dates_unresolved(extractor):
    e = one(extractor, "Gunmen killed seven people in the village of Yirgou on Tuesday.", published=None)
    assert e.date.precision == "unknown" and e.date.start is None
