"""The `geoparse` contract: records in, place records out; the places CLI commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conflictmap.cli_places import geoparse_command, places
from conflictmap.errors import MalformedRecord
from conflictmap.models import PLACE_RECORD_FIELDS
from conflictmap.stages.places import Geocoder, detect_language, geoparse


@pytest.fixture(scope="module")
def geo(tmp_path_factory: pytest.TempPathFactory) -> Geocoder:
    return Geocoder.default(user_places=tmp_path_factory.mktemp("home") / "places.tsv")


def test_geoparse_records(geo: Geocoder) -> None:
    records = [
        {"id": "a", "text": "Gunmen killed 12 people in Djibo, Burkina Faso.", "language": "en"},
        {"id": "b", "text": "Des hommes armés ont attaqué le village de Solhan, dans la province du Yagha."},
    ]
    out = list(geoparse(records, geocoder=geo, use_nlp=False))
    assert [o["id"] for o in out] == ["a", "b"]
    assert out[1]["language"] == "fr"
    first = out[0]["places"][0]
    assert list(first)[:len(PLACE_RECORD_FIELDS)] == list(PLACE_RECORD_FIELDS)
    assert (first["text"], first["geonameid"], first["country"]) == ("Djibo", 2361177, "BF")
    assert {p["text"] for p in out[1]["places"]} == {"Solhan", "province du Yagha"}


def test_unresolved_places_carry_a_reason(geo: Geocoder) -> None:
    out = next(geoparse([{"id": 1, "text": "They hide in the Sama forest.", "language": "en"}],
                        geocoder=geo, use_nlp=False))
    (place,) = out["places"]
    assert place["latitude"] is None and place["reason"]


def test_bad_records_raise_or_go_to_the_handler(geo: Geocoder) -> None:
    with pytest.raises(MalformedRecord):
        list(geoparse([{"id": 1}], geocoder=geo, use_nlp=False))
    errors: list[tuple[int, str]] = []
    out = list(geoparse([{"id": 1, "text": ""}, {"id": 2, "text": "Attack in Gao.", "language": "en"},
                         {"id": 3, "text": "x", "language": "de"}],
                        geocoder=geo, use_nlp=False,
                        on_error=lambda i, rec, exc: errors.append((i, type(exc).__name__))))
    assert [o["id"] for o in out] == [2]
    assert errors == [(0, "MalformedRecord"), (2, "MalformedRecord")]


def test_language_detection() -> None:
    assert detect_language("Des hommes armés ont attaqué un poste de la gendarmerie.") == "fr"
    assert detect_language("Gunmen attacked a police post on Sunday.") == "en"


def test_cli_geoparse_skips_bad_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFLICTMAP_PLACES", str(tmp_path / "places.tsv"))
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "Attack in Kidal, Mali.", "language": "en"}\n'
                   "not json\n"
                   '{"id": "b"}\n'
                   '{"id": "c", "text": "Attaque à Dori.", "language": "fr"}\n', encoding="utf-8")
    result = CliRunner().invoke(geoparse_command, [str(src), "--no-nlp", "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    assert "in.jsonl:2: not JSON" in result.stderr
    assert "in.jsonl:3:" in result.stderr and "text" in result.stderr
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in out] == ["a", "c"]
    assert out[1]["places"][0]["geonameid"] == 2361082


def test_cli_places_add_search_admin1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "places.tsv"
    monkeypatch.setenv("CONFLICTMAP_PLACES", str(path))
    runner = CliRunner()
    added = runner.invoke(places, ["add", "Kouakourou", "--lat", "14.05", "--lon", "-4.55",
                                   "--country", "ML", "--alt", "Kwakuru"])
    assert added.exit_code == 0, added.output
    found = runner.invoke(places, ["search", "kwakuru", "--json"])
    assert found.exit_code == 0 and json.loads(found.output.splitlines()[0])["source"] == "user"
    bad = runner.invoke(places, ["add", "Nowhere", "--country", "ML"])
    assert bad.exit_code != 0 and "note" in bad.output
    listed = runner.invoke(places, ["admin1", "--country", "ne"])
    assert listed.exit_code == 0 and "Tillabéri" in listed.output
    listed = runner.invoke(places, ["admin1", "--country", "MR"])
    assert "GeoNames" in listed.output
