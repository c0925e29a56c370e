"""Text helpers of the relation stage: sentences, slotted strings, sources, places,
figures and dates. Pure functions over strings and models types; the spaCy parse is
only read (sentence bounds, whether a word sits in a main clause).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import EventDate, Evidence
from . import relation_rules as rr
from .dates import DateMention
from .relation_parties import Party

SUBORDINATE_DEPS = frozenset({"relcl", "acl", "acl:relcl", "advcl", "appos", "ccomp", "parataxis", "csubj"})


PLACE_CUT = re.compile(r",|\s(?:for|since|from|until|where|outside|in|when|after|before|depuis|jusqu'|où|à|en|"
                       r"dans|pendant|during|le jour|ever|le long|along)\s", re.I)


PLACE_LEAD = re.compile(r"^(?:[^A-ZÀ-Ý]*?\b(?:notamment|including|especially|in particular|en particulier|"
                        r"such as)\s+)")


GEO_NOUNS = (r"islands?|îles?|forest|forêt|axe|axis|road|routes?|centre|center|north|south|east|west|nord|sud|est|"
             r"ouest|delta|valley|vallée|lake|lac|région|cercle|province|district|zone|parc|park|massif|plateau|"
             r"commune")


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    parties: list[int] = field(default_factory=list)      # indexes into the document's parties


def split_sentences(text: str, parsed: Any) -> list[Sentence]:
    spans: list[tuple[int, int]] = []
    sents = getattr(parsed, "sents", None)
    if sents is not None:
        try:
            spans = [(s.start_char, s.end_char) for s in sents]
        except (ValueError, AttributeError):
            spans = []
    if not spans:
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+(?:[.!?]+[\"»”]?|$)", text)]
    merged: list[tuple[int, int]] = []
    for start, end in spans:    # a sentence split after "U.S." or "Brig.", or before a comma, rejoins its rest
        if merged and (re.search(r"\b(?:U\.S|U\.N|U\.K|Gen|Brig|Lt|Col|Dr|Mr|Mrs|St|No)\.\s*$",
                                 text[merged[-1][0]:merged[-1][1]]) or re.match(r"\s*[,;:)a-zà-ÿ]", text[start:end])):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [Sentence(i, a, b, text[a:b]) for i, (a, b) in enumerate(merged)]


def main_clause(parsed: Any, char: int) -> bool:
    """Is the token at `char` outside relative, adverbial and appositive clauses?"""
    if parsed is None or not hasattr(parsed, "char_span"):
        return True
    span = parsed.char_span(char, char + 1, alignment_mode="expand")
    if span is None or not len(span):
        return True
    tok = span[0]
    steps = 0
    while tok.head is not tok and steps < 40:
        if tok.dep_ in SUBORDINATE_DEPS:
            return False
        tok = tok.head
        steps += 1
    return True


_QUOTES = str.maketrans({"«": " ", "»": " ", "“": " ", "”": " ", '"': " ", "’": "'", "‘": "'", "\u00a0": " ",
                         "\u202f": " "})


_DET_BEFORE_SLOT = re.compile(r"(?:\b(?:the|le|la|les)\s+|\b[lL]')$")


_DE_BEFORE_SLOT = re.compile(r"\b(?:d'|du\s+|des\s+|de\s+la\s+|de\s+l'|de\s+)$", re.I)


_A_BEFORE_SLOT = re.compile(r"\b(?:au\s+|aux\s+|à\s+la\s+|à\s+l'|à\s+)$", re.I)


def slotted(text: str, s: Sentence, parties: list[Party],
             skip: Sequence[tuple[int, int]] = ()) -> tuple[str, list[int], dict[int, int]]:
    """The sentence with each party replaced by ⟨n⟩, and the document offset of each character.
    Parties inside `skip` spans (the source of "according to X") stay words."""
    out: list[str] = []
    offsets: list[int] = []
    slot_of: dict[int, int] = {}
    pos = s.start

    def emit(chunk: str, base: int, before_slot: bool) -> None:
        chunk = chunk.translate(_QUOTES)
        buf, offs = [], []
        for k, ch in enumerate(chunk):
            if ch.isspace():
                if buf and buf[-1] == " ":
                    continue
                ch = " "
            buf.append(ch)
            offs.append(base + k)
        string = "".join(buf)
        if before_slot:
            for pattern, repl in ((_DE_BEFORE_SLOT, "de "), (_A_BEFORE_SLOT, "à "), (_DET_BEFORE_SLOT, "")):
                m = pattern.search(string)
                if m:
                    anchor = offs[m.start()] if m.start() < len(offs) else base
                    string = string[:m.start()] + repl
                    offs = offs[:m.start()] + [anchor] * len(repl)
                    break
        out.append(string)
        offsets.extend(offs)

    for n, i in enumerate(s.parties):
        p = parties[i]
        if p.start < pos or any(a <= p.start < b for a, b in skip):
            continue
        emit(text[pos:p.start], pos, True)
        token = f"⟨{n}⟩"
        slot_of[n] = i
        out.append(token)
        offsets.extend([p.start] * (len(token) - 1) + [p.end - 1])
        pos = p.end
    emit(text[pos:s.end], pos, False)
    return "".join(out), offsets, slot_of


def map_span(offsets: list[int], start: int, end: int, s: Sentence) -> tuple[int, int]:
    if not offsets:
        return s.start, s.end
    a = offsets[min(start, len(offsets) - 1)]
    b = offsets[min(max(end - 1, start), len(offsets) - 1)] + 1
    return max(s.start, a), min(s.end, max(b, a + 1))


def place_of(raw: str) -> str | None:
    """The area of a controls_area statement: "much of the countryside of the Inner Niger
    Delta in central Mali" -> "Inner Niger Delta"."""
    text = raw.strip().translate(_QUOTES)
    lead = PLACE_LEAD.match(text)
    if lead:
        text = text[lead.end():]
    cut = PLACE_CUT.search(" " + text + " ")
    if cut:
        text = (" " + text)[:cut.start()].strip()
    names = list(re.finditer(r"[A-ZÀ-Ý][\w'-]*(?:\s+(?:du|de|des|of|the|d')?\s*[A-ZÀ-Ý][\w'-]*)*", text))
    m = names[-1] if names else None
    if m is None:
        return None
    start, end = m.start(), m.end()
    head = re.search(rf"\b(?:{GEO_NOUNS})\s+(?:(?:of the|of|de la|de l'|du|de|des|d')\s*)?$", text[:start], re.I)
    if head:
        start = head.start()
    tail = re.match(r"\s+(?:region|province|area|forest|circle|district|delta)\b", text[end:], re.I)
    if tail:
        end += tail.end()
    place = text[start:end].strip()
    return place or None


