"""Build the package's simplified admin boundaries from the shared boundary files.

    python scripts/build_boundaries.py SHARED_DIR [--out src/conflictmap/resources/boundaries]

SHARED_DIR holds `boundaries/` (geoBoundaries ADM0/1/2 GeoJSON per ISO3 country and
Natural Earth outlines; see its README for sources and licences). The output is one
GeoJSON FeatureCollection per level, every feature carrying `shapeName`, `iso2`, `iso3`
and `level` (ADM2 features also `adm1`, the name of the unit they lie in):

    ADM0.geojson   country outlines: geoBoundaries where kept, else Natural Earth 1:10m
    ADM1.geojson   regions / states (MLI, BFA, NER, NGA, SEN)
    ADM2.geojson   cercles / provinces / departments (MLI, BFA, NER)
    world.geojson  Natural Earth 1:110m countries, for the explorer's base map
    index.json     what was built, from which file, with which tolerance

Units of one country and level are simplified together as a coverage
(`shapely.coverage_simplify`), so neighbours keep a shared edge without gaps or
overlaps. Coordinates are rounded to 4 decimals (about 11 m).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape

log = logging.getLogger("build_boundaries")

# ISO3 -> ISO2 for the countries the shared directory covers.
ISO2: dict[str, str] = {
    "MLI": "ML", "BFA": "BF", "NER": "NE", "MRT": "MR", "SEN": "SN", "CIV": "CI",
    "GIN": "GN", "GHA": "GH", "BEN": "BJ", "TGO": "TG", "NGA": "NG", "TCD": "TD",
    "CMR": "CM", "DZA": "DZ", "LBY": "LY",
}

# Level -> preferred source files (first found wins), relative to boundaries/<ISO3>/.
SOURCES: dict[str, tuple[str, ...]] = {
    "ADM0": ("{iso3}_ADM0.geojson", "{iso3}_ADM0_dissolved.geojson", "ne_10m_admin0_{iso3}.geojson"),
    "ADM1": ("{iso3}_ADM1.geojson", "{iso3}_ADM1_dissolved.geojson"),
    "ADM2": ("{iso3}_ADM2.geojson",),
}

# Degrees; about 1.1 km, 550 m and 330 m at the equator.
TOLERANCE: dict[str, float] = {"ADM0": 0.01, "ADM1": 0.005, "ADM2": 0.003, "world": 0.02}

COUNTRY_NAMES: dict[str, str] = {
    "ML": "Mali", "BF": "Burkina Faso", "NE": "Niger", "MR": "Mauritania", "SN": "Senegal",
    "CI": "Ivory Coast", "GN": "Guinea", "GH": "Ghana", "BJ": "Benin", "TG": "Togo",
    "NG": "Nigeria", "TD": "Chad", "CM": "Cameroon", "DZ": "Algeria", "LY": "Libya",
}

SOURCE_NOTES: dict[str, str] = {
    "geoBoundaries": "geoBoundaries (www.geoboundaries.org)",
    "naturalearth": "Natural Earth 1:10m admin-0 (public domain)",
}


def read_features(path: Path) -> list[dict[str, Any]]:
    """Features of a GeoJSON FeatureCollection or of a single Feature file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("type") == "Feature":
        return [data]
    return list(data["features"])


def round_coords(geometry: dict[str, Any], ndigits: int = 4) -> dict[str, Any]:
    """A GeoJSON geometry with every coordinate rounded."""
    def walk(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(float(v), ndigits) for v in value]
            return [walk(v) for v in value]
        return value
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def simplify_coverage(geoms: list[Any], tolerance: float) -> list[Any]:
    """Simplify polygons that tile a country together; fall back to one by one."""
    geoms = [shapely.make_valid(g) if not g.is_valid else g for g in geoms]
    try:
        simplified = list(shapely.coverage_simplify(geoms, tolerance))
    except Exception as exc:  # noqa: BLE001 - GEOS refuses non-coverages; say so and go on
        log.warning("coverage simplification failed (%s); simplifying one by one", exc)
        simplified = [g.simplify(tolerance, preserve_topology=True) for g in geoms]
    out = []
    for original, geom in zip(geoms, simplified, strict=True):
        if geom.is_empty or not geom.is_valid:
            geom = shapely.make_valid(geom) if not geom.is_empty else original
        # make_valid may return a collection with lines; keep the polygonal part
        if geom.geom_type == "GeometryCollection":
            polys = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
            geom = shapely.union_all(polys) if polys else original
        out.append(geom)
    return out


def find_source(country_dir: Path, level: str) -> Path | None:
    iso3 = country_dir.name
    for pattern in SOURCES[level]:
        path = country_dir / pattern.format(iso3=iso3)
        if path.exists():
            return path
    return None


def feature_name(props: dict[str, Any], iso2: str, level: str) -> str:
    if level == "ADM0":
        return COUNTRY_NAMES.get(iso2) or props.get("shapeName") or props.get("name") or iso2
    name = props.get("shapeName")
    if not name:
        raise ValueError(f"feature without shapeName at {level} in {iso2}: {props}")
    return str(name)


