"""Reading and checking actor files (resources/actors.yaml and user files).

The format is described in the header of resources/actors.yaml. `ActorData.read`
checks every entry and raises ResourceError naming the file, the entry and the
problem; `ActorData.finish` checks what needs the whole base (parents, affiliation
targets, one actor per alias) and expands the generics' country forms.
`append_user_actor` adds an entry to a user file.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date as _date
from pathlib import Path
from typing import Any

import yaml

from ..errors import ResourceError
from ..models import Actor, fold
from .actor_text import LANGUAGES, alias_variants, is_plural, strip_accents, tokenize

log = logging.getLogger(__name__)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML, but dates stay strings: they are checked here, with a clear message."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

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



def iso_date(value: Any, what: str, fail: Any) -> str | None:
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


def date_floor(text: str) -> str:
    """'2017' -> '2017-01-01', '2017-03' -> '2017-03-01' (for comparisons)."""
    return text + "-01-01"[len(text) - 4:] if len(text) < 10 else text


def name_key(text: str) -> str:
    """The lookup key of a name: folded tokens joined by spaces (punctuation blind)."""
    return " ".join(fold(t) for t in tokenize(text)[2])


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def is_acronym(word: str) -> bool:
    """'MSA', 'FAMa', 'G5', 'M62' are acronyms; 'Mali', 'U' are not."""
    upper = sum(c.isupper() for c in word)
    return upper >= 2 or (upper == 1 and word[:1].isupper() and any(c.isdigit() for c in word))




class ActorData:
    """The tables of the actor base, as read and checked from its files."""

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
        self._names: dict[str, str] = {}   # name_key(canonical name) -> canonical name
        self.files: list[str] = []

    def read(self, text: str, path: str, *, package: bool) -> None:
        """Read one actor file's text; `package` files also define countries and generics."""
        def fail(problem: str, where: str = "") -> None:
            raise ResourceError(f"{where + ': ' if where else ''}{problem}", source=path)

        try:
            data = yaml.load(text, Loader=_Loader)  # noqa: S506 (a safe loader)
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
                self._country_keys.setdefault(name_key(name), country.name)
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
        existing = self.get_exact(name) if package else self._named(name)
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
            facts.append({**fact, "from": iso_date(fact.get("from"), "'from'", lambda p: fail(p, where)),
                          "to": iso_date(fact.get("to"), "'to'", lambda p: fail(p, where))})
        names = []
        for item in entry.get("names") or []:
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                fail(f"each of 'names' is a mapping {{name, from, to}}; got {item!r}", where)
            names.append({"name": item["name"], "from": iso_date(item.get("from"), "'from'", lambda p: fail(p, where)),
                          "to": iso_date(item.get("to"), "'to'", lambda p: fail(p, where))})
        actor = Actor(
            id=slug(name), name=name, inter=inter, country=country, kind=kind,
            aliases=[a if isinstance(a, str) else a.get("text", "") for a in aliases],
            parent=entry.get("parent"), affiliations=facts,
            active_from=iso_date(entry.get("active_from"), "'active_from'", lambda p: fail(p, where)),
            active_to=iso_date(entry.get("active_to"), "'active_to'", lambda p: fail(p, where)),
            note=str(entry.get("note") or ""),
        )
        self._actors[name] = actor
        self._names[name_key(name)] = name
        self._records[name] = {"source": entry.get("source"), "names": names, "file": path,
                               "role_hint": entry.get("role_hint")}
        written = {name_key(a if isinstance(a, str) else str(a.get("text", ""))) for a in aliases}
        for alias in aliases + [n for n in [name] + [n["name"] for n in names] if name_key(n) not in written]:
            self._add_alias(alias, name, "actor", where, path, fail)   # an alias's options beat the bare name

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
                strip_accents(w) if options.get("case") == "exact" or is_acronym(w) else None for w in words
            )
            self._surfaces.append(Surface(
                text=alias, tokens=tuple(fold(w) for w in words), target=target, source=source,
                exact=exact, lang=lang, det=bool(options.get("det")),
                ambiguous=bool(options.get("ambiguous")), tag=options.get("tag"),
                plural=is_plural(words, proper_ok=source != "actor"), origin=where, path=path,
            ))

    def get_exact(self, name: str) -> Actor | None:
        """The named actor whose canonical name matches `name` (no alias), if any."""
        canonical = self._names.get(name_key(name))
        return self._actors.get(canonical) if canonical else None

    def _named(self, name: str) -> Actor | None:
        """The actor `name` denotes as its canonical name or as one unambiguous alias."""
        actor = self.get_exact(name)
        if actor is not None:
            return actor
        tokens = tuple(fold(w) for w in tokenize(name)[2])
        targets = {s.target for s in self._surfaces if s.source == "actor" and s.tokens == tokens}
        return self._actors[targets.pop()] if len(targets) == 1 else None

    def finish(self) -> None:
        """Check references, expand the country forms, detect alias clashes."""
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
                                exact = tuple(strip_accents(w) if is_acronym(w) else None for w in words)
                                out.append(Surface(text, tokens, target, "form", exact, lang=lang,
                                                   plural=is_plural(words), origin=f"form {form!r} of {generic_name!r}"))
        return out

    def _check_clashes(self, explicit: list[Surface]) -> None:
        """One written form names one actor, unless every reading is marked ambiguous."""
        by_tokens: dict[tuple[str, ...], list[Surface]] = {}
        for surface in explicit:
            by_tokens.setdefault(surface.tokens, []).append(surface)
        for surfaces in by_tokens.values():
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

    def _specific(self, generic: Generic, country: str) -> str:
        """The template of a generic filled with a country ("of the United States")."""
        c = self._countries.get(country)
        if c is not None and " of {country}" in generic.template:
            return generic.template.format(country=c.of_name)
        return generic.template.format(country=country)


USER_FILE_HEADER = """\
# ConflictMap user actors: added to the package actor base on every run.
# Same fields as the package file (see conflictmap/resources/actors.yaml); an entry
# whose name already exists only adds its aliases.
"""


def append_entry(path: Path, entry: dict[str, Any]) -> str:
    """The text of the user file at `path` with `entry` appended (not written).

    A file holding a list gets the entry appended as text, so its comments stay; a
    file holding a mapping with 'actors' is rewritten (its comments are lost)."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except OSError as exc:
        raise ResourceError(f"cannot read the actor file: {exc}", source=str(path)) from exc
    try:
        data = yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError as exc:
        raise ResourceError(f"not valid YAML, fix it before adding to it: {exc}", source=str(path)) from exc
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    if data is None:
        return (text or USER_FILE_HEADER) + ("" if not text or text.endswith("\n") else "\n") + block
    if isinstance(data, list):
        return text + ("" if text.endswith("\n") else "\n") + block
    if isinstance(data, dict) and isinstance(data.get("actors", []), list):
        log.warning("%s: rewriting a mapping-style user file; its comments are not kept", path)
        data.setdefault("actors", []).append(entry)
        return USER_FILE_HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    raise ResourceError("the file must be a list of actors or a mapping with an 'actors' list", source=str(path))
