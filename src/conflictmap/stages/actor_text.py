"""Text helpers of the actor stage: tokens with exact offsets and the small rules
that decide whether a run of tokens may be read as an actor name.

Kept apart from stages/actors.py (the knowledge base and its matcher) so that each
module stays short; nothing here knows about actors.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from ..models import fold

LANGUAGES: tuple[str, ...] = ("en", "fr")

# A word: a letter or digit, then letters, digits or combining accents (text in NFD
# form keeps its accents inside the word). Everything else separates words.
TOKEN_RE = re.compile(r"[^\W_][\w\u0300-\u036f]*")
# What may separate two words of one name: one to three spaces, hyphens, apostrophes.
_GAP_RE = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014'\u2019\u2018`]{1,3}")
# After an initial ("U.N.", "U.S. troops") a period may also sit in the gap.
_INITIAL_GAP_RE = re.compile(r"\.[\s\-]?")
_INNER_APOSTROPHE = re.compile(r"(?<=\w\w)['\u2019\u2018`](?=\w\w)")

# Words before which a "det" alias is a noun: "des militaires", "12 militaires".
DETERMINERS: frozenset[str] = frozenset("""
    the some several many few two three four five six seven eight nine ten dozen dozens
    of hundreds scores these those their our
    des les aux ces de d du un une plusieurs quelques nombreux certains deux trois quatre
    cinq sept huit neuf dix onze douze quinze vingt trente cent mille leurs nos ses
    dizaine dizaines centaine centaines
""".split())

# Upper-case function words: an acronym between them is a shouted headline ("THIS IS A").
_SHOUTED = frozenset("""
    THE AND OF IN TO ON FOR A AN AT BY FROM WITH THIS THAT IT WAS ARE WILL HAS NOT
    LE LA LES DES DU DE ET EN AU AUX UN UNE PAR POUR SUR DANS EST
""".split())

# Words ending in s or x that are not plurals.
_NOT_PLURAL = frozenset("""
    les des aux ces ses mes tes nos vos leurs us is as this his its was has bus pays corps
    fois dans sans sous vers chez plus moins tres apres pres jamais toujours gens
    francais anglais senegalais beninois togolais camerounais leonais sierra-leonais
    congolais gabonais marocais japonais chinois libanais portugais villageois
""".split()) - {"villageois"}

# Member nouns that widen a named group's mention ("Boko Haram fighters").
MEMBER_SUFFIXES: tuple[tuple[str, ...], ...] = tuple(sorted((tuple(s.split()) for s in """
    islamic group|islamist group|militant group|militant groups|jihadist group|jihadist groups
    armed group|terrorist group|rebel group|rebel groups|extremist group|insurgent group
    rebels|fighters|fighter|militants|insurgents|jihadists|militiamen|militia|gunmen|members
    elements|group|groups|faction|factions|combatants|loyalists|terrorists|operatives|splinter group
""".replace("\n", "|").split("|") if s.strip()), key=len, reverse=True))

# "<noun> <connector> <group>": "combattants de l'EIGS", "members of Ansar Dine".
MEMBER_CONNECTORS: tuple[tuple[str, ...], ...] = (
    ("of", "the"), ("from", "the"), ("de", "l"), ("de", "la"), ("of",), ("from",), ("du",),
    ("des",), ("de",), ("d",),
)
MEMBER_NOUNS: frozenset[str] = frozenset("""
    members member fighters fighter militants militant elements jihadists combatants insurgents
    gunmen militiamen loyalists operatives
    membres membre combattants combattant elements jihadistes djihadistes terroristes hommes
    insurges assaillants partisans miliciens
