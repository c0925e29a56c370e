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


# -- who did it: attribution, descriptions of named groups, the sides of a clash ------------

def test_later_attribution_names_the_attackers(extractor):
    e = one(extractor, "Two civilians were killed on Monday when shells fired from outside the city "
                       "landed in a residential district of Timbuktu. Residents blamed JNIM, al Qaeda's "
                       "Sahel affiliate.", published="2023-10-05")
    assert e.actor1.startswith("JNIM")
    assert e.actor2 == "Civilians (Mali)"
    assert any(ev.field == "actor1" and ev.text == "JNIM" for ev in e.evidence)


def test_french_attribution_sentence(extractor):
    e = one(extractor, "Une dizaine de soldats nigériens ont été tués jeudi dans l'attaque de leur position "
                       "à Sanam, dans la région de Tillabéri. L'attaque est attribuée à l'État islamique "
                       "au Grand Sahara.", language="fr", published="2020-05-16")
    assert e.actor1 == "Islamic State (Sahel)"
    assert e.actor2 == "Military Forces of Niger"


def test_two_groups_in_the_attribution_name_nobody(extractor):
    e = one(extractor, "Gunmen killed nine villagers in Yirgou on Tuesday. Officials blamed either JNIM "
                       "or Ansarul Islam.", published="2019-01-03")
    assert e.actor1 == "Unidentified Armed Group (Burkina Faso)"


def test_french_opposer_a_names_the_two_sides_in_order(extractor):
    e = one(extractor, "De violents affrontements ont opposé samedi des chasseurs de Dan Na Ambassagou à des "
                       "jihadistes présumés de la katiba Macina près de Bandiagara, faisant une vingtaine de "
                       "morts.", language="fr", published="2020-07-06")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Armed clash", "Dan Na Ambassagou", "Katiba Macina")
    assert e.fatalities == 20


def test_agent_after_par_when_the_parse_misses_it(extractor):
    e = one(extractor, "Des centaines de personnes, en majorité des militaires, auraient été tuées lors de "
                       "l'attaque menée dimanche par le GSIM contre Djibo.", language="fr",
            published="2022-06-07")
    assert e.actor1.startswith("JNIM")


def test_customs_post_is_police(extractor):
    e = one(extractor, "Gunmen attacked a customs post at Diboli on Saturday night, killing a customs "
                       "officer.", published="2022-07-04")
    assert e.actor2 == "Police Forces of Mali"
    assert e.sub_event_type == "Armed clash"


def test_nigerian_village_named_with_its_state(extractor):
    e = one(extractor, "Bandits stormed Kadawa village in Zamfara's Gusau local government area on Sunday "
                       "night, shooting dead 11 people.", published="2022-02-15")
    assert (e.country, e.place.admin1, e.place.text) == ("Nigeria", "Zamfara", "Kadawa")
    assert e.actor1 == "Unidentified Armed Group (Nigeria)"


def test_takeover_codes_the_side_that_lost_the_ground(extractor):
    found = events(extractor, "Malian troops backed by French forces retook the central town of Konna on "
                              "Friday, the army said. Fighters of Ansar Dine and their allies seized Konna on "
                              "January 10.", published="2013-01-19")
    by_type = {e.sub_event_type: e for e in found}
    regain = by_type["Government regains territory"]
    overtake = by_type["Non-state actor overtakes territory"]
    assert (regain.actor1, regain.actor2) == ("Military Forces of Mali", "Ansar Dine")
    assert (overtake.actor1, overtake.actor2) == ("Ansar Dine", "Military Forces of Mali")


def test_takeover_after_fighting_with_a_named_group(extractor):
    e = one(extractor, "Fighters of the Islamic State in the Sahel took control of Talataye on Tuesday after "
                       "heavy fighting with JNIM militants, local officials said.", published="2022-09-08")
    assert e.actor1 == "Islamic State (Sahel)" and e.actor2.startswith("JNIM")


def test_riot_met_by_police_in_a_run_on_sentence(extractor):
    e = one(extractor, "Les manifestants ont incendié des bus et pillé des magasins jeudi dans le quartier de "
                       "Colobane, à Dakar; la police a riposté par des tirs de gaz lacrymogène.",
            language="fr", published="2023-06-03")
    assert (e.sub_event_type, e.actor1, e.actor2) == (
        "Violent demonstration", "Rioters (Senegal)", "Police Forces of Senegal")


def test_riot_against_gendarmes(extractor):
    e = one(extractor, "Trois manifestants ont été tués samedi à Téra, dans l'ouest du Niger, lors de heurts "
                       "entre la foule, qui lançait des pierres, et les gendarmes nigériens.", language="fr",
            published="2021-11-28")
    assert e.actor1 == "Rioters (Niger)" and e.actor2 == "Police Forces of Niger"
    assert e.fatalities == 3


