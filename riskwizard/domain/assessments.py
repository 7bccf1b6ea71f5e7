"""Which assessment comes before which, which is the latest, and how next year's begins.

One home for these rules: the window, the PDF, the command line and the exports call them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date

from riskwizard.domain.model import (
    Answer,
    Assessment,
    RemediationItem,
    Risk,
    RiskStatus,
    period_order,
)


def ordered(assessments: Iterable[Assessment]) -> list[Assessment]:
    """Oldest first."""
    return sorted(assessments, key=period_order)


def latest(assessments: Iterable[Assessment]) -> Assessment | None:
    """The most recent assessment, by period and then by the order made."""
    found = list(assessments)
    return max(found, key=period_order) if found else None


def previous(assessments: Iterable[Assessment], current: Assessment) -> Assessment | None:
    """The assessment just before ``current``."""
    key = period_order(current)
    earlier = [a for a in assessments if a.id != current.id and period_order(a) < key]
    return max(earlier, key=period_order) if earlier else None


def year_of(a: Assessment) -> int | None:
    when = a.period_start or a.period_end or a.started_on
    return when.year if when is not None else None


def next_year(assessments: Iterable[Assessment], today: date) -> int:
    """The year next year's assessment covers: the year after the latest one's."""
    last = latest(assessments)
    if last is None:
        return today.year
    end = last.period_end or last.period_start
    return end.year + 1 if end is not None else today.year


def for_year(assessments: Iterable[Assessment], year: int) -> Assessment | None:
    """The assessment whose period falls in ``year``, if there is one."""
    return next((a for a in assessments if year_of(a) == year), None)


def new_assessment(year: int, today: date, versions: Mapping[str, str],
                   scope_site_ids: tuple[int, ...] = ()) -> Assessment:
    """A fresh assessment covering ``year``."""
    return Assessment(title=f"{year} security risk analysis", started_on=today,
                      period_start=date(year, 1, 1), period_end=date(year, 12, 31),
                      questionnaire_versions=dict(versions), scope_site_ids=scope_site_ids,
                      next_review=a_year_after(today))


def a_year_after(day: date) -> date:
    """The default next review: a year on (28 February after a 29 February)."""
    return day.replace(year=day.year + 1, day=min(day.day, 28) if day.month == 2 else day.day)


def carried_answers(previous_answers: Mapping[str, Answer], assessment_id: int,
                    stamp: str) -> list[Answer]:
    """Last year's answers as this year's starting point: notes, decisions and reasons carry
    over, flags do not, and each is marked to re-confirm (it counts as answered only when the
    person has looked at it again)."""
    return [dataclasses.replace(a, assessment_id=assessment_id, flagged=False,
                                answered_at=stamp, carried=True)
            for a in previous_answers.values()]


def carried_risks(risks: Iterable[Risk]) -> list[Risk]:
    """Last year's risks that next year's register starts from: every one but those merged
    into another (a dismissed one stays dismissed, so it is not drafted again)."""
    return [r for r in risks if r.status is not RiskStatus.MERGED]


def carried_items(items: Iterable[RemediationItem],
                  new_risk_ids: Mapping[int, int]) -> list[RemediationItem]:
    """Last year's unfinished actions, linked to the carried risks (``new_risk_ids`` maps
    last year's risk ids to this year's), ready to be stored (id 0)."""
    out = []
    for i in items:
        if not i.is_open:
            continue
        ids = tuple(new_risk_ids[r] for r in i.risk_ids if r in new_risk_ids)
        first = new_risk_ids.get(i.risk_id) if i.risk_id is not None else None
        out.append(dataclasses.replace(i, id=0, risk_id=first or (ids[0] if ids else None),
                                       risk_ids=ids))
    return out
