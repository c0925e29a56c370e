"""The relation stage: ties between actors stated in the text (English and French).

    RelationExtractor(actors).extract(doc, parsed, actor_mentions, dates) -> [Relation]

How it works, sentence by sentence:

1. Parties (relation_parties): actor mentions, states named by country or capital,
   descriptive economic actors, branches ("the Islamic State's Sahel branch") and
   anaphors ("the group", "il", "the two factions"), resolved to the named groups of
   the passage: a pronoun to the first group of its sentence (or of the sentence
   before), "the two groups" to the two groups of the previous main clause.
2. Each sentence becomes a slotted string ("⟨0⟩ pay ⟨1⟩ for safe passage") and the
   rules of relation_rules match it. A rule only ties the parties next to its
   trigger, so actors merely listed together are never tied.
3. Each tie gets its polarity (negation, denial, doubt, hedges, who says it),
   attribution (the source: "U.S. officials say", "selon un chercheur"), period (the
   resolved date nearest the statement; "since 2020" has no end), amount and share
   (money ties), evidence spans and a confidence.
4. Statements that deny or doubt an earlier claim without naming it ("an accusation
   the rebel coalition rejects") repeat that tie with their own polarity. Within an
   article, repeated statements of one tie with one polarity are merged.

Conventions (tests/gold/relations/ACTORS_USED.md): state forces and the insurgents
they fight are not `rival_of`; mediators are not parties to an agreement; a
splinter group is not affiliated with the group it left.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import Document, Evidence, Mention, Relation
from . import relation_rules as rr
from .dates import DateMention
from .relation_parties import Party, PartyFinder
from .relation_text import (
    Sentence,
    date_evidence,
    date_for,
    find_sources,
    main_clause,
    map_span,
    money,
    negated,
    pick_source,
    place_of,
    slotted,
    split_sentences,
)

STAGE = "relations.rules.v1"
SYMMETRIC = frozenset({"cooperates_with", "rival_of", "agreement_with"})
RELATION_TYPES = ("affiliated_with", "cooperates_with", "rival_of", "funded_by", "funds", "supplies",
                  "designated_by", "agreement_with", "controls_area")
MONEY_TYPES = frozenset({"funded_by", "funds"})
PAY_VERBS = re.compile(r"\b(?:pay|pays|paid|paying|payer|payé|payent|paient|hire|hires|hired|a payé|ont payé)\b", re.I)
PAYMENT_CUES = re.compile(r"\b(?:fees?|tolls?|pay|pays|paid|costs?|amounts? to|transit|ransoms?|rançons?|verse\w*|"
                          r"droits?|tax\w*|levy|levies|zakat|prélève\w*)\b", re.I)
log = logging.getLogger(__name__)


@dataclass
class _Raw:
    """One tie read from one statement, before its keys and polarity are settled."""

    relation: str
    a: Party
    b: Party | None
    place: str | None
    sentence: Sentence
    start: int                  # the statement's span in the document
    end: int
    rule: str
    confidence: float
    what: str = ""
    polarity: str | None = None
    attribution: str | None = None
    attribution_span: tuple[int, int] | None = None
    extra_evidence: list[Evidence] = field(default_factory=list)


class RelationExtractor:
    """Reads the relations stated in a document. Stateless after construction."""

    def __init__(self, actors: Any) -> None:
        self.actors = actors
        self.finder = PartyFinder(actors)

    # ------------------------------------------------------------------ entry point

    def extract(self, doc: Document, parsed: Any, actor_mentions: list[Mention],
                dates: Sequence[DateMention]) -> list[Relation]:
        text = doc.text
        lang = doc.language if doc.language in ("en", "fr") else "en"
        country, region = self.finder.context(text, actor_mentions)
        parties = self.finder.find(text, lang, actor_mentions, country, region)
        parties = self._linked_groups(text, parties, region)
        parties = self._add_anaphors(text, lang, parties, region)
        sentences = split_sentences(text, parsed)
        for s in sentences:
            s.parties = [i for i, p in enumerate(parties) if s.start <= p.start < s.end]
        self._resolve_anaphors(parties, sentences, parsed, region)
        raws: list[_Raw] = []
        for s in sentences:
            found = self._read_sentence(text, lang, s, parties)
            found += self._branch_ties(s, parties)
            found += _under_agreement(s, found)
            for raw in found:
                self._settle(raw, parties, text)
            raws += found
            raws += self._anaphoric_denials(s, raws, found)
        self._attach_amounts(sentences, raws)
        relations = [r for raw in raws for r in self._build(doc, raw, dates, sentences)]
        return _merge_within(relations)

    def _linked_groups(self, text: str, parties: list[Party], region: str | None) -> list[Party]:
        """"Groups linked to al-Qaeda and the Islamic State" in a Sahel story are the Sahel
        branches of both, not the parents."""
        out = list(parties)
        chain_end = -1
        for i, p in enumerate(parties):
            opens = rr.LINKED_GROUPS.search(text[max(0, p.start - 60):p.start])
            joined = chain_end >= 0 and re.fullmatch(r"\s*(?:,|and|et|,\s*and)\s*(?:the\s+|l'|le\s+|la\s+)?",
                                                     text[chain_end:p.start])
            if not (opens or joined) or p.kind != "named" or not p.key:
                chain_end = -1
                continue
            child = self.finder.branch_of(p.key, region)
            if child is None:
                chain_end = -1
                continue
            out[i] = Party(p.start, p.end, p.text, child, "branch", "armed_group", parent=p.key,
                           data={"explicit": False})
            chain_end = p.end
        return out

    # ------------------------------------------------------------------ anaphors

    def _add_anaphors(self, text: str, lang: str, parties: list[Party], region: str | None) -> list[Party]:
        extra: list[Party] = []
        taken = [(p.start, p.end) for p in parties]

        def free(start: int, end: int) -> bool:
            return not any(s < end and start < e for s, e in taken + [(p.start, p.end) for p in extra])

        # "its Sahel affiliate", "sa province ouest-africaine", "la branche sahélienne"
        for m in BRANCH_NP.finditer(text):
            words = (m.group("reg1") or "") + " " + (m.group("reg2") or "")
            if not words.strip() or not free(m.start(), m.end()):
                continue
            explicit = m.group("det").lower() in ("its", "their", "sa", "son")
            extra.append(Party(m.start(), m.end(), m.group(0), None, "possessive", "anaphor",
                               data={"possessive": "branch", "region": self.finder._region_of(words, region),
                                     "explicit": explicit}))
        pattern = rr.ANAPHORS_FR if lang == "fr" else rr.ANAPHORS_EN
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if not free(start, end):
                continue
            groups = m.groupdict()
            kind = "pair" if groups.get("two") else "pronoun" if groups.get("pron") else "anaphor"
            if kind == "anaphor" and groups.get("def"):
                if lang == "en" and re.search(r",\s*$", text[max(0, start - 3):start]):
                    continue    # "Al Mourabitoun, the group Belmokhtar founded": an apposition
                if lang == "fr":
                    start += len(groups["def"].split()[0]) + 1     # "au groupe": the slot is "groupe"
            if kind == "pronoun" and lang == "en" and _not_a_party_it(text, start, end):
                continue
            data: dict[str, Any] = {"new": (groups.get("new") or "").strip().lower() in ("new", "nouveau")}
            if groups.get("former"):
                kind, data["order"] = "pair_member", (0 if groups["former"].lower().endswith("premiers") else 1)
            if groups.get("two") and re.search(r"\b(?:the former|the latter)\b", groups["two"], re.I):
                kind, data["order"] = "pair_member", (0 if "former" in groups["two"].lower() else 1)
            if groups.get("two") and re.search(r"derniers", groups["two"], re.I):
                data["last"] = True
            if groups.get("pos"):
                kind = "possessive"
                data["possessive"] = (groups.get("posnoun") or "").lower()
                data["region"] = self.finder._region_of(text[start:end + 25], region)
            if groups.get("pron") and groups["pron"].lower() in ("lequel", "laquelle"):
                data["nearest"] = True
            extra.append(Party(start, end, text[start:end], None, kind, "anaphor", data=data))
        return sorted(parties + extra, key=lambda p: p.start)

    def _resolve_anaphors(self, parties: list[Party], sentences: list[Sentence], parsed: Any,
                          region: str | None) -> None:
        by_index = {i: s for s in sentences for i in s.parties}
        for i, party in enumerate(parties):
            if party.role != "anaphor":
                continue
            s = by_index.get(i)
            if s is None:
                continue
            before = [parties[j] for j in s.parties if j < i and parties[j].role != "anaphor"]
            groups_before = [p for p in before if p.is_group]
            previous = [sentences[k] for k in range(s.index - 1, max(-1, s.index - 3), -1)]
            prev_groups = [[parties[j] for j in ps.parties if parties[j].is_group] for ps in previous]
            if party.kind == "pair" or party.kind == "pair_member":
                pair = self._pair(party, groups_before, previous, parties, parsed)
                if pair:
                    if party.kind == "pair_member":
                        chosen = pair[party.data.get("order", 0)]
                        party.key, party.antecedent = chosen.key, chosen.text
                    else:
                        party.members = tuple(p.key for p in pair if p.key)
                        party.antecedent = " and ".join(p.text for p in pair)
                continue
            if party.kind == "possessive":
                noun = party.data.get("possessive", "")
                if noun in ("troops", "soldiers", "forces", "army", "troupes", "soldats", "armée"):
                    states = [p for p in before if p.is_state]
                    if states:
                        target = states[-1]
                        key = target.key_for("supplies", "b", self.actors)[0] if target.kind == "state" else target.key
                        if key and key.startswith("Government of "):
                            key = "Military Forces of " + key[len("Government of "):]
                        party.key, party.antecedent, party.role = key, target.text, "military"
                    continue
                parent = self._antecedent(before, groups_before, prev_groups, parents_only=True)
                if parent is None:
                    continue
                if noun in rr.BRANCH_NOUNS.split("|") or noun == "branch":
                    child = self.finder.branch_of(parent.key or "", party.data.get("region") or region)
                    if child:
                        party.key, party.kind, party.role, party.parent = child, "branch", "armed_group", parent.key
                        party.antecedent = parent.text
                        party.data.setdefault("explicit", True)
                continue
            if party.data.get("nearest"):
                target = before[-1] if before else None
            else:
                target = self._antecedent(before, groups_before, prev_groups, new=party.data.get("new", False),
                                          current=[parties[j] for j in s.parties])
            if target is not None:
                party.key, party.antecedent, party.role = target.key, target.text, target.role
                party.data["resolved_kind"] = target.kind

    def _antecedent(self, before: list[Party], groups_before: list[Party], prev_groups: list[list[Party]],
                    new: bool = False, parents_only: bool = False,
                    current: list[Party] | None = None) -> Party | None:
        def ok(p: Party) -> bool:
            if parents_only:
                return bool(p.key) and self.finder.branch_of(p.key or "", "sahel") is not None or \
                    bool(p.key and self.finder.branch_of(p.key, "lake_chad"))
            return True
        if new:
            named_here = {p.key for p in current or []}
            for groups in prev_groups:
                for p in groups:
                    if p.key not in named_here:
                        return p
            return None
        for p in groups_before:
            if ok(p):
                return p
        for groups in prev_groups:
            for p in groups:
                if ok(p):
                    return p
        return None

    def _pair(self, party: Party, groups_before: list[Party], previous: list[Sentence], parties: list[Party],
              parsed: Any) -> list[Party] | None:
        def distinct(items: list[Party]) -> list[Party]:
            seen, out = set(), []
            for p in items:
                if p.key and p.key not in seen:
                    seen.add(p.key)
                    out.append(p)
            return out
        if party.data.get("last"):
            pool = distinct(list(reversed(groups_before)) + [parties[j] for ps in previous
                                                             for j in reversed(ps.parties) if parties[j].is_group])
            return list(reversed(pool[:2])) if len(pool) >= 2 else None
        here = distinct(groups_before)
        if len(here) >= 2:
            return here[:2]
        for ps in previous:
            groups = [parties[j] for j in ps.parties if parties[j].is_group]
            main = distinct([p for p in groups if main_clause(parsed, p.start)])
            if len(main) >= 2:
                return main[:2]
            every = distinct(groups)
            if len(every) >= 2:
                return every[:2]
        return None

    # ------------------------------------------------------------------ rules

    def _read_sentence(self, text: str, lang: str, s: Sentence, parties: list[Party]) -> list[_Raw]:
        if len(s.parties) < 1:
            return []
        quoted = [(s.start + m.start("src"), s.start + m.end("src")) for m in rr.SOURCE_ACCORDING.finditer(s.text)]
        norm, offsets, slot_of = slotted(text, s, parties, skip=quoted)
        found: list[_Raw] = []
        alone = sum(max(1, len(parties[i].members)) for i in slot_of.values()) < 2   # one party: only control
        for rule in rr.RULES:
            if alone and rule.relation != "controls_area":
                continue
            pos = 0
            while (m := rule.pattern.search(norm, pos)) is not None:
                found += self._apply(rule, m, norm, offsets, slot_of, s, parties, found)
                # the last party of a statement may open the next one ("... à sa province, qui en reverse")
                starts = [m.start(g) for g in ("a", "b", "ab") if g in rule.pattern.groupindex and m.start(g) >= 0]
                pos = max([x for x in starts if x > m.start()], default=m.end())
        found += self._continued_designations(norm, offsets, slot_of, s, parties, found)
        return found

    def _apply(self, rule: rr.Rule, m: re.Match[str], norm: str, offsets: list[int], slot_of: dict[int, int],
               s: Sentence, parties: list[Party], found: list[_Raw]) -> list[_Raw]:
        groups = m.groupdict()
        what = groups.get("what") or ""
        words = re.sub(r"⟨\d+⟩", " ", m.group(0))
        if rule.requires is not None and not (rule.relation == "funding" and PAY_VERBS.search(words)):
            target = what if rule.name in ("jointly", "ties_with", "agreement_between") else words
            if not rule.requires.search(target):
                return []
        start, end = map_span(offsets, m.start(), m.end(), s)
        ids = {name: [slot_of[int(x)] for x in re.findall(r"⟨(\d+)⟩", groups.get(name) or "")]
               for name in ("a", "b", "ab")}
        relation = rule.relation
        out: list[_Raw] = []

        def add(kind: str, a: Party, b: Party | None, place: str | None = None, conf: float = rule.confidence) -> None:
            out.append(_Raw(kind, a, b, place, s, start, end, rule.name, conf, what))

        if relation == "controls_area":
            place = place_of(groups.get("place") or "")
            if place:
                for i in ids["a"]:
                    add("controls_area", parties[i], None, place)
            return out
        if rule.name in ("levies", "get_paid"):
            if not (rr.FEE_WORDS.search(what) or re.search(r"\b(?:taxes|taxed|extort|rackett|paid)", m.group(0), re.I)):
                return []
            payer = _next_party(norm, m.end(), slot_of, parties, within=60)
            if payer is None:
                return []
            for i in ids["a"]:
                add("funded_by", parties[i], payer)
            return out
        members = _expand(ids["ab"], parties)
        if ids["ab"]:
            pool = [p for p in members]
            for x in range(len(pool)):
                for y in range(x + 1, len(pool)):
                    add(relation, pool[x], pool[y])
            return out
        if ids["a"] and "(?P<a>" in rule.pattern.pattern[:12]:
            ids["a"] = _past_apposition(norm, m, slot_of, ids["a"])
        a_side = [parties[i] for i in ids["a"]]
        b_side = [parties[i] for i in ids["b"]]
        if rule.name == "designated_agentless":
            designator = _designator(what, [parties[i] for i in s.parties if i not in ids["a"]])
            if not rr.TERROR_LIST.search(what) and not (designator is not None and designator.kind == "named"
                                                       and re.search(r"State Department|Treasury|Security Council|"
                                                                     r"département d'État|Trésor", s.text)):
                return []
            b_side = [designator] if designator is not None else []
        if relation == "funding":
            fee = bool(rr.FEE_WORDS.search(m.group(0)) or PAY_VERBS.search(m.group(0)))
            for a in a_side:
                for b in b_side:
                    if fee:
                        add("funded_by", b, a)
                    else:
                        add("funds", a, b)
            return out
        for a in a_side:
            for b in b_side:
                add(relation, a, b)
        if rule.pairs_in_b:
            for x in range(len(b_side)):
                for y in range(x + 1, len(b_side)):
                    add(relation, b_side[x], b_side[y], conf=rule.confidence - 0.1)
        return out

    def _continued_designations(self, norm: str, offsets: list[int], slot_of: dict[int, int], s: Sentence,
                                parties: list[Party], found: list[_Raw]) -> list[_Raw]:
        """"designated X a terrorist organisation in May, and added Y to the list in September"."""
        earlier = [r for r in found if r.relation == "designated_by" and r.b is not None]
        if not earlier:
            return []
        out = []
        for m in re.finditer(rf"\b(?:and|et)\s+(?:later\s+|also\s+|then\s+)?(?:added|designated|listed|a ajouté|"
                             rf"a inscrit|inscrit)\s+(?P<a>{rr.LIST})(?P<what>[^⟨⟩]{{0,90}})", norm, re.I):
            start, end = map_span(offsets, m.start(), m.end(), s)
            for x in re.findall(r"⟨(\d+)⟩", m.group("a")):
                out.append(_Raw("designated_by", parties[slot_of[int(x)]], earlier[-1].b, None, s, start, end,
                                "designates_more", 0.8, m.group("what")))
        return out

    def _branch_ties(self, s: Sentence, parties: list[Party]) -> list[_Raw]:
        """A branch named through its parent states the tie: "the Islamic State's Sahel branch"."""
        out = []
        for i in s.parties:
            p = parties[i]
            if p.kind == "branch" and p.parent and p.key and p.data.get("explicit", True):
                parent = next((q for q in parties if q.key == p.parent and q.kind == "named"), None) or \
                    Party(p.start, p.end, p.parent, p.parent, "named", "armed_group")
                out.append(_Raw("affiliated_with", p, parent, None, s, p.start, p.end, "branch_named", 0.8))
        return out

    # ------------------------------------------------------------------ polarity, sources

    def _settle(self, raw: _Raw, parties: list[Party], text: str) -> None:
        s = raw.sentence
        rel_start, rel_end = raw.start - s.start, raw.end - s.start
        sources = find_sources(s.text)
        source = pick_source(sources, rel_start, rel_end)
        if source is not None:
            src_text, src_start, src_end, verb = source
            resolved = [parties[i] for i in s.parties
                        if s.start + src_start <= parties[i].start < s.start + src_end]
            if resolved and resolved[0].kind in ("pronoun", "anaphor") and resolved[0].antecedent:
                src_text = resolved[0].antecedent
            raw.attribution = src_text
            raw.attribution_span = (s.start + src_start, s.start + src_end)
        else:
            resolved, verb = [], ""
            for src_text, src_start, src_end, src_verb, kind in sources:
                inside = any(p is not None and s.start + src_start <= p.start < s.start + src_end
                             for p in (raw.a, raw.b))
                if kind == "prefix" and inside and re.search(r"affirm|claim|say|said|assur|prétend|annonc|announc",
                                                             src_verb):
                    raw.attribution, raw.attribution_span = src_text, (s.start + src_start, s.start + src_end)
                    raw.polarity = "claimed"    # a party speaking of itself
                    return
                if kind == "prefix" and inside and rr.DENIAL_VERBS.search(src_verb):
                    raw.attribution, raw.attribution_span = src_text, (s.start + src_start, s.start + src_end)
        span = s.text[rel_start:rel_end]
        pre = s.text[:rel_start]
        clause_pre = re.split(r"[;]|\b(?:but|mais|although|bien que)\b", pre)[-1]
        keys = {k for p in (raw.a, raw.b) if p is not None for k in p.keys()}
        if negated(span) or rr.DENIAL_VERBS.search(clause_pre[-90:] + " " + span) or \
                rr.DENIAL_VERBS.search(verb or ""):
            raw.polarity = "denied"
        elif rr.QUESTION_CUES.search(clause_pre) or rr.QUESTION_CUES.search(verb or ""):
            raw.polarity = "questioned"
        elif rr.MODALS.search(clause_pre + " " + span) or (rr.HEDGE_CUES.search(clause_pre + " " + span)
                                                            and not rr.ACCUSE_CUES.fullmatch(verb or "-")):
            hedge = rr.HEDGE_CUES.search(clause_pre + " " + span)
            raw.polarity = "alleged"
            if hedge and rr.ACCUSE_CUES.fullmatch(hedge.group(0)) and _official(resolved, keys):
                raw.polarity = "claimed"
        elif source is not None and rr.WEAK_SOURCES.search(source[0]):
            raw.polarity = "alleged"
        elif source is not None and _official(resolved, keys):
            raw.polarity = "claimed"
        elif source is not None and rr.ACCUSE_CUES.search(verb or ""):
            raw.polarity = "alleged"
        else:
            raw.polarity = "asserted"

    def _anaphoric_denials(self, s: Sentence, raws: list[_Raw], found: list[_Raw]) -> list[_Raw]:
        """"..., an accusation the rebel coalition rejects" / "L'armée malienne a démenti."."""
        out = []
        for m in rr.ANAPHORIC_DENIAL.finditer(s.text):
            start, end = s.start + m.start(), s.start + m.end()
            if any(r.start < end and start < r.end for r in found):
                continue
            prior = [r for r in raws if r.end <= start and r.sentence.index >= s.index - 1
                     and r.polarity in ("claimed", "alleged")]
            if not prior:
                continue
            last = prior[-1]
            same = [r for r in prior if r.start == last.start]
            verb = m.group("verb").lower()
            polarity = "questioned" if re.search(r"incertain|uncertain|doubt|question", verb) else "denied"
            for r in same:
                src = re.sub(r"^(?:ce que|which|what)\s+", "", m.group("src"), flags=re.I)
                out.append(_Raw(r.relation, r.a, r.b, r.place, s, start + (m.group(0).find(m.group("src"))),
                                end, "anaphoric_" + polarity, r.confidence - 0.1, r.what, polarity, src,
                                (s.start + m.start("src"), s.start + m.end("src"))))
        return out

    # ------------------------------------------------------------------ amounts

    def _attach_amounts(self, sentences: list[Sentence], raws: list[_Raw]) -> None:
        """Money ties take their amount and share from their statement, or from the next
        sentence when it gives the figures ("Convoys ... pay 3,000 euros per vehicle")."""
        for raw in raws:
            if raw.relation not in MONEY_TYPES:
                continue
            tail = raw.sentence.text[raw.start - raw.sentence.start:]
            raw.extra_evidence += money(tail, raw.start, STAGE)
        for s in sentences:
            if any(r.sentence.index == s.index and r.relation in MONEY_TYPES for r in raws):
                continue
            if not PAYMENT_CUES.search(s.text):
                continue
            figures = money(s.text, s.start, STAGE)
            if not figures:
                continue
            prior = [r for r in raws if r.relation in MONEY_TYPES and s.index - 2 <= r.sentence.index < s.index]
            if not prior:
                continue
            target = prior[-1]
            have = {e.field for e in target.extra_evidence}
            for ev in figures:
                if ev.field not in have:
                    target.extra_evidence.append(ev)

    # ------------------------------------------------------------------ records

    def _build(self, doc: Document, raw: _Raw, dates: Sequence[DateMention], sentences: list[Sentence]) -> list[Relation]:
        out = []
        a_keys = raw.a.key_for(raw.relation, "a", self.actors)
        if raw.relation == "controls_area":
            b_keys = [raw.place] if raw.place else []
        else:
            b_keys = raw.b.key_for(raw.relation, "b", self.actors) if raw.b is not None else []
        if raw.rule == "branch_of" and raw.b is not None and a_keys == b_keys:
            b_keys = [k for k in [self._shorter_actor(raw.b.text, b_keys[0])] if k]
        for a_key in a_keys:
            for b_key in b_keys:
                if not self._allowed(raw, a_key, b_key):
                    continue
                date = date_for(raw.start, raw.end, raw.sentence, dates, sentences)
                evidence = [Evidence("relation", raw.start, raw.end, doc.text[raw.start:raw.end], STAGE)]
                if raw.a.start < raw.a.end:
                    evidence.append(Evidence("actor_a", raw.a.start, raw.a.end, raw.a.text, STAGE))
                if raw.b is not None and raw.b.start < raw.b.end:
                    evidence.append(Evidence("actor_b", raw.b.start, raw.b.end, raw.b.text, STAGE))
                if raw.attribution_span:
                    s0, s1 = raw.attribution_span
                    evidence.append(Evidence("attribution", s0, s1, doc.text[s0:s1], STAGE))
                amount = share = None
                for ev in raw.extra_evidence:
                    evidence.append(ev)
                    if ev.field == "amount" and amount is None:
                        amount = ev.text
                    if ev.field == "share" and share is None:
                        share = ev.text
                if date.precision != "unknown" and date.text:
                    evidence += [e for e in date_evidence(date, dates, STAGE)]
                confidence = raw.confidence - (0.1 if raw.a.role == "anaphor" or
                                               (raw.b is not None and raw.b.role == "anaphor") else 0.0)
                out.append(Relation(article_id=doc.id, relation=raw.relation, actor_a=a_key, actor_b=b_key,
                                    date=date, polarity=raw.polarity or "asserted", attribution=raw.attribution,
                                    amount=amount if raw.relation in MONEY_TYPES else None,
                                    share=share if raw.relation in MONEY_TYPES else None,
                                    evidence=evidence, confidence=max(0.05, min(0.99, confidence)), stage=STAGE))
        return out

    def _shorter_actor(self, text: str, key: str) -> str | None:
        """"la branche d'Al-Qaïda au Maghreb": the parent is the name without its region."""
        words = text.split()
        for n in range(len(words) - 1, 0, -1):
            actor = self.actors.get(" ".join(words[:n]))
            if actor is not None and actor.name != key:
                return actor.name
        return None

    def _allowed(self, raw: _Raw, a_key: str, b_key: str) -> bool:
        if not a_key or not b_key or a_key == b_key:
            return False
        if raw.relation == "controls_area":
            return raw.a.kind not in ("economic",) and not raw.a.is_state
        for party, key in ((raw.a, a_key), (raw.b, b_key)):
            if party is None:
                continue
            if key in ("Civilians", "Military Forces", "Government", "Police Forces"):
                return False
            if party.kind == "economic" and raw.relation not in ("funded_by", "funds", "supplies"):
                return False
        a_state = raw.a.is_state or a_key.startswith(("Government of", "Military Forces of", "Police Forces of"))
        b_state = raw.b is not None and (raw.b.is_state or b_key.startswith(("Government of", "Military Forces of",
                                                                            "Police Forces of")))
        if raw.relation == "rival_of" and a_state != b_state:
            return False
        if raw.rule in ("ties_with", "close_to") and a_state and b_state:
            return False        # diplomatic ties between states are not a tie of this kind
        if raw.relation == "designated_by":
            role = raw.b.role if raw.b is not None else ""
            if not (b_state or role in ("international", "government") or "Security Council" in b_key):
                return False
        if raw.relation == "funded_by" and raw.a.kind == "economic":
            return False
        return True


# ---------------------------------------------------------------------- helpers

BRANCH_NP = re.compile(
    r"\b(?P<det>its|their|sa|son|la|le)\s+(?:(?P<reg1>[A-Z][\w-]+|West African|local)\s+)?"
    r"(?P<noun>branch|affiliate|province|wing|branche|filiale)\b(?:\s+(?P<reg2>sahélienne|ouest-africaine|"
    r"saharienne|du Sahel|au Sahel|d'Afrique de l'Ouest|in the [A-Z][\w ]+))?", re.I)


def _not_a_party_it(text: str, start: int, end: int) -> bool:
    """"the sites it controls" (a relative clause), "much of it" (money): not an actor."""
    if re.search(r"\bof\s+$", text[max(0, start - 5):start]):
        return True
    after_noun = re.search(r"\b(?!(?:and|but|that|which|where|when|because|as|if|while|after|before|since|so|"
                           r"said|says|say|than|whether|though|although|then|once|until)\b)[a-z]{3,}s\s+$",
                           text[max(0, start - 25):start])
    return bool(after_noun and re.match(r"\s+[a-z]+(?:s|ed)\b", text[end:end + 20]))


def _under_agreement(s: Sentence, found: list[_Raw]) -> list[_Raw]:
    """"Russia delivered helicopters to Mali's air force under a defence agreement signed
    in 2019": the two sides of the delivery are the parties of the agreement."""
    m = rr.UNDER_AGREEMENT.search(s.text)
    if m is None:
        return []
    out = []
    for raw in found:
        if raw.relation in ("supplies", "cooperates_with", "funds") and raw.b is not None:
            start, end = s.start + m.start(), min(s.end, s.start + m.end() + 30)
            a, b = _as_government(raw.a), _as_government(raw.b)
            out.append(_Raw("agreement_with", a, b, None, s, start, end, "under_agreement", 0.6))
            break
    return out


