"""/api/boundaries/{iso3}/{level}: the package's administrative polygons, as GeoJSON.

Two layouts of the boundaries folder are read: one file per country and level
(`<ISO3>_ADM<level>.geojson`), or one file per level for every country
(`ADM<level>.geojson`, features carrying an `iso3` property).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Response
from fastapi import Path as PathParam

from .deps import Resources, resources

router = APIRouter(tags=["boundaries"])


def default_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "resources" / "boundaries"


def _folder(res: Resources) -> Path:
    return res.boundaries_dir or default_dir()


def available(folder: Path) -> list[dict[str, Any]]:
    found: dict[tuple[str, int], str] = {}
    if not folder.is_dir():
        return []
    for path in folder.glob("*.geojson"):
        m = re.fullmatch(r"([A-Z]{3})_ADM([0-2])\.geojson", path.name)
        if m:
            found[(m.group(1), int(m.group(2)))] = path.name
            continue
        m = re.fullmatch(r"ADM([0-2])\.geojson", path.name)
        if m:
            data = json.loads(path.read_text(encoding="utf-8"))
            for f in data.get("features", []):
                iso3 = (f.get("properties") or {}).get("iso3")
                if iso3:
                    found.setdefault((iso3, int(m.group(1))), path.name)
    return [{"iso3": k[0], "level": k[1]} for k in sorted(found)]


def load(folder: Path, iso3: str, level: int, parsed: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """One country's polygons of one level; `parsed` keeps the combined files read once."""
    single = folder / f"{iso3}_ADM{level}.geojson"
    if single.exists():
        data = json.loads(single.read_text(encoding="utf-8"))
        return {"type": "FeatureCollection", "features": data.get("features", [])}
    combined = folder / f"ADM{level}.geojson"
    if combined.exists():
        parsed = {} if parsed is None else parsed
        if combined.name not in parsed:
            parsed[combined.name] = json.loads(combined.read_text(encoding="utf-8"))
        data = parsed[combined.name]
        feats = [f for f in data.get("features", []) if (f.get("properties") or {}).get("iso3") == iso3]
        if feats:
            return {"type": "FeatureCollection", "features": feats}
    return None


@router.get("/api/boundaries", summary="Which countries and levels have polygons")
def index(res: Annotated[Resources, Depends(resources)]) -> dict[str, Any]:
    if res.boundary_index is None:      # the files do not change while the server runs
        res.boundary_index = available(_folder(res))
    items = res.boundary_index
    return {"total": len(items), "items": items}


@router.get("/api/boundaries/{iso3}/{level}", summary="Administrative polygons of one country and level")
def boundaries(iso3: Annotated[str, PathParam(pattern=r"^[A-Za-z]{3}$")],
               level: Annotated[int, PathParam(ge=0, le=2)],
               res: Annotated[Resources, Depends(resources)]) -> Response:
    key = (iso3.upper(), level)
    if key not in res.geojson:
        data = load(_folder(res), *key, parsed=res.boundary_files)
        if data is None:
            raise HTTPException(404, f"no ADM{level} boundaries for {iso3.upper()} in this package")
        # serialised once: large polygons through FastAPI's generic encoder cost seconds
        res.geojson[key] = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(res.geojson[key], media_type="application/json")
