"""The HTTP API, over a real uvicorn server on a loopback port."""

from __future__ import annotations

import json
from datetime import date, timedelta

import httpx
import pytest

from conflictmap.exports import FORMATS
from explorer_fixtures import (  # noqa: F401  (fixtures)
    XSS_TEXT,
    boundaries_dir,
    demo_articles,
    demo_events,
    expected_events,
    explorer_db,
    server,
)


@pytest.fixture(scope="module")
def client(server):  # noqa: F811
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def ids(items):
    return {i["event_id"] for i in items}


def test_events_unfiltered_matches_store(client, explorer_db):  # noqa: F811
    expected = expected_events(explorer_db)
    r = client.get("/api/events", params={"limit": 1000})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == len(expected) and ids(body["items"]) == ids(expected)


@pytest.mark.parametrize("params", [
    {"country": "Mali"},
    {"country": "burkina faso", "event_type": "Battles"},
    {"admin1": "Mopti"},
    {"actor": "jnim"},
    {"actor": "islamic state"},
    {"actor": "vdp"},
    {"actor": "forces of"},
    {"date_from": "2021-03-01", "date_to": "2021-04-30"},
    {"min_fatalities": 8},
    {"bbox": "-5,13,0,16"},
    {"sub_event_type": "Attack"},
    {"q": "Ansongo"},
])
def test_event_filters(client, explorer_db, params):  # noqa: F811
    expected = expected_events(explorer_db, **{k: (tuple(map(float, v.split(","))) if k == "bbox" else v)
                                              for k, v in params.items()})
    body = client.get("/api/events", params={**params, "limit": 1000}).json()
    assert body["total"] == len(expected) > 0
    assert ids(body["items"]) == ids(expected)


def test_paging_and_sort(client):
    first = client.get("/api/events", params={"limit": 5, "sort": "-fatalities"}).json()
    second = client.get("/api/events", params={"limit": 5, "offset": 5, "sort": "-fatalities"}).json()
    deaths = [e["fatalities"] for e in first["items"] + second["items"]]
    assert deaths == sorted(deaths, reverse=True)
    assert not ids(first["items"]) & ids(second["items"])


@pytest.mark.parametrize("path,params,fragment", [
    ("/api/events", {"limit": 1001}, "limit"),
    ("/api/events", {"limit": 0}, "limit"),
    ("/api/events", {"date_from": "2021-02-30"}, "date_from"),
    ("/api/events", {"date_from": "yesterday"}, "date_from"),
    ("/api/events", {"date_from": "2021-05-01", "date_to": "2021-01-01"}, "before"),
    ("/api/events", {"bbox": "1,2,3"}, "bbox"),
    ("/api/events", {"bbox": "10,0,5,1"}, "bbox"),
    ("/api/events", {"event_type": "Picnic"}, "event_type"),
    ("/api/events", {"kind": "rumour"}, "kind"),
    ("/api/events", {"sort": "evidence"}, "sort"),
    ("/api/events", {"min_fatalities": -1}, "min_fatalities"),
    ("/api/network", {"min_weight": 0}, "min_weight"),
    ("/api/boundaries/MALI/1", {}, "iso3"),
    ("/api/boundaries/MLI/7", {}, "level"),
    ("/api/report", {"from": "2021-01-01"}, "to"),
])
def test_bad_parameters_are_clear_4xx(client, path, params, fragment):
    r = client.get(path, params=params)
    assert r.status_code == 422, r.text
    assert fragment in json.dumps(r.json()["detail"])


