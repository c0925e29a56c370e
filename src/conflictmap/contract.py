"""The stateless extraction contract behind `conflictmap extract`.

Input: JSON lines `{"id", "text", "published"?, "title"?, "url"?, "language"?}`.
Output: one JSON line per extracted statement, with models.EVENT_RECORD_FIELDS plus
`"record": "event"`; with relations on, also `"record": "relation"` lines
(models.RELATION_RECORD_FIELDS). Evidence offsets index the article text that the
articles file gives (`--articles-out`): the input text itself when cleaning removed
nothing, otherwise the cleaned body.

Kinds: `event` (single events: the dataset's rows), `aggregate`, `background` and
`campaign` (kept and typed; filter on `kind`). Statements that are not political
violence, threats and denials are not written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .errors import MalformedRecord
from .models import Document, Failure, RawArticle, content_id
from .pipeline import Extractor
from .stages import clean as clean_stage
from .stages import language
from .stages.dates import parse_iso_date


@dataclass
class ContractOutput:
    records: list[dict[str, Any]]
    article: dict[str, Any] | None
    failure: Failure | None = None


def parse_line(line: str, number: int, source: str = "stdin") -> RawArticle:
    where = f"{source}:{number}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedRecord(f"line {number} is not valid JSON ({exc.msg} at column {exc.colno})", source=where) from exc
    if not isinstance(row, dict):
        raise MalformedRecord(f"line {number} is not a JSON object", source=where)
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise MalformedRecord(f"line {number} has no 'text' string", source=where)
    published = row.get("published")
    parsed = parse_iso_date(str(published)) if published else None
    if published and not parsed:
        raise MalformedRecord(f"line {number}: cannot read the published date {published!r} (use YYYY-MM-DD)", source=where)
    article_id = row.get("id")
    return RawArticle(source=where, fmt="jsonl", text=text, title=row.get("title"), url=row.get("url"),
                      published=parsed, language=row.get("language"),
                      external_id=str(article_id) if article_id is not None else None)


def to_document(raw: RawArticle) -> Document:
    """Clean like ingest does, but keep the input text verbatim when nothing is chrome."""
    text = raw.text or ""
    cleaned = clean_stage.clean_lines(text, has_title=True)
    if cleaned.dropped or cleaned.captions:
        body = "\n\n".join(cleaned.body)
    else:
        body = text
    if not body.strip():
        raise MalformedRecord("no article text is left after removing site chrome", source=raw.source)
    code, supported = language.detect(body, raw.language)
    return Document(
        id=raw.external_id or content_id(body), text=body, source=raw.source, fmt="jsonl",
        title=raw.title, url=raw.url, published=raw.published,
        published_source="row" if raw.published else "unknown", language=code,
        language_supported=supported, external_id=raw.external_id, captions=cleaned.captions,
        dropped_lines=cleaned.dropped, stages={"clean": clean_stage.STAGE, "language": language.STAGE},
    )


def extract_lines(lines: Iterable[str], extractor: Extractor, *, relations: bool = False,
                  kinds: set[str] | None = None, source: str = "stdin") -> Iterator[ContractOutput]:
    """Run the contract over JSON lines; a bad line yields a Failure and the rest go on."""
    docs: list[Document] = []
    failures: dict[int, Failure] = {}
    order: list[tuple[str, int]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            doc = to_document(parse_line(line, number, source))
        except MalformedRecord as exc:
            failures[number] = Failure(exc.source or f"{source}:{number}", "contract", type(exc).__name__, exc.message)
            order.append(("failure", number))
            continue
        docs.append(doc)
        order.append(("doc", len(docs) - 1))
    results = iter(extractor.extract_many(docs))
    for what, key in order:
        if what == "failure":
            yield ContractOutput([], None, failures[key])
            continue
        doc = docs[key]
        result = next(results)
        article = {"id": doc.id, "text": doc.text, "title": doc.title, "published": doc.published,
                   "language": doc.language, "language_supported": doc.language_supported,
                   "dropped_lines": len(doc.dropped_lines), "captions": doc.captions}
        if isinstance(result, Failure):
            yield ContractOutput([], article, result)
            continue
        records = []
        for event in result.events:
            if event.kind == "not_pv" or (kinds and event.kind not in kinds):
                continue
            record = event.as_record()
            record["record"] = "event"
            records.append(record)
        if relations:
            for relation in result.relations:
                record = relation.as_record()
                record["record"] = "relation"
                records.append(record)
        yield ContractOutput(records, article)
