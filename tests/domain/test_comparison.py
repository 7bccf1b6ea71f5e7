"""Year over year: changed answers, new, closed and still-open gaps, the previous assessment."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.domain.comparison import (
    NOT_ANSWERED,
    NOT_ASKED,
    ModuleCounts,
    compare,
    describe,
    previous_assessment,
)
from riskwizard.domain.demo import build_demo
from riskwizard.domain.model import Answer, Assessment, Decision
from riskwizard.domain.navigation import is_gap, visible_questions
from riskwizard.domain.questionnaire import Questionnaire


def answers(aid: int, **choices: str) -> dict[str, Answer]:
    """Answers from keyword arguments: ``adm_risk_analysis="no"`` -> adm.risk-analysis."""
    out = {}
    for key, choice in choices.items():
        module, _, rest = key.partition("_")
        qid = f"{module}.{rest.replace('_', '-')}"
        out[qid] = Answer(aid, qid, choice)
    return out


def ids(changes: list) -> list[str]:  # type: ignore[type-arg]
    return [c.question.id for c in changes]


def test_nothing_changed(sample_questionnaire: Questionnaire) -> None:
    last = answers(1, profile_telehealth="no", profile_website="no",
                   adm_risk_analysis="no", adm_security_reminders="yes")
    now = {k: Answer(2, k, a.choice) for k, a in last.items()}
    c = compare(sample_questionnaire, last, now)
    assert c.changed == [] and c.new_gaps == [] and c.closed == []
    assert ids(c.still_open) == ["adm.risk-analysis"]
    assert c.by_module == {"administrative": ModuleCounts(still_open=1)}


def test_closed_new_and_still_open_gaps(sample_questionnaire: Questionnaire) -> None:
    last = answers(1, profile_telehealth="yes", profile_website="no",
                   adm_risk_analysis="no", adm_security_reminders="partly", tele_baa="no")
    now = answers(2, profile_telehealth="yes", profile_website="no",
                  adm_risk_analysis="yes", adm_security_reminders="no", tele_baa="not_sure")
    c = compare(sample_questionnaire, last, now)
    assert ids(c.closed) == ["adm.risk-analysis"]
    assert ids(c.new_gaps) == []
    assert ids(c.still_open) == ["adm.security-reminders", "tele.baa"]
    assert ids(c.changed) == ["adm.risk-analysis", "adm.security-reminders", "tele.baa"]
    closed = c.closed[0]
    assert (closed.before_text, closed.after_text) == ("No", "Yes")
    assert c.other_changes() == [c.changed[1], c.changed[2]]
    assert c.by_module == {
        "administrative": ModuleCounts(changed=2, closed=1, still_open=1),
        "telehealth": ModuleCounts(changed=1, still_open=1)}


def test_a_new_gap_and_a_question_asked_for_the_first_time(
        sample_questionnaire: Questionnaire) -> None:
    last = answers(1, profile_telehealth="yes", profile_website="no",
                   adm_risk_analysis="yes", adm_security_reminders="yes", tele_baa="yes")
    now = answers(2, profile_telehealth="yes", profile_website="yes",
                  adm_risk_analysis="partly", adm_security_reminders="yes", tele_baa="yes",
                  adm_website_privacy="no")
    c = compare(sample_questionnaire, last, now)
    assert ids(c.new_gaps) == ["adm.risk-analysis", "adm.website-privacy"]
    website = c.new_gaps[1]
    assert (website.before_text, website.after_text) == (NOT_ASKED, "No")
    assert not website.asked_before and website.asked_after
    assert ids(c.changed) == ["profile.website", "adm.risk-analysis", "adm.website-privacy"]
    assert c.by_module["profile"] == ModuleCounts(changed=1)
    assert c.by_module["administrative"] == ModuleCounts(changed=2, new_gaps=2)


def test_a_gap_closes_when_its_question_no_longer_applies(
        sample_questionnaire: Questionnaire) -> None:
    last = answers(1, profile_telehealth="yes", profile_website="no",
                   adm_risk_analysis="yes", adm_security_reminders="yes", tele_baa="no")
    now = answers(2, profile_telehealth="no", profile_website="no",
                  adm_risk_analysis="yes", adm_security_reminders="yes", tele_baa="no")
    c = compare(sample_questionnaire, last, now)
    assert ids(c.closed) == ["tele.baa"]
    assert c.closed[0].after_text == NOT_ASKED  # the kept answer does not count
    assert ids(c.changed) == ["profile.telehealth", "tele.baa"]


def test_an_unanswered_gap_is_still_open_until_answered(
        sample_questionnaire: Questionnaire) -> None:
    last = answers(1, profile_telehealth="no", profile_website="no",
                   adm_risk_analysis="no", adm_security_reminders="yes")
    now = answers(2, profile_telehealth="no", profile_website="no",
                  adm_security_reminders="yes")
    c = compare(sample_questionnaire, last, now)
    assert ids(c.still_open) == ["adm.risk-analysis"] and c.closed == []
    assert c.still_open[0].after_text == NOT_ANSWERED
    # not answered yet is not a change: it is pending until answered
    assert c.changed == [] and ids(c.pending) == ["adm.risk-analysis"]
    assert c.is_pending(c.still_open[0])


def test_a_gap_hidden_only_by_an_unanswered_question_is_still_open(
        sample_questionnaire: Questionnaire) -> None:
    """Last year tele.baa was a gap; this year profile.telehealth is not answered yet. The
    telehealth questions are hidden for want of an answer, not because they no longer
    apply: the gap is still open, not closed (the window once said closed, the PDF open)."""
    last = answers(1, profile_telehealth="yes", profile_website="no",
                   adm_risk_analysis="yes", adm_security_reminders="yes", tele_baa="no")
    now = answers(2, profile_website="no", adm_risk_analysis="yes",
                  adm_security_reminders="yes")
    c = compare(sample_questionnaire, last, now)
    assert c.closed == []
    assert ids(c.still_open) == ["tele.baa"]
    assert c.is_pending(c.still_open[0])
    assert c.changed == [] and ids(c.pending) == ["profile.telehealth", "tele.baa"]
    assert c.by_module == {"telehealth": ModuleCounts(still_open=1)}
    # once answered "no", telehealth no longer applies and the gap is closed
    now["profile.telehealth"] = Answer(2, "profile.telehealth", "no")
    c = compare(sample_questionnaire, last, now)
    assert ids(c.closed) == ["tele.baa"] and c.still_open == [] and c.pending == []


def test_an_addressable_decision_can_close_a_gap(sample_questionnaire: Questionnaire) -> None:
    last = answers(1, profile_telehealth="no", profile_website="no",
                   adm_risk_analysis="yes", adm_security_reminders="no")
    now = answers(2, profile_telehealth="no", profile_website="no",
                  adm_risk_analysis="yes", adm_security_reminders="no")
    now["adm.security-reminders"].decision = Decision.ALTERNATIVE
    now["adm.security-reminders"].rationale = "Monthly staff meeting covers it."
    c = compare(sample_questionnaire, last, now)
    assert ids(c.closed) == ["adm.security-reminders"]
    assert ids(c.changed) == ["adm.security-reminders"]  # same choice, other decision
    assert (c.closed[0].before_text, c.closed[0].after_text) == (
        "No", "No (equivalent measure instead)")


def test_notes_and_flags_are_not_changes(sample_questionnaire: Questionnaire) -> None:
    last = answers(1, profile_telehealth="no", profile_website="no", adm_risk_analysis="yes")
    now = answers(2, profile_telehealth="no", profile_website="no", adm_risk_analysis="yes")
    now["adm.risk-analysis"].note = "Checked again in March."
    now["adm.risk-analysis"].flagged = True
    assert compare(sample_questionnaire, last, now).changed == []


def test_first_assessment_compares_with_nothing(sample_questionnaire: Questionnaire) -> None:
    now = answers(1, profile_telehealth="no", profile_website="no", adm_risk_analysis="no")
    c = compare(sample_questionnaire, {}, now)
    assert ids(c.new_gaps) == ["adm.risk-analysis"]
    assert c.new_gaps[0].before_text == NOT_ANSWERED  # shown, never answered


def test_describe(sample_questionnaire: Questionnaire) -> None:
    q = sample_questionnaire.question("adm.risk-analysis")
    assert describe(q, Answer(1, q.id, "not_sure")) == "Not sure"
    assert describe(q, None) == NOT_ANSWERED
    assert describe(q, Answer(1, q.id, "gone-option")) == NOT_ANSWERED
    assert describe(q, Answer(1, q.id, "yes"), asked=False) == NOT_ASKED
    reminders = sample_questionnaire.question("adm.security-reminders")
    waived = Answer(1, reminders.id, "no", decision=Decision.NOT_REASONABLE)
    assert describe(reminders, waived) == "No (judged not reasonable)"
    assert describe(reminders, Answer(1, reminders.id, "yes")) == "Yes"


def test_previous_assessment_by_period_then_id() -> None:
    a2024 = Assessment("2024", period_start=date(2024, 1, 1), id=1)
    a2026 = Assessment("2026", period_start=date(2026, 1, 1), id=2)
    a2025 = Assessment("2025 (entered late)", period_start=date(2025, 1, 1), id=3)
    undated = Assessment("Engagement", id=4)
    every = [a2024, a2026, a2025, undated]
    assert previous_assessment(every, a2026) is a2025
    assert previous_assessment(every, a2025) is a2024
    assert previous_assessment(every, a2024) is undated  # no date sorts first
    assert previous_assessment(every, undated) is None
    assert previous_assessment([a2024], a2024) is None
    plain = [Assessment("A", id=1), Assessment("B", id=2)]
    assert previous_assessment(plain, plain[1]) is plain[0]


@pytest.mark.slow
def test_large_demo_year_over_year(questionnaire: Questionnaire) -> None:
    """On the real questionnaire: the counts add up to each year's gaps."""
    data = build_demo(questionnaire, "large", date(2026, 11, 24))
    latest = data.latest_assessment()
    assert latest is not None
    previous = previous_assessment(data.assessments, latest)
    assert previous is not None and previous.id == latest.id - 1
    before, after = data.answers_for(previous.id), data.answers_for(latest.id)
    c = compare(questionnaire, before, after)
    gaps_now = {q.id for q in visible_questions(questionnaire, after)
                if is_gap(q, after.get(q.id))}
    gaps_then = {q.id for q in visible_questions(questionnaire, before)
                 if is_gap(q, before.get(q.id))}
    assert set(ids(c.new_gaps)) | set(ids(c.still_open)) == gaps_now
    assert set(ids(c.closed)) | set(ids(c.still_open)) == gaps_then
    assert c.closed and c.new_gaps and c.still_open
    assert sum(m.closed for m in c.by_module.values()) == len(c.closed)
    assert sum(m.new_gaps for m in c.by_module.values()) == len(c.new_gaps)
    assert sum(m.changed for m in c.by_module.values()) == len(c.changed)


