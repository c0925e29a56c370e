"""Counts and death counts in English and French."""

from __future__ import annotations

import pytest

from conflictmap.stages.numbers import death_group, find_fatalities, find_numbers


def deaths(sentence: str, language: str = "en") -> list[int]:
    return [c.best for c in find_fatalities(sentence, language)]


@pytest.mark.parametrize("sentence,language,expected", [
    ("On Thursday, six UN peacekeepers were killed in an attack", "en", [6]),
    ("gunmen killed at least 12 villagers and wounded 20 others", "en", [12]),
    ("ten soldiers and 25 assailants were killed", "en", [10, 25]),
    ("une vingtaine de civils ont été tués et une dizaine blessés", "fr", [20]),
    ("l'attaque a fait 15 morts et 20 blessés", "fr", [15]),
    ("les FAMa ont neutralisé une trentaine de terroristes", "fr", [30]),
    ("abducted 12 women and killed two men", "en", [2]),
    ("killing a customs officer and a civilian", "en", [1, 1]),
    ("At least 13 civilians, several of them children, were killed on Sunday", "en", [13]),
    ("killed at least 500 people in Moura between 27 and 31 March 2022", "en", [500]),
    ("dozens of people were killed", "en", [12]),
    ("Des centaines de personnes, en majorité des militaires, auraient été tuées", "fr", [100]),
    ("The Malian army has about 12,000 soldiers", "en", []),
    ("Twelve people were wounded and three killed", "en", [3]),
    ("five people were abducted", "en", []),
])
def test_fatalities(sentence, language, expected):
    assert deaths(sentence, language) == expected


def test_ranges_and_qualifiers():
    (count,) = find_numbers("between 20 and 30 people")
    assert (count.best, count.low, count.high) == (20, 20, 30)
    (count,) = find_numbers("more than 900 people")
    assert count.best == 900
    (count,) = find_numbers("up to 40 people")
    assert (count.best, count.low, count.high) == (40, None, 40)


def test_years_are_not_counts():
    assert find_numbers("in 2012 rebels took the north") == []


def test_death_groups():
    s = "Ten soldiers and 25 assailants were killed"
    groups = [death_group(s, c) for c in find_fatalities(s)]
    assert groups == ["security", "attackers"]
