"""The ingest stage: files, directories, JSONL/CSV rows, URLs and feeds -> RawArticle.

`read_inputs` yields a RawArticle for every article it can read and a Failure for
every input (or row) it cannot, so one bad input never stops a batch:

    for item in read_inputs(["data/", "https://example.org/feed.xml"], settings):
        if isinstance(item, Failure): ...

Fetching goes through a small Fetcher interface (HttpFetcher is the real one) that
refuses private and loopback addresses unless the settings allow them.
"""

from __future__ import annotations

import codecs
import csv
import io
import ipaddress
import json
import logging
import re
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urljoin, urlparse

from ..config import Settings
from ..errors import (
    BinaryInput,
    EmptyInput,
    FetchError,
    InputError,
    InputTooLarge,
    MalformedRecord,
    PrivateAddress,
)
from ..models import Failure, RawArticle
from .dates import parse_iso_date

STAGE = "ingest.v1"
log = logging.getLogger(__name__)

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
KNOWN_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES

TEXT_KEYS = ("text", "body", "content", "article", "texte")
TITLE_KEYS = ("title", "headline", "titre")
URL_KEYS = ("url", "link", "canonical_url")
DATE_KEYS = ("published", "date", "published_at", "publication_date", "pubdate")
LANG_KEYS = ("language", "lang", "langue")
SOURCE_KEYS = ("source", "site", "site_name", "outlet")


# -- decoding ------------------------------------------------------------------
_CP1252_FALLBACK = "conflictmap-cp1252"
_UTF8_MULTIBYTE_RE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    return bad.decode("cp1252", errors="replace").replace("\ufffd", "") or bad.decode("latin-1"), exc.end


codecs.register_error(_CP1252_FALLBACK, _cp1252_bytes)


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Bytes -> (text, encoding). UTF-8 first; Windows-1252/Latin-1 as a fallback."""
    if not data.strip():
        raise EmptyInput("the input is empty", source=source)
    sample = data[:65536]
    if b"\x00" in sample:
        raise BinaryInput("the input is binary (it contains NUL bytes), not text or HTML", source=source)
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if controls > len(sample) * 0.05:
        raise BinaryInput("the input is binary (too many control bytes), not text or HTML", source=source)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Windows-1252/Latin-1, or UTF-8 with a few such bytes pasted in: each byte that is
    # not UTF-8 is read as Windows-1252, so the valid UTF-8 around it is not garbled
    text = data.decode("utf-8", errors=_CP1252_FALLBACK)
    encoding = "utf-8+cp1252" if _UTF8_MULTIBYTE_RE.search(data) else "cp1252"
    letters = sum(ch.isalpha() for ch in text[:20000])
    if letters < min(len(text), 20000) * 0.3:
        raise BinaryInput(
            f"the input is not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and does not read as Latin-1 text either",
            source=source)
    log.warning("%s: not valid UTF-8; decoded as %s", source, encoding)
    return text, encoding


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


def looks_like_feed(text: str) -> bool:
    head = text[:2000].lower()
    return "<rss" in head or ("<feed" in head and "atom" in head) or "<rdf:rdf" in head


# -- fetching ------------------------------------------------------------------
@dataclass
class FetchResult:
    url: str            # the final URL after redirects
    content: bytes
    content_type: str


class Fetcher(Protocol):
    def fetch(self, url: str) -> FetchResult: ...


def check_address(url: str, allow_private: bool) -> None:
    """Refuse URLs whose host resolves to a private, loopback or link-local address."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs can be fetched, not {parsed.scheme!r}", source=url)
    host = parsed.hostname
    if not host:
        raise FetchError("the URL has no host", source=url)
    try:
        infos = socket.getaddrinfo(host, parsed.port or (443 if parsed.scheme == "https" else 80))
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r} ({exc.strerror}); check the URL or the network", source=url) from exc
    if allow_private:
        return
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        # anything not on the public internet: private, loopback, link-local, shared
        # (carrier-grade NAT), reserved, multicast, unspecified
        if (not address.is_global or address.is_private or address.is_loopback or address.is_link_local
                or address.is_reserved or address.is_multicast or address.is_unspecified):
            raise PrivateAddress(
                f"refusing to fetch from {address} (a private or loopback address); pass --allow-private to allow it",
                source=url)


