"""The explorer in headless Chromium (Debian's /usr/bin/chromium), against a live server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conflictmap.store import open_store
from explorer_fixtures import (  # noqa: F401  (fixtures)
    XSS_TEXT,
    boundaries_dir,
    demo_articles,
    demo_events,
    expected_events,
    explorer_db,
    server,
)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
JNIM = "JNIM: Group for Support of Islam and Muslims"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):  # noqa: F811
    # bypass_csp: the test proves the rendering itself is inert, without the CSP's help
    context = browser.new_context(viewport={"width": 1500, "height": 920}, bypass_csp=True)
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.base = server.url
    yield pg
    context.close()


def open_explorer(page, path="/"):
    page.goto(page.base + path)
    page.wait_for_function("document.body.dataset.ready === '1'", timeout=30_000)


def wait_refresh(page, before: int):
    page.wait_for_function(f"Number(document.body.dataset.generation) > {before} && document.body.dataset.loading === '0'",
                           timeout=30_000)


def generation(page) -> int:
    return int(page.evaluate("Number(document.body.dataset.generation || 0)"))


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def counts(page) -> tuple[int, int]:
    total = int(page.get_attribute("#list-count", "data-total"))
    mapped = int(page.get_attribute("#map-status", "data-count"))
    return total, mapped


def test_loads_without_errors_and_maps_every_event(page, explorer_db):  # noqa: F811
    open_explorer(page)
    expected = expected_events(explorer_db)
    located = [e for e in expected if e["latitude"] is not None]
    total, mapped = counts(page)
    assert total == len(expected) and mapped == len(located) < len(expected)   # some real events have no place
    # every located event is drawn (the map opens on all of them), inside a cluster or alone:
    # clusters are DOM icons with their count; single markers are canvas circles, which
    # the map counts for us (data-singles)
    in_clusters = page.evaluate("""() => [...document.querySelectorAll('.cluster')]
        .reduce((n, c) => n + Number(c.textContent.replace(/[^0-9]/g, '')), 0)""")
    drawn = page.evaluate("({...document.getElementById('map').dataset})")
    assert in_clusters == int(drawn["clustered"])
    assert in_clusters + int(drawn["singles"]) == len(located)
    admin_paths = page.evaluate("document.querySelectorAll('.leaflet-areas-pane path.leaflet-interactive').length")
    assert admin_paths > 0
    assert page.locator("#timeline svg rect").count() > 0
    shot(page, "explorer-map")
    assert page.errors == []


def test_filter_changes_counts(page, explorer_db):  # noqa: F811
    open_explorer(page)
    before = generation(page)
    page.select_option("select[name=country]", "Niger")
    page.fill("input[name=min_fatalities]", "3")
    page.click("#filters button[type=submit]")
    wait_refresh(page, before)
    expected = expected_events(explorer_db, country="Niger", min_fatalities=3)
    assert counts(page) == (len(expected), len(expected)) and 0 < len(expected) < len(expected_events(explorer_db))
    assert page.errors == []


def test_timeline_brush_filters_map_and_list(page, explorer_db):  # noqa: F811
    open_explorer(page)
    box = page.locator("#timeline svg").bounding_box()
    before = generation(page)
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.35, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.65, y, steps=5)
    page.mouse.up()
    wait_refresh(page, before)
    label = page.text_content("#brush-label")
    date_from, date_to = re.findall(r"\d{4}-\d{2}-\d{2}", label)
    expected = expected_events(explorer_db, date_from=date_from, date_to=date_to)
    total, mapped = counts(page)
    assert total == len(expected)
    assert mapped == sum(1 for e in expected if e["latitude"] is not None)
    assert 0 < total < len(expected_events(explorer_db))
    shot(page, "explorer-brushed")
    assert page.errors == []


def check_event_panel(page, event, article):
    """The open event shows its stored article verbatim, every evidence span marked with
    its field, nothing else marked, and each field's stage."""
    page.wait_for_selector(f"#event-head[data-event-id='{event['event_id']}']")
    assert page.text_content("#article-text") == article["text"]
    assert page.text_content("#article-title") == (article["title"] or "(untitled)")
    marks = page.evaluate("""() => [...document.querySelectorAll('#article-text mark.ev')]
        .map((m) => [m.textContent, m.dataset.fields.split(' ')])""")
    assert marks
    for ev in event["evidence"]:
        of_field = "".join(text for text, fields in marks if ev["field"] in fields)
        assert ev["text"] in of_field, (ev["field"], ev["text"])
    covered = set()
    for ev in event["evidence"]:
        covered |= set(range(ev["start"], ev["end"]))
    assert sum(len(text) for text, _f in marks) == len(covered)
    stages = dict(zip(page.locator("table.sources td:first-child").all_text_contents(),
                      page.locator("table.sources td.stage").all_text_contents(), strict=True))
    for ev in event["evidence"]:
        field = "event_date" if ev["field"] == "date" else ev["field"]
        first = next(e for e in event["evidence"] if e["field"] == ev["field"])
        assert stages[field] == (first.get("stage") or event["stage"])
    # the map rings the event's place, or nothing when it has none
    located = event["latitude"] is not None
    assert page.get_attribute("#map", "data-selected") == (event["event_id"] if located else "")
    assert page.locator(".leaflet-selection-pane path").count() == int(located)


