"""Build src/conflictmap/web/data/world.geojson, the explorer's background map.

Source: Natural Earth 1:110m admin-0 countries (public domain), from the shared
boundaries folder. Geometries are simplified and rounded so the file stays small.

    python scripts/build_world.py PATH/TO/ne_110m_admin_0_countries.geojson
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from shapely.geometry import mapping, shape

OUT = Path(__file__).resolve().parents[1] / "src" / "conflictmap" / "web" / "data" / "world.geojson"


def _round(coords, ndigits: int = 2):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], ndigits), round(coords[1], ndigits)]
    return [_round(c, ndigits) for c in coords]


def build(source: Path) -> dict:
    data = json.loads(source.read_text(encoding="utf-8"))
    features = []
    for feature in data["features"]:
        props = feature["properties"]
        geom = shape(feature["geometry"]).buffer(0).simplify(0.05, preserve_topology=True)
        if geom.is_empty:
            continue
        g = mapping(geom)
        features.append({
            "type": "Feature",
            "properties": {"name": props["NAME"], "iso_a3": props["ADM0_A3"],
                           "continent": props["CONTINENT"]},
            "geometry": {"type": g["type"], "coordinates": _round(g["coordinates"])},
        })
    return {"type": "FeatureCollection",
            "attribution": "Natural Earth 1:110m admin-0 countries (public domain)",
            "features": features}


if __name__ == "__main__":
    result = build(Path(sys.argv[1]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(result['features'])} features)")
