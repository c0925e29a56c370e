"""What every export needs: the matching events, their articles, flat values."""

from __future__ import annotations

import io
import json
import re
from collections import OrderedDict
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any
from urllib.parse import urlparse

from ..store import EventQuery, Store


class Articles:
    """Articles by id, read once each (a small LRU: exports stream events in date order)."""

    def __init__(self, store: Store, size: int = 512) -> None:
        self.store = store
        self.size = size
        self._cache: OrderedDict[str, dict[str, Any] | None] = OrderedDict()

    def get(self, article_id: str) -> dict[str, Any] | None:
        if article_id in self._cache:
            self._cache.move_to_end(article_id)
            return self._cache[article_id]
        article = self.store.get_article(article_id)
        self._cache[article_id] = article
        if len(self._cache) > self.size:
            self._cache.popitem(last=False)
        return article


def events(store: Store, query: EventQuery) -> Iterator[dict[str, Any]]:
    return store.iter_events(query)


def sentence(event: dict[str, Any], article: dict[str, Any] | None) -> str:
    """The statement the event was read from, else its evidence quotes."""
    start, end = event.get("sentence_start"), event.get("sentence_end")
    if article and start is not None and end is not None and 0 <= start < end <= len(article["text"]):
        return " ".join(article["text"][start:end].split())
    return event.get("evidence_text") or ""


def source_file(article: dict[str, Any] | None) -> str:
    """The file name the article was read from ("name.txt", "feed.jsonl:3"), without its
    directories: an export is shared, the analyst's local paths are not part of it."""
    source = str((article or {}).get("source") or "")
    return re.split(r"[\\/]", source)[-1]


def source_name(article: dict[str, Any] | None) -> str:
    """The article's outlet: its site name, else the host of its URL, else its file name."""
    if not article:
        return ""
    if article.get("site_name"):
        return str(article["site_name"])
    if article.get("url"):
        return urlparse(article["url"]).netloc or article["url"]
    return source_file(article)


def joined(value: Any, sep: str = "; ") -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return sep.join(str(v) for v in value)
    return str(value)


def evidence_text(value: Any) -> str:
    if not value:
        return ""
    return " | ".join(str(e.get("text", "")) for e in value if isinstance(e, dict))


def epoch(iso: str | None) -> int | None:
    if not iso:
        return None
    try:
        return int(datetime.fromisoformat(iso).timestamp())
    except ValueError:
        return None


def text_stream(out: IO[bytes]) -> io.TextIOWrapper:
    """A UTF-8 text view of a binary stream that does not close it."""
    return io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
