"""Every export format: written, read back with pandas/pyarrow/networkx/json, documented."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import networkx as nx
import pandas as pd
import pyarrow.parquet as pq
import pytest

from conflictmap.exports import FORMATS, codebook, export, format_module
from conflictmap.models import EVENT_RECORD_FIELDS
from conflictmap.network import NetworkFilter, build_network
from conflictmap.store import EventQuery, open_store
from explorer_fixtures import expected_events, explorer_db  # noqa: F401  (fixture)

DOCS = Path(__file__).resolve().parents[1] / "docs" / "exports.md"
ACLED_CODEBOOK_ORDER = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 "
    "assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region "
    "country admin1 admin2 admin3 location latitude longitude geo_precision source source_scale "
    "notes fatalities tags timestamp").split()
UCDP_ORDER = (
    "id relid year active_year type_of_violence conflict_name dyad_name side_a side_b source_article "
    "source_headline where_prec where_coordinates adm_1 adm_2 latitude longitude country date_prec "
    "date_start date_end deaths_a deaths_b deaths_civilians deaths_unknown best high low").split()


@pytest.fixture()
def store(explorer_db):  # noqa: F811
    s = open_store(explorer_db, create=False)
    yield s
    s.close()


def run(store, fmt, query=None, **kw) -> bytes:
    buf = io.BytesIO()
    export(store, fmt, buf, query or EventQuery(), **kw)
    return buf.getvalue()


def test_registry_has_every_format():
    assert set(FORMATS) == {"acled-csv", "ucdp-csv", "geojson", "graphml", "gexf", "parquet", "jsonl",
                            "relations-csv"}
    assert format_module("acled_csv") is FORMATS["acled-csv"]
    with pytest.raises(Exception, match="unknown export format"):
        format_module("xlsx")


def expected_source(article) -> str:
    """ACLED `source`: the site name, else the URL's host, else the file name (no directories)."""
    if article["site_name"]:
        return article["site_name"]
    if article["url"]:
        return urlparse(article["url"]).netloc
    return re.split(r"[\\/]", article["source"])[-1]


def test_acled_csv_columns_and_values(store, explorer_db):  # noqa: F811
    expected = {e["event_id"]: e for e in expected_events(explorer_db)}
    df = pd.read_csv(io.BytesIO(run(store, "acled-csv")), dtype=str, keep_default_na=False)
    assert list(df.columns) == ACLED_CODEBOOK_ORDER
    assert len(df) == len(expected)
    assert not (df == "None").any().any()            # empty fields are empty cells
    sources = set()
    for _, row in df.iterrows():
        event_id = row["event_id_cnty"][3:]
        ev = expected[event_id]
        c = codebook.country(ev["country"])
        assert row["event_id_cnty"][:3] == (c.iso3 if c else "XXX")
        assert row["iso"] == (str(c.numeric) if c else "") and row["region"] == (c.region if c else "")
        assert row["country"] == (ev["country"] or "")
        assert row["actor1"] == (ev["actor1"] or "") and row["actor2"] == (ev["actor2"] or "")
        lat = ev["latitude"]
        assert (row["latitude"] == "") if lat is None else (float(row["latitude"]) == lat)
        assert row["event_type"] == ev["event_type"]
        assert row["fatalities"] == str(ev["fatalities"] or 0)
        assert row["time_precision"] == str(codebook.acled_time_precision(ev["time_precision"]))
        assert row["year"] == (ev["event_date"] or ev["date_start"] or "")[:4]
        if ev["event_type"] in ("Battles", "Violence against civilians", "Explosions/Remote violence"):
            assert row["disorder_type"] == "Political violence"
        if not ev["inter1"]:
            assert row["interaction"] == ""
        elif ev["inter2"]:
            low, high = sorted((ev["inter1"], ev["inter2"]))
            assert row["interaction"] == f"{low}{high}"
        else:
            assert row["interaction"] == f"{ev['inter1']}0"
        assert row["civilian_targeting"] == ("Civilian targeting" if ev["civilian_targeting"] else "")
        article = store.get_article(ev["article_id"])
        # notes: the reporting sentence of the article, else the evidence quotes
        assert row["notes"]
        assert " ".join(row["notes"].split()) in " ".join(article["text"].split()) or row["notes"] == ev["evidence_text"]
        assert row["source"] == expected_source(article) and "/" not in row["source"]
        sources.add(row["source"])
    # the fixtures' outlet and the demo corpus's outlets, named by site or file
    assert "Example News" in sources and "Sahel Dispatch" in sources
    assert any(s.endswith(".txt") for s in sources)


