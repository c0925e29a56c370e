"""Apache Parquet (pyarrow): the event records (EVENT_RECORD_FIELDS) with typed columns.

Columns:
    article_id, event_id, kind, event_date, date_start, date_end, time_precision,
    event_type, sub_event_type, actor1 (string), assoc_actor_1 (list<string>),
    inter1 (int), actor2, assoc_actor_2 (list<string>), inter2 (int),
    civilian_targeting (bool), country, admin1, admin2, location, latitude (double),
    longitude (double), geo_precision (int), where_prec (int), geonameid (int),
    fatalities (int), fatalities_low (int), fatalities_high (int),
    evidence (list<struct<field, start, end, text>>), confidence (double), language

Dates are ISO strings (YYYY-MM-DD), as everywhere in ConflictMap.
"""

from __future__ import annotations

from typing import IO

from ..models import EVENT_RECORD_FIELDS
from ..store import EventQuery, Store
from ._common import events
from .jsonl import record

NAME = "parquet"
EXTENSION = "parquet"
MEDIA_TYPE = "application/vnd.apache.parquet"
COLUMNS: tuple[str, ...] = EVENT_RECORD_FIELDS
BATCH = 5000


def schema():  # type: ignore[no-untyped-def]
    import pyarrow as pa

    ints = {"inter1", "inter2", "geo_precision", "where_prec", "geonameid", "fatalities",
            "fatalities_low", "fatalities_high"}
    floats = {"latitude", "longitude", "confidence"}
    evidence = pa.list_(pa.struct([("field", pa.string()), ("start", pa.int64()),
                                   ("end", pa.int64()), ("text", pa.string())]))
    cols = []
    for name in EVENT_RECORD_FIELDS:
        if name in ints:
            t = pa.int64()
        elif name in floats:
            t = pa.float64()
        elif name in ("assoc_actor_1", "assoc_actor_2"):
            t = pa.list_(pa.string())
        elif name == "civilian_targeting":
            t = pa.bool_()
        elif name == "evidence":
            t = evidence
        else:
            t = pa.string()
        cols.append(pa.field(name, t))
    return pa.schema(cols)


def write(store: Store, out: IO[bytes], query: EventQuery, include_relations: bool = True) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sch = schema()
    n = 0
    with pq.ParquetWriter(out, sch) as writer:
        batch: list[dict] = []
        for event in events(store, query):
            batch.append(record(event))
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=sch))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=sch))
            n += len(batch)
    return n
