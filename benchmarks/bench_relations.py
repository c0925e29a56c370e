"""What relation extraction adds to extraction time.

    python benchmarks/bench_relations.py ../shared/corpora/voa/voa_stories.jsonl
    python benchmarks/bench_relations.py stories.jsonl --limit 40 --show

Reads JSON lines with a "text" field (and "published", "language" when present),
cleans them as `conflictmap extract` does, then times, on the same documents:

* the extraction without relations (NLP parse, actors, places, dates, events);
* the relation stage alone, given the same parses and mentions;

and prints the overhead: relation time / extraction time. The target is at most
15%. `--show` also prints every relation found, with its evidence, for reading.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from conflictmap.contract import parse_line, to_document
from conflictmap.pipeline import Extractor
from conflictmap.stages.dates import find_dates
from conflictmap.stages.nlp import SUPPORTED_LANGUAGES
from conflictmap.stages.relations import RelationExtractor


def read_documents(path: Path, limit: int | None) -> list:
    docs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("published"):
            row["published"] = str(row["published"])[:10]
        doc = to_document(parse_line(json.dumps({k: row.get(k) for k in ("id", "text", "published", "language")
                                                 if row.get(k) is not None}), number, str(path)))
        if doc.language in SUPPORTED_LANGUAGES:
            docs.append(doc)
        if limit and len(docs) >= limit:
            break
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="JSONL file of stories (e.g. the VOA corpus)")
    parser.add_argument("--limit", type=int, default=None, help="Only the first N stories.")
    parser.add_argument("--show", action="store_true", help="Print the relations found.")
    args = parser.parse_args(argv)

    docs = read_documents(args.corpus, args.limit)
    words = sum(d.words for d in docs)
    extractor = Extractor.default(with_relations=False)
    relations = RelationExtractor(extractor.actors)
    extractor.extract(docs[0])      # load the models before timing

    parsed = {doc.id: extractor.nlp.parse(doc.text, doc.language) for doc in docs}

    started = time.perf_counter()
    extractions = list(extractor.extract_many(docs))
    base_seconds = time.perf_counter() - started

    inputs = []
    for doc in docs:
        mentions = extractor.actors.find(doc.text, doc.language or "en")
        inputs.append((doc, parsed[doc.id], mentions, find_dates(doc.text, doc.language or "en", doc.published)))
    found = []
    started = time.perf_counter()
    for doc, p, mentions, dates in inputs:
        found.append(relations.extract(doc, p, mentions, dates))
    relation_seconds = time.perf_counter() - started

    count = sum(len(r) for r in found)
    print(f"documents: {len(docs)}  words: {words}  relations: {count}  "
          f"(events: {sum(len(getattr(e, 'events', [])) for e in extractions)})")
    print(f"extraction without relations: {base_seconds:.2f} s")
    print(f"relation stage alone:         {relation_seconds:.3f} s  ({1000 * relation_seconds / len(docs):.1f} ms "
          f"per document)")
    print(f"overhead: {100 * relation_seconds / base_seconds:.1f}% of extraction time (target: at most 15%)")
    if args.show:
        for doc, rels in zip(docs, found, strict=True):
            for r in rels:
                ev = next((e.text for e in r.evidence if e.field == "relation"), "")
                print(json.dumps({"article": doc.external_id or doc.id, "relation": r.relation, "a": r.actor_a,
                                  "b": r.actor_b, "polarity": r.polarity, "attribution": r.attribution,
                                  "date": r.date.start, "amount": r.amount, "share": r.share, "evidence": ev},
                                 ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
