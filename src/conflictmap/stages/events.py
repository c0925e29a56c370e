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

Then sentences that report the same event (a lead and its details) are merged.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Protocol

from ..models import Document, Event, EventDate, Evidence, Mention, Place, Span, fold
from ..taxonomy import COUNTRY_CODES, COUNTRY_NAMES
from . import numbers
from .dates import STAGE as DATES_STAGE
from .dates import DateMention
from .roles import Roles, find_roles
from .triggers import FIXED_TYPES, PRIORITY, TriggerHit, find_triggers

STAGE = "events.rules.v1"
log = logging.getLogger(__name__)


class ActorResolver(Protocol):
    def specialise(self, generic: str, country: str | None) -> str: ...
    def get(self, name_or_alias: str) -> Any: ...


class PlaceLocator(Protocol):
    def event_place(self, text: str, places: Sequence[Place], start: int, end: int) -> Place | None: ...


# -- statement kinds ---------------------------------------------------------------------
_AGGREGATE = re.compile(
    r"\b(since the (?:attack|raid|ambush|massacre|killing)|depuis (?:l'attaque|l'embuscade|le massacre|l'attentat)|"
    r"(?:simultaneously|simultanément|coordinated attacks|attaques coordonnées|attaques simultanées|simultaneous attacks)|"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|deux|trois|quatre|cinq|six|sept|huit|neuf|dix) (?:\w+ )?(?:attacks|attaques|raids|ambushes|embuscades)\b|"
    r"since (?:the (?:start|beginning) of|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|last|early|late|20\d\d|then)|so far this year|this year alone|in total|a total of|"
    r"over the (?:past|last) (?:year|two years|\w+ (?:months|years|weeks))|in recent (?:months|weeks|years)|"
    r"(?:past|last) (?:few|several|\w+) (?:months|years)|each year|every (?:week|month|year)|routine clashes|"
    r"(?:dozens|hundreds|scores|a series|a wave|a string|a spate|a number) of (?:\w+ )?(?:attacks|raids|clashes|ambushes|"
    r"air ?strikes|strikes|bombings|operations)|une série de (?:\w+ )?(?:frappes|attaques|raids|opérations)|"
    r"(?:more than|over|at least|some) \d[\d,]* (?:attacks|raids|incidents)|"
    r"(?:two|three|four|five|six|several|multiple|separate|\d+) (?:separate |different |distinct )?(?:attacks|raids|ambushes|assaults|incidents)|"
    r"(?:deux|trois|quatre|cinq|plusieurs|\d+) (?:attaques|raids|embuscades|incidents) (?:distinct|différent|séparé)\w*|attacks (?:have|had) (?:killed|left)|"
    r"have (?:killed|lost|left) (?:more than|over|at least|some|about|nearly)|"
    r"depuis (?:le début|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"l'an|l'année|20\d\d|plusieurs|des mois)|au total|au cours des (?:derniers|dernières|\w+ derniers) (?:mois|années|semaines)|"
    r"ces derniers mois|ces dernières années|chaque (?:semaine|mois|année)|une série d'attaques|"
    r"(?:des dizaines|des centaines) d'attaques|en l'espace de|cumul|bilan (?:annuel|mensuel))\b",
    re.IGNORECASE)
_CAMPAIGN_STRONG = re.compile(
    r"\b((?:launched|lancé|mené|mounted|began|started) (?:\w+ ){0,3}(?:an? |une |la |the )?(?:\w+ )?(?:offensive|campaign|campagne)|(?:\w+|\d+)-(?:week|month|day) (?:offensive|operation|campaign|siege|blockade)|stepped up|intensified|"
    r"ramp(?:ed|ing) up|multiplied|intensifi\w*|multipli\w*|offensive (?:de|d'une durée de) (?:deux|trois|plusieurs|\d+) "
    r"(?:semaines|jours|mois))\b", re.IGNORECASE)
_CAMPAIGN = re.compile(
    r"\b(frequently|often|routinely|habitually|usually|tend to|fréquemment|souvent|régulièrement|habituellement|"
    r"campaign|periodically|repeatedly|regularly|blockade|besieg\w*|siege|for (?:weeks|months)|"
    r"have been (?:attacking|seizing|targeting|carrying out)|continue to (?:attack|target)|increasingly|"
    r"(?:\w+|\d+)-(?:week|month|day) (?:offensive|operation|campaign)|"
    r"offensive (?:de|d'une durée de) (?:deux|trois|plusieurs|\d+) semaines|"
    r"campagne|régulièrement|à plusieurs reprises|blocus|assiég\w*|depuis des (?:semaines|mois)|"
    r"pendant des (?:semaines|mois)|multiplient|se multiplient)\b", re.IGNORECASE)
_INTENT = re.compile(
    r"\b(threaten(?:ed|s|ing)? to|vow(?:ed|s)? to|plan(?:s|ned|ning)? (?:to|more|further)|would|could|might|may|"
    r"will|possible|potential|eventual\w*|éventuel\w*|intend\w* to|prepar\w* to|warn\w* (?:of|that)|fear\w* (?:of|that)|risk of|capable of|ability to|"
    r"menac\w* de|projett\w*|prévoi\w*|pourrai\w*|pourr\w*|risque\w* de|envisag\w*|compt\w* (?:multiplier|mener)|"
    r"promis de|jur\w* de|multiplier les attaques|capables? de|en mesure de)\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(denied|deny|denies|no (?:attack|clash|fighting)|did not|didn't|was not|were not|never|rejected claims|"
    r"démenti\w*|dément\w*|nie\b|nié|n'a pas|n'ont pas|aucune attaque|ni\b)\b", re.IGNORECASE)