def test_event_detail_has_evidence_article_and_sources(client, explorer_db):  # noqa: F811
    event = expected_events(explorer_db, country="Mali")[0]
    body = client.get(f"/api/events/{event['event_id']}").json()
    assert body["event"]["event_id"] == event["event_id"]
    article = body["article"]
    assert article["id"] == event["article_id"] and article["text"]
    for ev in body["evidence"]:
        assert article["text"][ev["start"]:ev["end"]] == ev["text"]
    fields = {f["field"]: f for f in body["field_sources"]}
    assert fields["event_type"]["evidence"] and fields["event_type"]["stage"]
    # each field names the stage recorded on its evidence, else the event's stage
    location_stage = next((e["stage"] for e in event["evidence"] if e["field"] == "location" and e.get("stage")), None)
    for name, row in fields.items():
        spans = [e for e in event["evidence"] if e["field"] == name or (name == "event_date" and e["field"] == "date")]
        assert row["evidence"] == spans
        if not spans and name in ("admin1", "admin2") and event[name] and location_stage:
            # coded with the place: the geocoder's stage, not the event rules'
            assert row["stage"] == location_stage and row["derived_from"] == "location"
        else:
            assert row["stage"] == ((spans[0].get("stage") if spans else None) or event["stage"])
    assert {e["field"] for e in event["evidence"]} <= set(fields)
    assert client.get("/api/events/nope").status_code == 404


@pytest.mark.parametrize("country", ["Mali", "Burkina Faso", "Niger", "Nigeria"])
def test_demo_corpus_events_are_served(client, explorer_db, country):  # noqa: F811
    """The real pipeline's events of the demo corpus come back from the API, all of them."""
    expected = expected_events(explorer_db, country=country)
    demo = demo_events(explorer_db, country=country)
    assert demo, f"the pipeline read no {country} event from data/demo"
    body = client.get("/api/events", params={"country": country, "limit": 1000}).json()
    assert body["total"] == len(expected) and ids(body["items"]) == ids(expected)
    assert ids(demo) <= ids(body["items"])
    stats = client.get("/api/stats", params={"country": country}).json()
    assert stats["total"]["events"] == len(expected)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_demo_event_detail_has_its_article(client, explorer_db, language):  # noqa: F811
    articles = demo_articles(explorer_db)
    events = [e for e in demo_events(explorer_db) if articles[e["article_id"]]["language"] == language]
    assert events, f"no {language} event in the demo corpus"
    for event in events:
        body = client.get(f"/api/events/{event['event_id']}").json()
        article = body["article"]
        assert article["id"] == event["article_id"] and article["language"] == language
        assert article["title"] == articles[event["article_id"]]["title"]
        assert body["evidence"] == event["evidence"] and body["evidence"]
        for ev in body["evidence"]:
            assert article["text"][ev["start"]:ev["end"]] == ev["text"]


def test_article_text_is_returned_verbatim_as_json(client):
    body = client.get("/api/events/exss000000000001").json()
    assert body["article"]["text"] == XSS_TEXT     # escaping is the renderer's job, data stays exact


def test_articles(client, explorer_db):  # noqa: F811
    body = client.get("/api/articles", params={"limit": 5}).json()
    assert body["total"] >= 21 and len(body["items"]) == 5 and "text" not in body["items"][0]
    one = client.get(f"/api/articles/{body['items'][0]['id']}").json()
    assert one["article"]["text"] and all(e["article_id"] == one["article"]["id"] for e in one["events"])
    assert client.get("/api/articles/missing").status_code == 404
    assert client.get("/api/articles", params={"status": "weird"}).status_code == 422


def test_stats_agree_with_events(client, explorer_db):  # noqa: F811
    for params in ({}, {"country": "Niger"}, {"event_type": "Battles", "date_from": "2021-02-01"}):
        expected = expected_events(explorer_db, **params)
        s = client.get("/api/stats", params=params).json()
        assert s["total"]["events"] == len(expected)
        assert s["total"]["fatalities"] == sum(e["fatalities"] or 0 for e in expected)
        undated = [e for e in expected if not e["event_date"]]
        assert s["undated"]["events"] == len(undated)
        assert sum(w["events"] for w in s["by_week"]) == len(expected) - len(undated)
        assert sum(t["events"] for t in s["by_type"]) == len(expected)
        assert sum(a["events"] for a in s["by_admin1"]) == sum(1 for e in expected if e["admin1"])
        for w in s["by_week"]:
            assert sum(w["by_type"].values()) == w["events"]
        for a in s["by_actor"]:     # events in which the actor is actor1 or actor2, each once
            mine = [e for e in expected if a["actor"] in (e["actor1"], e["actor2"])]
            assert a["events"] == len(mine) and a["fatalities"] == sum(e["fatalities"] or 0 for e in mine)