def money(text: str, base: int, stage: str) -> list[Evidence]:
    """The share ("10 percent of the value of each convoy") and amount ("$50,000 per trip")."""
    out: list[Evidence] = []
    share = rr.SHARE.search(text)
    taken: tuple[int, int] | None = None
    if share:
        value = share.group(0).strip().rstrip(",")
        out.append(Evidence("share", base + share.start(), base + share.start() + len(value), value, stage))
        taken = (share.start(), share.end())
    for m in rr.AMOUNT.finditer(text):
        if taken and m.start() < taken[1] and taken[0] < m.end():
            continue
        value = m.group(0).strip().rstrip(",")
        if not re.search(r"\d|million|thousand|milliers|millions|centaines", value, re.I):
            continue
        out.append(Evidence("amount", base + m.start(), base + m.start() + len(value), value, stage))
        break
    return out


def negated(span: str) -> bool:
    cleaned = re.sub(r"⟨\d+⟩", " ", span)
    return bool(rr.NEGATION.search(cleaned)) and not re.search(r"\bnot only\b|\bnon seulement\b", cleaned, re.I)


def find_sources(sentence: str) -> list[tuple[str, int, int, str, str]]:
    """(text, start, end, verb, kind) of each source named in the sentence."""
    found = []
    for m in rr.SOURCE_PREFIX.finditer(sentence):
        verb = m.group("verb").lower()
        if verb.startswith("claim") and not re.match(r"\s*(?:that|to)\b", sentence[m.end("verb"):]):
            continue
        found.append((m.group("src"), m.start("src"), m.end("src"), verb, "prefix"))
    for pattern in (rr.SOURCE_POST, rr.SOURCE_POST_FR):
        for m in pattern.finditer(sentence):
            found.append((m.group("src").strip(), m.start("src"), m.start("src") + len(m.group("src").strip()),
                          m.group("verb").lower(), "post"))
    for m in rr.SOURCE_ACCORDING.finditer(sentence):
        found.append((m.group("src").strip(), m.start("src"), m.end("src"), "according", "according"))
    cleaned = []
    for text, start, end, verb, kind in found:
        text = re.sub(r"^(?:In a statement|Dans un communiqué|In a report|Dans un rapport)\s*,\s*", "", text)
        if len(text) < 2 or re.fullmatch(r"(?:it|il|elle|they|ils)", text, re.I) and kind != "prefix":
            continue
        cleaned.append((text, start, end, verb, kind))
    return cleaned


