"""The language stage: py3langid over the body; English and French are supported.

Other languages are detected, stored and reported as not yet supported (their
articles are kept, with no events).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .nlp import SUPPORTED_LANGUAGES

STAGE = "language.py3langid.v1"


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str, declared: str | None = None) -> tuple[str, bool]:
    """Return (ISO 639-1 code, supported). A declared language (row field) wins."""
    if declared:
        code = declared.strip().lower()[:2]
        return code, code in SUPPORTED_LANGUAGES
    sample = text[:5000]
    identifier = _identifier()
    code, confidence = identifier.classify(sample)
    if code not in SUPPORTED_LANGUAGES and confidence < 0.9:
        # short or mixed texts: fall back to the closer of the supported languages
        ranked = dict(identifier.rank(sample))
        best = max(SUPPORTED_LANGUAGES, key=lambda c: ranked.get(c, 0.0))
        if ranked.get(best, 0.0) > 0.05:
            code = best
    return code, code in SUPPORTED_LANGUAGES
