"""Tests of matcher.agenda_texts: complete languages, Norwegian dates and times."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.agenda_texts import (
    TEXTS,
    format_date,
    format_date_short,
    format_score,
    format_span,
    format_time,
    parse_date,
    parse_time,
    text,
)
from profiles.errors import ScheduleError


def test_every_language_has_every_key():
    keys = set(TEXTS["nn"])
    assert set(TEXTS["nb"]) == keys and set(TEXTS["en"]) == keys


def test_languages_differ_in_their_fixed_texts():
    for a, b in (("nn", "nb"), ("nn", "en"), ("nb", "en")):
        differing = [k for k in TEXTS[a] if TEXTS[a][k] != TEXTS[b][k]]
        assert len(differing) >= 10, (a, b)
    # the sentences a company reads first are all different
    for key in ("intro", "why", "free", "no_meetings", "also_intro"):
        assert len({TEXTS[lang][key] for lang in ("nn", "nb", "en")}) == 3, key


def test_nynorsk_words():
    assert text("nn", "why") == "Kvifor de møtest"
    assert text("nb", "why") == "Hvorfor dere møtes"
    assert text("en", "why") == "Why you meet"


def test_unknown_language():
    with pytest.raises(ScheduleError, match="nn, nb, en"):
        text("sv", "why")


def test_dates_in_norwegian():
    d = dt.date(2027, 3, 20)
    assert format_date(d, "nn") == "laurdag 20. mars 2027"
    assert format_date(d, "nb") == "lørdag 20. mars 2027"
    assert format_date(d, "en") == "Saturday 20 March 2027"
    assert format_date(dt.date(2027, 3, 16), "nn") == "tysdag 16. mars 2027"
    assert format_date_short(d, "nb") == "20.03.2027"
    assert format_date(None, "nn") == ""


def test_times_in_norwegian():
    assert format_time("9:05", "nn") == "09.05"
    assert format_span("13:00", "13:12", "nn") == "kl. 13.00–13.12"
    assert format_span("13:00", None, "en") == "13:00"
    assert format_score(0.5, "nb") == "0,50"


@pytest.mark.parametrize("bad", ["25:00", "nine", "9-00"])
def test_bad_time(bad):
    with pytest.raises(ScheduleError, match="HH:MM"):
        parse_time(bad)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_date_round_trip_and_shape(day):
    assert parse_date(day.isoformat()) == day
    nn = format_date(day, "nn")
    assert nn.endswith(str(day.year)) and f" {day.day}. " in nn
    assert format_date_short(day, "nn").count(".") == 2


@given(st.times())
def test_time_format_round_trip(t):
    shown = format_time(t, "nn")
    assert parse_time(shown) == t.replace(second=0, microsecond=0)


def test_doctests():
    import doctest

    import matcher.agenda_texts

    assert doctest.testmod(matcher.agenda_texts).failed == 0