_NOT_PV = re.compile(
    r"\b(capsiz\w*|shipwreck\w*|drown\w*|boat|sank|naufrage\w*|chavir\w*|noy\w*|pirogue|embarcation|"
    r"accident\w*|crash\w*|collision|flood\w*|inondation\w*|cholera|choléra|epidemic|épidémie|outbreak|"
    r"lightning|foudre|storm|tempête|collaps\w*|effondr\w*|famine|drought|sécheresse|stampede|bousculade|"
    r"heat wave|canicule|malaria|paludisme|snakebite|disease|maladie|overturn\w*|derail\w*|renvers\w*|"
    r"fire broke out|incendie accidentel|mourning|deuil|condolences|condoléances|"
    r"plane crash|air crash|crashed|écrasé|pluies?|rains?|rainfall|downpours?|intempéries|orages?|diluvien\w*|"
    r"storms?|cyclone|catastrophes? naturelles?|natural disasters?|electrocut\w*|électrocut\w*|crue|floodwaters?|swollen river|"
    r"landslide|glissement de terrain|mudslide)\b", re.IGNORECASE)
_FORCE_POSTURE = re.compile(
    r"\b((?:has|have|had|compte|comptait|dispose de) (?:about|some|around|nearly|more than|environ|près de|plus de)? ?[\d,. ]+ "
    r"(?:soldiers|troops|personnel|peacekeepers|soldats|militaires|casques bleus|hommes)|"
    r"(?:troops|soldiers|forces|militaires|soldats) (?:are|were|is|sont) (?:based|stationed|deployed|déployés|basés|stationnés)|"
    r"provide (?:intelligence|support)|patrol(?:s|led|ling)?\b|patrouill\w*|(?:a|une) mission de|lawmakers?|legislation|"
    r"parliament\w*|parlement\w*|voted?|vote|loi\b|projet de loi|draft law|bill\b|budget|funding|financement|"
    r"election\w*|élection\w*|summit|sommet)\b", re.IGNORECASE)
_GENERIC = re.compile(
    r"\b(attacks? like|such attacks|these attacks|those attacks|ces attaques|de telles attaques|"
    r"face attacks|subissent des attaques|how to make|tactics|tactiques|kind of attack|type d'attaque|"
    r"suffering from|at risk of|exposed to|victims of (?:sexual )?violence|risk of|vulnerable to|"
    r"exposés? à|victimes de violences)\b",
    re.IGNORECASE)
_CONTINUATION = re.compile(
    r"^\s*(?:côté (?:ami|ennemi|des assaillants|adverse)|on déplore|among the (?:dead|victims)|parmi les (?:victimes|morts))|"
    r"^\s*(?:\w+,\s*)?(?:the|this|that|la|le|l'|cette|ce)\s*(?:(?:provisional |official |death |provisoire |)toll|bilan|riposte|response|attack|assault|ambush|raid|violence|attaque|embuscade|assaut|"
    r"incident|explosion|blast|bombing|massacre|tuerie|killing|operation|opération|clash|affrontement|fighting)",
    re.IGNORECASE)
_DEFENSIVE = re.compile(r"^(repel|repell|repuls|repouss|ripost|fought off|beat back|beaten back|drove back|"
                        r"counter|contre-attaqu|chass)", re.IGNORECASE)
_OFFICIALS = re.compile(r"\b(president|prime minister|minister|head of state|président|premier ministre|ministre|"
                        r"chef de l'état)\b", re.IGNORECASE)
_SECURITY_GENERIC = re.compile(r"\b(security forces|forces de sécurité|forces de l'ordre|forces de défense et de sécurité|"
                               r"fds|anti-riot|riot police|anti-émeute)\b", re.IGNORECASE)
_RELEASE = re.compile(r"\b(freed|released|rescued|libérée?s?|relâchée?s?|secourue?s?|returned home|regained (?:their )?freedom)\b", re.I)
_INTENT_VERBS = {"warn", "threaten", "fear", "vow", "predict", "pledge", "promise", "plan", "menacer", "craindre",
                 "promettre", "prévoir", "avertir", "redouter"}
_COMPARATIVE = re.compile(r"\b(deadliest|worst|heaviest|bloodiest|largest|biggest|most lethal|first (?:\w+ )*of its kind|"
                          r"first (?:deadly |such )?attack|premi[eè]re? attaque|"
                          r"le plus meurtri\w*|la plus meurtri\w*|le plus lourd|la plus lourde|le plus grave)\b",
                          re.IGNORECASE)
_CLAIM = re.compile(
    r"\b(claimed(?: responsibility for)?|claims? of responsibility|attributed (?:the \w+ )?to|blamed (?:the \w+ )?on|"
    r"revendiqu\w*|attribu\w* (?:l'attaque |l'attentat )?(?:à|au|aux)|imput\w* (?:à|au|aux))\b", re.IGNORECASE)
