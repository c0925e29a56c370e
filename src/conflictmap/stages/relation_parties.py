"""The parties of the relation stage: who can stand at either end of a relation.

A party is an actor mention of the actor base (named, or descriptive and given a
country), a state named by its country or capital ("Turkey", "Washington"), a
descriptive economic actor the base does not name ("smugglers", "orpailleurs"), a
branch named through its parent ("the Islamic State's Sahel branch"), or an
anaphor ("the group", "il", "the two factions") resolved to named parties of the
passage. States keep their country: whether "Mali" is its government or its army
depends on the relation ("supplied drones to Mali" is the army), so the key is
chosen when the relation is built (`Party.key_for`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..models import Mention
from . import relation_rules as rr

STATE_PREFIXES = ("Government of ", "Military Forces of ", "Police Forces of ")
MEMBER_PREFIX = re.compile(
    r"^(?:(?:the|les|des|la|le)\s+)?(?:fighters|members|militants|combatants|jihadists|elements|militiamen|"
    r"rebels|combattants|membres|jihadistes|djihadistes|éléments|partisans|rebelles|hommes|forces)\s+"
    r"(?:of|from|de|du|des|d')\s*(?:the\s+|la\s+|le\s+|l')?", re.I)
SOURCE_ROLES = ("government",)


@dataclass
class Party:
    """Something that can stand at one end of a relation, with its span in the text."""

    start: int
    end: int
    text: str
    key: str | None                  # canonical actor name; None for a bare state
    kind: str                        # named | state | generic | economic | branch | anaphor | pair | pronoun
    role: str = ""                   # armed_group | military | government | civilian | international | ...
    country: str | None = None       # the state's country, or the country a descriptive actor was given
    members: tuple[str, ...] = ()    # a pair anaphor's two actors
    antecedent: str | None = None    # the text an anaphor was resolved to
    parent: str | None = None        # a branch's parent actor
    data: dict[str, Any] = field(default_factory=dict)

    def keys(self) -> list[str]:
        if self.members:
            return list(self.members)
        return [self.key] if self.key else []

    @property
    def is_state(self) -> bool:
        return self.kind == "state" or self.role in ("military", "government", "police") or \
            bool(self.key and self.key.startswith(STATE_PREFIXES))

    @property
    def is_group(self) -> bool:
        """A named non-state organisation: what "the group" and "it" can stand for."""
        return self.kind in ("named", "branch") and self.role == "armed_group" and not self.is_state

    def key_for(self, relation: str, side: str, base: Any) -> list[str]:
        """The actor names this party stands for at `side` ("a" or "b") of `relation`."""
        if self.kind == "state" and self.country:
            military = relation == "supplies" and side == "b"
            return [_state_name(base, "Military Forces" if military else "Government", self.country)]
        return self.keys()


def _state_name(base: Any, generic: str, country: str) -> str:
    name = base.specialise(generic, country) if base is not None else None
    if not name or name == generic:
        of = f"the {country}" if country in ("United States", "United Kingdom", "United Arab Emirates") else country
        name = f"{generic} of {of}"
    return name


class PartyFinder:
    """Builds the parties of a text from the actor mentions and the word lists."""

    def __init__(self, actors: Any) -> None:
        self.base = actors
        countries = getattr(actors, "_countries", {}) or {}
        self._country_names: dict[str, str] = {}
        self._external = {c.name for c in countries.values() if getattr(c, "external", False)}
        self._adjectives: dict[str, str] = {}
        self._cues: dict[str, str] = {}
        for country in countries.values():
            for forms in country.forms.values():
                for name in forms.get("names", []):
                    self._country_names[name] = country.name
                for adj in forms.get("adj", []):
                    self._adjectives[adj.lower()] = country.name
            for cue in country.cues:
                self._cues[cue] = country.name
        for name, country in rr.EXTRA_COUNTRIES.items():
            self._country_names.setdefault(name, country)
        self._lower = {w.lower(): c for w, c in list(self._cues.items()) + list(self._country_names.items())}
        self._country_names.setdefault("the United States", "United States")
        self._country_names.setdefault("Etats-Unis", "United States")
        self._country_names.setdefault("États-Unis", "United States")
        names = set(self._country_names) | set(rr.CAPITALS)
        self._state_re = re.compile(r"(?<![\w'’-])" + _trie_regex(names) + r"(?![\w-])")
        cue_words = {w.lower() for w in set(self._cues) | set(self._country_names) | set(self._adjectives)}
        self._cue_re = re.compile(r"(?<![\w-])" + _trie_regex(cue_words) + r"(?![\w-])", re.I)
        adj = _trie_regex({a.lower() for a in self._adjectives})
        self._force_re = re.compile(
            rf"\b(?:(?:{rr.FORCE_NOUNS_FR})\s+(?P<adj1>{adj})|(?P<adj2>{adj})\s+(?:{rr.FORCE_NOUNS_EN})|"
            rf"(?P<poss>{_trie_regex(set(self._country_names))})['’]s\s+(?:{rr.FORCE_NOUNS_EN}))\b", re.I)
        self._economic = [(kind, re.compile(r"(?<![\w-])(?:" + pattern + r")(?![\w-])", re.I))
                          for kind, pattern in rr.ECONOMIC_PARTIES]
        self._branch_cache: dict[tuple[str, str], str | None] = {}

    # ------------------------------------------------------------------ context

    def context(self, text: str, mentions: list[Mention]) -> tuple[str | None, str | None]:
        """The country and the region the text is mostly about."""
        counts: Counter[str] = Counter()
        fallback: Counter[str] = Counter()
        for m in self._cue_re.finditer(text):
            word = m.group(0)
            if _part_of_place(text, m.start(), m.end()):
                continue
            country = (self._country_names.get(word) or self._cues.get(word)
                       or self._adjectives.get(word.lower()) or self._lower.get(word.lower()))
            if country:
                counts[country] += 1
        for mention in mentions:
            country = mention.data.get("country")
            if country and not mention.data.get("generic"):
                fallback[country] += 1
        country = counts.most_common(1)[0][0] if counts else \
            (fallback.most_common(1)[0][0] if fallback else None)
        counts = counts or fallback
        regions: Counter[str] = Counter()
        for name, n in counts.items():
            if name in ("Mali", "Burkina Faso", "Niger", "Mauritania"):
                regions["sahel"] += n
            elif name in ("Nigeria", "Chad", "Cameroon"):
                regions["lake_chad"] += n
        for region, pattern in rr.REGION_WORDS:
            regions[region] += len(re.findall(r"\b(?:" + pattern + r")\b", text))
        region = regions.most_common(1)[0][0] if regions and regions.most_common(1)[0][1] > 0 else None
        return country, region

    # ------------------------------------------------------------------ parties

    def find(self, text: str, language: str, mentions: list[Mention], country: str | None,
             region: str | None) -> list[Party]:
        parties: list[Party] = []
        for mention in mentions:
            party = self._from_mention(text, mention, country)
            if party is not None:
                parties.append(party)
        extra: list[Party] = []
        for kind, pattern in self._economic:
            for m in pattern.finditer(text):
                extra.append(self._economic_party(kind, m.start(), m.end(), text, country))
        for m in self._force_re.finditer(text):
            word = m.group("adj1") or m.group("adj2")
            c = self._adjectives.get(word.lower()) if word else self._country_names.get(m.group("poss"))
            if c:
                extra.append(Party(m.start(), m.end(), m.group(0), _state_name(self.base, "Military Forces", c),
                                   "named", "military", c))
        place_end = -1      # "in Mali, Niger and Burkina Faso": the whole list is places
        for m in self._state_re.finditer(text):
            before = text[max(0, m.start() - 30):m.start()]
            if rr.LOCATIVE_BEFORE.search(before.rstrip() + (" " if before.endswith(" ") else "")) or (
                    place_end >= 0 and re.fullmatch(r"\s*(?:,|and|et|or|ou)?\s*(?:and|et)?\s*(?:the\s+|le\s+|la\s+|l')?",
                                                    text[place_end:m.start()])):
                place_end = m.end()
                continue
            place_end = -1
            if re.search(r"\b(?:au|aux|à)\s*$", before) and not re.search(
                    r"(?:imposée?s?|livrée?s?|fourni\w*|vendu\w*|versée?s?|accordée?s?|envoyée?s?|infligée?s?|"
                    r"apportée?s?|donnée?s?|cédée?s?|offerte?s?|promise?s?|livré|livre|fournit|vend|verse)\s+"
                    r"(?:\w+\s+){0,4}?(?:au|aux|à)\s*$", before):
                continue    # "au Mali": in Mali
            if _part_of_place(text, m.start(), m.end()):
                continue
            if re.match(r"\s+(?:agreements?|accords?|talks|process|summit|conference|declaration|peace|deal|"
                        r"negotiations|pourparlers|déclaration|sommet|conférence|processus|format)\b",
                        text[m.end():m.end() + 20], re.I):
                continue    # "the Algiers agreement": a name, not a party
            word = m.group(0)
            c = self._country_names.get(word) or rr.CAPITALS.get(word)
            if c:
                extra.append(Party(m.start(), m.end(), word, None, "state", "government", c))
        parties = _merge_overlaps(parties, extra)
        parties = self._branches(text, language, parties, region)
        parties = _join_same(text, parties)
        return parties

    def _from_mention(self, text: str, mention: Mention, country: str | None) -> Party | None:
        key = mention.key
        data = mention.data or {}
        start, end, surface = mention.start, mention.end, mention.text
        member = MEMBER_PREFIX.match(surface)
        if member and member.end() < len(surface):
            start += member.end()
            surface = text[start:end]
        role = data.get("role_hint") or ""
        if not key:
            return None
        if data.get("generic"):
            if data.get("tag") == "smugglers":
                return Party(start, end, surface, "Smugglers (Sahel)", "economic", "economic")
            if key.startswith("Unidentified Armed Group") or key in ("Protesters", "Rioters"):
                return None
            own = self._possessor_country(text, start)
            if own is None and country in self._external:
                return None     # "soldiers" in a story about the United States: too loose to name
            c = own or country
            if not c or re.search(r"^\s+(?:européen\w*|étrang\w*|occidenta\w*|internationa\w*|multinationa\w*)",
                                  text[end:end + 20]) or re.search(
                    r"(?:European|foreign|Western|international|multinational|allied)\s+$", text[max(0, start - 20):start]):
                return None
            if key == "Civilians":
                kind = _economic_kind(surface)
                if kind:
                    return self._economic_party(kind, start, end, text, c)
            return Party(start, end, surface, self.base.specialise(key, c), "generic", role, c)
        if key.startswith("Military Forces of ") and re.search(r"minist|département|department|treasury",
                                                               surface, re.I):
            c = key[len("Military Forces of "):]
            key, role = _state_name(self.base, "Government", c.removeprefix("the ")), "government"
        if re.search(r"security council|conseil de sécurité", surface, re.I):
            return Party(start, end, surface, "United Nations Security Council", "named", "international")
        return Party(start, end, surface, key, "named", role, data.get("country"))

    def _possessor_country(self, text: str, start: int) -> str | None:
        m = re.search(r"([A-Z][\w' -]{1,25}?)['’]s\s+$", text[max(0, start - 30):start])
        if m:
            return self._country_names.get(m.group(1).strip())
        return None

    def _economic_party(self, kind: str, start: int, end: int, text: str, country: str | None) -> Party:
        surface = text[start:end]
        if kind == "smugglers":
            return Party(start, end, surface, "Smugglers (Sahel)", "economic", "economic")
        if kind == "european_governments":
            return Party(start, end, surface, "European Governments", "economic", "government")
        if kind == "security_council":
            return Party(start, end, surface, "United Nations Security Council", "named", "international")
        label = {"miners": "Artisanal Miners", "fishermen": "Fishermen", "civilians": "Civilians"}[kind]
        if kind == "civilians":
            key = self.base.specialise("Civilians", country) if country else None
        else:
            key = f"{label} ({country})" if country else None
        return Party(start, end, surface, key, "economic", "civilian", country)

    # ------------------------------------------------------------------ branches

    def branch_of(self, parent: str, region: str | None) -> str | None:
        """The regional branch of `parent` ("Islamic State" + sahel -> "Islamic State (Sahel)")."""
        if not region or region not in rr.REGION_CUES:
            return None
        cached = self._branch_cache.get((parent, region), "")
        if cached != "":
            return cached
        found = None
        actor = self.base.get(parent)
        if actor is not None:
            probe = f"{actor.name} affiliate in the {rr.REGION_CUES[region]}"
            for mention in self.base.find(probe, "en"):
                if mention.key and mention.key != actor.name and not mention.data.get("generic"):
                    found = mention.key
                    break
        self._branch_cache[(parent, region)] = found
        return found

    def _is_child(self, child: str, parent: str) -> bool:
        actor = self.base.get(child)
        if actor is None:
            return False
        return actor.parent == parent or any(f.get("target") == parent for f in actor.affiliations)

    def _region_of(self, words: str | None, default: str | None) -> str | None:
        if not words:
            return default
        for region, pattern in rr.REGION_WORDS:
            if re.search(r"(?:" + pattern + r")", words, re.I):
                return region
        return default

    def _branches(self, text: str, language: str, parties: list[Party], region: str | None) -> list[Party]:
        """"the Islamic State's Sahel branch" -> one party, the branch, with its parent."""
        out: list[Party] = []
        skip: set[int] = set()
        for n, party in enumerate(parties):
            if n in skip:
                continue
            nxt = parties[n + 1] if n + 1 < len(parties) else None
            if party.kind == "named" and nxt is not None and nxt.key and party.key and \
                    re.fullmatch(r"['’]s\s+", text[party.end:nxt.start]) and self._is_child(nxt.key, party.key):
                out.append(Party(party.start, nxt.end, text[party.start:nxt.end], nxt.key, "branch", "armed_group",
                                 parent=party.key, data={"explicit": True}))
                skip.add(n + 1)
                continue
            possessor = re.match(r"(?:the\s+)?(.+?)['’]s\s", party.text)
            if party.kind == "named" and party.key and possessor:
                parent = self.base.get(possessor.group(1))
                if parent is not None and self._is_child(party.key, parent.name):
                    out.append(Party(party.start, party.end, party.text, party.key, "branch", "armed_group",
                                     parent=parent.name, data={"explicit": True}))
                    continue
            if party.kind == "named" and party.role == "armed_group":
                m = re.match(r"['’]s\s+(?:(?P<reg>[A-Z][\w-]*(?:\s[A-Z][\w-]*)?|West African|local|regional)\s+)?"
                             r"(?P<noun>(?i:branch|affiliate|province|wing|franchise|local commanders|commanders))\b"
                             r"(?:\s+in\s+(?:the\s+)?(?P<reg2>[A-Z][\w-]+(?:\s[A-Z][\w-]+)?))?",
                             text[party.end:])
                if m:
                    reg = self._region_of(m.group("reg") or m.group("reg2"), region)
                    child = self.branch_of(party.key or "", reg)
                    if child:
                        end = party.end + m.end()
                        explicit = m.group("noun") not in ("local commanders", "commanders")
                        out.append(Party(party.start, end, text[party.start:end], child, "branch", "armed_group",
                                         parent=party.key, data={"explicit": explicit}))
                        continue
            out.append(party)
        return out


def _trie_regex(words: set[str]) -> str:
    """One regex alternation for many words, factored by common prefixes (much faster than a
    flat alternation over every position of a text)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not end else "(?:" + "|".join(branches) + ")"
        return body + ("?" if end and branches else "")

    return "(?:" + build(trie) + ")"


