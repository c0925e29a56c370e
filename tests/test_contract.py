"""The stateless extraction contract, `conflictmap extract IN.jsonl -o OUT.jsonl`:
the record fields are a snapshot others depend on, evidence offsets index the text
written by --articles-out, and a broken line is reported while the rest goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictmap.models import EVENT_RECORD_FIELDS, PLACE_RECORD_FIELDS, RELATION_RECORD_FIELDS

# The contract. Changing it breaks every consumer of `conflictmap extract`: fields
# may only be added at the end (and this snapshot updated in the same commit).
EVENT_FIELDS_SNAPSHOT = (
    "article_id", "event_id", "kind", "event_date", "date_start", "date_end",
    "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "inter1", "actor2", "assoc_actor_2", "inter2", "civilian_targeting", "country",
    "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
    "where_prec", "geonameid", "fatalities", "fatalities_low", "fatalities_high",
    "evidence", "confidence", "language",
)
RELATION_FIELDS_SNAPSHOT = (
    "article_id", "relation", "actor_a", "actor_b", "date_start", "date_end",
    "time_precision", "polarity", "attribution", "amount", "share", "evidence",
    "confidence",
)
PLACE_FIELDS_SNAPSHOT = (
    "text", "start", "end", "name", "geonameid", "latitude", "longitude", "country",
    "admin1", "admin2", "feature", "geo_precision", "where_prec", "source",
)
EVIDENCE_KEYS = ["field", "start", "end", "text"]


def test_event_record_fields_snapshot():
    assert EVENT_RECORD_FIELDS == EVENT_FIELDS_SNAPSHOT


def test_relation_and_place_record_fields_snapshot():
    assert RELATION_RECORD_FIELDS == RELATION_FIELDS_SNAPSHOT
    assert PLACE_RECORD_FIELDS == PLACE_FIELDS_SNAPSHOT


def test_an_event_record_has_exactly_the_contract_fields(event_factory):
    record = event_factory().as_record()
    assert tuple(record) == EVENT_FIELDS_SNAPSHOT
    assert list(record["evidence"][0]) == EVIDENCE_KEYS
    json.dumps(record)


def test_parse_line_errors_name_the_line():
    from conflictmap.contract import parse_line
    from conflictmap.errors import MalformedRecord

    for line, message in (('{"id": 1, "text": ', "line 7 is not valid JSON"), ("[1, 2]", "not a JSON object"),
                          ('{"id": "x"}', "has no 'text' string"), ('{"text": "  "}', "has no 'text' string"),
                          ('{"text": "An attack.", "published": "yesterday"}', "cannot read the published date")):
        with pytest.raises(MalformedRecord, match=message) as info:
            parse_line(line, 7, "in.jsonl")
        assert info.value.source == "in.jsonl:7"


def test_a_line_that_is_all_site_chrome_is_reported_not_silently_empty():
    """Regression: a line whose text was only chrome gave an article with empty text
    and no message."""
    from conflictmap.contract import extract_lines
    from qa_helpers import FakeExtractor

    lines = [json.dumps({"id": "x", "text": "Connect with us\nLeave a Reply\nYou May Also Like"}),
             json.dumps({"id": "y", "text": "Gunmen killed 12 people in Solhan on Friday, residents said."})]
    first, second = extract_lines(lines, FakeExtractor(), source="in.jsonl")
    assert first.failure.source == "in.jsonl:1" and "no article text" in first.failure.message
    assert second.failure is None and second.article["id"] == "y"


def test_extract_to_an_unwritable_path_fails_before_loading_the_models(tmp_path, monkeypatch):
    """Regression: an OSError traceback, after loading the models."""
    from click.testing import CliRunner

    from conflictmap import pipeline
    from conflictmap.cli import main

    def no_models(cls, *a, **k):
        raise AssertionError("the models were loaded")

    monkeypatch.setattr(pipeline.Extractor, "default", classmethod(no_models))
    src = tmp_path / "in.jsonl"
    src.write_text(LINES[0] + "\n", encoding="utf-8")
    for args in (["-o", str(tmp_path / "no" / "out.jsonl")], ["--articles-out", str(tmp_path / "no" / "a.jsonl")]):
        result = CliRunner().invoke(main, ["extract", str(src), *args])
        assert result.exit_code == 2 and "cannot write (No such file or directory)" in result.output


# -- through the command, with the real extractor -------------------------------------------------------
EN = ("At least 53 soldiers and one civilian were killed on Friday when gunmen stormed a Malian army post at "
      "Indelimane, in the Ménaka region, the government said in a statement read on state television. The "
      "Islamic State group claimed the raid through its Amaq outlet late on Saturday.")
FR = ("Des hommes armés ont attaqué mardi soir un poste de gendarmerie à Anzourou, dans la région de Tillabéri, "
      "tuant trois gendarmes, selon une source sécuritaire. Les assaillants ont incendié deux véhicules avant "
      "de se replier vers la frontière malienne.")
CHROME = ("Connect with us\nHi, what are you looking for?\n\n" + EN.replace("Friday", "Sunday").replace("53", "12")
          + "\n\nImage without a caption\n\nResidents said the attackers withdrew towards the border after "
          "the assault, taking weapons and two vehicles with them.\n\nLeave a Reply\n\nYou May Also Like\n\n"
          "Share this...FacebookTwitter Gunmen kill 40 villagers in an attack on a market in Zamfara.\n")
LINES = [
    json.dumps({"id": "en-1", "text": EN, "published": "2019-11-02", "title": "Indelimane"}),
    '{"id": "broken", "text": "unterminated',
    json.dumps({"id": "fr-1", "text": FR, "published": "2023-03-14", "language": "fr"}),
    json.dumps({"id": "chrome-1", "text": CHROME, "published": "2019-11-04"}),
    json.dumps({"id": "no-text", "title": "nothing"}),
    json.dumps({"id": "sw-1", "text": "Wapiganaji walishambulia kituo cha jeshi karibu na mpaka siku ya Jumanne, na "
                "kuwaua askari wanne, afisa mmoja wa jeshi alisema.", "published": "2023-01-01"}),
]


@pytest.fixture
def cli(extractor, monkeypatch):
    from click.testing import CliRunner

    from conflictmap import pipeline
    from conflictmap.cli import main

    monkeypatch.setattr(pipeline.Extractor, "default", classmethod(lambda cls, *a, **k: extractor))
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:
        runner = CliRunner()
    return lambda args, **kw: runner.invoke(main, args, **kw)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.slow
def test_extract_files_contract(cli, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    out, arts = tmp_path / "out.jsonl", tmp_path / "articles.jsonl"
    result = cli(["extract", str(src), "-o", str(out), "--articles-out", str(arts)])
    assert result.exit_code == 0, result.output
    # broken lines: a clear message each, and the rest processed
    assert f"skipped {src}:2: line 2 is not valid JSON" in result.stderr
    assert f"skipped {src}:5: line 5 has no 'text' string" in result.stderr
    assert "2 line(s) skipped" in result.stderr
    records = read_jsonl(out)
    articles = {a["id"]: a for a in read_jsonl(arts)}
    assert set(articles) == {"en-1", "fr-1", "chrome-1", "sw-1"}
    assert articles["sw-1"]["language_supported"] is False
    assert articles["en-1"]["text"] == EN                         # nothing to clean: verbatim
    assert "Connect with us" not in articles["chrome-1"]["text"]  # cleaned: offsets index this text
    assert "Zamfara" not in articles["chrome-1"]["text"]
    assert {r["article_id"] for r in records} >= {"en-1", "fr-1", "chrome-1"}
    for record in records:
        assert record["record"] == "event"
        assert tuple(k for k in record if k != "record") == EVENT_FIELDS_SNAPSHOT
        assert list(record) == list(EVENT_FIELDS_SNAPSHOT) + ["record"]
        text = articles[record["article_id"]]["text"]
        assert record["evidence"], record
        for ev in record["evidence"]:
            assert list(ev) == EVIDENCE_KEYS
            assert text[ev["start"]:ev["end"]] == ev["text"], (record["article_id"], ev)
    en = [r for r in records if r["article_id"] == "en-1" and r["kind"] == "event"]
    assert en and en[0]["country"] == "Mali" and en[0]["event_date"] == "2019-11-01"


@pytest.mark.slow
def test_extract_stdin_to_stdout_and_kind_filter(cli):
    result = cli(["extract", "--kind", "event"], input="\n".join(LINES[:3]) + "\n")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and {r["kind"] for r in records} == {"event"}
    assert "skipped stdin:2: line 2 is not valid JSON" in result.stderr


@pytest.mark.slow
def test_extract_of_an_unreadable_file_is_a_clear_error(cli, tmp_path):
    result = cli(["extract", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2 and f"{tmp_path / 'missing.jsonl'}: cannot read" in result.stderr


# -- offsets always slice the cleaned text (property) ------------------------------------------------------------
EVENT_SENTENCES = [
    "Gunmen killed {n} civilians in {place} on {day}, residents said.",
    "Soldiers clashed with militants near {place} on {day}, leaving {n} dead, the army said.",
    "A roadside bomb struck a military convoy near {place} on {day}, killing {n} soldiers.",
    "Des hommes armés ont tué {n} civils à {place} {jour}, selon des habitants.",
    "Protesters marched through {place} on {day} to demand the departure of foreign troops.",
]
CHROME_LINES = ["Connect with us", "Share this...FacebookTwitter", "Click to comment", "Home | News | Africa",
                "Trucks wait for an army escort near Gao. (Reuters/Someone)", "You May Also Like", "Leave a Reply"]


@st.composite
def articles(draw):
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(CHROME_LINES)))
        template = draw(st.sampled_from(EVENT_SENTENCES))
        parts.append(template.format(
            n=draw(st.integers(1, 60)), place=draw(st.sampled_from(["Gao", "Djibo", "Ménaka", "Maiduguri", "Kidal"])),
            day=draw(st.sampled_from(["Monday", "Friday", "Sunday"])), jour=draw(st.sampled_from(["lundi", "vendredi"]))))
    return "\n\n".join(parts)


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=articles())
def test_evidence_offsets_always_slice_the_cleaned_text(extractor, text):
    from conflictmap.contract import extract_lines

    line = json.dumps({"id": "p", "text": text, "published": "2022-05-02"})
    [result] = list(extract_lines([line], extractor))
    if result.failure is not None:
        assert result.failure.message          # a failure is named, never silent
        return
    body = result.article["text"]
    for chrome in CHROME_LINES:
        assert chrome not in body.split("\n\n")
    for record in result.records:
        for ev in record["evidence"]:
            assert 0 <= ev["start"] <= ev["end"] <= len(body)
            assert body[ev["start"]:ev["end"]] == ev["text"]