_ASIDE_DEATHS = re.compile(r"^\s*(côté (?:ami|ennemi|des assaillants|adverse)|on déplore|on dénombre|among the "
                           r"(?:dead|victims)|parmi les (?:victimes|morts|tués)|the dead (?:included|were))", re.I)
_SCHOOL_NAME = re.compile(r"Government (?-i:[A-Z])\w+ (?:College|School|Secondary|Girls|Boys|Science|Technical)")
_AIR_NATION = re.compile(r"\b(French|American|U\.S\.|US|Nigerian|Nigerien|Malian|Burkinabe|Chadian|française|français|"
                         r"américaine|nigériane|nigérienne|malienne|burkinabè|tchadienne)\s+(?:air|drone|frappe)", re.I)
_NATION_COUNTRY = {"french": "France", "française": "France", "français": "France", "american": "United States",
                   "u.s.": "United States", "us": "United States", "américaine": "United States",
                   "nigerian": "Nigeria", "nigériane": "Nigeria", "nigerien": "Niger", "nigérienne": "Niger",
                   "malian": "Mali", "malienne": "Mali", "burkinabe": "Burkina Faso", "burkinabè": "Burkina Faso",
                   "chadian": "Chad", "tchadienne": "Chad"}
_INTRANSITIVE_DEATH = re.compile(r"\b(died|dead|perished|lost (?:their|his|her) lives?|perdu la vie|trouvé la mort|"
                                 r"péri|morts?|décès|décédés?|succombé)\b", re.IGNORECASE)
_REVISION = re.compile(r"\b(raised the (?:death )?toll|rose to|risen to|climbed to|revised|now stands|has reached|increased to|"
                       r"passé à|porté à|s'est alourdi|revu à la hausse|atteint désormais|désormais)\b", re.IGNORECASE)
_SEPARATELY = re.compile(r"\b(separately|in another|elsewhere|meanwhile|also on|par ailleurs|dans une autre|"
                         r"ailleurs|de son côté|in a separate|dans un autre|the same day|le même jour)\b", re.IGNORECASE)

_CIVILIAN_TARGETS = re.compile(
    r"\b(villages?|towns?|markets?|mosques?|churches?|schools?|wedding|funeral|bus|buses|passengers|worshipp\w*|"
    r"homes?|houses?|hamlets?|camps? (?:for|of) (?:displaced|idps|refugees)|displacement camps?|gold mine|gold-mining|"
    r"village|localité|hameau|marché|mosquée|église|école|mariage|bus|car de transport|passagers|fidèles|"
    r"site d'orpaillage|habitants|domicile|concession|camp de déplacés|people|personnes|persons)\b", re.IGNORECASE)
_MILITARY_TARGETS = re.compile(
    r"\b(military (?:base|post|camp|position|convoy|patrol|outpost)|army (?:base|post|camp|position|convoy|patrol)|"
    r"base|outpost|garrison|checkpoint|barracks|convoy|patrol|gendarmerie|police station|"
    r"poste (?:militaire|de gendarmerie|de police|avancé)?|camp militaire|caserne|convoi|patrouille|position|"
    r"détachement|check-point|brigade|commissariat|unité|customs (?:post|office)|poste de douane|"
    r"poste frontalier|border post)\b", re.IGNORECASE)
_INTERVENTION = re.compile(
    r"\b(tear ?gas|dispersed|fired (?:live|rubber)|arrested (?:several |\d+ )?(?:protesters|demonstrators)|"
    r"gaz lacrymogènes?|dispers\w*|interpellé|matraqu\w*|charged)\b", re.IGNORECASE)
_GATHERING = re.compile(r"\b(gathered|protest\w*|demonstrat\w*|rally|rallies|march\w*|sit-in|"
                        r"rassembl\w*|manifest\w*|marche)\b", re.IGNORECASE)
_CIVILIAN_HEAD = re.compile(
    r"^[\w'-]*\s*(?:[\w'-]+\s+){0,2}?(villagers?|civilians?|herders?|farmers?|women|children|residents?|traders?|"
    r"worshipp\w+|pupils?|students?|passengers?|people|villageois|civils|éleveurs?|habitants|femmes|enfants|"
    r"commerçants|fidèles|élèves|passagers|personnes|cultivateurs|agriculteurs)\b", re.IGNORECASE)
_CIVILIAN_NEXT = re.compile(
    r"\s*(villagers?|civilians?|herders?|farmers?|women|children|residents?|traders?|worshipp\w+|pupils?|"
    r"students?|passengers?|people|villageois|civils|éleveurs?|habitants|femmes|enfants|commerçants|fidèles|"
    r"élèves|passagers|personnes|cultivateurs|agriculteurs|bergers|pêcheurs)\b", re.IGNORECASE)
