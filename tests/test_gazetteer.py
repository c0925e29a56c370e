"""The offline gazetteer: package data, accent-insensitive lookups, supplement, user places."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictmap.errors import ResourceError
from conflictmap.stages.gazetteer import (
    PLACE_COLUMNS,
    Gazetteer,
    add_user_place,
    parse_place_rows,
    read_user_places,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def ids(gaz: Gazetteer, name: str) -> set[int | None]:
    return {c.entry.geonameid for c in gaz.candidates(name)}


def test_meta_records_sources_and_build_date(gaz: Gazetteer) -> None:
    meta = gaz.meta
    assert "cities15000.txt" in meta["sources"] and "ML.txt" in meta["sources"]
    assert meta["built"][:2] == "20"
    assert "GeoNames" in meta["licence"]


@pytest.mark.parametrize("a, b, geonameid", [
    ("Tillabéri", "Tillaberi", 2438678),
    ("Tombouctou", "Timbuktu", 2449067),
    ("Aribinda", "Arbinda", 2363174),
    ("Ségou", "SEGOU", 2451478),
    ("Solna", "Solhan", 2356040),
])
def test_lookup_is_accent_and_case_insensitive(gaz: Gazetteer, a: str, b: str, geonameid: int) -> None:
    assert geonameid in ids(gaz, a)
    assert geonameid in ids(gaz, b)


def test_capitals_and_regional_cities_come_from_cities15000(gaz: Gazetteer) -> None:
    maiduguri = gaz.by_id(2331447)
    assert maiduguri is not None and maiduguri.country == "NG" and maiduguri.feature == "P.PPLA"
    assert 2352778 in ids(gaz, "Abuja")


def test_countries_have_english_and_french_names(gaz: Gazetteer) -> None:
    for name, iso in [("Ivory Coast", "CI"), ("Côte d'Ivoire", "CI"), ("Tchad", "TD"),
                      ("Mauritanie", "MR"), ("Burkina", "BF"), ("Algérie", "DZ")]:
        assert any(c.entry.feature == "A.PCLI" and c.entry.country == iso
                   for c in gaz.candidates(name)), name
    # a historical alternate name of Mali must not make "Soudan" Mali
    assert not any(c.entry.country == "ML" and c.entry.feature == "A.PCLI" for c in gaz.candidates("Soudan"))


def test_supplement_rows(gaz: Gazetteer) -> None:
    boulkessi = gaz.candidates("Boulkessi")[0].entry
    assert boulkessi.source == "supplement" and boulkessi.country == "ML" and boulkessi.precision == 2
    inates = [c.entry for c in gaz.candidates("Inates") if c.entry.source == "supplement"][0]
    assert inates.feature == "P.PPL" and inates.country == "NE"
    sama = gaz.candidates("Sama forest")[0].entry
    assert not sama.resolvable and "unresolved" in sama.note


def test_supplement_row_with_geonameid_replaces_the_geonames_row(gaz: Gazetteer) -> None:
    found = [c.entry for c in gaz.candidates("Solna")]
    assert [e.source for e in found if e.geonameid == 2356040] == ["supplement"]
    assert found[0].admin1_code == "12"   # admin codes are taken from the GeoNames row


def test_ruled_names_are_bounded_and_flag_common_words(gaz: Gazetteer) -> None:
    labels = list(gaz.ranked_labels())
    assert 1000 < len(labels) < 40000
    common = {name for _, name, is_common in labels if is_common}
    assert "Say" in common and "Est" in common
    assert "Kidal" not in common


def test_bad_place_rows_name_file_and_line() -> None:
    good = "Kouakourou\t\t14.1\t-4.5\tML\tP.PPL\t1\t\tmy notes\t"
    with pytest.raises(ResourceError, match=r"places.tsv:2: .*decimal degrees"):
        parse_place_rows([good, "Bad\t\tnorth\t-4.5\tML"], "user", "places.tsv")
    with pytest.raises(ResourceError, match=r"places.tsv:1: .*needs a note"):
        parse_place_rows(["Nowhere\t\t\t\tML"], "user", "places.tsv")
    with pytest.raises(ResourceError, match=r":1: .*ISO 3166"):
        parse_place_rows(["X\t\t1\t1\tMali"], "user", "places.tsv")
    with pytest.raises(ResourceError, match=r":1: .*out of range"):
        parse_place_rows(["X\t\t95\t1\tML"], "user", "places.tsv")
    with pytest.raises(ResourceError, match=r":2: .*duplicate"):
        parse_place_rows([good, good], "user", "places.tsv")
    with pytest.raises(ResourceError, match=r":1: .*tab-separated"):
        parse_place_rows(["only a name"], "user", "places.tsv")


def test_add_user_place_appends_a_validated_row(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "places.tsv"
    entry = add_user_place(path, "Kouakourou", 14.05, -4.55, "ml", alternate_names=["Kwakuru"],
                           note="river port")
    assert entry.country == "ML" and entry.source == "user"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == list(PLACE_COLUMNS)
    assert len(read_user_places(path)) == 1
    gaz = Gazetteer.load(user_places=path)
    assert gaz.candidates("Kwakuru")[0].entry.name == "Kouakourou"
    with pytest.raises(ResourceError):
        add_user_place(path, "Kouakourou", 14.05, -4.55, "ML")   # duplicate
    with pytest.raises(ResourceError):
        add_user_place(path, "Elsewhere", 100.0, 1.0, "ML")
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2   # nothing written


def test_bad_user_file_is_reported_on_load(tmp_path: Path) -> None:
    path = tmp_path / "places.tsv"
    path.write_text("name\talternate_names\tlatitude\tlongitude\tcountry\nX\t\tabc\t1\tML\n",
                    encoding="utf-8")
    with pytest.raises(ResourceError, match=r"places.tsv:2:"):
        Gazetteer.load(user_places=path)
