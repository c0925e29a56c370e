"""The dates stage: date expressions (English, French) -> EventDate ranges.

Every relative expression is resolved against the publication date; without one it
stays unresolved (precision "unknown"), never guessed from today's date. Absolute
dates with a year resolve without a publication date.

    find_dates("On Thursday, six soldiers...", "en", "2015-07-03")
    -> [DateMention(3, 11, EventDate("2015-07-02", "2015-07-02", "day", "Thursday"))]

The rules are ours: dateparser reads whole sentences badly ("On Thursday, six" as a
June date) and misses "last July", "jeudi dernier" or "this past week".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..models import EventDate

STAGE = "dates.rules.v1"

WEEKDAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS_EN = ["january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december"]
MONTH_ABBR_EN = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]

MONTH_NUMBER: dict[str, int] = {}
for i, m in enumerate(MONTHS_EN, 1):
    MONTH_NUMBER[m] = i
for i, m in enumerate(MONTHS_FR, 1):
    MONTH_NUMBER[m] = i
    MONTH_NUMBER[m.replace("é", "e").replace("û", "u")] = i
for abbr in MONTH_ABBR_EN:
    MONTH_NUMBER.setdefault(abbr, MONTHS_EN.index(next(m for m in MONTHS_EN if m.startswith(abbr[:3]))) + 1)
WEEKDAY_NUMBER = {d: i for i, d in enumerate(WEEKDAYS_EN)} | {d: i for i, d in enumerate(WEEKDAYS_FR)}

_MONTH_RE = "|".join(sorted(
    [m for m in MONTHS_EN] + [m for m in MONTHS_FR] + ["fevrier", "aout", "decembre"]
    + [a + r"\.?" for a in MONTH_ABBR_EN if a != "may"],
    key=lambda m: len(m.removesuffix(r"\.?")), reverse=True))     # "March" before "Mar."
_WD_RE = "|".join(WEEKDAYS_EN + WEEKDAYS_FR)
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er)?"
_YEAR_RE = r"(?:19[5-9]\d|20[0-4]\d)"


@dataclass
class DateMention:
    """A date expression found in a text, with its resolution."""

    start: int
    end: int
    date: EventDate
    relative: bool          # needed the publication date
    cue: str = ""           # since | until | "" : "since October" opens a range


def parse_iso_date(value: str | None) -> str | None:
    """A date-ish string from metadata or a row -> YYYY-MM-DD, or None."""
    if not value:
        return None
    value = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        return _safe(int(m[1]), int(m[2]), int(m[3]))
    m = re.search(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b", value)
    if m:
        first, second = int(m[1]), int(m[2])
        if second > 12:     # only month/day reads
            return _safe(int(m[3]), first, second)
        return _safe(int(m[3]), second, first)
    m = re.match(r"^(\d{4})/(\d{1,2})/(\d{1,2})", value)
    if m:
        return _safe(int(m[1]), int(m[2]), int(m[3]))
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    found = find_dates(value, "en", None) + find_dates(value, "fr", None)
    for mention in found:
        if mention.date.precision == "day" and mention.date.start:
            return mention.date.start
    return None


def _safe(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _day(d: date) -> EventDate:
    return EventDate(d.isoformat(), d.isoformat(), "day")


def _month(y: int, m: int) -> EventDate:
    last = calendar.monthrange(y, m)[1]
    return EventDate(date(y, m, 1).isoformat(), date(y, m, last).isoformat(), "month")


def _year(y: int) -> EventDate:
    return EventDate(f"{y:04d}-01-01", f"{y:04d}-12-31", "year")


def _season(y: int, part: str) -> EventDate:
    months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
    last = calendar.monthrange(y, months[1])[1]
    return EventDate(date(y, months[0], 1).isoformat(), date(y, months[1], last).isoformat(), "season")


def _range(a: date, b: date, precision: str) -> EventDate:
    return EventDate(a.isoformat(), b.isoformat(), precision)


def _weekday_back(pub: date, weekday: int, strictly_before: bool) -> date:
    back = (pub.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return pub - timedelta(days=back)


def _month_back(pub: date, month: int, strictly_before: bool) -> int:
    """The year of the most recent `month` at or before the publication month."""
    if month < pub.month or (month == pub.month and not strictly_before):
        return pub.year
    return pub.year - 1


def _day_of_month(month: int, day: int, year: str | None, pub: date | None) -> EventDate | None:
    """A day of a month; without a year, the most recent one on or before publication."""
    if year:
        d = _safe(int(year), month, day)
    elif pub is None:
        return None
    else:
        d = _safe(pub.year, month, day)
        if d and date.fromisoformat(d) > pub:
            d = _safe(pub.year - 1, month, day)
    return EventDate(d, d, "day") if d else None


def _num_month(token: str) -> int:
    return MONTH_NUMBER[token.lower().rstrip(".")]


# Each rule: (compiled regex, resolver(match, pub, language) -> EventDate | None, relative?)
_Rule = tuple[re.Pattern[str], object, bool]
_RULES: list[_Rule] = []


def _rule(pattern: str, relative: bool = True):
    def register(fn):
        _RULES.append((re.compile(pattern, re.IGNORECASE), fn, relative))
        return fn
    return register


# -- absolute dates ---------------------------------------------------------------
@_rule(r"\b(\d{4})-(\d{2})-(\d{2})\b", relative=False)
def _iso(m, pub, lang):
    d = _safe(int(m[1]), int(m[2]), int(m[3]))
    return EventDate(d, d, "day") if d else None


@_rule(r"\b(\d{1,2})/(\d{1,2})/(" + _YEAR_RE + r")\b", relative=False)
def _slashed(m, pub, lang):
    a, b, y = int(m[1]), int(m[2]), int(m[3])
    day, month = (b, a) if lang == "en" and a <= 12 and b > 12 else (a, b)
    if lang == "en" and a <= 12 and b <= 12:
        month, day = a, b
    d = _safe(y, month, day)
    return EventDate(d, d, "day") if d else None


# "dans la nuit du 12 au 13 mars (2020)"
@_rule(r"\bnuit du (\d{1,2})(?:er)? au (\d{1,2})(?:er)? (" + _MONTH_RE + r")(?:\s+(" + _YEAR_RE + r"))?")
def _fr_night_dates(m, pub, lang):
    month = _num_month(m[3])
    year = int(m[4]) if m[4] else (_month_back(pub, month, False) if pub else None)
    if year is None:
        return None
    a, b = _safe(year, month, int(m[1])), _safe(year, month, int(m[2]))
    return EventDate(a, b, "day") if a and b else None


# "between 27 and 31 March 2022" / "from 3 to 5 March" / "du 3 au 5 mars"
@_rule(r"\b(?:between|from|du|entre le|entre)\s+(" + _DAY_RE + r")\s+(?:and|to|au|et le|et)\s+(" + _DAY_RE + r")\s+("
       + _MONTH_RE + r")(?:\s+(" + _YEAR_RE + r"))?")
def _day_range(m, pub, lang):
    month = _num_month(m[3])
    year = int(m[4]) if m[4] else (_month_back(pub, month, False) if pub else None)
    if year is None:
        return None
    a = _safe(year, month, int(re.match(r"\d+", m[1])[0]))
    b = _safe(year, month, int(re.match(r"\d+", m[2])[0]))
    return EventDate(a, b, "day") if a and b and a <= b else None


# "July 3, 2019" / "Feb. 3" / "on July 3"
@_rule(r"\b(" + _MONTH_RE + r")\s+(" + _DAY_RE + r")\b(?:,?\s+(" + _YEAR_RE + r"))?")
def _en_month_day(m, pub, lang):
    if m[1].lower() in ("may",) and lang == "fr":
        return None
    return _day_of_month(_num_month(m[1]), int(re.match(r"\d+", m[2])[0]), m[3], pub)


# "3 July 2019" / "le 12 mars" / "lundi 12 mars 2020" / "1er avril"
@_rule(r"\b(" + _DAY_RE + r")\s+(" + _MONTH_RE + r")(?:\s+(" + _YEAR_RE + r"))?\b")
def _day_month(m, pub, lang):
    return _day_of_month(_num_month(m[2]), int(re.match(r"\d+", m[1])[0]), m[3], pub)


# "July 2019" / "juillet 2019" / "en mars 2020"
@_rule(r"\b(" + _MONTH_RE + r")\s+(?:de\s+l'an\s+)?(" + _YEAR_RE + r")\b", relative=False)
def _month_year(m, pub, lang):
    return _month(int(m[2]), _num_month(m[1]))


# "late last year" / "early this year" / "fin de l'année dernière" / "début 2020" / "late 2019"
@_rule(r"\b(late|early|mid|in the (?:second|first) half of|fin|début|debut|mi)[- ]?(?:de\s+l'|d')?\s*"
       r"(last year|this year|l'année dernière|l'an dernier|annee derniere|cette année|l'année|" + _YEAR_RE + r")\b")
def _season_rule(m, pub, lang):
    part_word = m[1].lower()
    part = ("late" if part_word in ("late", "fin") or "second" in part_word else
            "early" if part_word in ("early", "début", "debut") or "first" in part_word else "mid")
    what = m[2].lower()
    if re.fullmatch(_YEAR_RE, what):
        return _season(int(what), part)
    if not pub:
        return None
    year = pub.year - 1 if ("last" in what or "dernier" in what or "derni" in what) else pub.year
    return _season(year, part)


@_rule(r"\b(?:in|en|of|since|depuis|during|durant|from|until|dès|de|until|before|after|avant|après)\s+(" + _YEAR_RE + r")\b", relative=False)
def _in_year(m, pub, lang):
    return _year(int(m[1]))


# -- relative dates ---------------------------------------------------------------
# "dans la nuit de samedi à dimanche"
@_rule(r"\bnuit de (" + _WD_RE + r") à (" + _WD_RE + r")\b")
def _fr_night(m, pub, lang):
    if not pub:
        return None
    end = _weekday_back(pub, WEEKDAY_NUMBER[m[2].lower()], False)
    start = end - timedelta(days=1)
    return _range(start, end, "day")


# "overnight from Friday to Saturday" / "overnight on Thursday"
@_rule(r"\bovernight\s+(?:from\s+|on\s+|between\s+)?(" + _WD_RE + r")(?:\s+(?:to|into|and)\s+(" + _WD_RE + r"))?")
def _overnight(m, pub, lang):
    if not pub:
        return None
    if m[2]:
        end = _weekday_back(pub, WEEKDAY_NUMBER[m[2].lower()], False)
        return _range(end - timedelta(days=1), end, "day")
    return _day(_weekday_back(pub, WEEKDAY_NUMBER[m[1].lower()], False))


# "on Tuesday and Wednesday" / "from Tuesday to Thursday" / "de mardi à jeudi"
@_rule(r"\b(" + _WD_RE + r")\s+(?:and|to|through|until|-|–|au|à|et)\s+(" + _WD_RE + r")\b")
def _weekday_range(m, pub, lang):
    if not pub:
        return None
    end = _weekday_back(pub, WEEKDAY_NUMBER[m[2].lower()], False)
    span = (WEEKDAY_NUMBER[m[2].lower()] - WEEKDAY_NUMBER[m[1].lower()]) % 7
    return _range(end - timedelta(days=span), end, "day")


# "overnight Saturday to Sunday" / "Saturday night"
@_rule(r"\b(?:(last|this past|past|dernier|passé)\s+)?(" + _WD_RE + r")(?:\s+(dernier|passé))?\b")
def _weekday(m, pub, lang):
    if not pub:
        return None
    strictly = bool(m[1] or m[3])
    return _day(_weekday_back(pub, WEEKDAY_NUMBER[m[2].lower()], strictly))


@_rule(r"\b(the day before yesterday|avant-hier)\b")
def _before_yesterday(m, pub, lang):
    return _day(pub - timedelta(days=2)) if pub else None


@_rule(r"\b(yesterday|last night|hier(?: soir| matin)?)\b")
def _yesterday(m, pub, lang):
    return _day(pub - timedelta(days=1)) if pub else None


@_rule(r"\b(today|this morning|tonight|earlier today|aujourd'hui|ce matin|cette nuit|ce soir)\b")
def _today(m, pub, lang):
    return _day(pub) if pub else None


@_rule(r"\b(this past week|the past week|past week|over the past seven days|the last seven days|"
       r"past seven days|la semaine écoulée|ces derniers jours|ces sept derniers jours)\b")
def _past_week(m, pub, lang):
    return _range(pub - timedelta(days=7), pub, "week") if pub else None


@_rule(r"\b(last week|la semaine dernière|la semaine passée)\b")
def _last_week(m, pub, lang):
    if not pub:
        return None
    monday = pub - timedelta(days=pub.weekday() + 7)
    return _range(monday, monday + timedelta(days=6), "week")


@_rule(r"\b(earlier this week|this week|cette semaine|en début de semaine)\b")
def _this_week(m, pub, lang):
    if not pub:
        return None
    return _range(pub - timedelta(days=pub.weekday()), pub, "week")


@_rule(r"\b(last weekend|this weekend|over the weekend|le week-end dernier|ce week-end)\b")
def _weekend(m, pub, lang):
    if not pub:
        return None
    saturday = _weekday_back(pub, 5, "last" in m[1].lower() or "dernier" in m[1].lower())
    return _range(saturday, saturday + timedelta(days=1), "week")


@_rule(r"\b(earlier this month|this month|ce mois-ci|ce mois|en début de mois)\b")
def _this_month(m, pub, lang):
    return _range(pub.replace(day=1), pub, "month") if pub else None


@_rule(r"\b(last month|le mois dernier|le mois passé)\b")
def _last_month(m, pub, lang):
    if not pub:
        return None
    first = pub.replace(day=1) - timedelta(days=1)
    return _month(first.year, first.month)


@_rule(r"\b(last year|l'année dernière|l'an dernier|l'an passé|l'année passée)\b")
def _last_year(m, pub, lang):
    return _year(pub.year - 1) if pub else None


@_rule(r"\b(this year|cette année|since the beginning of the year|depuis le début de l'année)\b")
def _this_year(m, pub, lang):
    return _range(date(pub.year, 1, 1), pub, "year") if pub else None


# "last July" / "juillet dernier" / "in July" / "en juillet"
@_rule(r"\b(?:(last|this past|in|en|since|depuis|début|fin)\s+)?(" + _MONTH_RE + r")(?:\s+(dernier|passé))?\b")
def _bare_month(m, pub, lang):
    if not pub:
        return None
    word = m[2].lower()
    if word.startswith("may") and not m[1] and not m[3]:
        return None     # the verb "may"
    if word.startswith("mar") and lang == "en" and word != "march":
        return None
    if not (m[1] or m[3]) and lang == "en":
        return None
    month = _num_month(m[2])
    strictly = bool((m[1] and m[1].lower() in ("last", "this past")) or m[3])
    return _month(_month_back(pub, month, strictly), month)


# "the 2004 bombing", "Boko Haram's 2014 abduction": a bare year names when it happened
@_rule(r"(?<![\d,.])(" + _YEAR_RE + r")(?![\d,.]\d)(?!\s*(?:soldiers|people|troops|men|fighters|civilians|"
       r"personnes|soldats|hommes|militaires|km|kilom|dollars|\$|euros|francs|tonnes|tons))", relative=False)
def _bare_year(m, pub, lang):
    return _year(int(m[1]))


def find_dates(text: str, language: str, published: str | None) -> list[DateMention]:
    """Every date expression in `text`, resolved against `published` (YYYY-MM-DD)."""
    pub = date.fromisoformat(published) if published else None
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for pattern, resolve, relative in _RULES:
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if any(s < end and start < e for s, e in taken):
                continue
            resolved = resolve(m, pub, language)  # type: ignore[operator]
            if resolved is None:
                if relative and pub is None and _plausible_relative(m[0], language):
                    resolved = EventDate(None, None, "unknown")
                else:
                    continue
            resolved.text = m[0]
            taken.append((start, end))
            cue = ""
            lowered = text[max(0, start - 12):start].lower()
            if re.search(r"\b(since|depuis)\s*$", lowered) or m[0].lower().startswith(("since", "depuis")):
                cue = "since"
            found.append(DateMention(start, end, resolved, relative, cue))
    for m in _RELATIVE_DAY.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        shift = -1 if m.group(1).lower() in ("the previous day", "the day before", "la veille") else 1
        earlier = [d for d in found if d.end <= m.start() and d.date.precision == "day" and d.date.start]
        if earlier:
            anchor = date.fromisoformat(max(earlier, key=lambda d: d.end).date.start)
            resolved = _day(anchor + timedelta(days=shift))
        elif pub is None:
            resolved = EventDate(None, None, "unknown")
        else:
            continue
        resolved.text = m.group(0)
        found.append(DateMention(m.start(), m.end(), resolved, True, ""))
    found.sort(key=lambda d: d.start)
    return found


_RELATIVE_DAY = re.compile(r"\b(the previous day|the day before|la veille|the next day|the following day|"
                           r"le lendemain)\b", re.IGNORECASE)


def _plausible_relative(expression: str, language: str) -> bool:
    lowered = expression.lower()
    if language == "en" and re.fullmatch(r"(" + _MONTH_RE + r")", lowered):
        return False
    return not lowered.startswith("may")
