"""API and explorer speed on 100,000 synthetic events (SQLite).

    python benchmarks/bench_api.py [--events 100000] [--repeat 30] [--db PATH] [--no-browser]

Builds (or reuses) a SQLite store of synthetic events spread over Sahel countries,
admin1 units, six years, every event type and ~60 actors; starts the API on a free
loopback port; measures p50/p95 latency of typical filtered /api/events queries
and /api/stats (cold: every call a different window, so no cache hit; warm: the
same call again), and the time to first render of the map page in headless
Chromium. Prints a table and writes JSON to benchmarks/results/.
Targets: p95 < 150 ms per query; first render < 2 s.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from conflictmap.store import open_store  # noqa: E402
from conflictmap.store.schema import articles, events, now  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
CHROMIUM = Path("/usr/bin/chromium")

# country -> (weight, {admin1: (lat, lon)})
GEO = {
    "Mali": (30, {"Mopti": (14.5, -4.2), "Gao": (16.3, 0.0), "Tombouctou": (16.8, -3.0), "Segou": (13.4, -6.3),
                  "Kidal": (18.4, 1.4), "Koulikouro": (13.9, -7.5), "Sikasso": (11.3, -5.7), "Kayes": (14.4, -11.4)}),
    "Burkina Faso": (30, {"Sahel": (14.0, -0.5), "Nord": (13.6, -2.3), "Est": (12.0, 0.8), "Centre-Nord": (13.3, -1.1),
                          "Boucle du Mouhoun": (12.5, -3.5), "Centre-Est": (11.8, -0.4), "Hauts-Bassins": (11.2, -4.3)}),
    "Niger": (20, {"Tillabéri": (14.2, 1.5), "Tahoua": (15.5, 5.3), "Diffa": (13.3, 12.6), "Maradi": (13.5, 7.1),
                   "Dosso": (13.0, 3.2), "Agadez": (17.0, 8.0), "Niamey": (13.5, 2.1)}),
    "Nigeria": (15, {"Borno": (11.8, 13.1), "Yobe": (12.2, 11.5), "Zamfara": (12.1, 6.2), "Katsina": (12.5, 7.6),
                     "Sokoto": (13.0, 5.2)}),
    "Chad": (3, {"Lac": (13.5, 14.5)}),
    "Benin": (2, {"Alibori": (11.3, 2.8)}),
}
TYPES = [  # (weight, event_type, sub_event_type, actor1 kind, actor2 kind)
    (22, "Battles", "Armed clash", "group", "state"),
    (8, "Battles", "Armed clash", "group", "group"),
    (4, "Battles", "Government regains territory", "state", "group"),
    (24, "Violence against civilians", "Attack", "group", "civilians"),
    (6, "Violence against civilians", "Abduction/forced disappearance", "group", "civilians"),
    (9, "Explosions/Remote violence", "Remote explosive/landmine/IED", "group", "state"),
    (5, "Explosions/Remote violence", "Air/drone strike", "state", "group"),
    (8, "Protests", "Peaceful protest", "protesters", None),
    (4, "Riots", "Violent demonstration", "rioters", None),
    (10, "Strategic developments", "Looting/property destruction", "group", None),
]
GROUPS = ["JNIM: Group for Support of Islam and Muslims", "Islamic State (Sahel)", "Katiba Macina",
          "Ansaroul Islam", "Islamic State (West Africa)", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
          "Dan Na Ambassagou", "Koglweogo Militia", "VDP: Volunteers for the Defense of the Homeland",
          "GATIA: Imghad Tuareg and Allies Self-Defense Group", "MSA: Movement for the Salvation of Azawad",
          "CMA: Coordination of Azawad Movements", "Wagner Group"]
WORDS = ["ambush", "convoy", "village", "market", "checkpoint", "gunmen", "motorbikes", "mine", "patrol",
         "camp", "mosque", "school", "cattle", "road", "river", "gold", "mine site", "displaced"]


def _actor(kind: str | None, country: str, rnd: random.Random) -> tuple[str | None, int | None]:
    if kind is None:
        return None, None
    if kind == "state":
        return f"Military Forces of {country}", 1
    if kind == "civilians":
        return f"Civilians ({country})", 7
    if kind == "protesters":
        return f"Protesters ({country})", 6
    if kind == "rioters":
        return f"Rioters ({country})", 5
    if rnd.random() < 0.2:
        return f"Unidentified Armed Group ({country})", 3
    return rnd.choice(GROUPS), 2


def build_db(path: Path, n_events: int, seed: int = 7) -> None:
    """Bulk-load synthetic articles and events straight into the store's tables."""
    rnd = random.Random(seed)
    store = open_store(str(path))
    countries = list(GEO)
    cweights = [GEO[c][0] for c in countries]
    tweights = [t[0] for t in TYPES]
    start = date(2018, 1, 1)
    days = (date(2023, 12, 31) - start).days
    created = now()
    per_article = 4
    with store.engine.begin() as conn:
        art_rows, ev_rows, fts_rows, afts_rows = [], [], [], []
        for i in range(n_events):
            if i % per_article == 0:
                aid = f"a{i // per_article:015d}"
                pub = start + timedelta(days=int(days * (rnd.random() ** 0.6)))
                body = " ".join(rnd.choice(WORDS) if rnd.random() < 0.01 else f"w{rnd.randint(0, 3000)}"
                                for _ in range(80))
                art_rows.append({"id": aid, "source": f"bench:{aid}", "fmt": "txt", "title": f"Report {aid}",
                                 "url": f"https://news.example.org/{aid}", "published": pub.isoformat(),
                                 "published_source": "metadata", "language": rnd.choice(["en", "fr"]),
                                 "language_supported": True, "site_name": "Example News", "text": body,
                                 "captions": [], "dropped_lines": [], "words": 60, "status": "done",
                                 "stages": {}, "ingested_at": created})
                afts_rows.append({"a": aid, "b": body})
            country = rnd.choices(countries, cweights)[0]
            admin1 = rnd.choice(list(GEO[country][1]))
            lat0, lon0 = GEO[country][1][admin1]
            _w, etype, sub, k1, k2 = rnd.choices(TYPES, tweights)[0]
            a1, i1 = _actor(k1, country, rnd)
            a2, i2 = _actor(k2, country, rnd)
            day = (pub - timedelta(days=rnd.randint(0, 3))).isoformat()
            deaths = int(rnd.expovariate(1 / 6)) if etype in ("Battles", "Violence against civilians", "Explosions/Remote violence") else 0
            quote = f"{a1} {rnd.choice(WORDS)} near {admin1}, {deaths} killed"
            ev_id = f"e{i:015d}"
            ev_rows.append({
                "event_id": ev_id, "article_id": aid, "kind": "event", "event_date": day, "date_start": day,
                "date_end": day, "time_precision": "day", "event_type": etype, "sub_event_type": sub,
                "actor1": a1, "assoc_actor_1": [rnd.choice(GROUPS)] if rnd.random() < 0.1 else [], "inter1": i1,
                "actor2": a2, "assoc_actor_2": [], "inter2": i2, "civilian_targeting": k2 == "civilians",
                "country": country, "admin1": admin1, "admin2": f"{admin1} district {rnd.randint(1, 6)}",
                "location": f"Village {rnd.randint(1, 400)}", "latitude": round(lat0 + rnd.gauss(0, 0.6), 4),
                "longitude": round(lon0 + rnd.gauss(0, 0.6), 4), "geo_precision": rnd.choice([1, 1, 2, 3]),
                "where_prec": 1, "geonameid": None, "fatalities": deaths, "fatalities_low": None,
                "fatalities_high": None, "evidence": [{"field": "event_type", "start": 0, "end": len(quote), "text": quote, "stage": "bench"}],
                "evidence_text": quote, "confidence": 0.8, "language": "en", "stage": "bench",
                "sentence_start": None, "sentence_end": None, "status": "active", "merged_into": None,
                "created_at": created})
            fts_rows.append({"e": ev_id, "b": quote})
            if len(ev_rows) >= 5000:
                _flush(conn, art_rows, ev_rows, fts_rows, afts_rows)
        _flush(conn, art_rows, ev_rows, fts_rows, afts_rows)
        conn.execute(text("ANALYZE"))
    store.close()