# -- fatalities -----------------------------------------------------------------------------

def test_two_coordinated_counts_of_soldiers_add_up(extractor):
    e = one(extractor, "Three U.S. Army soldiers and at least four Nigerien soldiers were killed on "
                       "Wednesday when their joint patrol was ambushed near Tongo Tongo.", published="2017-10-06")
    assert e.fatalities == 7


def test_alternative_tolls_of_one_group_do_not_add_up(extractor):
    e = one(extractor, "Twelve soldiers were killed on Sunday in an ambush near Djibo, the army said; local "
                       "sources said 15 soldiers died.", published="2021-06-07")
    assert e.fatalities == 12


def test_suicide_bomber_counted_with_her_victims(extractor):
    e = one(extractor, "Une femme kamikaze s'est fait exploser jeudi au marché de Diffa, tuant quatre "
                       "personnes en plus d'elle-même, selon les autorités, qui attribuent l'attentat à "
                       "Boko Haram.", language="fr", published="2017-02-10")
    assert e.fatalities == 5
    assert e.sub_event_type == "Suicide bomb"
    assert e.actor1.startswith("Boko Haram")


# -- statements that are not new events in real reporting -----------------------------------

def test_hypothetical_attack_is_not_an_event(extractor):
    assert events(extractor, "The campaigner said the battle is not won if school children can still be "
                             "attacked or kidnapped in Zamfara.", published="2021-03-03") == []


def test_death_told_in_a_relative_clause_is_not_an_event(extractor):
    assert events(extractor, "He is raising five children whose parents died at the hands of the "
                             "militants.", published="2020-02-22") == []


def test_back_reference_to_a_strike_does_not_type_an_arrest(extractor):
    e = one(extractor, "Intelligence collected at the scene of the airstrike led on Friday to the arrest "
                       "of five people in Gao.", published="2024-03-09")
    assert e.sub_event_type == "Arrests"


def test_event_that_an_attack_follows_is_its_own_row(extractor):
    found = events(extractor, "Gunmen stormed a hotel in Beledweyne on Tuesday, killing at least five people. "
                              "Al Shabaab claimed responsibility.\n\nThis attack follows an operation by the "
                              "army just hours earlier, which resulted in the deaths of 16 al-Shabab "
                              "militants.", published="2025-03-11")
    assert len(found) == 2
    hotel, operation = sorted(found, key=lambda e: e.sentence.start)
    assert hotel.actor1 == "Al Shabaab" and hotel.fatalities == 5
    assert operation.fatalities == 16 and operation.actor2 == "Al Shabaab"


def test_agreement_told_twice_is_one_row(extractor):
    found = events(extractor, "Tuareg rebel groups of the CMA signed a peace deal with the government this "
                              "month.\n\nThe new fighting in the south comes one week after the Malian "
                              "government and the CMA signed the peace deal in Bamako.", published="2015-07-03")
    agreements = [e for e in found if e.sub_event_type == "Agreement"]
    assert len(agreements) == 1
    assert {agreements[0].actor1, agreements[0].actor2} == {
        "Government of Mali", "CMA: Coordination of Azawad Movements"}


def test_states_agreeing_to_fight_rebels_is_not_a_conflict_agreement(extractor):
    found = events(extractor, "Last week, Cameroon and Chad officials met in N'Djamena and signed an agreement "
                              "to jointly combat armed gangs and rebels along their border.",
                   published="2024-07-05")
    assert not [e for e in found if e.sub_event_type == "Agreement"]


def test_same_day_takes_the_day_last_named(extractor):
    found = events(extractor, "Gunmen killed eight people in Kaya on 3 June 2021. On the same day, a suicide "
                              "bomber killed 15 people near a church in Maiduguri.", published="2021-06-07")
    bomb = next(e for e in found if e.sub_event_type == "Suicide bomb")
    assert (bomb.date.start, bomb.date.precision) == ("2021-06-03", "day")


def test_where_it_happened_told_in_the_next_sentence(extractor):
    e = one(extractor, "Deux militaires ont été tués mercredi lors d'une embuscade tendue par des hommes armés.\n"
                       "L'attaque s'est produite près de Boni, dans le cercle de Douentza.", language="fr",
            published="2021-06-10")
    assert e.place is not None and e.place.text in ("Boni", "près de Boni") and e.country == "Mali"
    assert any(ev.field == "location" and "Boni" in ev.text for ev in e.evidence)


def test_count_of_a_long_subject_is_read_from_the_parse(extractor):
    e = one(extractor, "Deux militaires maliens qui intervenaient dans le cadre d'une opération de sécurisation "
                       "des foires hebdomadaires du cercle ont été tués mercredi près de Boni.", language="fr",
            published="2021-06-10")
    assert e.fatalities == 2