def pick_source(sources: list[tuple[str, int, int, str, str]], start: int,
                 end: int) -> tuple[str, int, int, str] | None:
    best = None
    for text, s0, s1, verb, kind in sources:
        if s0 < end and start < s1 and kind != "according":
            continue            # the source is one of the tie's parties' own words
        if kind == "prefix" and s1 <= start:
            best = (text, s0, s1, verb)
        elif kind in ("post", "according") and best is None:
            best = (text, s0, s1, verb)
    return best


def date_for(start: int, end: int, s: Sentence, dates: Sequence[DateMention], sentences: list[Sentence]) -> EventDate:
    """The date of a statement at [start, end) of sentence `s`: a date inside it or just after,
    absolute dates first; else one before it in the sentence; "the same year", "ever since" and
    bare years ("the 2015 agreement") as the text gives them."""
    if rr.EVER_SINCE.search(s.text[start - s.start:end - s.start + 12]) and s.index > 0:
        prior = [d for d in dates if sentences[s.index - 1].start <= d.start < s.start and d.date.start]
        if prior:
            d = prior[-1].date
            return EventDate(d.start, None, d.precision, d.text)
    inside = sorted((d for d in dates if start <= d.start < min(s.end, end + 45)),
                    key=lambda d: (d.relative, d.start))
    before = [d for d in dates if s.start <= d.start < start]
    chosen: DateMention | None = None
    resolved = [d for d in inside if d.date.precision != "unknown"]
    if resolved:
        chosen = resolved[0]
    elif before and [d for d in before if d.date.precision != "unknown"]:
        chosen = [d for d in before if d.date.precision != "unknown"][-1]
    if chosen is None:
        window = s.text[start - s.start:]
        if rr.SAME_YEAR.search(window) or rr.SAME_YEAR.search(s.text):
            prior = [d for d in dates if d.start < s.start and d.date.start]
            if prior:
                year = prior[-1].date.start[:4]
                return EventDate(f"{year}-01-01", f"{year}-12-31", "year", prior[-1].date.text)
        if rr.EVER_SINCE.search(s.text[start - s.start:end - s.start + 20]):
            prior = [d for d in dates if d.start < s.start and d.date.start and s.index > 0
                     and sentences[s.index - 1].start <= d.start]
            if prior:
                d = prior[-1].date
                return EventDate(d.start, None, d.precision, d.text)
        year = re.search(r"\b(19[5-9]\d|20[0-4]\d)\b", s.text[start - s.start:end - s.start])
        if year:        # "the 2015 Algiers agreement"
            return EventDate(f"{year.group(1)}-01-01", f"{year.group(1)}-12-31", "year", year.group(1))
        return EventDate()
    d = chosen.date
    if chosen.cue == "since" or re.match(r"(?:since|depuis|from)\b", d.text, re.I):
        return EventDate(d.start, None, d.precision, d.text)
    return EventDate(d.start, d.end, d.precision, d.text)


def date_evidence(date: EventDate, dates: Sequence[DateMention], stage: str) -> list[Evidence]:
    for d in dates:
        if d.date.text == date.text and d.date.start == date.start:
            return [Evidence("date", d.start, d.end, date.text, stage)]
    return []
