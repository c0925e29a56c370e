"""Relative locations: "30 km north of Djibo", "entre Gao et Ansongo", "near the border with
Niger". Each becomes an extra place with source "relative", coordinates computed from the
place it is relative to, and a lower precision (ACLED geo_precision 2, UCDP where_prec 2-5).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from ..models import Place, fold
from . import place_rules as rules

if TYPE_CHECKING:
    from .places import Geocoder

Toponym = Any   # places._Toponym: a resolved name span



def relatives(geocoder: Geocoder, text: str, toponyms: list[Toponym], countries: Counter[str]) -> list[Place]:
    out: list[Place] = []
    used: set[int] = set()
    points = [t for t in toponyms if t.place is not None and t.place.latitude is not None
              and t.entry is not None and t.entry.feature not in ("A.PCLI", "A.ADM1")]
    # between A and B
    for i, a in enumerate(points):
        for b in points[i + 1:]:
            if rules.BETWEEN_RE.search(text[max(0, a.start - 12):a.start]) and \
                    rules.AND_RE.match(text[a.end:b.start]):
                start = max(0, a.start - 12) + rules.BETWEEN_RE.search(text[max(0, a.start - 12):a.start]).start()
                out.append(_between(geocoder, text, start, a, b))
                used.update((id(a), id(b)))
    for t in points:
        if id(t) in used:
            continue
        rel = rules.relative_before(text, t.start)
        if rel is not None:
            out.append(_offset(geocoder, text, rel, t))
    out.extend(_borders(geocoder, text, toponyms, countries))
    return out

def _relative_place(geocoder: Geocoder, text: str, start: int, end: int, name: str, lat: float, lon: float,
                    country: str | None, geo: int, where: int, reason: str) -> Place:
    hit = geocoder.admin.locate(lat, lon) if country is None else geocoder.admin.locate(lat, lon)
    if country is not None and hit.country not in (None, country):
        reason += f"; the point falls in {geocoder.gazetteer.country_name(hit.country) or hit.country}"
        country = hit.country
    elif country is None:
        country = hit.country
    admin1, admin2 = hit.admin1, hit.admin2
    if country is not None and hit.country != country:
        sub = geocoder.admin.locate(lat, lon, country)
        admin1, admin2 = sub.admin1, sub.admin2
    return Place(text=text[start:end], start=start, end=end, name=name, latitude=lat,
                 longitude=lon, country=country, admin1=admin1, admin2=admin2,
                 feature="relative", geo_precision=geo, where_prec=where, source="relative",
                 reason=reason)

def _offset(geocoder: Geocoder, text: str, rel: rules.Relative, t: Toponym) -> Place:
    ref = t.place
    assert ref is not None and ref.latitude is not None and ref.longitude is not None
    name = ref.name or ref.text
    if rel.distance_km is not None and rel.bearing is not None:
        lat, lon = rules.destination(ref.latitude, ref.longitude, rel.bearing, rel.distance_km)
        label = f"{rel.distance_km:g} km {rules.compass(rel.bearing)} of {name}"
        return _relative_place(geocoder, text, rel.start, t.end, label, lat, lon, ref.country, 2, 2,
                                    f"offset from {name}")
    if rel.distance_km is not None:
        where = 2 if rel.distance_km <= 25 else 3
        return _relative_place(geocoder, text, rel.start, t.end, f"{rel.distance_km:g} km from {name}",
                                    ref.latitude, ref.longitude, ref.country, 2, where,
                                    f"distance without direction: coded at {name}")
    if rel.bearing is not None:
        return _relative_place(geocoder, text, rel.start, t.end, f"{rules.compass(rel.bearing)} of {name}",
                                    ref.latitude, ref.longitude, ref.country, 2, 2,
                                    f"direction without distance: coded at {name}")
    return _relative_place(geocoder, text, rel.start, t.end, f"near {name}", ref.latitude,
                                ref.longitude, ref.country, 2, 2, f"near {name}: coded at {name}")

def _between(geocoder: Geocoder, text: str, start: int, a: Toponym, b: Toponym) -> Place:
    pa, pb = a.place, b.place
    assert pa is not None and pb is not None
    lat, lon = rules.midpoint(pa.latitude, pa.longitude, pb.latitude, pb.longitude)
    dist = rules.haversine_km(pa.latitude, pa.longitude, pb.latitude, pb.longitude)
    country = pa.country if pa.country == pb.country else None
    return _relative_place(geocoder, text, start, b.end, f"between {pa.name} and {pb.name}", lat, lon,
                                country, 2 if dist <= 100 else 3, 5,
                                f"between two places {dist:.0f} km apart: midpoint")

def _borders(geocoder: Geocoder, text: str, toponyms: list[Toponym], countries: Counter[str]) -> list[Place]:
    import re

    out: list[Place] = []
    demonyms = {**rules.DEMONYMS}
    for t in toponyms:
        if t.entry is None or t.entry.feature != "A.PCLI":
            continue
        m = rules.BORDER_RE.search(text[max(0, t.start - 60):t.start])
        after = rules.BORDER_NOUN_AFTER_RE.match(text[t.end:t.end + 12])
        before = rules.BORDER_NOUN_BEFORE_RE.search(text[max(0, t.start - 20):t.start])
        if after and before:
            start = max(0, t.start - 20) + before.start()
            place = _border(geocoder, text, start, t.end + after.end(), t.entry.country, toponyms, countries)
            if place is not None:
                out.append(place)
        elif m:
            start = max(0, t.start - 60) + m.start()
            place = _border(geocoder, text, start, t.end, t.entry.country, toponyms, countries)
            if place is not None:
                out.append(place)
    for m in rules.BORDER_ADJ_RE.finditer(text):
        adj = m.group("adj") or m.group("adjfr")
        other = demonyms.get(fold(adj)) or demonyms.get(fold(re.sub(r"e$", "", adj)))
        if other is None:
            for k, v in demonyms.items():
                if fold(adj).startswith(k[:6]):
                    other = v
                    break
        if other:
            place = _border(geocoder, text, m.start(), m.end(), other, toponyms, countries)
            if place is not None:
                out.append(place)
    return out

def _border(geocoder: Geocoder, text: str, start: int, end: int, other: str | None, toponyms: list[Toponym],
            countries: Counter[str]) -> Place | None:
    if other is None:
        return None
    before = [t for t in toponyms if t.end <= start and t.place is not None and
              t.place.country not in (None, other) and t.place.latitude is not None]
    after = [t for t in toponyms if t.start >= end and t.place is not None and
             t.place.country not in (None, other) and t.place.latitude is not None and
             rules.sentence_bounds(text, t.start) == rules.sentence_bounds(text, start)]
    home = before[-1].place.country if before else (after[0].place.country if after else next(
        (c for c, _ in countries.most_common() if c != other), None))
    if home is None:
        return None
    near_t = next((t for t in reversed(before) if t.entry is not None and
                   t.entry.feature not in ("A.PCLI", "A.ADM1") and t.place.country == home
                   and rules.sentence_bounds(text, t.start) == rules.sentence_bounds(text, start)), None)
    near = (near_t.place.latitude, near_t.place.longitude) if near_t else None
    point = geocoder.admin.border_point(home, other, near)
    if point is None:
        return None
    a, b = geocoder.gazetteer.country_name(home), geocoder.gazetteer.country_name(other)
    place = _relative_place(geocoder, text, start, end, f"{a}-{b} border area", point[0], point[1],
                                 home, 2 if near else 3, 5, "border area" +
                                 (f" nearest {near_t.place.name}" if near_t else ": middle of the border"))
    place.country = home
    return place
