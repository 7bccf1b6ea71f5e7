"""Completion is counted over every question that may apply: an unanswered profile question
reads as "Not sure", so a half-done profile never shrinks the work left."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from riskwizard.domain import navigation as nav
from riskwizard.domain.model import Answer
from riskwizard.domain.questionnaire import Condition, ModuleKind, Questionnaire
from riskwizard.resources import installed_questionnaire

QUESTIONNAIRE: Questionnaire = installed_questionnaire()
PROFILE = [q for m in QUESTIONNAIRE.modules if m.kind is ModuleKind.PROFILE
           for q in m.questions]


def _asked_by(condition: Condition | None) -> set[str]:
    if condition is None:
        return set()
    found = {condition.question} if condition.question else set()
    for c in (*condition.all_of, *condition.any_of, condition.negate):
        found |= _asked_by(c)
    return found


# Offers, not facts: a profile question that switches on an opt-in check (the proposed
# rule's) adds that check's questions when the person says yes, as asked.
OFFERS = {qid for m in QUESTIONNAIRE.modules if m.proposed for qid in _asked_by(m.shows_when)}
FACTS = [q for q in PROFILE if q.id not in OFFERS]


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Answer]:
    """Some profile questions answered (any option), the rest left open."""
    out: dict[str, Answer] = {}
    for q in PROFILE:
        choice = draw(st.none() | st.sampled_from([o.value for o in q.options]))
        if choice is not None:
            out[q.id] = Answer(1, q.id, choice)
    return out


@settings(max_examples=60, deadline=None)
@given(profiles(), st.sampled_from(FACTS), st.data())
def test_answering_a_profile_question_never_adds_work(
        given_answers: dict[str, Answer], question: object, data: st.DataObject) -> None:
    q = question
    before = dict(given_answers)
    before.pop(q.id, None)  # type: ignore[attr-defined]
    choice = data.draw(st.sampled_from([o.value for o in q.options]))  # type: ignore[attr-defined]
    after = {**before, q.id: Answer(1, q.id, choice)}  # type: ignore[attr-defined]
    total_before = nav.progress(QUESTIONNAIRE, before).total
    total_after = nav.progress(QUESTIONNAIRE, after).total
    assert total_after <= total_before


@settings(max_examples=60, deadline=None)
@given(profiles())
def test_counted_covers_what_is_shown(given_answers: dict[str, Answer]) -> None:
    shown = {q.id for q in nav.visible_questions(QUESTIONNAIRE, given_answers)}
    counted = {q.id for q in nav.counted_questions(QUESTIONNAIRE, given_answers)}
    assert shown <= counted
    # the missing list and the count agree on what is left
    missing = sum(len(v) for v in nav.missing_summary(QUESTIONNAIRE, given_answers).values())
    p = nav.progress(QUESTIONNAIRE, given_answers)
    assert missing == p.total - p.answered - p.to_confirm


def test_unanswered_profile_counts_the_modules_it_may_switch_on() -> None:
    nothing = nav.progress(QUESTIONNAIRE, {})
    all_no = {q.id: Answer(1, q.id, "no") for q in PROFILE
              if "no" in {o.value for o in q.options}}
    assert nav.progress(QUESTIONNAIRE, all_no).total < nothing.total
    # the window still shows a module only once the profile says so
    shown = {m.id for m in nav.visible_modules(QUESTIONNAIRE, {})}
    counted = {m.id for m in nav.counted_modules(QUESTIONNAIRE, {})}
    assert shown < counted
    assert "proposed-rule" not in counted  # an offer, never counted unasked


def test_accepting_an_offer_adds_its_questions_and_declining_adds_none() -> None:
    assert OFFERS, "the proposed rule's check is offered by a profile question"
    for qid in OFFERS:
        none = nav.progress(QUESTIONNAIRE, {}).total
        yes = nav.progress(QUESTIONNAIRE, {qid: Answer(1, qid, "yes")}).total
        no = nav.progress(QUESTIONNAIRE, {qid: Answer(1, qid, "no")}).total
        assert no == none < yes
