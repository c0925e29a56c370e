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
`actor_schema.ActorData.read` checks it and raises ResourceError naming the file, the entry
and the problem.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import ResourceError
from ..models import Actor, Mention, fold
from .actor_schema import (
    ActorData,
    ContextRule,
    Country,
    Generic,
    Surface,
    append_entry,
    date_floor,
    name_key,
    slug,
)
from .actor_text import (
    DATE_GUARDS,
    LANGUAGES,
    MEMBER_CONNECTORS,
    MEMBER_NOUNS,
    MEMBER_SUFFIXES,
    Tokens,
    accept_det,
    gap_ok,
    looks_shouted,
    ruler_form,
    strip_accents,
    tokenize,
)

STAGE = "actors.kb.v1"

log = logging.getLogger(__name__)

_SPECIFIC_RE = re.compile(r"^(?P<generic>.+?)\s*\((?P<country>[^()]+)\)$|^(?P<g2>.+?) of (?P<c2>.+)$")
_PACKAGE_FILE = "actors.yaml"
_TERM = ""  # trie key of the surfaces ending at a node (folded tokens are never empty)


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


class ActorBase(ActorData):
    """The actor knowledge base: named actors, generic actors, and their surfaces."""

    def __init__(self) -> None:
        super().__init__()
        self._index: dict[str, list[str]] = {}
        self._tries: dict[str, dict[str, Any]] = {}
        self._cue_trie: dict[str, Any] = {}
        self._fold_cache: dict[str, str] = {}

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> ActorBase:
        """The package actor file, the user file (Settings().user_actors) if it exists,
        then each of `extra`, in order. Raises ResourceError on any invalid file."""
        user = Settings().user_actors
        paths = ([user] if user.is_file() else []) + [Path(p) for p in extra]
        sources = []
        for path in paths:
            try:
                sources.append((path.read_text(encoding="utf-8"), str(path)))
            except OSError as exc:
                raise ResourceError(f"cannot read the actor file: {exc}", source=str(path)) from exc
        return cls._build(sources)

    @classmethod
    def _build(cls, sources: Sequence[tuple[str, str]]) -> ActorBase:
        """The base from the package file and user files given as (text, path)."""
        base = cls()
        package = resources.files("conflictmap") / "resources" / _PACKAGE_FILE
        base.read(package.read_text(encoding="utf-8"), f"conflictmap/resources/{_PACKAGE_FILE}", package=True)
        for text, path in sources:
            base.read(text, path, package=False)
        base.finish()
        base._build_index()
        log.info("actor base: %d actors, %d surfaces from %s", len(base._actors), len(base._surfaces), ", ".join(base.files))
        return base

    @classmethod
    def add_user_actor(cls, path: Path, name: str, aliases: Sequence[str] = (), inter: int | None = None,
                       country: str | None = None, kind: str | None = None) -> Actor:
        """Append an actor (or, for an existing name, its new aliases) to the user file
        at `path`, after checking that the base still loads with it. Returns the actor."""
        entry: dict[str, Any] = {"name": name}
        if inter is not None:
            entry["inter"] = inter
        if country is not None:
            entry["country"] = country
        if kind is not None:
            entry["kind"] = kind
        entry["aliases"] = list(aliases)
        text = append_entry(path, entry)
        others = []
        user = Settings().user_actors
        if user.is_file() and user.resolve() != path.resolve():
            others.append((user.read_text(encoding="utf-8"), str(user)))
        base = cls._build(others + [(text, str(path))])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        log.info("added %r to %s", name, path)
        actor = base._named(name)
        if actor is None:   # cannot happen: the base just loaded this entry
            raise ResourceError(f"{name!r} was not found after adding it", source=str(path))
        return actor

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

    def _build_index(self) -> None:
        """The lookup index of `get` and the cue trie of article context."""
        for surface in self._surfaces:
            self._index.setdefault(" ".join(surface.tokens), []).append(surface.target)
        for generic in self._generics.values():
            for country in self._countries:
                name = self._specific(generic, country)
                self._index.setdefault(name_key(name), []).append(name)
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

    def get(self, name_or_alias: str) -> Actor | None:
        """The actor a name or alias denotes: accent, case and punctuation blind.

        Resolves canonical names, aliases, descriptive forms ("Malian soldiers"),
        generic names ("Unidentified Armed Group") and specific names built from
        them ("Unidentified Armed Group (Mali)", "Civilians (Côte d'Ivoire)"). An
        alias marked ambiguous gives its first reading; a contextual phrase its default.
        """
        key = name_key(name_or_alias)
        for target in self._index.get(key, []):
            actor = self._resolve_target(target)
            if actor is not None:
                return actor
        match = _SPECIFIC_RE.match(name_or_alias.strip())
        if match:
            generic = match.group("generic") or match.group("g2")
            country = match.group("country") or match.group("c2")
            if (g := self._generic(generic)) is not None and name_key(country) in self._country_keys:
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
        return self._specific(g, self._country_keys.get(name_key(country), country))

    def country_name(self, name: str) -> str | None:
        """The English short name of a country from any of its names or its ISO code."""
        return self._country_keys.get(name_key(name))

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
        day = date_floor(on)
        return [f for f in facts
                if (f["from"] is None or date_floor(f["from"]) <= day)
                and (f["to"] is None or day < date_floor(f["to"]))]

    def _generic(self, name: str) -> Generic | None:
        key = name_key(name)
        return next((g for g in self._generics.values() if name_key(g.name) == key), None)

    def _resolve_target(self, target: str) -> Actor | None:
        if target.startswith("@"):
            target = self._rules[int(target[1:])].default
        if target in self._actors:
            return self._actors[target]
        if target in self._generics:
            g = self._generics[target]
            return Actor(id=slug(g.name), name=g.name, inter=g.inter, kind=g.kind)
        for g in self._generics.values():
            prefix, _, suffix = g.template.partition("{country}")
            if target.startswith(prefix) and target.endswith(suffix):
                country = target[len(prefix):len(target) - len(suffix)]
                country = next((c.name for c in self._countries.values() if c.of_name == country), country)
                inter = g.inter
                c = self._countries.get(country)
                if c is not None and c.external and inter == 1:
                    inter = 8
                return Actor(id=slug(target), name=target, inter=inter, country=country, kind=g.kind,
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

    def find(self, text: str, language: str, on: str | None = None) -> list[Mention]:
        """Every actor mention of `text`, left to right, offsets indexing `text`.

        `on` (ISO date, optional: the publication date) lets a contextual phrase or
        an ambiguous alias skip readings outside their actor's active period.

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
            if spans and i <= spans[-1][1]:
                continue   # taken in by the previous mention ("AQIM rebels")
            mention = self._mention(toks, i, j, surfaces, context, on)
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

    def _mention(self, toks: Tokens, i: int, j: int, surfaces: list[Surface], context: list[_Context],
                 on: str | None) -> Mention | None:
        surface = surfaces[0]
        data: dict[str, Any] = {}
        target = surface.target
        if len({s.target for s in surfaces}) > 1:   # an ambiguous alias: date, then country decide
            live = [s.target for s in surfaces if self._active(s.target, on)] or [s.target for s in surfaces]
            ctx = self._context(toks, context)
            by_country = {self._actors[t].country: t for t in reversed(live) if t in self._actors}
            chosen = ctx.best_country([c for c in by_country if c])
            target = by_country[chosen] if chosen else live[0]
            data.update(ambiguous=True, inferred=True)
        elif surface.source == "contextual":
            rule = self._rules[int(target[1:])]
            ctx = self._context(toks, context)
            country = ctx.best_country(list(rule.by_country))
            region = ctx.best_region()
            readings = [rule.by_country.get(country or ""), rule.by_region.get(region or ""), rule.default]
            target = next(t for t in readings if t and (t == rule.default or self._active(t, on)))
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

    def _active(self, target: str, on: str | None) -> bool:
        """Was the actor `target` active on the date `on` (always true without a date)?"""
        actor = self._actors.get(target)
        if on is None or actor is None:
            return True
        day = date_floor(on)
        return (actor.active_from is None or date_floor(actor.active_from) <= day) and \
            (actor.active_to is None or day < date_floor(actor.active_to))

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
        """EntityRuler patterns: ORG (with id = canonical name) for named actors and the
        commonest national forms of state forces ("Malian soldiers", "armée malienne");
        NORP for descriptive actors with a proper name in them ("Fulani militia",
        "Dozo"); never bare common words ("soldiers"). Also DATE guards for weekday
        (and French month) names, which stock models read as persons ("Jeudi").

        `find` knows more forms than the ruler gets: NER needs the names, and every
        pattern costs load time."""
        patterns: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()

        def add(label: str, text: str, pattern_id: str | None, exact: bool, accents: bool = True) -> None:
            for variant in dict.fromkeys([text, strip_accents(text)] if accents else [text]):
                if (variant.lower(), label) in seen:
                    continue
                seen.add((variant.lower(), label))
                pattern: Any = [{"ORTH": variant}] if exact else variant
                patterns.append({"label": label, "pattern": pattern, **({"id": pattern_id} if pattern_id else {})})

        for surface in self._surfaces:
            if surface.lang not in (None, language) or surface.source == "contextual":
                continue
            capitalised = any(w[:1].isupper() for w in tokenize(surface.text)[2])
            exact = len(surface.tokens) == 1 and surface.exact[0] is not None
            if surface.source == "generic":
                if capitalised:
                    add("NORP", surface.text, surface.target, exact)
            elif surface.source == "actor":
                if capitalised or len(surface.tokens) > 1:
                    add("ORG", surface.text, surface.target, exact)
            elif surface.lang == language and ruler_form(tokenize(surface.text)[2], language):
                actor = self._resolve_target(surface.target)   # a national form: state forces only
                if actor is not None and actor.inter in (1, 8) and self._role(actor) in _STATE_ROLES:
                    add("ORG", surface.text, actor.name, exact, accents=False)
        for word in DATE_GUARDS.get(language, ()):
            add("DATE", word, None, False)
        return patterns


_STATE_ROLES = frozenset({"military", "police", "government"})


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


@functools.lru_cache(maxsize=4)
def _cached_default(user_file: str, stamp: tuple[int, int]) -> ActorBase:
    """One loaded base per state of the user file (its path, mtime and size)."""
    del user_file, stamp  # the cache key only
    return ActorBase.load()


__all__ = ["STAGE", "ActorBase", "ContextRule", "Country", "Generic", "Surface"]
