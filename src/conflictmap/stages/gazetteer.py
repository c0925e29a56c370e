"""The offline gazetteer: GeoNames (SQLite, package data) + curated supplement + user places.

    Gazetteer.load()            the package gazetteer, the supplement and the user file
    gazetteer.candidates(name)  every entry called `name` (accent- and case-insensitive)
    gazetteer.by_id(key)        one entry by key ("gn:2455290", "sup:boulkessi", 2455290)

GeoNames rows live in `resources/gazetteer.sqlite` (built by scripts/build_gazetteer.py);
the curated supplement (`resources/places_supplement.tsv`) and the user's places file
(`Settings().user_places`) are small TSV files read on every load, so an added place is
used at once. A supplement or user row with empty coordinates is a known place that
must stay unresolved; its note is the reason.

Thread safety: one read-only SQLite connection behind a lock; everything else is
immutable after load.
"""

from __future__ import annotations

import logging
import math
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import ResourceError
from ..models import fold

STAGE = "places.gazetteer.v1"

log = logging.getLogger(__name__)

PLACE_COLUMNS: tuple[str, ...] = (
    "name", "alternate_names", "latitude", "longitude", "country", "feature",
    "geo_precision", "geonameid", "source", "note",
)
REQUIRED_COLUMNS = 5   # name .. country; the rest may be left out at the end of a line

