"""Who did what to whom, where the dependency parse alone is not enough.

    specific(m, ...)        "fighters of ISWAP", "jihadistes présumés de la katiba Macina" -> the group
    opposed_sides(...)      "des affrontements ont opposé A à B", "fighting pitting A against B"
    loser(...)              the side that lost ground in a takeover or a recapture
    parsed_deaths(...)      the count of the subject of a death verb, read from the parse
    named_groups(...)       the armed groups a sentence names, without their parent organisations

These are used by the events stage (events.py); roles.py reads the parse itself.
"""

from __future__ import annotations

import re
from typing import Any

from ..models import Mention
from . import numbers
from .statements import Sentence

AFFILIATE_OF = re.compile(r"\b(?:linked to|affiliated (?:to|with)|branch of|affiliate of|allied to|"
                          r"lié à|liée à|liés à|affilié à|affiliée à|proche d[e']|filiale d[e'])\s*(?:the\s+|l['’]|la\s+)?$",
                          re.IGNORECASE)
AFFILIATE_AFTER = re.compile(r"(?:['’]s\b|-linked\b|-affiliated\b|\s+(?:affiliate|branch|franchise)\b)")
AGENT_BY = re.compile(r"\b(?:par|by)\s+(?:le\s+|la\s+|les\s+|l['’]|des\s+|the\s+)?$", re.IGNORECASE)
OPPOSED = re.compile(r"\b(?:oppos(?:é|ée|és|ées|ant|ait|aient|ent|e)|pitting|pitted)\b", re.IGNORECASE)
AGAINST = re.compile(r"\b(?:à|aux|au|against|contre)\b", re.IGNORECASE)
OF_NAMED = re.compile(r"^\s*(?:de\s+la\s+|de\s+l['’]|de\s+|du\s+|des\s+|d['’]|of\s+the\s+|of\s+)$", re.IGNORECASE)


def specific(m: Mention, in_sent: list[Mention], text: str) -> Mention:
    """'jihadistes présumés de la katiba Macina', 'fighters of ISWAP': the group named after a description."""
    if not m.data.get("generic") or m.data.get("role_hint") not in ("armed_group", "military", "police"):
        return m
    after = next((n for n in in_sent if n.start >= m.end), None)
    if after is not None and not after.data.get("generic") and OF_NAMED.match(text[m.end:after.start]) \
            and after.data.get("role_hint") in ("armed_group", m.data.get("role_hint")):
        return after
    return m


def opposed_sides(text: str, sent: Sentence, in_sent: list[Mention]) -> tuple[Mention, Mention] | None:
    """'des affrontements ont opposé A à B', 'fighting pitting A against B': the two sides in order."""
    verb = OPPOSED.search(text, sent.start, sent.end)
    if verb is None:
        return None
    after = [m for m in in_sent if m.start >= verb.end()]
    if not after:
        return None
    first = specific(after[0], in_sent, text)
    second = next((m for m in after if m.start >= first.end and m is not first
                   and AGAINST.search(text, first.end, m.start)), None)
    if second is None:
        return None
    return first, specific(second, in_sent, text)


LOST_TO = re.compile(r"\b(?:from|fighting with|clashes with|battle with|driving out|drove out|expelling|dislodging|"
                     r"des mains d[eu]s?|combats? (?:avec|contre)|affrontements (?:avec|contre)|chassant|délogeant)"
                     r"\s+(?:the\s+|les\s+|le\s+|la\s+|l['’])?(?:\w+\s+){0,2}$", re.IGNORECASE)


def loser(cls: str, text: str, sent: Sentence, in_sent: list[Mention], mentions: list[Mention],
           winner: Mention | str | None) -> Mention | str:
    """Who lost the ground: the side named after 'from', 'fighting with'; for a government
    recapture, the armed group the text names around it; else the state's forces."""
    def other(m: Mention) -> bool:
        return not (isinstance(winner, Mention) and m.key == winner.key) and m.data.get("role_hint") != "civilian"

    for m in in_sent:
        if other(m) and LOST_TO.search(text[max(sent.start, m.start - 45):m.start]):
            return specific(m, in_sent, text)
    if cls == "REGAIN":
        near = [m for m in mentions if abs(m.start - sent.start) < 600 and other(m)
                and not m.data.get("generic") and m.data.get("inter") in (2, 3, 4)]
        if near:
            return min(near, key=lambda m: abs(m.start - sent.start))
        return "Unidentified Armed Group"
    return "Military Forces"


DEATH_LEMMAS = frozenset({"kill", "die", "perish", "execute", "massacre", "murder", "slay", "tuer", "mourir",
                          "périr", "exécuter", "massacrer", "abattre", "assassiner", "décéder"})


def parsed_deaths(parsed: Any, text: str, sent: Sentence, language: str
                   ) -> tuple[int, int | None, int | None, list[numbers.Count], dict[str, numbers.Count]] | None:
    """'Deux militaires français qui intervenaient dans le cadre de ... ont été tués': the count of
    the subject of a death verb, however far the parse puts it from the verb."""
    span = parsed.char_span(sent.start, sent.end, alignment_mode="expand")
    if span is None:
        return None
    for tok in span:
        if tok.lemma_.lower() not in DEATH_LEMMAS or tok.pos_ not in ("VERB", "AUX"):
            continue
        passive = any(c.dep_ in ("auxpass", "aux:pass") for c in tok.children)
        for arg in tok.children:
            if not (arg.dep_ in ("nsubjpass", "nsubj:pass") or (arg.dep_ in ("dobj", "obj") and not passive)
                    or (arg.dep_ == "nsubj" and tok.lemma_.lower() in ("die", "perish", "mourir", "périr", "décéder"))):
                continue
            num = next((c for c in arg.children if c.dep_ == "nummod"), None)
            if num is None and arg.ent_type_ in ("PERSON", "PER") and arg.dep_ != "obj" and arg.dep_ != "dobj":
                # "al-Rufay'i was killed Thursday": one named person (and those named with him)
                named = [arg] + [c for c in arg.children if c.dep_ == "conj" and c.ent_type_ in ("PERSON", "PER")]
                count = numbers.Count(arg.idx, arg.idx + len(arg.text), arg.text, len(named), len(named), len(named))
                return count.best, count.low, count.high, [count], {"unknown": count}
            if num is None:
                continue
            found = numbers.find_numbers(text[num.idx:num.idx + len(num.text)], language)
            if not found:
                continue
            c = found[0]
            count = numbers.Count(num.idx, num.idx + len(num.text), num.text, c.best, c.low, c.high)
            group = numbers.death_group(text[sent.start:sent.end], numbers.Count(
                count.start - sent.start, count.end - sent.start, count.text, c.best, c.low, c.high))
            return count.best, count.low, count.high, [count], {group: count}
    return None


def named_groups(text: str, mentions: list[Mention]) -> list[Mention]:
    """The named armed groups among `mentions`; 'JNIM, al Qaeda's Sahel affiliate' names JNIM only."""
    named = [m for m in mentions if not m.data.get("generic") and m.data.get("inter") in (2, 3, 4)]
    return [m for m in named if not AFFILIATE_OF.search(text[max(0, m.start - 25):m.start])
            and not AFFILIATE_AFTER.match(text, m.end)] or named