def test_acled_filters_apply(store, explorer_db):  # noqa: F811
    n = len(expected_events(explorer_db, country="Mali", event_type="Battles"))
    df = pd.read_csv(io.BytesIO(run(store, "acled-csv", EventQuery(country="Mali", event_type="Battles"))))
    assert len(df) == n > 0
    assert set(df["country"]) == {"Mali"} and set(df["event_type"]) == {"Battles"}


def test_ucdp_csv(store, explorer_db):  # noqa: F811
    violent = [e for e in expected_events(explorer_db) if e["event_type"] in codebook.POLITICAL_VIOLENCE]
    df = pd.read_csv(io.BytesIO(run(store, "ucdp-csv")), keep_default_na=False)
    assert list(df.columns) == UCDP_ORDER
    assert len(df) == len(violent)
    by_id = {e["event_id"]: e for e in violent}
    assert not (df.astype(str) == "None").any().any()

    def state(name, inter):
        return bool(name) and (inter == 1 or name.startswith(("Military Forces of", "Police Forces of", "Government of")))

    types = set()
    for _, row in df.iterrows():
        ev = by_id[row["id"]]
        assert row["best"] == (ev["fatalities"] or 0)
        # the documented rule: civilians targeted -> one-sided (3); a state on a side -> 1; else 2
        if ev["event_type"] == "Violence against civilians" or ev["civilian_targeting"] or ev["inter2"] == 7:
            assert row["type_of_violence"] == 3 and row["side_b"] == "Civilians"
            assert row["deaths_civilians"] == row["best"] and row["deaths_unknown"] == 0
        elif state(ev["actor1"], ev["inter1"]) or state(ev["actor2"], ev["inter2"]):
            assert row["type_of_violence"] == 1
            assert state(row["side_a"], ev["inter1"] if row["side_a"] == ev["actor1"] else ev["inter2"])
            assert row["conflict_name"] == f"{ev['country']}: Government"
        else:
            assert row["type_of_violence"] == 2
            assert row["deaths_unknown"] == row["best"]
        types.add(row["type_of_violence"])
        assert row["date_prec"] == ucdp_date_prec(ev)
        source = str(row["source_article"])
        assert source.startswith("https://") or (source and "/" not in source)
    assert types == {1, 2, 3}
    dyad_year = df.groupby(["dyad_name", "year"])["best"].transform("sum")
    assert ((dyad_year >= 25).astype(int) == df["active_year"]).all()


def ucdp_date_prec(ev) -> int:
    """UCDP date_prec by the length of the date range: 1 day, 2-6 days, a week, a month, longer."""
    if not ev["date_start"] or not ev["date_end"]:
        return 5
    days = (date.fromisoformat(ev["date_end"]) - date.fromisoformat(ev["date_start"])).days + 1
    return 1 if days == 1 else 2 if days <= 6 else 3 if days <= 7 or ev["time_precision"] == "week" else 4 if days <= 31 else 5


