"""The one data model of ConflictMap.

Every pipeline stage takes and returns these types; spaCy objects never leave the
NLP stage. Shapes are layered by use:

    RawArticle   what ingest read (a file, a row, a URL, a feed item)
    Document     the cleaned article: body text that every offset indexes into
    Mention      a span of the body recognised as an actor, a place, a date, a number
    Evidence     the span of text that supports one field of one record
    Actor        an entry of the actor knowledge base
    Place        a resolved (or unresolved) place mention
    EventDate    a resolved date range with a precision
    Event        one coded statement (event, aggregate, background, campaign)
    Relation     a tie between two actors stated in the text
    Failure      why one input could not be processed

Dates are ISO strings (YYYY-MM-DD) in records so they serialise without surprise.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["event", "aggregate", "background", "campaign", "not_pv"]
TimePrecision = Literal["day", "week", "month", "season", "year", "unknown"]

KINDS: tuple[str, ...] = ("event", "aggregate", "background", "campaign", "not_pv")
TIME_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "season", "year", "unknown")

# The fields of one line of `conflictmap extract`, in order. A contract others depend
# on: tests snapshot it, and it only grows.
EVENT_RECORD_FIELDS: tuple[str, ...] = (
    "article_id", "event_id", "kind", "event_date", "date_start", "date_end",
    "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "inter1", "actor2", "assoc_actor_2", "inter2", "civilian_targeting", "country",
    "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
    "where_prec", "geonameid", "fatalities", "fatalities_low", "fatalities_high",
    "evidence", "confidence", "language",
)

RELATION_RECORD_FIELDS: tuple[str, ...] = (
    "article_id", "relation", "actor_a", "actor_b", "date_start", "date_end",
    "time_precision", "polarity", "attribution", "amount", "share", "evidence",
    "confidence",
)

PLACE_RECORD_FIELDS: tuple[str, ...] = (
    "text", "start", "end", "name", "geonameid", "latitude", "longitude", "country",
    "admin1", "admin2", "feature", "geo_precision", "where_prec", "source",
)


def normalise_text(text: str) -> str:
    """The form of a text that defines an article's identity: NFC, no case, one space."""
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def content_id(text: str) -> str:
    """Stable identity of an article: a hash of its normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


def fold(text: str) -> str:
    """Accent- and case-insensitive key for names: 'Tillabéri' -> 'tillaberi'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("’", "'").replace("‘", "'").replace("`", "'")
    stripped = re.sub(r"[-‐‑–—_]", " ", stripped)
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) of a Document's text."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")


@dataclass(frozen=True)
class Evidence:
    """The text supporting one field of a record, and the stage that read it."""

    field: str
    start: int
    end: int
    text: str
    stage: str = ""

    def as_record(self) -> dict[str, Any]:
        return {"field": self.field, "start": self.start, "end": self.end, "text": self.text}


@dataclass
class RawArticle:
    """One input as read, before cleaning."""

    source: str                    # path, URL, "file.jsonl:12"
    fmt: str                       # html | txt | jsonl | csv | url | feed
    text: str | None = None        # plain text, when the input is text
    html: str | None = None        # markup, when the input is a page
    title: str | None = None
    url: str | None = None
    published: str | None = None   # YYYY-MM-DD when known
    language: str | None = None
    author: str | None = None
    site_name: str | None = None
    external_id: str | None = None  # the id a user gave (jsonl/csv "id")
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Document:
    """A cleaned article. `text` is the body; every offset of every record indexes it."""

    id: str
    text: str
    source: str
    fmt: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    published_source: str = "unknown"   # metadata | flag | row | unknown
    language: str | None = None
    language_supported: bool = True
    author: str | None = None
    site_name: str | None = None
    external_id: str | None = None
    captions: list[str] = field(default_factory=list)
    dropped_lines: list[str] = field(default_factory=list)
    duplicate_of: str | None = None     # id of the article this is a near-copy of
    stages: dict[str, str] = field(default_factory=dict)  # what -> versioned stage

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Actor:
    """One entry of the actor knowledge base (ACLED naming and inter codes)."""

    id: str
    name: str                           # canonical, ACLED style
    inter: int                          # 1..8, ACLED actor type
    country: str | None = None          # country name, or None for international actors
    aliases: list[str] = field(default_factory=list)
    kind: str = "organisation"          # organisation | state_force | descriptive | ...
    parent: str | None = None           # canonical name of the parent actor
    affiliations: list[dict[str, Any]] = field(default_factory=list)
    active_from: str | None = None
    active_to: str | None = None
    note: str = ""


