"""Who did what to whom: agent and patient of an event trigger from the dependency parse.

English and French (Universal Dependencies in the French model, ClearNLP-style labels
in the English one). Handles active and passive voice, nominal triggers ("an attack
by X on Y", "l'attaque de X contre Y"), possessives ("JNIM's attack"), compounds
("JNIM attack"), shared subjects of coordinated and subordinate verbs ("stormed the
village, killing 12"), and light verbs ("carried out an attack", "a mené une
attaque").

spaCy objects stay in this module and in events.py; what leaves is mention indexes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import Mention

STAGE = "roles.deps.v1"

SUBJ = {"nsubj", "csubj", "expl:subj"}
PASS_SUBJ = {"nsubjpass", "nsubj:pass", "csubjpass"}
OBJ = {"dobj", "obj", "attr", "iobj"}
AGENT_PREPS = {"by", "par"}
TARGET_PREPS = {"on", "against", "upon", "contre", "sur", "at", "visant"}
CLIMB = {"advcl", "xcomp", "conj", "acl", "acl:relcl", "relcl"}


@dataclass
class Roles:
    agents: list[int] = field(default_factory=list)     # indexes into the mentions list
    patients: list[int] = field(default_factory=list)
    partners: list[int] = field(default_factory=list)   # "signed with X", "between X and Y"
    passive: bool = False
    from_parse: bool = False
    pronoun_subject: bool = False     # "they killed 15 militants": resolved by the events stage


def _is_passive(tok: Any) -> bool:
    if any(c.dep_ in OBJ for c in tok.children):
        return False    # "Gunmen abducted 287 pupils" misparsed as a reduced relative
    if any(c.dep_ in PASS_SUBJ or c.dep_ in ("auxpass", "aux:pass") for c in tok.children):
        return True
    # French participles used adjectivally: "six soldats tués", "des civils enlevés"
    return tok.dep_ in ("acl", "amod") and tok.tag_ in ("VBN",) or (
        tok.dep_ == "acl" and tok.morph.get("VerbForm") == ["Part"] and tok.morph.get("Tense") == ["Past"])


def _span_range(tok: Any) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right.text)


def _mentions_in(tok: Any, mentions: Sequence[Mention], exclude: tuple[int, int] | None = None) -> list[int]:
    start, end = _span_range(tok)
    found = []
    for i, m in enumerate(mentions):
        if start <= m.start and m.end <= end:
            if exclude and exclude[0] <= m.start and m.end <= exclude[1]:
                continue
            found.append(i)
    return found


def _best(indexes: list[int], mentions: Sequence[Mention]) -> list[int]:
    """Named actors before descriptive ones, then by position."""
    return sorted(indexes, key=lambda i: (bool(mentions[i].data.get("generic")), mentions[i].start))


def _case_of(tok: Any) -> str:
    """The preposition that governs a nominal: 'by' (en prep head) or 'par' (fr case child)."""
    if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent"):
        return tok.head.lower_
    for child in tok.children:
        if child.dep_ == "case":
            return child.lower_
    return ""


def _nominal_dependents(tok: Any) -> list[tuple[str, Any]]:
    """(preposition, head noun) pairs for the nominal dependents of tok."""
    out = []
    for child in tok.children:
        if child.dep_ in ("prep", "agent"):
            for grand in child.children:
                if grand.dep_ == "pobj":
                    out.append((child.lower_, grand))
        elif child.dep_ in ("nmod", "obl", "obl:arg", "obl:mod", "obl:agent"):
            out.append((_case_of(child), child))
        elif child.dep_ in ("poss", "nmod:poss"):
            out.append(("'s", child))
        elif child.dep_ == "compound":
            out.append(("compound", child))
    return out


def find_roles(parsed: Any, start: int, end: int, mentions: Sequence[Mention], noun: bool) -> Roles:
    """Agents and patients among `mentions` for the trigger at [start, end)."""
    span = parsed.char_span(start, end, alignment_mode="expand")
    roles = Roles()
    if span is None or len(span) == 0:
        return roles
    tok = span.root
    trigger_range = (start, end)
    roles.from_parse = True
    if tok.pos_ in ("NOUN", "PROPN") or (noun and tok.pos_ not in ("VERB", "AUX")):
        _noun_roles(tok, mentions, roles, trigger_range)
    else:
        _verb_roles(tok, mentions, roles, trigger_range)
    roles.agents = _best(list(dict.fromkeys(roles.agents)), mentions)
    roles.patients = _best([i for i in dict.fromkeys(roles.patients) if i not in roles.agents], mentions)
    roles.partners = _best([i for i in dict.fromkeys(roles.partners) if i not in roles.agents], mentions)
    return roles


def _verb_roles(tok: Any, mentions: Sequence[Mention], roles: Roles, trig: tuple[int, int]) -> None:
    passive = _is_passive(tok)
    roles.passive = passive
    for child in tok.children:
        dep = child.dep_
        if dep in SUBJ and not passive:
            found = _mentions_in(child, mentions, trig)
            if not found and child.pos_ == "PRON":
                roles.pronoun_subject = True
            roles.agents += found
        elif dep in PASS_SUBJ or (dep in SUBJ and passive):
            roles.patients += _mentions_in(child, mentions, trig)
        elif dep in OBJ:
            roles.patients += _mentions_in(child, mentions, trig)
        elif dep == "agent" or dep == "obl:agent":
            roles.agents += _mentions_in(child, mentions, trig)
    for prep, head in _nominal_dependents(tok):
        if prep in AGENT_PREPS and (passive or prep == "by"):
            roles.agents += _mentions_in(head, mentions, trig)
            # "in an attack by rebels in Ansar al Dine": the attack noun carries the agent
        elif prep in TARGET_PREPS:
            roles.patients += _mentions_in(head, mentions, trig)
        elif prep in ("with", "avec", "between", "entre", "to", "à", "aux", "au"):
            roles.partners += _mentions_in(head, mentions, trig)
        elif prep in ("in", "dans", "lors", "during", "au cours", "following", "after", "après"):
            # "were killed in an attack by X": take the agent of the attack noun
            if head.pos_ == "NOUN":
                inner = Roles()
                _noun_roles(head, mentions, inner, trig)
                roles.agents += inner.agents
    # participles used as modifiers: "six soldiers killed", "des civils tués"
    if tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "PROPN"):
        if passive:
            roles.patients += _mentions_in_head_only(tok.head, mentions, tok)
        elif tok.tag_ in ("VBD", "VBN") and any(c.dep_ in OBJ for c in tok.children) and tok.head.dep_ == "ROOT":
            roles.agents += _mentions_in_head_only(tok.head, mentions, tok)
    # shared subjects: "stormed the village, killing 12" / "ont attaqué ..., tuant 12"
    if not roles.agents and tok.dep_ in CLIMB and not passive:
        head = tok.head
        hops = 0
        while head is not None and hops < 3:
            for child in head.children:
                if child.dep_ in SUBJ and child is not tok:
                    roles.agents += _mentions_in(child, mentions, trig)
            if roles.agents or head.dep_ not in CLIMB:
                break
            head, hops = head.head, hops + 1


def _mentions_in_head_only(head: Any, mentions: Sequence[Mention], exclude_tok: Any) -> list[int]:
    start, end = head.left_edge.idx, head.idx + len(head.text)
    ex_start, ex_end = _span_range(exclude_tok)
    return [i for i, m in enumerate(mentions) if start <= m.start and m.end <= end
            and not (ex_start <= m.start and m.end <= ex_end)]


def _noun_roles(tok: Any, mentions: Sequence[Mention], roles: Roles, trig: tuple[int, int]) -> None:
    for child in tok.children:
        if child.dep_ in ("acl", "acl:relcl", "relcl") and child.pos_ in ("VERB", "AUX"):
            for prep, head in _nominal_dependents(child):
                if prep in AGENT_PREPS:
                    roles.agents += _mentions_in(head, mentions, trig)
                elif prep in TARGET_PREPS:
                    roles.patients += _mentions_in(head, mentions, trig)
            for grand in child.children:
                if grand.dep_ in ("agent", "obl:agent"):
                    roles.agents += _mentions_in(grand, mentions, trig)
    for prep, head in _nominal_dependents(tok):
        found = _mentions_in(head, mentions, trig)
        if prep in AGENT_PREPS or prep in ("'s", "compound", "from", "of"):
            if prep == "of" and found and all(mentions[i].data.get("role_hint") == "civilian" for i in found):
                roles.patients += found
            else:
                roles.agents += found
        elif prep in TARGET_PREPS:
            roles.patients += found
        elif prep in ("de", "du", "des", "d'"):
            # "l'attaque de l'EIGS" (agent) vs "l'attaque du camp de X" (target)
            for i in found:
                hint = mentions[i].data.get("role_hint")
                (roles.agents if hint in ("armed_group", None) and not mentions[i].data.get("generic")
                 else roles.patients).append(i)
        elif prep in ("with", "avec", "between", "entre"):
            roles.partners += found
    head = tok.head
    # "An attack by X killed 12 soldiers": the noun is the subject of a verb
    if tok.dep_ in SUBJ and head.pos_ in ("VERB", "AUX"):
        for child in head.children:
            if child.dep_ in OBJ:
                roles.patients += _mentions_in(child, mentions, trig)
    # "X carried out an attack" / "X a mené une attaque" / "X claimed the attack"
    if tok.dep_ in OBJ and head.pos_ in ("VERB", "AUX"):
        passive = _is_passive(head)
        for child in head.children:
            if child.dep_ in SUBJ and not passive:
                roles.agents += _mentions_in(child, mentions, trig)
            if child.dep_ in ("agent", "obl:agent"):
                roles.agents += _mentions_in(child, mentions, trig)
    # "soldiers were killed in an attack" handled from the verb; "victims of an attack"
    if tok.dep_ in ("pobj", "obl", "nmod") and head is not None:
        verb = head.head if tok.dep_ == "pobj" else head
        if verb.pos_ in ("VERB", "AUX") and _is_passive(verb):
            for child in verb.children:
                if child.dep_ in PASS_SUBJ or child.dep_ in SUBJ:
                    roles.patients += _mentions_in(child, mentions, trig)