def _answer_sets(questionnaire: Questionnaire) -> st.SearchStrategy[dict[str, Answer]]:
    """Any answers to the sample questionnaire: a valid option, a stale one, or none."""
    per_question = {
        q.id: st.one_of(st.none(), st.sampled_from([o.value for o in q.options] + ["gone"]),
                        ) for q in questionnaire.questions()}
    decisions = st.one_of(st.none(), st.sampled_from(list(Decision)))

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Answer]:
        out: dict[str, Answer] = {}
        for qid, choice in per_question.items():
            value = draw(choice)
            if value is not None:
                out[qid] = Answer(1, qid, value, decision=draw(decisions),
                                  rationale=draw(st.sampled_from(["", "why"])))
        return out

    return build()


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_groups_partition_the_questions(sample_questionnaire: Questionnaire,
                                            data: st.DataObject) -> None:
    q = sample_questionnaire
    before = data.draw(_answer_sets(q), label="before")
    after = data.draw(_answer_sets(q), label="after")
    c = compare(q, before, after)
    closed, new, still = set(ids(c.closed)), set(ids(c.new_gaps)), set(ids(c.still_open))
    # each question is in at most one of closed / new / still open
    assert len(closed) + len(new) + len(still) == len(closed | new | still)
    gaps_then = {x.id for x in visible_questions(q, before) if is_gap(x, before.get(x.id))}
    gaps_now = {x.id for x in visible_questions(q, after) if is_gap(x, after.get(x.id))}
    # every gap of last time is closed or still open; every gap of now is new or still open
    assert closed | still == gaps_then
    assert new | (still & gaps_now) == gaps_now
    assert not (new & gaps_then)
    # a gap is never closed by a question not answered yet
    assert not (closed & c.waiting)
    # changed and pending split the changed answers; pending ones are all waiting
    changed, pending = set(ids(c.changed)), set(ids(c.pending))
    assert not (changed & pending) and pending <= c.waiting
    assert not (changed & c.waiting)
    # every list in questionnaire order, and the per-section counts add up
    order = [x.id for x in q.questions()]
    for group in (c.changed, c.pending, c.closed, c.new_gaps, c.still_open):
        positions = [order.index(i) for i in ids(group)]
        assert positions == sorted(positions)
    for name in ("changed", "new_gaps", "closed", "still_open"):
        assert sum(getattr(m, name) for m in c.by_module.values()) == len(getattr(c, name))
    # nothing changes when both sides are the same answers
    same = compare(q, after, after)
    assert same.changed == [] and same.new_gaps == [] and same.closed == []