""".split())

# Capitalised weekday and month names that stock NER models read as persons.
DATE_GUARDS: dict[str, tuple[str, ...]] = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
           "janvier", "février", "avril", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
}


@dataclass(frozen=True)
class Tokens:
    """The words of one text: offsets into `text`, the words, their folded forms."""

    text: str
    starts: list[int]
    ends: list[int]
    words: list[str]
    folds: list[str]


def tokenize(text: str) -> tuple[list[int], list[int], list[str]]:
    """Start offsets, end offsets and words of `text` (offsets index `text` itself)."""
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    for match in TOKEN_RE.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
        words.append(match.group())
    return starts, ends, words


def gap_ok(toks: Tokens, j: int) -> bool:
    """May word j and word j+1 belong to one name?"""
    gap = toks.text[toks.ends[j]:toks.starts[j + 1]]
    if _GAP_RE.fullmatch(gap):
        return "\n\n" not in gap
    return len(toks.words[j]) == 1 and _INITIAL_GAP_RE.fullmatch(gap) is not None


def accept_det(toks: Tokens, i: int) -> bool:
    """Is word i preceded by a determiner or a number (so it is a noun)?"""
    if i == 0 or not gap_ok(toks, i - 1):
        return False
    before = toks.folds[i - 1]
    return before in DETERMINERS or before.isdigit()


def looks_shouted(toks: Tokens, i: int) -> bool:
    """Is word i inside upper-case running text (a headline), not an acronym?"""
    for k in (i - 1, i + 1):
        if 0 <= k < len(toks.words) and toks.words[k] in _SHOUTED:
            return True
    return False


@functools.lru_cache(maxsize=8192)
def strip_accents(word: str) -> str:
    """'Qaïda' -> 'Qaida' (case kept)."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def alias_variants(text: str) -> list[str]:
    """An alias and, when an apostrophe sits inside a word, its form without it:
    "Jama'at" is also written "Jamaat" (but "Mali's" and "d'Ivoire" are left alone)."""
    joined = _INNER_APOSTROPHE.sub("", text)
    return [text] if joined == text else [text, joined]


def is_plural(words: list[str], proper_ok: bool = True) -> bool:
    """Does a descriptive phrase name several people? Judged on its first and last
    words (the head noun is last in English, first in French). Capitalised words
    count only when `proper_ok` (not inside an organisation's name)."""
    for word in {words[0], words[-1]}:
        if sum(c.isupper() for c in word) >= 2:
            continue
        if word[:1].isupper() and not proper_ok:
            continue
        folded = fold(word)
        if folded.endswith("men") or folded in ("people", "children", "youth", "youths"):
            return True
        if len(folded) > 3 and folded.endswith(("s", "x")) and folded not in _NOT_PLURAL:
            return True
    return False


# Head nouns of the national forms given to the entity ruler ("Malian army",
# "soldats maliens"); the matcher knows many more.
RULER_HEADS: dict[str, frozenset[str]] = {
    "en": frozenset("army military soldiers troops forces government authorities police junta".split()),
    "fr": frozenset("armee soldats militaires forces troupes gouvernement autorites police gendarmerie junte".split()),
}
_FEMININE_NOUNS = frozenset("armee forces troupes autorites police gendarmerie junte".split())
_FEMININE_ONLY = ("nne", "nnes", "aise", "aises", "oise", "oises", "ane", "anes", "ande", "andes", "ine", "ines")
_MASCULINE_ONLY = ("ien", "iens", "ain", "ains", "ian", "ians", "and", "ands", "ais", "ois")


def ruler_form(words: list[str], language: str) -> bool:
    """Is a national form worth a ruler pattern: a common head noun, and in French
    an adjective that agrees with it ("armée malienne", not "armée malien")?"""
    folded = [fold(w) for w in words]
    heads = RULER_HEADS[language]
    if language == "en":
        return folded[-1] in heads
    noun, adj = folded[0], folded[-1]
    if noun not in heads or len(folded) != 2:
        return noun in heads and len(folded) == 3 and folded[1] in ("du", "de", "d")
    if noun.endswith("s") != adj.endswith(("s", "x")) and not adj.endswith(("ais", "ois")):
        return False
    if noun in _FEMININE_NOUNS:
        return not adj.endswith(_MASCULINE_ONLY) or adj.endswith(("ais", "ois")) and noun.endswith("s")
    return not adj.endswith(_FEMININE_ONLY)
