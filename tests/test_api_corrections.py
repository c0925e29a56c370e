"""Corrections over HTTP: bearer token, read-only without one, audit trail, re-save."""

from __future__ import annotations

import httpx
import pytest

from conflictmap.config import Settings
from conflictmap.store import EventQuery, open_store
from explorer_fixtures import build_db, fixture_extractions, live_server

TOKEN = "s3cret-token-for-tests"


@pytest.fixture()
def db(tmp_path):
    return build_db(tmp_path / "corrections.db")


@pytest.fixture()
def api(db):
    for srv in live_server(db, Settings(token=TOKEN)):
        with httpx.Client(base_url=srv.url, timeout=30) as c:
            yield c


def auth(token=TOKEN):
    return {"Authorization": f"Bearer {token}"}


def first_event(db):
    store = open_store(db, create=False)
    rows, _ = store.query_events(EventQuery(country="Mali", limit=2))
    store.close()
    return rows


def test_read_only_without_token(db):
    for srv in live_server(db, Settings(token=None)):
        with httpx.Client(base_url=srv.url) as c:
            event = first_event(db)[0]
            r = c.post(f"/api/events/{event['event_id']}/corrections", json={"action": "reject", "who": "a"},
                       headers=auth("anything"))
            assert r.status_code == 403 and "CONFLICTMAP_TOKEN" in r.json()["detail"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}])
def test_bad_or_missing_token_is_401(api, db, headers):
    event = first_event(db)[0]
    r = api.post(f"/api/events/{event['event_id']}/corrections", json={"action": "reject", "who": "a"},
                 headers=headers)
    assert r.status_code == 401
    assert api.get(f"/api/events/{event['event_id']}").json()["event"]["status"] == "active"


def test_edit_is_audited_and_visible(api, db):
    event = first_event(db)[0]
    url = f"/api/events/{event['event_id']}/corrections"
    r = api.post(url, json={"action": "edit", "changes": {"fatalities": 99, "admin2": "Douentza"},
                            "note": "checked with a second source"},
                 headers={**auth(), "X-Analyst": "Aminata"})
    assert r.status_code == 201, r.text
    assert r.json()["event"]["fatalities"] == 99
    trail = api.get(url).json()
    assert trail["total"] == 2
    by_field = {c["field"]: c for c in trail["items"]}
    assert by_field["fatalities"]["before"] == event["fatalities"] and by_field["fatalities"]["after"] == 99
    assert by_field["fatalities"]["who"] == "Aminata" and by_field["fatalities"]["at"]
    assert api.get(f"/api/events/{event['event_id']}").json()["event"]["admin2"] == "Douentza"
    stats = api.get("/api/stats", params={"country": "Mali"}).json()
    store = open_store(db, create=False)
    assert stats["total"]["fatalities"] == sum(e["fatalities"] or 0 for e in store.iter_events(EventQuery(country="Mali")))
    store.close()


@pytest.mark.parametrize("body,fragment", [
    ({"action": "edit", "changes": {"evidence_text": "x"}, "who": "a"}, "not editable"),
    ({"action": "edit", "changes": {"fatalities": -3}, "who": "a"}, "fatalities"),
    ({"action": "edit", "changes": {"fatalities": "many"}, "who": "a"}, "fatalities"),
    ({"action": "edit", "changes": {"latitude": 123}, "who": "a"}, "latitude"),
    ({"action": "edit", "changes": {"event_type": "Picnic"}, "who": "a"}, "event_type"),
    ({"action": "edit", "changes": {"event_type": "Battles", "sub_event_type": "Attack"}, "who": "a"}, "not a kind"),
    ({"action": "edit", "changes": {"event_date": "2021-02-31"}, "who": "a"}, "event_date"),
    ({"action": "edit", "changes": {}, "who": "a"}, "at least one"),
    ({"action": "explode", "who": "a"}, "action"),
    ({"action": "reject"}, "who"),
    ({"action": "merge", "who": "a"}, "merge_into"),
    ({"action": "merge", "who": "a", "merge_into": "no-such-event"}, "no event"),
])
def test_invalid_corrections_are_422(api, db, body, fragment):
    event = first_event(db)[0]
    r = api.post(f"/api/events/{event['event_id']}/corrections", json=body, headers=auth())
    assert r.status_code == 422, r.text
    assert fragment in str(r.json()["detail"])


def test_unknown_event_is_404(api):
    r = api.post("/api/events/missing/corrections", json={"action": "reject", "who": "a"}, headers=auth())
    assert r.status_code == 404


def test_reject_restore_merge(api, db):
    a, b = first_event(db)
    url = f"/api/events/{a['event_id']}/corrections"
    total = api.get("/api/events").json()["total"]
    assert api.post(url, json={"action": "reject", "who": "Ibrahim"}, headers=auth()).status_code == 201
    assert api.get("/api/events").json()["total"] == total - 1
    assert api.post(url, json={"action": "restore", "who": "Ibrahim"}, headers=auth()).status_code == 201
    assert api.get("/api/events").json()["total"] == total
    r = api.post(url, json={"action": "merge", "merge_into": b["event_id"], "who": "Ibrahim"}, headers=auth())
    assert r.status_code == 201 and r.json()["event"]["merged_into"] == b["event_id"]
    assert api.get("/api/events").json()["total"] == total - 1
    assert [c["action"] for c in api.get(url).json()["items"]] == ["reject", "restore", "merge"]


def test_corrections_survive_resave(api, db):
    event = first_event(db)[0]
    url = f"/api/events/{event['event_id']}/corrections"
    assert api.post(url, json={"action": "edit", "changes": {"fatalities": 42}, "who": "Aminata"},
                    headers=auth()).status_code == 201
    store = open_store(db)
    extraction = next(x for x in fixture_extractions() if x.document.id == event["article_id"])
    store.save_extraction(extraction)       # the pipeline re-processes the article
    assert store.get_event(event["event_id"])["fatalities"] == 42
    store.close()
    assert api.get(f"/api/events/{event['event_id']}").json()["event"]["fatalities"] == 42
    assert len(api.get(url).json()["items"]) == 1
