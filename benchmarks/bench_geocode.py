"""Speed and memory of the places stage (run by hand or `make bench`, never in tests).

    PYTHONPATH=src python benchmarks/bench_geocode.py [--repeat 3] [--no-ruler-cost]

Prints: gazetteer load time, admin boundaries load time, resident memory after loading,
places/s of find_places over the geocoding gold (without spaCy), and the cost of the
place patterns on spaCy (the entity ruler's time as a share of the rest of the pipeline).
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "places"


def rss_mb() -> float:
    """Peak resident memory of this process, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def texts() -> list[tuple[str, str]]:
    out = []
    for language in ("en", "fr"):
        for line in (GOLD / f"{language}.jsonl").read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            out.append((rec["text"], language))
    return out


def ruler_share(providers: list, corpus: list[tuple[str, str]], repeat: int) -> dict[str, tuple[float, float]]:
    """Per language: (words/s of the whole pipeline, entity ruler time / time of the rest).

    Each component is timed inside the same run, so the share is robust to other load
    on the machine (comparing two separate runs was not, on a shared 2-core box).
    """
    from conflictmap.stages.nlp import NLP

    nlp = NLP(providers=providers)
    result = {}
    for language in ("en", "fr"):
        docs = [t for t, lang in corpus if lang == language] * 3
        pipe = nlp.pipeline(language)
        list(pipe.pipe(docs[:8]))   # warm up
        best_share, best_speed = float("inf"), 0.0
        for _ in range(repeat):
            ruler = rest = 0.0
            for text in docs:
                doc = pipe.make_doc(text)
                for name, proc in pipe.pipeline:
                    start = time.perf_counter()
                    doc = proc(doc)
                    elapsed = time.perf_counter() - start
                    if name == "entity_ruler":
                        ruler += elapsed
                    else:
                        rest += elapsed
            best_share = min(best_share, ruler / rest)
            best_speed = max(best_speed, sum(len(d.split()) for d in docs) / (ruler + rest))
        result[language] = (best_speed, best_share)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-ruler-cost", action="store_true", help="skip the spaCy measurement")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from conflictmap.stages.admin import AdminAreas
    from conflictmap.stages.gazetteer import Gazetteer
    from conflictmap.stages.places import Geocoder

    base = rss_mb()
    start = time.perf_counter()
    gaz = Gazetteer.load()
    gaz_load = time.perf_counter() - start
    start = time.perf_counter()
    admin = AdminAreas.load()
    admin_load = time.perf_counter() - start
    geocoder = Geocoder(gaz, admin)
    size = (ROOT / "src/conflictmap/resources/gazetteer.sqlite").stat().st_size / 1e6
    print(f"gazetteer load     {gaz_load * 1000:8.1f} ms   ({size:.1f} MB on disk)")
    print(f"boundaries load    {admin_load * 1000:8.1f} ms")

    corpus = texts()
    n_places = 0
    start = time.perf_counter()
    for text, language in corpus:
        n_places += len(geocoder.find_places(text, language))
    cold = time.perf_counter() - start
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        for text, language in corpus:
            geocoder.find_places(text, language)
        best = min(best, time.perf_counter() - start)
    print(f"find_places        {n_places / cold:8.0f} places/s cold, {n_places / best:.0f} places/s warm "
          f"({len(corpus)} texts, {n_places} places)")
    gc.collect()
    print(f"peak memory        {rss_mb():8.1f} MB   (+{rss_mb() - base:.1f} MB for gazetteer, boundaries, caches)")

    if not args.no_ruler_cost:
        patterns = len(geocoder.ruler_patterns("en"))
        for language, (speed, share) in ruler_share([geocoder.ruler_patterns], corpus, args.repeat).items():
            print(f"spaCy {language}           {speed:8.0f} words/s with {patterns} place patterns; "
                  f"the entity ruler adds {100 * share:.1f}% to the rest of the pipeline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
