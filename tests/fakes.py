"""In-memory stand-ins for the actor base and the geocoder, for fast unit tests of
the stages that use them. Integration tests use the real ones."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from conflictmap.models import Actor, Mention, Place

GENERIC_FORMS = {
    "Military Forces": "Military Forces of {country}",
    "Police Forces": "Police Forces of {country}",
    "Government": "Government of {country}",
}


class InMemoryActorBase:
    def __init__(self, actors: Sequence[Actor], generic: dict[str, tuple[str, str]] | None = None) -> None:
        self.actors = {a.name: a for a in actors}
        self.alias = {}
        for a in actors:
            for name in [a.name, *a.aliases]:
                self.alias[name.lower()] = a.name
        # word -> (generic name, role hint)
        self.generic = generic or {}
        names = sorted(list(self.alias) + list(self.generic), key=len, reverse=True)
        self._re = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)

    def ruler_patterns(self, language: str) -> list[dict]:
        return [{"label": "ORG", "pattern": a.name, "id": a.name} for a in self.actors.values()]

    def find(self, text: str, language: str) -> list[Mention]:
        out = []
        for m in self._re.finditer(text):
            word = m.group(0).lower()
            if word in self.alias:
                actor = self.actors[self.alias[word]]
                out.append(Mention("ACTOR", m.start(), m.end(), m.group(0), actor.name,
                                   data={"inter": actor.inter, "country": actor.country, "generic": False,
                                         "role_hint": actor.kind}))
            else:
                name, hint = self.generic[word]
                out.append(Mention("ACTOR", m.start(), m.end(), m.group(0), name,
                                   data={"inter": None, "country": None, "generic": True, "role_hint": hint}))
        return out

    def specialise(self, generic: str, country: str | None) -> str:
        if generic in self.actors:
            return generic
        if not country:
            return generic
        if generic in GENERIC_FORMS:
            return GENERIC_FORMS[generic].format(country=country)
        return f"{generic} ({country})"

    def get(self, name: str) -> Actor | None:
        key = self.alias.get(name.lower())
        return self.actors.get(key) if key else None

    def canonical(self, name: str) -> str:
        return self.alias.get(name.lower(), name)


class InMemoryGeocoder:
    def __init__(self, places: Sequence[Place]) -> None:
        self.places = {p.name: p for p in places if p.name}
        self._re = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(self.places, key=len, reverse=True)) + r")\b")

    def ruler_patterns(self, language: str) -> list[dict]:
        return [{"label": "GPE", "pattern": name} for name in self.places]

    def find_places(self, text: str, language: str, mentions: Sequence[Mention] = ()) -> list[Place]:
        return [replace(self.places[m.group(0)], text=m.group(0), start=m.start(), end=m.end())
                for m in self._re.finditer(text)]

    def event_place(self, text: str, places: Sequence[Place], start: int, end: int) -> Place | None:
        inside = [p for p in places if start <= p.start < end and (p.where_prec or 6) < 6]
        if inside:
            return inside[0]
        before = [p for p in places if p.start < start and (p.where_prec or 6) < 6]
        return before[-1] if before else None