def _as_government(p: Party) -> Party:
    key = p.key
    if key and key.startswith(("Military Forces of ", "Police Forces of ")):
        key = "Government of " + key.split(" of ", 1)[1]
    return Party(p.start, p.end, p.text, key, p.kind, "government" if key != p.key else p.role, p.country,
                 p.members, p.antecedent, p.parent, p.data)


def _expand(ids: list[int], parties: list[Party]) -> list[Party]:
    out: list[Party] = []
    for i in ids:
        p = parties[i]
        if p.members:
            out += [Party(p.start, p.end, p.text, k, "named", "armed_group", antecedent=p.antecedent)
                    for k in p.members]
        else:
            out.append(p)
    return out


LIST_OWNERS = (("américaine|américain|US|U\\.S\\.|American|des États-Unis|of the United States", "United States"),
               ("française|French|de la France", "France"), ("britannique|British|UK|U\\.K\\.", "United Kingdom"))


def _designator(what: str, others: list[Party]) -> Party | None:
    """Who designated, when the sentence does not say "by": "sur la liste américaine" or
    the one government or international body of the sentence."""
    for pattern, country in LIST_OWNERS:
        if re.search(rf"\b(?:list|liste)\s+(?:{pattern})\b|\b(?:{pattern})\s+(?:list|terror\w*)", what):
            return Party(0, 0, country, None, "state", "government", country)
    if re.search(r"\b(?:liste|list)\s+(?:onusienne|de l'ONU|des Nations unies|of the UN|UN)\b|\bUN\s+(?:sanctions\s+)?list",
                 what):
        return Party(0, 0, "UN", "United Nations Security Council", "named", "international")
    bodies = [p for p in others if p.kind != "anaphor" and (p.is_state or p.role == "international")]
    return bodies[0] if len(bodies) == 1 else None