def build_level(boundaries: Path, level: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Simplified features of one level for every country, and what was read."""
    features: list[dict[str, Any]] = []
    inputs: list[dict[str, Any]] = []
    for country_dir in sorted(p for p in boundaries.iterdir() if p.is_dir() and p.name in ISO2):
        iso3 = country_dir.name
        iso2 = ISO2[iso3]
        path = find_source(country_dir, level)
        if path is None:
            continue
        raw = read_features(path)
        geoms = [shape(f["geometry"]) for f in raw]
        simplified = simplify_coverage(geoms, TOLERANCE[level])
        source = "naturalearth" if path.name.startswith("ne_10m") else "geoBoundaries"
        for feat, geom in zip(raw, simplified, strict=True):
            props = feat.get("properties") or {}
            features.append({
                "type": "Feature",
                "properties": {
                    "shapeName": feature_name(props, iso2, level),
                    "iso2": iso2,
                    "iso3": iso3,
                    "level": level,
                    "source": source,
                },
                "geometry": round_coords(mapping(geom)),
            })
        inputs.append({"file": f"{iso3}/{path.name}", "features": len(raw), "source": source})
        log.info("%s %s: %d features from %s", level, iso3, len(raw), path.name)
    return features, inputs


def attach_parents(adm2: list[dict[str, Any]], adm1: list[dict[str, Any]]) -> None:
    """Give every ADM2 feature the name of the ADM1 unit holding most of it."""
    by_country: dict[str, list[tuple[str, Any]]] = {}
    for feat in adm1:
        by_country.setdefault(feat["properties"]["iso2"], []).append(
            (feat["properties"]["shapeName"], shape(feat["geometry"])))
    for feat in adm2:
        geom = shape(feat["geometry"])
        best, best_area = None, 0.0
        for name, parent in by_country.get(feat["properties"]["iso2"], []):
            area = parent.intersection(geom).area
            if area > best_area:
                best, best_area = name, area
        feat["properties"]["adm1"] = best


def build_world(path: Path, iso3_to_iso2: dict[str, str]) -> list[dict[str, Any]]:
    features = []
    for feat in read_features(path):
        props = feat["properties"]
        iso3 = props.get("ISO_A3_EH") or props.get("ISO_A3") or props.get("ADM0_A3")
        iso2 = props.get("ISO_A2")
        if not iso2 or iso2 == "-99":
            iso2 = iso3_to_iso2.get(iso3 or "", None)
        geom = shapely.make_valid(shape(feat["geometry"]))
        geom = geom.simplify(TOLERANCE["world"], preserve_topology=True)
        features.append({
            "type": "Feature",
            "properties": {"shapeName": props.get("NAME"), "iso2": iso2, "iso3": iso3,
                           "level": "world", "source": "naturalearth"},
            "geometry": round_coords(mapping(geom), 3),
        })
    return features


def iso3_map(shared: Path) -> dict[str, str]:
    """ISO3 -> ISO2 from GeoNames countryInfo.txt (when present)."""
    info = shared / "geonames" / "countryInfo.txt"
    out: dict[str, str] = {}
    if info.exists():
        for line in info.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            cols = line.split("\t")
            out[cols[1]] = cols[0]
    return out


def write_collection(path: Path, features: list[dict[str, Any]]) -> int:
    text = json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return len(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path, help="the shared data directory (holds boundaries/)")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parents[1] / "src/conflictmap/resources/boundaries")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    boundaries = args.shared / "boundaries"
    if not boundaries.is_dir():
        log.error("no boundaries/ directory under %s", args.shared)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    index: dict[str, Any] = {"built": date.today().isoformat(), "tolerance_deg": TOLERANCE,
                             "levels": {}}
    levels: dict[str, list[dict[str, Any]]] = {}
    for level in ("ADM0", "ADM1", "ADM2"):
        levels[level], inputs = build_level(boundaries, level)
        index["levels"][level] = inputs
    attach_parents(levels["ADM2"], levels["ADM1"])
    total = 0
    for level, features in levels.items():
        size = write_collection(args.out / f"{level}.geojson", features)
        total += size
        log.info("wrote %s.geojson: %d features, %d bytes", level, len(features), size)
    world_path = boundaries / "world" / "ne_110m_admin_0_countries.geojson"
    if world_path.exists():
        size = write_collection(args.out / "world.geojson", build_world(world_path, iso3_map(args.shared)))
        total += size
        index["levels"]["world"] = [{"file": "world/ne_110m_admin_0_countries.geojson",
                                     "source": "naturalearth"}]
        log.info("wrote world.geojson: %d bytes", size)
    (args.out / "index.json").write_text(json.dumps(index, indent=1) + "\n", encoding="utf-8")
    log.info("total %d bytes", total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
