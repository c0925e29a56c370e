"""One typed settings object. Defaults live here; environment variables override them.

    CONFLICTMAP_HOME     where user files live (default: ~/.conflictmap)
    CONFLICTMAP_DB       database URL or SQLite path (default: conflictmap.db)
    CONFLICTMAP_ACTORS   a user actor file (default: $CONFLICTMAP_HOME/actors.yaml)
    CONFLICTMAP_PLACES   a user places file (default: $CONFLICTMAP_HOME/places.tsv)
    CONFLICTMAP_TOKEN    the token that authorises analyst corrections in the API
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path


def _home() -> Path:
    return Path(os.environ.get("CONFLICTMAP_HOME", "~/.conflictmap")).expanduser()


@dataclass(frozen=True)
class Settings:
    # where the store lives: a SQLite path or a postgresql:// URL
    db: str = field(default_factory=lambda: os.environ.get("CONFLICTMAP_DB", "conflictmap.db"))
    home: Path = field(default_factory=_home)
    # user additions to the actor base and the gazetteer, read on every run
    user_actors: Path = field(
        default_factory=lambda: Path(os.environ.get("CONFLICTMAP_ACTORS", str(_home() / "actors.yaml")))
    )
    user_places: Path = field(
        default_factory=lambda: Path(os.environ.get("CONFLICTMAP_PLACES", str(_home() / "places.tsv")))
    )
    # fetching
    fetch_timeout: float = 20.0          # seconds per request
    max_bytes: int = 20 * 1024 * 1024    # largest page or file read (bytes)
    max_redirects: int = 5
    allow_private: bool = False          # fetch loopback / private addresses
    feed_limit: int = 1000               # items read from one feed
    # pipeline
    batch_size: int = 32                 # articles per spaCy batch and per commit
    near_duplicate_threshold: float = 0.7  # estimated Jaccard of word 5-shingles
    include_statements: bool = False     # also store aggregate/background/campaign rows
    # API
    token: str | None = field(default_factory=lambda: os.environ.get("CONFLICTMAP_TOKEN"))

    def with_(self, **changes: object) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
