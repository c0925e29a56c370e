"""Re-saving an article (re-processing) replaces its rows everywhere, the SQLite
full-text index included."""

from __future__ import annotations

from sqlalchemy import text

from conflictmap.models import Evidence, Extraction
from conflictmap.store import EventQuery, open_store
from conftest import make_document, make_event


def test_resaving_an_article_replaces_its_full_text_rows(tmp_path):
    """Regression: the events' full-text rows were deleted after the events, so the
    subquery found none; every re-processing added another copy, and the old
    evidence stayed searchable."""
    store = open_store(str(tmp_path / "fts.db"))
    doc = make_document("Gunmen ambushed a convoy near Solhan on Friday. Soldiers attacked the camp later.")
    first = make_event(article_id=doc.id, evidence=[Evidence("event_type", 7, 15, "ambushed", "test")])
    store.save_extraction(Extraction(document=doc, events=[first]))
    second = make_event(article_id=doc.id, evidence=[Evidence("event_type", 57, 65, "attacked", "test")])
    for _ in range(3):
        store.save_extraction(Extraction(document=doc, events=[second]))
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM events_fts")).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM articles_fts")).scalar_one() == 1
        bodies = [r[0] for r in conn.execute(text("SELECT body FROM events_fts"))]
    assert bodies == ["attacked"]
    assert store.query_events(EventQuery(q="attacked"))[1] == 1
    store.close()
