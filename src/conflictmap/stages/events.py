"""The events stage: statements of political violence -> coded events.

For each sentence of the body:

1. find triggers (triggers.py) and pick the dominant one;
2. decide what kind of statement it is: a single event, an aggregate (a total over
   many events), background (history well before the report), a campaign (a series
   over weeks or months), or not an event at all (a threat, a denial, a disaster, a
   force size, a generality);
3. find the roles (roles.py): actor1 (initiator), actor2 (target), associated actors;
   descriptive actors ("gunmen", "villagers") take the country of the event;
4. type the event by the trigger and the participants (ACLED codebook);
5. read fatalities (numbers.py), the date (dates.py) and the place (places stage);
6. record evidence for every field and a confidence.

Then sentences that report the same event (a lead and its details) are merged
(event_merge.py), and article-level statements complete the events: who a later sentence
blames, where a later sentence says it happened. Side rules beyond the parse ("opposé A à
B", the side that lost ground, counts read from the parse) are in event_sides.py.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, Protocol

from ..models import Document, Event, EventDate, Evidence, Mention, Place, Span
from ..taxonomy import COUNTRY_CODES, COUNTRY_NAMES
from . import numbers, stage_of
from .dates import STAGE as DATES_STAGE
from .dates import DateMention
from .event_merge import Candidate, merge, retold, sum_groups
from .event_sides import AGENT_BY, loser, named_groups, opposed_sides, parsed_deaths, specific
from .roles import Roles, find_roles
from .statements import (
    ACCUSES,
    AIR_NATION,
    ASIDE_DEATHS,
    ATTRIBUTION,
    BACKED,
    CIVILIAN_NEXT,
    CIVILIAN_TARGETS,
    CLAIM,
    COMPARATIVE,
    CONTINUATION,
    DAYS_BEFORE,
    DEFENSIVE,
    FOLLOWS,
    GATHERING,
    INTENT_VERBS,
    INTERVENTION,
    INTRANSITIVE_DEATH,
    MEANS,
    MILITARY_TARGETS,
    NATION_COUNTRY,
    NOT_PV,
    OCCURRED,
    OFFICIALS,
    PEOPLE,
    POLICE_TARGETS,
    PROTEST_DEATHS,
    REPORTED_PRONOUN,
    REVISION,
    SAME_DAY,
    SCHOOL_NAME,
    SECURITY_GENERIC,
    SPOKEN_ON,
    TOWNS,
    Sentence,
    dominant,
    in_relative_clause,
    quoted,
    refers_back,
    root_lemma,
    split_sentences,
    statement_kind,
    told_before,
    trigger_form,
)
from .triggers import FIXED_TYPES, TriggerHit, find_triggers

STAGE = "events.rules.v1"
log = logging.getLogger(__name__)


class ActorResolver(Protocol):
    def specialise(self, generic: str, country: str | None) -> str: ...
    def get(self, name_or_alias: str) -> Any: ...


class PlaceLocator(Protocol):
    def event_place(self, text: str, places: Sequence[Place], start: int, end: int) -> Place | None: ...


# -- statement kinds ---------------------------------------------------------------------
def _anchored(place: Place | None, places: Sequence[Place]) -> Place | None:
    """A relative location ("30 km north of Djibo") is coded to its anchor town, as ACLED does;
    the offset point and the phrase stay on the place."""
    if place is None or place.source != "relative":
        return place
    anchors = [p for p in places if p.source != "relative" and p.name and place.start <= p.start
               and p.end <= place.end and p.latitude is not None]
    if not anchors:
        return place
    label = place.name
    return replace(place, name=anchors[0].name, reason=f"{label}; {place.reason}" if place.reason else label)


def _event_id(article_id: str, sent: Sentence, cls: str) -> str:
    return hashlib.sha1(f"{article_id}|{sent.start}|{sent.end}|{cls}".encode()).hexdigest()[:16]


_SAHEL = {"Mali", "Burkina Faso", "Niger"}
_LAKE_CHAD = {"Nigeria", "Chad", "Cameroon"}
_COASTAL = {"Benin", "Togo", "Ghana", "Ivory Coast"}


def _event_before(candidates: list[Candidate], pos: int, same_sentence: int | None = None) -> Candidate | None:
    """The last event told before `pos`: in an earlier sentence, or in the sentence starting
    at `same_sentence` when its trigger comes before `pos`."""
    return next((c for c in reversed(candidates) if c.kind == "event" and (
        c.sentence.start < (same_sentence if same_sentence is not None else pos)
        or (c.sentence.start == same_sentence and c.trigger.end < pos))), None)


def _regionalise(name: str, country: str | None) -> str:
    """The central organisation named in a regional event is its regional branch."""
    if name == "Islamic State":
        if country in _SAHEL:
            return "Islamic State (Sahel)"
        if country in _LAKE_CHAD:
            return "Islamic State (West Africa)"
    if name == "Al Qaeda" and country in _SAHEL | _COASTAL:
        return "JNIM: Group for Support of Islam and Muslims"
    return name


class EventExtractor:
    """Codes the events of one parsed document."""

    def __init__(self, actors: ActorResolver, places: PlaceLocator) -> None:
        self.actors = actors
        self.places = places
        # evidence names the versioned stage that read each field
        self.actor_stage = stage_of(actors, "actors")
        self.place_stage = stage_of(places, "places")

    # -- public ------------------------------------------------------------------------
    def extract(self, doc: Document, parsed: Any, mentions: Sequence[Mention],
                places: Sequence[Place], dates: list[DateMention]) -> list[Event]:
        text = doc.text
        language = doc.language or "en"
        sentences = split_sentences(parsed, text)
        actor_mentions = sorted((m for m in mentions if m.label == "ACTOR"), key=lambda m: m.start)
        article_country = self._article_country(places, actor_mentions)
        lead_date = self._lead_date(dates, sentences)
        candidates: list[Candidate] = []
        for index, sent in enumerate(sentences):
            hits = find_triggers(text[sent.start:sent.end], language, sent.start)
            hits = told_before(text, [h for h in hits if not quoted(text, h.start, h.end, sent)])
            follows = FOLLOWS.search(text, sent.start, sent.end)
            if follows:
                # "This attack follows an operation ... which killed 16 militants": the other event
                hits = [h for h in hits if h.start >= follows.end()]
            if not hits:
                continue
            trigger = dominant(hits, parsed)
            sentence_text = text[sent.start:sent.end]
            claim = CLAIM.search(sentence_text)
            if claim and trigger.noun and claim.start() < trigger.start - sent.start:
                own_place = any(sent.start <= p.start < sent.end and (p.where_prec or 7) <= 3 for p in places)
                if not own_place:
                    # "X claimed the attack": the attack reported before (its perpetrator is
                    # read by _attribute_article), or one the text does not report
                    continue
            if root_lemma(parsed, sent) in INTENT_VERBS:
                log.debug("dropped %r: a warning or threat", sentence_text[:80])
                continue
            before = sentences[index - 1:index]
            if re.search(r"\b(également|aussi|also|as well|too|in addition|en outre)\b", sentence_text, re.I):
                # "Au moins une quarantaine de personnes au sol ont également été tuées": more deaths of it
                before = [x for x in sentences[max(0, index - 5):index] if x.paragraph == sent.paragraph]
            if index and trigger.cls == "KILL" and any(NOT_PV.search(text[x.start:x.end]) for x in before) \
                    and not any(m.data.get("role_hint") == "armed_group" for m in actor_mentions
                                if sent.start <= m.start < sent.end):
                log.debug("dropped %r: deaths of the disaster just reported", sentence_text[:80])
                continue
            kind, notes = statement_kind(text, sent, trigger, dates, doc.published)
            if kind == "drop":
                log.debug("dropped %r: %s", sentence_text[:80], notes)
                continue
            cand = self._code(doc, parsed, sent, index, sentences, trigger, hits, kind, actor_mentions,
                              places, dates, article_country, lead_date, language)
            if cand is None:
                log.debug("no event in %r (trigger %s)", sentence_text[:80], trigger.cls)
                continue
            if not cand.event.fatalities and refers_back(parsed, cand.trigger, hits):
                log.debug("dropped %r: names an act already told", sentence_text[:80])
                continue
            cand.notes += notes
            cand.event.notes = cand.notes
            cand.distinct = follows is not None
            if follows is not None and cand.own_date is None and cand.kind == "event" \
                    and DAYS_BEFORE.search(follows.group(0)) and not any(retold(cand, c) for c in candidates):
                # "The demonstration came days after the guard detained the president": an
                # earlier act told as a reference point, with no date of its own
                cand.kind = cand.event.kind = "background"
            independent = cand.own_date is not None and cand.own_place is not None
            cand.merge_only = bool(cand.detail or (COMPARATIVE.search(sentence_text) and not independent)
                                   or (CONTINUATION.match(sentence_text) and not follows) or ASIDE_DEATHS.match(sentence_text)
                                   or (ACCUSES.search(sentence_text) and cand.own_date is None and cand.own_place is None)
                                   or (cand.trigger.cls == "PROTEST" and INTERVENTION.search(sentence_text)
                                       and cand.own_date is None and cand.own_place is None
                                       and any(c.trigger.cls in ("RIOT", "PROTEST") for c in candidates[-1:]))
                                   or (REVISION.search(sentence_text) and re.search(r"\b(toll|bilan)\b", sentence_text, re.I))
                                   or (cand.trigger.cls == "LOOT" and cand.own_date is None and cand.own_place is None
                                       and any(c.trigger.cls in ("ATTACK", "KILL", "CLASH") for c in candidates[-2:])))
            candidates.append(cand)
        merged = merge(candidates, text)
        self._attribute_article(merged, text, sentences, actor_mentions)
        self._place_statements(merged, text, sentences, places)
        return [c.event for c in merged]

    def _place_statements(self, candidates: list[Candidate], text: str, sentences: list[Sentence],
                          places: Sequence[Place]) -> None:
        """'L'incident s'est produit dans la région de Dorlin', 'The attack took place near X':
        where the event reported just before happened, when it had no place of its own."""
        for sent in sentences:
            if not OCCURRED.match(text, sent.start, sent.end):
                continue
            target = _event_before(candidates, sent.start)
            if target is None or (target.own_place is not None and (target.own_place.where_prec or 7) <= 3):
                continue
            place = self.places.event_place(text, places, sent.start, sent.end)
            if place is None or not (sent.start <= place.start < sent.end) or (place.where_prec or 7) > 4:
                continue
            event = target.event
            event.place = place
            event.country = self._country_name(place.country) if place.country else event.country
            event.evidence = [e for e in event.evidence if e.field != "location"]
            event.evidence.append(Evidence("location", place.start, place.end, place.text, self.place_stage))
            target.notes.append("location from a later sentence saying where it happened")

    def _attribute_article(self, candidates: list[Candidate], text: str, sentences: list[Sentence],
                           mentions: list[Mention]) -> None:
        """'Officials blamed Boko Haram', 'L'attaque est attribuée à l'EIGS', 'JNIM said it had
        targeted militias': a later sentence names the unidentified attackers of the event
        reported before it. One armed group named, never two."""
        for sent in sentences:
            said = ATTRIBUTION.search(text[sent.start:sent.end])
            if not said:
                continue
            named = named_groups(text, [m for m in mentions if sent.start <= m.start and m.end <= sent.end])
            if len({m.key for m in named}) != 1:
                continue
            # the event told before the attribution, in an earlier sentence or earlier in this one
            target = _event_before(candidates, sent.start + said.start(), same_sentence=sent.start)
            if target is None:
                continue
            event = target.event
            if event.actor1 is not None and not event.actor1.startswith("Unidentified Armed Group"):
                continue
            name, inter = self._name(named[0], event.country)
            if name == event.actor2:
                continue
            event.actor1, event.inter1 = name, inter
            event.evidence.append(Evidence("actor1", named[0].start, named[0].end, named[0].text,
                                           self.actor_stage))
            target.notes.append(f"actor1 from the attribution {said.group(0)!r}")

    # -- context -----------------------------------------------------------------------
    def _article_country(self, places: Sequence[Place], mentions: Sequence[Mention]) -> str | None:
        counts: Counter[str] = Counter()
        for p in places:
            if p.country and p.latitude is not None:
                counts[p.country] += 2 if (p.where_prec or 6) < 6 else 1
        for m in mentions:
            code = COUNTRY_CODES.get(m.data.get("country") or "")
            if code and not m.data.get("generic"):
                counts[code] += 1
        if not counts:
            return None
        return self._country_name(counts.most_common(1)[0][0])

    @staticmethod
    def _lead_date(dates: list[DateMention], sentences: list[Sentence]) -> DateMention | None:
        if not sentences:
            return None
        lead_end = sentences[min(2, len(sentences) - 1)].end
        for d in dates:
            if d.start < lead_end and d.date.precision == "day" and d.cue != "since":
                return d
        return None

    # -- one sentence ------------------------------------------------------------------
    def _code(self, doc: Document, parsed: Any, sent: Sentence, index: int, sentences: list[Sentence],
              trigger: TriggerHit, hits: list[TriggerHit], kind: str, mentions: list[Mention],
              places: Sequence[Place], dates: list[DateMention], article_country: str | None,
              lead_date: DateMention | None, language: str) -> Candidate | None:
        text = doc.text
        in_sent = [m for m in mentions if sent.start <= m.start and m.end <= sent.end]
        roles = find_roles(parsed, trigger.start, trigger.end, in_sent, trigger.noun)
        # other triggers of the sentence may carry the roles ("were killed in an attack by X")
        for other in hits:
            if other is trigger:
                continue
            extra = find_roles(parsed, other.start, other.end, in_sent, other.noun)
            if not roles.agents and extra.agents:
                roles.agents = extra.agents
            if not roles.patients and extra.patients:
                roles.patients = extra.patients
        if trigger.cls not in MEANS:
            self._positional_fallback(roles, in_sent, trigger)
        else:
            # "a vehicle of the national guard hit a mine": people named before a bomb are its victims
            for i in list(roles.agents):
                if in_sent[i].data.get("role_hint") in ("military", "police", "civilian", "international") \
                        and not re.search(r"\b(planted|laid|posé|placé|detonated|fired|launched|tiré)\b", text[sent.start:sent.end], re.I):
                    roles.agents.remove(i)
                    roles.patients.insert(0, i)

        place = _anchored(self.places.event_place(text, places, sent.start, sent.end), places)
        own_place = place if place and sent.start <= place.start < sent.end and (place.where_prec or 7) <= 4 else None
        country = self._country_of(place, in_sent, article_country)

        backers = [m for m in in_sent if BACKED.search(text[max(0, m.start - 40):m.start])]
        agents = [in_sent[i] for i in roles.agents if in_sent[i] not in backers]
        patients = [in_sent[i] for i in roles.patients if in_sent[i] not in backers]
        partners = [in_sent[i] for i in roles.partners if in_sent[i] not in backers]
        agents, patients, partners = ([specific(m, in_sent, text) for m in group]
                                      for group in (agents, patients, partners))
        if not agents:
            # "lors de l'attaque menée dimanche par le GSIM", "tués par des hommes armés"
            by = [m for m in in_sent if AGENT_BY.search(text[max(0, m.start - 14):m.start])
                  and m.data.get("role_hint") != "civilian" and m not in backers]
            if by:
                agents = [specific(by[0], in_sent, text)]
                patients = [m for m in patients if m is not by[0]]
        if trigger.cls == "CLASH":
            sides = opposed_sides(text, sent, in_sent)
            if sides is not None:
                agents = [sides[0]]
                patients = [sides[1]] + [m for m in patients if m not in sides]
        referent = self._referent(text, sent, mentions, roles, agents, patients)
        if referent is not None:
            agents = [referent] + [m for m in agents if m is not referent and not m.data.get("generic")]
        patients = [m for m in patients if not SCHOOL_NAME.match(text, m.start)]
        if trigger.cls == "CLASH" and not agents:
            # "fighting between X and Y", "des affrontements ont opposé X à Y": first named side first
            if patients and partners:
                agents, patients = patients[:1], partners[:1] + patients[1:]
            elif len(patients) >= 2:
                first = patients[0]
                rest = [m for m in patients[1:] if abs(m.start - first.start) > 25 and m.key != first.key]
                if rest:
                    agents, patients = [first], rest
        if country and len(patients) > 1:
            # the host country's forces before foreign partners
            patients.sort(key=lambda m: (m.data.get("country") not in (country, None), 0))
        cls = trigger.cls
        fatal = self._fatalities(text, sent, language, cls) or parsed_deaths(parsed, text, sent, language)
        victims = None
        if fatal is not None and fatal[4]:
            victims = max(fatal[4], key=lambda g: fatal[4][g].best)
        event_type, sub_type, actor1, actor2, civ = self._type(cls, agents, patients, partners, text, sent, country,
                                                                trigger.text, victims)
        if event_type is None:
            return None
        if sub_type == "Violent demonstration" and actor2 is None:
            # "heurts entre la foule ... et les gendarmes": the force the parse left out
            actor2 = next((m for m in in_sent if m.data.get("role_hint") in ("police", "military")), None)
        if cls in ("OVERTAKE", "REGAIN") and (actor2 in (None, "Civilians") or (
                isinstance(actor2, Mention) and actor2.data.get("role_hint") == "civilian")):
            actor2 = loser(cls, text, sent, in_sent, mentions, actor1)

        own_date = self._own_date(dates, sent, trigger, text)
        event_date, date_ev = self._date(own_date, dates, sent, sentences, index, lead_date, doc.published,
                                         bool(SAME_DAY.search(text, sent.start, sent.end)))

        form = trigger_form(parsed, trigger)
        if cls == "ARREST" and re.search(r"\b(?:since|depuis)$", trigger.text) and own_date is not None \
                and own_date.date.precision == "day":
            form = "past"   # "in custody since Feb. 24": arrested on that day
        named = any(not m.data.get("generic") for m in agents + patients + partners)
        inherited = own_date is None and date_ev is not None and date_ev.date.precision in ("day", "week") \
            and form in ("past", "noun_sg")
        anchors = sum((own_date is not None and own_date.date.precision in ("day", "week", "month") or inherited,
                       own_place is not None and (own_place.where_prec or 7) <= 4,
                       bool(fatal and fatal[0] > 0), named))
        sentence_text = text[sent.start:sent.end]
        restates = bool(CONTINUATION.match(sentence_text) or (
            COMPARATIVE.search(sentence_text) and not (own_date is not None and own_place is not None)))
        if kind == "event" and form == "pluperfect":
            if own_date is not None and doc.published and own_date.date.end and (
                    own_date.date.precision == "year"
                    or date.fromisoformat(own_date.date.end) < date.fromisoformat(doc.published) - timedelta(days=365)
                    or anchors < 2):
                kind = "background"
        if kind == "event" and own_date is None and own_place is None and in_relative_clause(parsed, trigger):
            return None
        detail = False
        if kind == "event" and not restates:
            if form == "infinitive":
                return None
            if form == "progressive":
                kind = "campaign"
            elif form == "noun_pl" and anchors < 2:
                return None
            elif form in ("present", "other", "gerund", "pluperfect") and anchors < 2 and kind == "event":
                if not (cls == "KILL" and fatal and fatal[0] > 0 and own_date is None and own_place is None):
                    return None
                detail = True   # "more than 70 people had been killed": the toll of the event told before
            elif anchors < 1:
                return None
        evidence = [Evidence("event_type", trigger.start, trigger.end, trigger.text, STAGE),
                    Evidence("statement", sent.start, sent.end, text[sent.start:sent.end], STAGE)]
        inter1 = inter2 = None
        assoc1: list[str] = []
        assoc2: list[str] = []
        name1 = name2 = None
        if actor1 is not None:
            name1, inter1 = self._name(actor1, country)
            if isinstance(actor1, Mention):
                evidence.append(Evidence("actor1", actor1.start, actor1.end, actor1.text, self.actor_stage))
        if actor2 is not None:
            name2, inter2 = self._name(actor2, country)
            if name2 == name1:
                name2, inter2, actor2 = None, None, None    # one side named twice is not two sides
            if isinstance(actor2, Mention):
                evidence.append(Evidence("actor2", actor2.start, actor2.end, actor2.text, self.actor_stage))
        for m in backers:
            n, _ = self._name(m, country)
            near1 = isinstance(actor1, Mention) and abs(m.start - actor1.end) < 60
            target = assoc1 if near1 or not isinstance(actor2, Mention) else assoc2
            if n not in (name1, name2) and n not in target:
                target.append(n)
        for m in agents[1:]:
            n, _ = self._name(m, country)
            if n not in (name1, name2) and n not in assoc1:
                assoc1.append(n)
        for m in patients[1:]:
            n, _ = self._name(m, country)
            if n not in (name1, name2) and n not in assoc2:
                assoc2.append(n)
        deaths: dict[str, numbers.Count] = {}
        if fatal is not None:
            best, low, high, spans, deaths = fatal
            for c in spans:
                evidence.append(Evidence("fatalities", c.start, c.end, c.text, numbers.STAGE))
        else:
            best, low, high = 0, None, None
        if date_ev is not None:
            evidence.append(Evidence("event_date", date_ev.start, date_ev.end, text[date_ev.start:date_ev.end], DATES_STAGE))
        if place is not None:
            evidence.append(Evidence("location", place.start, place.end, place.text, self.place_stage))
        confidence = trigger.weight * (0.55 + 0.1 * bool(actor1 is not None and isinstance(actor1, Mention))
                                       + 0.1 * bool(own_date) + 0.1 * bool(own_place)
                                       + 0.1 * bool(roles.from_parse and (roles.agents or roles.patients))
                                       + 0.05 * bool(fatal))
        event = Event(
            article_id=doc.id, event_id=_event_id(doc.id, sent, cls), kind=kind, date=event_date,
            event_type=event_type, sub_event_type=sub_type, actor1=name1, assoc_actor_1=assoc1,
            inter1=inter1, actor2=name2, assoc_actor_2=assoc2, inter2=inter2,
            civilian_targeting=civ, country=country or (self._country_name(place.country) if place and place.country else None),
            place=place, fatalities=best, fatalities_low=low, fatalities_high=high,
            evidence=evidence, confidence=min(confidence, 0.99), language=language, stage=STAGE,
            sentence=Span(sent.start, sent.end, text[sent.start:sent.end]),
        )
        named_place = next((p for p in places if sent.start <= p.start < sent.end and (p.where_prec or 4) <= 4), None)
        return Candidate(sent, trigger, hits, kind, own_date, own_place, event, deaths=deaths, detail=detail,
                         place_text=(named_place.name or named_place.text) if named_place else None)

    def _referent(self, text: str, sent: Sentence, mentions: list[Mention], roles: Roles,
                  agents: list[Mention], patients: Sequence[Mention] = ()) -> Mention | None:
        """'the attackers', 'les assaillants', 'they', 'le groupe': the armed group named before."""
        definite = agents and agents[0].data.get("generic") and agents[0].data.get("role_hint") == "armed_group" \
            and re.match(r"(the|these|those|les|ces|le|la|l')\b", text[max(0, agents[0].start - 6):agents[0].start].strip().split(" ")[-1] if agents[0].start else "", re.I)
        group_word = re.search(r"\b(the group|le groupe|the militants|the jihadists|les jihadistes|les djihadistes|"
                               r"the attackers|les assaillants|ils|they)\b", text[sent.start:sent.end], re.I)
        if not (definite or roles.pronoun_subject or (not agents and group_word)):
            return None
        earlier = [m for m in mentions if m.end <= sent.start and sent.start - m.end < 1500
                   and not m.data.get("generic") and m.data.get("role_hint") in ("armed_group", None)
                   and m.data.get("inter") in (2, 3, 4)]
        if roles.pronoun_subject:
            # "The MSA said they killed...": the actor of the same sentence before the pronoun
            here = [m for m in mentions if sent.start <= m.start < sent.end and not m.data.get("generic")
                    and m.data.get("role_hint") not in ("civilian",)
                    and not any(m is p for p in patients)]
            if here:
                return here[0]
            if REPORTED_PRONOUN.search(text, sent.start, sent.end):
                return None     # "The officials said they arrested ...": the speakers, not an actor
            earlier = [m for m in mentions if m.end <= sent.start and sent.start - m.end < 600
                       and not m.data.get("generic") and m.data.get("role_hint") not in ("civilian",)]
        names = {m.key for m in earlier}
        if len(names) == 1 or (earlier and roles.pronoun_subject):
            return earlier[-1]
        return None

    @staticmethod
    def _positional_fallback(roles: Roles, in_sent: list[Mention], trigger: TriggerHit) -> None:
        if roles.agents or roles.patients:
            return
        before = [i for i, m in enumerate(in_sent) if m.end <= trigger.start]
        if roles.passive:
            # "they were attacked": what comes before a passive trigger is its target
            roles.patients = before[-1:]
            return
        after = [i for i, m in enumerate(in_sent) if m.start >= trigger.end]
        roles.agents = [i for i in before if in_sent[i].data.get("role_hint") != "civilian"][-1:]
        roles.patients = [i for i in after if i not in roles.agents][:2]
        if not roles.agents:
            roles.patients = [i for i in before if in_sent[i].data.get("role_hint") == "civilian"][-1:] + roles.patients

    def _country_name(self, iso2: str | None) -> str | None:
        if not iso2:
            return None
        if iso2 in COUNTRY_NAMES:
            return COUNTRY_NAMES[iso2]
        lookup = getattr(getattr(self.places, "gazetteer", None), "country_name", None)
        return (lookup(iso2) if lookup else None) or iso2

    def _country_of(self, place: Place | None, in_sent: list[Mention], article_country: str | None) -> str | None:
        if place is not None and place.country:
            return self._country_name(place.country)
        for m in in_sent:
            c = m.data.get("country")
            if c and m.data.get("role_hint") in ("military", "police", "government") and not m.data.get("generic"):
                return c
        return article_country

    def _name(self, actor: Mention | str, country: str | None) -> tuple[str, int | None]:
        if isinstance(actor, str):
            name = self.actors.specialise(actor, country)
        elif actor.data.get("generic"):
            name = self.actors.specialise(actor.key or actor.text, country)
        else:
            name = actor.key or actor.text
        name = _regionalise(name, country)
        if country and name.startswith("Civilians (") and name != f"Civilians ({country})":
            name = f"Civilians ({country})"     # civilians are coded to the country of the event
        entry = self.actors.get(name)
        inter = getattr(entry, "inter", None)
        if inter is None and isinstance(actor, Mention):
            inter = actor.data.get("inter")
        return name, inter

    # -- typing ---------------------------------------------------------------------------
    def _type(self, cls: str, agents: list[Mention], patients: list[Mention], partners: list[Mention],
              text: str, sent: Sentence, country: str | None, trigger_text: str = "",
              victims: str | None = None) -> tuple[str | None, str | None, Mention | str | None, Mention | str | None, bool]:
        s = text[sent.start:sent.end]
        a1: Mention | str | None = agents[0] if agents else None
        a2: Mention | str | None = patients[0] if patients else None
        hint2 = a2.data.get("role_hint") if isinstance(a2, Mention) else None
        hint1 = a1.data.get("role_hint") if isinstance(a1, Mention) else None
        if hint1 == "civilian" and cls in ("ATTACK", "KILL", "CLASH", "ABDUCT", "IED", "AIR", "SHELL", "SUICIDE"):
            a1, a2, hint1, hint2 = None, a1, None, "civilian"
        everyone = agents + patients + partners
        crowd = [m for m in everyone if m.data.get("role_hint") in ("protester", "rioter")]
        if cls == "CLASH" and crowd:
            state = next((m for m in everyone if m.data.get("role_hint") in ("police", "military")), None)
            return "Riots", "Violent demonstration", "Rioters", state or "Police Forces", False
        if cls in ("KILL", "ATTACK") and any(m.data.get("role_hint") == "protester" for m in patients):
            state = next((m for m in agents if m.data.get("role_hint") in ("police", "military")), None)
            if state is not None and SECURITY_GENERIC.search(state.text):
                state = None
            return "Protests", "Excessive force against protesters", "Protesters", state or "Police Forces", False
        if cls == "PROTEST":
            protesters = next((m for m in everyone if m.data.get("role_hint") == "protester"), None)
            state = next((m for m in everyone if m.data.get("role_hint") in ("police", "military")), None)
            p1: Mention | str = protesters or "Protesters"
            p2 = state if state is not None and not SECURITY_GENERIC.search(state.text) else "Police Forces"
            if PROTEST_DEATHS.search(s) and numbers.find_fatalities(s):
                return "Protests", "Excessive force against protesters", p1, p2, False
            if INTERVENTION.search(s):
                return "Protests", "Protest with intervention", p1, p2, False
            return "Protests", "Peaceful protest", p1, None, False
        if cls == "RIOT":
            # the other side of a riot is the force that met it, never the crowd or a speaker
            state = next((m for m in everyone if m.data.get("role_hint") in ("police", "military")), None)
            if state is not None and SECURITY_GENERIC.search(state.text):
                state = "Police Forces"
            if state is None and hint2 in ("protester", "rioter", "government"):
                a2 = None
            if state is None and a2 is None and INTERVENTION.search(s):
                state = "Police Forces"
            return "Riots", "Violent demonstration", a1 if hint1 == "rioter" else "Rioters", state or a2, False
        if cls == "MOB":
            # the victim of a mob is a person; the police that reported it is not
            return "Riots", "Mob violence", "Rioters", a2 if hint2 == "civilian" else "Civilians", True
        if cls == "AGREE":
            armed = any((m.data.get("inter") or 0) in (2, 3, 4) for m in agents + partners)
            if not armed and not re.search(r"\b(peace|ceasefire|cease-fire|truce|non-aggression|paix|cessez-le-feu|"
                                           r"trêve|non-agression|réconciliation|reconciliation)\b", s, re.I):
                return None, None, None, None, False    # a cooperation deal between states is not a conflict agreement
            sides = sorted(agents, key=lambda m: m.start) if len(agents) > 1 else agents + sorted(
                partners or patients, key=lambda m: m.start)
            if not sides:
                return "Strategic developments", "Agreement", None, None, False
            return ("Strategic developments", "Agreement", sides[0], sides[1] if len(sides) > 1 else None, False)
        if cls == "TRANSFER":
            receiver = partners[0] if partners else a2
            return "Strategic developments", "Non-violent transfer of territory", receiver, a1, False
        if cls in ("ARREST", "DEFUSE", "BASE", "CHANGE", "LOOT"):
            event_type, sub = FIXED_TYPES[cls]
            if cls == "ARREST" and a1 is None:
                a1 = "Police Forces"
            if cls == "ARREST" and OFFICIALS.search(s) and (a2 is None or hint2 == "civilian"):
                a2 = "Government"
            if cls == "CHANGE" and (a1 is None or (isinstance(a1, Mention) and a1.data.get("generic"))) \
                    and isinstance(a2, Mention) and not a2.data.get("generic"):
                a1, a2 = a2, None   # "four groups said they had merged into JNIM": the group that changed
            if cls == "LOOT" and a1 is None:
                a1 = "Unidentified Armed Group"
            if cls == "LOOT" and a2 is None and CIVILIAN_TARGETS.search(s):
                a2 = "Civilians"
            return event_type, sub, a1, a2, cls == "LOOT" and (hint2 == "civilian" or a2 == "Civilians")
        if cls in ("OVERTAKE", "REGAIN"):
            if a1 is None:
                a1 = "Unidentified Armed Group" if cls == "OVERTAKE" else "Military Forces"
            state = hint1 in ("military", "police", "government")
            if isinstance(a1, str):
                state = a1 == "Military Forces"
            if re.search(r"\b(without (?:a fight|resistance|fighting|a shot)|sans (?:rencontrer de |aucune )?résistance|"
                         r"sans combat|sans coup férir)\b", s, re.I):
                return "Strategic developments", "Non-violent transfer of territory", a1, a2, False
            sub = "Government regains territory" if state else "Non-state actor overtakes territory"
            return "Battles", sub, a1, a2, False
        # violence: ATTACK, KILL, CLASH, ABDUCT, SEXUAL, explosions
        if cls == "KILL" and INTRANSITIVE_DEATH.search(trigger_text) and a2 is None and a1 is not None:
            a1, a2, hint1, hint2 = None, a1, None, hint1      # "un gendarme a perdu la vie": the subject died
        if a2 is None and victims in ("civilians", "unknown") and hint1 not in ("civilian",) and cls in (
                "KILL", "ATTACK") and not MILITARY_TARGETS.search(s):
            a2, hint2 = "Civilians", "civilian"
        elif a2 is None and victims == "security":
            a2, hint2 = "Military Forces", "military"
        if isinstance(a2, Mention) and hint2 != "civilian" and CIVILIAN_NEXT.match(text, a2.end):
            a2, hint2 = "Civilians", "civilian"     # "Fulani villagers": civilians of an identity group
        if cls == "AIR" and (a1 is None or hint1 in ("civilian",)):
            nation = AIR_NATION.search(s)
            a1 = f"Military Forces of {NATION_COUNTRY[nation.group(1).lower()]}" if nation else "Military Forces"
            hint1 = "military"
        if a1 is None:
            a1 = "Unidentified Armed Group"
        state1 = hint1 in ("military", "police")
        if cls in ("ATTACK", "KILL") and state1 and (hint2 == "civilian" or a2 is None) and GATHERING.search(s):
            if isinstance(a1, Mention) and SECURITY_GENERIC.search(a1.text):
                a1 = "Police Forces"
            return "Protests", "Excessive force against protesters", "Protesters", a1, False
        if a2 is None:
            rebels = isinstance(a1, Mention) and not a1.data.get("generic") and a1.data.get("inter") == 2
            if MILITARY_TARGETS.search(s):
                a2 = "Police Forces" if POLICE_TARGETS.search(s) else "Military Forces"
            elif rebels and cls == "ATTACK" and victims is None and TOWNS.search(s) and not PEOPLE.search(s):
                # "Ansar al Dine attacked towns on Mali's borders": a rebellion fights for the
                # towns the state holds; with no people named as its victims it is a battle
                a2 = "Military Forces"
            elif CIVILIAN_TARGETS.search(s) or cls in ("ABDUCT", "SEXUAL"):
                a2 = "Civilians"
        civilian = hint2 == "civilian" or a2 == "Civilians"
        if cls in FIXED_TYPES and cls != "CLASH":
            event_type, sub = FIXED_TYPES[cls]
            return event_type, sub, a1, a2, civilian
        if cls == "CLASH":
            if DEFENSIVE.match(trigger_text):
                # "the army repelled an attack by X": X started it
                attacker = next((m for m in patients + partners if m.data.get("role_hint") not in ("civilian",)), None)
                return "Battles", "Armed clash", attacker or "Unidentified Armed Group", a1, False
            return "Battles", "Armed clash", a1, a2, False
        # ATTACK / KILL: the target decides
        if civilian:
            return "Violence against civilians", "Attack", a1, a2, True
        if a2 is None and cls == "KILL":
            return None, None, None, None, False
        return "Battles", "Armed clash", a1, a2, False

    # -- fatalities, dates -----------------------------------------------------------------
    @staticmethod
    def _fatalities(text: str, sent: Sentence, language: str, cls: str
                    ) -> tuple[int, int | None, int | None, list[numbers.Count], dict[str, numbers.Count]] | None:
        s = text[sent.start:sent.end]
        counts = numbers.find_fatalities(s, language)
        if not counts:
            if numbers.NO_DEATHS_RE.search(s):
                return 0, 0, 0, [], {}
            return None
        groups: dict[str, numbers.Count] = {}
        previous: numbers.Count | None = None
        for c in counts:
            rest = re.split(r"[,;.]", s[c.end:], maxsplit=1)[0]
            if re.search(r"\b(since|depuis|so far|this year|cette année|au total|in total)\b", rest, re.I):
                continue    # "thousands killed since 2015": a total, not this event's deaths
            group = numbers.death_group(s, c)
            shifted = numbers.Count(c.start + sent.start, c.end + sent.start, c.text, c.best, c.low, c.high)
            if previous is not None and group in groups and numbers.COORDINATED.match(s[previous.end:c.start]) \
                    and not numbers.find_fatalities(s[previous.end:c.start], language):
                group = f"{group}+{len(groups)}"    # a second part of the same group, not another source
            # one figure per group: the first stated (the most conservative source usually comes first)
            groups.setdefault(group, shifted)
            previous = c
        return (*sum_groups(groups), groups)

    @staticmethod
    def _own_date(dates: list[DateMention], sent: Sentence, trigger: TriggerHit, text: str = "") -> DateMention | None:
        own = [d for d in dates if sent.start <= d.start < sent.end and (d.cue != "since" or d.date.precision == "day")]
        # "the UN said on Friday that troops killed 500 people between 27 and 31 March 2022":
        # the day of the statement is not the day of the act
        acts = [d for d in own if not SPOKEN_ON.search(text[max(sent.start, d.start - 25):d.start])]
        own = acts or own
        if not own:
            return None
        return min(own, key=lambda d: abs(d.start - trigger.start))

    @staticmethod
    def _date(own: DateMention | None, dates: list[DateMention], sent: Sentence, sentences: list[Sentence],
              index: int, lead: DateMention | None, published: str | None,
              same_day: bool = False) -> tuple[EventDate, DateMention | None]:
        if own is not None:
            return EventDate(own.date.start, own.date.end, own.date.precision, own.date.text), own
        if same_day:
            earlier = [d for d in dates if d.end <= sent.start and d.date.precision == "day"]
            if earlier:     # "le même jour", "the same day": the day last named
                d = earlier[-1]
                return EventDate(d.date.start, d.date.end, d.date.precision, d.date.text), d
        # the paragraph's earlier sentences
        for back in range(index - 1, max(-1, index - 3), -1):
            prev = sentences[back]
            if prev.paragraph != sent.paragraph:
                break
            found = [d for d in dates if prev.start <= d.start < prev.end
                     and (d.cue != "since" or d.date.precision == "day")]
            if found:
                d = found[0]
                return EventDate(d.date.start, d.date.end, d.date.precision, d.date.text), d
        if lead is not None and sent.paragraph <= 2:
            return EventDate(lead.date.start, lead.date.end, lead.date.precision, lead.date.text), lead
        if published:
            pub = date.fromisoformat(published)
            return EventDate((pub - timedelta(days=7)).isoformat(), published, "week", ""), None
        return EventDate(None, None, "unknown", ""), None
