"""Relations CSV: every actor relation stated in the articles (the relations table).

Columns:
    id              relation id
    article_id      the article that states it
    relation        affiliated_with | cooperates_with | rival_of | ...
    actor_a         first actor (canonical name)
    actor_b         second actor
    date_start      first day the relation is stated to hold (when the text dates it)
    date_end        last day
    time_precision  precision of the date range
    polarity        asserted | claimed | alleged | denied | questioned
    attribution     who states it, when the text attributes it
    amount          an amount (money, arms) when the relation is a transfer
    share           a share, when stated
    evidence        the supporting quotes, joined with ' | '
    confidence      0-1
    stage           the versioned stage that read it

The events filter does not apply to relations except `actor` (either side matches).
"""

from __future__ import annotations

import csv
from typing import IO

from ..store import EventQuery, Store
from ._common import evidence_text, text_stream

NAME = "relations-csv"
EXTENSION = "csv"
MEDIA_TYPE = "text/csv"
COLUMNS: tuple[str, ...] = (
    "id", "article_id", "relation", "actor_a", "actor_b", "date_start", "date_end",
    "time_precision", "polarity", "attribution", "amount", "share", "evidence", "confidence",
    "stage",
)


def write(store: Store, out: IO[bytes], query: EventQuery, include_relations: bool = True) -> int:
    stream = text_stream(out)
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    n = 0
    for rel in store.relations(actor=query.actor):
        writer.writerow({**{k: ("" if v is None else v) for k, v in rel.items()},
                         "evidence": evidence_text(rel.get("evidence"))})
        n += 1
    stream.detach()
    return n
