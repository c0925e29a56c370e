"""The aliases an analyst read in the two seed reports (shared/gold/seeds.yaml)
resolve to the right canonical actors. The sentences are written for this test;
only the alias strings come from the seed reading."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictmap.stages.actors import ActorBase

# The seed reading's short labels -> canonical names of the base.
LABELS = {
    "Ansar Dine": "Ansar Dine",
    "AQIM": "AQIM: Al Qaeda in the Islamic Maghreb",
    "Al Qaeda": "Al Qaeda",
    "Islamic State": "Islamic State",
    "Boko Haram": "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
    "MINUSMA": "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali",
    "Military Forces of Mali": "Military Forces of Mali",
    "Military Forces of Ivory Coast": "Military Forces of Ivory Coast",
    "CMA": "CMA: Coordination of Azawad Movements",
    "JNIM": "JNIM: Group for Support of Islam and Muslims",
    "ISGS": "Islamic State (Sahel)",
    "al-Shabab": "Al Shabaab",
    "Military Forces of France": "Military Forces of France",
    "Military Forces of the United States": "Military Forces of the United States",
    "Military Forces of Burkina Faso": "Military Forces of Burkina Faso",
}

# (alias as read in a seed, the canonical actor it names). Each is placed in a
# sentence about Mali and Burkina Faso, the seeds' setting.
SEED_ALIASES = [
    ("Ansar Dine", "Ansar Dine"), ("Ansar al Dine", "Ansar Dine"), ("Ansar Dine Islamic group", "Ansar Dine"),
    ("Al Qaeda in the Islamic Maghreb", "AQIM"), ("AQIM", "AQIM"), ("AQIM rebels", "AQIM"), ("AQIM groups", "AQIM"),
    ("Al Qaeda", "Al Qaeda"), ("al-Qaeda", "Al Qaeda"), ("Al-Qaeda", "Al Qaeda"),
    ("Islamic State group", "Islamic State"), ("Islamic State", "Islamic State"), ("the Islamic State", "Islamic State"),
    ("Boko Haram", "Boko Haram"),
    ("UN peacekeepers", "MINUSMA"), ("the country's UN peacekeeping mission", "MINUSMA"),
    ("U.N. peacekeeping mission", "MINUSMA"), ("peacekeepers", "MINUSMA"),
    ("Malian military", "Military Forces of Mali"), ("Malian army", "Military Forces of Mali"),
    ("forces from Ivory Coast", "Military Forces of Ivory Coast"),
    ("semi-moderate ethnic Tuareg rebel umbrella group", "CMA"), ("Tuareg rebel groups", "CMA"),
    ("al-Qaeda affiliates", "JNIM"),
    ("Islamic State affiliate", "ISGS"), ("the Islamic State affiliate", "ISGS"),
    ("al-Shabab", "al-Shabab"),
    ("French troops", "Military Forces of France"), ("French soldiers", "Military Forces of France"),
    ("U.S. military's Special Operations arm in Africa", "Military Forces of the United States"),
    ("U.S. Africa Command", "Military Forces of the United States"),
    ("American troops", "Military Forces of the United States"),
    ("Burkinabe Special Operations team", "Military Forces of Burkina Faso"),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ActorBase]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONFLICTMAP_ACTORS", str(tmp_path_factory.mktemp("nouser") / "none.yaml"))
        yield ActorBase.load()


@pytest.mark.parametrize(("label", "canonical"), LABELS.items())
def test_seed_labels_name_canonical_actors(base: ActorBase, label: str, canonical: str) -> None:
    assert base.canonical(label) == canonical


@pytest.mark.parametrize(("alias", "label"), SEED_ALIASES)
def test_seed_alias_found_in_a_sahel_sentence(base: ActorBase, alias: str, label: str) -> None:
    text = f"Near Gao in northern Mali, close to Burkina Faso, officials said {alias} moved at dawn."
    found = base.find(text, "en")
    hits = [m for m in found if alias in m.text or m.text in alias]
    assert hits, [(m.text, m.key) for m in found]
    assert hits[0].key == LABELS[label], (alias, hits[0].text)
    assert text[hits[0].start:hits[0].end] == hits[0].text


def _seeds_file() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "gold" / "seeds.yaml"
        if candidate.is_file():
            return candidate
    return None


def test_seed_reading_uses_known_labels() -> None:
    """When the shared seed reading sits beside the repository, every actor label
    it uses is one this test maps (so a new label is noticed)."""
    import yaml

    path = _seeds_file()
    if path is None:
        pytest.skip("shared/gold/seeds.yaml is not beside this checkout")
    seeds = yaml.safe_load(path.read_text(encoding="utf-8"))
    labels = {label for article in seeds["articles"] for label in (article.get("actors") or {})}
    assert labels <= set(LABELS), labels - set(LABELS)
