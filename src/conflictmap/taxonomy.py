"""ACLED's public codebook conventions: event types, actor types, precision codes.

Only the codebook's categories are used here (names and codes), never ACLED data.
"""

from __future__ import annotations

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": (
        "Violent demonstration",
        "Mob violence",
    ),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

SUB_EVENT_TYPES: dict[str, str] = {
    sub: event_type for event_type, subs in EVENT_TYPES.items() for sub in subs
}

# ACLED "inter" codes: the type of an actor.
INTER_CODES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

# ACLED geo_precision.
GEO_PRECISION: dict[int, str] = {
    1: "the named town, village or point",
    2: "near a town, or part of a district; the nearest town or district capital is coded",
    3: "only a region is known; its capital or centroid is coded",
}

# UCDP GED where_prec.
WHERE_PREC: dict[int, str] = {
    1: "exact location",
    2: "within 25 km of a known point, or 'near' a place",
    3: "second-order administrative division (district, cercle, province, department)",
    4: "first-order administrative division (region)",
    5: "a linear feature or an area larger than a region (border, road, 'between A and B')",
    6: "only the country is known",
    7: "international waters or airspace, or a location too vague to place",
}

TIME_PRECISION_CODES: dict[str, int] = {"day": 1, "week": 2, "month": 3, "season": 3, "year": 3, "unknown": 3}


def check_types(event_type: str | None, sub_event_type: str | None) -> None:
    """Raise ValueError unless the pair is one of the codebook's."""
    if event_type is None and sub_event_type is None:
        return
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event_type {event_type!r}")
    if sub_event_type is not None and SUB_EVENT_TYPES.get(sub_event_type) != event_type:
        raise ValueError(f"sub_event_type {sub_event_type!r} is not a kind of {event_type!r}")

# Country names as the codebook writes them, for the ISO 3166 codes the region needs.
COUNTRY_NAMES: dict[str, str] = {
    "ML": "Mali", "BF": "Burkina Faso", "NE": "Niger", "MR": "Mauritania", "SN": "Senegal",
    "CI": "Ivory Coast", "GN": "Guinea", "GH": "Ghana", "BJ": "Benin", "TG": "Togo",
    "NG": "Nigeria", "TD": "Chad", "CM": "Cameroon", "DZ": "Algeria", "LY": "Libya",
    "GM": "Gambia", "GW": "Guinea-Bissau", "SL": "Sierra Leone", "LR": "Liberia",
    "MA": "Morocco", "TN": "Tunisia", "EG": "Egypt", "SD": "Sudan", "CF": "Central African Republic",
    "SO": "Somalia", "KE": "Kenya", "ET": "Ethiopia", "SY": "Syria", "IQ": "Iraq", "YE": "Yemen",
    "AF": "Afghanistan", "FR": "France", "US": "United States", "GB": "United Kingdom",
    "UA": "Ukraine", "RU": "Russia", "IL": "Israel", "PS": "Palestine", "LB": "Lebanon",
    "IR": "Iran", "PK": "Pakistan", "CD": "Democratic Republic of Congo", "MZ": "Mozambique",
    "SS": "South Sudan", "CV": "Cape Verde", "EH": "Western Sahara",
    "TR": "Turkey", "RW": "Rwanda", "UG": "Uganda", "MM": "Myanmar",
}
COUNTRY_CODES: dict[str, str] = {name: code for code, name in COUNTRY_NAMES.items()}