def _flush(conn, art_rows, ev_rows, fts_rows, afts_rows) -> None:  # type: ignore[no-untyped-def]
    if art_rows:
        conn.execute(insert(articles), art_rows)
        conn.execute(text("INSERT INTO articles_fts (article_id, body) VALUES (:a, :b)"), afts_rows)
    if ev_rows:
        conn.execute(insert(events), ev_rows)
        conn.execute(text("INSERT INTO events_fts (event_id, body) VALUES (:e, :b)"), fts_rows)
    for rows in (art_rows, ev_rows, fts_rows, afts_rows):
        rows.clear()


def _window(rnd: random.Random, days: int) -> dict[str, str]:
    first = date(2018, 1, 1) + timedelta(days=rnd.randint(0, 2190 - days))
    return {"date_from": first.isoformat(), "date_to": (first + timedelta(days=days)).isoformat()}


def scenarios(rnd: random.Random) -> dict[str, callable]:  # type: ignore[valid-type]
    return {
        "events: no filter (newest 100)": lambda: ("/api/events", {"limit": 100}),
        "events: country + 1-year window": lambda: ("/api/events", {"country": rnd.choice(["Mali", "Niger", "Burkina Faso"]), **_window(rnd, 365)}),
        "events: admin1 + event type": lambda: ("/api/events", {"admin1": rnd.choice(["Mopti", "Sahel", "Tillabéri", "Borno"]), "event_type": "Battles"}),
        "events: actor substring": lambda: ("/api/events", {"actor": rnd.choice(["jnim", "islamic state", "wagner", "katiba"])}),
        "events: bbox + min fatalities": lambda: ("/api/events", {"bbox": "-6,12,2,17", "min_fatalities": rnd.randint(3, 20)}),
        "events: full text + country": lambda: ("/api/events", {"q": rnd.choice(WORDS), "country": "Mali"}),
        "events: type + 90 days, by fatalities": lambda: ("/api/events", {"event_type": "Violence against civilians", "sort": "-fatalities", **_window(rnd, 90)}),
        "stats: window (cold)": lambda: ("/api/stats", _window(rnd, rnd.randint(30, 900))),
        "stats: country + window (cold)": lambda: ("/api/stats", {"country": rnd.choice(["Mali", "Niger", "Burkina Faso"]), **_window(rnd, rnd.randint(30, 900))}),
        "stats: everything (warm)": lambda: ("/api/stats", {}),
        "map points: country + window (cold)": lambda: ("/api/events/points", {"country": "Mali", "limit": 5000, **_window(rnd, rnd.randint(60, 900))}),
    }


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def measure(url: str, repeat: int, seed: int = 11) -> dict[str, dict[str, float]]:
    rnd = random.Random(seed)
    out = {}
    with httpx.Client(base_url=url, timeout=60) as client:
        deadline = time.monotonic() + 120     # let the server's cache warm-up finish first
        while not client.get("/api/health").json().get("warm") and time.monotonic() < deadline:
            time.sleep(0.2)
        for name, make in scenarios(rnd).items():
            times, totals = [], []
            for _ in range(repeat):
                path, params = make()
                t0 = time.perf_counter()
                r = client.get(path, params=params)
                times.append((time.perf_counter() - t0) * 1000)
                r.raise_for_status()
                body = r.json()
                totals.append(body.get("total", {}).get("events") if path == "/api/stats" else body.get("total"))
            out[name] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(pct(times, 0.95), 1),
                         "max_ms": round(max(times), 1), "mean_total": round(statistics.mean(t or 0 for t in totals))}
    return out