FEATURE_RE = re.compile(r"^[AHLPRSTUV]\.[A-Z0-9]{1,6}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Entry:
    """One gazetteer entry: a GeoNames row, a supplement row or a user row."""

    key: str                     # "gn:2455290" | "sup:boulkessi" | "user:mykaya"
    name: str
    latitude: float | None
    longitude: float | None
    country: str | None          # ISO 3166 alpha-2; None for areas across borders
    feature: str                 # GeoNames class.code, e.g. "P.PPLA"
    population: int = 0
    geonameid: int | None = None
    admin1_code: str = ""        # GeoNames admin1 code ("08")
    admin1_name: str | None = None   # GeoNames admin1 name (fallback when no polygons)
    admin2_name: str | None = None
    source: str = "geonames"     # geonames | supplement | user
    precision: int | None = None  # curated ACLED geo_precision, when the row sets one
    note: str = ""
    ranked: bool = False         # worth an entity-ruler pattern
    names: tuple[str, ...] = field(default=(), compare=False)  # names as written

    @property
    def fclass(self) -> str:
        return self.feature.split(".", 1)[0]

    @property
    def fcode(self) -> str:
        return self.feature.split(".", 1)[-1]

    @property
    def resolvable(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Candidate:
    """An entry found under a name, and how the name matched (0 main, 1 ascii, 2 alternate)."""

    entry: Entry
    kind: int


def _package_file(name: str) -> Path:
    return Path(str(resources.files("conflictmap") / "resources" / name))


def parse_place_rows(lines: Iterable[str], source: str, origin: str) -> list[Entry]:
    """Entries from the lines of a places TSV (supplement or user file).

    Raises ResourceError naming `origin:line` and the fix for any bad row.
    """
    entries: list[Entry] = []
    seen: set[str] = set()
    for lineno, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0].strip().lower() == "name" and lineno <= 10:
            continue   # header
        where = f"{origin}:{lineno}"
        if len(cols) < REQUIRED_COLUMNS or len(cols) > len(PLACE_COLUMNS):
            raise ResourceError(
                f"expected {REQUIRED_COLUMNS} to {len(PLACE_COLUMNS)} tab-separated columns "
                f"({', '.join(PLACE_COLUMNS)}), got {len(cols)}; separate columns with tabs",
                source=where)
        cols = [c.strip() for c in cols] + [""] * (len(PLACE_COLUMNS) - len(cols))
        row = dict(zip(PLACE_COLUMNS, cols, strict=True))
        entries.append(_row_entry(row, source, where, seen))
    return entries


def _row_entry(row: dict[str, str], source: str, where: str, seen: set[str]) -> Entry:
    name = row["name"]
    if not name:
        raise ResourceError("empty name; the first column is the place name", source=where)
    lat_s, lon_s = row["latitude"], row["longitude"]
    lat = lon = None
    if lat_s or lon_s:
        try:
            lat, lon = float(lat_s), float(lon_s)
        except ValueError:
            raise ResourceError(
                f"latitude/longitude must be decimal degrees, got {lat_s!r} {lon_s!r}",
                source=where) from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
            raise ResourceError(f"coordinates out of range: {lat_s}, {lon_s} (latitude first)",
                                source=where)
    elif not row["note"]:
        raise ResourceError("a row without coordinates needs a note saying why it stays "
                            "unresolved", source=where)
    country = row["country"].upper() or None
    if country is not None and not COUNTRY_RE.match(country):
        raise ResourceError(f"country must be an ISO 3166 alpha-2 code like ML, got {row['country']!r}",
                            source=where)
    feature = row["feature"] or "P.PPL"
    if not FEATURE_RE.match(feature):
        raise ResourceError(f"feature must be a GeoNames class.code like P.PPL, got {feature!r}",
                            source=where)
    precision = None
    if row["geo_precision"]:
        if row["geo_precision"] not in ("1", "2", "3"):
            raise ResourceError(f"geo_precision must be 1, 2 or 3, got {row['geo_precision']!r}",
                                source=where)
        precision = int(row["geo_precision"])
    geonameid = None
    if row["geonameid"]:
        if not row["geonameid"].isdigit():
            raise ResourceError(f"geonameid must be a number, got {row['geonameid']!r}", source=where)
        geonameid = int(row["geonameid"])
    alternates = tuple(a.strip() for a in row["alternate_names"].split(";") if a.strip())
    key = f"{'sup' if source == 'supplement' else source}:{fold(name).replace(' ', '-')}"
    if country:
        key += f":{country.lower()}"
    if key in seen:
        raise ResourceError(f"duplicate place {name!r} ({country or 'no country'}); "
                            "merge the two rows", source=where)
    seen.add(key)
    return Entry(
        key=key, name=name, latitude=lat, longitude=lon, country=country, feature=feature,
        geonameid=geonameid, source=source, precision=precision, note=row["note"],
        ranked=True, names=(name, *alternates),
    )


class Gazetteer:
    """GeoNames in SQLite plus in-memory supplement and user entries.

    Built with no database (`Gazetteer(None, entries)`) it is the in-memory gazetteer
    unit tests use.
    """

    def __init__(self, db_path: Path | None, extra: Iterable[Entry] = ()) -> None:
        self._lock = threading.Lock()
        self._con: sqlite3.Connection | None = None
        self._admin: dict[str, str] = {}
        self._meta: dict[str, str] = {}
        self._country_names: dict[str, str] = {}
        if db_path is not None:
            if not db_path.exists():
                raise ResourceError(f"gazetteer not found: {db_path}; build it with "
                                    "`python scripts/build_gazetteer.py SHARED_DIR`")
            try:
                self._con = sqlite3.connect(f"file:{db_path}?mode=ro&immutable=1", uri=True,
                                            check_same_thread=False)
                self._meta = dict(self._con.execute("SELECT key, value FROM meta"))
                self._admin = dict(self._con.execute("SELECT code, name FROM admin"))
                self._country_names = dict(self._con.execute("SELECT iso2, name FROM countries"))
            except sqlite3.DatabaseError as exc:
                raise ResourceError(f"gazetteer {db_path} is not a valid gazetteer database: {exc}; "
                                    "rebuild it with scripts/build_gazetteer.py") from exc
        self._extra: dict[str, Entry] = {}
        self._extra_names: dict[str, list[Entry]] = {}
        for entry in extra:
            self._extra[entry.key] = entry
            for key in dict.fromkeys(fold(n) for n in (entry.names or (entry.name,))):
                self._extra_names.setdefault(key, []).append(entry)
        self._cache: dict[str, tuple[Candidate, ...]] = {}

    @classmethod
    def load(cls, path: Path | None = None, supplement: Path | None = None,
             user_places: Path | None = None) -> Gazetteer:
        """The package gazetteer with the supplement and (when it exists) the user file."""
        db = path or _package_file("gazetteer.sqlite")
        extra: list[Entry] = []
        sup = supplement or _package_file("places_supplement.tsv")
        if sup.exists():
            extra.extend(parse_place_rows(sup.read_text(encoding="utf-8").splitlines(),
                                          "supplement", str(sup.name)))
        if user_places is not None and user_places.exists():
            extra.extend(read_user_places(user_places))
        gaz = cls(db, extra)
        log.info("gazetteer loaded: %s + %d supplement/user entries", db.name, len(extra))
        return gaz

    # -- lookups -------------------------------------------------------------------

    def candidates(self, name: str) -> tuple[Candidate, ...]:
        """Every entry called `name`, accent- and case-insensitively (cached)."""
        key = fold(name)
        if not key:
            return ()
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                return cached
            found: list[Candidate] = [Candidate(e, 0 if fold(e.name) == key else 2)
                                      for e in self._extra_names.get(key, ())]
            if self._con is not None:
                rows = self._con.execute(
                    "SELECT n.kind, p.id, p.name, p.lat, p.lon, p.fclass, p.fcode, p.country,"
                    " p.admin1, p.admin2, p.population, p.rank FROM names n"
                    " JOIN places p ON p.id = n.id WHERE n.key = ?", (key,)).fetchall()
                # a supplement row that carries a geonameid replaces that GeoNames row
                replaced = {c.entry.geonameid for c in found if c.entry.geonameid}
                found.extend(Candidate(self._entry(row[1:]), row[0]) for row in rows
                             if row[1] not in replaced)
            result = tuple(found)
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[key] = result
            return result

    def has_name(self, name: str) -> bool:
        return bool(self.candidates(name))

    def by_id(self, key: str | int) -> Entry | None:
        """An entry by key ("gn:2455290", "sup:...", "user:...") or by geonameid."""
        if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
            key = f"gn:{int(key)}"
        if key in self._extra:
            return self._extra[key]
        if not key.startswith("gn:") or self._con is None:
            return None
        with self._lock:
            row = self._con.execute(
                "SELECT id, name, lat, lon, fclass, fcode, country, admin1, admin2, population, rank"
                " FROM places WHERE id = ?", (int(key[3:]),)).fetchone()
        return self._entry(row) if row else None

    def _entry(self, row: tuple) -> Entry:
        gid, name, lat, lon, fclass, fcode, country, a1, a2, pop, rank = row
        return Entry(
            key=f"gn:{gid}", name=name, latitude=lat, longitude=lon, country=country or None,
            feature=f"{fclass}.{fcode}", population=pop, geonameid=gid, admin1_code=a1,
            admin1_name=self._admin.get(f"{country}.{a1}") if a1 else None,
            admin2_name=self._admin.get(f"{country}.{a1}.{a2}") if a2 else None,
            source="geonames", ranked=bool(rank),
        )

    def country(self, iso2: str) -> Entry | None:
        """The country entry (feature A.PCLI) of an ISO2 code."""
        for cand in self.candidates(self._country_names.get(iso2, iso2)):
            if cand.entry.feature == "A.PCLI" and cand.entry.country == iso2:
                return cand.entry
        return None

    def country_name(self, iso2: str | None) -> str | None:
        if iso2 is None:
            return None
        return self._country_names.get(iso2)

    def admin1_names(self, country: str) -> list[str]:
        """GeoNames first-level unit names of a country."""
        prefix = f"{country}."
        return sorted(name for code, name in self._admin.items()
                      if code.startswith(prefix) and code.count(".") == 1)

    def ranked_labels(self) -> Iterator[tuple[Entry, str, bool]]:
        """(entry, name as written, name is also a common word) for the ranked entries.

        These are the bounded set of names worth an entity-ruler pattern: countries,
        admin units, capitals and towns with a population, the supplement, user places.
        """
        if self._con is not None:
            with self._lock:
                rows = self._con.execute(
                    "SELECT p.id, p.name, p.lat, p.lon, p.fclass, p.fcode, p.country, p.admin1,"
                    " p.admin2, p.population, p.rank, l.name, l.common"
                    " FROM places p JOIN labels l ON l.id = p.id WHERE p.rank = 1").fetchall()
            entries: dict[int, Entry] = {}
            for row in rows:
                entry = entries.get(row[0]) or entries.setdefault(row[0], self._entry(row[:11]))
                yield entry, row[11], bool(row[12])
        for entry in self._extra.values():
            if entry.ranked:
                for name in entry.names:
                    yield entry, name, False

    def common_names(self) -> frozenset[str]:
        """Folded place names that are also English or French words ("say", "centre")."""
        if self._con is None:
            return frozenset()
        with self._lock:
            rows = self._con.execute("SELECT DISTINCT name FROM labels WHERE common = 1").fetchall()
        return frozenset(fold(r[0]) for r in rows)

    def extra_entries(self) -> list[Entry]:
        return list(self._extra.values())

    @property
    def meta(self) -> dict[str, str]:
        return dict(self._meta)


def read_user_places(path: Path) -> list[Entry]:
    """The user's places file; errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ResourceError(f"not UTF-8 text ({exc}); save the file as UTF-8", source=str(path)) from exc
    return parse_place_rows(text.splitlines(), "user", str(path))


def format_place_row(name: str, latitude: float | None, longitude: float | None,
                     country: str | None, feature: str = "P.PPL",
                     alternate_names: Iterable[str] = (), geo_precision: int | None = 1,
                     geonameid: int | None = None, source: str = "", note: str = "") -> str:
    """One TSV line of a places file (the columns of PLACE_COLUMNS)."""
    def clean(value: object) -> str:
        text = "" if value is None else str(value)
        if "\t" in text or "\n" in text:
            raise ResourceError(f"tabs and newlines are not allowed in a place field: {text!r}")
        return text.strip()

    cols = [name, ";".join(alternate_names), "" if latitude is None else f"{latitude:.6g}",
            "" if longitude is None else f"{longitude:.6g}", country or "", feature,
            geo_precision, geonameid, source, note]
    return "\t".join(clean(c) for c in cols)


def add_user_place(path: Path, name: str, latitude: float | None, longitude: float | None,
                   country: str | None, feature: str = "P.PPL",
                   alternate_names: Iterable[str] = (), geo_precision: int | None = 1,
                   geonameid: int | None = None, source: str = "user", note: str = "") -> Entry:
    """Validate one place and append it to the user's places file (created with a header).

    The row is checked exactly as the loader will check it, together with the rows
    already in the file (no duplicates), before anything is written.
    """
    line = format_place_row(name, latitude, longitude, country.upper() if country else None,
                            feature, list(alternate_names), geo_precision, geonameid, source, note)
    existing = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    entries = parse_place_rows([*existing, line], "user", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        if not existing:
            fh.write("\t".join(PLACE_COLUMNS) + "\n")
        elif not path.read_text(encoding="utf-8").endswith("\n"):
            fh.write("\n")
        fh.write(line + "\n")
    log.info("added user place %s to %s", name, path)
    return entries[-1]
