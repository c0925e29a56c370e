"""Validate the relation gold files (tests/gold/relations/*.jsonl).

Usage:  PYTHONPATH=src python tests/gold/check_relations.py [FILE.jsonl ...]

Checks every line is a JSON object with the required keys, ids are unique and
match the language, evidence strings are exact substrings of the passage,
relation and polarity values are known, dates are ISO and ordered, numeric
detail fields sit on money relations only, actor names are documented in
ACTORS_USED.md, and none_between pairs are well formed and do not contradict a
relation of the same passage. Prints counts per relation type and language.
Exit status 1 when any check fails. Standard library only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REL_DIR = HERE / "relations"

RELATIONS = {
    "affiliated_with", "cooperates_with", "rival_of", "funded_by", "funds",
    "supplies", "designated_by", "agreement_with", "controls_area",
}
SYMMETRIC = {"cooperates_with", "rival_of", "agreement_with"}
POLARITIES = {"asserted", "claimed", "alleged", "denied", "questioned"}
PRECISIONS = {"day", "week", "month", "season", "year", "unknown"}
PASSAGE_KEYS = {"id", "language", "published", "text", "relations"}
PASSAGE_OPTIONAL = {"none_between", "title", "note"}
RELATION_KEYS = {"relation", "actor_a", "actor_b", "polarity", "attribution", "evidence"}
RELATION_OPTIONAL = {"date_start", "date_end", "time_precision", "amount", "share", "note"}
MONEY = {"funded_by", "funds"}


def known_actors(path: Path = REL_DIR / "ACTORS_USED.md") -> set[str]:
    """Names written in backticks in the first column of ACTORS_USED.md tables,
    plus the controls_area places listed there."""
    names: set[str] = set()
    if not path.exists():
        return names
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            first = line.split("|")[1]
            names.update(re.findall(r"`([^`]+)`", first))
    text = path.read_text(encoding="utf-8")
    m = re.search(r"## Places used as .*?\n\n(.*?)\n\n", text, re.S)
    if m:
        names.update(re.findall(r"`([^`]+)`", m.group(1)))
    return names


def _iso(value, where, errors) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        errors.append(f"{where}: not an ISO date: {value!r}")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append(f"{where}: invalid date: {value!r}")
        return None


def check_file(path: Path, actors: set[str] | None = None,
               seen_ids: set[str] | None = None) -> tuple[list[str], list[dict]]:
    """Return (errors, passages) for one gold file."""
    errors: list[str] = []
    passages: list[dict] = []
    seen_ids = set() if seen_ids is None else seen_ids
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{lineno}"
        if not line.strip():
            errors.append(f"{where}: empty line")
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: bad JSON: {exc}")
            continue
        if not isinstance(rec, dict):
            errors.append(f"{where}: not an object")
            continue
        passages.append(rec)
        missing = PASSAGE_KEYS - rec.keys()
        extra = rec.keys() - PASSAGE_KEYS - PASSAGE_OPTIONAL
        if missing:
            errors.append(f"{where}: missing keys {sorted(missing)}")
            continue
        if extra:
            errors.append(f"{where}: unknown keys {sorted(extra)}")
        pid = rec["id"]
        where = f"{path.name}:{lineno} ({pid})"
        if pid in seen_ids:
            errors.append(f"{where}: duplicate id")
        seen_ids.add(pid)
        lang = rec["language"]
        if lang not in {"en", "fr"}:
            errors.append(f"{where}: language must be en or fr")
        if not re.fullmatch(rf"rel-{lang}-\d{{4}}", str(pid)):
            errors.append(f"{where}: id must look like rel-{lang}-0001")
        published = _iso(rec["published"], f"{where} published", errors)
        text = rec["text"]
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: empty text")
            continue
        if not isinstance(rec["relations"], list):
            errors.append(f"{where}: relations must be a list")
            continue
        pairs = set()
        for k, rel in enumerate(rec["relations"], 1):
            rw = f"{where} relation {k}"
            if not isinstance(rel, dict):
                errors.append(f"{rw}: not an object")
                continue
            missing = RELATION_KEYS - rel.keys()
            extra = rel.keys() - RELATION_KEYS - RELATION_OPTIONAL
            if missing:
                errors.append(f"{rw}: missing keys {sorted(missing)}")
                continue
            if extra:
                errors.append(f"{rw}: unknown keys {sorted(extra)}")
            kind = rel["relation"]
            if kind not in RELATIONS:
                errors.append(f"{rw}: unknown relation {kind!r}")
            if rel["polarity"] not in POLARITIES:
                errors.append(f"{rw}: unknown polarity {rel['polarity']!r}")
            att = rel["attribution"]
            if att is not None and (not isinstance(att, str) or not att.strip()):
                errors.append(f"{rw}: attribution must be null or a non-empty string")
            ev = rel["evidence"]
            if not isinstance(ev, str) or not ev.strip():
                errors.append(f"{rw}: empty evidence")
            elif ev not in text:
                errors.append(f"{rw}: evidence is not a substring of text: {ev!r}")
            for side in ("actor_a", "actor_b"):
                name = rel[side]
                if not isinstance(name, str) or not name.strip():
                    errors.append(f"{rw}: empty {side}")
                elif actors is not None and name not in actors:
                    errors.append(f"{rw}: {side} {name!r} not documented in ACTORS_USED.md")
            if rel["actor_a"] == rel["actor_b"]:
                errors.append(f"{rw}: actor_a equals actor_b")
            start = _iso(rel.get("date_start"), f"{rw} date_start", errors)
            end = _iso(rel.get("date_end"), f"{rw} date_end", errors)
            if start and end and start > end:
                errors.append(f"{rw}: date_start after date_end")
            if published and end and end > published:
                errors.append(f"{rw}: date_end after publication date")
            if published and start and start > published:
                errors.append(f"{rw}: date_start after publication date")
            prec = rel.get("time_precision")
            if prec is not None and prec not in PRECISIONS:
                errors.append(f"{rw}: unknown time_precision {prec!r}")
            if (start or end) and prec is None:
                errors.append(f"{rw}: dates without time_precision")
            for field in ("amount", "share"):
                if field in rel:
                    if kind not in MONEY:
                        errors.append(f"{rw}: {field} only belongs on funded_by/funds")
                    val = rel[field]
                    if not isinstance(val, str) or not val.strip():
                        errors.append(f"{rw}: {field} must be a non-empty string")
            a, b = rel["actor_a"], rel["actor_b"]
            pairs.add(frozenset((a, b)))
        nb = rec.get("none_between", [])
        if not isinstance(nb, list):
            errors.append(f"{where}: none_between must be a list")
            nb = []
        for pair in nb:
            if (not isinstance(pair, list) or len(pair) != 2
                    or not all(isinstance(x, str) and x.strip() for x in pair)
                    or pair[0] == pair[1]):
                errors.append(f"{where}: bad none_between pair {pair!r}")
                continue
            for name in pair:
                if actors is not None and name not in actors:
                    errors.append(f"{where}: none_between actor {name!r} not documented in ACTORS_USED.md")
            if frozenset(pair) in pairs:
                errors.append(f"{where}: none_between pair {pair} also has a relation")
    return errors, passages


def gold_files() -> list[Path]:
    return sorted(REL_DIR.glob("*.jsonl"))


def summarize(passages_by_file: dict[str, list[dict]]) -> str:
    by_type: Counter = Counter()
    by_lang: Counter = Counter()
    by_pol: Counter = Counter()
    n_pass: Counter = Counter()
    n_none: Counter = Counter()
    for passages in passages_by_file.values():
        for rec in passages:
            lang = rec.get("language", "?")
            n_pass[lang] += 1
            if rec.get("none_between"):
                n_none[lang] += 1
            for rel in rec.get("relations", []):
                by_type[(rel.get("relation"), lang)] += 1
                by_lang[lang] += 1
                by_pol[rel.get("polarity")] += 1
    langs = sorted(n_pass)
    lines = [f"{'relation':<18}" + "".join(f"{lg:>6}" for lg in langs) + f"{'total':>7}"]
    for kind in sorted({k for k, _ in by_type}):
        row = [by_type[(kind, lg)] for lg in langs]
        lines.append(f"{kind:<18}" + "".join(f"{n:>6}" for n in row) + f"{sum(row):>7}")
    lines.append(f"{'all relations':<18}" + "".join(f"{by_lang[lg]:>6}" for lg in langs)
                 + f"{sum(by_lang.values()):>7}")
    lines.append(f"{'passages':<18}" + "".join(f"{n_pass[lg]:>6}" for lg in langs)
                 + f"{sum(n_pass.values()):>7}")
    lines.append(f"{'with none_between':<18}" + "".join(f"{n_none[lg]:>6}" for lg in langs)
                 + f"{sum(n_none.values()):>7}")
    lines.append("polarity: " + ", ".join(f"{k} {v}" for k, v in sorted(by_pol.items())))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    files = [Path(a) for a in args] or gold_files()
    if not files:
        print("no relation gold files found", file=sys.stderr)
        return 1
    actors = known_actors()
    seen: set[str] = set()
    all_errors: list[str] = []
    passages_by_file: dict[str, list[dict]] = {}
    for path in files:
        errors, passages = check_file(path, actors or None, seen)
        all_errors += errors
        passages_by_file[path.name] = passages
    print(summarize(passages_by_file))
    if all_errors:
        print(f"\n{len(all_errors)} error(s):", file=sys.stderr)
        for e in all_errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK: " + ", ".join(f"{k} ({len(v)} passages)" for k, v in passages_by_file.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
