"""Identity and near-duplicates: the same article is one row whatever its
whitespace, and a syndicated copy is found whatever order the articles come in."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.models import content_id, normalise_text
from conflictmap.stages import dedup

REPORT = (
    "Gunmen on motorcycles attacked a checkpoint near Boulkessi on Tuesday, killing four soldiers "
    "and wounding three others, a military source said. The attackers took two vehicles and a quantity "
    "of ammunition before withdrawing towards the forest. Local officials say isolated posts are "
    "harassed for weeks, then overrun, and the surrounding villages are told that the state will not "
    "return. Aid agencies say more than 20,000 people have left the district since the start of the year."
)
OTHER = (
    "Floods have killed more than two hundred people in Niger since June, the government said, as "
    "heavy rains destroyed thousands of homes in Maradi, Zinder and Tahoua and washed away crops and "
    "livestock. Forecasters expect more rain until the end of September."
)

words = st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=12)
whitespace = st.text(alphabet=" \t\n\r\u00a0\u2003", min_size=1, max_size=4)


# -- identity -----------------------------------------------------------------------
@given(st.lists(words, min_size=1, max_size=40), st.data())
def test_content_id_is_stable_under_whitespace_changes(tokens, data):
    plain = " ".join(tokens)
    spaced = data.draw(whitespace) + "".join(t + data.draw(whitespace) for t in tokens)
    assert content_id(plain) == content_id(spaced)


@given(st.text(max_size=200))
def test_normalise_text_is_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert content_id(once) == content_id(text)


def test_content_id_tells_different_texts_apart():
    assert content_id(REPORT) != content_id(OTHER)
    assert content_id(REPORT) != content_id(REPORT.replace("four", "five"))


# -- signatures -----------------------------------------------------------------------
def test_signature_survives_a_round_trip_through_bytes():
    mh = dedup.signature(REPORT)
    back = dedup.from_bytes(dedup.to_bytes(mh))
    assert back.jaccard(mh) == 1.0
    index = dedup.NearDuplicateIndex.from_store([("a", dedup.to_bytes(mh))])
    assert index.match(dedup.signature(REPORT))[0] == "a"


@settings(max_examples=50, deadline=None)
@given(st.lists(words, min_size=0, max_size=60), st.randoms(use_true_random=False))
def test_signature_is_idempotent_and_independent_of_shingle_order(tokens, rnd):
    text = " ".join(tokens)
    a = dedup.signature(text)
    assert dedup.signature(text).jaccard(a) == 1.0
    shingles = list(dedup.shingles(text))
    rnd.shuffle(shingles)
    b = dedup._minhash()
    b.update_batch(shingles)
    assert list(b.hashvalues) == list(a.hashvalues)


def _paragraphs(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    vocab = REPORT.split() + OTHER.split()
    return [" ".join(rnd.choice(vocab) for _ in range(40)) + "." for _ in range(n)]


@settings(max_examples=25, deadline=None)
@given(st.permutations(list(range(6))))
def test_near_duplicate_links_do_not_depend_on_arrival_order(order):
    """Three stories, each with a syndicated copy: each copy finds its original
    (or the original finds the copy) in any order, and unrelated stories never match."""
    stories = {}
    for k in range(3):
        body = _paragraphs(6, seed=k)
        stories[f"s{k}"] = "\n\n".join(body)
        stories[f"s{k}-copy"] = "\n\n".join(body + ["The ministry did not respond to a request for comment."])
    names = sorted(stories)
    index = dedup.NearDuplicateIndex(0.8)
    pairs = set()
    for i in order:
        name = names[i]
        mh = dedup.signature(stories[name])
        match = index.match(mh, exclude=name)
        if match:
            pairs.add(frozenset((name, match[0])))
        index.add(name, mh)
    assert pairs == {frozenset((f"s{k}", f"s{k}-copy")) for k in range(3)}


def test_adding_twice_is_idempotent():
    index = dedup.NearDuplicateIndex(0.8)
    mh = dedup.signature(REPORT)
    index.add("a", mh)
    index.add("a", mh)
    assert len(index) == 1
    assert index.match(mh, exclude="a") is None
