"""Date expressions (English, French) resolved against the publication date."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictmap.stages.dates import find_dates, parse_iso_date


def first(text: str, language: str, published: str | None):
    found = find_dates(text, language, published)
    assert found, f"no date found in {text!r}"
    d = found[0].date
    return d.start, d.end, d.precision


@pytest.mark.parametrize("text,language,published,expected", [
    ("On Thursday, six peacekeepers were killed", "en", "2015-07-03", ("2015-07-02", "2015-07-02", "day")),
    ("attacked towns this past week", "en", "2015-07-03", ("2015-06-26", "2015-07-03", "week")),
    ("since last July they have employed", "en", "2020-02-22", ("2019-07-01", "2019-07-31", "month")),
    ("late last year militants seized roads", "en", "2020-02-22", ("2019-09-01", "2019-12-31", "season")),
    ("jeudi dernier, des hommes armés", "fr", "2021-06-07", ("2021-06-03", "2021-06-03", "day")),
    ("dans la nuit de samedi à dimanche", "fr", "2021-06-07", ("2021-06-05", "2021-06-06", "day")),
    ("le 12 mars, une attaque", "fr", "2021-06-07", ("2021-03-12", "2021-03-12", "day")),
    ("le 12 mars 2019", "fr", None, ("2019-03-12", "2019-03-12", "day")),
    ("overnight from Friday to Saturday", "en", "2021-06-07", ("2021-06-04", "2021-06-05", "day")),
    ("on Tuesday and Wednesday", "en", "2022-11-24", ("2022-11-22", "2022-11-23", "day")),
    ("between 27 and 31 March 2022", "en", "2022-05-01", ("2022-03-27", "2022-03-31", "day")),
    ("last week", "en", "2021-06-09", ("2021-05-31", "2021-06-06", "week")),
    ("hier soir", "fr", "2021-06-07", ("2021-06-06", "2021-06-06", "day")),
    ("in 2012, when rebels", "en", "2015-07-03", ("2012-01-01", "2012-12-31", "year")),
])
def test_resolution(text, language, published, expected):
    assert first(text, language, published) == expected


@pytest.mark.parametrize("text,language", [
    ("On Thursday, six soldiers", "en"), ("jeudi dernier", "fr"), ("this past week", "en"),
    ("last July", "en"), ("dans la nuit de samedi à dimanche", "fr"),
])
def test_relative_dates_stay_unresolved_without_publication_date(text, language):
    start, end, precision = first(text, language, None)
    assert (start, end, precision) == (None, None, "unknown")


def test_the_previous_day_is_relative_to_the_event_before():
    found = find_dates("On 14 April 2022 planes struck; the previous day troops repelled an attack", "en", "2022-04-20")
    assert [d.date.start for d in found] == ["2022-04-14", "2022-04-13"]


def test_the_verb_may_is_not_a_month():
    assert find_dates("the army may respond", "en", "2021-06-07") == []


@pytest.mark.parametrize("value,expected", [
    ("2021-06-07T09:30:00Z", "2021-06-07"), ("07/06/2021", "2021-06-07"),
    ("Mon, 07 Jun 2021 10:00:00 GMT", "2021-06-07"), ("Publié le 07/06/2021 à 10h32", "2021-06-07"),
    ("June 7, 2021 | 10:32 GMT", "2021-06-07"), ("not a date", None),
])
def test_parse_iso_date(value, expected):
    assert parse_iso_date(value) == expected


@given(st.dates(min_value=__import__("datetime").date(2000, 1, 1), max_value=__import__("datetime").date(2030, 1, 1)))
def test_weekday_resolution_is_never_after_publication(pub):
    for name in ("Monday", "Thursday", "Sunday"):
        start, end, _ = first(f"on {name} gunmen attacked", "en", pub.isoformat())
        assert start <= pub.isoformat() and end <= pub.isoformat()