def _past_apposition(norm: str, m: re.Match[str], slot_of: dict[int, int], a_ids: list[int]) -> list[int]:
    """"Le GSIM, né ... de la fusion d'Ansar Dine ..., a fait allégeance à": the subject is
    the party that opens the apposition, not the last party inside it."""
    after = norm[m.end("a"):m.end("a") + 24]
    if not re.match(r"\s*,(?!\s*(?:which|who|that|qui|and|et|or|ou|but|mais)\b)", after) or len(a_ids) != 1:
        return a_ids
    head = re.match(r"^\W*(?:[\w'-]+\s+){0,2}?⟨(\d+)⟩\s*,", norm)
    if head is None or head.end() > m.start("a"):
        return a_ids
    return [slot_of[int(head.group(1))]]


def _next_party(norm: str, pos: int, slot_of: dict[int, int], parties: list[Party], within: int) -> Party | None:
    m = re.compile(rf"[^⟨⟩.;]{{0,{within}}}?⟨(\d+)⟩").match(norm, pos)
    if m is None:
        m = re.compile(r"⟨(\d+)⟩").match(norm, pos)
    if m is None:
        return None
    return parties[slot_of[int(m.group(1))]]


def _official(resolved: list[Party], keys: set[str]) -> bool:
    """A source that speaks for a government, or for a party of the tie."""
    for p in resolved:
        key = p.key or ""
        if key in keys or (p.members and set(p.members) & keys):
            return True
        if key.startswith("Government of ") or p.kind == "state":
            return True
    return False


def _merge_within(relations: list[Relation]) -> list[Relation]:
    """One relation per (type, parties, polarity) in an article, its statements' evidence joined."""
    merged: dict[tuple[str, str, str, str], Relation] = {}
    order: list[tuple[str, str, str, str]] = []
    for r in relations:
        a, b = (r.actor_a, r.actor_b)
        if r.relation in SYMMETRIC and b < a:
            a, b = b, a
        key = (r.relation, a, b, r.polarity)
        if key not in merged:
            merged[key] = r
            order.append(key)
            continue
        kept = merged[key]
        seen = {(e.field, e.start, e.end) for e in kept.evidence}
        kept.evidence += [e for e in r.evidence if (e.field, e.start, e.end) not in seen]
        kept.amount = kept.amount or r.amount
        kept.share = kept.share or r.share
        kept.attribution = kept.attribution or r.attribution
        if kept.date.precision == "unknown" and r.date.precision != "unknown":
            kept.date = r.date
        kept.confidence = max(kept.confidence, r.confidence)
    return [merged[k] for k in order]


__all__ = ["STAGE", "RELATION_TYPES", "SYMMETRIC", "RelationExtractor"]
