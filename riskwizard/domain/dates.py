"""Dates as people type them: one home for reading a typed date, used by the window's date
cells and by the spreadsheet and CSV imports.

A clinic in the United States writes 03/15/2026 or Mar 15, 2026; a spreadsheet may give
2026-03-15. All of these are read; a two-digit year is read in this century; anything else
is refused in one line that shows the forms that work. Nothing is guessed: 15/03/2026 (day
first) is refused, not read as another date."""

from __future__ import annotations

import re
from datetime import date

HINT = "a date like 03/15/2026, Mar 15, 2026 or 2026-03-15"
"""The forms that work, as said in every refusal."""

_MONTHS = {name: n for n, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
    ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
    ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), 1) for name in names}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})")
_MONTH_FIRST = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")


class DateError(ValueError):
    """A typed date that cannot be read (the message is one line, ready to show)."""


def parse_date(text: str) -> date | None:
    """The date ``text`` names; None for an empty text (no date). DateError otherwise."""
    typed = " ".join(text.split()).lower()
    if not typed:
        return None
    found: tuple[int, int, int] | None = None
    if m := _ISO.fullmatch(typed):
        found = int(m[1]), int(m[2]), int(m[3])
    elif m := _NUMERIC.fullmatch(typed):
        year = int(m[3])
        found = (2000 + year if len(m[3]) == 2 else year), int(m[1]), int(m[2])
    elif (m := _MONTH_FIRST.fullmatch(typed)) and m[1] in _MONTHS:
        found = int(m[3]), _MONTHS[m[1]], int(m[2])
    elif (m := _DAY_FIRST.fullmatch(typed)) and m[2] in _MONTHS:
        found = int(m[3]), _MONTHS[m[2]], int(m[1])
    if found is not None:
        try:
            return date(*found)
        except ValueError:
            pass
    shown = " ".join(text.split())
    if len(shown) > 40:
        shown = shown[:39] + "…"
    raise DateError(f"'{shown}' is not {HINT}")


def typed_form(day: date) -> str:
    """How a date is shown for typing over: 03/15/2026 (``parse_date`` reads it back)."""
    return f"{day.month:02d}/{day.day:02d}/{day.year:04d}"


def day_words(day: date, *, long: bool = False) -> str:
    """A date as the window shows it, Mar 15, 2026 (``long``: March 15, 2026, in the
    report's sentences): the one way every page and finding writes a day."""
    return f"{day.strftime('%B' if long else '%b')} {day.day}, {day.year}"