@dataclass
class Mention:
    """A span of the body recognised as something: an actor, a place, a date, a number."""

    label: str              # ACTOR | PLACE | DATE | NUMBER | ...
    start: int
    end: int
    text: str
    key: str | None = None  # canonical actor name, gazetteer id, ...
    sentence: int = -1
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Place:
    """A place mention, resolved or not. Unresolved places keep their text and a reason."""

    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None      # ISO 3166 alpha-2
    admin1: str | None = None
    admin2: str | None = None
    feature: str | None = None      # GeoNames feature class.code, e.g. P.PPLA
    geo_precision: int | None = None  # ACLED 1 (town) 2 (near/part of district) 3 (region)
    where_prec: int | None = None   # UCDP 1..7
    source: str = ""                # geonames | supplement | user | relative | ...
    reason: str | None = None       # why it is unresolved or imprecise
    population: int | None = None

    def as_record(self) -> dict[str, Any]:
        record = {name: getattr(self, name) for name in PLACE_RECORD_FIELDS}
        if self.reason:
            record["reason"] = self.reason
        return record


@dataclass
class EventDate:
    """A date as a range with a precision; unresolved dates have no bounds."""

    start: str | None = None
    end: str | None = None
    precision: str = "unknown"
    text: str = ""

    @property
    def event_date(self) -> str | None:
        """ACLED's single event_date: the start of the range when the range is known."""
        return self.start if self.precision != "unknown" else None


@dataclass
class Event:
    """One coded statement. Only kind == 'event' is a row of the dataset by default."""

    article_id: str
    event_id: str
    kind: str = "event"
    date: EventDate = field(default_factory=EventDate)
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    assoc_actor_1: list[str] = field(default_factory=list)
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: list[str] = field(default_factory=list)
    inter2: int | None = None
    civilian_targeting: bool = False
    country: str | None = None
    place: Place | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    language: str | None = None
    stage: str = ""             # the versioned stage that coded the event
    sentence: Span | None = None  # the statement the event was read from
    notes: list[str] = field(default_factory=list)

    def as_record(self) -> dict[str, Any]:
        """The JSON line of `conflictmap extract` (EVENT_RECORD_FIELDS, in order)."""
        place = self.place
        values: dict[str, Any] = {
            "article_id": self.article_id,
            "event_id": self.event_id,
            "kind": self.kind,
            "event_date": self.date.event_date,
            "date_start": self.date.start,
            "date_end": self.date.end,
            # the contract's precisions are day|week|month|year|unknown: a season ("late last
            # year", four months) is written as month precision over its four-month range
            "time_precision": "month" if self.date.precision == "season" else self.date.precision,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1,
            "assoc_actor_1": list(self.assoc_actor_1),
            "inter1": self.inter1,
            "actor2": self.actor2,
            "assoc_actor_2": list(self.assoc_actor_2),
            "inter2": self.inter2,
            "civilian_targeting": self.civilian_targeting,
            "country": self.country,
            "admin1": place.admin1 if place else None,
            "admin2": place.admin2 if place else None,
            "location": (place.name or place.text) if place else None,
            "latitude": place.latitude if place else None,
            "longitude": place.longitude if place else None,
            "geo_precision": place.geo_precision if place else None,
            "where_prec": place.where_prec if place else None,
            "geonameid": place.geonameid if place else None,
            "fatalities": self.fatalities,
            "fatalities_low": self.fatalities_low,
            "fatalities_high": self.fatalities_high,
            "evidence": [e.as_record() for e in self.evidence],
            "confidence": round(self.confidence, 3),
            "language": self.language,
        }
        return {name: values[name] for name in EVENT_RECORD_FIELDS}


@dataclass
class Relation:
    """A tie between two actors stated in an article."""

    article_id: str
    relation: str               # affiliated_with | cooperates_with | rival_of | ...
    actor_a: str
    actor_b: str
    date: EventDate = field(default_factory=EventDate)
    polarity: str = "asserted"  # asserted | claimed | alleged | denied | questioned
    attribution: str | None = None
    amount: str | None = None
    share: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    stage: str = ""

    def as_record(self) -> dict[str, Any]:
        values = {
            "article_id": self.article_id,
            "relation": self.relation,
            "actor_a": self.actor_a,
            "actor_b": self.actor_b,
            "date_start": self.date.start,
            "date_end": self.date.end,
            "time_precision": "month" if self.date.precision == "season" else self.date.precision,
            "polarity": self.polarity,
            "attribution": self.attribution,
            "amount": self.amount,
            "share": self.share,
            "evidence": [e.as_record() for e in self.evidence],
            "confidence": round(self.confidence, 3),
        }
        return {name: values[name] for name in RELATION_RECORD_FIELDS}


@dataclass
class Failure:
    """One input that could not be processed, and why (shown by `conflictmap status`)."""

    source: str
    stage: str
    error: str
    message: str


@dataclass
class Extraction:
    """What the pipeline produced for one document."""

    document: Document
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


def to_plain(obj: Any) -> Any:
    """Dataclass -> JSON-ready plain data (for stores and tests)."""
    return asdict(obj)
