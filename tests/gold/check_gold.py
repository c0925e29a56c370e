"""Validate the hand-written event gold and the corpus annotations.

    PYTHONPATH=src python tests/gold/check_gold.py [--quiet]

Checks every line of tests/gold/events/*.jsonl, tests/gold/holdout/events.jsonl (the blind
held-out passages, both languages, ids ho-en-0001/ho-fr-0001, kept out of the floors) and
tests/gold/corpora/*.jsonl:
JSON, required keys, ids unique, language matching the file, evidence an exact
substring of the text (or, for corpus annotations, equal to the source story's
text at [evidence_start, evidence_end) when the corpora are reachable), event
type pairs from conflictmap.taxonomy, kinds, ISO dates with start <= end, date
precision, fatalities, actor names (docs/gold-format.md + ACTORS_USED.md),
admin1 names for Mali, Burkina Faso and Niger. Prints counts. Exit status 1 on any
error.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

from conflictmap.taxonomy import EVENT_TYPES, check_types

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
EVENTS_DIR = HERE / "events"
HOLDOUT_DIR = HERE / "holdout"
CORPORA_DIR = HERE / "corpora"

NON_EVENT_KINDS = ("aggregate", "background", "campaign", "not_pv")
TIME_PRECISIONS = ("day", "week", "month", "season", "year", "unknown")
PASSAGE_KEYS = {"id", "language", "published", "text", "events", "non_events"}
PASSAGE_OPTIONAL = {"title", "notes"}
CORPUS_KEYS = {"corpus", "id", "language", "published", "events", "non_events"}
CORPUS_OPTIONAL = {"title", "notes"}
EVENT_REQUIRED = {"evidence", "kind", "event_type"}
EVENT_OPTIONAL = {
    "sub_event_type", "actor1", "actor2", "assoc_actor_1", "assoc_actor_2",
    "date_start", "date_end", "time_precision", "location", "admin1", "country",
    "fatalities", "fatalities_low", "fatalities_high", "geo_precision", "where_prec",
    "civilian_targeting", "notes", "evidence_start", "evidence_end",
}
NON_EVENT_OPTIONAL = {"notes", "evidence_start", "evidence_end"}

COUNTRIES = (
    "Mali", "Burkina Faso", "Niger", "Mauritania", "Senegal", "Ivory Coast", "Guinea",
    "Ghana", "Benin", "Togo", "Nigeria", "Chad", "Cameroon", "Algeria", "Libya",
    # outside the region, used by the corpus annotations (non-African control stories)
    "Morocco", "Spain", "France", "Iraq", "Syria", "Somalia", "Afghanistan",
    "Central African Republic",
    # the blind held-out corpus annotations (voa_holdout, wikinews_fr_holdout)
    "Pakistan", "Kenya", "Sudan", "Zimbabwe", "Myanmar", "Turkey", "Palestine", "Haiti",
    "Cambodia", "United Kingdom", "Iran", "China", "Egypt", "Israel",
    "United States",  # voa_holdout2
)
ADMIN1 = {
    "Mali": {"Bamako", "Gao", "Kayes", "Kidal", "Koulikouro", "Mopti", "Segou", "Sikasso",
             "Tombouctou"},
    "Burkina Faso": {"Boucle du Mouhoun", "Cascades", "Centre", "Centre-Est", "Centre-Nord",
                     "Centre-Ouest", "Centre-Sud", "Est", "Hauts-Bassins", "Nord",
                     "Plateau-Central", "Sahel", "Sud-Ouest"},
    "Niger": {"Tillaberi", "Tahoua", "Agadez", "Diffa", "Dosso", "Maradi", "Niamey", "Zinder"},
}

# Canonical actor names of docs/gold-format.md.
CANONICAL_ACTORS = {
    "Military Forces of France", "Military Forces of the United States",
    "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali",
    "Takuba Task Force", "G5 Sahel Joint Force",
    "ECOWAS: Economic Community of West African States", "Wagner Group", "Africa Corps",
    "JNIM: Group for Support of Islam and Muslims", "Islamic State (Sahel)",
    "Islamic State (West Africa)", "AQIM: Al Qaeda in the Islamic Maghreb", "Al Qaeda",
    "Islamic State", "Ansar Dine", "Katiba Macina", "Al Mourabitoun",
    "MUJAO: Movement for Unity and Jihad in West Africa", "Ansaroul Islam",
    "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
    "MNLA: National Movement for the Liberation of Azawad",
    "HCUA: High Council for the Unity of Azawad", "CMA: Coordination of Azawad Movements",
    "CSP-PSD: Permanent Strategic Framework for Peace, Security and Development",
    "GATIA: Imghad Tuareg and Allies Self-Defense Group",
    "MSA: Movement for the Salvation of Azawad", "Dan Na Ambassagou", "Koglweogo Militia",
    "VDP: Volunteers for the Defense of the Homeland",
}
PATTERN_ACTORS = re.compile(
    r"^(Military Forces of (?P<c1>.+)|Police Forces of (?P<c2>.+)|Government of (?P<c3>.+)"
    r"|(Dozo Communal Militia|Fulani Ethnic Militia|Dogon Ethnic Militia|Unidentified Armed Group"
    r"|Civilians|Protesters|Rioters) \((?P<c4>.+)\))$"
)


def extra_actors() -> set[str]:
    """Actor names listed in tests/gold/events/ACTORS_USED.md (lines '- `Name`')."""
    path = EVENTS_DIR / "ACTORS_USED.md"
    if not path.exists():
        return set()
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s*[-*]\s+`([^`]+)`", line)
        if m:
            names.add(m.group(1))
    return names


def actor_ok(name: str, extra: set[str]) -> bool:
    if name in CANONICAL_ACTORS or name in extra:
        return True
    m = PATTERN_ACTORS.match(name)
    if not m:
        return False
    country = next(g for g in (m.group("c1"), m.group("c2"), m.group("c3"), m.group("c4")) if g)
    return country in COUNTRIES


def parse_date(value, where, errors):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        errors.append(f"{where}: not an ISO date: {value!r}")
        return None


def find_corpora() -> Path | None:
    """The shared corpora directory: $CONFLICTMAP_CORPORA, else a 'shared/corpora' beside an ancestor."""
    env = os.environ.get("CONFLICTMAP_CORPORA")
    if env:
        return Path(env)
    for parent in [REPO, *REPO.parents]:
        candidate = parent / "shared" / "corpora"
        if candidate.is_dir():
            return candidate
    return None


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.extra = extra_actors()
        self.ids: set[tuple[str, str]] = set()
        self.stats: dict[str, Counter] = {
            "passages": Counter(), "events": Counter(), "non_events": Counter(),
            "event_type": Counter(), "sub_event_type": Counter(), "non_event_kind": Counter(),
            "no_event_passages": Counter(), "published_null": Counter(),
            "time_precision": Counter(), "country": Counter(),
        }

    # -- one event or non-event ------------------------------------------------
    def check_event(self, ev: dict, where: str, text: str | None, published: dt.date | None,
                    lang: str) -> None:
        err = self.errors.append
        if not isinstance(ev, dict):
            err(f"{where}: event is not an object")
            return
        missing = EVENT_REQUIRED - ev.keys()
        if missing:
            err(f"{where}: missing keys {sorted(missing)}")
        unknown = ev.keys() - EVENT_REQUIRED - EVENT_OPTIONAL
        if unknown:
            err(f"{where}: unknown keys {sorted(unknown)}")
        if ev.get("kind") != "event":
            err(f"{where}: events[] must have kind 'event', got {ev.get('kind')!r}")
        self.check_evidence(ev, where, text)
        et, st = ev.get("event_type"), ev.get("sub_event_type")
        try:
            check_types(et, st)
        except ValueError as exc:
            err(f"{where}: {exc}")
        if et is None:
            err(f"{where}: event_type is required")
        for key in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
            name = ev.get(key)
            if name is None:
                continue
            if key.startswith("actor") and not actor_ok(name, self.extra):
                err(f"{where}: {key} {name!r} is neither canonical nor in ACTORS_USED.md")
        a1, a2 = ev.get("actor1") or "", ev.get("actor2") or ""
        if a1.startswith("Civilians"):
            err(f"{where}: civilians are always actor2")
        if et == "Violence against civilians" and a2 and not a2.startswith("Civilians"):
            err(f"{where}: Violence against civilians needs Civilians as actor2, got {a2!r}")
        if et == "Protests" and a1 and not a1.startswith("Protesters"):
            err(f"{where}: protest events have Protesters as actor1")
        if et == "Riots" and a1 and not a1.startswith("Rioters"):
            err(f"{where}: riot events have Rioters as actor1")
        # dates
        ds = parse_date(ev.get("date_start"), where, self.errors)
        de = parse_date(ev.get("date_end"), where, self.errors)
        prec = ev.get("time_precision")
        if ("date_start" in ev) != ("date_end" in ev):
            err(f"{where}: date_start and date_end go together")
        if ds and de and ds > de:
            err(f"{where}: date_start {ds} after date_end {de}")
        if prec is not None and prec not in TIME_PRECISIONS:
            err(f"{where}: bad time_precision {prec!r}")
        if prec == "unknown" and ("date_start" in ev or "date_end" in ev):
            err(f"{where}: time_precision 'unknown' with dates")
        if ("date_start" in ev) and prec in (None, "unknown"):
            err(f"{where}: dates without a time_precision")
        if published and ds and ds > published:
            err(f"{where}: event starts after publication ({ds} > {published})")
        if prec:
            self.stats["time_precision"][prec] += 1
        # place
        country = ev.get("country")
        if country is not None and country not in COUNTRIES:
            err(f"{where}: unknown country {country!r}")
        admin1 = ev.get("admin1")
        if admin1 is not None:
            if country is None:
                err(f"{where}: admin1 without country")
            elif country in ADMIN1 and admin1 not in ADMIN1[country]:
                err(f"{where}: admin1 {admin1!r} not a {country} name of docs/gold-format.md")
        if country:
            self.stats["country"][country] += 1
        gp = ev.get("geo_precision")
        if gp is not None and gp not in (1, 2, 3):
            err(f"{where}: geo_precision must be 1, 2 or 3")
        # fatalities
        f, lo, hi = ev.get("fatalities"), ev.get("fatalities_low"), ev.get("fatalities_high")
        for key, val in (("fatalities", f), ("fatalities_low", lo), ("fatalities_high", hi)):
            if val is not None and (not isinstance(val, int) or isinstance(val, bool) or val < 0):
                err(f"{where}: {key} must be a non-negative integer, got {val!r}")
        if isinstance(f, int) and isinstance(lo, int) and lo > f:
            err(f"{where}: fatalities_low > fatalities")
        if isinstance(f, int) and isinstance(hi, int) and hi < f:
            err(f"{where}: fatalities_high < fatalities")
        self.stats["events"][lang] += 1
        self.stats["event_type"][et] += 1
        if st:
            self.stats["sub_event_type"][st] += 1

    def check_non_event(self, ne: dict, where: str, text: str | None, lang: str) -> None:
        err = self.errors.append
        if not isinstance(ne, dict):
            err(f"{where}: non-event is not an object")
            return
        unknown = ne.keys() - {"evidence", "kind"} - NON_EVENT_OPTIONAL
        if unknown:
            err(f"{where}: unknown keys {sorted(unknown)}")
        if ne.get("kind") not in NON_EVENT_KINDS:
            err(f"{where}: non-event kind must be one of {NON_EVENT_KINDS}, got {ne.get('kind')!r}")
        self.check_evidence(ne, where, text)
        self.stats["non_events"][lang] += 1
        self.stats["non_event_kind"][ne.get("kind")] += 1

    def check_evidence(self, item: dict, where: str, text: str | None) -> None:
        ev = item.get("evidence")
        if not isinstance(ev, str) or not ev.strip():
            self.errors.append(f"{where}: empty evidence")
            return
        if ev != ev.strip():
            self.errors.append(f"{where}: evidence has surrounding whitespace")
        start, end = item.get("evidence_start"), item.get("evidence_end")
        if (start is None) != (end is None):
            self.errors.append(f"{where}: evidence_start and evidence_end go together")
        if text is None:
            return
        if start is not None:
            if text[start:end] != ev:
                self.errors.append(f"{where}: text[{start}:{end}] != evidence {ev[:60]!r}")
        elif ev not in text:
            self.errors.append(f"{where}: evidence not in text: {ev[:80]!r}")

    # -- files -------------------------------------------------------------------
    def check_events_file(self, path: Path, holdout: bool = False) -> None:
        lang = path.stem
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{n}"
            if not line.strip():
                self.errors.append(f"{where}: blank line")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                self.errors.append(f"{where}: invalid JSON: {exc}")
                continue
            missing = PASSAGE_KEYS - rec.keys()
            if missing:
                self.errors.append(f"{where}: missing keys {sorted(missing)}")
                continue
            unknown = rec.keys() - PASSAGE_KEYS - PASSAGE_OPTIONAL
            if unknown:
                self.errors.append(f"{where}: unknown keys {sorted(unknown)}")
            pid = rec["id"]
            where = f"{path.name}:{n} ({pid})"
            if holdout:  # one file, both languages; counted apart from en/fr
                lang = f"holdout:{rec['language']}"
            want = f"ho-{rec['language']}" if holdout else lang
            if not re.fullmatch(rf"{want}-\d{{4}}", str(pid)):
                self.errors.append(f"{where}: id should look like {want}-0001")
            if ("events", pid) in self.ids:
                self.errors.append(f"{where}: duplicate id")
            self.ids.add(("events", pid))
            if rec["language"] != lang.removeprefix("holdout:"):
                self.errors.append(f"{where}: language {rec['language']!r} in {path.name}")
            published = parse_date(rec["published"], where, self.errors)
            text = rec["text"]
            if not isinstance(text, str) or not text.strip():
                self.errors.append(f"{where}: empty text")
                continue
            self.stats["passages"][lang] += 1
            if rec["published"] is None:
                self.stats["published_null"][lang] += 1
            if not rec["events"]:
                self.stats["no_event_passages"][lang] += 1
            for i, ev in enumerate(rec["events"]):
                self.check_event(ev, f"{where} event {i}", text, published, lang)
                if published is None and ev.get("time_precision") not in (None, "unknown"):
                    # only absolute dates (with a year) may resolve without a publication date
                    years = re.findall(r"\b(1[89]\d\d|20\d\d)\b", text)
                    if not years:
                        self.errors.append(f"{where} event {i}: resolved date with published null and no year in text")
            for i, ne in enumerate(rec["non_events"]):
                self.check_non_event(ne, f"{where} non_event {i}", text, lang)

    def check_corpus_file(self, path: Path, corpora: Path | None) -> None:
        stories: dict[str, dict] = {}
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"corpora/{path.name}:{n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                self.errors.append(f"{where}: invalid JSON: {exc}")
                continue
            missing = CORPUS_KEYS - rec.keys()
            if missing:
                self.errors.append(f"{where}: missing keys {sorted(missing)}")
                continue
            unknown = rec.keys() - CORPUS_KEYS - CORPUS_OPTIONAL
            if unknown:
                self.errors.append(f"{where}: unknown keys {sorted(unknown)}")
            where = f"{where} ({rec['id']})"
            key = (rec["corpus"], rec["id"])
            if key in self.ids:
                self.errors.append(f"{where}: duplicate story")
            self.ids.add(key)
            published = parse_date(rec["published"], where, self.errors)
            text = None
            if corpora is not None:
                if not stories:
                    stories = load_corpus(corpora, rec["corpus"])
                story = stories.get(rec["id"])
                if story is None:
                    self.errors.append(f"{where}: story not found in corpus {rec['corpus']!r}")
                else:
                    text = story["text"]
                    if str(story.get("published", ""))[:10] != rec["published"]:
                        self.errors.append(f"{where}: published {rec['published']} != story {story.get('published')}")
            lang = rec["language"]
            self.stats["passages"][f"corpus:{rec['corpus']}"] += 1
            for i, ev in enumerate(rec["events"]):
                if "evidence_start" not in ev:
                    self.errors.append(f"{where} event {i}: corpus events need evidence_start/evidence_end")
                self.check_event(ev, f"{where} event {i}", text, published, f"corpus:{rec['corpus']}")
            for i, ne in enumerate(rec["non_events"]):
                if "evidence_start" not in ne:
                    self.errors.append(f"{where} non_event {i}: corpus non-events need evidence_start/evidence_end")
                self.check_non_event(ne, f"{where} non_event {i}", text, f"corpus:{rec['corpus']}")
            if lang not in ("en", "fr"):
                self.errors.append(f"{where}: language {lang!r}")


def load_corpus(corpora: Path, name: str) -> dict[str, dict]:
    files = sorted((corpora / name).glob("*.jsonl"))
    out = {}
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out[str(rec["id"])] = rec
    return out


def check_all() -> tuple[list[str], dict[str, Counter], bool]:
    checker = Checker()
    files = sorted(EVENTS_DIR.glob("*.jsonl"))
    if not files:
        checker.errors.append(f"no gold files in {EVENTS_DIR}")
    for path in files:
        if path.stem not in ("en", "fr"):
            checker.errors.append(f"{path.name}: file name must be the language (en.jsonl, fr.jsonl)")
            continue
        checker.check_events_file(path)
    for path in sorted(HOLDOUT_DIR.glob("*.jsonl")) if HOLDOUT_DIR.is_dir() else []:
        checker.check_events_file(path, holdout=True)
    corpora = find_corpora()
    for path in sorted(CORPORA_DIR.glob("*.jsonl")) if CORPORA_DIR.is_dir() else []:
        if path.stem.startswith("seeds") or path.stem.endswith("_relations"):
            continue    # annotations of the raw seed files: checked by `conflictmap eval --shared`
        checker.check_corpus_file(path, corpora)
    return checker.errors, checker.stats, corpora is not None


def main(argv: list[str]) -> int:
    errors, stats, corpora_found = check_all()
    quiet = "--quiet" in argv
    if not quiet:
        for name in ("passages", "published_null", "no_event_passages", "events", "non_events"):
            print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in sorted(stats[name].items())))
        print("event types:")
        for et in EVENT_TYPES:
            print(f"  {stats['event_type'][et]:4d}  {et}")
        print("sub-event types:")
        for et, subs in EVENT_TYPES.items():
            for st in subs:
                print(f"  {stats['sub_event_type'][st]:4d}  {et} / {st}")
        covered = sum(1 for v in stats["sub_event_type"].values() if v)
        print(f"sub-event types covered: {covered} of {sum(len(s) for s in EVENT_TYPES.values())}")
        print("non-event kinds: " + ", ".join(f"{k}={v}" for k, v in sorted(stats["non_event_kind"].items())))
        print("time precision: " + ", ".join(f"{k}={v}" for k, v in sorted(stats["time_precision"].items())))
        print("countries: " + ", ".join(f"{k}={v}" for k, v in stats["country"].most_common()))
        if not corpora_found:
            print("note: shared corpora not found; corpus offsets were not checked against the stories")
    for e in errors:
        print("ERROR", e)
    print(f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
