"""Exports: one module per format, one registry, one entry point.

    export(store, "acled-csv", "events.csv", EventQuery(country="Mali"))
    export(store, "graphml", stream)            # any binary stream

Each format module has NAME, EXTENSION, MEDIA_TYPE, COLUMNS (documented in its
docstring and in docs/exports.md) and write(store, binary_stream, query,
include_relations) -> rows written.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import IO

from ..errors import ConfigError
from ..store import EventQuery, Store
from . import acled_csv, geojson, gexf, graphml, jsonl, parquet, relations_csv, ucdp_csv

FORMATS: dict[str, ModuleType] = {
    m.NAME: m for m in (acled_csv, ucdp_csv, geojson, graphml, gexf, parquet, jsonl, relations_csv)
}

__all__ = ["FORMATS", "export", "format_module"]


def format_module(fmt: str) -> ModuleType:
    """The module of a format, by name ('acled-csv' or 'acled_csv')."""
    module = FORMATS.get(fmt.replace("_", "-").lower())
    if module is None:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return module


def export(store: Store, fmt: str, out: str | Path | IO[bytes], query: EventQuery | None = None,
           include_relations: bool = True) -> int:
    """Write the events matching `query` in format `fmt` to a path or a binary stream."""
    module = format_module(fmt)
    query = query or EventQuery()
    if isinstance(out, (str, Path)):
        with open(out, "wb") as stream:
            return int(module.write(store, stream, query, include_relations))
    return int(module.write(store, out, query, include_relations))