def open_event_from_list(page, event_id):
    page.locator(f".event-item[data-event-id='{event_id}']").click()


def test_event_shows_highlighted_evidence(page, explorer_db):  # noqa: F811
    open_explorer(page)
    event_id = page.locator(".event-item").first.get_attribute("data-event-id")
    open_event_from_list(page, event_id)
    event = next(e for e in expected_events(explorer_db) if e["event_id"] == event_id)
    check_event_panel(page, event, article_of(explorer_db, event))
    shot(page, "explorer-event")
    assert page.errors == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_demo_article_events_show_their_evidence(page, explorer_db, language):  # noqa: F811
    """Events the real pipeline read from the demo corpus, in English and in French."""
    open_explorer(page)
    articles = demo_articles(explorer_db)
    listed = set(page.locator(".event-item").evaluate_all("(items) => items.map((i) => i.dataset.eventId)"))
    events = [e for e in demo_events(explorer_db) if articles[e["article_id"]]["language"] == language
              and e["event_id"] in listed]
    assert events, f"no {language} demo event in the list"
    # the event with the most evidence: the richest highlighting
    event = max(events, key=lambda e: (len(e["evidence"]), e["event_id"]))
    open_event_from_list(page, event["event_id"])
    check_event_panel(page, event, article_of(explorer_db, event))
    page.locator("#mark-legend").evaluate("(e) => e.scrollIntoView({block: 'start'})")
    shot(page, f"explorer-demo-{language}")
    assert page.errors == []


def article_of(db, event):
    store = open_store(db, create=False)
    try:
        return store.get_article(event["article_id"])
    finally:
        store.close()


def test_article_script_does_not_run(page):
    open_explorer(page)
    page.evaluate("window.__xss = undefined")
    page.evaluate("""async () => {
        const item = [...document.querySelectorAll('.event-item')].find(e => e.dataset.eventId === 'exss000000000001');
        if (item) item.click();
    }""")
    page.wait_for_selector("#event-head[data-event-id=exss000000000001]")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None
    text = page.text_content("#article-text")
    assert "<script>window.__xss = 1</script>" in text and 'onerror="window.__xss=2"' in text
    assert text == XSS_TEXT
    assert page.locator("#article-text script, #article-text img, #event-detail img").count() == 0
    assert "onerror" in page.text_content("#article-title")
    assert page.locator("#event-detail b").count() == 0        # actor name markup stays text
    assert page.errors == []


def test_demo_hostile_article_is_inert(page, explorer_db):  # noqa: F811
    """The demo corpus's own hostile page (06_fr_niamey_manifestation_xss.html) keeps its
    markup as text after the real pipeline: it must render as text too."""
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_explorer(page)
    hostile = [e for e in demo_events(explorer_db) if "<script>" in article_of(explorer_db, e)["text"]]
    assert hostile, "the demo's hostile article lost its markup or its events"
    event = hostile[0]
    open_event_from_list(page, event["event_id"])
    check_event_panel(page, event, article_of(explorer_db, event))
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.locator("#article-text script, #article-text img, #event-detail img").count() == 0
    assert page.errors == []


def test_network_graph_renders(page):
    open_explorer(page, "/#network")
    page.wait_for_selector("#network svg[data-nodes]")
    n = int(page.get_attribute("#network svg", "data-nodes"))
    assert n > 3 and page.locator("#network svg circle").count() == n
    assert page.locator("#network svg line").count() == int(page.get_attribute("#network svg", "data-edges")) > 0
    shot(page, "explorer-network")
    assert page.errors == []


def test_actor_page(page, explorer_db):  # noqa: F811
    open_explorer(page)
    page.goto(page.base + "/#actor/" + JNIM.replace(" ", "%20"))
    page.wait_for_selector("#actor-head")
    page.wait_for_selector(".ego svg circle.centre")
    events = [e for e in expected_events(explorer_db) if JNIM in (e["actor1"], e["actor2"])]
    assert page.locator("#actor-head .fact b").first.text_content().replace(",", "") == str(len(events))
    shot(page, "explorer-actor")
    assert page.errors == []


def test_situation_report_renders_and_prints(page, explorer_db):  # noqa: F811
    page.goto(page.base + "/report.html?admin1=Mopti&from=2021-01-01&to=2021-05-31")
    page.wait_for_function("document.body.dataset.ready === '1'", timeout=30_000)
    expected = expected_events(explorer_db, admin1="Mopti", date_from="2021-01-01", date_to="2021-05-31")
    assert page.text_content("#kpi-events") == str(len(expected))
    assert page.text_content("#report-title") == "Mopti"
    assert int(page.get_attribute("#report-map svg", "data-points")) == len(expected)
    assert page.locator("#key-events .event").count() == min(10, len(expected))
    shot(page, "report")
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf[:5] == b"%PDF-" and len(pdf) > 10_000
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report.pdf").write_bytes(pdf)
    assert page.errors == []
