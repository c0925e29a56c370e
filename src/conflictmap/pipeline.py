"""The pipeline: ordered stages from inputs to stored events.

    ingest -> clean -> language -> dedup -> nlp -> actors -> places -> dates -> events
           -> relations -> store

`Extractor` is the stateless part (a Document in, an Extraction out) shared by the
`extract` contract, `ingest` and `reprocess`. `ingest()` adds reading, identity,
near-duplicates and the store: each article is written in its own transaction, one
bad article is recorded as a Failure and never stops the batch, and an interrupted
run resumes where it stopped because stored articles are recognised and skipped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .config import Settings
from .errors import ConflictMapError, StoreError
from .models import Document, Extraction, Failure, RawArticle
from .stages import clean as clean_stage
from .stages import dedup, language, stage_of
from .stages.dates import find_dates
from .stages.events import STAGE as EVENTS_STAGE
from .stages.events import EventExtractor
from .stages.ingest import Fetcher, read_inputs
from .stages.nlp import NLP, SUPPORTED_LANGUAGES, entity_mentions
from .stages.nlp import STAGE as NLP_STAGE

log = logging.getLogger(__name__)

# The stages, in order, with what each reads and writes (shown by `conflictmap stages`).
STAGES: tuple[tuple[str, str, str], ...] = (
    ("ingest", "paths, URLs, feeds", "RawArticle"),
    ("clean", "RawArticle", "Document (body, captions, metadata)"),
    ("language", "Document.text", "Document.language"),
    ("dedup", "Document.text", "Document.id, Document.duplicate_of"),
    ("nlp", "Document.text", "sentences, tokens, entities"),
    ("actors", "Document.text", "Mention(ACTOR)"),
    ("places", "Document.text, entities", "Place"),
    ("dates", "Document.text, Document.published", "DateMention"),
    ("events", "sentences, mentions, places, dates", "Event"),
    ("relations", "sentences, actor mentions, dates", "Relation"),
    ("store", "Extraction", "rows"),
)


class Extractor:
    """Document -> Extraction. Holds the loaded resources; safe to reuse across documents."""

    def __init__(self, actors: Any, geocoder: Any, nlp: NLP | None = None,
                 relations: Any | None = None, batch_size: int = 16) -> None:
        self.actors = actors
        self.geocoder = geocoder
        self.nlp = nlp or NLP(providers=[actors.ruler_patterns, geocoder.ruler_patterns])
        self.events = EventExtractor(actors, geocoder)
        self.relations = relations
        self.batch_size = batch_size
        self._versions = self.stage_versions()

    @classmethod
    def default(cls, settings: Settings | None = None, with_relations: bool = True) -> Extractor:
        from .stages.actors import ActorBase
        from .stages.places import Geocoder

        settings = settings or Settings()
        actors = ActorBase.load(extra=[settings.user_actors] if settings.user_actors.exists() else [])
        geocoder = Geocoder.default(settings.user_places if settings.user_places.exists() else None)
        relations = None
        if with_relations:
            try:
                from .stages.relations import RelationExtractor
            except ImportError:
                relations = None
            else:
                relations = RelationExtractor(actors)
        return cls(actors, geocoder, relations=relations, batch_size=settings.batch_size)

    def stage_versions(self) -> dict[str, str]:
        versions = {"nlp": NLP_STAGE, "events": EVENTS_STAGE}
        for name, obj in (("actors", self.actors), ("places", self.geocoder), ("relations", self.relations)):
            if obj is not None:
                versions[name] = stage_of(obj, name)
        return versions

    def extract(self, doc: Document) -> Extraction:
        result = next(iter(self.extract_many([doc])))
        if isinstance(result, Failure):
            raise ConflictMapError(result.message, source=result.source)
        return result

    def extract_many(self, docs: Iterable[Document]) -> Iterator[Extraction | Failure]:
        """Extractions in input order; a document that fails yields a Failure."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= self.batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, docs: list[Document]) -> Iterator[Extraction | Failure]:
        parsed: dict[int, Any] = {}
        for lang in {d.language for d in docs if d.language in SUPPORTED_LANGUAGES}:
            idx = [i for i, d in enumerate(docs) if d.language == lang]
            try:
                for i, p in zip(idx, self.nlp.pipe([docs[i].text for i in idx], lang), strict=True):
                    parsed[i] = p
            except Exception:  # noqa: BLE001 - fall back to one by one to find the bad document
                for i in idx:
                    try:
                        parsed[i] = self.nlp.parse(docs[i].text, lang)
                    except Exception as exc:  # noqa: BLE001
                        parsed[i] = exc
        versions = self._versions
        for i, doc in enumerate(docs):
            if doc.language not in SUPPORTED_LANGUAGES:
                yield Extraction(document=doc)
                continue
            p = parsed.get(i)
            if isinstance(p, Exception) or p is None:
                yield Failure(doc.source, NLP_STAGE, type(p).__name__, f"the NLP stage failed: {p}")
                continue
            try:
                doc.stages.update(versions)
                yield self._extract_parsed(doc, p)
            except Exception as exc:  # noqa: BLE001 - one bad document never stops a batch
                log.exception("extraction failed for %s", doc.source)
                yield Failure(doc.source, EVENTS_STAGE, type(exc).__name__, f"extraction failed: {exc}")

    def _extract_parsed(self, doc: Document, parsed: Any) -> Extraction:
        lang = doc.language or "en"
        entities = entity_mentions(parsed)
        actor_mentions = self.actors.find(doc.text, lang)
        places = self.geocoder.find_places(doc.text, lang, entities)
        named = [(m.start, m.end) for m in actor_mentions if not m.data.get("generic")]
        # "FAMa", "Ansar Dine": a span the actor base names is not a place
        places = [p for p in places if p.source == "relative"
                  or not any(s <= p.start and p.end <= e for s, e in named)]
        dates = find_dates(doc.text, lang, doc.published)
        events = self.events.extract(doc, parsed, actor_mentions, places, dates)
        relations = []
        if self.relations is not None:
            relations = self.relations.extract(doc, parsed, actor_mentions, dates)
        return Extraction(document=doc, events=events, relations=relations, places=places,
                          mentions=list(actor_mentions))


