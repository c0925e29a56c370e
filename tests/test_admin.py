"""Admin areas by point-in-polygon over the package boundaries."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from conflictmap.stages.admin import AdminAreas
from conflictmap.stages.place_rules import haversine_km


@pytest.fixture(scope="module")
def areas() -> AdminAreas:
    return AdminAreas.default()


@pytest.mark.parametrize("lat, lon, expected", [
    (16.27167, -0.04472, ("ML", "Gao", "Gao")),             # Gao
    (16.77348, -3.00742, ("ML", "Tombouctou", "Tombouctou")),  # Timbuktu
    (15.9182, 2.4022, ("ML", "Gao", "Menaka")),             # Ménaka: inside Gao (pre-2016 frame)
    (14.20711, 1.45418, ("NE", "Tillabéri", "Tillabéri")),  # Tillabéri
    (14.0341, -0.03261, ("BF", "Sahel", "Seno")),           # Dori
    (11.84692, 13.15712, ("NG", "Borno", None)),            # Maiduguri: no ADM2 for Nigeria
    (18.08581, -15.9785, ("MR", None, None)),               # Nouakchott: outline only
])
def test_locate(areas: AdminAreas, lat: float, lon: float, expected: tuple) -> None:
    hit = areas.locate(lat, lon)
    assert (hit.country, hit.admin1, hit.admin2) == expected


def test_point_just_off_the_coast_snaps_to_the_country(areas: AdminAreas) -> None:
    assert areas.locate(14.6937, -17.47).country == "SN"     # Dakar, a few km out to sea
    assert areas.locate(10.0, -30.0).country is None         # mid-Atlantic


def test_country_restriction(areas: AdminAreas) -> None:
    # a point on the Mali side of the border, restricted to Mali and to Burkina Faso
    assert areas.locate(14.74, -1.45, "ML").admin1 == "Mopti"
    assert areas.locate(14.74, -1.45, "BF").admin1 in (None, "Sahel", "Nord")


def test_admin1_names_are_geoboundaries_names(areas: AdminAreas) -> None:
    assert areas.admin1_names("ML") == ["Bamako", "Gao", "Kayes", "Kidal", "Koulikouro", "Mopti",
                                        "Segou", "Sikasso", "Tombouctou"]
    assert len(areas.admin1_names("BF")) == 13
    assert "Tillabéri" in areas.admin1_names("NE")


def test_border_point_lies_on_both_outlines(areas: AdminAreas) -> None:
    lat, lon = areas.border_point("ML", "NE")
    assert areas.distance_to_border_km(lat, lon, "ML") < 3
    assert areas.distance_to_border_km(lat, lon, "NE") < 3
    near = areas.border_point("ML", "BF", near=(14.1, -1.6))
    assert haversine_km(near[0], near[1], 14.1, -1.6) < 80
    assert areas.border_point("ML", "NG") is None


def test_package_boundaries_are_small_and_credited() -> None:
    base = Path(str(resources.files("conflictmap") / "resources" / "boundaries"))
    total = sum(p.stat().st_size for p in base.glob("*.geojson"))
    assert total < 8_000_000
    for level in ("ADM0", "ADM1", "ADM2"):
        feats = json.loads((base / f"{level}.geojson").read_text(encoding="utf-8"))["features"]
        assert all(f["properties"]["shapeName"] and f["properties"]["iso2"] for f in feats)
    attribution = (base.parent / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "geoBoundaries" in attribution and "Natural Earth" in attribution and "GeoNames" in attribution