def test_points_for_the_map(client, explorer_db):  # noqa: F811
    body = client.get("/api/events/points", params={"country": "Mali"}).json()
    expected = [e for e in expected_events(explorer_db, country="Mali") if e["latitude"] is not None]
    assert body["total"] == len(body["rows"]) == len(expected)
    assert body["columns"][:3] == ["event_id", "latitude", "longitude"]
    assert {r[0] for r in body["rows"]} == {e["event_id"] for e in expected}
    # more than the limit: the newest, by date then id
    newest = sorted(expected, key=lambda e: e["event_id"])
    newest.sort(key=lambda e: e["event_date"] or "", reverse=True)
    few = client.get("/api/events/points", params={"country": "Mali", "limit": 3}).json()
    assert few["total"] == len(expected) and [r[0] for r in few["rows"]] == [e["event_id"] for e in newest[:3]]


def test_actors_and_actor_page(client, explorer_db):  # noqa: F811
    expected = expected_events(explorer_db)
    body = client.get("/api/actors", params={"limit": 1000}).json()
    names = {i["name"]: i for i in body["items"]}
    # every actor: the events it takes part in, each counted once (an actor can hold both
    # sides of an event, or be a main actor and an associate)
    per_actor: dict[str, list[dict]] = {}
    for e in expected:
        for name in {e["actor1"], e["actor2"], *e["assoc_actor_1"], *e["assoc_actor_2"]} - {None, ""}:
            per_actor.setdefault(name, []).append(e)
    assert set(names) == set(per_actor) and body["total"] == len(per_actor)
    for name, evs in per_actor.items():
        assert names[name]["events"] == len(evs), name
        assert names[name]["fatalities"] == sum(e["fatalities"] or 0 for e in evs), name
    jnim = "JNIM: Group for Support of Islam and Muslims"
    n = len(per_actor[jnim])
    page = client.get(f"/api/actors/{jnim}").json()
    assert page["summary"]["events"] == n
    assert sum(w["events"] for w in page["activity"]) == n
    assert any(n["id"] == jnim for n in page["network"]["nodes"])
    assert {r["relation"] for r in page["relations"]} >= {"affiliated_with", "rival_of"}
    assert client.get("/api/actors/Nobody%20At%20All").status_code == 404


def test_network_window_and_weight(client):
    full = client.get("/api/network").json()
    assert full["nodes"] and full["edges"]
    node_ids = {n["id"] for n in full["nodes"]}
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in full["edges"])
    linked = {e["source"] for e in full["edges"]} | {e["target"] for e in full["edges"]}
    assert node_ids == linked                      # no isolated actor by default
    with_isolates = client.get("/api/network", params={"isolates": "true"}).json()
    assert len(with_isolates["nodes"]) > len(full["nodes"])   # protesters have no counterpart
    heavy = client.get("/api/network", params={"min_weight": 3}).json()
    assert all(e["weight"] >= 3 for e in heavy["edges"])
    assert len(heavy["edges"]) < len(full["edges"])
    window = client.get("/api/network", params={"date_from": "2021-05-01", "relations": "false"}).json()
    # a window keeps the events that overlap it (as /api/events does): each edge reaches into it
    assert window["edges"] and all(e["last"] >= "2021-05-01" for e in window["edges"])
    assert len(window["edges"]) < len(client.get("/api/network", params={"relations": "false"}).json()["edges"])


