"""Statements: sentences, the cue words that say what kind of statement a sentence is
(a single event, an aggregate, background, a campaign, or no event at all), and the
form of an event trigger (past, plural noun, infinitive...) read from the parse.

Used by the events stage; the cue lists are data, kept here to keep events.py about
coding events rather than about vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from . import numbers
from .dates import DateMention
from .triggers import PRIORITY, TriggerHit

AGGREGATE = re.compile(
    r"\b(since the (?:attack|raid|ambush|massacre|killing)|depuis (?:l'attaque|l'embuscade|le massacre|l'attentat)|"
    r"(?:simultaneously|simultanément|coordinated attacks|attaques coordonnées|attaques simultanées|simultaneous attacks)|"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|deux|trois|quatre|cinq|six|sept|huit|neuf|dix) (?:\w+ )?(?:attacks|attaques|raids|ambushes|embuscades)\b|"
    r"since (?:the (?:start|beginning) of|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|last|early|late|20\d\d|then)|so far this year|this year alone|in total|a total of|"
    r"over the (?:past|last) (?:year|two years|\w+ (?:months|years|weeks))|in recent (?:months|weeks|years)|"
    r"(?:past|last) (?:few|several|\w+) (?:months|years)|each year|every (?:week|month|year)|routine clashes|"
    r"(?:war|civil war|conflict|insurgency|rebellion|genocide|guerre|conflit|insurrection) (?:[\w,-]+ ){0,8}?"
    r"(?:killed|has killed|had killed|left|claimed|a fait|a tué|ont fait)\b|"
    r"in (?:19|20)\d\d and (?:19|20)\d\d|en (?:19|20)\d\d et (?:en )?(?:19|20)\d\d|"
    r"en (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) et en "
    r"(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)|"
    r"in (?:january|february|march|april|may|june|july|august|september|october|november|december) and "
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)|"
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
CAMPAIGN_STRONG = re.compile(
    r"\b((?:launched|lancé|mené|mounted|began|started) (?:\w+ ){0,3}(?:an? |une |la |the )?(?:\w+ )?(?:offensive|campaign|campagne)|(?:\w+|\d+)-(?:week|month|day) (?:offensive|operation|campaign|siege|blockade)|stepped up|intensified|"
    r"ramp(?:ed|ing) up|multiplied|intensifi\w*|multipli\w*|offensive (?:de|d'une durée de) (?:deux|trois|plusieurs|\d+) "
    r"(?:semaines|jours|mois))\b", re.IGNORECASE)
CAMPAIGN = re.compile(
    r"\b(frequently|often|routinely|habitually|usually|tend to|fréquemment|souvent|régulièrement|habituellement|"
    r"campaign|periodically|repeatedly|regularly|blockade|besieg\w*|siege|for (?:weeks|months)|"
    r"have been (?:attacking|seizing|targeting|carrying out)|continue to (?:attack|target)|increasingly|"
    r"(?:\w+|\d+)-(?:week|month|day) (?:offensive|operation|campaign)|"
    r"offensive (?:de|d'une durée de) (?:deux|trois|plusieurs|\d+) semaines|"
    r"campagne|régulièrement|à plusieurs reprises|blocus|assiég\w*|depuis des (?:semaines|mois)|"
    r"depuis quelques (?:jours|semaines|mois)|recrudescence|upsurge|surge in (?:attacks|violence)|"
    r"pendant des (?:semaines|mois)|multiplient|se multiplient)\b", re.IGNORECASE)
INTENT = re.compile(
    r"\b(can(?:not)?\s+(?:still\s+|also\s+|now\s+)?be|peu(?:t|vent)\s+(?:encore\s+)?être|threaten(?:ed|s|ing)? to|vow(?:ed|s)? to|plan(?:s|ned|ning)? (?:to|more|further)|would|could|might|may|"
    r"will|possible|potential|eventual\w*|éventuel\w*|intend\w* to|prepar\w* to|warn\w* (?:of|that)|fear\w* (?:of|that)|risk of|capable of|ability to|"
    r"menac\w* de|projett\w*|prévoi\w*|pourrai\w*|pourr\w*|risque\w* de|envisag\w*|compt\w* (?:multiplier|mener)|"
    r"promis de|jur\w* de|multiplier les attaques|capables? de|en mesure de)\b", re.IGNORECASE)
NEGATION = re.compile(
    r"\b(denied|deny|denies|no (?:attack|clash|fighting)|did not|didn't|was not|were not|never|rejected claims|"
    r"démenti\w*|dément\w*|nie\b|nié|n'a pas|n'ont pas|aucune attaque|ni\b)\b", re.IGNORECASE)
NOT_PV = re.compile(
    r"\b(capsiz\w*|shipwreck\w*|drown\w*|boat|sank|naufrage\w*|chavir\w*|noy\w*|pirogue|embarcation|"
    r"accident\w*|crash\w*|collision|flood\w*|inondation\w*|cholera|choléra|epidemic|épidémie|outbreak|"
    r"lightning|foudre|storm|tempête|collaps\w*|effondr\w*|famine|drought|sécheresse|stampede|bousculade|"
    r"heat wave|canicule|malaria|paludisme|snakebite|disease|maladie|overturn\w*|derail\w*|renvers\w*|"
    r"fire broke out|incendie accidentel|mourning|deuil|condolences|condoléances|"
    r"plane crash|air crash|crashed|écrasé|pluies?|rains?|rainfall|downpours?|intempéries|orages?|diluvien\w*|"
    r"storms?|cyclone|catastrophes? naturelles?|natural disasters?|electrocut\w*|électrocut\w*|crue|floodwaters?|swollen river|"
    r"landslide|glissement de terrain|mudslide)\b", re.IGNORECASE)
FORCE_POSTURE = re.compile(
    r"\b((?:has|have|had|compte|comptait|dispose de) (?:about|some|around|nearly|more than|environ|près de|plus de)? ?[\d,. ]+ "
    r"(?:soldiers|troops|personnel|peacekeepers|soldats|militaires|casques bleus|hommes)|"
    r"(?:troops|soldiers|forces|militaires|soldats) (?:are|were|is|sont) (?:based|stationed|deployed|déployés|basés|stationnés)|"
    r"provide (?:intelligence|support)|patrol(?:s|led|ling)?\b|patrouill\w*|(?:a|une) mission de|lawmakers?|legislation|"
    r"parliament\w*|parlement\w*|voted?|vote|loi\b|projet de loi|draft law|bill\b|budget|funding|financement|"
    r"election\w*|élection\w*|summit|sommet|delivered|deliveries|procured|procurement|purchased|acquired|"
    r"livr(?:é|és|ée|ées|aison|aisons)|acquis|achet\w*)\b", re.IGNORECASE)
GENERIC = re.compile(
    r"\b(attacks? like|such attacks|these attacks|those attacks|ces attaques|de telles attaques|"
    r"face attacks|subissent des attaques|how to make|tactics|tactiques|kind of attack|type d'attaque|"
    r"suffering from|at risk of|exposed to|victims of (?:sexual )?violence|risk of|vulnerable to|"
    r"exposés? à|victimes de violences)\b",
    re.IGNORECASE)
CONTINUATION = re.compile(
    r"^\s*(?:côté (?:ami|ennemi|des assaillants|adverse)|on déplore|among the (?:dead|victims)|parmi les (?:victimes|morts)|"
    r"(?:most|many|some|all|several) of the (?:victims|dead)|la plupart des (?:victimes|morts))|"
    r"^\s*(?:\w+,\s*)?(?:the|this|that|these|la|le|l'|les|cette|ces|ce)\s*(?:(?:provisional |official |death |provisoire |)toll|bilan|riposte|response|attacks?|assaults?|ambush|raids?|violence|attaques?|embuscades?|assauts?|strikes|frappes|bombardements|"
    r"incident|explosion|blast|bombing|massacre|tuerie|killing|operation|opération|clash|affrontement|fighting)",
    re.IGNORECASE)
DEFENSIVE = re.compile(r"^(repel|repell|repuls|repouss|ripost|fought off|beat back|beaten back|drove back|"
                        r"counter|contre-attaqu|chass)", re.IGNORECASE)
OFFICIALS = re.compile(r"\b(president|prime minister|minister|head of state|président|premier ministre|ministre|"
                        r"chef de l'état)\b", re.IGNORECASE)
SECURITY_GENERIC = re.compile(r"\b(security forces|forces de sécurité|forces de l'ordre|forces de défense et de sécurité|"
                               r"fds|anti-riot|riot police|anti-émeute)\b", re.IGNORECASE)
RELEASE = re.compile(r"\b(freed|released|rescued|libérée?s?|relâchée?s?|secourue?s?|returned home|regained (?:their )?freedom)\b", re.I)
INTENT_VERBS = {"warn", "threaten", "fear", "vow", "predict", "pledge", "promise", "plan", "menacer", "craindre",
                 "promettre", "prévoir", "avertir", "redouter"}
COMPARATIVE = re.compile(r"\b(deadliest|worst|heaviest|bloodiest|largest|biggest|most lethal|first (?:\w+ )*of its kind|"
                          r"first (?:deadly |such )?attack|premi[eè]re? attaque|"
                          r"le plus meurtri\w*|la plus meurtri\w*|le plus lourd|la plus lourde|le plus grave)\b",
                          re.IGNORECASE)
CLAIM = re.compile(
    r"\b(claimed(?: responsibility for)?|claims? of responsibility|attributed (?:the \w+ )?to|blamed (?:the \w+ )?on|"
    r"revendiqu\w*|attribu\w* (?:l'attaque |l'attentat )?(?:à|au|aux)|imput\w* (?:à|au|aux))\b", re.IGNORECASE)
# "La CMA accuse l'armée d'avoir attaqué ses positions": an allegation about an event reported before
ACCUSES = re.compile(r"\b(?:accus\w+|blam\w+|reproch\w+)\b[^.;]{0,60}?\b(?:d['’]avoir|of (?:having )?\w+ing)\b",
                     re.IGNORECASE)
FOLLOWS = re.compile(r"\b(?:follows|followed|comes|came|occurred|happened)\s+(?:[\w-]+\s+){0,4}?(?:after|since)\b|"
                     r"\bfollows\b|\bfait suite à|\bsurvient\s+(?:[\w-]+\s+){0,4}?après\b|"
                     r"\bintervient\s+(?:[\w-]+\s+){0,4}?après\b", re.IGNORECASE)
OCCURRED = re.compile(r"\W*(?:the|this|that|l['’]|la|le|cette|cet|ce)\s*(?:attack|ambush|incident|assault|raid|"
                      r"clash|fighting|bombing|explosion|attaque|embuscade|incident|assaut|affrontement|"
                      r"accrochage|explosion|attentat)s?\s+(?:took place|occurred|happened|unfolded|"
                      r"s['’]est produit\w*|s['’]est déroulé\w*|a eu lieu|ont eu lieu|est survenu\w*)\b",
                      re.IGNORECASE)
# Verbs that report what someone said, in English and French.
_SAID = (r"said|say|says|stated|announced|added|reported|confirmed|told \w+|a déclaré|ont déclaré|a affirmé|"
         r"ont affirmé|a indiqué|ont indiqué|a annoncé|ont annoncé|a confirmé")
# "The officials said they arrested ...": the pronoun is the speakers
REPORTED_PRONOUN = re.compile(r"\b(?:" + _SAID + r")\s+(?:that\s+|qu['’]\s*)?(?:they|it|ils|elles)\b",
                              re.IGNORECASE)
# the day a statement was made ("the UN said on Friday that ..."), not the day of the act
SPOKEN_ON = re.compile(r"\b(?:" + _SAID + r")\s*(?:on\s+|le\s+|ce\s+)?$", re.IGNORECASE)
POLICE_TARGETS = re.compile(r"\b(?:poste de police|commissariat|police (?:station|post|checkpoint)|gendarmerie|"
                            r"gendarmes?|policiers?|policemen|police officers?|douane|customs|brigade)\b",
                            re.IGNORECASE)
DAYS_BEFORE = re.compile(r"\b(?:days|weeks|months|years|a week|a month|jours|semaines|mois|ans)\b", re.IGNORECASE)
TOWNS = re.compile(r"\b(?:attacked|attacking|attaqué|attaquant)\s+(?:the\s+|several\s+|two\s+|les\s+|des\s+|plusieurs\s+)?"
                   r"(?:towns?|cities|city|localities|villes?|localités)\b", re.IGNORECASE)
PEOPLE = re.compile(r"\b(?:civilians?|villagers?|residents?|people|inhabitants|worshippers|passengers|civils|"
                    r"habitants|villageois|personnes|population)\b", re.IGNORECASE)

SAME_DAY = re.compile(r"\b(?:the same day|that same day|on the same day|le même jour|ce même jour|"
                      r"le jour même|ce jour-là|that day)\b", re.IGNORECASE)
# A sentence naming who did an attack reported before it.
ATTRIBUTION = re.compile(
    r"\b(claimed|claims? (?:of )?responsibility|attributed|blamed|blames|blaming|identified (?:\w+ )?as|"
    r"(?:said|says) (?:it|they) (?:had |have )?(?:carried out|attacked|targeted|killed|struck|ambushed)|"
    r"revendiqu\w*|attribu\w*|imput\w*|identifiés? comme|"
    r"(?:a|ont) (?:affirmé|dit|déclaré) avoir (?:mené|attaqué|visé|tué|frappé))\b", re.IGNORECASE)
ASIDE_DEATHS = re.compile(r"^\s*(côté (?:ami|ennemi|des assaillants|adverse)|on déplore|on dénombre|among the "
                           r"(?:dead|victims)|parmi les (?:victimes|morts|tués)|the dead (?:included|were))", re.I)
SCHOOL_NAME = re.compile(r"(?:[Tt]he\s+)?Government (?-i:[A-Z])\w+ (?:College|School|Secondary|Girls|Boys|Science|Technical)")
AIR_NATION = re.compile(r"\b(French|American|U\.S\.|US|Nigerian|Nigerien|Malian|Burkinabe|Chadian|française|français|"
                         r"américaine|nigériane|nigérienne|malienne|burkinabè|tchadienne)\s+(?:air|drone|frappe)", re.I)
NATION_COUNTRY = {"french": "France", "française": "France", "français": "France", "american": "United States",
                   "u.s.": "United States", "us": "United States", "américaine": "United States",
                   "nigerian": "Nigeria", "nigériane": "Nigeria", "nigerien": "Niger", "nigérienne": "Niger",
                   "malian": "Mali", "malienne": "Mali", "burkinabe": "Burkina Faso", "burkinabè": "Burkina Faso",
                   "chadian": "Chad", "tchadienne": "Chad"}
INTRANSITIVE_DEATH = re.compile(r"\b(died|dead|perished|lost (?:their|his|her) lives?|perdu la vie|trouvé la mort|"
                                 r"péri|morts?|décès|décédés?|succombé)\b", re.IGNORECASE)
REVISION = re.compile(r"\b(raised the (?:death )?toll|rose to|risen to|climbed to|revised|now stands|has reached|increased to|"
                       r"passé à|porté à|s'est alourdi|s'était alourdi|s'alourdit|revu à la hausse|atteint désormais|désormais|premier bilan|"
                       r"first toll|initial toll|earlier toll|bilan initial)\b", re.IGNORECASE)
SEPARATELY = re.compile(r"\b(separately|in another|elsewhere|meanwhile|also on|par ailleurs|dans une autre|"
                         r"a second (?:group|attack|team|column)|another group|un (?:second|autre) groupe|"
                         r"une (?:seconde|deuxième|autre) attaque|"
                         r"ailleurs|de son côté|in a separate|dans un autre|the same day|le même jour)\b|"
                         r"^\W*(?:just |only )?(?:days|weeks|months|a day|a week|two days|three days) (?:later|earlier)\b|"
                         r"^\W*(?:quelques |deux |trois )?(?:jours|semaines|mois) plus (?:tard|tôt)\b", re.IGNORECASE)

CIVILIAN_TARGETS = re.compile(
    r"\b(villages?|towns?|markets?|mosques?|churches?|schools?|wedding|funeral|bus|buses|passengers|worshipp\w*|"
    r"homes?|houses?|hamlets?|camps? (?:for|of) (?:displaced|idps|refugees)|displacement camps?|gold mine|gold-mining|"
    r"village|localité|hameau|marché|mosquée|église|école|mariage|bus|car de transport|passagers|fidèles|"
    r"site d'orpaillage|habitants|domicile|concession|camp de déplacés|people|personnes|persons)\b", re.IGNORECASE)
MILITARY_TARGETS = re.compile(
    r"\b(military (?:base|post|camp|position|convoy|patrol|outpost)|army (?:base|post|camp|position|convoy|patrol)|"
    r"base|outpost|garrison|checkpoint|barracks|convoy|patrol|gendarmerie|police station|"
    r"poste (?:militaire|de gendarmerie|de police|avancé)?|camp militaire|caserne|convoi|patrouille|position|"
    r"détachement|check-point|brigade|commissariat|unité|customs (?:post|office)|poste de douane|"
    r"poste frontalier|border post)\b", re.IGNORECASE)
INTERVENTION = re.compile(
    r"\b(tear ?gas|dispersed|fired (?:live|rubber)|arrested (?:several |\d+ )?(?:protesters|demonstrators)|"
    r"gaz lacrymogènes?|dispers\w*|interpellé|matraqu\w*|charged)\b", re.IGNORECASE)
GATHERING = re.compile(r"\b(gathered|protest\w*|demonstrat\w*|rally|rallies|(?-i:march\w*)|sit-in|"
                        r"rassembl\w*|manifest\w*|marche)\b", re.IGNORECASE)
CIVILIAN_NEXT = re.compile(
    r"\s*(villagers?|civilians?|herders?|farmers?|women|children|residents?|traders?|worshipp\w+|pupils?|"
    r"students?|passengers?|people|villageois|civils|éleveurs?|habitants|femmes|enfants|commerçants|fidèles|"
    r"élèves|passagers|personnes|cultivateurs|agriculteurs|bergers|pêcheurs)\b", re.IGNORECASE)
BACKED = re.compile(r"(backed by|supported by|alongside|accompanied by|with the support of|assisted by|"
                     r"appuyée?s? par|soutenue?s? par|aux côtés d[eu]s?|avec l'appui d[eu]s?|accompagnée?s? par|"
                     r"épaulée?s? par)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
PROTEST_DEATHS = re.compile(r"\b(protesters|demonstrators|manifestants)\b", re.IGNORECASE)


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int


def split_sentences(parsed: Any, text: str) -> list[Sentence]:
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
                prev = out[-1] if out else None
                if prev is not None and prev.paragraph == para and _run_on(text, prev, a + lead):
                    # spaCy cut mid-sentence ("... de Dan Na Ambassagou | à des jihadistes ...")
                    out[-1] = Sentence(prev.start, a + trail, para)
                    continue
                out.append(Sentence(a + lead, a + trail, para))
    return out


def _run_on(text: str, prev: Sentence, start: int) -> bool:
    """Whether a sentence starting at `start` continues `prev`: no final stop, lower-case start."""
    before = text[prev.start:prev.end].rstrip()
    last = before[-1:]
    if not last or last in ".!?…:;»\"”)'’" or "\n" in text[prev.end:start]:
        return False
    if text[start:start + 1].islower():
        return True
    # a name cut in two ("Dan Na | Ambassagou"): both sides capitalised words, no dateline
    tail = before.split()[-1]
    head = text[start:].split(maxsplit=1)[0] if text[start:].strip() else ""
    return tail[:1].isupper() and not before.isupper() and head[:1].isupper() and head.isalpha()


def in_relative_clause(parsed: Any, trigger: TriggerHit) -> bool:
    """'five children whose parents died at the hands of militants': a death told about someone."""
    span = parsed.char_span(trigger.start, trigger.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    tok = head_token(span)
    return tok.dep_ in ("relcl", "acl:relcl") and any(
        c.tag_ in ("WP$", "WP", "WDT") or c.lower_ in ("whose", "dont") for c in tok.subtree)


def trigger_form(parsed: Any, trigger: TriggerHit) -> str:
    """past | noun_sg | noun_pl | infinitive | progressive | present | perfect | other."""
    span = parsed.char_span(trigger.start, trigger.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "other"
    tok = head_token(span)
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


def root_lemma(parsed: Any, sent: Sentence) -> str:
    span = parsed.char_span(sent.start, sent.end, alignment_mode="expand")
    if span is None:
        return ""
    return span.root.lemma_.lower()


MEANS = ("SUICIDE", "AIR", "IED", "SHELL", "GRENADE")


def depth(parsed: Any, hit: TriggerHit) -> int:
    span = parsed.char_span(hit.start, hit.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 9
    tok, depth = head_token(span), 0
    while tok.head.i != tok.i and depth < 9:
        tok, depth = tok.head, depth + 1
    return depth


def head_token(span: Any) -> Any:
    """The word that carries a trigger: a leading verb ("hurled stones"), else the span's root."""
    first = span[0]
    if len(span) > 1 and (first.tag_ in ("VBD", "VBN", "VBZ", "VBP", "VBG", "VB") or first.pos_ == "VERB"):
        return first
    return span.root


