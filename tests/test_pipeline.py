"""The pipeline's batch behaviour: identity, near-duplicates, failures that never
stop a batch, resuming after an interruption, and the versioned stage recorded on
every stored row. Most tests use a fast stand-in for the extractor; the ones that
check real events are marked slow."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from conflictmap.config import Settings
from conflictmap.pipeline import STAGES, ingest
from conflictmap.stages import clean, dedup, language
from conflictmap.stages import ingest as ingest_stage
from qa_helpers import FAKE_STAGE, FakeExtractor

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"

STORY = """Gunmen attack checkpoint near {place}

Gunmen on motorcycles attacked an army checkpoint near {place} on Tuesday, killing {n} soldiers, a military source said.

{detail}

Residents said they heard gunfire for more than an hour and that several families had left for the nearest town.
"""
PLACES = ["Boulkessi", "Mondoro", "Diafarabé", "Tenenkou", "Youwarou", "Dioura", "Sokolo", "Nampala"]
VOCABULARY = """army village market road convoy trader farmer herder cattle millet harvest river bridge
school clinic mayor governor council radio statement ministry province district border forest
well water fuel truck motorcycle night morning evening week month season rain drought price
grain family refugee camp officer police gendarme militia hunter elder chief youth women men
children teacher nurse driver bus checkpoint base patrol mission aid agency report witness""".split()


def story(i: int, place: str | None = None) -> str:
    """A short report; reports with different `i` share few word 5-grams."""
    rnd = random.Random(i)
    detail = " ".join(rnd.choice(VOCABULARY) for _ in range(60)) + "."
    return STORY.format(place=place or PLACES[i % len(PLACES)], n=i + 2, detail="The " + detail)


def write_stories(folder: Path, count: int = 6, first: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(first, first + count):
        path = folder / f"{i:02d}_story.txt"
        path.write_text(story(i), encoding="utf-8")
        paths.append(path)
    return paths


class Counter:
    """A progress bar stand-in that records updates (and can stop the run)."""

    def __init__(self, total: int, stop_after: int | None = None) -> None:
        self.total, self.n, self.stop_after, self.closed = total, 0, stop_after, False

    def update(self, k: int) -> None:
        self.n += k
        if self.stop_after is not None and self.n >= self.stop_after:
            raise KeyboardInterrupt

    def close(self) -> None:
        self.closed = True


def test_stages_are_listed_in_order():
    names = [name for name, _, _ in STAGES]
    assert names[:4] == ["ingest", "clean", "language", "dedup"]
    assert names[-1] == "store"


def test_a_batch_is_stored_and_reported(store, tmp_path):
    paths = write_stories(tmp_path / "in")
    bars = []
    report = ingest([str(tmp_path / "in")], store, extractor=FakeExtractor(),
                    progress=lambda total: bars.append(Counter(total)) or bars[-1])
    assert (report.read, report.stored, report.unchanged, report.failures) == (len(paths), len(paths), 0, [])
    assert report.events == len(paths) and report.words > 0
    assert bars[0].total == len(paths) and bars[0].n == len(paths) and bars[0].closed
    assert store.summary()["articles"] == len(paths)
    run = store.runs()[0]
    assert run["status"] == "done" and run["counts"]["stored"] == len(paths)


def test_ingesting_the_same_articles_twice_changes_nothing(store, tmp_path):
    write_stories(tmp_path / "in")
    ingest([str(tmp_path / "in")], store, extractor=FakeExtractor())
    before = store.summary()
    extractor = FakeExtractor()
    again = ingest([str(tmp_path / "in")], store, extractor=extractor)
    assert again.stored == 0 and again.unchanged == again.read == 6
    assert extractor.seen == []          # nothing was re-extracted
    assert store.summary() == before


def test_the_same_text_with_other_whitespace_is_the_same_article(store, tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    text = story(103)
    a.write_text(text, encoding="utf-8")
    b.write_text(text.replace(" ", "  ").replace("\n", "\r\n"), encoding="utf-8")
    report = ingest([str(a), str(b)], store, extractor=FakeExtractor())
    assert (report.stored, report.unchanged) == (1, 1)


def test_every_stored_row_names_the_stage_that_produced_it(store, tmp_path):
    write_stories(tmp_path / "in", 1)
    ingest([str(tmp_path / "in")], store, extractor=FakeExtractor())
    article = store.list_articles()[0][0]
    stages = store.get_article(article["id"])["stages"]
    assert stages["clean"] == clean.STAGE
    assert stages["language"] == language.STAGE
    assert stages["events"] == FAKE_STAGE
    event = store.query_events(__import__("conflictmap.store", fromlist=["EventQuery"]).EventQuery())[0][0]
    row = store.get_event(event["event_id"])
    assert row["stage"] == FAKE_STAGE
    assert all(ev["stage"] == FAKE_STAGE for ev in row["evidence"])


# -- near-duplicates ------------------------------------------------------------------
SYNDICATED = """WEST SAHEL WIRE
Latest | Sahel | Coast | Markets | Video
Type to search