def prepare(raw: RawArticle, published: str | None = None) -> Document:
    """clean + language: a RawArticle -> a Document ready for extraction."""
    doc = clean_stage.clean(raw, published=published)
    code, supported = language.detect(doc.text, raw.language)
    doc.language, doc.language_supported = code, supported
    doc.stages["language"] = language.STAGE
    return doc


@dataclass
class RunReport:
    run_id: int | None = None
    read: int = 0
    stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    unsupported: int = 0
    events: int = 0
    words: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    interrupted: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id, "read": self.read, "stored": self.stored, "unchanged": self.unchanged,
            "duplicates": self.duplicates, "unsupported": self.unsupported, "events": self.events,
            "words": self.words, "seconds": round(self.seconds, 2), "failures": len(self.failures),
            "interrupted": self.interrupted,
        }


ProgressFactory = Callable[[int], Any]


def ingest(inputs: Sequence[str], store: Any, settings: Settings | None = None, *,
           published: str | None = None, extractor: Extractor | None = None,
           fetcher: Fetcher | None = None, progress: ProgressFactory | None = None) -> RunReport:
    """Read, clean, deduplicate, extract and store every article of the inputs."""
    settings = settings or Settings()
    report = RunReport()
    started = time.perf_counter()
    report.run_id = store.start_run(list(inputs))

    def fail(failure: Failure) -> None:
        report.failures.append(failure)
        log.warning("%s: %s", failure.source, failure.message)
        store.record_failure(failure, report.run_id)

    index = dedup.NearDuplicateIndex.from_store(store.signatures(), settings.near_duplicate_threshold)
    queue: list[tuple[Document, bytes]] = []
    seen: set[str] = set()
    # copies of articles queued in this run: stored once their original is (the link
    # row references it), or extracted in their own right if the original fails
    waiting: list[tuple[Document, bytes, float]] = []
    waiting_root: dict[str, str] = {}
    queued: set[str] = set()
    try:
        for item in read_inputs(inputs, settings, fetcher):
            if isinstance(item, Failure):
                fail(item)
                continue
            report.read += 1
            try:
                doc = prepare(item, published)
            except ConflictMapError as exc:
                fail(Failure(exc.source or item.source, clean_stage.STAGE, type(exc).__name__, exc.message))
                continue
            if doc.id in seen or store.known_articles([doc.id]):
                report.unchanged += 1
                continue
            seen.add(doc.id)
            mh = dedup.signature(doc.text)
            match = index.match(mh, exclude=doc.id)
            signature = dedup.to_bytes(mh)
            index.add(doc.id, mh)
            if match is not None:
                doc.duplicate_of = waiting_root.get(match[0], match[0])
                doc.stages["dedup"] = dedup.STAGE
                if doc.duplicate_of in queued:
                    waiting.append((doc, signature, match[1]))
                    waiting_root[doc.id] = doc.duplicate_of
                    continue
                store.save_extraction(Extraction(document=doc), run_id=report.run_id, status="duplicate",
                                      signature=signature, duplicate_score=match[1])
                report.duplicates += 1
                continue
            if not doc.language_supported:
                store.save_extraction(Extraction(document=doc), run_id=report.run_id, status="unsupported",
                                      signature=signature)
                report.unsupported += 1
                fail(Failure(doc.source, language.STAGE, "UnsupportedLanguage",
                             f"language {doc.language!r} is not yet supported (stored without events)"))
                continue
            queue.append((doc, signature))
            queued.add(doc.id)
    except KeyboardInterrupt:
        # nothing of the queue is stored yet: the next run reads everything again
        report.interrupted = True
        report.seconds = time.perf_counter() - started
        store.finish_run(report.run_id, report.as_dict(), status="interrupted")
        raise

    if not queue:
        report.seconds = time.perf_counter() - started
        store.finish_run(report.run_id, report.as_dict())
        return report
    extractor = extractor or Extractor.default(settings)
    bar = progress(len(queue) + len(waiting)) if progress else None
    signatures = {doc.id: sig for doc, sig in queue}
    stored: set[str] = set()

    def extract_and_store(docs: list[Document]) -> None:
        for result in extractor.extract_many(docs):
            if isinstance(result, Failure):
                fail(result)
            else:
                store.save_extraction(result, run_id=report.run_id, signature=signatures[result.document.id],
                                      status="done")
                stored.add(result.document.id)
                report.stored += 1
                report.events += sum(1 for e in result.events if e.kind == "event")
                report.words += result.document.words
            if bar is not None:
                bar.update(1)

    try:
        extract_and_store([doc for doc, _ in queue])
        # copies whose original is now stored are linked to it; a copy of an original
        # that failed is extracted in its own right (and becomes the original of the rest)
        replaced: dict[str, str] = {}
        for doc, signature, score in waiting:
            root = replaced.get(doc.duplicate_of or "", doc.duplicate_of)
            if root in stored:
                doc.duplicate_of = root
                store.save_extraction(Extraction(document=doc), run_id=report.run_id, status="duplicate",
                                      signature=signature, duplicate_score=score)
                report.duplicates += 1
                if bar is not None:
                    bar.update(1)
                continue
            if doc.duplicate_of:
                replaced[doc.duplicate_of] = doc.id
            doc.duplicate_of = None
            doc.stages.pop("dedup", None)
            signatures[doc.id] = signature
            extract_and_store([doc])
    except KeyboardInterrupt:
        report.interrupted = True
        report.seconds = time.perf_counter() - started
        store.finish_run(report.run_id, report.as_dict(), status="interrupted")
        raise
    except StoreError:
        report.seconds = time.perf_counter() - started
        raise
    finally:
        if bar is not None:
            bar.close()
    report.seconds = time.perf_counter() - started
    store.finish_run(report.run_id, report.as_dict())
    return report


