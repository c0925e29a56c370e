"""One exception tree for ConflictMap. Messages name the input and the fix.

    ConflictMapError
    ├── InputError            an input cannot be read (file, row, URL, feed)
    │   ├── EmptyInput
    │   ├── BinaryInput
    │   ├── InputTooLarge
    │   ├── MalformedRecord   a JSONL/CSV row that is not an article
    │   └── FetchError        a URL or feed could not be fetched
    │       └── PrivateAddress
    ├── ExtractionError       a stage failed on one document
    ├── ResourceError         package data (actors, gazetteer, boundaries) missing or invalid
    ├── StoreError            the database cannot be opened or written
    │   ├── StoreReadOnly
    │   └── StoreLocked
    ├── ConfigError           a setting or flag has a bad value
    └── GoldError             an evaluation gold file is malformed

Per-article errors are recorded as models.Failure and never stop a batch; only
StoreError and ConfigError stop a run, because nothing could be stored anyway.
"""

from __future__ import annotations


class ConflictMapError(Exception):
    """Base of every error ConflictMap raises on purpose."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)
        self.message = message


class InputError(ConflictMapError):
    """An input cannot be read as an article."""


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class InputTooLarge(InputError):
    pass


class MalformedRecord(InputError):
    pass


class FetchError(InputError):
    pass


class PrivateAddress(FetchError):
    pass


class ExtractionError(ConflictMapError):
    pass


class ResourceError(ConflictMapError):
    pass


class StoreError(ConflictMapError):
    pass


class StoreReadOnly(StoreError):
    pass


class StoreLocked(StoreError):
    pass


class ConfigError(ConflictMapError):
    pass


class GoldError(ConflictMapError):
    pass
