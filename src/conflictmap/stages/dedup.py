"""The dedup stage: exact identity and near-duplicate (syndicated copy) detection.

An article's identity is the hash of its normalised text (models.content_id), so the
same article ingested twice is one row. Syndicated copies (the same story on two
sites, with different chrome, headline or a sentence more) are found with MinHash
over word 5-shingles and an LSH index: a copy is stored and linked to the first
version, and its events are not stored a second time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..models import normalise_text

STAGE = "dedup.minhash.v1"
NUM_PERM = 64
SHINGLE = 5


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    words = re.findall(r"\w+", normalise_text(text))
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _minhash(**kw: object) -> MinHash:
    """A MinHash with the one hashing scheme of stored signatures.

    datasketch 2 has several schemes and refuses to rebuild a signature from stored
    values without being told which; "legacy" is the only scheme of datasketch 1, so
    signatures stored under either version stay comparable.
    """
    try:
        return MinHash(num_perm=NUM_PERM, seed=7, scheme="legacy", **kw)
    except TypeError:  # datasketch < 2: no `scheme`, always the legacy one
        return MinHash(num_perm=NUM_PERM, seed=7, **kw)


def signature(text: str) -> MinHash:
    mh = _minhash()
    mh.update_batch(list(shingles(text)))
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return _minhash(hashvalues=np.frombuffer(data, dtype=np.uint64).copy())


class NearDuplicateIndex:
    """An LSH index of the stored articles' signatures."""

    def __init__(self, threshold: float = 0.7) -> None:
        self.threshold = threshold
        # candidates come from a looser LSH band setting; the estimate then decides
        self._lsh = MinHashLSH(threshold=max(0.3, threshold - 0.25), num_perm=NUM_PERM)
        self._sigs: dict[str, MinHash] = {}

    @classmethod
    def from_store(cls, rows: Iterable[tuple[str, bytes]], threshold: float = 0.7) -> NearDuplicateIndex:
        index = cls(threshold)
        for article_id, data in rows:
            index.add(article_id, from_bytes(data))
        return index

    def add(self, article_id: str, mh: MinHash) -> None:
        if article_id in self._sigs:
            return
        self._sigs[article_id] = mh
        self._lsh.insert(article_id, mh)

    def match(self, mh: MinHash, exclude: str | None = None) -> tuple[str, float] | None:
        """The most similar stored article above the threshold, with its estimated Jaccard."""
        best: tuple[str, float] | None = None
        for candidate in self._lsh.query(mh):
            if candidate == exclude:
                continue
            score = mh.jaccard(self._sigs[candidate])
            if score >= self.threshold and (best is None or score > best[1]):
                best = (candidate, score)
        return best

    def __len__(self) -> int:
        return len(self._sigs)
