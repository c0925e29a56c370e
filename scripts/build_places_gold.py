"""Build the geocoding gold (tests/gold/places/{en,fr}.jsonl) from annotated sources.

    python scripts/build_places_gold.py [--check]

Each line of tests/gold/places/{en,fr,holdout}.src.txt is `id<TAB>text`, the text marked up by hand:

    [[Nara|2453079]]                 a GeoNames place, by geonameid (chosen by the annotator)
    [[Mopti region|2453347;a1=Mopti]]  an admin unit, with its geoBoundaries admin1 name
    [[Boulkessi|sup:Boulkessi]]      a row of the curated supplement
    [[Sama forest|unres:ML]]         a place that must stay unresolved (country, if any)
    [[Banibangou|within:2595293;a1=Tillabéri]]  a place the gazetteer lacks, coded at the
                                     unit the text puts it in (that unit's geonameid)
    {{30 km south of [[Boni|2459917]]|off:30:180}}   a relative location around a place:
        off:KM:BEARING  offset point      dist:KM  distance only (coded at the place)
        dir:BEARING     direction only    near     near the place
        between         midpoint of the two places inside
        border:HOME:OTHER  border area (only the country is scored)

The script looks the annotated ids up in the package gazetteer (coordinates and names
are GeoNames facts), computes offsets and midpoints with the great-circle formula,
takes admin1 from the package boundaries by point-in-polygon (or the annotation), and
writes one JSON object per text. It never runs the geocoder. `--check` only verifies
that the written files are up to date.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from conflictmap.models import fold  # noqa: E402
from conflictmap.stages.admin import AdminAreas  # noqa: E402
from conflictmap.stages.gazetteer import Entry, Gazetteer  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "places"
COMPASS = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"]


@dataclass
class Mark:
    start: int
    end: int
    ref: str
    relative: bool
    inner: list[Mark]


def parse_marks(marked: str) -> tuple[str, list[Mark]]:
    """Clean text and the marks (a small recursive parser; offsets index the clean text)."""
    text_parts: list[str] = []
    length = 0

    def walk(i: int, closer: str | None) -> tuple[int, list[Mark]]:
        nonlocal length
        found: list[Mark] = []
        while i < len(marked):
            two = marked[i:i + 2]
            if closer and two == closer:
                return i, found
            if two in ("[[", "{{"):
                start = length
                end_token = "]]" if two == "[[" else "}}"
                j, inner = walk(i + 2, end_token)
                if j >= len(marked):
                    raise ValueError(f"unclosed {two} in {marked!r}")
                # the ref is after the last '|' of this mark, already written as text: undo it
                written = "".join(text_parts)
                body = written[start:]
                if "|" not in body:
                    raise ValueError(f"mark without |ref: {body!r} in {marked!r}")
                surface, ref = body.rsplit("|", 1)
                del text_parts[:]
                text_parts.append(written[:start] + surface)
                length = start + len(surface)
                found.append(Mark(start, length, ref, two == "{{", inner))
                i = j + 2
                continue
            text_parts.append(marked[i])
            length += 1
            i += 1
        if closer:
            raise ValueError(f"missing {closer} in {marked!r}")
        return i, found

    _, marks = walk(0, None)
    return "".join(text_parts), marks


def destination(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    r = 6371.0
    p1, l1, th = math.radians(lat), math.radians(lon), math.radians(bearing)
    d = km / r
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(th))
    l2 = l1 + math.atan2(math.sin(th) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return round(math.degrees(p2), 5), round((math.degrees(l2) + 540) % 360 - 180, 5)


class GoldBuilder:
    def __init__(self) -> None:
        self.gaz = Gazetteer.load(user_places=None)
        self.admin = AdminAreas.load()
        self.supplement = {fold(e.name): e for e in self.gaz.extra_entries()}

    def admin1(self, lat: float, lon: float, country: str | None, entry: Entry | None) -> str | None:
        if country is None:
            return None
        if self.admin.has_admin1(country):
            return self.admin.locate(lat, lon, country).admin1
        return entry.admin1_name if entry is not None else None

    def place(self, text: str, mark: Mark) -> dict[str, Any]:
        ref, _, opts = mark.ref.partition(";")
        options = dict(o.split("=", 1) for o in opts.split(";") if o)
        surface = text[mark.start:mark.end]
        rec: dict[str, Any] = {"text": surface, "start": mark.start, "end": mark.end}
        if ref.startswith("unres"):
            country = ref.split(":", 1)[1] if ":" in ref else None
            rec.update(country=country, name=options.get("name", surface), geonameid=None,
                       latitude=None, longitude=None, admin1=None)
            return rec
        if ref.startswith("within:"):
            # a place the gazetteer lacks, put by the text in an admin unit: coded at the unit
            unit = self.gaz.by_id(int(ref.split(":", 1)[1]))
            if unit is None:
                raise ValueError(f"no GeoNames id {ref!r} in the gazetteer")
            rec.update(country=unit.country, name=surface, geonameid=None, latitude=unit.latitude,
                       longitude=unit.longitude, admin1=options.get("a1") or None)
            return rec
        if ref.startswith("sup:"):
            entry = self.supplement.get(fold(ref[4:]))
            if entry is None:
                raise ValueError(f"no supplement row {ref!r}")
        else:
            entry = self.gaz.by_id(int(ref))
            if entry is None:
                raise ValueError(f"no GeoNames id {ref!r} in the gazetteer")
        rec.update(country=entry.country, name=entry.name, geonameid=entry.geonameid,
                   latitude=entry.latitude, longitude=entry.longitude)
        if "a1" in options:
            rec["admin1"] = options["a1"] or None
        elif entry.feature == "A.PCLI" or entry.latitude is None:
            rec["admin1"] = None
        elif entry.feature == "A.ADM1":
            raise ValueError(f"admin1 unit {surface!r} needs ;a1=<geoBoundaries name>")
        else:
            rec["admin1"] = self.admin1(entry.latitude, entry.longitude, entry.country, entry)
        return rec

    def relative(self, text: str, mark: Mark, inner: list[dict[str, Any]]) -> dict[str, Any]:
        spec = mark.ref.split(":")
        surface = text[mark.start:mark.end]
        rec: dict[str, Any] = {"text": surface, "start": mark.start, "end": mark.end,
                               "relative": True, "geonameid": None}
        kind = spec[0]
        if kind == "border":
            home = spec[1]
            rec.update(country=home, name=f"{home}-{spec[2]} border area", latitude=None,
                       longitude=None, admin1=None, check="country")
            return rec
        ref = inner[0]
        if ref["latitude"] is None:
            raise ValueError(f"relative {surface!r} around an unresolved place")
        lat, lon = ref["latitude"], ref["longitude"]
        if kind == "off":
            km, bearing = float(spec[1]), float(spec[2])
            lat, lon = destination(lat, lon, bearing, km)
            name = f"{km:g} km {COMPASS[int(bearing / 45 + 0.5) % 8]} of {ref['name']}"
        elif kind == "between":
            other = inner[1]
            lat, lon = round((lat + other["latitude"]) / 2, 5), round((lon + other["longitude"]) / 2, 5)
            name = f"between {ref['name']} and {other['name']}"
        elif kind in ("near", "dist", "dir"):
            name = f"{kind} {ref['name']}"
        else:
            raise ValueError(f"unknown relative kind {kind!r} in {surface!r}")
        country = ref["country"]
        if kind == "between" and inner[1]["country"] != country:
            country = self.admin.locate(lat, lon).country
        rec.update(country=country, name=name, latitude=lat, longitude=lon,
                   admin1=self.admin1(lat, lon, country, None) if country else None)
        return rec

    def record(self, rid: str, language: str, marked: str) -> dict[str, Any]:
        text, marks = parse_marks(marked)
        places: list[dict[str, Any]] = []

        def visit(mark: Mark) -> dict[str, Any]:
            inner = [visit(m) for m in mark.inner]
            if mark.relative:
                rec = self.relative(text, mark, inner)
            else:
                rec = self.place(text, mark)
            places.append(rec)
            return rec

        for mark in marks:
            visit(mark)
        places.sort(key=lambda p: (p["start"], -p["end"]))
        for p in places:
            assert text[p["start"]:p["end"]] == p["text"], (rid, p)
        return {"id": rid, "language": language, "text": text, "places": places}


def build(check: bool) -> int:
    builder = GoldBuilder()
    stale = 0
    for name in ("en", "fr", "holdout"):
        src = GOLD / f"{name}.src.txt"
        records = []
        for lineno, line in enumerate(src.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            rid, _, marked = line.partition("\t")
            language = name if name in ("en", "fr") else rid.split("-")[1]
            try:
                records.append(builder.record(rid, language, marked))
            except (ValueError, KeyError, IndexError) as exc:
                print(f"{src.name}:{lineno}: {exc}", file=sys.stderr)
                return 2
        out = GOLD / f"{name}.jsonl"
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        if check:
            if not out.exists() or out.read_text(encoding="utf-8") != body:
                print(f"{out} is stale: run scripts/build_places_gold.py", file=sys.stderr)
                stale += 1
        else:
            out.write_text(body, encoding="utf-8")
            n = sum(len(r["places"]) for r in records)
            print(f"{out.name}: {len(records)} texts, {n} place mentions")
    return 1 if stale else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the files are up to date")
    parser.add_argument("--review", action="store_true", help="print every annotation")
    args = parser.parse_args(argv)
    code = build(args.check)
    if args.review and code == 0:
        for name in ("en", "fr", "holdout"):
            for line in (GOLD / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
                rec = json.loads(line)
                for p in rec["places"]:
                    print(f"{rec['id']:<12} {p['text'][:34]:<35} {p['country'] or '--':<3} "
                          f"{str(p['geonameid']):<9} {p['latitude']},{p['longitude']} "
                          f"{p['admin1']} | {p['name']}")
    return code


if __name__ == "__main__":
    sys.exit(main())
