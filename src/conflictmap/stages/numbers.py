"""The numbers stage: counts in English and French, and which of them are deaths.

    find_numbers("at least a dozen soldiers", "en") -> [Count(0, 17, best=12, low=12, ...)]
    find_fatalities(sentence, "fr") -> [Count(...)] the death counts of the sentence

Vague quantities follow one documented convention (tests/gold/events/CONVENTIONS.md):
"a few"/"several"/"plusieurs" -> 3, "a dozen"/"une douzaine" -> 12, "une dizaine" -> 10,
"tens"/"des dizaines" -> 10, "dozens" -> 12, "hundreds"/"des centaines" -> 100 (ACLED's rule).
Injured, abducted, missing and displaced people are never deaths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STAGE = "numbers.rules.v1"

# Larger tolls are totals (a war, a year), never one event's deaths.
MAX_SINGLE_EVENT_DEATHS = 5000

UNITS_EN = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_EN = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
           "eighty": 80, "ninety": 90}
UNITS_FR = {
    "zéro": 0, "aucun": 0, "aucune": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4,
    "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
    "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "dix-sept": 17, "dix-huit": 18,
    "dix-neuf": 19,
}
TENS_FR = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
           "soixante-dix": 70, "quatre-vingt": 80, "quatre-vingts": 80, "quatre-vingt-dix": 90}
# Approximate quantities: word -> (best, low, high)
VAGUE = {
    "a few": (3, 2, 5), "several": (3, 3, 9), "a handful of": (3, 2, 5), "a dozen": (12, 12, 12),
    "dozens": (12, 12, 99), "dozens of": (12, 12, 99), "scores of": (40, 40, 99), "tens of": (10, 10, 99),
    "hundreds": (100, 100, 999), "hundreds of": (100, 100, 999), "thousands of": (1000, 1000, 9999),
    "plusieurs": (3, 3, 9), "quelques": (3, 2, 5), "une dizaine": (10, 8, 12), "une douzaine": (12, 12, 12),
    "une quinzaine": (15, 13, 17), "une vingtaine": (20, 18, 22), "une trentaine": (30, 28, 32),
    "une quarantaine": (40, 38, 42), "une cinquantaine": (50, 48, 52), "une soixantaine": (60, 58, 62),
    "une centaine": (100, 90, 110), "des dizaines": (10, 10, 99), "des centaines": (100, 100, 999),
    "des milliers": (1000, 1000, 9999),
}

_WORDS = sorted(
    list(UNITS_EN) + list(TENS_EN) + list(UNITS_FR) + list(TENS_FR), key=len, reverse=True)
_WORD_NUM = (r"(?:(?:" + "|".join(re.escape(w) for w in TENS_EN | TENS_FR) + r")(?:[- ](?:et[- ])?(?:"
             + "|".join(re.escape(w) for w in list(UNITS_EN) + list(UNITS_FR)) + r"))?"
             r"|" + "|".join(re.escape(w) for w in _WORDS) + r")"
             r"(?:[- ](?:hundred|cents?|thousand|mille)(?:[- ](?:and[- ])?[a-z-]+)?)?")
_DIGITS = r"\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|\d+"
_VAGUE_RE = "|".join(re.escape(w) for w in sorted(VAGUE, key=len, reverse=True))
_QUAL = (r"(?P<qual>at least|at most|more than|over|nearly|almost|about|around|approximately|some|up to|"
         r"roughly|fewer than|less than|no fewer than|au moins|plus de|près de|presque|environ|"
         r"quelque|jusqu'à|moins de|pas moins de|un peu plus de|une? bonne)\s+")
_NUMBER_RE = re.compile(
    r"(?<![\w-])(?:" + _QUAL + r")?(?:(?:between|entre)\s+(?P<lo>" + _DIGITS + r"|" + _WORD_NUM + r")\s+(?:and|et)\s+"
    r"(?P<hi>" + _DIGITS + r"|" + _WORD_NUM + r")|(?P<num>" + _DIGITS + r")(?:\s*(?:-|–|to|à)\s*(?P<num2>" + _DIGITS + r"))?"
    r"|(?P<vague>" + _VAGUE_RE + r")|(?P<word>" + _WORD_NUM + r"))(?![\w])",
    re.IGNORECASE)


_MONTHS = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
           r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|"
           r"decembre|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b")
_MONTH_AFTER = re.compile(r"(?:st|nd|rd|th|er)?\s+" + _MONTHS, re.IGNORECASE)
_MONTH_BEFORE = re.compile(r"\b" + _MONTHS + r"\.?\s+$", re.IGNORECASE)


@dataclass
class Count:
    start: int
    end: int
    text: str
    best: int
    low: int | None = None
    high: int | None = None


def word_value(text: str) -> int | None:
    """'twenty-one' -> 21, 'quatre-vingt-dix' -> 90, 'deux cents' -> 200."""
    t = text.lower().strip()
    if t in VAGUE:
        return VAGUE[t][0]
    for table in (UNITS_EN, UNITS_FR, TENS_EN, TENS_FR):
        if t in table:
            return table[t]
    parts = re.split(r"[- ]+", t)
    total, current = 0, 0
    for part in parts:
        if part in ("and", "et"):
            continue
        if part in ("hundred", "cent", "cents"):
            current = max(current, 1) * 100
        elif part in ("thousand", "mille"):
            total += max(current, 1) * 1000
            current = 0
        elif part in UNITS_EN or part in UNITS_FR:
            current += UNITS_EN.get(part, UNITS_FR.get(part, 0))
        elif part in TENS_EN or part in TENS_FR:
            current += TENS_EN.get(part, TENS_FR.get(part, 0))
        elif part == "quatre" or part == "vingt" or part == "vingts":
            current += {"quatre": 4, "vingt": 20, "vingts": 20}[part]
        else:
            return None
    value = total + current
    return value if value or t in ("zero", "zéro") else None


def _digits(text: str) -> int:
    return int(re.sub(r"[,\u202f\u00a0 ]", "", text))


def _value(text: str) -> int | None:
    return _digits(text) if text[0].isdigit() else word_value(text)


def find_numbers(text: str, language: str = "en") -> list[Count]:
    """Every count in `text` with best/low/high from its qualifier."""
    counts = []
    for m in _NUMBER_RE.finditer(text):
        qual = (m["qual"] or "").lower()
        if _MONTH_AFTER.match(text, m.end()) or _MONTH_BEFORE.search(text, 0, m.start()):
            continue        # "between 27 and 31 March", "March 27": a date, not a count
        if m["lo"]:
            lo, hi = _value(m["lo"]), _value(m["hi"])
            if lo is None or hi is None:
                continue
            counts.append(Count(m.start(), m.end(), m[0], lo, lo, hi))
            continue
        if m["num"]:
            value = _digits(m["num"])
            if 1900 <= value <= 2100 and not qual and not m["num2"]:
                continue        # a year
            high = _digits(m["num2"]) if m["num2"] else None
            best, low = value, value
            if high is not None:
                if high < value:
                    continue
                counts.append(Count(m.start(), m.end(), m[0], best, low, high))
                continue
        elif m["vague"]:
            best, low, high = VAGUE[m["vague"].lower()]
            counts.append(Count(m.start(), m.end(), m[0], best, low, high if not qual else None))
            continue
        else:
            word = m["word"].lower()
            if word == "no" and not qual:
                continue
            if m["word"].isupper() and len(m["word"]) > 1:
                continue    # "UN", not "un"
            if (language == "fr" and word in ("a", "an", "one", "no")) or (language == "en" and word in ("un", "une")):
                continue    # French "a" is a verb; English has no "un"
            value = word_value(word)
            if value is None:
                continue
            best, low = value, value
        high = None
        if qual in ("up to", "at most", "jusqu'à", "fewer than", "less than", "moins de"):
            low, high = None, best
        elif qual in ("nearly", "almost", "près de", "presque"):
            low, high = None, best
        elif qual in ("about", "around", "approximately", "some", "roughly", "environ", "quelque"):
            low, high = None, None
        counts.append(Count(m.start(), m.end(), m[0], best, low, high))
    return counts


_DEATH_AFTER = re.compile(
    r"^[^.;:!?]{0,70}?\b(killed|dead|deaths?|died|die|slain|executed|massacred|murdered|shot dead|lost their lives|"
    r"perished|bodies|fatalities|lifeless|neutrali[sz]ed|blew (?:themselves|himself|herself) up|(?:se sont|s'est) fait exploser|tués?|tuées?|morts?|mortes|décès|décédés?|ont péri|a péri|"
    r"ont perdu la vie|a perdu la vie|ont trouvé la mort|a trouvé la mort|périssent|abattus?|exécutés?|"
    r"massacrés?|sans vie|neutralisés?|tombés?|corps (?:\w+ ){0,3}?(?:retrouvés|découverts|récupérés)|battu\w* à mort|beaten to death|lynch\w*)\b", re.IGNORECASE)
_DEATH_BEFORE = re.compile(
    r"\b((?:killing|kills|tuant) (?:herself|himself|themselves|elle-même|lui-même|eux-mêmes) (?:and|et)|"
    r"killing|killed|kills|kill|left|leaving|death toll (?:rose |climbed |stands |stood |reached |was |is )?(?:to |at |of )?|"
    r"claimed the lives of|claiming the lives of|took the lives of|toll of|deaths? of|tuant|tué|tuer|faisant|fait|font|"
    r"bilan (?:provisoire |officiel |humain )?(?:est |fait état |s'élève |serait )?(?:de |à |d')?|"
    r"shooting dead|shot dead|executed|executing|massacred|massacring|slaughtered|murdered|murdering|beheaded|"
    r"assassinated|losing|perdant|tuées?|tués|"
    r"coûté la vie à|coûtant la vie à|neutralisé|neutralisant|abattu|abattant|exécuté)\b\s*(?:(?!and\b|et\b)\w+\s+){0,2}$",
    re.IGNORECASE)
_NOT_DEATH = re.compile(
    r"\b(injur\w*|wound\w*|hurt|blessé\w*|abduct\w*|kidnap\w*|enlev\w*|hostage\w*|otages?|missing|disparu\w*|"
    r"arrest\w*|arrêt\w*|interpell\w*|displaced|déplacé\w*|detain\w*|captured|capturé\w*|rescued|freed|libéré\w*|"
    r"released|fled|fui|survivors?|survivants?|refugees?|réfugiés?|soldiers strong|troops? (?:are|is) based|"
    r"deployed|déployés?|based|stationed|attacks|attaques|incidents?|villages|vehicles|véhicules|houses|maisons)\b",
    re.IGNORECASE)
_LEFT_DEAD = re.compile(r"\b(left|leaving|faisant|fait|font)\b", re.IGNORECASE)


_SPLIT = re.compile(r"(?:\band\b|\bet\b|\bwhose\b|\bdont les\b|;|,(?!\s*(?:including|among them|dont|parmi|mostly|most of them|notamment)\b))",
                    re.IGNORECASE)
_COORD = re.compile(r"^\s*(?:[\w'’.-]+\s+){0,6}?(?:and|et|as well as|ainsi que|,)\s*$", re.IGNORECASE)
_ASIDE = re.compile(
    r",\s*(?:including|among them|mostly|most of them|many of them|several of them|some of them|all of them|"
    r"\w+ of them|\w+ of whom|dont|parmi eux|parmi lesquels|notamment|en majorité|majoritairement|"
    r"pour la plupart|la plupart)\b[^,.;]*(?:,|(?=[.;])|$)", re.IGNORECASE)
_PREP = re.compile(r"\s(?:in|on|at|near|from|during|when|after|dans|à|au|aux|près|lors|pendant|après|en)\s",
                   re.IGNORECASE)


def find_fatalities(sentence: str, language: str = "en") -> list[Count]:
    """The counts of `sentence` that are deaths (victims, attackers or both)."""
    # "12 villagers, including women and children, were killed": drop the aside
    sentence = _ASIDE.sub(lambda m: " " * len(m.group(0)), sentence)
    counts = find_numbers(sentence, language)
    is_death = [False] * len(counts)
    for i, count in enumerate(counts):
        after = sentence[count.end: counts[i + 1].start if i + 1 < len(counts) else len(sentence)]
        before = sentence[max(0, count.start - 60): count.start]
        m_after = _DEATH_AFTER.match(after)
        if m_after:
            between = after[: m_after.start(1)]
            if not _NOT_DEATH.search(between) and not _SPLIT.search(between):
                is_death[i] = True
                continue
        m_before = _DEATH_BEFORE.search(before)
        if m_before:
            word = m_before.group(1).lower()
            if _LEFT_DEAD.match(word):
                # "left 12 dead", "faisant 12 morts": the death word must follow
                if not re.match(r"^\s*(?:\w+\s+){0,3}?(dead|morts?|tués?|victimes|deaths|killed)\b", after, re.IGNORECASE):
                    continue
            head = _PREP.split(_SPLIT.split(after, maxsplit=1)[0], maxsplit=1)[0]
            head_noun = re.match(r"^\s*(?:[\w'-]+\b\s*){0,3}", head)
            if head_noun and _NOT_DEATH.search(head_noun.group(0)):
                continue
            is_death[i] = True
    # "ten soldiers and 25 assailants were killed": a count coordinated with a death count
    for i in range(len(counts) - 2, -1, -1):
        if not is_death[i] and is_death[i + 1]:
            between = sentence[counts[i].end: counts[i + 1].start]
            if _COORD.match(between) and not _NOT_DEATH.search(between):
                is_death[i] = True
    for i in range(1, len(counts)):
        if is_death[i - 1] and not is_death[i]:
            between = sentence[counts[i - 1].end: counts[i].start]
            after = sentence[counts[i].end: counts[i].end + 40]
            if re.match(r"^\s*(?:[\w'-]+\s+){0,4}?(?:and|et)\s*$", between, re.IGNORECASE) and \
                    not _NOT_DEATH.search(between) and not re.match(
                        r"^\s*(?:\w+\s+){0,3}?(?:wound|injur|bless|missing|disparu|abduct|enlev|kidnap)", after, re.IGNORECASE):
                is_death[i] = True
    for i, count in enumerate(counts):
        if is_death[i] and SUPERSEDED.search(sentence[max(0, count.start - 45):count.start]):
            is_death[i] = False     # "qui avait d'abord fait état de 20 morts": an earlier toll
    found = [c for c, dead in zip(counts, is_death, strict=True)
             if dead and c.best < MAX_SINGLE_EVENT_DEATHS and (c.text.lower() not in _ARTICLES or _PERSON_NEXT.match(sentence, c.end))]
    # "blew herself up ..., killing herself and at least 12 guests": the bomber is one more death
    found += [Count(m.start(1), m.end(1), m.group(1), 1, 1, 1) for m in _KILLED_SELF.finditer(sentence)]
    return sorted(found, key=lambda c: c.start)


_ARTICLES = {"a", "an", "un", "une", "one"}
_SELVES = ("herself", "himself", "elle-même", "lui-même")
_KILLED_SELF = re.compile(r"\b(?:killing|kills|tuant)\s+(herself|himself|elle-même|lui-même)\b", re.IGNORECASE)
SUPERSEDED = re.compile(
    r"(?:\b(?:d['’]abord|initialement|initially|earlier|previously|auparavant|first)\b[^.;]{0,25}\b(?:fait état|"
    r"faisait état|reported|put|given|gave|said|announced|annoncé|évoqué|parlé|estimated)\b|"
    r"\b(?:premier bilan|initial toll|earlier toll|first toll|first count|bilan initial)\b)[^.;]{0,50}$", re.IGNORECASE)


NO_DEATHS_RE = re.compile(
    r"\b(no (?:one|body) (?:was|were) (?:killed|hurt|injured)|no casualties|no deaths|without casualties|"
    r"no fatalities|caused no casualties|sans faire de victimes?|aucune victime|pas de victimes?|"
    r"n'a fait aucune victime|sans faire de morts?|aucun mort)\b", re.IGNORECASE)


_GROUPS = (
    ("attackers", r"assailants?|attackers?|terrorists?|militants?|jihadists?|djihadistes?|jihadistes?|insurgents?|"
                  r"bandits?|gunmen|fighters?|rebels?|extremists?|suicide bombers?|bombers?|kamikazes?|assaillants?|"
                  r"terroristes?|combattants?|insurgés?|rebelles?|éléments? (?:armés|terroristes|ennemis)|"
                  r"(?:of )?the (?:attackers|assailants)|ennemis?|islamists?|islamistes?"),
    ("security", r"soldiers?|troops?|servicemen|members of the (?:security|armed) forces|police(?:men|officers)?|"
                 r"gendarmes?|guards?|officers?|peacekeepers?|vdp|volunteers?|militiamen|soldats?|militaires?|"
                 r"policiers?|gardes?|casques? bleus?|agents?|rangers?|éléments? des fds|fds|douaniers?|customs officers?|"
                 r"hunters?|chasseurs?|dozos?"),
    ("civilians", r"civilians?|villagers?|people|persons?|residents?|passengers?|worshipp\w+|traders?|women|children|"
                  r"men|man|woman|child|girl|boy|person|classmate|homme|femme|enfant|garçon|fille|individu|"
                  r"farmers?|herders?|pupils?|students?|miners?|(?:farm )?workers?|labou?rers?|fishermen|civils?|pêcheurs?|ouvriers?|travailleurs?|villageois|personnes?|habitants?|"
                  r"passagers?|fidèles|commerçants?|femmes|enfants|hommes|éleveurs?|orpailleurs?|élèves?"),
)
_GROUP_RES = [(name, re.compile(r"^\s*(?:[\w'-]+\s+){0,3}?(?:d'|l')?(?:" + pattern + r")\b", re.IGNORECASE))
              for name, pattern in _GROUPS]
_GROUP_BEFORE = [(name, re.compile(r"(?:" + pattern + r")\b[^.;]{0,40}$", re.IGNORECASE)) for name, pattern in _GROUPS]


_BOMBER_NEXT = re.compile(r"^\s*(?:[\w'-]+\s+){0,2}?(?:kamikazes?|suicide bombers?|bombers?)\b", re.IGNORECASE)
# "Three U.S. soldiers and at least four Nigerien soldiers": two counts of one group, both dead
COORDINATED = re.compile(r"^\s*(?:[\w'’.-]+\s+){1,6}?(?:and|et|as well as|ainsi que)\s*$", re.IGNORECASE)


def death_group(sentence: str, count: Count) -> str:
    """Whose deaths a count gives: attackers, security, civilians, or unknown."""
    if count.text.lower() in _SELVES:
        return "attackers"
    after = sentence[count.end: count.end + 60]
    if _BOMBER_NEXT.match(after):
        return "attackers"      # "une femme kamikaze", "two female suicide bombers"
    hits = [(m.end(), name) for name, pattern in _GROUP_RES if (m := pattern.match(after))]
    if hits:
        return min(hits)[1]     # the nearest noun names the group
    if re.match(r"^\s*(?:of )?(?:them|d'entre eux)\b", after, re.IGNORECASE):
        before = sentence[max(0, count.start - 120): count.start]
        for name, pattern in _GROUP_BEFORE:
            if pattern.search(before):
                return name
    if re.search(r"neutralis", sentence[max(0, count.start - 30): count.end + 30], re.IGNORECASE):
        return "attackers"
    return "unknown"


_PERSON_NEXT = re.compile(r"\s+(?:[\w'-]+\s+)?(?:" + "|".join(p for _, p in _GROUPS) + r")\b", re.IGNORECASE)