def _part_of_place(text: str, start: int, end: int) -> bool:
    """"the Inner Niger Delta", "Lake Chad", "le fleuve Niger": a country name inside a place name."""
    return bool(re.match(r"\s+(?:Delta|River|Basin|Valley|Bend|delta|river)\b", text[end:end + 12]) or
                re.search(r"\b(?:Inner|Lake|lac|fleuve|River|delta intérieur du|boucle du)\s+$",
                          text[max(0, start - 25):start]))


def _economic_kind(surface: str) -> str | None:
    for kind, pattern in rr.ECONOMIC_PARTIES:
        if kind in ("miners", "fishermen") and re.search(pattern, surface, re.I):
            return kind
    return None


def _merge_overlaps(parties: list[Party], extra: list[Party]) -> list[Party]:
    """Base parties first; an extra party wins over the generic or state mentions it covers
    and never over a named actor."""
    chosen = sorted(parties, key=lambda p: p.start)
    for party in sorted(extra, key=lambda p: (p.start, -(p.end - p.start))):
        clash = [p for p in chosen if p.start < party.end and party.start < p.end]
        if not clash:
            chosen.append(party)
            continue
        longer = all(party.end - party.start > p.end - p.start for p in clash)
        weak = all(p.kind in ("generic", "economic", "state") for p in clash)
        if longer and weak:
            chosen = [p for p in chosen if p not in clash] + [party]
    return sorted(chosen, key=lambda p: p.start)


def _join_same(text: str, parties: list[Party]) -> list[Party]:
    """"the Group for Support of Islam and Muslims (JNIM)", "paramilitaires russes du groupe
    Wagner": one party."""
    out: list[Party] = []
    for party in parties:
        if out and out[-1].key and out[-1].key == party.key and out[-1].kind == party.kind:
            gap = text[out[-1].end:party.start]
            if re.fullmatch(r"\s*\(\s*|\s+(?:of|de|du|des|d')\s*(?:the\s+|la\s+|le\s+|l')?|\s*,\s*|"
                            r"\s+(?:dite?s?|known as|also known as|called|alias|a\.k\.a\.)\s+", gap):
                prev = out[-1]
                end = party.end + (1 if text[party.end:party.end + 1] == ")" else 0)
                out[-1] = Party(prev.start, end, text[prev.start:end], prev.key, prev.kind, prev.role,
                                prev.country, parent=prev.parent, data=prev.data)
                continue
        out.append(party)
    return out