_BACKED = re.compile(r"(backed by|supported by|alongside|accompanied by|with the support of|assisted by|"
                     r"appuyée?s? par|soutenue?s? par|aux côtés d[eu]s?|avec l'appui d[eu]s?|accompagnée?s? par|"
                     r"épaulée?s? par)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_PROTEST_DEATHS = re.compile(r"\b(protesters|demonstrators|manifestants)\b", re.IGNORECASE)


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int


@dataclass
class Candidate:
    sentence: Sentence
    trigger: TriggerHit
    triggers: list[TriggerHit]
    kind: str
    own_date: DateMention | None
    own_place: Place | None
    event: Event
    notes: list[str] = field(default_factory=list)
    merge_only: bool = False    # restates an event ("The attack, the deadliest this year, ...")
    deaths: dict[str, numbers.Count] = field(default_factory=dict)   # death counts by group
    place_text: str | None = None      # a place named in the statement, resolved or not


def _sentences(parsed: Any, text: str) -> list[Sentence]:
    breaks = [m.end() for m in re.finditer(r"\n\s*\n", text)]
    out = []
    for sent in parsed.sents:
        start, end = sent.start_char, sent.end_char
        # spaCy sometimes runs a sentence across a paragraph break: split there
        pieces = [start] + [b for b in breaks if start < b < end] + [end]
        for a, b in zip(pieces, pieces[1:], strict=False):
            chunk = text[a:b]
            if chunk.strip():
                lead = len(chunk) - len(chunk.lstrip())
                trail = len(chunk.rstrip())
                para = sum(1 for br in breaks if br <= a)
                out.append(Sentence(a + lead, a + trail, para))
    return out


def trigger_form(parsed: Any, trigger: TriggerHit) -> str:
    """past | noun_sg | noun_pl | infinitive | progressive | present | perfect | other."""
    span = parsed.char_span(trigger.start, trigger.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "other"
    tok = _head_token(span)
    tag, morph = tok.tag_, tok.morph
    children = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass", "aux:pass", "aux:tense", "mark")}
    left = tok.doc[tok.i - 1].lower_ if tok.i > 0 else ""
    if tok.pos_ in ("NOUN", "PROPN"):
        plural = tag in ("NNS", "NNPS") or morph.get("Number") == ["Plur"]
        return "noun_pl" if plural else "noun_sg"
    if tag == "VB" and ("to" in children or left == "to") or morph.get("VerbForm") == ["Inf"]:
        return "infinitive"
    if tag == "VBG" and children & {"are", "is", "were", "was", "been"}:
        return "progressive"
    if children & {"have", "has", "'ve"} and "had" not in children:
        return "perfect"
    if children & {"had", "avait", "avaient", "'d"}:
        return "pluperfect"
    if tag in ("VBD",) or (tag == "VBN") or morph.get("Tense") == ["Past"]:
        return "past"
    if tag in ("VBZ", "VBP") or (morph.get("Tense") == ["Pres"] and morph.get("VerbForm") == ["Fin"]):
        return "present"
    if tag == "VBG" or morph.get("VerbForm") == ["Ger"] or (morph.get("VerbForm") == ["Part"] and morph.get("Tense") == ["Pres"]):
        return "gerund"
    return "other"


def _different_actors(a: str | None, b: str | None) -> bool:
    """Two named initiators that differ: two events, whatever else they share."""
    generic = ("Unidentified Armed Group", "Civilians", "Protesters", "Rioters")
    if not a or not b or a.startswith(generic) or b.startswith(generic):
        return False
    return a != b


def _stage_of(component: Any, default: str) -> str:
    import sys

    module = sys.modules.get(type(component).__module__)
    return str(getattr(module, "STAGE", default))


def _root_lemma(parsed: Any, sent: Sentence) -> str:
    span = parsed.char_span(sent.start, sent.end, alignment_mode="expand")
    if span is None:
        return ""
    return span.root.lemma_.lower()


def _sum_groups(groups: dict[str, numbers.Count]) -> tuple[int, int | None, int | None, list[numbers.Count]]:
    """Deaths of different groups (victims, soldiers, attackers) add up."""
    chosen = list(groups.values())
    if "unknown" in groups and len(groups) > 1:
        # "killing 30 people ... among them 10 soldiers": an unqualified total may include the others
        unknown = groups["unknown"]
        others = [c for g, c in groups.items() if g != "unknown"]
        if unknown.best >= sum(c.best for c in others):
            chosen = [unknown] + [c for g, c in groups.items() if g == "attackers"]
    best = sum(c.best for c in chosen)
    lows = [c.low for c in chosen]
    highs = [c.high for c in chosen]
    low = sum(x for x in lows if x is not None) if all(x is not None for x in lows) else None
    high = sum(x for x in highs if x is not None) if all(x is not None for x in highs) else None
    return best, low, high, chosen


_MEANS = ("SUICIDE", "AIR", "IED", "SHELL", "GRENADE")


def _depth(parsed: Any, hit: TriggerHit) -> int:
    span = parsed.char_span(hit.start, hit.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 9
    tok, depth = _head_token(span), 0
    while tok.head.i != tok.i and depth < 9:
        tok, depth = tok.head, depth + 1
    return depth


def _head_token(span: Any) -> Any:
    """The word that carries a trigger: a leading verb ("hurled stones"), else the span's root."""
    first = span[0]
    if len(span) > 1 and (first.tag_ in ("VBD", "VBN", "VBZ", "VBP", "VBG", "VB") or first.pos_ == "VERB"):
        return first
    return span.root


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


def inherited_day(date_ev: DateMention | None, own: DateMention | None) -> bool:
    return own is None and date_ev is not None and date_ev.date.precision == "day"


def _dominant(hits: list[TriggerHit], parsed: Any = None) -> TriggerHit:
    """The trigger that reports the event: the means (bomb, drone, shell) when named,
    else the one nearest the main verb, then the stronger class."""
    crowd = [h for h in hits if h.cls in ("PROTEST", "RIOT")]
    riots = [h for h in hits if h.cls == "RIOT"]
    if riots and not any(h.cls in ("MOB",) + _MEANS for h in hits):
        return riots[0]         # a crowd that burns, stones or fights: a riot, whatever died in it
    if crowd and any(h.cls == "LOOT" for h in hits) and not any(h.cls in _MEANS for h in hits):
        loot = next(h for h in hits if h.cls == "LOOT")
        return TriggerHit("RIOT", loot.start, loot.end, loot.text, loot.weight, loot.noun)
    if crowd and all(h.cls in ("PROTEST", "RIOT") or (h.cls == "CLASH" and _DEFENSIVE.match(h.text)) for h in hits):
        return min(crowd, key=lambda h: (PRIORITY.index(h.cls), h.start))
    means = [h for h in hits if h.cls in _MEANS]
    if means:
        return min(means, key=lambda h: (PRIORITY.index(h.cls), h.start))
    if parsed is None:
        return min(hits, key=lambda h: (PRIORITY.index(h.cls), -h.weight, h.start))
    return min(hits, key=lambda h: (_depth(parsed, h) > 1, PRIORITY.index(h.cls), h.start))


def _quoted(text: str, start: int, end: int, sent: Sentence) -> bool:
    before = text[sent.start:start]
    opens = before.count("“") + before.count("«") + (before.count('"') % 2)
    closes = before.count("”") + before.count("»")
    return opens > closes


def _event_id(article_id: str, sent: Sentence, cls: str) -> str:
    return hashlib.sha1(f"{article_id}|{sent.start}|{sent.end}|{cls}".encode()).hexdigest()[:16]


def statement_kind(text: str, sent: Sentence, trigger: TriggerHit, dates: list[DateMention],
                   published: str | None) -> tuple[str, list[str]]:
    """event | aggregate | background | campaign | not_pv | drop, with the reasons."""
    s = text[sent.start:sent.end]
    notes: list[str] = []
    tpos = trigger.start - sent.start
    lo = max(0, tpos - 80)
    local = s[lo: trigger.end - sent.start + 40]
    if _NOT_PV.search(s) and trigger.cls in ("KILL", "ATTACK"):
        if not re.search(r"\b(gunmen|attackers|militants|jihadists|assailants|shot|hommes armés|assaillants|"
                         r"jihadistes|djihadistes|terroristes|abattus?)\b", s, re.IGNORECASE):
            return "not_pv", ["a disaster or accident, not political violence"]
    if _FORCE_POSTURE.search(s) and trigger.cls in ("KILL", "ATTACK", "CLASH") and not numbers.find_fatalities(s):
        if not re.search(r"\b(attacked|ambushed|killed|attaqué|tué|tués|clashed|stormed)\b", s, re.IGNORECASE):
            return "not_pv", ["force size, posture, patrol, law or vote"]
    m = _INTENT.search(local)
    if m and m.start() <= tpos - lo + 5:
        return "drop", [f"a threat, plan or possibility ({m.group(0)!r})"]
    if _NEGATION.search(local):
        return "drop", ["denied or negated"]
    dated_abduction = any(trigger.end <= d.start <= trigger.end + 25 for d in dates)
    if trigger.cls == "ABDUCT" and _RELEASE.search(s) and not dated_abduction:
        return "drop", ["a release of hostages, not their abduction"]
    if _GENERIC.search(s):
        return "drop", ["a generality about attacks, not one event"]
    since = [d for d in dates if sent.start <= d.start < sent.end and d.cue == "since"
             and d.date.precision not in ("day",)]
    dated = [d for d in dates if sent.start <= d.start < sent.end and d.cue != "since"
             and d.date.precision == "day"]
    strong = _AGGREGATE.search(s)
    if strong and not (dated and strong.group(0).lower().startswith(("since", "depuis"))):
        return "aggregate", ["a total over many events"]
    if since and not dated:
        return "aggregate", ["a total over many events"]
    if _CAMPAIGN_STRONG.search(s) or (_CAMPAIGN.search(s) and not dated):
        return "campaign", ["a series of actions over time"]
    if published:
        pub = date.fromisoformat(published)
        own = [d for d in dates if sent.start <= d.start < sent.end and d.date.end]
        if own and all(date.fromisoformat(d.date.end) < pub - timedelta(days=300) for d in own):
            return "background", ["history well before the report"]
    return "event", notes


_SAHEL = {"Mali", "Burkina Faso", "Niger"}
_LAKE_CHAD = {"Nigeria", "Chad", "Cameroon"}
_COASTAL = {"Benin", "Togo", "Ghana", "Ivory Coast"}


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
        self.actor_stage = _stage_of(actors, "actors")
        self.place_stage = _stage_of(places, "places")

    # -- public ------------------------------------------------------------------------
    def extract(self, doc: Document, parsed: Any, mentions: Sequence[Mention],
                places: Sequence[Place], dates: list[DateMention]) -> list[Event]:
        text = doc.text
        language = doc.language or "en"
        sentences = _sentences(parsed, text)
        actor_mentions = sorted((m for m in mentions if m.label == "ACTOR"), key=lambda m: m.start)
        article_country = self._article_country(places, actor_mentions)
        lead_date = self._lead_date(dates, sentences)
        candidates: list[Candidate] = []
        for index, sent in enumerate(sentences):
            hits = find_triggers(text[sent.start:sent.end], language, sent.start)
            hits = [h for h in hits if not _quoted(text, h.start, h.end, sent)]
            if not hits:
                continue
            trigger = _dominant(hits, parsed)
            sentence_text = text[sent.start:sent.end]
            claim = _CLAIM.search(sentence_text)
            if claim and trigger.noun and claim.start() < trigger.start - sent.start:
                own_place = any(sent.start <= p.start < sent.end and (p.where_prec or 7) <= 3 for p in places)
                if candidates and not own_place:
                    self._attribute(candidates, sentence_text, sent, actor_mentions)
                    continue    # "X claimed the attack": the attack reported before
                if not own_place:
                    continue    # a claim of an attack the text does not report
            if _root_lemma(parsed, sent) in _INTENT_VERBS:
                log.debug("dropped %r: a warning or threat", sentence_text[:80])
                continue
            if index and trigger.cls == "KILL" and _NOT_PV.search(text[sentences[index - 1].start:sentences[index - 1].end]) \
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
            cand.notes += notes
            cand.event.notes = cand.notes
            independent = cand.own_date is not None and cand.own_place is not None
            cand.merge_only = bool((_COMPARATIVE.search(sentence_text) and not independent)
                                   or _CONTINUATION.match(sentence_text) or _ASIDE_DEATHS.match(sentence_text)
                                   or (_REVISION.search(sentence_text) and re.search(r"\b(toll|bilan)\b", sentence_text, re.I))
                                   or (cand.trigger.cls == "LOOT" and cand.own_date is None and cand.own_place is None
                                       and any(c.trigger.cls in ("ATTACK", "KILL", "CLASH") for c in candidates[-2:])))
            candidates.append(cand)
        return [c.event for c in self._merge(candidates, text)]

    def _attribute(self, candidates: list[Candidate], sentence_text: str, sent: Sentence,
                   mentions: list[Mention]) -> bool:
        """'X claimed the attack' names the perpetrator of the last event; no event of its own."""
        named = [m for m in mentions if sent.start <= m.start and m.end <= sent.end
                 and not m.data.get("generic") and m.data.get("role_hint") in ("armed_group", None)]
        if not named:
            return False
        target = next((c for c in reversed(candidates) if c.kind == "event" and not c.merge_only), None)
        if target is None:
            return False
        event = target.event
        if event.actor1 is None or event.actor1.startswith("Unidentified Armed Group"):
            name, inter = self._name(named[0], event.country)
            event.actor1, event.inter1 = name, inter
            event.evidence.append(Evidence("actor1", named[0].start, named[0].end, named[0].text, self.actor_stage))
            target.notes.append("actor1 from a claim or attribution")
        return True

    # -- context -----------------------------------------------------------------------
    @staticmethod
    def _article_country(places: Sequence[Place], mentions: Sequence[Mention]) -> str | None:
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
        return COUNTRY_NAMES.get(counts.most_common(1)[0][0], counts.most_common(1)[0][0])

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
        if trigger.cls not in _MEANS:
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

        backers = [m for m in in_sent if _BACKED.search(text[max(0, m.start - 40):m.start])]
        agents = [in_sent[i] for i in roles.agents if in_sent[i] not in backers]
        patients = [in_sent[i] for i in roles.patients if in_sent[i] not in backers]
        partners = [in_sent[i] for i in roles.partners if in_sent[i] not in backers]
        referent = self._referent(text, sent, mentions, roles, agents)
        if referent is not None:
            agents = [referent] + [m for m in agents if m is not referent and not m.data.get("generic")]
        patients = [m for m in patients if not _SCHOOL_NAME.match(text, m.start)]
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
        fatal = self._fatalities(text, sent, language, cls)
        victims = None
        if fatal is not None and fatal[4]:
            victims = max(fatal[4], key=lambda g: fatal[4][g].best)
        event_type, sub_type, actor1, actor2, civ = self._type(cls, agents, patients, partners, text, sent, country,
                                                                trigger.text, victims)
        if event_type is None:
            return None

        own_date = self._own_date(dates, sent, trigger)
        event_date, date_ev = self._date(own_date, dates, sent, sentences, index, lead_date, doc.published)

        form = trigger_form(parsed, trigger)
        named = any(not m.data.get("generic") for m in agents + patients + partners)
        inherited = own_date is None and date_ev is not None and date_ev.date.precision in ("day", "week") \
            and form in ("past", "noun_sg")
        anchors = sum((own_date is not None and own_date.date.precision in ("day", "week", "month") or inherited,
                       own_place is not None and (own_place.where_prec or 7) <= 4,
                       bool(fatal and fatal[0] > 0), named))
        sentence_text = text[sent.start:sent.end]
        restates = bool(_CONTINUATION.match(sentence_text) or (
            _COMPARATIVE.search(sentence_text) and not (own_date is not None and own_place is not None)))
        if kind == "event" and form == "pluperfect":
            if own_date is not None and doc.published and own_date.date.end and (
                    own_date.date.precision == "year"
                    or date.fromisoformat(own_date.date.end) < date.fromisoformat(doc.published) - timedelta(days=365)
                    or anchors < 2):
                kind = "background"
        if kind == "event" and not restates:
            if form == "infinitive":
                return None
            if form == "progressive":
                kind = "campaign"
            elif form == "noun_pl" and anchors < 2:
                return None
            elif form in ("present", "other", "gerund", "pluperfect") and anchors < 2 and kind == "event":
                return None
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
        return Candidate(sent, trigger, hits, kind, own_date, own_place, event, deaths=deaths,
                         place_text=(named_place.name or named_place.text) if named_place else None)

    def _referent(self, text: str, sent: Sentence, mentions: list[Mention], roles: Roles,
                  agents: list[Mention]) -> Mention | None:
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
                    and m.data.get("role_hint") not in ("civilian",)]
            if here:
                return here[0]
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
            if state is not None and _SECURITY_GENERIC.search(state.text):
                state = None
            return "Protests", "Excessive force against protesters", "Protesters", state or "Police Forces", False
        if cls == "PROTEST":
            protesters = next((m for m in everyone if m.data.get("role_hint") == "protester"), None)
            state = next((m for m in everyone if m.data.get("role_hint") in ("police", "military")), None)
            p1: Mention | str = protesters or "Protesters"
            p2 = state if state is not None and not _SECURITY_GENERIC.search(state.text) else "Police Forces"
            if _PROTEST_DEATHS.search(s) and numbers.find_fatalities(s):
                return "Protests", "Excessive force against protesters", p1, p2, False
            if _INTERVENTION.search(s):
                return "Protests", "Protest with intervention", p1, p2, False
            return "Protests", "Peaceful protest", p1, None, False
        if cls == "RIOT":
            return "Riots", "Violent demonstration", a1 if hint1 == "rioter" else "Rioters", a2, False
        if cls == "MOB":
            return "Riots", "Mob violence", "Rioters", a2 or "Civilians", hint2 in (None, "civilian")
        if cls == "AGREE":
            armed = any((m.data.get("inter") or 0) in (2, 3, 4) for m in everyone)
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
            if cls == "ARREST" and _OFFICIALS.search(s) and (a2 is None or hint2 == "civilian"):
                a2 = "Government"
            if cls == "LOOT" and a1 is None:
                a1 = "Unidentified Armed Group"
            if cls == "LOOT" and a2 is None and _CIVILIAN_TARGETS.search(s):
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
        if cls == "KILL" and _INTRANSITIVE_DEATH.search(trigger_text) and a2 is None and a1 is not None:
            a1, a2, hint1, hint2 = None, a1, None, hint1      # "un gendarme a perdu la vie": the subject died
        if a2 is None and victims in ("civilians", "unknown") and hint1 not in ("civilian",) and cls in (
                "KILL", "ATTACK") and not _MILITARY_TARGETS.search(s):
            a2, hint2 = "Civilians", "civilian"
        elif a2 is None and victims == "security":
            a2, hint2 = "Military Forces", "military"
        if isinstance(a2, Mention) and hint2 != "civilian" and _CIVILIAN_NEXT.match(text, a2.end):
            a2, hint2 = "Civilians", "civilian"     # "Fulani villagers": civilians of an identity group
        if cls == "AIR" and (a1 is None or hint1 in ("civilian",)):
            nation = _AIR_NATION.search(s)
            a1 = f"Military Forces of {_NATION_COUNTRY[nation.group(1).lower()]}" if nation else "Military Forces"
            hint1 = "military"
        if a1 is None:
            a1 = "Unidentified Armed Group"
        state1 = hint1 in ("military", "police")
        if cls in ("ATTACK", "KILL") and state1 and (hint2 == "civilian" or a2 is None) and _GATHERING.search(s):
            if isinstance(a1, Mention) and _SECURITY_GENERIC.search(a1.text):
                a1 = "Police Forces"
            return "Protests", "Excessive force against protesters", "Protesters", a1, False
        if a2 is None:
            if _MILITARY_TARGETS.search(s):
                a2 = "Military Forces"
            elif _CIVILIAN_TARGETS.search(s) or cls in ("ABDUCT", "SEXUAL"):
                a2 = "Civilians"
        civilian = hint2 == "civilian" or a2 == "Civilians"
        if cls in FIXED_TYPES and cls != "CLASH":
            event_type, sub = FIXED_TYPES[cls]
            return event_type, sub, a1, a2, civilian
        if cls == "CLASH":
            if _DEFENSIVE.match(trigger_text):
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
        for c in counts:
            rest = re.split(r"[,;.]", s[c.end:], maxsplit=1)[0]
            if re.search(r"\b(since|depuis|so far|this year|cette année|au total|in total)\b", rest, re.I):
                continue    # "thousands killed since 2015": a total, not this event's deaths
            group = numbers.death_group(s, c)
            shifted = numbers.Count(c.start + sent.start, c.end + sent.start, c.text, c.best, c.low, c.high)
            # one figure per group: the first stated (the most conservative source usually comes first)
            groups.setdefault(group, shifted)
        return (*_sum_groups(groups), groups)

    @staticmethod
    def _own_date(dates: list[DateMention], sent: Sentence, trigger: TriggerHit) -> DateMention | None:
        own = [d for d in dates if sent.start <= d.start < sent.end and (d.cue != "since" or d.date.precision == "day")]
        if not own:
            return None
        return min(own, key=lambda d: abs(d.start - trigger.start))

    @staticmethod
    def _date(own: DateMention | None, dates: list[DateMention], sent: Sentence, sentences: list[Sentence],
              index: int, lead: DateMention | None, published: str | None) -> tuple[EventDate, DateMention | None]:
        if own is not None:
            return EventDate(own.date.start, own.date.end, own.date.precision, own.date.text), own
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

    # -- merging -----------------------------------------------------------------------------
    def _merge(self, candidates: list[Candidate], text: str) -> list[Candidate]:
        merged: list[Candidate] = []
        for cand in candidates:
            target = self._same_event(cand, merged, text)
            if target is not None:
                log.debug("merged %r into %r", text[cand.sentence.start:cand.sentence.end][:60],
                          text[target.sentence.start:target.sentence.end][:60])
            if target is None:
                if not cand.merge_only:
                    merged.append(cand)
                continue
            self._absorb(target, cand)
        return merged

    @staticmethod
    def _same_event(cand: Candidate, previous: list[Candidate], text: str) -> Candidate | None:
        if not previous:
            return None
        s = text[cand.sentence.start:cand.sentence.end]
        if _SEPARATELY.search(s):
            return None
        for prev in reversed(previous):
            if prev.kind != cand.kind and not (cand.merge_only and prev.kind == "event"):
                continue
            if _different_actors(prev.event.actor1, cand.event.actor1):
                continue
            if cand.place_text and prev.place_text and fold(cand.place_text) != fold(prev.place_text) \
                    and cand.own_place is None:
                continue
            if cand.merge_only and cand.own_place is not None and prev.own_place is not None \
                    and cand.own_place.name == prev.own_place.name:
                return prev
            if cand.merge_only and cand.own_place is None and cand.sentence.paragraph - prev.sentence.paragraph <= 1:
                return prev
            if cand.sentence.paragraph - prev.sentence.paragraph > 1:
                continue
            same_date = (cand.own_date is None or prev.own_date is None
                         or (cand.event.date.start == prev.event.date.start))
            same_place = (cand.own_place is None or prev.own_place is None
                          or cand.own_place.name == prev.own_place.name
                          or (cand.own_place.geonameid is not None and cand.own_place.geonameid == prev.own_place.geonameid))
            if not (same_date and same_place):
                continue
            continuation = bool(_CONTINUATION.match(s)) or (cand.own_date is None and cand.own_place is None)
            compatible = (cand.event.event_type == prev.event.event_type
                          or cand.trigger.cls in ("KILL", "ATTACK", "CLASH")
                          and prev.trigger.cls in ("KILL", "ATTACK", "CLASH"))
            if continuation and (compatible or cand.trigger.cls == "KILL"):
                return prev
            if compatible and cand.own_date is not None and cand.own_place is not None and same_date and same_place \
                    and cand.event.sub_event_type == prev.event.sub_event_type:
                return prev
        return None

    @staticmethod
    def _absorb(target: Candidate, cand: Candidate) -> None:
        t, c = target.event, cand.event
        if not cand.merge_only and PRIORITY.index(cand.trigger.cls) < PRIORITY.index(target.trigger.cls) \
                and cand.trigger.cls in _MEANS and target.trigger.cls in ("ATTACK", "KILL", "CLASH"):
            t.event_type, t.sub_event_type = c.event_type, c.sub_event_type
            target.trigger = cand.trigger
        generic1 = t.actor1 is None or t.actor1.startswith("Unidentified Armed Group")
        if generic1 and c.actor1 and not c.actor1.startswith("Unidentified Armed Group"):
            t.actor1, t.inter1 = c.actor1, c.inter1
        if t.actor2 is None and c.actor2:
            t.actor2, t.inter2 = c.actor2, c.inter2
            t.civilian_targeting = t.civilian_targeting or c.civilian_targeting
        revised = bool(_REVISION.search(cand.event.sentence.text if cand.event.sentence else ""))
        changed = False
        for group, count in cand.deaths.items():
            if group not in target.deaths or (revised and count.best > target.deaths[group].best):
                target.deaths[group] = count
                changed = True
        if changed:
            t.fatalities, t.fatalities_low, t.fatalities_high, _ = _sum_groups(target.deaths)
        elif not target.deaths and (c.fatalities or 0) > (t.fatalities or 0):
            t.fatalities, t.fatalities_low, t.fatalities_high = c.fatalities, c.fatalities_low, c.fatalities_high
        if t.place is None and c.place is not None:
            t.place = c.place
            t.country = t.country or c.country
        t.evidence += [e for e in c.evidence if e.field != "event_type"]
        t.confidence = min(0.99, max(t.confidence, c.confidence) + 0.03)
