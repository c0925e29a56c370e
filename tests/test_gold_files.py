"""The hand-written gold files are well formed (same checks as tests/gold/check_gold.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

CHECKER = Path(__file__).parent / "gold" / "check_gold.py"


def _load_checker():
    try:
        import conflictmap  # noqa: F401
    except ImportError:  # not installed: use the source tree
        sys.path.insert(0, str(Path(__file__).parent.parent / "src"))
    spec = importlib.util.spec_from_file_location("check_gold", CHECKER)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result():
    return _load_checker().check_all()


def test_gold_files_have_no_errors(result):
    errors, _stats, _corpora_found = result
    assert errors == [], "\n".join(errors[:50])


def test_gold_sizes(result):
    _errors, stats, _ = result
    assert stats["passages"]["en"] >= 85
    assert stats["passages"]["fr"] >= 55
    assert sum(stats["non_events"].values()) >= 45
    covered = [st for st, n in stats["sub_event_type"].items() if n]
    assert len(covered) >= 15
    assert all(stats["event_type"][et] for et in (
        "Battles", "Explosions/Remote violence", "Violence against civilians",
        "Protests", "Riots", "Strategic developments"))
