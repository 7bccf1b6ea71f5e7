"""Typed dates (``domain.dates``): every form a person or a spreadsheet writes is read back
as the date meant, and anything else is refused in one line naming the forms that work."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riskwizard.domain.dates import HINT, DateError, day_words, parse_date, typed_form

days = st.dates(date(1900, 1, 1), date(2199, 12, 31))
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@given(days)
def test_the_typed_form_reads_back(day: date) -> None:
    assert parse_date(typed_form(day)) == day
    assert parse_date(day.isoformat()) == day


@given(days, st.sampled_from(["/", "-", "."]), st.booleans(), st.booleans(),
       st.sampled_from(["", " ", "  "]))
def test_numbers_month_first(day: date, sep: str, pad: bool, short_year: bool,
                             space: str) -> None:
    month, dd = (f"{day.month:02d}", f"{day.day:02d}") if pad else (str(day.month),
                                                                     str(day.day))
    year = f"{day.year % 100:02d}" if short_year else str(day.year)
    text = f"{space}{month}{sep}{dd}{sep}{year}{space}"
    expected = day.replace(year=2000 + day.year % 100) if short_year else day
    assert parse_date(text) == expected


@given(days, st.booleans(), st.booleans(), st.booleans(), st.sampled_from(["lower", "upper",
                                                                            "title"]))
def test_month_names(day: date, full: bool, comma: bool, day_first: bool, case: str) -> None:
    name = MONTHS[day.month - 1] if full else MONTHS[day.month - 1][:3]
    name = getattr(name, case)()
    text = (f"{day.day} {name} {day.year}" if day_first
            else f"{name} {day.day}{',' if comma else ''} {day.year}")
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_is_no_date(text: str) -> None:
    assert parse_date(text) is None


@given(st.text(max_size=60))
def test_anything_else_is_refused_in_one_line(text: str) -> None:
    try:
        found = parse_date(text)
    except DateError as exc:
        message = str(exc)
        assert "\n" not in message and HINT in message and len(message) < 160
    else:
        assert found is None or isinstance(found, date)


@pytest.mark.parametrize("text", ["15/03/2026", "02/30/2026", "13/01/2026", "2026-13-01",
                                  "Smarch 3, 2026", "03/15", "yesterday", "0000-01-01"])
def test_impossible_or_ambiguous_dates_are_refused(text: str) -> None:
    with pytest.raises(DateError, match="is not a date like"):
        parse_date(text)


@given(days, st.booleans())
def test_day_words_read_back(day: date, long: bool) -> None:
    words = day_words(day, long=long)
    assert parse_date(words) == day
    assert f" {day.day}, " in words and f" 0{day.day}" not in words
