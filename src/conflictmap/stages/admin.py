"""Admin areas by point-in-polygon over the package's simplified geoBoundaries files.

    areas = AdminAreas.default()
    areas.locate(16.27, -0.04)            -> AdminHit(country="ML", admin1="Gao", admin2="Gao")
    areas.locate(lat, lon, country="NE")  restricts the search to one country

Polygons are the files written by scripts/build_boundaries.py (ADM0, ADM1, ADM2 with
`shapeName` and `iso2`). A point just outside every polygon (a coast, a border, a
simplified edge) takes the nearest polygon within `snap_km`. Admin names are the
geoBoundaries names ("Tombouctou", "Tillabéri", "Koulikouro"). Countries without
ADM1 polygons get no admin1 here; the geocoder then falls back to GeoNames names.
"""

from __future__ import annotations

import json
import logging
import math
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ResourceError
from ..models import fold

STAGE = "places.admin.v1"

log = logging.getLogger(__name__)

LEVELS: tuple[str, ...] = ("ADM0", "ADM1", "ADM2")
KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class AdminHit:
    """Where a point lies: country ISO2 and admin names (None when unknown)."""

    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None


@dataclass(frozen=True)
class Unit:
    """One admin polygon."""

    level: str
    name: str
    country: str
    parent: str | None
    geometry: Any


class _Layer:
    """The polygons of one level with an STRtree."""

    def __init__(self, units: list[Unit]) -> None:
        from shapely import STRtree

        self.units = units
        self.tree = STRtree([u.geometry for u in units]) if units else None
        self.countries = {u.country for u in units}

    def find(self, point: Any, country: str | None, snap_deg: float) -> Unit | None:
        if self.tree is None:
            return None
        hits = [self.units[i] for i in self.tree.query(point, predicate="intersects")]
        if country is not None:
            hits = [u for u in hits if u.country == country]
        if hits:
            return hits[0] if len(hits) == 1 else min(hits, key=lambda u: u.geometry.area)
        near = [self.units[i] for i in self.tree.query(point.buffer(snap_deg))]
        if country is not None:
            near = [u for u in near if u.country == country]
        best, best_d = None, snap_deg
        for unit in near:
            dist = unit.geometry.distance(point)
            if dist <= best_d:
                best, best_d = unit, dist
        return best


class AdminAreas:
    """Point-in-polygon admin lookup (thread-safe for reading once loaded)."""

    def __init__(self, units: list[Unit], snap_km: float = 5.0) -> None:
        self.snap_km = snap_km
        self._layers = {level: _Layer([u for u in units if u.level == level]) for level in LEVELS}
        self._by_name: dict[tuple[str, str, str], Unit] = {
            (u.level, u.country, fold(u.name)): u for u in units}
        self._lock = threading.Lock()

    @classmethod
    def load(cls, directory: Path | None = None, snap_km: float = 5.0) -> AdminAreas:
        """Read ADM0/ADM1/ADM2.geojson from `directory` (default: package data)."""
        from shapely.geometry import shape

        base = directory or Path(str(resources.files("conflictmap") / "resources" / "boundaries"))
        units: list[Unit] = []
        for level in LEVELS:
            path = base / f"{level}.geojson"
            if not path.exists():
                raise ResourceError(f"boundary file missing: {path}; build it with "
                                    "`python scripts/build_boundaries.py SHARED_DIR`")
            try:
                features = json.loads(path.read_text(encoding="utf-8"))["features"]
            except (ValueError, KeyError) as exc:
                raise ResourceError(f"{path} is not a GeoJSON FeatureCollection: {exc}") from exc
            for feat in features:
                props = feat["properties"]
                units.append(Unit(level, props["shapeName"], props["iso2"], props.get("adm1"),
                                  shape(feat["geometry"])))
        log.info("admin areas loaded: %d polygons from %s", len(units), base)
        return cls(units, snap_km)

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> AdminAreas:
        """The package boundaries, loaded once per process."""
        return cls.load()

    def locate(self, lat: float, lon: float, country: str | None = None) -> AdminHit:
        """Country and admin names of a point; `country` restricts admin1/admin2 to it."""
        from shapely.geometry import Point

        point = Point(lon, lat)
        snap = self.snap_km / KM_PER_DEGREE
        with self._lock:   # shapely geometries are not guaranteed safe to share across threads
            adm0 = self._layers["ADM0"].find(point, country, snap)
            iso2 = country or (adm0.country if adm0 else None)
            adm1 = self._layers["ADM1"].find(point, iso2, snap) if iso2 else None
            adm2 = self._layers["ADM2"].find(point, iso2, snap) if iso2 else None
        admin1 = adm1.name if adm1 else (adm2.parent if adm2 else None)
        return AdminHit(iso2, admin1, adm2.name if adm2 else None)

    def has_admin1(self, country: str) -> bool:
        return country in self._layers["ADM1"].countries

    def has_admin2(self, country: str) -> bool:
        return country in self._layers["ADM2"].countries

    def unit(self, level: str, country: str, name: str) -> Unit | None:
        """A polygon by level, country and name (accent-insensitive)."""
        return self._by_name.get((level, country, fold(name)))

    def admin1_names(self, country: str) -> list[str]:
        return sorted(u.name for u in self._layers["ADM1"].units if u.country == country)

    def countries(self) -> list[str]:
        return sorted(self._layers["ADM0"].countries)

    def border_point(self, country_a: str, country_b: str, near: tuple[float, float] | None = None
                     ) -> tuple[float, float] | None:
        """A point on the border of two countries: the nearest to `near`, else its middle.

        Returns (lat, lon) or None when the countries do not touch (within ~2 km).
        """
        from shapely.geometry import Point
        from shapely.ops import nearest_points

        a = next((u for u in self._layers["ADM0"].units if u.country == country_a), None)
        b = next((u for u in self._layers["ADM0"].units if u.country == country_b), None)
        if a is None or b is None:
            return None
        with self._lock:
            shared = a.geometry.boundary.intersection(b.geometry.buffer(0.02))
            if shared.is_empty:
                return None
            if near is not None:
                point = nearest_points(shared, Point(near[1], near[0]))[0]
            else:
                point = shared.interpolate(0.5, normalized=True) if shared.geom_type in (
                    "LineString", "MultiLineString") and hasattr(shared, "interpolate") else shared.centroid
        return (round(point.y, 5), round(point.x, 5))

    def distance_to_border_km(self, lat: float, lon: float, country: str) -> float | None:
        """Distance from a point to the outline of a country, in km (approximate)."""
        from shapely.geometry import Point

        unit = next((u for u in self._layers["ADM0"].units if u.country == country), None)
        if unit is None:
            return None
        with self._lock:
            deg = unit.geometry.boundary.distance(Point(lon, lat))
        return deg * KM_PER_DEGREE * math.cos(math.radians(lat)) ** 0.5
