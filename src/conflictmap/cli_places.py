"""CLI commands of the places stage: `conflictmap places ...` and `conflictmap geoparse`.

Thin: parse flags, call the library, print. Mount into the main CLI with

    from .cli_places import geoparse_command, places
    main.add_command(places)
    main.add_command(geoparse_command)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

import click

from .errors import ConflictMapError


def _user_places(path: Path | None) -> Path:
    if path is not None:
        return path
    from .config import Settings

    return Settings().user_places


@click.group("places")
def places() -> None:
    """Search the gazetteer, list admin units, add your own places."""


@places.command("add")
@click.argument("name")
@click.option("--lat", "latitude", type=float, default=None, help="Latitude, decimal degrees.")
@click.option("--lon", "longitude", type=float, default=None, help="Longitude, decimal degrees.")
@click.option("--country", required=True, help="ISO 3166 alpha-2 code, e.g. ML.")
@click.option("--feature", default="P.PPL", show_default=True, help="GeoNames class.code.")
@click.option("--alt", "alternates", multiple=True, help="An alternate name (repeatable).")
@click.option("--precision", "geo_precision", type=click.IntRange(1, 3), default=1, show_default=True,
              help="ACLED geo_precision of the position: 1 point, 2 approximate, 3 region.")
@click.option("--geonameid", type=int, default=None, help="GeoNames id, when the place is in GeoNames.")
@click.option("--source", default="user", show_default=True, help="Where the position comes from.")
@click.option("--note", default="", help="A note; required when no coordinates are given.")
@click.option("--file", "path", type=click.Path(path_type=Path), default=None,
              help="The places file (default: Settings().user_places).")
def add(name: str, latitude: float | None, longitude: float | None, country: str, feature: str,
        alternates: tuple[str, ...], geo_precision: int, geonameid: int | None, source: str,
        note: str, path: Path | None) -> None:
    """Add a place to your places file; it is used on the next run."""
    from .stages.gazetteer import add_user_place

    target = _user_places(path)
    try:
        entry = add_user_place(target, name, latitude, longitude, country, feature, alternates,
                               geo_precision, geonameid, source, note)
    except ConflictMapError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"added {entry.name} ({entry.country}, {entry.latitude}, {entry.longitude}) to {target}")


@places.command("search")
@click.argument("name")
@click.option("--country", default=None, help="Only this ISO2 country.")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def search(name: str, country: str | None, limit: int, as_json: bool) -> None:
    """Every gazetteer entry called NAME (accent- and case-insensitive)."""
    from .stages.places import Geocoder

    try:
        geocoder = Geocoder.default()
    except ConflictMapError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = [c.entry for c in geocoder.gazetteer.candidates(name)
            if country is None or c.entry.country == country.upper()]
    rows.sort(key=lambda e: (e.source == "geonames", -e.population, e.key))
    if not rows:
        click.echo(f"no place called {name!r}", err=True)
        sys.exit(1)
    for e in rows[:limit]:
        if as_json:
            click.echo(json.dumps({"key": e.key, "name": e.name, "geonameid": e.geonameid,
                                   "latitude": e.latitude, "longitude": e.longitude,
                                   "country": e.country, "feature": e.feature,
                                   "population": e.population, "admin1": e.admin1_name,
                                   "source": e.source, "note": e.note or None}, ensure_ascii=False))
        else:
            pos = f"{e.latitude:.4f} {e.longitude:.4f}" if e.resolvable else "(no position)"
            click.echo(f"{e.key:<22} {e.name:<28} {e.country or '--':<3} {e.feature:<8} {pos:<20} "
                       f"pop {e.population:<9} {e.admin1_name or ''}")


@places.command("admin1")
@click.option("--country", required=True, help="ISO2 code, e.g. NE.")
def admin1(country: str) -> None:
    """First-level admin names of a country (geoBoundaries names when the package has them)."""
    from .stages.admin import AdminAreas
    from .stages.places import Geocoder

    country = country.upper()
    try:
        names = AdminAreas.default().admin1_names(country)
        origin = "geoBoundaries"
        if not names:
            names = Geocoder.default().gazetteer.admin1_names(country)
            origin = "GeoNames"
    except ConflictMapError as exc:
        raise click.ClickException(str(exc)) from exc
    if not names:
        raise click.ClickException(f"no admin1 units known for {country}")
    click.echo(f"# {country}: {len(names)} units ({origin})")
    for name in names:
        click.echo(name)


def _read_lines(stream: TextIO) -> Any:
    for number, line in enumerate(stream, start=1):
        if line.strip():
            yield number, line


@click.command("geoparse")
@click.argument("input_file", type=click.File("r", encoding="utf-8"))
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Output JSONL (default: stdout).")
@click.option("--no-nlp", is_flag=True, help="Skip spaCy: gazetteer and cue rules only (faster).")
def geoparse_command(input_file: TextIO, output: TextIO, no_nlp: bool) -> None:
    """Places of each JSONL record {"id", "text", "language"?} -> {"id", "places": [...]}.

    A bad line is reported on stderr with its number and skipped.
    """
    from .stages.places import Geocoder, geoparse

    name = getattr(input_file, "name", "-")
    numbered: list[tuple[int, dict[str, Any]]] = []
    failures = 0

    def records() -> Any:
        nonlocal failures
        for number, line in _read_lines(input_file):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                failures += 1
                click.echo(f"{name}:{number}: not JSON ({exc.msg}); line skipped", err=True)
                continue
            numbered.append((number, record))
            yield record

    def on_error(index: int, record: Any, exc: ConflictMapError) -> None:
        nonlocal failures
        failures += 1
        click.echo(f"{name}:{numbered[index][0]}: {exc}; line skipped", err=True)

    try:
        geocoder = Geocoder.default()
        for result in geoparse(records(), geocoder=geocoder, on_error=on_error, use_nlp=not no_nlp):
            output.write(json.dumps(result, ensure_ascii=False) + "\n")
    except ConflictMapError as exc:
        raise click.ClickException(str(exc)) from exc
    if failures:
        click.echo(f"{failures} line(s) skipped", err=True)
