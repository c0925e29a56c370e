"""Event evaluation: precision, recall and per-field accuracy against a gold file.

Matching: a predicted event (kind "event") can match a gold event when its evidence
(the statement it was read from, or any evidence span) overlaps the gold evidence
span; pairs are taken greedily by overlap, then by agreement of type. Unmatched
predictions are false positives, unmatched gold events false negatives. Fields are
scored on matched pairs only, and only where the gold gives them.

Statements the gold lists as non-events (aggregates, background, campaigns, not
political violence) count as false positives when predicted as events; the kind
accuracy says how often they were typed as the gold says.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..models import Document, Event, RawArticle, content_id, fold

FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "fatalities", "date", "location",
          "admin1", "country")


@dataclass
class GoldPassage:
    id: str
    language: str
    text: str
    published: str | None
    events: list[dict[str, Any]]
    non_events: list[dict[str, Any]]
    title: str | None = None


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    kinds: list[int] = field(default_factory=lambda: [0, 0])       # non-events typed right / total
    leaked: int = 0                                                 # non-events predicted as events

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def field_accuracy(self, name: str) -> float | None:
        right, total = self.fields.get(name, [0, 0])
        return right / total if total else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "passages_events": self.tp + self.fn, "predicted": self.tp + self.fp,
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(2 * self.precision * self.recall / (self.precision + self.recall), 4)
            if self.precision + self.recall else 0.0,
            "fields": {k: {"accuracy": round(v[0] / v[1], 4) if v[1] else None, "right": v[0], "scored": v[1]}
                       for k, v in sorted(self.fields.items())},
            "non_events": {"total": self.kinds[1], "typed_right": self.kinds[0], "predicted_as_event": self.leaked},
        }


def read_gold_rows(path: Path, shared: Path | None = None) -> Iterator[tuple[str, dict[str, Any], str, str | None]]:
    """(where, row, text, published) for every line of a gold file. A row carries its text,
    or refers to one outside the repository: `"file"` (a raw file under `shared`, cleaned
    as ingest cleans it) or `"corpus"` + `"id"` (a story of a shared corpus)."""
    cache: dict[str, dict[str, dict[str, Any]]] = {}
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(f"not valid JSON ({exc.msg})", source=where) from exc
            if "corpus" in row or "file" in row:
                text, published = _corpus_text(row, shared, cache, where)
                published = row.get("published", published)
            else:
                text, published = row.get("text"), row.get("published")
            if not isinstance(text, str):
                raise GoldError("no text", source=where)
            yield where, row, text, published


def load_gold(path: Path, shared: Path | None = None) -> list[GoldPassage]:
    """Read an event gold file (passages written here, or annotations over a corpus)."""
    passages: list[GoldPassage] = []
    for where, row, text, published in read_gold_rows(path, shared):
        for item in row.get("events", []) + row.get("non_events", []):
            evidence = item.get("evidence")
            if not evidence or evidence not in text:
                raise GoldError(f"evidence {evidence!r} is not in the text", source=where)
        passages.append(GoldPassage(
            id=str(row.get("id") or row.get("file")), language=row.get("language", "en"), text=text,
            published=published, events=row.get("events", []), non_events=row.get("non_events", []),
            title=row.get("title")))
    return passages


def _corpus_text(row: dict[str, Any], shared: Path | None, cache: dict[str, dict[str, dict[str, Any]]],
                 where: str) -> tuple[str, str | None]:
    if shared is None:
        raise GoldError("this gold refers to texts outside the repository; pass --shared DIR", source=where)
    if "file" in row:      # a raw file (the seeds): cleaned as ingest would clean it
        from ..stages.clean import clean

        path = shared / row["file"]
        if not path.exists():
            raise GoldError(f"no file {path}", source=where)
        doc = clean(RawArticle(source=str(path), fmt="txt", text=path.read_text(encoding="utf-8")),
                    published=row.get("published"))
        return doc.text, row.get("published")
    corpus = row["corpus"]
    if corpus not in cache:
        files = sorted((shared / "corpora" / corpus).glob("*.jsonl"))
        if not files:
            raise GoldError(f"no corpus {corpus!r} under {shared / 'corpora'}", source=where)
        cache[corpus] = {}
        for f in files:
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    story = json.loads(line)
                    cache[corpus][str(story["id"])] = story
    story = cache[corpus].get(str(row["id"]))
    if story is None:
        raise GoldError(f"no story {row['id']!r} in corpus {corpus!r}", source=where)
    published = (story.get("published") or "")[:10] or None
    return story["text"], published


def _span(text: str, evidence: str) -> tuple[int, int]:
    start = text.find(evidence)
    return start, start + len(evidence)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _event_spans(event: Event) -> list[tuple[int, int]]:
    spans = [(e.start, e.end) for e in event.evidence]
    if event.sentence is not None:
        spans.append((event.sentence.start, event.sentence.end))
    return spans


class Scorer:
    """Compares predicted and gold values, resolving actor aliases and place names."""

    def __init__(self, actors: Any = None, geocoder: Any = None) -> None:
        self.actors = actors
        self.geocoder = geocoder

    def actor(self, name: str | None) -> str | None:
        if not name:
            return None
        if self.actors is not None:
            return fold(self.actors.canonical(name))
        return fold(name)

    def same(self, name: str, gold: dict[str, Any], pred: Event) -> bool | None:
        if name == "date":
            if "time_precision" not in gold and "date_start" not in gold:
                return None
            if gold.get("time_precision") == "unknown":
                return pred.date.precision == "unknown"
            return (pred.date.start, pred.date.end) == (gold.get("date_start"), gold.get("date_end", gold.get("date_start")))
        if name not in gold:
            return None
        value = gold[name]
        record = pred.as_record()
        if name in ("actor1", "actor2"):
            return self.actor(value) == self.actor(record[name])
        if name == "fatalities":
            return value == record["fatalities"]
        if name == "location":
            return self._same_place(value, pred)
        if name in ("admin1", "country"):
            return record[name] is not None and fold(str(value)) == fold(str(record[name]))
        return value == record[name]

    def _same_place(self, gold_name: str | None, pred: Event) -> bool:
        place = pred.place
        if place is None:
            return gold_name is None
        if gold_name is None:
            return False
        names = {fold(x) for x in (place.name, place.text) if x}
        if fold(gold_name) in names:
            return True
        resolve = getattr(self.geocoder, "resolve_name", None)
        if resolve is not None and place.latitude is not None:
            for cand in resolve(gold_name, place.country):
                if _km(cand[0], cand[1], place.latitude, place.longitude) <= 10:
                    return True
        return False


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@dataclass
class PassageResult:
    passage: GoldPassage
    predicted: list[Event]
    pairs: list[tuple[dict[str, Any], Event]]
    missed: list[dict[str, Any]]
    spurious: list[Event]
    field_errors: list[dict[str, Any]]


def score_passage(passage: GoldPassage, predicted: list[Event], scorer: Scorer, tally: Tally) -> PassageResult:
    events = [e for e in predicted if e.kind == "event"]
    gold_spans = [_span(passage.text, g["evidence"]) for g in passage.events]
    candidates = []
    for gi, gspan in enumerate(gold_spans):
        for pi, pred in enumerate(events):
            overlap = max((_overlap(gspan, s) for s in _event_spans(pred)), default=0)
            if overlap <= 0:
                continue
            agree = int(pred.event_type == passage.events[gi].get("event_type"))
            candidates.append((agree, overlap, gi, pi))
    candidates.sort(reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for _agree, _overlap_len, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((passage.events[gi], events[pi]))
    missed = [g for i, g in enumerate(passage.events) if i not in used_g]
    spurious = [p for i, p in enumerate(events) if i not in used_p]
    tally.tp += len(pairs)
    tally.fn += len(missed)
    tally.fp += len(spurious)
    errors = []
    for gold, pred in pairs:
        for name in FIELDS:
            verdict = scorer.same(name, gold, pred)
            if verdict is None:
                continue
            tally.fields[name][1] += 1
            if verdict:
                tally.fields[name][0] += 1
            else:
                errors.append({"field": name, "gold": gold.get(name) if name != "date" else
                               [gold.get("date_start"), gold.get("date_end"), gold.get("time_precision")],
                               "predicted": pred.as_record().get(name) if name != "date" else
                               [pred.date.start, pred.date.end, pred.date.precision],
                               "evidence": gold["evidence"]})
    for non in passage.non_events:
        span = _span(passage.text, non["evidence"])
        tally.kinds[1] += 1
        overlapping = [p for p in predicted if any(_overlap(span, s) > 0 for s in _event_spans(p))]
        if any(p.kind == "event" for p in overlapping):
            tally.leaked += 1
        wanted = non.get("kind", "not_pv")
        if wanted == "not_pv":
            right = not any(p.kind == "event" for p in overlapping)
        else:
            right = any(p.kind == wanted for p in overlapping)
        tally.kinds[0] += int(right)
    return PassageResult(passage, predicted, pairs, missed, spurious, errors)


def evaluate_events(passages: Iterable[GoldPassage], extractor: Any) -> tuple[dict[str, Tally], list[PassageResult]]:
    """Run the extractor on every passage; tallies per language and overall ('all')."""
    from ..stages import language as language_stage

    passages = list(passages)
    docs = []
    for p in passages:
        code, supported = language_stage.detect(p.text, p.language)
        docs.append(Document(id=content_id(p.text), text=p.text, source=p.id, fmt="gold", title=p.title,
                             published=p.published, language=code, language_supported=supported))
    scorer = Scorer(getattr(extractor, "actors", None), getattr(extractor, "geocoder", None))
    tallies: dict[str, Tally] = defaultdict(Tally)
    results = []
    for passage, result in zip(passages, extractor.extract_many(docs), strict=True):
        predicted = [] if not hasattr(result, "events") else result.events
        for key in ("all", passage.language):
            res = score_passage(passage, predicted, scorer, tallies[key])
        results.append(res)
    return dict(tallies), results
