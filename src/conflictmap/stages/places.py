"""The places stage: find place mentions in a text and resolve them to coordinates.

    geocoder = Geocoder.default()
    places = geocoder.find_places(text, "en", mentions)   # every mention, resolved or not
    where = geocoder.event_place(text, places, start, end) # where one event happened
    for record in geoparse(records): ...                 # the `conflictmap geoparse` contract

Detection reads capitalised word sequences the gazetteer knows, accepting a name when it
is a well-known place (a country, an admin unit, a town with a population, a curated
place) or when the text says it is a place (a cue such as "village of", "près de", a
NER place label, a country right after it, a list with another place). Actor and media
names that contain place names are skipped ("Ansar Dine", "Agence France-Presse").

Resolution scores each candidate on its feature type and population, the region
ConflictMap covers, the countries the text names, the other places of the article
(spread is minimised) and the language, and never leaves the country the text puts a
place in, or the admin unit it names ("Yoro, dans le cercle de Koro"; a village the
gazetteer lacks there is coded at the unit, source "within"). Relative locations ("30 km
north of Djibo", "entre Gao et Ansongo", "near the border with Niger") become extra places
with source "relative" and lower precision (place_relatives.py).
Country-only mentions keep the country's centroid with where_prec 6 and a reason, and
are never chosen over a more specific place.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ConflictMapError, MalformedRecord
from ..models import Mention, Place, fold
from . import place_rules as rules
from .admin import AdminAreas
from .gazetteer import Candidate, Entry, Gazetteer
from .place_relatives import relatives

STAGE = "places.geocode.v1"

log = logging.getLogger(__name__)

REGION: frozenset[str] = frozenset({"ML", "BF", "NE", "MR", "SN", "CI", "GN", "GH", "BJ", "TG",
                                    "NG", "TD", "CM", "DZ", "LY"})
CORE: frozenset[str] = frozenset({"ML", "BF", "NE"})
FRANCOPHONE: frozenset[str] = frozenset({"ML", "BF", "NE", "MR", "SN", "CI", "GN", "BJ", "TG",
                                         "TD", "CM", "DZ"})
# Admin1 units (GeoNames codes) of the central Sahel conflict zone: a small prior
# between homonyms that nothing else separates.
HOT_ADMIN1: frozenset[tuple[str, str]] = frozenset(
    [("ML", c) for c in ("04", "05", "08", "09", "10", "12070575", "12070577")]
    + [("BF", c) for c in ("01", "05", "08", "10", "12")]
    + [("NE", c) for c in ("02", "06", "09")])
PLACE_LABELS: frozenset[str] = frozenset({"GPE", "LOC", "FAC"})
NON_PLACE_LABELS: frozenset[str] = frozenset({"PERSON", "PER", "ORG", "NORP", "ACTOR", "MISC"})
# Admin names that are also ordinary words: a place only with "region", "région de"...
GENERIC: frozenset[str] = frozenset(fold(w) for w in (
    "Nord", "Sud", "Est", "Ouest", "Centre", "Center", "Central", "North", "South", "East", "West",
    "Far North", "North-West", "South-West", "Plateau", "Plateaux", "Delta", "Cascades",
    "Littoral", "Lac", "Lacs", "Savanes", "Maritime", "Collines", "Montagnes", "Lagunes", "Rivers",
    "Kara", "Centrale", "Upper East", "Upper West", "Northern", "Western", "Eastern", "Volta",
    "Sahel", "Fct", "Ville", "Commune", "Region", "Province"))

FEATURE_SCORE: dict[str, float] = {
    "A.PCLI": 7.0, "P.PPLC": 5.0, "P.PPLA": 4.0, "P.PPLA2": 3.5, "P.PPLA3": 2.8, "P.PPLA4": 2.5,
    "P.PPL": 2.0, "P.PPLX": 1.0, "P.PPLL": 1.5, "P.PPLQ": 0.5, "A.ADM1": 2.5, "A.ADM2": 2.0,
    "A.ADM3": 1.2, "L.RGN": 1.5, "L.AREA": 1.2, "S.INSM": 1.5, "S.CMP": 1.0, "V.FRST": 1.0,
    "H.WLL": 0.8, "H.WTRH": 0.8, "H.LK": 1.0, "H.STM": 0.6,
}
CLASS_SCORE: dict[str, float] = {"P": 1.5, "A": 1.0, "L": 0.8, "S": 0.6, "H": 0.4, "T": 0.4, "V": 0.6}
COUNTRY_REASON = "country only: not an event location (ACLED codes no country-level points)"


@dataclass
class _Toponym:
    """A name span being resolved (internal)."""

    start: int
    end: int
    text: str
    lookup: str
    hint: str | None
    candidates: tuple[Candidate, ...]
    cue: str | None = None
    country_hint: str | None = None
    entry: Entry | None = None
    margin: float = 0.0
    place: Place | None = None
    flags: set[str] = field(default_factory=set)
    unit: _Toponym | None = None    # the admin unit the text puts this place in


# How many place names go into the spaCy entity ruler (ranked by importance). Each costs
# about 0.25 ms at pipeline load; detection does not depend on the ruler alone.
RULER_LIMIT = 4000


class Geocoder:
    """Finds and resolves place mentions; thread-safe for reading once built."""

    def __init__(self, gazetteer: Gazetteer, admin: AdminAreas | None = None) -> None:
        self.gazetteer = gazetteer
        self._admin = admin
        self._admin_lock = threading.Lock()
        self._common = gazetteer.common_names() | rules.STOP
        self._phrase_re = self._phrases()
        # context of the text being resolved (set by find_places)
        self._text = ""
        self._dateline: str | None = None
        self._demonyms: dict[tuple[int, int], set[str]] = {}

    @classmethod
    def default(cls, user_places: Path | None = None) -> Geocoder:
        """The package geocoder with the user's places (Settings().user_places by default).

        Cached per process; a change to the user file (size or time) loads a new one,
        so a place added with `conflictmap places add` is used at once.
        """
        if user_places is None:
            from ..config import Settings
            user_places = Settings().user_places
        try:
            stat = user_places.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = (0, -1)
        return _cached_geocoder(str(user_places), stamp)

    @property
    def admin(self) -> AdminAreas:
        with self._admin_lock:
            if self._admin is None:
                self._admin = AdminAreas.default()
            return self._admin

    # -- entity ruler -------------------------------------------------------------------

    def ruler_patterns(self, language: str) -> list[dict[str, Any]]:
        """EntityRuler patterns for the names that matter (label GPE or LOC).

        Countries, admin units, capitals and towns with a population in the region,
        curated and user places; never names that are also common words or generic
        admin names, so that "say" or "Centre" stay words.
        """
        patterns: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        for entry, name, common in self.gazetteer.ranked_labels():
            key = fold(name)
            if len(key) < 3 or not name[:1].isupper() or key in GENERIC or key in rules.STOP:
                continue
            if common and entry.feature != "A.PCLI":
                continue
            if any(a <= 0 and b >= len(name) for a, b in rules.blocked_spans(name)):
                continue
            if not _ruled(entry, name != entry.name):
                continue   # keep the ruler small: its cost grows with the pattern count
            label = "GPE" if entry.fclass in ("P", "A") else "LOC"
            for variant in dict.fromkeys((name, rules.strip_accents(name))):
                if (variant.lower(), label) in seen:
                    continue
                seen.add((variant.lower(), label))
                patterns.append({"label": label, "pattern": variant, "id": f"place:{key}"})
            if len(patterns) >= RULER_LIMIT and entry.source == "geonames":
                continue    # past the limit, only curated and user places; the gazetteer lookup finds the rest
        log.info("%d place patterns for %s", len(patterns), language)
        return patterns

    # -- detection ---------------------------------------------------------------------

    def _phrases(self) -> Any:
        """A regex of curated names written in lower case ("tri-state border")."""
        import re

        names = sorted({n for e in self.gazetteer.extra_entries() for n in e.names
                        if (n[:1].islower() or " " in n) and len(n) >= 6}, key=len, reverse=True)
        if not names:
            return None
        return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)

    def _detect(self, text: str, language: str, mentions: Sequence[Mention]) -> list[_Toponym]:
        blocked = rules.blocked_spans(text)
        ner = [(m.start, m.end, m.label) for m in mentions]
        found: list[_Toponym] = []
        taken: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return not any(s < b and a < e for a, b in taken) and not any(s < b and a < e for a, b in blocked)

        if self._phrase_re is not None:
            for m in self._phrase_re.finditer(text):
                cands = self.gazetteer.candidates(m.group())
                if cands and free(m.start(), m.end()):
                    found.append(_Toponym(m.start(), m.end(), m.group(), m.group(), None, cands))
                    taken.append((m.start(), m.end()))

        spans = rules.name_spans(text)
        ws = rules.words(text)
        by_start: dict[int, list[tuple[int, int, int]]] = {}
        for span in spans:
            by_start.setdefault(span[0], []).append(span)
        for start in sorted(by_start):
            options = by_start[start]
            if not free(start, options[-1][1]):
                continue
            topo = None
            for s, e, wi in options:
                if not free(s, e):
                    continue
                topo = self._lookup(text, s, e)
                if topo is not None:
                    topo.flags.add(f"w{wi}")
                    break
            if topo is None:
                s, e, wi = options[0]
                if free(s, e) and rules.village_cue_before(text, s) and not rules.title_before(text, s):
                    unknown = _Toponym(s, e, text[s:e], text[s:e], "populated", ())
                    unknown.cue = rules.cue_before(text, s)
                    found.append(unknown)
                    taken.append((s, e))
                continue
            wi = int(next(f for f in topo.flags if f.startswith("w"))[1:])
            if self._accept(text, topo, ws, wi, ner, found):
                found.append(topo)
                taken.append((topo.start, topo.end))
        found.sort(key=lambda t: t.start)
        return found

    def _lookup(self, text: str, s: int, e: int) -> _Toponym | None:
        name = text[s:e]
        key = fold(name)
        if len(key) < 2 or key in rules.MONTHS or key in rules.DAYS or key in rules.TITLES:
            return None
        suffix, suffix_end = rules.suffix_hint(text, e)
        prefix, prefix_start = rules.prefix_hint(text, s)
        if suffix:
            cands = self.gazetteer.candidates(text[s:suffix_end])
            if cands:
                return _Toponym(s, suffix_end, text[s:suffix_end], text[s:suffix_end], suffix, cands)
        if prefix:
            cands = self.gazetteer.candidates(text[prefix_start:e])
            if cands:
                return _Toponym(prefix_start, e, text[prefix_start:e], text[prefix_start:e], prefix, cands)
        if key in rules.ETHNIC:
            return None
        cands = self.gazetteer.candidates(name)
        if not cands:
            return None
        return _Toponym(s, e, name, name, suffix or prefix, cands)

    def _accept(self, text: str, t: _Toponym, ws: list[rules.Word], wi: int,
                ner: list[tuple[int, int, str]], found: list[_Toponym]) -> bool:
        key = fold(t.lookup)
        word = ws[wi]
        t.cue = rules.cue_before(text, t.start)
        country = any(c.entry.feature == "A.PCLI" and c.kind != 1 for c in t.candidates)
        if not country:
            t.country_hint = self._country_after(text, t.end)
        if rules.title_before(text, t.start):
            return False
        if any(a <= t.start and t.end <= b for a, b in rules.dateline_ranges(text)):
            return country or any(c.entry.ranked for c in t.candidates)
        if key in rules.STOP and (word.initial or not (t.cue or t.hint)):
            return False
        # part of a longer capitalised name that is not a place ("Amirou Boulikessi")
        if wi > 0 and not word.initial:
            left = ws[wi - 1]
            gap = text[left.end:word.start]
            if left.cap and gap == " " and fold(left.text) not in self._common \
                    and fold(left.text) not in rules.DIRECTION_WORDS and not t.cue:
                return False
        ner_place = any(a < t.end and t.start < b and label in PLACE_LABELS for a, b, label in ner)
        ner_other = any(a <= t.start and t.end <= b and (a < t.start or t.end < b)
                        and label in NON_PLACE_LABELS for a, b, label in ner)
        if key in GENERIC or (key.startswith("sahel") and not t.hint):
            if not t.hint and not key.startswith("sahel"):
                self._generic_of_country(text, t)
            return bool(t.hint) or (key.startswith("sahel") and bool(t.cue or ner_place))
        strong = any(c.entry.ranked for c in t.candidates)
        common = key in self._common
        coordinated = bool(found) and rules.coordinated(text[found[-1].end:t.start])
        evidence = bool(t.cue or t.hint or t.country_hint or coordinated) or ner_place
        if country:
            return True
        if ner_other and not (t.cue or t.hint) and not (strong and not common):
            return False
        if strong and not common:
            return True
        if word.initial and not (ner_place or t.country_hint or t.hint):
            return False
        if not any(c.entry.country in REGION or c.entry.source != "geonames" for c in t.candidates):
            # a village elsewhere in the world: only when the text says it is a place
            return bool(t.cue or t.hint or t.country_hint)
        return evidence

    def _generic_of_country(self, text: str, t: _Toponym) -> None:
        """ "l'Est du Burkina", "the North of Burkina Faso": a region of that name, if any."""
        import re

        m = re.match(r"\s+(?:du|de\s+la|de\s+l['’]|of)\s+(?:the\s+)?([A-ZÀ-Þ][\w'’\-]*(?:\s[A-ZÀ-Þ][\w'’\-]*)?)",
                     text[t.end:t.end + 40])
        if not m:
            return
        for size in (2, 1):
            name = " ".join(m.group(1).split()[:size])
            iso = next((c.entry.country for c in self.gazetteer.candidates(name)
                        if c.entry.feature == "A.PCLI" and c.kind != 1), None)
            if iso and any(c.entry.country == iso and c.entry.feature == "A.ADM1" for c in t.candidates):
                t.hint, t.country_hint = "admin1", iso
                return

    def _country_after(self, text: str, end: int) -> str | None:
        """The ISO2 of a country named right after a place ("Ndaki, Mali", "Dori (Burkina Faso)")."""
        import re

        m = re.match(r"(?:,\s*|\s*\(\s*|\s+in\s+(?:(?:northern|southern|eastern|western|central|"
                     r"north-eastern|north-western|south-eastern|south-western)\s+)?|,?\s+(?:au|en)\s+)"
                     r"([A-ZÀ-Þ][\w'’\-]*(?:\s[A-ZÀ-Þ][\w'’\-]*)?)", text[end:end + 60])
        if not m:
            return None
        for size in (2, 1):
            name = " ".join(m.group(1).split()[:size])
            cands = self.gazetteer.candidates(name.rstrip("'’s"))
            for cand in cands:
                if cand.entry.feature == "A.PCLI" and cand.kind != 1:
                    return cand.entry.country
            if size == 2 and len(m.group(1).split()) == 2 and any(c.kind == 0 for c in cands):
                return None     # "Kagara, Niger State": a unit, not the country Niger
        return None

    # -- resolution ------------------------------------------------------------------

    def find_places(self, text: str, language: str = "en",
                    mentions: Sequence[Mention] = ()) -> list[Place]:
        """Every place mention of `text`, resolved with article-level context."""
        self._text = text
        toponyms = self._detect(text, language, mentions)
        countries = self._text_countries(text, toponyms)
        self._dateline = self._dateline_country(text, toponyms)
        self._demonyms = {}
        self._resolve(text, language, toponyms, countries, anchors=[])
        anchors = [t for t in toponyms if t.entry is not None and t.entry.resolvable
                   and t.entry.feature != "A.PCLI" and (t.margin >= 2.0 or len(t.candidates) == 1)]
        self._resolve(text, language, [t for t in toponyms if t not in anchors], countries, anchors)
        self._within_units(text, language, toponyms, countries, anchors)
        places = [self._place(text, t, toponyms) for t in toponyms]
        for t, place in zip(toponyms, places, strict=True):
            t.place = place
        for t in toponyms:
            if not t.candidates and t.place is not None and t.place.country is None:
                t.place.country = self._context_country(text, t, toponyms, countries)
        places.extend(relatives(self, text, toponyms, countries))
        places.sort(key=lambda p: (p.start, -p.end))
        return places

    def _context_country(self, text: str, t: _Toponym, toponyms: list[_Toponym],
                         countries: Counter[str]) -> str | None:
        """The country of an unknown place: that of the places of its sentence, or of the text."""
        bounds = rules.sentence_bounds(text, t.start)
        near = [o.place.country for o in toponyms if o is not t and o.place is not None
                and o.place.country and rules.sentence_bounds(text, o.start) == bounds]
        if near and len(set(near)) == 1:
            return near[0]
        explicit = [c for c, n in countries.items() if n >= 2]
        return explicit[0] if len(explicit) == 1 else None

    def _text_countries(self, text: str, toponyms: list[_Toponym]) -> Counter[str]:
        counts: Counter[str] = Counter()
        for t in toponyms:
            for c in t.candidates:
                if c.entry.feature == "A.PCLI" and c.kind != 1:
                    counts[c.entry.country] += 2
            if t.country_hint:
                counts[t.country_hint] += 1
        for iso, n in rules.demonym_countries(text).items():
            counts[iso] += n
        return counts

    def _sentence_demonyms(self, t: _Toponym) -> set[str]:
        bounds = rules.sentence_bounds(self._text, t.start)
        found = self._demonyms.get(bounds)
        if found is None:
            # "near the Burkinabe border" says where the place is not
            sentence = rules.BORDER_ADJ_RE.sub(" ", self._text[bounds[0]:bounds[1]])
            found = self._demonyms[bounds] = set(rules.demonym_countries(sentence))
        return found

    @staticmethod
    def _dateline_country(text: str, toponyms: list[_Toponym]) -> str | None:
        """The country of the dateline ("COTONOU -"): the story is told from there."""
        datelines = rules.dateline_ranges(text)
        for t in toponyms:
            if any(a <= t.start and t.end <= b for a, b in datelines):
                ranked = {c.entry.country for c in t.candidates if c.entry.ranked and c.entry.country}
                if len(ranked) == 1:
                    return ranked.pop()
        return None

    def _resolve(self, text: str, language: str, toponyms: list[_Toponym],
                 countries: Counter[str], anchors: list[_Toponym]) -> None:
        named = {c for c, n in countries.items() if n >= 1}
        for t in toponyms:
            if not t.candidates:
                continue
            cands = self._filter(text, t, named, self._sentence_countries(text, t, toponyms))
            scored = sorted(((self._score(t, c, language, countries, anchors), c) for c in cands),
                            key=lambda x: -x[0])
            if not scored:
                t.entry = None
                t.flags.add("outside")
                continue
            t.entry = scored[0][1].entry
            explicit = {c for c, n in countries.items() if n >= 2}
            e = t.entry
            if explicit and e.country not in explicit and e.source == "geonames" and \
                    e.country not in REGION and not e.ranked and not t.country_hint:
                t.entry = None
                t.flags.add("outside")
                continue
            if explicit and not (explicit & REGION) and e.source == "geonames" and not e.ranked \
                    and e.country not in explicit and not t.country_hint:
                # a story about Pakistan or the United States: "Bla" or "Alabama" is not a Sahel village
                t.entry = None
                t.flags.add("outside")
                continue
            if e.source == "geonames" and e.country not in REGION and not e.ranked and \
                    e.country not in named and named & REGION and not t.country_hint:
                # a Sahel story: "Ber" is a Malian village, not an alternate name of Véroia
                t.entry = None
                t.flags.add("outside")
                continue
            surface = text[t.start:t.end]
            if len(surface) > 1 and surface.isupper() and not e.ranked and e.source == "geonames":
                t.entry = None      # an acronym ("BLA", "MSA") is not a village's name
                t.flags.add("outside")
                continue
            t.margin = scored[0][0] - scored[1][0] if len(scored) > 1 and \
                scored[1][1].entry.key != t.entry.key else 10.0

    def _within_units(self, text: str, language: str, toponyms: list[_Toponym],
                      countries: Counter[str], anchors: list[_Toponym]) -> None:
        """A place the text puts in an admin unit lies in it: "Goneri, in the Gujba area of
        Yobe State", "Yoro, dans le cercle de Koro". The best candidate inside the unit wins;
        with none, the place keeps its name and is coded at the unit (a Nigerian village the
        gazetteer lacks is not its Nigerien namesake)."""
        for i, t in enumerate(toponyms):
            if t.country_hint:
                continue
            unit = self._unit_after(text, t, toponyms[i + 1:])
            if unit is None:
                continue
            if not t.candidates:
                t.unit = unit       # "the town of Kuriga in northwest Nigeria's Kaduna State"
                continue
            inside = [c for c in t.candidates if self._in_unit(c.entry, unit.entry)]
            if inside:
                if t.entry is None or t.entry not in [c.entry for c in inside]:
                    t.entry = max(inside, key=lambda c: self._score(t, c, language, countries, anchors)).entry
                    t.flags.discard("outside")
            else:
                t.entry, t.unit = None, unit

    @staticmethod
    def _unit_after(text: str, t: _Toponym, following: list[_Toponym]) -> _Toponym | None:
        for u in following:
            if u.start - t.end > 70:
                return None
            e = u.entry
            if e is None or e.feature not in ("A.ADM1", "A.ADM2", "A.ADM3") or not e.resolvable \
                    or (_generic_name(u.lookup) and not u.hint):
                continue    # "dans l'extrême nord du Togo" is not Cameroon's Far North
            gap = text[t.end:u.start]
            written = bool(u.hint) or rules.UNIT_WORD_RE.search(u.text) is not None
            if rules.WITHIN_RE.match(gap) or (written and rules.WITHIN_COMMA_RE.match(gap)):
                return u
            if any(ch in gap for ch in ".;!?"):
                return None
        return None

    def _in_unit(self, e: Entry, unit: Entry) -> bool:
        if e.country != unit.country or not e.resolvable:
            return False
        if e.key == unit.key or (unit.feature == "A.ADM1" and e.admin1_code
                                 and e.admin1_code == unit.admin1_code):
            return True
        a1, a2 = self._admin_names(e)
        u1, u2 = self._admin_names(unit)
        if (a2 and u2 and a2 == u2) or (unit.feature == "A.ADM1" and a1 and a1 == u1):
            return True
        # regions created after the boundaries were drawn (Ménaka, 2016): near its seat
        return rules.haversine_km(e.latitude, e.longitude, unit.latitude, unit.longitude) <= 75

    def _filter(self, text: str, t: _Toponym, named: set[str],
                sentence_countries: set[str] = frozenset()) -> list[Candidate]:
        cands = list(t.candidates)
        if fold(t.lookup).startswith("sahel") or fold(t.lookup).endswith("sahel"):
            cands = list(dict.fromkeys(cands + list(self.gazetteer.candidates("Sahel"))))
            s, e = rules.sentence_bounds(text, t.start)
            burkina = "burkina" in fold(text[s:e]) or (t.hint == "admin1" and (
                "BF" in named or "BF" in sentence_countries))
            cands = [c for c in cands if (c.entry.country == "BF") == burkina] or cands
        if t.hint:
            wanted = rules.HINT_FEATURES.get(t.hint, ())
            matching = [c for c in cands if c.entry.feature.startswith(wanted)]
            cands = matching or cands
        if t.country_hint:
            # the text puts the place in a country: never leave it
            return [c for c in cands if c.entry.country == t.country_hint]
        return cands

    @staticmethod
    def _sentence_countries(text: str, t: _Toponym, toponyms: list[_Toponym]) -> set[str]:
        """Countries of the unambiguous well-known places in the same sentence."""
        bounds = rules.sentence_bounds(text, t.start)
        out: set[str] = set()
        for other in toponyms:
            if other is t or rules.sentence_bounds(text, other.start) != bounds:
                continue
            ranked = {c.entry.country for c in other.candidates if c.entry.ranked}
            if len(ranked) == 1:
                out |= ranked
        return out

    def _score(self, t: _Toponym, cand: Candidate, language: str, countries: Counter[str],
               anchors: list[_Toponym]) -> float:
        e = cand.entry
        score = FEATURE_SCORE.get(e.feature, CLASS_SCORE.get(e.fclass, 0.0))
        score += 0.6 * math.log10(e.population + 1)
        if cand.kind == 2:
            score -= 1.0
        if e.source == "supplement":
            score += 5.0
        elif e.source == "user":
            score += 6.0
        if e.country in REGION:
            score += 2.5 + (0.5 if e.country in CORE else 0.0)
            if (e.country, e.admin1_code) in HOT_ADMIN1:
                score += 0.7
        if language == "fr" and e.country in FRANCOPHONE:
            score += 0.3
        if e.country and e.country == self._dateline:
            score += 1.5    # between homonyms, the dateline's country
        if e.country and e.country in self._sentence_demonyms(t):
            score += 1.5    # "a Beninese army position in the commune of Karimama"
        if t.hint:
            score += 6.0 if e.feature.startswith(rules.HINT_FEATURES.get(t.hint, ("-",))) else -2.0
        elif e.fclass == "A" and e.feature != "A.PCLI":
            score -= 2.0      # a bare name is the town before the unit named after it
        elif e.fclass in ("H", "T"):
            score -= 1.0      # and a town before a well or a hill of the same name
        if e.country and countries:
            n = countries.get(e.country, 0)
            score += min(3.0, 1.0 + n) if n else -1.5
        points = [a for a in anchors if a is not t and a.entry is not None and a.entry.fclass != "A"
                  and not a.entry.feature.startswith(rules.AREAS)]
        if points and e.resolvable:
            dist = min(rules.haversine_km(e.latitude, e.longitude, a.entry.latitude, a.entry.longitude)
                       for a in points)
            score += 3.0 * math.exp(-dist / 150.0)
        units = [a for a in anchors if a is not t and a.entry is not None
                 and a.entry.feature in ("A.ADM1", "A.ADM2") and a.entry.country == e.country]
        if units and e.admin1_code and any(u.entry.admin1_code == e.admin1_code for u in units):
            same = any(rules.sentence_bounds(self._text, u.start) == rules.sentence_bounds(self._text, t.start)
                       for u in units if u.entry.admin1_code == e.admin1_code)
            score += 2.5 if same else 1.0
        return score

    # -- places ----------------------------------------------------------------------

    def _place(self, text: str, t: _Toponym, toponyms: list[_Toponym]) -> Place:
        base = Place(text=text[t.start:t.end], start=t.start, end=t.end)
        e = t.entry
        if e is None and t.unit is not None and t.unit.place is None:
            t.unit.place = self._place(text, t.unit, toponyms)
        if e is None and t.unit is not None and t.unit.place is not None:
            u = t.unit.place
            geo, where = rules.precision_codes(t.unit.entry)
            return Place(text=base.text, start=t.start, end=t.end, name=base.text,
                         latitude=u.latitude, longitude=u.longitude, country=u.country,
                         admin1=u.admin1, admin2=u.admin2, feature="within", geo_precision=geo,
                         where_prec=where, source="within",
                         reason=f"no {base.text} in {u.name} in the gazetteer: coded at {u.name}")
        if e is None:
            if not t.candidates:
                base.reason = "not in the gazetteer"
            elif t.country_hint:
                base.reason = f"no place of that name in {self.gazetteer.country_name(t.country_hint)}"
                base.country = t.country_hint
            elif "outside" in t.flags:
                base.reason = "the only places of that name lie outside the countries the text names"
            else:
                base.reason = "no candidate in the countries the text names"
            return base
        base.name = e.name
        base.geonameid = e.geonameid
        base.country = e.country
        base.feature = e.feature
        base.source = e.source
        base.population = e.population or None
        if not e.resolvable:
            base.reason = e.note or "known place without a position"
            base.geo_precision = e.precision
            base.where_prec = 7
            return base
        base.latitude, base.longitude = e.latitude, e.longitude
        base.geo_precision, base.where_prec = rules.precision_codes(e)
        base.admin1, base.admin2 = self._admin_names(e)
        if e.feature == "A.PCLI":
            base.reason = COUNTRY_REASON
        elif e.precision and e.precision >= 2 and e.source != "geonames" and e.note:
            base.reason = f"approximate position: {e.note}"
        return base

    def _admin_names(self, e: Entry) -> tuple[str | None, str | None]:
        """admin1/admin2 names: geoBoundaries names by polygon, GeoNames names as fallback."""
        if e.feature == "A.PCLI" or e.country is None or not e.resolvable:
            return None, None
        if e.source != "geonames" and e.geonameid and e.admin1_name is None:
            known = self.gazetteer.by_id(e.geonameid)
            if known is not None:
                e = Entry(**{**e.__dict__, "admin1_name": known.admin1_name,
                             "admin2_name": known.admin2_name, "admin1_code": known.admin1_code})
        admin = self.admin
        if e.feature == "A.ADM1":
            unit = self._unit_by_name(admin, "ADM1", e)
            if unit is not None:
                return unit.name, None
            hit = admin.locate(e.latitude, e.longitude, e.country)
            return hit.admin1 or e.admin1_name, None
        if e.feature == "A.ADM2":
            unit = self._unit_by_name(admin, "ADM2", e)
            if unit is not None:
                return unit.parent, unit.name
        hit = admin.locate(e.latitude, e.longitude, e.country)
        admin1 = hit.admin1 if admin.has_admin1(e.country) else e.admin1_name
        admin2 = hit.admin2 if admin.has_admin2(e.country) else e.admin2_name
        if e.feature == "A.ADM1":
            admin2 = None
        return admin1, admin2

    @staticmethod
    def _unit_by_name(admin: AdminAreas, level: str, e: Entry) -> Any:
        import re

        names = [e.name, e.admin1_name or "", e.admin2_name or ""]
        for name in names:
            short = re.sub(r"^(?:Région|Region|Province|Cercle|Département|Department|District)"
                           r"\s+(?:de la |de l'|du |de |d')?|\s+(?:Region|Cercle|Province|Department|"
                           r"State|Prefecture)$", "", name, flags=re.IGNORECASE).strip()
            if short:
                unit = admin.unit(level, e.country or "", short)
                if unit is not None:
                    return unit
        return None

    # -- events ----------------------------------------------------------------------

    def resolve_name(self, name: str, country: str | None = None) -> list[tuple[float, float]]:
        """Coordinates of the places called `name` (in `country` when given)."""
        out = []
        for cand in self.gazetteer.candidates(name):
            e = cand.entry
            if e.latitude is None or e.longitude is None:
                continue
            if country and e.country and e.country != country:
                continue
            out.append((e.latitude, e.longitude))
        return out

    def event_place(self, text: str, places: Sequence[Place], start: int, end: int) -> Place | None:
        """Where the event reported in text[start:end] happened, or None.

        The most specific place inside the span wins (a relative location over the town
        it is relative to); else the nearest specific place before it in the same
        paragraph. Datelines, the attackers' origin and a capital where someone spoke
        are not event places.
        """
        relatives = [p for p in places if p.source == "relative"]
        usable = [p for p in places if not self._excluded(text, p) and not any(
            r is not p and r.start <= p.start and p.end <= r.end for r in relatives)]
        inside = [p for p in usable if p.start < end and start < p.end]
        p_start, _ = rules.paragraph_bounds(text, start)
        before = [p for p in usable if p_start <= p.start and p.end <= start and rules.specificity(p) <= 3]
        if inside:
            best = min(inside, key=lambda p: (rules.specificity(p), p.start))
            if rules.specificity(best) >= 3:
                # "in the Ménaka region" after "the village of X" earlier: the point inside it
                within = [p for p in before if rules.specificity(p) <= 1 and _contains(best, p)]
                if within:
                    return within[-1]
            return best
        if before:
            # the nearest earlier sentence that names a place: its most specific place
            s_start, _ = rules.sentence_bounds(text, max(p.start for p in before))
            nearest = [p for p in before if p.start >= s_start]
            return min(nearest, key=lambda p: (rules.specificity(p), -p.end))
        return None

    def _excluded(self, text: str, p: Place) -> bool:
        if any(a <= p.start and p.end <= b for a, b in rules.dateline_ranges(text)):
            return True
        if rules.is_origin(text, p.start):
            return True
        if p.feature == "P.PPLC" or (p.feature or "").startswith("A.PCLI"):
            s, e = rules.sentence_bounds(text, p.start)
            if rules.speaker_context(text[s:e]) and p.feature == "P.PPLC":
                return True
        return False


# -- helpers -------------------------------------------------------------------------


def _generic_name(name: str) -> bool:
    """A unit named by direction words only ("Far North", "l'extrême nord", "Centre")."""
    key = fold(name)
    return key in GENERIC or all(w in rules.DIRECTION_WORDS or w in ("extreme", "far", "haut", "grand")
                                 for w in key.replace("-", " ").split())


def _contains(area: Place, point: Place) -> bool:
    """Whether a point place lies in an area place (same country, and the same region or
    district when the area is one)."""
    if area.country and point.country and area.country != point.country:
        return False
    if (area.where_prec or 7) == 6:
        return True
    names = {x for x in (area.name, area.admin1, area.admin2) if x}
    return bool(names & {point.admin1, point.admin2})


def _ruled(e: Entry, alternate: bool) -> bool:
    """Whether a name of an entry becomes an entity-ruler pattern (a bounded set, ~3-4k)."""
    if e.feature == "A.PCLI" or e.source != "geonames":
        return True
    if e.country not in REGION:
        return not alternate and (e.feature == "P.PPLC" or e.population >= 1_000_000)
    if e.feature in ("P.PPLC", "P.PPLA"):
        return True
    if e.feature == "A.ADM1":
        return not alternate or e.country in CORE
    if e.feature == "A.ADM2":
        return not alternate and e.country in CORE
    if e.fclass == "P" and (e.feature == "P.PPLA2" or e.population >= 5_000):
        return not alternate or e.population >= 50_000
    return False


@lru_cache(maxsize=4)
def _cached_geocoder(user_places: str, stamp: tuple[int, int]) -> Geocoder:
    path = Path(user_places)
    return Geocoder(Gazetteer.load(user_places=path if stamp[1] >= 0 else None))


# -- the geoparse contract ----------------------------------------------------------------


@lru_cache(maxsize=1)
def _language_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(["en", "fr"])
    return identifier


def detect_language(text: str) -> str:
    """'en' or 'fr' (py3langid restricted to the two languages)."""
    return str(_language_identifier().classify(text)[0])


def geoparse_record(record: dict[str, Any], geocoder: Geocoder, nlp: Any | None) -> dict[str, Any]:
    """One input record -> {"id", "language", "places": [...]} (raises MalformedRecord)."""
    if not isinstance(record, dict):
        raise MalformedRecord(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise MalformedRecord("record has no \"text\" string; each line needs {\"id\", \"text\"}")
    language = record.get("language") or detect_language(text)
    if language not in ("en", "fr"):
        raise MalformedRecord(f"language {language!r} is not supported (en, fr)")
    mentions: list[Mention] = []
    if nlp is not None:
        from .nlp import entity_mentions

        mentions = entity_mentions(nlp.parse(text, language))
    places = geocoder.find_places(text, language, mentions)
    return {"id": record.get("id"), "language": language,
            "places": [p.as_record() for p in places]}


def geoparse(records: Iterable[dict[str, Any]], nlp: Any | None = None,
             geocoder: Geocoder | None = None,
             on_error: Callable[[int, Any, ConflictMapError], None] | None = None,
             use_nlp: bool = True) -> Iterator[dict[str, Any]]:
    """The stateless contract of `conflictmap geoparse`: records in, place records out.

    Input dicts have "id", "text" and optionally "language" and "published". Without
    `on_error` a bad record raises; with it, the handler gets (index, record, error)
    and the batch goes on.
    """
    geocoder = geocoder or Geocoder.default()
    if nlp is None and use_nlp:
        from .nlp import NLP

        nlp = NLP(providers=[geocoder.ruler_patterns])
    for index, record in enumerate(records):
        try:
            yield geoparse_record(record, geocoder, nlp)
        except ConflictMapError as exc:
            if on_error is None:
                raise
            on_error(index, record, exc)