class HttpFetcher:
    """Fetches one URL with a timeout, a size limit and checked redirects."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def fetch(self, url: str) -> FetchResult:
        import httpx

        current = url
        headers = {"User-Agent": "ConflictMap/0.1 (offline research tool)"}
        with httpx.Client(timeout=self.settings.fetch_timeout, follow_redirects=False, headers=headers) as client:
            for _hop in range(self.settings.max_redirects + 1):
                check_address(current, self.settings.allow_private)
                try:
                    with client.stream("GET", current) as response:
                        if response.is_redirect:
                            location = response.headers.get("location")
                            if not location:
                                raise FetchError("redirect without a Location header", source=current)
                            current = urljoin(current, location)
                            continue
                        if response.status_code >= 400:
                            raise FetchError(f"the server answered HTTP {response.status_code}", source=current)
                        declared = int(response.headers.get("content-length") or 0)
                        if declared > self.settings.max_bytes:
                            raise InputTooLarge(
                                f"{declared} bytes is over the limit of {self.settings.max_bytes} bytes", source=current)
                        chunks, size = [], 0
                        for chunk in response.iter_bytes():
                            size += len(chunk)
                            if size > self.settings.max_bytes:
                                raise InputTooLarge(
                                    f"the response is over the limit of {self.settings.max_bytes} bytes", source=current)
                            chunks.append(chunk)
                        return FetchResult(str(response.url), b"".join(chunks),
                                           response.headers.get("content-type", ""))
                except httpx.TimeoutException as exc:
                    raise FetchError(f"timed out after {self.settings.fetch_timeout:g} s", source=current) from exc
                except httpx.HTTPError as exc:
                    raise FetchError(f"cannot fetch: {exc}", source=current) from exc
        raise FetchError(f"more than {self.settings.max_redirects} redirects", source=url)


# -- rows ----------------------------------------------------------------------
def _pick(row: dict[str, object], keys: Iterable[str]) -> str | None:
    lowered = {str(k).strip().lower(): v for k, v in row.items()}
    for key in keys:
        value = lowered.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def article_from_row(row: dict[str, object], source: str, fmt: str) -> RawArticle:
    """One JSONL/CSV row -> RawArticle; a row without text is a MalformedRecord."""
    text = _pick(row, TEXT_KEYS)
    html = _pick(row, ("html",))
    if not text and not html:
        raise MalformedRecord(f"the row has no text (expected a field named one of: {', '.join(TEXT_KEYS)})", source=source)
    published = _pick(row, DATE_KEYS)
    return RawArticle(
        source=source, fmt=fmt, text=text, html=html if not text else None,
        title=_pick(row, TITLE_KEYS), url=_pick(row, URL_KEYS),
        published=parse_iso_date(published) if published else None,
        language=(_pick(row, LANG_KEYS) or None), site_name=_pick(row, SOURCE_KEYS),
        external_id=_pick(row, ("id", "article_id", "doc_id")),
        author=_pick(row, ("author", "byline")),
    )


def read_jsonl(text: str, source: str) -> Iterator[RawArticle | Failure]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(where, STAGE, "MalformedRecord", f"line {number} is not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(row, dict):
            yield Failure(where, STAGE, "MalformedRecord", f"line {number} is a JSON {type(row).__name__}, not an object")
            continue
        try:
            yield article_from_row(row, where, "jsonl")
        except InputError as exc:
            yield Failure(where, STAGE, type(exc).__name__, exc.message)


def read_csv(text: str, source: str) -> Iterator[RawArticle | Failure]:
    delimiter = "\t" if source.lower().endswith(".tsv") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    if not any(k in columns for k in TEXT_KEYS + ("html",)):
        yield Failure(source, STAGE, "MalformedRecord",
                      f"the CSV has no text column (expected one of: {', '.join(TEXT_KEYS)}); columns found: {', '.join(columns) or 'none'}")
        return
    try:
        for number, row in enumerate(reader, start=2):
            where = f"{source}:{number}"
            if None in row:
                yield Failure(where, STAGE, "MalformedRecord", f"row {number} has more fields than the header")
                continue
            try:
                yield article_from_row(row, where, "csv")
            except InputError as exc:
                yield Failure(where, STAGE, type(exc).__name__, exc.message)
    except csv.Error as exc:
        yield Failure(source, STAGE, "MalformedRecord", f"the CSV cannot be parsed: {exc}")


def read_feed(content: bytes | str, source: str, settings: Settings,
              fetcher: Fetcher | None) -> Iterator[RawArticle | Failure]:
    """RSS/Atom items: the item's own content when it is an article, else its link."""
    import feedparser

    parsed = feedparser.parse(content)
    if parsed.bozo and not parsed.entries:
        yield Failure(source, STAGE, "MalformedRecord", f"the feed cannot be parsed: {parsed.get('bozo_exception')}")
        return
    if not parsed.entries:
        yield Failure(source, STAGE, "EmptyInput", "the feed has no items")
        return
    for number, entry in enumerate(parsed.entries, start=1):
        if number > settings.feed_limit:
            yield Failure(source, STAGE, "InputTooLarge",
                          f"the feed has {len(parsed.entries)} items; only the first {settings.feed_limit} were read (--feed-limit)")
            return
        where = f"{source}#item{number}"
        body = ""
        if entry.get("content"):
            body = entry["content"][0].get("value", "")
        elif entry.get("summary"):
            body = entry.get("summary", "")
        published = None
        if entry.get("published_parsed") or entry.get("updated_parsed"):
            t = entry.get("published_parsed") or entry.get("updated_parsed")
            published = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
        link = entry.get("link")
        words = len(body.split())
        if words >= 80 or not link or fetcher is None:
            if not body.strip():
                yield Failure(where, STAGE, "EmptyInput", "the feed item has no content and no link")
                continue
            yield RawArticle(source=where, fmt="feed", html=f"<html><body><article>{body}</article></body></html>"
                             if "<" in body else None, text=None if "<" in body else body,
                             title=entry.get("title"), url=link, published=published,
                             external_id=entry.get("id"))
            continue
        try:
            yield from read_url(link, settings, fetcher, published=published, title=entry.get("title"))
        except InputError as exc:
            yield Failure(link, STAGE, type(exc).__name__, exc.message)


