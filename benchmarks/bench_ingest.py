"""Ingest speed and memory on a corpus of 2,000+ articles, against spaCy alone.

    python benchmarks/bench_ingest.py --shared ../shared [--articles 2000] [--seed 7]

Builds a corpus from the public-domain stories in SHARED/corpora/*/*.jsonl (VOA,
White House statements, French Wikinews): each synthetic article joins 4-7 passages
of about three sentences drawn from stories of one language, so the corpus reaches
the count without two articles being near-copies. The texts are written to a
temporary JSONL file and never committed.

Then, with one loaded extractor (loading and warm-up are timed apart):
  1. spaCy alone: `nlp.pipe` over the cleaned texts with the same pipelines (run
     before and after the others; the faster run is the baseline);
  2. extraction only: `Extractor.extract_many` over the same documents;
  3. the real pipeline, `conflictmap.pipeline.ingest`, into a fresh SQLite file.
Reports articles/s, words/s, the ratios of (2) and (3) to (1) in wall time and in
CPU time (process_time: the CPU ratio holds up on a busy machine), and peak memory
(resource.getrusage). Prints a table and writes JSON to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from conflictmap.config import Settings  # noqa: E402
from conflictmap.models import Failure, RawArticle  # noqa: E402
from conflictmap.pipeline import Extractor, ingest, prepare  # noqa: E402
from conflictmap.stages.ingest import read_inputs  # noqa: E402
from conflictmap.store import open_store  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
SENTENCE_END = re.compile(r"(?<=[.!?»”\"])\s+(?=[A-ZÀ-Ý«“\"])")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


# -- the corpus --------------------------------------------------------------------------------
def load_stories(shared: Path) -> list[dict]:
    files = sorted((shared / "corpora").glob("*/*.jsonl"))
    if not files:
        raise SystemExit(f"no corpora under {shared / 'corpora'}: pass --shared DIR (the shared data directory)")
    stories = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row.get("text"):
                    row["language"] = row.get("language") or "en"
                    row["corpus"] = path.parent.name
                    stories.append(row)
    return stories


def passages(text: str, size: int = 3) -> list[str]:
    """Paragraphs, or groups of `size` sentences when a story is one long paragraph."""
    out = []
    for para in (p.strip() for p in text.split("\n") if p.strip()):
        sentences = SENTENCE_END.split(para)
        for i in range(0, len(sentences), size):
            chunk = " ".join(sentences[i:i + size]).strip()
            if len(chunk.split()) >= 12:
                out.append(chunk)
    return out


def build_corpus(stories: list[dict], count: int, seed: int, french_share: float = 0.25) -> list[dict]:
    rnd = random.Random(seed)
    pools: dict[str, list[tuple[dict, str]]] = {}
    for story in stories:
        pools.setdefault(story["language"], []).extend((story, p) for p in passages(story["text"]))
    languages = [lang for lang in ("en", "fr") if pools.get(lang)]
    articles = []
    for i in range(count):
        lang = "fr" if "fr" in languages and rnd.random() < french_share else languages[0]
        picked = rnd.sample(pools[lang], k=min(len(pools[lang]), rnd.randint(4, 7)))
        lead = picked[0][0]
        articles.append({
            "id": f"bench-{i:05d}",
            "title": f"{lead.get('title') or 'Report'} ({i})",
            "published": (lead.get("published") or "")[:10] or None,
            "source": lead["corpus"],
            "text": "\n\n".join(p for _, p in picked),
        })
    return articles


# -- the measurements ----------------------------------------------------------------------------
def measure(corpus_path: Path, db_path: Path, batch_size: int) -> dict:
    settings = Settings(db=str(db_path), batch_size=batch_size)
    out: dict = {"memory_mb": {}}

    started = time.perf_counter()
    docs = [prepare(item) for item in read_inputs([str(corpus_path)], settings) if isinstance(item, RawArticle)]
    out["prepare_s"] = time.perf_counter() - started
    words = sum(d.words for d in docs)
    by_lang: dict[str, list[str]] = {}
    for d in docs:
        by_lang.setdefault(d.language or "?", []).append(d.text)
    out.update(articles=len(docs), words=words, languages={k: len(v) for k, v in by_lang.items()})

    started = time.perf_counter()
    extractor = Extractor.default(settings)
    out["load_s"] = time.perf_counter() - started
    started = time.perf_counter()
    for lang in by_lang:
        if lang in ("en", "fr"):
            extractor.nlp.parse("Warm-up.", lang)
    extractor.extract(docs[0])
    out["warmup_s"] = time.perf_counter() - started
    out["memory_mb"]["after_load"] = peak_rss_mb()

    def spacy_alone() -> tuple[float, float]:
        """Wall and CPU seconds of nlp.pipe over the texts, as the extractor calls it."""
        started, cpu = time.perf_counter(), time.process_time()
        for lang, texts in by_lang.items():
            if lang in ("en", "fr"):
                for _ in extractor.nlp.pipe(texts, lang):
                    pass
        return time.perf_counter() - started, time.process_time() - cpu

    # 1. spaCy alone: the same texts through the same pipelines (entity ruler included);
    # run first and again last, and the faster run is the baseline (a first pass also
    # fills spaCy's string store, which favours whatever runs next)
    spacy_first = spacy_alone()
    out["memory_mb"]["after_spacy"] = peak_rss_mb()

    # 2. extraction only (nlp + actors + places + dates + events [+ relations])
    started, cpu = time.perf_counter(), time.process_time()
    events = failures = 0
    for result in extractor.extract_many(d for d in docs if d.language_supported):
        if isinstance(result, Failure):
            failures += 1
        else:
            events += sum(1 for e in result.events if e.kind == "event")
    out["extract_s"], out["extract_cpu_s"] = time.perf_counter() - started, time.process_time() - cpu
    out["extract_events"], out["extract_failures"] = events, failures
    out["memory_mb"]["after_extract"] = peak_rss_mb()

    # 3. the real pipeline into a fresh database
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    store = open_store(str(db_path))
    started, cpu = time.perf_counter(), time.process_time()
    report = ingest([str(corpus_path)], store, settings, extractor=extractor)
    out["ingest_s"], out["ingest_cpu_s"] = time.perf_counter() - started, time.process_time() - cpu
    out["ingest_report"] = report.as_dict()
    out["stored"] = store.summary()["articles"]
    store.close()
    spacy_last = spacy_alone()
    out["spacy_runs_s"] = [spacy_first[0], spacy_last[0]]
    out["spacy_runs_cpu_s"] = [spacy_first[1], spacy_last[1]]
    out["spacy_s"] = min(spacy_first[0], spacy_last[0])
    out["spacy_cpu_s"] = min(spacy_first[1], spacy_last[1])
    out["memory_mb"]["peak"] = peak_rss_mb()
    out["db_mb"] = db_path.stat().st_size / 2**20
    return out


def summarise(m: dict) -> dict:
    """Rates from wall time; ratios to spaCy from both wall and CPU time (the CPU
    ratio holds up on a machine shared with other work, the wall ratio does not)."""
    n, w = m["articles"], m["words"]
    rows = {}
    for name, key in (("spaCy alone (nlp.pipe)", "spacy"), ("extraction only", "extract"),
                      ("ingest pipeline", "ingest")):
        seconds, cpu = m[f"{key}_s"], m[f"{key}_cpu_s"]
        rows[name] = {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                      "articles_per_s": round(n / seconds, 2), "words_per_s": round(w / seconds),
                      "articles_per_cpu_s": round(n / cpu, 2),
                      "ratio_to_spacy": round(seconds / m["spacy_s"], 2),
                      "cpu_ratio_to_spacy": round(cpu / m["spacy_cpu_s"], 2)}
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, required=True, help="the shared data directory (holds corpora/)")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=Settings().batch_size)
    parser.add_argument("--db", type=Path, default=RESULTS / "bench_ingest.db")
    args = parser.parse_args(argv)

    stories = load_stories(args.shared)
    corpus = build_corpus(stories, args.articles, args.seed)
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cm-bench-") as tmp:
        corpus_path = Path(tmp) / "corpus.jsonl"
        with corpus_path.open("w", encoding="utf-8") as f:
            for article in corpus:
                f.write(json.dumps(article, ensure_ascii=False) + "\n")
        m = measure(corpus_path, args.db, args.batch_size)
    rows = summarise(m)

    print(f"\ningest benchmark: {m['articles']} articles, {m['words']:,} words "
          f"({', '.join(f'{k} {v}' for k, v in sorted(m['languages'].items()))}) from {len(stories)} stories")
    print(f"load {m['load_s']:.1f} s, warm-up {m['warmup_s']:.1f} s, clean+language {m['prepare_s']:.1f} s "
          "(not in the rates below)")
    print(f"{'':26}{'wall s':>9}{'CPU s':>9}{'articles/s':>12}{'words/s':>10}{'× spaCy wall':>14}{'× spaCy CPU':>13}")
    for name, r in rows.items():
        print(f"{name:26}{r['seconds']:>9.1f}{r['cpu_seconds']:>9.1f}{r['articles_per_s']:>12.2f}"
              f"{r['words_per_s']:>10,}{r['ratio_to_spacy']:>14.2f}{r['cpu_ratio_to_spacy']:>13.2f}")
    rep = m["ingest_report"]
    print(f"ingest: {rep['stored']} stored, {rep['duplicates']} near-duplicates, {rep['unsupported']} unsupported, "
          f"{rep['failures']} failures, {rep['events']} events; database {m['db_mb']:.1f} MB")
    print(f"spaCy alone runs: {', '.join(f'{s:.1f} s' for s in m['spacy_runs_s'])} wall, "
          f"{', '.join(f'{s:.1f} s' for s in m['spacy_runs_cpu_s'])} CPU (baseline: the faster); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"peak memory {m['memory_mb']['peak']:.0f} MB (after loading {m['memory_mb']['after_load']:.0f} MB)")

    result = {"benchmark": "ingest", "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": platform.platform(),
              "python": platform.python_version(), "cpus": os.cpu_count(),
              "load_avg_1m": os.getloadavg()[0], "args": {k: str(v) for k, v in vars(args).items()},
              "summary": rows, **m}
    path = RESULTS / f"bench_ingest-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