{body}
The defence ministry did not respond to a request for comment.

Share on Facebook   Share on Twitter
© 2024 West Sahel Wire. All rights reserved.
"""


@pytest.mark.parametrize("copy_first", [False, True], ids=["original-first", "copy-first"])
def test_a_syndicated_copy_in_the_same_batch_is_linked_not_extracted(store, tmp_path, copy_first):
    """Regression: the copy was saved before its original and the link row broke the
    foreign key, which stopped the whole batch (`FOREIGN KEY constraint failed`)."""
    original = tmp_path / "a_original.txt"
    copy = tmp_path / "b_copy.txt"
    body = story(100)
    original.write_text(body, encoding="utf-8")
    copy.write_text(SYNDICATED.format(body=body.split("\n", 2)[2]), encoding="utf-8")
    other = write_stories(tmp_path / "c_more", 3, first=10)
    inputs = [str(copy), str(original)] if copy_first else [str(original), str(copy)]
    extractor = FakeExtractor()
    report = ingest(inputs + [str(p) for p in other], store, extractor=extractor)
    assert report.failures == []
    assert (report.stored, report.duplicates) == (4, 1)
    assert len(extractor.seen) == 4
    summary = store.summary()
    assert summary["near_duplicates"] == 1 and summary["articles_by_status"] == {"done": 4, "duplicate": 1}
    assert summary["events"] == 4                      # the copy did not double the events
    dup = [a for a in store.list_articles(status="duplicate")[0]][0]
    assert store.get_article(dup["id"])["stages"]["dedup"] == dedup.STAGE
    # and a third run over everything changes nothing
    again = ingest(inputs, store, extractor=FakeExtractor())
    assert again.unchanged == 2 and store.summary() == summary


def test_a_copy_of_a_stored_article_is_linked_in_a_later_run(store, tmp_path):
    original = tmp_path / "original.txt"
    body = story(101)
    original.write_text(body, encoding="utf-8")
    ingest([str(original)], store, extractor=FakeExtractor())
    copy = tmp_path / "copy.txt"
    copy.write_text(SYNDICATED.format(body=body.split("\n", 2)[2]), encoding="utf-8")
    report = ingest([str(copy)], store, extractor=FakeExtractor())
    assert report.duplicates == 1 and report.stored == 0
    assert store.summary()["events"] == 1


def test_a_copy_of_an_original_that_fails_is_extracted_in_its_own_right(store, tmp_path):
    body = story(102)
    (tmp_path / "a.txt").write_text(body + "\nThe POISON sentence makes it fail.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(SYNDICATED.format(body=body.split("\n", 2)[2]), encoding="utf-8")
    report = ingest([str(tmp_path)], store, extractor=FakeExtractor(fail_on="POISON"))
    assert len(report.failures) == 1 and report.stored == 1 and report.duplicates == 0
    assert store.summary()["articles_by_status"] == {"done": 1}


# -- failures never stop a batch ----------------------------------------------------------
def test_a_failing_article_is_recorded_and_the_batch_goes_on(store, tmp_path):
    paths = write_stories(tmp_path / "in", 5)
    paths[2].write_text(paths[2].read_text(encoding="utf-8") + "\nPOISON sentence here.\n", encoding="utf-8")
    report = ingest([str(tmp_path / "in")], store, extractor=FakeExtractor(fail_on="POISON"))
    assert report.stored == 4 and len(report.failures) == 1
    failure = store.failures()[0]
    assert failure["source"] == str(paths[2]) and "POISON" in failure["message"]
    assert failure["stage"] == FAKE_STAGE and failure["run_id"] == report.run_id


def test_unsupported_languages_are_stored_and_reported(store, tmp_path):
    path = tmp_path / "de.txt"
    path.write_text(
        "Bewaffnete haben am Dienstag einen Kontrollposten der Armee angegriffen und vier Soldaten getötet, "
        "wie eine Quelle aus dem Militär mitteilte. Die Angreifer nahmen zwei Fahrzeuge mit und zogen sich "
        "anschließend in den Wald zurück, berichteten Bewohner der Gegend am Mittwoch.\n", encoding="utf-8")
    report = ingest([str(path)], store, extractor=FakeExtractor())
    assert report.unsupported == 1 and report.stored == 0
    article = store.list_articles(status="unsupported")[0][0]
    assert article["language"] == "de" and article["language_supported"] is False
    assert "not yet supported" in store.failures()[0]["message"]


# -- resuming ------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["progress", "extractor"])
def test_an_interrupted_run_resumes_where_it_stopped(store, tmp_path, how):
    write_stories(tmp_path / "in", 8)
    if how == "progress":
        kwargs = {"extractor": FakeExtractor(), "progress": lambda total: Counter(total, stop_after=3)}
    else:
        kwargs = {"extractor": FakeExtractor(interrupt_after=3)}
    with pytest.raises(KeyboardInterrupt):
        ingest([str(tmp_path / "in")], store, **kwargs)
    assert store.summary()["articles"] == 3
    assert store.runs()[0]["status"] == "interrupted"
    extractor = FakeExtractor()
    report = ingest([str(tmp_path / "in")], store, extractor=extractor)
    assert (report.unchanged, report.stored) == (3, 5)
    assert len(extractor.seen) == 5                 # only what was left
    summary = store.summary()
    assert summary["articles"] == 8 and summary["events"] == 8
    assert len({a["id"] for a in store.list_articles(limit=100)[0]}) == 8


def test_input_failures_are_recorded_with_the_reason(store, tmp_path):
    write_stories(tmp_path, 2)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    report = ingest([str(tmp_path), str(tmp_path / "missing.txt")], store, extractor=FakeExtractor())
    assert report.stored == 2
    reasons = {Path(f.source).name: (f.error, f.message) for f in report.failures}
    assert reasons["empty.txt"][0] == "EmptyInput"
    assert reasons["binary.txt"][0] == "BinaryInput" and "binary" in reasons["binary.txt"][1]
    assert reasons["missing.txt"] == ("InputError", "no such file or directory")
    assert {f["source"] for f in store.failures()} == {f.source for f in report.failures}
    assert all(f.stage == ingest_stage.STAGE for f in report.failures)


# -- with the real extractor -----------------------------------------------------------------
@pytest.mark.slow
def test_demo_syndicated_copy_is_linked_and_does_not_double_events(extractor, tmp_path):
    from conflictmap.store import EventQuery, open_store

    store = open_store(str(tmp_path / "demo.db"))
    files = [str(DEMO / "01_en_boni_ied.html"), str(DEMO / "15_en_boni_ied_syndicated.txt")]
    alone = ingest(files[:1], store, extractor=extractor)
    report = ingest(files, store, extractor=extractor)
    assert report.failures == [] and (report.unchanged, report.duplicates) == (1, 1)
    links = store.duplicates_of(store.list_articles(status="duplicate")[0][0]["id"])
    assert len(links) == 1 and links[0]["kind"] == "near_duplicate" and links[0]["score"] >= 0.8
    assert store.query_events(EventQuery())[1] == alone.events
    # the same pair in one batch, copy first
    store2 = open_store(str(tmp_path / "demo2.db"))
    both = ingest(files[::-1], store2, extractor=extractor)
    assert both.failures == [] and (both.stored, both.duplicates) == (1, 1)
    assert store2.query_events(EventQuery())[1] == alone.events
    store.close()
    store2.close()


@pytest.mark.slow
def test_stored_events_and_evidence_record_their_stages(extractor, tmp_path):
    from conflictmap.store import EventQuery, open_store

    store = open_store(str(tmp_path / "s.db"))
    ingest([str(DEMO / "10_en_togo_kpendjal_attack.html")], store, extractor=extractor)
    article = store.list_articles()[0][0]
    stored = store.get_article(article["id"])
    assert {"clean", "language", "nlp", "events", "actors", "places"} <= set(stored["stages"])
    rows, total = store.query_events(EventQuery())
    assert total >= 1
    for row in rows:
        event = store.get_event(row["event_id"])
        assert event["stage"] == stored["stages"]["events"]
        for ev in event["evidence"]:
            assert ev["stage"], ev
            assert stored["text"][ev["start"]:ev["end"]] == ev["text"]
    json.dumps(stored["stages"])
    store.close()


def test_demo_corpus_can_be_copied_and_read_without_failures(tmp_path):
    """Every demo input reads and cleans (no extraction): 29 articles, no failure."""
    from conflictmap.pipeline import prepare

    shutil.copytree(DEMO, tmp_path / "demo")
    items = list(ingest_stage.read_inputs([str(tmp_path / "demo")], Settings()))
    failures = [i for i in items if not hasattr(i, "fmt")]
    assert failures == []
    docs = [prepare(i) for i in items]
    assert len(docs) == 29 and {d.language for d in docs} == {"en", "fr"}


def test_an_interruption_while_reading_marks_the_run_interrupted(store, tmp_path, monkeypatch):
    """Regression: Ctrl-C while inputs were still being read (a slow feed, say) left
    the run 'running' forever in `conflictmap status`."""
    from conflictmap import pipeline
    from conflictmap.models import RawArticle

    def reading(inputs, settings, fetcher=None):
        yield RawArticle(source="a.txt", fmt="txt", text=story(1))
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "read_inputs", reading)
    with pytest.raises(KeyboardInterrupt):
        ingest(["a.txt"], store, extractor=FakeExtractor())
    run = store.runs()[0]
    assert run["status"] == "interrupted" and run["counts"]["read"] == 1 and run["counts"]["interrupted"]