def read_url(url: str, settings: Settings, fetcher: Fetcher,
             published: str | None = None, title: str | None = None) -> Iterator[RawArticle | Failure]:
    result = fetcher.fetch(url)
    text, _encoding = decode_bytes(result.content, url)
    ctype = result.content_type.lower()
    if "xml" in ctype and looks_like_feed(text) or looks_like_feed(text):
        yield from read_feed(result.content, url, settings, fetcher)
        return
    if "html" in ctype or looks_like_html(text):
        yield RawArticle(source=url, fmt="url", html=text, url=result.url, published=published, title=title)
    else:
        yield RawArticle(source=url, fmt="url", text=text, url=result.url, published=published, title=title)


# -- files ---------------------------------------------------------------------
def read_file(path: Path, settings: Settings, fetcher: Fetcher | None = None) -> Iterator[RawArticle | Failure]:
    source = str(path)
    size = path.stat().st_size
    if size > settings.max_bytes:
        raise InputTooLarge(
            f"the file is {size / 2**20:.1f} MB, over the limit of {settings.max_bytes / 2**20:g} MB; split it or raise --max-mb",
            source=source)
    text, encoding = decode_bytes(path.read_bytes(), source)
    suffix = path.suffix.lower()
    meta = {"encoding": encoding} if encoding != "utf-8" else {}
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(text, source)
    elif suffix in CSV_SUFFIXES:
        yield from read_csv(text, source)
    elif suffix in FEED_SUFFIXES and looks_like_feed(text):
        yield from read_feed(text, source, settings, fetcher)
    elif suffix in HTML_SUFFIXES or looks_like_html(text):
        yield RawArticle(source=source, fmt="html", html=text, meta=meta)
    else:
        yield RawArticle(source=source, fmt="txt", text=text, meta=meta)


def expand(inputs: Iterable[str]) -> Iterator[str]:
    """Directories -> the files inside (recursive, sorted, known suffixes only)."""
    for item in inputs:
        if item.startswith(("http://", "https://")) or item == "-":
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in KNOWN_SUFFIXES and not child.name.startswith("."):
                    yield str(child)
        else:
            yield item


def read_inputs(inputs: Iterable[str], settings: Settings,
                fetcher: Fetcher | None = None) -> Iterator[RawArticle | Failure]:
    """Every article in the inputs, or a Failure naming the input and the problem."""
    fetcher = fetcher or HttpFetcher(settings)
    for item in expand(inputs):
        try:
            if item.startswith(("http://", "https://")):
                yield from read_url(item, settings, fetcher)
                continue
            path = Path(item)
            if not path.exists():
                raise InputError("no such file or directory", source=item)
            if not path.is_file():
                raise InputError("not a regular file", source=item)
            yield from read_file(path, settings, fetcher)
        except InputError as exc:
            yield Failure(exc.source or item, STAGE, type(exc).__name__, exc.message)
        except OSError as exc:
            yield Failure(item, STAGE, "InputError", f"cannot read: {exc.strerror or exc}")