def test_geojson(store, explorer_db):  # noqa: F811
    expected = expected_events(explorer_db)
    data = json.loads(run(store, "geojson"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == len(expected)
    f = data["features"][0]
    assert set(f["properties"]) == set(EVENT_RECORD_FIELDS)
    unlocated = set()
    for f in data["features"]:
        if f["geometry"] is None:           # an unlocated event: a Feature without geometry
            assert f["properties"]["latitude"] is None or f["properties"]["longitude"] is None
            unlocated.add(f["id"])
        else:
            assert f["geometry"]["type"] == "Point"
            lon, lat = f["geometry"]["coordinates"]
            assert lon == f["properties"]["longitude"] and lat == f["properties"]["latitude"]
        assert isinstance(f["properties"]["assoc_actor_1"], str)   # flat for QGIS
    assert unlocated == {e["event_id"] for e in expected if e["latitude"] is None}


def test_jsonl_roundtrip(store, explorer_db):  # noqa: F811
    expected = {e["event_id"]: e for e in expected_events(explorer_db)}
    lines = run(store, "jsonl").decode().splitlines()
    assert len(lines) == len(expected)
    for line in lines:
        rec = json.loads(line)
        assert tuple(rec) == EVENT_RECORD_FIELDS
        ev = expected[rec["event_id"]]
        assert rec["actor1"] == ev["actor1"] and rec["assoc_actor_1"] == ev["assoc_actor_1"]
        assert [e["text"] for e in rec["evidence"]] == [e["text"] for e in ev["evidence"]]


def test_parquet(store, explorer_db, tmp_path):  # noqa: F811
    path = tmp_path / "events.parquet"
    n = export(store, "parquet", path)
    table = pq.read_table(path)
    assert table.column_names == list(EVENT_RECORD_FIELDS)
    assert table.num_rows == n == len(expected_events(explorer_db))
    df = table.to_pandas()
    assert df["fatalities"].sum() == sum(e["fatalities"] or 0 for e in expected_events(explorer_db))
    assert str(table.schema.field("latitude").type) == "double"


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_formats(store, explorer_db, fmt, reader, tmp_path):  # noqa: F811
    path = tmp_path / f"net.{fmt}"
    export(store, fmt, path)
    graph = reader(path)
    net = build_network(expected_events(explorer_db), store.relations(), NetworkFilter())
    assert graph.number_of_nodes() == len(net.nodes)
    assert graph.number_of_edges() == len(net.edges)
    types = {d.get("relation") for *_e, d in graph.edges(data=True)}
    assert {"fought", "attacked", "allied_with", "affiliated_with", "rival_of"} <= types
    jnim = "JNIM: Group for Support of Islam and Muslims"
    assert int(graph.nodes[jnim]["events"]) == net.nodes[jnim].events


def test_network_without_relations(store, tmp_path):
    path = tmp_path / "net.graphml"
    export(store, "graphml", path, include_relations=False)
    types = {d.get("relation") for *_e, d in nx.read_graphml(path).edges(data=True)}
    assert "rival_of" not in types and "fought" in types


def test_relations_csv(store):
    df = pd.read_csv(io.BytesIO(run(store, "relations-csv")), keep_default_na=False)
    assert list(df.columns) == list(FORMATS["relations-csv"].COLUMNS)
    assert len(df) == len(store.relations())
    assert set(df["relation"]) == {r["relation"] for r in store.relations()}


def test_export_to_path_and_empty_result(store, tmp_path):
    path = tmp_path / "none.csv"
    n = export(store, "acled-csv", path, EventQuery(country="Chad"))
    assert n == 0
    assert path.read_text().strip().split(",") == ACLED_CODEBOOK_ORDER
    assert pq.read_table(io.BytesIO(run(store, "parquet", EventQuery(country="Chad")))).num_rows == 0


def _doc_section(text: str, name: str) -> str:
    m = re.search(rf"^## `{re.escape(name)}`$(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert m, f"docs/exports.md has no section for {name}"
    return m.group(1)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_column_documented(name):
    module = FORMATS[name]
    section = _doc_section(DOCS.read_text(encoding="utf-8"), name)
    docstring = module.__doc__ or ""
    for column in module.COLUMNS:
        assert re.search(rf"\b{re.escape(column)}\b", docstring), f"{name}: {column} not in the module docstring"
        assert re.search(rf"\b{re.escape(column)}\b", section), f"{name}: {column} not in docs/exports.md"
