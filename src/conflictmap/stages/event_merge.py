"""Merging the statements of one article that report the same event.

A lead and its details ("The attackers came on motorbikes"), a toll revised later, the
same event or agreement told again further down: one row, with the evidence of all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ..models import Event, Place, fold
from . import numbers
from .dates import DateMention
from .statements import CONTINUATION, MEANS, REVISION, SEPARATELY, Sentence
from .triggers import PRIORITY, TriggerHit

log = logging.getLogger("conflictmap.stages.events")

VIOLENT_TYPES = ("Battles", "Violence against civilians", "Explosions/Remote violence")
VIOLENT_CLASSES = ("KILL", "ATTACK", "CLASH")


@dataclass
class Candidate:
    sentence: Sentence
    trigger: TriggerHit
    triggers: list[TriggerHit]
    kind: str
    own_date: DateMention | None
    own_place: Place | None
    event: Event
    notes: list[str] = field(default_factory=list)
    merge_only: bool = False    # restates an event ("The attack, the deadliest this year, ...")
    deaths: dict[str, numbers.Count] = field(default_factory=dict)   # death counts by group
    place_text: str | None = None      # a place named in the statement, resolved or not
    distinct: bool = False      # told as another event ("This attack follows an operation ...")
    detail: bool = False        # only a detail of an event told before (a toll with no date or place)


def retold(cand: Candidate, prev: Candidate) -> bool:
    """The same event told again further down: the same agreement between the same parties,
    or the same kind of event on the same day at the same place (or with no place named)."""
    a, b = cand.event, prev.event
    if a.sub_event_type != b.sub_event_type or cand.kind != "event" or prev.kind != "event":
        return False
    if a.sub_event_type == "Agreement":
        sides_a = {x for x in (a.actor1, a.actor2) if x}
        sides_b = {x for x in (b.actor1, b.actor2) if x}
        return bool(sides_a and sides_b) and (sides_a <= sides_b or sides_b <= sides_a)
    if cand.own_date is None or prev.own_date is None or a.date.precision != "day" \
            or (a.date.start, a.date.end) != (b.date.start, b.date.end) or different_actors(a.actor1, b.actor1):
        return False
    if cand.own_place is not None and prev.own_place is not None:
        return cand.own_place.name == prev.own_place.name
    return True


def different_actors(a: str | None, b: str | None) -> bool:
    """Two named initiators that differ: two events, whatever else they share."""
    generic = ("Unidentified Armed Group", "Civilians", "Protesters", "Rioters")
    if not a or not b or a.startswith(generic) or b.startswith(generic):
        return False
    return a != b


def sum_groups(groups: dict[str, numbers.Count]) -> tuple[int, int | None, int | None, list[numbers.Count]]:
    """Deaths of different groups (victims, soldiers, attackers) add up."""
    chosen = list(groups.values())
    if "unknown" in groups and len(groups) > 1:
        # "killing 30 people ... among them 10 soldiers": an unqualified total may include the others
        unknown = groups["unknown"]
        others = [c for g, c in groups.items() if g != "unknown"]
        if unknown.best >= sum(c.best for c in others):
            chosen = [unknown] + [c for g, c in groups.items() if g == "attackers"]
    best = sum(c.best for c in chosen)
    lows = [c.low for c in chosen]
    highs = [c.high for c in chosen]
    low = sum(x for x in lows if x is not None) if all(x is not None for x in lows) else None
    high = sum(x for x in highs if x is not None) if all(x is not None for x in highs) else None
    return best, low, high, chosen


def merge(candidates: list[Candidate], text: str) -> list[Candidate]:
    """One candidate per event: details, restatements and retellings absorbed into the first."""
    merged: list[Candidate] = []
    for cand in candidates:
        target = same_event(cand, merged, text)
        if target is not None:
            log.debug("merged %r into %r", text[cand.sentence.start:cand.sentence.end][:60],
                      text[target.sentence.start:target.sentence.end][:60])
        if target is None:
            if not cand.merge_only:
                merged.append(cand)
            continue
        absorb(target, cand)
    return merged

def same_event(cand: Candidate, previous: list[Candidate], text: str) -> Candidate | None:
    if not previous:
        return None
    s = text[cand.sentence.start:cand.sentence.end]
    if SEPARATELY.search(s):
        return None
    if cand.distinct:   # another event, unless the very same one told again
        return next((p for p in reversed(previous) if retold(cand, p)), None)
    if cand.merge_only and REVISION.search(s):
        # "Mardi, le gouvernement a annoncé que le bilan de l'attaque s'était alourdi à 32 morts":
        # the day and place of the announcement do not make it another event
        return next((p for p in reversed(previous) if p.kind == "event" and (
            p.event.event_type == cand.event.event_type
            or (p.event.event_type in VIOLENT_TYPES and cand.event.event_type in VIOLENT_TYPES))), None)
    for prev in reversed(previous):
        if prev.kind != cand.kind and not (cand.merge_only and prev.kind == "event"):
            continue
        if retold(cand, prev):
            return prev
        if different_actors(prev.event.actor1, cand.event.actor1):
            continue
        if cand.place_text and prev.place_text and fold(cand.place_text) != fold(prev.place_text) \
                and cand.own_place is None:
            continue
        if cand.merge_only and cand.own_place is not None and prev.own_place is not None \
                and cand.own_place.name == prev.own_place.name:
            return prev
        # near: the next paragraph, or a few short ones (wire copy puts each sentence in its own)
        gap = cand.sentence.paragraph - prev.sentence.paragraph
        near = gap <= 1 or (gap <= 3 and cand.sentence.start - prev.sentence.end <= 700)
        if cand.merge_only and cand.own_place is None and near:
            return prev
        if not near:
            continue
        same_date = (cand.own_date is None or prev.own_date is None
                     or (cand.event.date.start == prev.event.date.start))
        same_place = (cand.own_place is None or prev.own_place is None
                      or cand.own_place.name == prev.own_place.name
                      or (cand.own_place.geonameid is not None and cand.own_place.geonameid == prev.own_place.geonameid))
        if not (same_date and same_place):
            continue
        continuation = bool(CONTINUATION.match(s)) or (cand.own_date is None and cand.own_place is None)
        compatible = (cand.event.event_type == prev.event.event_type
                      or cand.trigger.cls in VIOLENT_CLASSES and prev.trigger.cls in VIOLENT_CLASSES
                      # "The gunmen rounded up the farmers and shot them": how the raid went
                      or (cand.trigger.cls in ("ARREST", "ABDUCT") and prev.trigger.cls in VIOLENT_CLASSES
                          and cand.own_date is None and cand.own_place is None
                          and not different_actors(prev.event.actor1, cand.event.actor1)
                          and not (cand.event.inter1 == 1)))
        if continuation and (compatible or cand.trigger.cls == "KILL"):
            return prev
        if compatible and cand.own_date is not None and cand.own_place is not None and same_date and same_place \
                and cand.event.sub_event_type == prev.event.sub_event_type:
            return prev
    return None

def absorb(target: Candidate, cand: Candidate) -> None:
    t, c = target.event, cand.event
    if not cand.merge_only and PRIORITY.index(cand.trigger.cls) < PRIORITY.index(target.trigger.cls) \
            and cand.trigger.cls in MEANS and target.trigger.cls in ("ATTACK", "KILL", "CLASH"):
        t.event_type, t.sub_event_type = c.event_type, c.sub_event_type
        target.trigger = cand.trigger
    # unidentified attackers are named by a later sentence only as an armed group: the
    # soldiers who responded, or the victims, do not become the attackers
    unnamed = t.actor1 is not None and t.actor1.startswith("Unidentified Armed Group")
    if (t.actor1 is None or (unnamed and c.inter1 in (2, 3, 4))) and c.actor1 \
            and not c.actor1.startswith("Unidentified Armed Group") and c.actor1 != t.actor2:
        t.actor1, t.inter1 = c.actor1, c.inter1
    if t.actor2 is None and c.actor2 and c.actor2 != t.actor1:
        t.actor2, t.inter2 = c.actor2, c.inter2
        t.civilian_targeting = t.civilian_targeting or c.civilian_targeting
    elif t.actor2 is None and t.sub_event_type == "Agreement" and c.actor1 and c.actor1 != t.actor1:
        t.actor2, t.inter2 = c.actor1, c.inter1     # the other party, named first the second time
    revised = bool(REVISION.search(cand.event.sentence.text if cand.event.sentence else ""))
    changed = False
    for group, count in cand.deaths.items():
        if group not in target.deaths or (revised and count.best > target.deaths[group].best):
            target.deaths[group] = count
            changed = True
    if changed:
        t.fatalities, t.fatalities_low, t.fatalities_high, _ = sum_groups(target.deaths)
    elif not target.deaths and (c.fatalities or 0) > (t.fatalities or 0):
        t.fatalities, t.fatalities_low, t.fatalities_high = c.fatalities, c.fatalities_low, c.fatalities_high
    if t.place is None and c.place is not None:
        t.place = c.place
        t.country = t.country or c.country
    t.evidence += [e for e in c.evidence if e.field != "event_type"]
    t.confidence = min(0.99, max(t.confidence, c.confidence) + 0.03)
