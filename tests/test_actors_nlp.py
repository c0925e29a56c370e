"""The actor base's ruler patterns inside the spaCy pipelines (slow: loads models)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conflictmap.stages.actors import ActorBase
from conflictmap.stages.nlp import NLP, entity_mentions

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NLP]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONFLICTMAP_ACTORS", str(tmp_path_factory.mktemp("nouser") / "none.yaml"))
        yield NLP(providers=[ActorBase.default().ruler_patterns])


@pytest.mark.parametrize(("language", "text"), [
    ("en", "On Thursday, fighters of Ansar al Dine attacked a checkpoint of the Malian army near Timbuktu."),
    ("fr", "Jeudi, des combattants d'Ansar al Dine ont attaqué un poste de l'armée malienne près de Tombouctou."),
])
def test_ansar_al_dine_is_an_org_and_weekdays_are_not_persons(nlp: NLP, language: str, text: str) -> None:
    doc = nlp.parse(text, language)
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Ansar al Dine", "ORG") in ents
    assert not any(e.label_ in ("PER", "PERSON") for e in doc.ents if e.text in ("Jeudi", "Thursday"))
    mentions = entity_mentions(doc)
    assert any(m.key == "Ansar Dine" and m.text == "Ansar al Dine" for m in mentions)
    army = "Malian army" if language == "en" else "armée malienne"
    assert any(m.key == "Military Forces of Mali" and m.text == army for m in mentions)


def test_french_sentence_start_weekday(nlp: NLP) -> None:
    doc = nlp.parse("Jeudi, les FAMa et les VDP ont repoussé une attaque de l'EIGS.", "fr")
    assert not any(e.text == "Jeudi" and e.label_ == "PER" for e in doc.ents)
    keys = {e.ent_id_ for e in doc.ents}
    assert {"Military Forces of Mali", "VDP: Volunteers for the Defense of the Homeland", "Islamic State (Sahel)"} <= keys


def test_patterns_are_well_formed() -> None:
    base = ActorBase.load()
    for language in ("en", "fr"):
        patterns = base.ruler_patterns(language)
        assert 500 < len(patterns) < 5000
        for pattern in patterns:
            assert pattern["label"] in ("ORG", "NORP", "DATE")
            assert isinstance(pattern["pattern"], (str, list))
            if pattern["label"] != "DATE":
                assert base.get(pattern["id"]) is not None
        texts = {p["pattern"].lower() for p in patterns if isinstance(p["pattern"], str)}
        assert not texts & {"soldiers", "villagers", "soldats", "mali", "state", "army", "police", "civils"}
        assert [{"ORTH": "MSA"}] in [p["pattern"] for p in patterns]
