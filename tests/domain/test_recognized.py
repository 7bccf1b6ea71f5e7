"""Recognized security practices: in place when every mapped question asked is answered
safely; "since" follows the unbroken run of assessments."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from riskwizard.domain.demo import build_demo
from riskwizard.domain.model import Answer, Assessment
from riskwizard.domain.questionnaire import HICP_PRACTICES, Questionnaire
from riskwizard.domain.recognized import recognized_practices

TODAY = date(2026, 12, 1)


def _years(n: int) -> list[Assessment]:
    return [Assessment(f"{2022 + i}", date(2022 + i, 1, 1), date(2022 + i, 12, 31), id=i + 1)
            for i in range(n)]


def _safe(questionnaire: Questionnaire, aid: int) -> dict[str, Answer]:
    out = {}
    for q in questionnaire.questions():
        if q.options:
            choice = q.safe_answers[0] if q.safe_answers else q.options[0].value
            out[q.id] = Answer(aid, q.id, choice)
    return out


def test_all_safe_for_three_years_is_in_place_since_the_first(
        questionnaire: Questionnaire) -> None:
    years = _years(3)
    answers = {a.id: _safe(questionnaire, a.id) for a in years}
    result = recognized_practices(questionnaire, years, answers, years[-1])
    assert [p.number for p in result] == sorted(HICP_PRACTICES)
    assert all(p.in_place and p.since == date(2022, 1, 1) and p.for_a_year for p in result)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2), st.integers(1, 10))
def test_a_gap_breaks_the_run(questionnaire: Questionnaire, year: int, practice: int) -> None:
    years = _years(3)
    answers = {a.id: _safe(questionnaire, a.id) for a in years}
    asked = [q for q in questionnaire.questions() if practice in q.hicp
             and q.id in answers[years[year].id]]
    if not asked:
        return
    q = asked[0]
    gap = next(o.value for o in q.options if o.gap)
    answers[years[year].id][q.id] = Answer(years[year].id, q.id, gap)
    status = next(p for p in recognized_practices(questionnaire, years, answers, years[-1])
                  if p.number == practice)
    if year == 2:  # the gap is in the assessment reported
        assert not status.in_place and q in status.missing and status.since is None
    else:  # the run starts after the year with the gap
        assert status.in_place and status.since == date(2022 + year + 1, 1, 1)
        assert status.for_a_year  # the run covers at least one whole year


def test_the_demo_has_a_record(questionnaire: Questionnaire) -> None:
    data = build_demo(questionnaire, "large", TODAY)
    latest = data.latest_assessment()
    assert latest is not None
    answers = {a.id: data.answers_for(a.id) for a in data.assessments}
    result = recognized_practices(questionnaire, data.assessments, answers, latest)
    assert len(result) == 10
    for p in result:
        assert p.in_place == (bool(p.questions) and not p.missing)
        assert (p.since is not None) == p.in_place
