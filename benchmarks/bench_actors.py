"""Speed of the actor stage: knowledge base load time and `find` throughput.

    python benchmarks/bench_actors.py                 # a built-in mixed EN/FR text
    python benchmarks/bench_actors.py a.txt b.jsonl   # your own texts (JSONL: "text" field)

Prints the cold load time, the cached `default()` time, and words per second of
`find` on one core (cold: first pass, fold cache empty; warm: best of later passes).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from conflictmap.stages.actors import ActorBase

SENTENCES_EN = [
    "On Tuesday, unidentified gunmen attacked the village of Fakola, killing 12 civilians, residents said.",
    "Malian soldiers and Dozo hunters pushed the assailants back towards the forest near the Ivorian border.",
    "JNIM claimed the ambush on a convoy of the Burkinabe army between Djibo and Namsiguia.",
    "The Islamic State affiliate in the Sahel has stepped up attacks on herders around Menaka.",
    "French troops of Operation Barkhane left Gossi in April, handing the base to the FAMa.",
    "ECOWAS leaders met in Abuja to discuss sanctions against the junta in Niamey.",
    "Boko Haram fighters raided a camp for displaced people near Maiduguri overnight.",
    "The price of millet rose again in the markets of the region, traders complained.",
]
SENTENCES_FR = [
    "Jeudi, des hommes armés non identifiés ont attaqué le village, tuant sept civils.",
    "Les FAMa et les VDP ont repoussé une attaque des jihadistes de l'EIGS près de Ménaka.",
    "L'armée burkinabè affirme avoir neutralisé une vingtaine de terroristes dans la région du Sahel.",
    "Les Casques bleus de la MINUSMA ont quitté Tessalit, selon un communiqué.",
    "La saison des pluies a commencé tôt cette année dans le sud du pays, selon les agriculteurs.",
]


def corpus(paths: list[Path]) -> list[tuple[str, str]]:
    """(text, language) pairs: the files given, or the built-in text repeated."""
    if not paths:
        en = " ".join(SENTENCES_EN * 60)
        fr = " ".join(SENTENCES_FR * 90)
        return [(en, "en"), (fr, "fr")] * 5
    texts = []
    for path in paths:
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    texts.append((row.get("text") or "", row.get("language") or "en"))
        else:
            texts.append((path.read_text(encoding="utf-8"), "en"))
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    base = ActorBase.load()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    ActorBase.default()
    ActorBase.default()
    default_s = time.perf_counter() - started

    texts = corpus(args.paths)
    words = sum(len(t.split()) for t, _ in texts)
    timings = []
    mentions = 0
    for _ in range(args.rounds):
        started = time.perf_counter()
        mentions = sum(len(base.find(text, language)) for text, language in texts)
        timings.append(time.perf_counter() - started)
    print(f"actors: {sum(1 for _ in base.actors())} named, {len(base._surfaces)} surfaces")
    print(f"load: {load_s * 1000:.0f} ms (default(), loaded once then cached: {default_s * 1000:.0f} ms)")
    print(f"find: {words} words, {mentions} mentions per pass")
    print(f"find cold: {words / timings[0]:,.0f} words/s")
    print(f"find warm: {words / min(timings[1:] or timings):,.0f} words/s "
          f"(median {words / statistics.median(timings):,.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
