"""The actor knowledge base and actor mention resolution.

    ActorBase.load(extra)     package actors.yaml + the user file + extra files
    ActorBase.default()       the same, cached until the user file changes
    base.get / .canonical     name or alias -> Actor (accent, case, punctuation blind)
    base.find(text, lang)     every actor mention, as models.Mention
    base.specialise           "Civilians" + "Mali" -> "Civilians (Mali)"
    base.affiliations_of      the dated facts of an actor valid on a date
    base.ruler_patterns       spaCy EntityRuler patterns for the NLP stage

How `find` works: the text is cut into word tokens by one regex (so every offset
is an offset of the original text, whatever its accents), each token is folded
(accents and case removed, cached), and a trie of folded alias tokens is walked
from every token that starts some alias. The longest match wins; a match that
overlaps a longer one further right gives way to it ("l'armée malienne" is the
Malian army, not a generic "l'armée"). Tokens of an alias may be separated only
by spaces, hyphens or apostrophes (and a period after an initial: "U.N."), so
a name never runs across a comma or a sentence. Acronyms match only as written.

The knowledge base format is described in the header of resources/actors.yaml;
`ActorBase._read` checks it and raises ResourceError naming the file, the entry
and the problem.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date as _date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..config import Settings
from ..errors import ResourceError
from ..models import Actor, Mention, fold
from .actor_text import (
    DATE_GUARDS,
    LANGUAGES,
    MEMBER_CONNECTORS,
    MEMBER_NOUNS,
    MEMBER_SUFFIXES,
    Tokens,
    accept_det,
    alias_variants,
    gap_ok,
    is_plural,
    looks_shouted,
    strip_accents,
    tokenize,
)

STAGE = "actors.kb.v1"

log = logging.getLogger(__name__)

RELATIONS: frozenset[str] = frozenset({
    "affiliated_with", "branch_of", "part_of", "merged_into", "pledged_to",
    "recognised_by", "placed_under", "split_from", "successor_of", "succeeded_by",
    "renamed_to", "member_of", "allied_with", "rival_of", "designated_by", "dissolved_by",
})
KINDS: frozenset[str] = frozenset({
    "organisation", "state_force", "government", "international", "ethnic_militia",
    "communal_militia", "political_party", "civic_group", "descriptive",
})
ROLE_HINTS: frozenset[str] = frozenset({
    "civilian", "military", "police", "armed_group", "protester", "rioter",
    "government", "international",
})
_ACTOR_KEYS = frozenset({
    "name", "inter", "country", "kind", "aliases", "parent", "affiliations", "names",
    "active_from", "active_to", "source", "note", "role_hint",
})
_ALIAS_KEYS = frozenset({"text", "case", "lang", "ambiguous", "det", "tag"})
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SPECIFIC_RE = re.compile(r"^(?P<generic>.+?)\s*\((?P<country>[^()]+)\)$|^(?P<g2>.+?) of (?P<c2>.+)$")
_PACKAGE_FILE = "actors.yaml"
_TERM = ""  # trie key of the surfaces ending at a node (folded tokens are never empty)


@dataclass(frozen=True)
class Surface:
    """One way of writing one target: an alias, a generated form, a contextual phrase."""

    text: str
    tokens: tuple[str, ...]        # folded tokens
    target: str                    # actor name, generic name, or contextual rule index
    source: str                    # actor | generic | form | contextual
    exact: tuple[str | None, ...]  # per token: the accent-free form required, or None
    lang: str | None = None
    det: bool = False
    ambiguous: bool = False
    tag: str | None = None
    plural: bool = False
    origin: str = ""               # "entry 12 ('Ansar Dine')", for error messages
    path: str = ""


@dataclass(frozen=True)
class Generic:
    """A descriptive actor whose country comes from context ("gunmen", "villagers")."""

    name: str
    template: str
    inter: int
    role_hint: str
    kind: str = "descriptive"


@dataclass(frozen=True)
class Country:
    name: str
    iso2: str
    external: bool
    of_name: str
    forms: dict[str, dict[str, list[str]]]   # language -> names / adj / of
    cues: tuple[str, ...]


@dataclass(frozen=True)
class ContextRule:
    by_country: dict[str, str]
    by_region: dict[str, str]
    default: str


@dataclass
class _Context:
    """Which countries and regions an article is about, counted from cue words."""

    countries: Counter[str] = field(default_factory=Counter)
    regions: Counter[str] = field(default_factory=Counter)

    def best_country(self, among: Sequence[str]) -> str | None:
        top = max(self.countries.values(), default=0)
        ranked = sorted(among, key=lambda c: -self.countries.get(c, 0))
        if ranked and self.countries.get(ranked[0], 0) > 0 and 2 * self.countries[ranked[0]] >= top:
            return ranked[0]
        return None

    def best_region(self) -> str | None:
        if not self.regions:
            return None
        region, score = self.regions.most_common(1)[0]
        return region if score > 0 else None


def _iso(value: Any, what: str, fail: Any) -> str | None:
    """A YAML date (date object or string) -> ISO string; `fail` raises on bad input."""
    if value is None:
        return None
    if isinstance(value, _date):
        return value.isoformat()
    text = str(value)
    if not _DATE_RE.match(text):
        fail(f"{what} {value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if len(text) == 10:
        try:
            _date.fromisoformat(text)
        except ValueError:
            fail(f"{what} {value!r} is not a calendar date")
    return text


def _date_floor(text: str) -> str:
    """'2017' -> '2017-01-01', '2017-03' -> '2017-03-01' (for comparisons)."""
    return text + "-01-01"[len(text) - 4:] if len(text) < 10 else text


def _key(text: str) -> str:
    """The lookup key of a name: folded tokens joined by spaces (punctuation blind)."""
    return " ".join(fold(t) for t in tokenize(text)[2])


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


class ActorBase:
    """The actor knowledge base: named actors, generic actors, and their surfaces."""

    def __init__(self) -> None:
        self._actors: dict[str, Actor] = {}
        self._records: dict[str, dict[str, Any]] = {}
        self._generics: dict[str, Generic] = {}
        self._countries: dict[str, Country] = {}
        self._country_keys: dict[str, str] = {}
        self._regions: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._rules: list[ContextRule] = []
        self._forms: dict[str, dict[str, list[str]]] = {}
        self._surfaces: list[Surface] = []
        self._index: dict[str, list[str]] = {}
        self._tries: dict[str, dict[str, Any]] = {}
        self._cue_trie: dict[str, Any] = {}
        self._fold_cache: dict[str, str] = {}
        self.files: list[str] = []

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> ActorBase:
        """The package actor file, the user file (Settings().user_actors) if it exists,
        then each of `extra`, in order. Raises ResourceError on any invalid file."""
        base = cls()
        package = resources.files("conflictmap") / "resources" / _PACKAGE_FILE
        base._read(package.read_text(encoding="utf-8"), f"conflictmap/resources/{_PACKAGE_FILE}", package=True)
        user = Settings().user_actors
        paths = ([user] if user.is_file() else []) + [Path(p) for p in extra]
        for path in paths:
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise ResourceError(f"cannot read the actor file: {exc}", source=str(path)) from exc
            base._read(text, str(path), package=False)
        base._finish()
        log.info("actor base: %d actors, %d surfaces from %s", len(base._actors), len(base._surfaces), ", ".join(base.files))
        return base

    @classmethod
    def default(cls) -> ActorBase:
        """The base of `load()`, cached; a change to the user file is read at once."""
        user = Settings().user_actors
        try:
            stat = user.stat()
            stamp: tuple[int, int] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = (0, -1)
        return _cached_default(str(user), stamp)

    def _read(self, text: str, path: str, *, package: bool) -> None:
        def fail(problem: str, where: str = "") -> None:
            raise ResourceError(f"{where + ': ' if where else ''}{problem}", source=path)

        try:
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as exc:
            raise ResourceError(f"not valid YAML: {exc}", source=path) from exc
        self.files.append(path)
        if data is None:
            return
        if isinstance(data, list):
            data = {"actors": data}
        if not isinstance(data, dict):
            fail("the file must be a list of actors or a mapping with an 'actors' list")
        if package:
            self._read_countries(data, fail)
            self._read_generics(data, fail)
        else:
            unknown = set(data) - {"actors", "schema"}
            if unknown:
                fail(f"user files hold only an 'actors' list; unknown sections: {', '.join(sorted(unknown))}")
        entries = data.get("actors") or []
        if not isinstance(entries, list):
            fail("'actors' must be a list")
        for number, entry in enumerate(entries, 1):
            self._read_actor(entry, number, path, package, fail)

    def _read_countries(self, data: dict[str, Any], fail: Any) -> None:
        for row in data.get("countries") or []:
            country = Country(
                name=row["name"], iso2=row["iso2"], external=bool(row.get("external")),
                of_name=row.get("of_name") or row["name"],
                forms={lang: {k: list(v) for k, v in (row.get(lang) or {}).items()} for lang in LANGUAGES},
                cues=tuple(row.get("cues") or ()),
            )
            self._countries[country.name] = country
            for name in [country.name, country.iso2] + [n for f in country.forms.values() for n in f.get("names", [])]:
                self._country_keys.setdefault(_key(name), country.name)
        for row in data.get("regions") or []:
            unknown = [c for c in row["countries"] if c not in self._countries]
            if unknown:
                fail(f"region {row['name']!r} names unknown countries {unknown}")
            self._regions[row["name"]] = (tuple(row["countries"]), tuple(row.get("cues") or ()))
        for number, row in enumerate(data.get("contextual") or [], 1):
            rule = ContextRule(dict(row.get("by_country") or {}), dict(row.get("by_region") or {}), row["default"])
            self._rules.append(rule)
            for alias in row["aliases"]:
                self._add_alias(alias, f"@{len(self._rules) - 1}", "contextual", f"contextual rule {number}", "", fail)

    def _read_generics(self, data: dict[str, Any], fail: Any) -> None:
        for number, row in enumerate(data.get("generics") or [], 1):
            where = f"generic {number} ({row.get('name')!r})"
            if "{country}" not in str(row.get("template", "")):
                fail("template must contain {country}", where)
            if row.get("role_hint") not in ROLE_HINTS:
                fail(f"role_hint must be one of {sorted(ROLE_HINTS)}", where)
            generic = Generic(row["name"], row["template"], int(row["inter"]), row["role_hint"], row.get("kind", "descriptive"))
            self._generics[generic.name] = generic
            self._add_alias(generic.name, generic.name, "generic", where, "", fail)
            for alias in row.get("aliases") or []:
                self._add_alias(alias, generic.name, "generic", where, "", fail)
            for lang, forms in (row.get("country_forms") or {}).items():
                self._forms.setdefault(generic.name, {})[lang] = list(forms)

    def _read_actor(self, entry: Any, number: int, path: str, package: bool, fail: Any) -> None:
        name = entry.get("name") if isinstance(entry, dict) else None
        where = f"entry {number} ({name!r})" if name else f"entry {number}"
        if not isinstance(entry, dict):
            fail("an actor must be a mapping with at least 'name'", where)
        if not isinstance(name, str) or not name.strip():
            fail("'name' must be a non-empty string", where)
        unknown = set(entry) - _ACTOR_KEYS
        if unknown:
            fail(f"unknown fields {sorted(unknown)}; allowed: {sorted(_ACTOR_KEYS)}", where)
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list):
            fail("'aliases' must be a list", where)
        existing = self.get_exact(name)
        if existing is not None:
            if package:
                fail(f"duplicate name {name!r}", where)
            ignored = sorted(set(entry) - {"name", "aliases"})
            if ignored:
                log.warning("%s: %s: %r already exists; only its aliases are added (ignored: %s)",
                            path, where, name, ", ".join(ignored))
            for alias in aliases:
                self._add_alias(alias, existing.name, "actor", where, path, fail)
                existing.aliases.append(alias if isinstance(alias, str) else alias.get("text", ""))
            return
        inter = entry.get("inter")
        if isinstance(inter, bool) or not isinstance(inter, int) or not 1 <= inter <= 8:
            fail(f"'inter' must be an integer 1..8 (ACLED actor type), got {inter!r}", where)
        kind = entry.get("kind", "organisation")
        if kind not in KINDS:
            fail(f"'kind' must be one of {sorted(KINDS)}, got {kind!r}", where)
        country = entry.get("country")
        if country is not None and not isinstance(country, str):
            fail("'country' must be a country name or null", where)
        if country is not None and country not in self._countries:
            (fail if package else log.warning)(f"{where}: country {country!r} is not in the country table")
        facts = []
        for fact in entry.get("affiliations") or []:
            if not isinstance(fact, dict) or fact.get("relation") not in RELATIONS:
                fail(f"each affiliation needs a relation among {sorted(RELATIONS)}; got {fact!r}", where)
            if not isinstance(fact.get("target"), str):
                fail(f"affiliation {fact.get('relation')!r} needs a 'target' actor name", where)
            facts.append({**fact, "from": _iso(fact.get("from"), "'from'", lambda p: fail(p, where)),
                          "to": _iso(fact.get("to"), "'to'", lambda p: fail(p, where))})
        names = []
        for item in entry.get("names") or []:
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                fail(f"each of 'names' is a mapping {{name, from, to}}; got {item!r}", where)
            names.append({"name": item["name"], "from": _iso(item.get("from"), "'from'", lambda p: fail(p, where)),
                          "to": _iso(item.get("to"), "'to'", lambda p: fail(p, where))})
        actor = Actor(
            id=_slug(name), name=name, inter=inter, country=country, kind=kind,
            aliases=[a if isinstance(a, str) else a.get("text", "") for a in aliases],
            parent=entry.get("parent"), affiliations=facts,
            active_from=_iso(entry.get("active_from"), "'active_from'", lambda p: fail(p, where)),
            active_to=_iso(entry.get("active_to"), "'active_to'", lambda p: fail(p, where)),
            note=str(entry.get("note") or ""),
        )
        self._actors[name] = actor
        self._records[name] = {"source": entry.get("source"), "names": names, "file": path,
                               "role_hint": entry.get("role_hint")}
        for alias in [name] + aliases + [n["name"] for n in names]:
            self._add_alias(alias, name, "actor", where, path, fail)

    def _add_alias(self, alias: Any, target: str, source: str, where: str, path: str, fail: Any) -> None:
        options: dict[str, Any] = {}
        if isinstance(alias, dict):
            unknown = set(alias) - _ALIAS_KEYS
            if unknown or not isinstance(alias.get("text"), str):
                fail(f"an alias mapping needs 'text' and may have {sorted(_ALIAS_KEYS - {'text'})}; got {alias!r}", where)
            options, alias = alias, alias["text"]
        if not isinstance(alias, str) or not alias.strip():
            fail(f"aliases must be non-empty strings; got {alias!r}", where)
        lang = options.get("lang")
        if lang is not None and lang not in LANGUAGES:
            fail(f"alias {alias!r}: lang must be one of {LANGUAGES}", where)
        for variant in alias_variants(alias):
            _, _, words = tokenize(variant)
            if not words:
                fail(f"alias {alias!r} has no word in it", where)
            exact = tuple(
                strip_accents(w) if options.get("case") == "exact" or _is_acronym(w) else None for w in words
            )
            self._surfaces.append(Surface(
                text=alias, tokens=tuple(fold(w) for w in words), target=target, source=source,
                exact=exact, lang=lang, det=bool(options.get("det")),
                ambiguous=bool(options.get("ambiguous")), tag=options.get("tag"),
                plural=is_plural(words, proper_ok=source != "actor"), origin=where, path=path,
            ))

    def _finish(self) -> None:
        """Check references, expand the country forms, detect alias clashes, index."""
        for actor in self._actors.values():
            where = f"{actor.name!r}"
            path = self._records[actor.name]["file"]
            if actor.parent and actor.parent not in self._actors:
                raise ResourceError(f"{where}: parent {actor.parent!r} is not an actor of the base", source=path)
            for fact in actor.affiliations:
                if fact["target"] not in self._actors:
                    raise ResourceError(f"{where}: affiliation target {fact['target']!r} is not an actor of the base", source=path)
        for rule in self._rules:
            for target in [*rule.by_country.values(), *rule.by_region.values(), rule.default]:
                if target not in self._actors and target not in self._generics:
                    raise ResourceError(f"contextual rule names unknown actor {target!r}", source=self.files[0])
        explicit = list(self._surfaces)
        self._surfaces.extend(self._expand_forms(explicit))
        self._check_clashes(explicit)
        for surface in self._surfaces:
            self._index.setdefault(" ".join(surface.tokens), []).append(surface.target)
        for generic in self._generics.values():
            for country in self._countries:
                name = self._specific(generic, country)
                self._index.setdefault(_key(name), []).append(name)
        self._build_cues()

    def _expand_forms(self, explicit: list[Surface]) -> list[Surface]:
        """Country forms of the generics ("{adj} soldiers") for every country and language."""
        taken = {(s.tokens, s.lang) for s in explicit}
        out: list[Surface] = []
        seen: set[tuple[tuple[str, ...], str]] = set()
        for generic_name, by_lang in self._forms.items():
            generic = self._generics[generic_name]
            for lang, forms in by_lang.items():
                for country in self._countries.values():
                    fills = country.forms.get(lang, {})
                    target = self._specific(generic, country.name)
                    for form in forms:
                        slot = re.search(r"\{(adj|name|of)\}", form)
                        values = fills.get({"name": "names"}.get(slot.group(1), slot.group(1)), []) if slot else [""]
                        for value in values:
                            text = form.replace(slot.group(0), value) if slot else form
                            for variant in alias_variants(text):
                                words = tokenize(variant)[2]
                                tokens = tuple(fold(w) for w in words)
                                if (tokens, lang) in seen or (tokens, None) in taken or (tokens, lang) in taken:
                                    continue
                                seen.add((tokens, lang))
                                exact = tuple(strip_accents(w) if _is_acronym(w) else None for w in words)
                                out.append(Surface(text, tokens, target, "form", exact, lang=lang,
                                                   plural=is_plural(words), origin=f"form {form!r} of {generic_name!r}"))
        return out

    def _check_clashes(self, explicit: list[Surface]) -> None:
        """One written form names one actor, unless every reading is marked ambiguous."""
        by_tokens: dict[tuple[str, ...], list[Surface]] = {}
        for surface in explicit:
            by_tokens.setdefault(surface.tokens, []).append(surface)
        for tokens, surfaces in by_tokens.items():
            for lang in LANGUAGES:
                live = [s for s in surfaces if s.lang in (None, lang)]
                targets = {s.target for s in live}
                if len(targets) > 1 and not all(s.ambiguous for s in live):
                    first = next(s for s in live if s.target == live[0].target)
                    other = next(s for s in live if s.target != first.target)
                    raise ResourceError(
                        f"{other.origin}: alias {other.text!r} already names {first.target!r} "
                        f"({first.origin}{' in ' + first.path if first.path and first.path != other.path else ''}); "
                        "remove it, or mark it `ambiguous: true` on every actor it names",
                        source=other.path or self.files[0],
                    )

    def _build_cues(self) -> None:
        for country in self._countries.values():
            words = [country.name, *country.cues]
            for forms in country.forms.values():
                words += forms.get("names", []) + forms.get("adj", [])
            for word in words:
                _insert(self._cue_trie, tuple(fold(w) for w in tokenize(word)[2]), ("country", country.name))
        for region, (_, cues) in self._regions.items():
            for word in cues:
                _insert(self._cue_trie, tuple(fold(w) for w in tokenize(word)[2]), ("region", region))

    def _trie(self, language: str) -> dict[str, Any]:
        trie = self._tries.get(language)
        if trie is None:
            trie = {}
            priority = {"actor": 0, "contextual": 1, "form": 2, "generic": 3}
            for surface in sorted(self._surfaces, key=lambda s: priority[s.source]):
                if surface.lang in (None, language):
                    _insert(trie, surface.tokens, surface)
            self._tries[language] = trie
        return trie

    # ------------------------------------------------------------------ lookups

    def actors(self) -> Iterator[Actor]:
        """Every named actor, in file order."""
        return iter(self._actors.values())

    def record(self, name: str) -> dict[str, Any]:
        """The facts kept beside an Actor: source, former names, file."""
        actor = self.get(name)
        return dict(self._records.get(actor.name, {})) if actor else {}

    def get_exact(self, name: str) -> Actor | None:
        """The named actor whose canonical name folds to `name`'s, without aliases."""
        key = _key(name)
        for actor_name in self._index.get(key, []):
            actor = self._actors.get(actor_name)
            if actor is not None and _key(actor.name) == key:
                return actor
        return None

    def get(self, name_or_alias: str) -> Actor | None:
        """The actor a name or alias denotes: accent, case and punctuation blind.

        Resolves canonical names, aliases, descriptive forms ("Malian soldiers"),
        generic names ("Unidentified Armed Group") and specific names built from
        them ("Unidentified Armed Group (Mali)", "Civilians (Côte d'Ivoire)"). An
        alias marked ambiguous gives its first reading; a contextual phrase its default.
        """
        key = _key(name_or_alias)
        for target in self._index.get(key, []):
            actor = self._resolve_target(target)
            if actor is not None:
                return actor
        match = _SPECIFIC_RE.match(name_or_alias.strip())
        if match:
            generic = match.group("generic") or match.group("g2")
            country = match.group("country") or match.group("c2")
            if (g := self._generic(generic)) is not None and _key(country) in self._country_keys:
                return self._resolve_target(self.specialise(g.name, country))
        return None

    def canonical(self, name: str) -> str:
        """The canonical name of `name`, or `name` itself when unknown."""
        actor = self.get(name)
        return actor.name if actor else name

    def specialise(self, generic: str, country: str | None) -> str:
        """"Unidentified Armed Group" + "Mali" -> "Unidentified Armed Group (Mali)".

        The country may be any of its names or its ISO code ("Côte d'Ivoire", "CI").
        A name that is not generic is returned canonical; without a country the
        generic name is returned."""
        g = self._generic(generic)
        if g is None:
            return self.canonical(generic)
        if not country:
            return g.name
        return self._specific(g, self._country_keys.get(_key(country), country))

    def _specific(self, generic: Generic, country: str) -> str:
        """The template of a generic filled with a country ("of the United States")."""
        c = self._countries.get(country)
        if c is not None and " of {country}" in generic.template:
            return generic.template.format(country=c.of_name)
        return generic.template.format(country=country)

    def country_name(self, name: str) -> str | None:
        """The English short name of a country from any of its names or its ISO code."""
        return self._country_keys.get(_key(name))

    def affiliations_of(self, name: str, on: str | None = None) -> list[dict[str, Any]]:
        """The dated facts of an actor; with `on` (ISO date), only those valid that day.

        A fact holds from its `from` date (inclusive) until its `to` date (exclusive);
        partial dates count from their first day."""
        actor = self.get(name)
        if actor is None:
            return []
        facts = [dict(f) for f in actor.affiliations]
        if on is None:
            return facts
        day = _date_floor(on)
        return [f for f in facts
                if (f["from"] is None or _date_floor(f["from"]) <= day)
                and (f["to"] is None or day < _date_floor(f["to"]))]

    def _generic(self, name: str) -> Generic | None:
        key = _key(name)
        return next((g for g in self._generics.values() if _key(g.name) == key), None)

    def _resolve_target(self, target: str) -> Actor | None:
        if target.startswith("@"):
            target = self._rules[int(target[1:])].default
        if target in self._actors:
            return self._actors[target]
        if target in self._generics:
            g = self._generics[target]
            return Actor(id=_slug(g.name), name=g.name, inter=g.inter, kind=g.kind)
        for g in self._generics.values():
            prefix, _, suffix = g.template.partition("{country}")
            if target.startswith(prefix) and target.endswith(suffix):
                country = target[len(prefix):len(target) - len(suffix)]
                country = next((c.name for c in self._countries.values() if c.of_name == country), country)
                inter = g.inter
                c = self._countries.get(country)
                if c is not None and c.external and inter == 1:
                    inter = 8
                return Actor(id=_slug(target), name=target, inter=inter, country=country, kind=g.kind,
                             note=f"built from the generic actor {g.name!r}")
        return None

    def _role(self, actor: Actor) -> str:
        hint = self._records.get(actor.name, {}).get("role_hint")
        if hint:
            return hint
        for g in self._generics.values():
            prefix = g.template.partition("{country}")[0]
            if actor.name.startswith(prefix) and g.role_hint in ("military", "police", "government"):
                return g.role_hint
        if actor.kind == "government":
            return "government"
        if actor.kind == "state_force":
            return "military"
        by_inter = {2: "armed_group", 3: "armed_group", 4: "armed_group", 5: "rioter", 6: "protester", 7: "civilian"}
        if actor.inter in by_inter:
            return by_inter[actor.inter]
        return "international" if actor.kind == "international" else "armed_group"

    # ------------------------------------------------------------------ matching

    def find(self, text: str, language: str) -> list[Mention]:
        """Every actor mention of `text`, left to right, offsets indexing `text`.

        `key` is the canonical actor name, or the generic name ("Unidentified Armed
        Group", "Civilians", "Military Forces") when the country must come from
        context; `data` holds inter, country, generic, role_hint, plural and, when
        they apply, inferred (a contextual phrase or an ambiguous alias was resolved
        by the article's countries), ambiguous, tag ("bandits", "smugglers")."""
        trie = self._trie(language if language in LANGUAGES else "en")
        starts, ends, words = tokenize(text)
        cache = self._fold_cache
        if len(cache) > 200_000:
            cache.clear()
        folds = []
        for w in words:
            f = cache.get(w)
            if f is None:
                f = cache[w] = fold(w)
            folds.append(f)
        toks = Tokens(text, starts, ends, words, folds)
        found: list[tuple[int, int, list[Surface]]] = []
        n, i = len(folds), 0
        while i < n:
            if folds[i] not in trie:
                i += 1
                continue
            match = self._longest(trie, toks, i)
            if match is None:
                i += 1
                continue
            j, surfaces = match
            k = i + 1
            while k <= j:   # a longer match starting inside this one wins
                if folds[k] in trie and (later := self._longest(trie, toks, k)) is not None and later[0] > j:
                    i, (j, surfaces) = k, later
                k += 1
            found.append((i, j, surfaces))
            i = j + 1
        context: list[_Context] = []
        mentions: list[Mention] = []
        spans: list[tuple[int, int]] = []
        for i, j, surfaces in found:
            mention = self._mention(toks, i, j, surfaces, context)
            if mention is None:
                continue
            if not mention.data["generic"] and mention.data["role_hint"] == "armed_group":
                i, j, plural, replaced = self._absorb(toks, i, j, spans)
                if replaced:
                    spans.pop()
                    mentions.pop()
                if plural:
                    mention.data["plural"] = True
                mention.start, mention.end = starts[i], ends[j]
                mention.text = text[mention.start:mention.end]
            mentions.append(mention)
            spans.append((i, j))
        return mentions

    def _longest(self, trie: dict[str, Any], toks: Tokens, i: int) -> tuple[int, list[Surface]] | None:
        node = trie[toks.folds[i]]
        best: tuple[int, list[Surface]] | None = None
        j, n = i, len(toks.folds)
        while True:
            if _TERM in node:
                accepted = [s for s in node[_TERM] if self._accepts(s, toks, i)]
                if accepted:
                    best = (j, accepted)
            if j + 1 >= n:
                break
            nxt = node.get(toks.folds[j + 1])
            if nxt is None or not gap_ok(toks, j):
                break
            node, j = nxt, j + 1
        return best

    @staticmethod
    def _accepts(surface: Surface, toks: Tokens, i: int) -> bool:
        for k, required in enumerate(surface.exact):
            if required is not None and strip_accents(toks.words[i + k]) != required:
                return False
        if surface.det and not accept_det(toks, i):
            return False
        if any(surface.exact) and len(surface.tokens) == 1 and looks_shouted(toks, i):
            return False
        return True

    def _mention(self, toks: Tokens, i: int, j: int, surfaces: list[Surface], context: list[_Context]) -> Mention | None:
        surface = surfaces[0]
        data: dict[str, Any] = {}
        target = surface.target
        if len({s.target for s in surfaces}) > 1:   # an ambiguous alias: the article's country decides
            ctx = self._context(toks, context)
            by_country = {self._actors[s.target].country: s.target for s in reversed(surfaces) if s.target in self._actors}
            chosen = ctx.best_country([c for c in by_country if c])
            target = by_country[chosen] if chosen else surface.target
            data.update(ambiguous=True, inferred=True)
        elif surface.source == "contextual":
            rule = self._rules[int(target[1:])]
            ctx = self._context(toks, context)
            country = ctx.best_country(list(rule.by_country))
            region = ctx.best_region()
            if country:
                target = rule.by_country[country]
            elif region in rule.by_region:
                target = rule.by_region[region]
            else:
                target = rule.default
            data["inferred"] = True
        start, end = toks.starts[i], toks.ends[j]
        generic = target in self._generics
        if generic:
            g = self._generics[target]
            data.update(inter=g.inter, country=None, generic=True, role_hint=g.role_hint)
        else:
            actor = self._resolve_target(target)
            if actor is None:   # cannot happen after _finish's checks
                log.warning("no actor for surface %r -> %r", surface.text, target)
                return None
            target = actor.name
            data.update(inter=actor.inter, country=actor.country, generic=False, role_hint=self._role(actor))
        data["plural"] = surface.plural
        if surface.tag:
            data["tag"] = surface.tag
        return Mention(label="ACTOR", start=start, end=end, text=toks.text[start:end], key=target,
                       data=dict(sorted(data.items())))

    def _context(self, toks: Tokens, memo: list[_Context]) -> _Context:
        """Count the countries and regions an article names (computed once per text)."""
        if memo:
            return memo[0]
        ctx = _Context()
        folds, n, i = toks.folds, len(toks.folds), 0
        while i < n:
            node = self._cue_trie.get(folds[i])
            if node is None:
                i += 1
                continue
            best, j = None, i
            while True:
                if _TERM in node:
                    best = (j, node[_TERM])
                if j + 1 >= n or (nxt := node.get(folds[j + 1])) is None or not gap_ok(toks, j):
                    break
                node, j = nxt, j + 1
            if best is None:
                i += 1
                continue
            for what, name in best[1]:
                (ctx.countries if what == "country" else ctx.regions)[name] += 1
            i = best[0] + 1
        for region, (countries, _) in self._regions.items():
            ctx.regions[region] += sum(ctx.countries.get(c, 0) for c in countries)
        memo.append(ctx)
        return ctx

    @staticmethod
    def _absorb(toks: Tokens, i: int, j: int, spans: list[tuple[int, int]]) -> tuple[int, int, bool, bool]:
        """Widen a named group's mention over member nouns: "Boko Haram fighters",
        "AQIM groups", "combattants de l'EIGS", "members of Ansar Dine". Returns the
        new token range, whether a plural noun was taken in, and whether the previous
        mention (a generic "jihadistes" before "de l'EIGS") was swallowed."""
        folds, plural, replaced, n = toks.folds, False, False, len(toks.folds)
        for suffix in MEMBER_SUFFIXES:
            end = j + len(suffix)
            if end < n and tuple(folds[j + 1:end + 1]) == suffix and all(gap_ok(toks, k) for k in range(j, end)):
                plural = suffix[-1].endswith("s")
                j = end
                break
        for connector in MEMBER_CONNECTORS:
            head = i - len(connector) - 1
            if head >= 0 and tuple(folds[head + 1:i]) == connector and folds[head] in MEMBER_NOUNS \
                    and all(gap_ok(toks, k) for k in range(head, i)):
                covered = spans[-1] if spans and spans[-1][1] == head else None
                if covered is None and spans and spans[-1][1] >= head:
                    break   # the noun belongs to a longer mention: leave it alone
                i, replaced = (covered[0], True) if covered else (head, False)
                plural = plural or folds[head].endswith(("s", "x"))
                break
        return i, j, plural, replaced

    # ------------------------------------------------------------------ spaCy

    def ruler_patterns(self, language: str) -> list[dict[str, Any]]:
        """EntityRuler patterns: ORG (with id = canonical name) for named groups and
        state forces, NORP for descriptive actors with a proper name in them ("Fulani
        militia", "Malian civilians"); never bare common words ("soldiers"). Also DATE
        guards for weekday (and French month) names, which stock models read as persons."""
        patterns: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()

        def add(label: str, text: str, pattern_id: str | None, exact: bool) -> None:
            for variant in dict.fromkeys([text, strip_accents(text)]):
                if (variant.lower(), label) in seen:
                    continue
                seen.add((variant.lower(), label))
                pattern: Any = [{"ORTH": variant}] if exact else variant
                patterns.append({"label": label, "pattern": pattern, **({"id": pattern_id} if pattern_id else {})})

        for surface in self._surfaces:
            if surface.lang not in (None, language) or surface.source == "contextual":
                continue
            capitalised = any(w[:1].isupper() for w in tokenize(surface.text)[2])
            single = len(surface.tokens) == 1
            if surface.source == "generic":
                if not capitalised:
                    continue
                label, target = "NORP", surface.target
            else:
                actor = self._resolve_target(surface.target)
                if actor is None:
                    continue
                label = "ORG" if actor.kind not in ("descriptive", "ethnic_militia", "communal_militia") \
                    or surface.source == "actor" else "NORP"
                if actor.inter == 7 or actor.name.startswith(("Protesters", "Rioters")):
                    label = "NORP"
                target = actor.name
                if single and not capitalised:
                    continue
            exact = single and surface.exact[0] is not None
            add(label, surface.text, target, exact)
        for word in DATE_GUARDS.get(language, ()):
            add("DATE", word, None, False)
            add("DATE", word.capitalize(), None, False)
        return patterns


def _insert(trie: dict[str, Any], tokens: tuple[str, ...], value: Any) -> None:
    node = trie
    for token in tokens:
        node = node.setdefault(token, {})
    bucket = node.setdefault(_TERM, [])
    if isinstance(value, Surface):
        if any(s.target == value.target and s.exact == value.exact and s.det == value.det for s in bucket):
            return
    elif value in bucket:
        return
    bucket.append(value)


def _is_acronym(word: str) -> bool:
    """'MSA', 'FAMa', 'G5', 'M62' are acronyms; 'Mali', 'U' are not."""
    upper = sum(c.isupper() for c in word)
    return upper >= 2 or (upper == 1 and word[:1].isupper() and any(c.isdigit() for c in word))


@functools.lru_cache(maxsize=4)
def _cached_default(user_file: str, stamp: tuple[int, int]) -> ActorBase:
    """One loaded base per state of the user file (its path, mtime and size)."""
    del user_file, stamp  # the cache key only
    return ActorBase.load()


__all__ = ["STAGE", "ActorBase", "ContextRule", "Country", "Generic", "Surface"]