def test_a_named_person_killed_counts_one(extractor):
    e = one(extractor, "Adnan Abu Walid al-Sahrawi was killed on Tuesday in a French drone strike near "
                       "Indelimane.", published="2021-09-16")
    assert e.sub_event_type == "Air/drone strike" and e.fatalities == 1


def test_officials_who_said_they_arrested_are_not_the_arrested(extractor):
    e = one(extractor, "The officials also said they arrested seven JNIM members in a follow-up operation "
                       "in Gao on Sunday.", published="2024-03-11")
    assert e.sub_event_type == "Arrests"
    assert e.actor1 == "Police Forces of Mali" and e.actor2.startswith("JNIM")


def test_deaths_on_the_ground_after_a_plane_crash_are_not_political_violence(extractor):
    found = events(extractor, "Un avion de ligne s'est écrasé dimanche sur un quartier de Lagos. Il transportait "
                              "153 passagers. Aucun n'a survécu. Au moins une quarantaine de personnes au sol "
                              "ont également été tuées.", language="fr", published="2012-06-05")
    assert found == []


def test_words_of_violence_that_are_not_acts(extractor):
    texts = [
        "The president also attacked the country's leading newspaper on Monday for refusing to support his plans.",
        "A court on Wednesday revoked the house arrest of the publisher and ordered him back to prison.",
        "Prosecutors on Tuesday issued an arrest warrant for the opposition leader.",
        "Three Uyghurs remain in Thailand, in the custody of the immigration bureau.",
        "Millions of dogs are killed for their meat every year in the region.",
        "The base monitors Iranian rocket technology, officials said on Monday.",
        "Mike Lynch, a broker in Ho Chi Minh City, said costs were lower on Monday.",
        "Bosnia needs this situation defused immediately, the envoy said on Friday.",
        "That agreement ended a war that lasted more than three years and killed 100,000 people.",
    ]
    for text in texts:
        assert events(extractor, text, published="2025-03-12") == [], text


def test_back_reference_sentences_add_no_event(extractor):
    found = events(extractor, "Gunmen attacked a bus near Kalat on Tuesday, killing 12 passengers.\n\n"
                              "Security sources said those involved in Tuesday's attack came from across the "
                              "border.\n\nSignals were down, a railway official told reporters soon after the "
                              "attack.", published="2025-03-12")
    assert len(found) == 1 and found[0].fatalities == 12


def test_days_later_is_another_event(extractor):
    found = events(extractor, "Earlier this month, a suicide bomber killed a soldier near a military camp in "
                              "Kalat.\n\nJust days later, a roadside bomb killed 11 coal miners in the city.",
                   published="2025-03-12")
    assert len(found) == 2
    assert {e.sub_event_type for e in found} == {"Suicide bomb", "Remote explosive/landmine/IED"}


def test_custody_since_a_day_is_an_arrest_on_that_day(extractor):
    e = one(extractor, "The journalist has been in custody in Bamako since Feb. 24 over accusations of "
                       "incitement.", published="2025-03-12")
    assert e.sub_event_type == "Arrests" and (e.date.start, e.date.precision) == ("2025-02-24", "day")


def test_an_act_named_as_a_topic_is_not_a_new_event(extractor):
    found = events(extractor, "Police in Harare arrested the journalist Blessed Mhlanga on Monday.\n\n"
                              "Mhlanga's arrest drew international condemnation.\n\n"
                              "A High Court judge on Wednesday adjourned the case of the journalist arrested over "
                              "his interviews.", published="2025-03-12")
    assert len(found) == 1 and found[0].sub_event_type == "Arrests"


def test_country_outside_the_taxonomy_is_named_in_full(extractor):
    e = one(extractor, "Police in Harare arrested two opposition activists on Monday, their lawyer said.",
            published="2025-03-12")
    assert e.country == "Zimbabwe" and e.actor1 == "Police Forces of Zimbabwe"


def test_rebels_attacking_towns_fight_the_state(extractor):
    e = one(extractor, "Ansar Dine attacked towns on Mali's borders with Mauritania this past week.",
            published="2015-07-03")
    assert (e.event_type, e.actor1, e.actor2) == ("Battles", "Ansar Dine", "Military Forces of Mali")


def test_rebels_killing_residents_of_a_town_is_violence_against_civilians(extractor):
    e = one(extractor, "Boko Haram fighters attacked the town of Dikwa on Monday, killing 12 residents.",
            published="2021-06-07")
    assert e.event_type == "Violence against civilians" and e.actor2 == "Civilians (Nigeria)"


