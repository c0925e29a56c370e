"""Codes the exports derive from stored fields: countries, ACLED and UCDP rules.

Countries are stored by English short name ("Mali"); exports need ISO codes and
ACLED's region. ACLED's derived columns follow its public codebook:

    disorder_type   Battles, Explosions/Remote violence, Violence against civilians
                    -> "Political violence"; Protests, Riots -> "Demonstrations"
                    (Excessive force against protesters -> "Political violence;
                    Demonstrations"); Strategic developments -> "Strategic developments"
    interaction     the two inter codes, lower first, as one number (12 = state forces
                    and a rebel group); an event with one actor: inter1 * 10
    time_precision  1 day, 2 week, 3 month or longer (taxonomy.TIME_PRECISION_CODES)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..models import fold
from ..taxonomy import TIME_PRECISION_CODES


@dataclass(frozen=True)
class Country:
    name: str      # English short name, as stored
    iso2: str
    iso3: str
    numeric: int   # ISO 3166-1 numeric (ACLED's `iso` column)
    region: str    # ACLED region


COUNTRIES: tuple[Country, ...] = (
    Country("Mali", "ML", "MLI", 466, "Western Africa"),
    Country("Burkina Faso", "BF", "BFA", 854, "Western Africa"),
    Country("Niger", "NE", "NER", 562, "Western Africa"),
    Country("Mauritania", "MR", "MRT", 478, "Western Africa"),
    Country("Senegal", "SN", "SEN", 686, "Western Africa"),
    Country("Ivory Coast", "CI", "CIV", 384, "Western Africa"),
    Country("Guinea", "GN", "GIN", 324, "Western Africa"),
    Country("Ghana", "GH", "GHA", 288, "Western Africa"),
    Country("Benin", "BJ", "BEN", 204, "Western Africa"),
    Country("Togo", "TG", "TGO", 768, "Western Africa"),
    Country("Nigeria", "NG", "NGA", 566, "Western Africa"),
    Country("Gambia", "GM", "GMB", 270, "Western Africa"),
    Country("Guinea-Bissau", "GW", "GNB", 624, "Western Africa"),
    Country("Sierra Leone", "SL", "SLE", 694, "Western Africa"),
    Country("Liberia", "LR", "LBR", 430, "Western Africa"),
    Country("Chad", "TD", "TCD", 148, "Middle Africa"),
    Country("Cameroon", "CM", "CMR", 120, "Middle Africa"),
    Country("Central African Republic", "CF", "CAF", 140, "Middle Africa"),
    Country("Algeria", "DZ", "DZA", 12, "Northern Africa"),
    Country("Libya", "LY", "LBY", 434, "Northern Africa"),
    Country("Sudan", "SD", "SDN", 729, "Northern Africa"),
)

_ALIASES = {"cote d'ivoire": "CI", "côte d'ivoire": "CI", "the gambia": "GM"}
_BY_KEY: dict[str, Country] = {}
for _c in COUNTRIES:
    for _key in (_c.name, _c.iso2, _c.iso3):
        _BY_KEY[fold(_key)] = _c
for _alias, _iso2 in _ALIASES.items():
    _BY_KEY[fold(_alias)] = _BY_KEY[fold(_iso2)]


def country(value: str | None) -> Country | None:
    """The country named by an English name, ISO2 or ISO3 code (any case or accents)."""
    if not value:
        return None
    return _BY_KEY.get(fold(value))


POLITICAL_VIOLENCE = ("Battles", "Explosions/Remote violence", "Violence against civilians")
DEMONSTRATIONS = ("Protests", "Riots")


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    if event_type in POLITICAL_VIOLENCE:
        return "Political violence"
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event_type in DEMONSTRATIONS:
        return "Demonstrations"
    if event_type == "Strategic developments":
        return "Strategic developments"
    return ""


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    if not inter1:
        return None
    if not inter2:
        return inter1 * 10
    low, high = sorted((int(inter1), int(inter2)))
    return low * 10 + high


def acled_time_precision(precision: str | None) -> int:
    return TIME_PRECISION_CODES.get(precision or "unknown", 3)


def ucdp_date_prec(date_start: str | None, date_end: str | None, precision: str | None) -> int:
    """UCDP date_prec: 1 exact day, 2 within 2-6 days, 3 a week, 4 a month (8-30 days), 5 longer."""
    if not date_start or not date_end:
        return 5
    days = (date.fromisoformat(date_end) - date.fromisoformat(date_start)).days + 1
    if days <= 1:
        return 1
    if days <= 6:
        return 2
    if days <= 7 or precision == "week":
        return 3
    if days <= 31:
        return 4
    return 5