def reprocess(store: Any, extractor: Extractor, article_ids: Iterable[str] | None = None,
              progress: ProgressFactory | None = None) -> RunReport:
    """Re-extract stored articles with the current stages (corrections are replayed)."""
    from .models import Document as Doc

    report = RunReport()
    started = time.perf_counter()
    report.run_id = store.start_run(["reprocess"])
    ids = list(article_ids) if article_ids is not None else [
        a["id"] for a in store.list_articles(limit=10**9, status="done")[0]]
    docs = []
    for article_id in ids:
        row = store.get_article(article_id)
        if row is None:
            continue
        docs.append(Doc(id=row["id"], text=row["text"], source=row["source"], fmt=row["fmt"], title=row["title"],
                        url=row["url"], published=row["published"], published_source=row["published_source"],
                        language=row["language"], language_supported=row["language_supported"],
                        author=row["author"], site_name=row["site_name"], external_id=row["external_id"],
                        captions=row["captions"], dropped_lines=row["dropped_lines"],
                        duplicate_of=row["duplicate_of"], stages=dict(row["stages"])))
    bar = progress(len(docs)) if progress else None
    for result in extractor.extract_many(docs):
        if isinstance(result, Failure):
            report.failures.append(result)
            store.record_failure(result, report.run_id)
        else:
            store.save_extraction(result, run_id=report.run_id, status="done")
            report.stored += 1
            report.events += sum(1 for e in result.events if e.kind == "event")
            report.words += result.document.words
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    report.seconds = time.perf_counter() - started
    store.finish_run(report.run_id, report.as_dict())
    return report