DEFINITE = frozenset({"the", "this", "that", "these", "those", "his", "her", "their", "its", "le", "la", "l'", "l’",
                      "les", "cette", "ce", "cet", "ces", "son", "sa", "ses", "leur", "leurs"})


def refers_back(parsed: Any, trigger: TriggerHit, hits: list[TriggerHit]) -> bool:
    """A trigger that names an act already told rather than telling one: "Mech Dara's arrest drew
    condemnation", "the arrest of X sent a chilling message", "the case of a journalist arrested
    over his interviews" (a participle describing someone, under a verb that is no act)."""
    span = parsed.char_span(trigger.start, trigger.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    tok = head_token(span)
    acts = set()
    for h in hits:
        other = parsed.char_span(h.start, h.end, alignment_mode="expand")
        if other is not None:
            acts.update(t.i for t in other)
    subject = tok
    while subject.dep_ == "conj" and subject.head is not subject:
        subject = subject.head      # "Statements ... and the attacks carried out by rebels mimic ..."
    if tok.pos_ in ("NOUN", "PROPN") and subject.dep_ in ("nsubj", "nsubjpass", "nsubj:pass"):
        definite = any((c.dep_ in ("det", "poss", "nmod:poss") and (c.lower_ in DEFINITE or c.dep_ != "det"))
                       for c in tok.children)
        verb = subject.head
        return definite and verb.i not in acts and verb.pos_ in ("VERB", "AUX")
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.dep_ in ("pobj", "dobj", "obj", "obl", "nmod", "appos"):
        if any(t.ent_type_ in ("DATE", "TIME") for t in tok.subtree):
            return False
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
            verb = verb.head
        return verb.pos_ in ("VERB", "AUX") and verb.i not in acts
    return False


BACK_REFERENCE = re.compile(
    r"\b(?:(?:scene|site|aftermath|wake|lieu|théâtre)\s+(?:of|de|du)|after|following|since|après|depuis|suite\s+à|"
    r"involved in|responsible for|behind|in connection with|blamed for|auteurs?\s+de|responsables?\s+de)"
    r"\s+(?:the|this|that|l['’]|la|le|cette|ce|cet)\s*$|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|last week)['’]s\s*$",
    re.IGNORECASE)


def told_before(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """Triggers that report something new: "soon after the attack", "the scene of the airstrike",
    "those involved in Tuesday's attack" refer to an event already told."""
    return [h for h in hits if not BACK_REFERENCE.search(text[max(0, h.start - 40):h.start])]


def dominant(hits: list[TriggerHit], parsed: Any = None) -> TriggerHit:
    """The trigger that reports the event: the means (bomb, drone, shell) when named,
    else the one nearest the main verb, then the stronger class."""
    crowd = [h for h in hits if h.cls in ("PROTEST", "RIOT")]
    riots = [h for h in hits if h.cls == "RIOT"]
    if riots and not any(h.cls in ("MOB",) + MEANS for h in hits):
        return riots[0]         # a crowd that burns, stones or fights: a riot, whatever died in it
    if crowd and any(h.cls == "LOOT" for h in hits) and not any(h.cls in MEANS for h in hits):
        loot = next(h for h in hits if h.cls == "LOOT")
        return TriggerHit("RIOT", loot.start, loot.end, loot.text, loot.weight, loot.noun)
    if crowd and all(h.cls in ("PROTEST", "RIOT") or (h.cls == "CLASH" and DEFENSIVE.match(h.text)) for h in hits):
        return min(crowd, key=lambda h: (PRIORITY.index(h.cls), h.start))
    means = [h for h in hits if h.cls in MEANS]
    if means:
        return min(means, key=lambda h: (PRIORITY.index(h.cls), h.start))
    if parsed is None:
        return min(hits, key=lambda h: (PRIORITY.index(h.cls), -h.weight, h.start))
    return min(hits, key=lambda h: (depth(parsed, h) > 1, PRIORITY.index(h.cls), h.start))


def quoted(text: str, start: int, end: int, sent: Sentence) -> bool:
    """Whether a trigger stands in a quotation; scare quotes around a word or two
    (« neutralisés », "terrorists") are not a quotation."""
    before = text[sent.start:start]
    opens = before.count("“") + before.count("«") + (before.count('"') % 2)
    closes = before.count("”") + before.count("»")
    if opens <= closes:
        return False
    opening = max(before.rfind("“"), before.rfind("«"), before.rfind('"'))
    closing = re.search(r"[”»\"]", text[end:sent.end])
    if closing is not None:
        inner = text[sent.start + opening + 1:end + closing.start()]
        if len(inner.split()) <= 3:
            return False
    return True


# Words that make a trigger something other than an act of political violence.
LEGAL = re.compile(r"\b(?:charged with|accused of|convicted of|confessed to|sentenced (?:for|to)|on charges of|"
                   r"trial (?:for|over)|acquitted of|cleared of|acquitté\w* d[e'’]|(?:his|her|their) (?:role|part|involvement) in|inculpés? (?:de|pour)|accusés? d[e'’]|condamnés? (?:pour|à)|"
                   r"reconnus? coupables?)\b[^.;]{0,40}$", re.IGNORECASE)
JUDICIAL_ARREST = re.compile(
    r"\b(?:house arrest|arrest warrants?|warrants? for (?:the |his |her |their )?arrest|ordered (?:the |his |her |their )?"
    r"arrest|on the orders? of (?:a |the )?(?:judge|court)|résidence surveillée|assignation à résidence|"
    r"mandats? d['’]arrêt|ordonné (?:l['’]|son |leur )arrestation)\b", re.IGNORECASE)
DETENTION_STATE = re.compile(
    r"\b(?:remains?|remained|still|are also|is also|continue to be)\s+(?:\w+\s+){0,3}?(?:detained|held|in (?:the )?"
    r"custody|in detention|behind bars)|\bin the custody of\b|\btoujours (?:détenus?|en détention)\b", re.IGNORECASE)
METAPHOR = re.compile(
    r"\battack(?:ed|s|ing)?\b[^.;]{0,80}\bfor (?:refusing|its|his|her|their|failing|not|being|saying|supporting|"
    r"criticizing|opposing)\b|\b(?:attack|assault)s? (?:on|against) (?:the |our )?(?:constitution\w*|democracy|freedom|"
    r"(?:human )?rights|sovereignty|press|free speech|rule of law|judiciary|institutions|constitutional order)|"
    r"\battaques? contre (?:la |les |l['’])?(?:constitution|démocratie|libertés?|souveraineté|institutions)",
    re.IGNORECASE)
ANIMALS = re.compile(
    r"\b(?:dogs?|cats?|animals?|livestock|cattle|cows?|goats?|sheep|camels?|elephants?|rhinos?|birds?|chickens?|"
    r"poultry|chiens?|chats?|animaux|vaches?|chèvres?|moutons?|chameaux?|éléphants?)\s+(?:\w+\s+){0,2}"
    r"(?:are|were|was|is|sont|ont été|get|got)?\s*(?:killed|slaughtered|culled|tués|abattus|morts)\b", re.IGNORECASE)


def _not_an_act(s: str, before: str, trigger: TriggerHit) -> str | None:
    """Why a trigger word here is not an act of political violence, if it is not."""
    if LEGAL.search(before):
        return "a charge or a sentence, not the act itself"
    if trigger.cls == "ARREST" and (JUDICIAL_ARREST.search(s) or DETENTION_STATE.search(s)):
        return "a court order, a warrant or a detention that continues, not an arrest"
    if trigger.cls in ("ATTACK", "CLASH") and METAPHOR.search(s):
        return "a verbal or political attack"
    if trigger.cls == "KILL" and ANIMALS.search(s):
        return "animals killed"
    return None


def statement_kind(text: str, sent: Sentence, trigger: TriggerHit, dates: list[DateMention],
                   published: str | None) -> tuple[str, list[str]]:
    """event | aggregate | background | campaign | not_pv | drop, with the reasons."""
    s = text[sent.start:sent.end]
    notes: list[str] = []
    tpos = trigger.start - sent.start
    lo = max(0, tpos - 80)
    hi = trigger.end - sent.start + 40
    while 0 < hi < len(s) and s[hi - 1].isalnum() and s[hi].isalnum():
        hi += 1     # never cut a word: "Saturday ni|ght" is not the French "ni"
    while lo > 0 and s[lo - 1].isalnum() and s[lo].isalnum():
        lo -= 1
    local = s[lo:hi]
    if NOT_PV.search(s) and trigger.cls in ("KILL", "ATTACK"):
        if not re.search(r"\b(gunmen|attackers|militants|jihadists|assailants|shot|hommes armés|assaillants|"
                         r"jihadistes|djihadistes|terroristes|abattus?)\b", s, re.IGNORECASE):
            return "not_pv", ["a disaster or accident, not political violence"]
    if FORCE_POSTURE.search(s) and trigger.cls in ("KILL", "ATTACK", "CLASH", "AIR", "SHELL") \
            and not numbers.find_fatalities(s):
        if not re.search(r"\b(attacked|ambushed|killed|attaqué|tué|tués|clashed|stormed)\b", s, re.IGNORECASE):
            return "not_pv", ["force size, posture, patrol, law or vote"]
    m = INTENT.search(local)
    if m and m.start() <= tpos - lo + 5:
        return "drop", [f"a threat, plan or possibility ({m.group(0)!r})"]
    if NEGATION.search(local):
        return "drop", ["denied or negated"]
    dated_abduction = any(trigger.end <= d.start <= trigger.end + 25 for d in dates)
    if trigger.cls == "ABDUCT" and RELEASE.search(s) and not dated_abduction:
        return "drop", ["a release of hostages, not their abduction"]
    if GENERIC.search(s):
        return "drop", ["a generality about attacks, not one event"]
    reason = _not_an_act(s, s[:tpos], trigger)
    if reason:
        return "not_pv", [reason]
    since = [d for d in dates if sent.start <= d.start < sent.end and d.cue == "since"
             and d.date.precision not in ("day",)]
    dated = [d for d in dates if sent.start <= d.start < sent.end and d.cue != "since"
             and d.date.precision == "day"]
    strong = AGGREGATE.search(s)
    if strong and not (dated and strong.group(0).lower().startswith(("since", "depuis"))):
        return "aggregate", ["a total over many events"]
    if since and not dated:
        return "aggregate", ["a total over many events"]
    if CAMPAIGN_STRONG.search(s) or (CAMPAIGN.search(s) and not dated):
        return "campaign", ["a series of actions over time"]
    if published:
        pub = date.fromisoformat(published)
        own = [d for d in dates if sent.start <= d.start < sent.end and d.date.end]
        if own and all(date.fromisoformat(d.date.end) < pub - timedelta(days=300) for d in own):
            return "background", ["history well before the report"]
    return "event", notes