def test_tolls_superseded_missing_people_and_the_bomber(extractor):
    e = one(extractor, "Au moins 31 civils ont été tués jeudi dans le village d'Ogossagou, a indiqué le "
                       "gouverneur de Mopti, qui avait d'abord fait état de 20 morts.", language="fr",
            published="2020-02-16")
    assert e.fatalities == 31
    e = one(extractor, "Eleven soldiers were killed and 50 civilians are missing after jihadists attacked a "
                       "convoy near Djibo on Monday.", published="2022-09-28")
    assert e.fatalities == 11
    e = one(extractor, "A woman blew herself up at a wedding in Gwoza on Saturday, killing herself and at least "
                       "12 guests.", published="2024-06-30")
    assert e.fatalities == 13 and e.sub_event_type == "Suicide bomb"


def test_revised_toll_announced_another_day_updates_the_event(extractor):
    e = one(extractor, "Au moins 19 gendarmes ont été tués dimanche lors d'une attaque contre le détachement "
                       "d'Inata, selon un bilan provisoire. Mardi, le gouvernement a annoncé que le bilan de "
                       "l'attaque d'Inata s'était alourdi à 32 morts.", language="fr", published="2021-11-16")
    assert e.fatalities == 32 and e.date.start == "2021-11-14"


def test_the_day_a_statement_was_made_is_not_the_day_of_the_act(extractor):
    e = one(extractor, "The UN human rights office said on Friday that Malian troops killed at least 500 people "
                       "in the village of Moura, in the Mopti region, between 27 and 31 March 2022.",
            published="2023-05-12")
    assert (e.date.start, e.date.end) == ("2022-03-27", "2022-03-31")
    assert e.sub_event_type == "Attack" and e.actor1 == "Military Forces of Mali"
    assert e.country == "Mali" and e.place.admin1 == "Mopti"


def test_supporters_clashing_with_police_riot(extractor):
    e = one(extractor, "At least nine people were killed on Thursday as supporters of opposition leader Ousmane "
                       "Sonko clashed with police in Dakar.", published="2023-06-03")
    assert e.event_type == "Riots" and e.fatalities == 9 and e.actor2 == "Police Forces of Senegal"


def test_scare_quotes_do_not_hide_a_death(extractor):
    found = events(extractor, "Au moins 89 soldats ont été tués jeudi lors de l'attaque du camp de Chinagodrar. "
                              "Selon l'armée, 77 assaillants ont également été « neutralisés » lors des combats.",
                   language="fr", published="2020-01-13")
    assert len(found) == 1 and found[0].fatalities == 166


def test_dateline_country_decides_between_homonyms(extractor):
    e = one(extractor, "COTONOU - Twenty-eight soldiers were killed on Wednesday when jihadists attacked a "
                       "Beninese army position in the commune of Karimama, near the borders of Niger and "
                       "Burkina Faso.", published="2025-01-10")
    assert e.country == "Benin" and e.actor2 == "Military Forces of Benin"


def test_court_and_procurement_news_are_not_events(extractor):
    texts = ["Sonko, who was acquitted of rape on Thursday, was convicted of corrupting youth.",
             "The ministry also announced on Monday that two more combat drones had been delivered to the air "
             "force."]
    for text in texts:
        assert events(extractor, text, published="2023-06-02") == [], text


def test_an_act_an_event_came_days_after_is_background(extractor):
    found = events(extractor, "Thousands marched in Niamey on Sunday in support of the junta. The demonstration "
                              "came days after members of the presidential guard detained President Bazoum.",
                   published="2023-07-31", kinds=("event", "background"))
    detention = [e for e in found if e.sub_event_type == "Arrests"]
    assert detention and all(e.kind == "background" for e in detention)


def test_police_post_and_mob_victim(extractor):
    e = one(extractor, "Un homme a lancé dimanche soir une grenade contre un poste de police à l'entrée de Sévaré, "
                       "blessant deux agents.", language="fr", published="2017-09-05")
    assert (e.sub_event_type, e.actor2) == ("Grenade", "Police Forces of Mali")
    e = one(extractor, "Un homme accusé d'avoir volé une moto a été battu à mort dimanche par une foule en colère "
                       "au marché de Nzérékoré, a indiqué la police.", language="fr", published="2021-10-12")
    assert (e.sub_event_type, e.actor2) == ("Mob violence", "Civilians (Guinea)")


def test_a_toll_told_later_without_date_or_place_completes_the_event(extractor):
    found = events(extractor, "Militants attacked a gendarmerie school in Bamako early on Tuesday. JNIM claimed the "
                              "attack. Security sources said more than 70 people had been killed.",
                   published="2024-09-18")
    assert len(found) == 1
    assert found[0].fatalities == 70 and found[0].actor1.startswith("JNIM")


def test_a_round_up_during_a_raid_is_how_the_raid_went(extractor):
    found = events(extractor, "Suspected Boko Haram fighters killed 12 farmers outside Dalwa in Borno State on "
                              "Saturday. The gunmen rounded up the farmers in the early afternoon and shot them.",
                   published="2020-11-30")
    assert len(found) == 1 and found[0].sub_event_type == "Attack" and found[0].fatalities == 12