def first_render(url: str, runs: int = 3) -> dict[str, float] | None:
    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=flags)
        for _ in range(runs):
            ctx = browser.new_context(viewport={"width": 1500, "height": 900})
            page = ctx.new_page()
            t0 = time.perf_counter()
            page.goto(url + "/")
            page.wait_for_selector("body[data-ready='1']", timeout=60_000)
            times.append((time.perf_counter() - t0) * 1000)
            markers = page.get_attribute("#map-status", "data-count")
            ctx.close()
        browser.close()
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
            "runs": runs, "markers": int(markers or 0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", type=Path, default=RESULTS / "bench.db")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.rebuild and args.db.exists():
        args.db.unlink()
    if not args.db.exists():
        t0 = time.perf_counter()
        build_db(args.db, args.events)
        print(f"built {args.db} with {args.events:,} events in {time.perf_counter() - t0:.1f} s")
    open_store(str(args.db)).close()      # apply any new migration (indexes) to an old DB

    from explorer_fixtures import LiveServer

    with LiveServer(str(args.db)) as server:
        results = measure(server.url, args.repeat)
        render = None if args.no_browser else first_render(server.url)
    width = max(len(k) for k in results)
    print(f"\n{'query':<{width}}  {'p50 ms':>8}  {'p95 ms':>8}  {'max ms':>8}  {'rows':>8}")
    for name, r in results.items():
        flag = "" if r["p95_ms"] < 150 else "  (over 150 ms)"
        print(f"{name:<{width}}  {r['p50_ms']:>8}  {r['p95_ms']:>8}  {r['max_ms']:>8}  {r['mean_total']:>8}{flag}")
    if render:
        print(f"\nmap page, time to first render: median {render['median_ms']} ms, max {render['max_ms']} ms "
              f"({render['markers']} markers)")
    report = {"events": args.events, "repeat": args.repeat, "machine": platform.platform(),
              "python": platform.python_version(), "queries": results, "first_render": render,
              "at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    out = RESULTS / f"bench_api_{time.strftime('%Y%m%d_%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