def test_relations_places_meta_health(client):
    rel = client.get("/api/relations", params={"relation": "rival_of"}).json()
    assert rel["total"] > 0 and {r["relation"] for r in rel["items"]} == {"rival_of"}
    places = client.get("/api/places").json()
    assert places["items"] and all(p["events"] > 0 for p in places["items"])
    meta = client.get("/api/meta").json()
    assert "Battles" in meta["event_types"] and {c["name"] for c in meta["countries"]} >= {"Mali", "Niger"}
    assert meta["corrections_enabled"] is False
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and isinstance(health["warm"], bool)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_endpoint(client, fmt):
    r = client.get(f"/api/export/{fmt}", params={"country": "Mali"})
    assert r.status_code == 200 and len(r.content) > 50
    assert "attachment" in r.headers["content-disposition"]


def test_export_unknown_format(client):
    assert client.get("/api/export/xlsx").status_code == 404


def test_boundaries(client, boundaries_dir):  # noqa: F811
    index = client.get("/api/boundaries").json()
    assert {"iso3": "MLI", "level": 1} in index["items"]
    gj = client.get("/api/boundaries/MLI/1").json()
    assert gj["type"] == "FeatureCollection" and gj["features"]
    assert all(f["properties"]["shapeName"] for f in gj["features"])
    assert client.get("/api/boundaries/TCD/2").status_code == 404


def test_report(client, explorer_db):  # noqa: F811
    body = client.get("/api/report", params={"from": "2021-03-01", "to": "2021-04-30"}).json()
    expected = expected_events(explorer_db, date_from="2021-03-01", date_to="2021-04-30")
    days = (date(2021, 4, 30) - date(2021, 3, 1)).days + 1
    prev_from = (date(2021, 3, 1) - timedelta(days=days)).isoformat()
    previous = expected_events(explorer_db, date_from=prev_from, date_to="2021-02-28")
    assert body["totals"]["events"] == len(expected)
    assert body["previous_totals"]["events"] == len(previous)
    assert body["previous_period"] == {"from": prev_from, "to": "2021-02-28"}
    assert len(body["key_events"]) <= 10


def test_openapi_and_web_root(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/stats", "/api/network", "/api/actors",
                 "/api/export/{fmt}", "/api/boundaries/{iso3}/{level}", "/api/events/{event_id}/corrections"):
        assert path in spec["paths"]
    root = client.get("/")
    assert root.status_code == 200 and "text/html" in root.headers["content-type"]
    assert "script-src 'self'" in root.headers["content-security-policy"]
    assert client.get("/api/unknown").status_code == 404


def test_every_endpoint_is_documented(client):
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "explorer.md").read_text(encoding="utf-8")
    for path, ops in client.get("/openapi.json").json()["paths"].items():
        for method in ops:
            assert f"`{method.upper()} {path}`" in doc, f"{method.upper()} {path} is not in docs/explorer.md"


def test_actor_filter_resolves_aliases(client, explorer_db):  # noqa: F811
    """An alias of the actor base finds its canonical actor's events, in any role."""
    pytest.importorskip("conflictmap.stages.actors")
    jnim = "JNIM: Group for Support of Islam and Muslims"
    expected = [e for e in expected_events(explorer_db)
                if jnim in (e["actor1"], e["actor2"], *e["assoc_actor_1"], *e["assoc_actor_2"])]
    body = client.get("/api/events", params={"actor": "GSIM", "limit": 1000}).json()
    assert body["total"] == len(expected) > 0 and ids(body["items"]) == ids(expected)
    stats = client.get("/api/stats", params={"actor": "GSIM"}).json()
    assert stats["total"]["events"] == len(expected)
    assert client.get("/api/events", params={"actor": "nobody of that name"}).json()["total"] == 0


def test_actor_base_enrichment(client):
    pytest.importorskip("conflictmap.stages.actors")
    jnim = "JNIM: Group for Support of Islam and Muslims"
    items = client.get("/api/actors", params={"name": "jnim"}).json()["items"]
    item = next(i for i in items if i["name"] == jnim)
    assert item["known"] is True and "JNIM" in item["aliases"]
    assert client.get(f"/api/actors/{jnim}").json()["known"] is True
