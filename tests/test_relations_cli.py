"""`conflictmap relations` over a store, and the `extract --relations` contract."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conflictmap.cli import main
from conflictmap.models import (
    RELATION_RECORD_FIELDS,
    Document,
    EventDate,
    Evidence,
    Extraction,
    Relation,
)


def _relation(article: str, relation: str, a: str, b: str, polarity: str = "asserted", **kw) -> Relation:
    return Relation(article_id=article, relation=relation, actor_a=a, actor_b=b, polarity=polarity,
                    evidence=[Evidence("relation", 0, 4, "text", "test")], confidence=0.7, stage="test", **kw)


@pytest.fixture
def db(tmp_path):
    from conflictmap.store import open_store

    path = tmp_path / "rel.db"
    store = open_store(str(path))
    for article, rels in (
        ("a1", [_relation("a1", "rival_of", "JNIM", "Islamic State (Sahel)", date=EventDate("2020-01-01", None, "year")),
                _relation("a1", "funded_by", "JNIM", "Smugglers (Sahel)", amount="$100 per truck")]),
        ("a2", [_relation("a2", "rival_of", "Islamic State (Sahel)", "JNIM", polarity="denied",
                          date=EventDate("2022-05-01", "2022-05-31", "month"))]),
    ):
        doc = Document(id=article, text="text of " + article, source=article, fmt="txt", language="en")
        store.save_extraction(Extraction(document=doc, relations=rels))
    return str(path)


def test_statements_as_jsonl(db):
    out = CliRunner().invoke(main, ["relations", "--db", db, "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert len(rows) == 3
    assert all(set(RELATION_RECORD_FIELDS) <= set(r) for r in rows)


def test_merged_keeps_contradictions(db):
    out = CliRunner().invoke(main, ["relations", "--db", db, "--merged", "--type", "rival_of", "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    (edge,) = [json.loads(line) for line in out.output.splitlines()]
    assert sorted(edge["articles"]) == ["a1", "a2"]
    assert edge["contradicted"] is True
    assert (edge["first"], edge["last"]) == ("2020-01-01", "2022-05-31")


def test_actor_filter_and_csv(db):
    out = CliRunner().invoke(main, ["relations", "--db", db, "--actor", "smugglers", "--format", "csv"])
    assert out.exit_code == 0, out.output
    lines = out.output.strip().splitlines()
    assert lines[0].split(",")[:3] == ["article_id", "relation", "actor_a"]
    assert len(lines) == 2 and "$100 per truck" in lines[1]


def test_table_and_missing_database(db, tmp_path):
    out = CliRunner().invoke(main, ["relations", "--db", db, "--merged"])
    assert "CONTRADICTED" in out.output
    missing = CliRunner().invoke(main, ["relations", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1


@pytest.mark.slow
def test_extract_relations_lines_have_exactly_the_contract_fields(tmp_path):
    infile = tmp_path / "in.jsonl"
    infile.write_text(json.dumps({
        "id": "s1", "published": "2019-02-11", "language": "en",
        "text": "Katiba Macina was designated a terrorist organization by the United States in 2021. "
                "Its fighters and JNIM units have carried out joint attacks near Djenne."}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", str(infile), "-o", str(out), "--relations"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    relations = [r for r in rows if r.get("record") == "relation"]
    assert relations, rows
    for row in relations:
        assert list(row) == list(RELATION_RECORD_FIELDS) + ["record"]
