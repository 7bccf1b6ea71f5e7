"""How the report says things in words: dates, enumerations, counts, section titles."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from riskwizard.domain.labels import label
from riskwizard.domain.questionnaire import Module


def long_date(d: date | None) -> str:
    return f"{d:%B} {d.day}, {d.year}" if d else "not set"


def iso(d: date | None) -> str:
    return d.isoformat() if d else "—"


def words(value: object) -> str:
    """An enumeration value in the same words the window uses (``phone_tablet`` ->
    ``Phone or tablet``)."""
    if isinstance(value, StrEnum):
        return label(value)
    text = str(getattr(value, "value", value)).replace("_", " ")
    return text[:1].upper() + text[1:]


def plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def module_title(m: Module) -> str:
    if m.proposed and "proposed" not in m.title.lower():
        return f"{m.title} (proposed rule, not yet law)"
    return m.title

