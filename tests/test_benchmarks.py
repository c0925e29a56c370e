"""The benchmark runner and the ingest benchmark's corpus builder (the benchmarks
themselves run with `make bench`, never in `make test`)."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

from conflictmap.stages import dedup

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WORDS = ("army village market road convoy trader farmer herder cattle millet harvest river bridge school clinic "
         "mayor governor council radio ministry province district border forest well fuel truck night morning "
         "patrol mission aid agency report witness officer police militia hunter elder chief youth").split()


def fake_shared(tmp_path: Path, stories: int = 40) -> Path:
    rnd = random.Random(3)
    for corpus, lang in (("en_wire", "en"), ("fr_wire", "fr")):
        folder = tmp_path / "corpora" / corpus
        folder.mkdir(parents=True)
        with (folder / "stories.jsonl").open("w", encoding="utf-8") as f:
            for i in range(stories):
                sentences = [" ".join(rnd.choice(WORDS) for _ in range(15)).capitalize() + "." for _ in range(30)]
                f.write(json.dumps({"id": f"{corpus}-{i}", "title": f"Story {i}", "published": "2020-01-02",
                                    **({"language": lang} if lang == "fr" else {}), "text": " ".join(sentences)}) + "\n")
    return tmp_path


def test_corpus_reaches_the_count_without_near_copies(tmp_path):
    bench = _load("bench_ingest")
    stories = bench.load_stories(fake_shared(tmp_path))
    corpus = bench.build_corpus(stories, 200, seed=7)
    assert len(corpus) == 200 and len({a["id"] for a in corpus}) == 200
    index = dedup.NearDuplicateIndex(0.8)
    copies = 0
    for article in corpus:
        mh = dedup.signature(article["text"])
        copies += index.match(mh) is not None
        index.add(article["id"], mh)
    assert copies == 0
    assert all(4 <= len(a["text"].split("\n\n")) <= 7 for a in corpus)


def test_runner_finds_benchmarks_and_which_take_shared():
    run = _load("run")
    names = [p.stem for p in run.discover()]
    assert "bench_ingest" in names
    assert run.accepts_shared(ROOT / "benchmarks" / "bench_ingest.py")
    assert run._requires_shared(ROOT / "benchmarks" / "bench_ingest.py")
    assert run.discover(["ingest"]) == [ROOT / "benchmarks" / "bench_ingest.py"]
