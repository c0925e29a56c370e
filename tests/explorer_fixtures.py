"""Shared fixtures of the explorer tests: builders, a small database, a live server.

`build_db(path)` is the one function that fills the test database. It uses the
builders below today; it can be replaced by a run of the real pipeline over the
demo corpus without touching the tests, which read every expected number back
from the store (`expected_events(path)`), never from constants.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conflictmap.models import Document, Event, EventDate, Evidence, Extraction, Place, Relation
from conflictmap.store import EventQuery, open_store

XSS_TITLE = "Attack near Djibo <img src=x onerror=\"window.__xss=1\">"
XSS_TEXT = (
    "Gunmen attacked the market of Djibo on Monday, killing 4 civilians. "
    "<script>window.__xss = 1</script> Witnesses said <img src=x onerror=\"window.__xss=2\"> "
    "the assailants fled towards the border."
)

# (country, admin1, admin2, location, lat, lon)
PLACES = [
    ("Mali", "Mopti", "Bandiagara", "Bandiagara", 14.35, -3.61),
    ("Mali", "Mopti", "Djenne", "Djenné", 13.90, -4.55),
    ("Mali", "Gao", "Ansongo", "Ansongo", 15.66, 0.50),
    ("Mali", "Tombouctou", "Niafunke", "Niafunké", 15.93, -3.99),
    ("Burkina Faso", "Sahel", "Soum", "Djibo", 14.10, -1.63),
    ("Burkina Faso", "Est", "Gourma", "Fada N'Gourma", 12.06, 0.36),
    ("Burkina Faso", "Centre-Nord", "Sanmatenga", "Kaya", 13.09, -1.08),
    ("Niger", "Tillabéri", "Ouallam", "Ouallam", 14.32, 2.09),
    ("Niger", "Tahoua", "Tillia", "Tillia", 16.14, 5.29),
]
TYPES = [
    ("Battles", "Armed clash", "JNIM: Group for Support of Islam and Muslims", 2, "Military Forces of {c}", 1),
    ("Violence against civilians", "Attack", "Islamic State (Sahel)", 2, "Civilians ({c})", 7),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "JNIM: Group for Support of Islam and Muslims", 2, "Military Forces of {c}", 1),
    ("Battles", "Armed clash", "Islamic State (Sahel)", 2, "JNIM: Group for Support of Islam and Muslims", 2),
    ("Protests", "Peaceful protest", "Protesters ({c})", 6, None, None),
    ("Strategic developments", "Looting/property destruction", "Unidentified Armed Group ({c})", 3, None, None),
]


def make_document(doc_id: str = "a0000000000000001", text: str = "Gunmen attacked a village.",
                  **kw: Any) -> Document:
    defaults: dict[str, Any] = dict(source=f"fixture:{doc_id}", fmt="txt", title=f"Report {doc_id}",
                                    url=f"https://news.example.org/{doc_id}", published="2021-03-01",
                                    language="en", site_name="Example News")
    defaults.update(kw)
    return Document(id=doc_id, text=text, **defaults)


def make_event(article_id: str = "a0000000000000001", event_id: str = "e0000000000000001",
               text: str = "Gunmen attacked a village.", start: int = 0, end: int | None = None,
               day: str = "2021-03-01", place: tuple | None = None, **kw: Any) -> Event:
    """An event with sensible defaults; every field can be overridden."""
    country, a1, a2, loc, lat, lon = place or PLACES[0]
    end = len(text) if end is None else end
    ev = Event(
        article_id=article_id, event_id=event_id, kind="event",
        date=EventDate(start=day, end=day, precision="day", text="on Monday"),
        event_type="Violence against civilians", sub_event_type="Attack",
        actor1="Unidentified Armed Group (Mali)", inter1=3, actor2="Civilians (Mali)", inter2=7,
        civilian_targeting=True, country=country,
        place=Place(text=loc, start=0, end=0, name=loc, latitude=lat, longitude=lon,
                    country=country[:2].upper(), admin1=a1, admin2=a2, geo_precision=1,
                    where_prec=1, source="fixture"),
        fatalities=0, evidence=[Evidence("event_type", start, end, text[start:end], "events.rules.v1")],
        confidence=0.8, language="en", stage="events.rules.v1",
    )
    for key, value in kw.items():
        setattr(ev, key, value)
    return ev


def fixture_extractions() -> list[Extraction]:
    """About 40 events in 20 articles over Mali, Burkina Faso and Niger, Jan-Jun 2021,
    then the hostile article (hostile_extraction)."""
    out: list[Extraction] = []
    n_event = 0
    for i in range(20):
        doc_id = f"a{i:016d}"
        place = PLACES[i % len(PLACES)]
        country = place[0]
        sentences, evs = [], []
        offset = 0
        published = f"2021-{1 + (i * 5) // 20:02d}-{1 + (i * 7) % 27:02d}"
        for j in range(1 + i % 3):
            etype, sub, a1, i1, a2, i2 = TYPES[(i + j) % len(TYPES)]
            a1, a2 = a1.format(c=country), (a2.format(c=country) if a2 else None)
            deaths = (i * 3 + j * 5) % 13
            s = (f"On {published}, {a1} clashed with {a2 or 'nobody'} near {place[3]}, "
                 f"leaving {deaths} dead. ")
            sentences.append(s)
            ev_start = offset + s.index(a1)
            ev_end = offset + len(s) - 2
            n_event += 1
            text_so_far = "".join(sentences)
            ev = make_event(doc_id, f"e{n_event:016d}", text_so_far, ev_start, ev_end, day=published,
                            place=place, event_type=etype, sub_event_type=sub, actor1=a1, inter1=i1,
                            actor2=a2, inter2=i2, civilian_targeting=(i2 == 7), fatalities=deaths)
            loc_start = offset + s.index(place[3])
            ev.evidence.append(Evidence("location", loc_start, loc_start + len(place[3]), place[3],
                                        "places.gazetteer.v1"))
            if j == 1:
                ev.assoc_actor_1 = ["Katiba Macina"]
            ev.sentence = None
            evs.append(ev)
            offset += len(s)
        text = "".join(sentences).strip()
        doc = make_document(doc_id, text, published=published, title=f"Violence near {place[3]}")
        rels = []
        if i % 4 == 0:
            rels.append(Relation(doc_id, "affiliated_with", "Katiba Macina",
                                 "JNIM: Group for Support of Islam and Muslims",
                                 date=EventDate(published, published, "day"),
                                 evidence=[Evidence("relation", 0, 10, text[:10])], stage="relations.v1"))
        if i % 5 == 0:
            rels.append(Relation(doc_id, "rival_of", "Islamic State (Sahel)",
                                 "JNIM: Group for Support of Islam and Muslims",
                                 evidence=[Evidence("relation", 0, 10, text[:10])], stage="relations.v1"))
        out.append(Extraction(document=doc, events=evs, relations=rels))
    out.append(hostile_extraction())
    return out


def hostile_extraction() -> Extraction:
    """An article whose text, title and actor name try to run script: must render inert."""
    xss_doc = make_document("axss000000000001", XSS_TEXT, title=XSS_TITLE, published="2021-04-12")
    start = XSS_TEXT.index("Gunmen")
    end = XSS_TEXT.index("civilians.") + len("civilians")
    ev = make_event("axss000000000001", "exss000000000001", XSS_TEXT, start, end, day="2021-04-12",
                    place=PLACES[4], actor1="Unidentified Armed Group (Burkina Faso) <b>x</b>",
                    actor2="Civilians (Burkina Faso)", fatalities=4)
    ev.evidence.append(Evidence("fatalities", XSS_TEXT.index("4 civilians"),
                                XSS_TEXT.index("4 civilians") + 1, "4", "numbers.v1"))
    return Extraction(document=xss_doc, events=[ev])


DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def build_db(path: Path, extractor: Any = None) -> str:
    """Fill a new database at `path`; return its URL.

    With an extractor, the real pipeline ingests the bundled demo corpus first (what a
    user gets from `make demo`); then the fixture extractions are added, the hostile
    article among them (the browser tests look for it). Tests read every expected number
    back from the store."""
    store = open_store(str(path))
    if extractor is not None:
        from conflictmap.pipeline import ingest

        report = ingest([str(DEMO)], store, extractor=extractor)
        assert report.stored >= 20 and not report.failures, report.as_dict()
    for extraction in fixture_extractions():
        store.save_extraction(extraction)
    store.close()
    return str(path)


def expected_events(db: str, **filters: Any) -> list[dict[str, Any]]:
    """The active events of the database that match the filters (the expected answer)."""
    store = open_store(db, create=False)
    try:
        return list(store.iter_events(EventQuery(**filters)))
    finally:
        store.close()


def demo_articles(db: str) -> dict[str, dict[str, Any]]:
    """The articles of the database read from the bundled demo corpus (data/demo), by id."""
    store = open_store(db, create=False)
    try:
        rows, _total = store.list_articles(limit=100_000)
    finally:
        store.close()
    return {a["id"]: a for a in rows if Path(str(a["source"]).split(":")[0]).parent == DEMO}


def demo_events(db: str, **filters: Any) -> list[dict[str, Any]]:
    """The expected events (expected_events) that the pipeline read from the demo corpus."""
    ids = demo_articles(db)
    return [e for e in expected_events(db, **filters) if e["article_id"] in ids]


# -- boundaries for tests: a small simplified copy, never committed ----------------

def _find_shared() -> Path | None:
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "boundaries"
        if candidate.is_dir():
            return candidate
    return None


def build_boundaries(dest: Path) -> Path:
    """<ISO3>_ADM{0,1,2}.geojson for MLI, BFA, NER: simplified from the shared
    geoBoundaries copies when they are beside the repository, else boxes around the
    fixture places (so the tests never depend on data outside the repository)."""
    dest.mkdir(parents=True, exist_ok=True)
    shared = _find_shared()
    iso = {"Mali": ("MLI", "ML"), "Burkina Faso": ("BFA", "BF"), "Niger": ("NER", "NE")}
    if shared is not None:
        from shapely.geometry import mapping, shape

        files = {("MLI", 0): "MLI/MLI_ADM0.geojson", ("MLI", 1): "MLI/MLI_ADM1.geojson",
                 ("MLI", 2): "MLI/MLI_ADM2.geojson", ("BFA", 0): "BFA/BFA_ADM0.geojson",
                 ("BFA", 1): "BFA/BFA_ADM1.geojson", ("BFA", 2): "BFA/BFA_ADM2.geojson",
                 ("NER", 0): "NER/NER_ADM0_dissolved.geojson", ("NER", 1): "NER/NER_ADM1_dissolved.geojson",
                 ("NER", 2): "NER/NER_ADM2.geojson"}
        for (iso3, level), rel in files.items():
            src = shared / rel
            if not src.exists():
                continue
            data = json.loads(src.read_text(encoding="utf-8"))
            feats = []
            for f in data["features"]:
                geom = shape(f["geometry"]).simplify(0.02, preserve_topology=True)
                feats.append({"type": "Feature", "geometry": mapping(geom), "properties": {
                    "shapeName": f["properties"].get("shapeName"), "iso3": iso3,
                    "iso2": {"MLI": "ML", "BFA": "BF", "NER": "NE"}[iso3]}})
            (dest / f"{iso3}_ADM{level}.geojson").write_text(
                json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
        return dest
    by_level: dict[tuple[str, int], dict[str, list[tuple[float, float]]]] = {}
    for country, a1, a2, _loc, lat, lon in PLACES:
        iso3 = iso[country][0]
        for level, name in ((0, country), (1, a1), (2, a2)):
            by_level.setdefault((iso3, level), {}).setdefault(name, []).append((lon, lat))
    for (iso3, level), names in by_level.items():
        feats = []
        for name, pts in names.items():
            pad = 1.5 / (level + 1)
            x0, x1 = min(p[0] for p in pts) - pad, max(p[0] for p in pts) + pad
            y0, y1 = min(p[1] for p in pts) - pad, max(p[1] for p in pts) + pad
            feats.append({"type": "Feature", "properties": {"shapeName": name, "iso3": iso3},
                          "geometry": {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}})
        (dest / f"{iso3}_ADM{level}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    return dest


# -- a live server ---------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving create_app(db) on a free loopback port, in a thread."""

    def __init__(self, db: str, settings: Any = None, boundaries: Path | None = None) -> None:
        import uvicorn

        from conflictmap.api import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(db, settings, boundaries_dir=boundaries)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def live_server(db: str, settings: Any = None, boundaries: Path | None = None) -> Iterator[LiveServer]:
    with LiveServer(db, settings, boundaries) as server:
        yield server


@pytest.fixture(scope="session")
def explorer_db(tmp_path_factory: pytest.TempPathFactory, extractor: Any) -> str:
    return build_db(tmp_path_factory.mktemp("explorer") / "explorer.db", extractor)


@pytest.fixture(scope="session")
def boundaries_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_boundaries(tmp_path_factory.mktemp("boundaries"))


@pytest.fixture(scope="session")
def server(explorer_db: str, boundaries_dir: Path) -> Iterator[LiveServer]:
    yield from live_server(explorer_db, boundaries=boundaries_dir)


__all__ = ["make_event", "make_document", "build_db", "expected_events", "demo_articles", "demo_events", "LiveServer",
           "live_server", "free_port", "build_boundaries", "replace"]
