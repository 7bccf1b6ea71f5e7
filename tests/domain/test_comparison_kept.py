"""The comparison kept from one call to the next (``Comparer``): after any sequence of
answers and edits, on either side, it is the comparison worked out afresh."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.domain.comparison import Comparer, _triggers, compare, compare_afresh
from riskwizard.domain.model import Answer, Decision
from riskwizard.domain.questionnaire import NOT_SURE, Questionnaire

FIXTURES = [HealthCheck.function_scoped_fixture]


def _choices(questionnaire: Questionnaire) -> dict[str, list[str | None]]:
    """Per question: no answer, each option, "Not sure", and a choice no longer offered."""
    return {q.id: [None, *(o.value for o in q.options), NOT_SURE, "gone"]
            for q in questionnaire.questions()}


def _steps(questionnaire: Questionnaire) -> st.SearchStrategy[list[tuple[object, ...]]]:
    ids = [q.id for q in questionnaire.questions()]
    choices = _choices(questionnaire)
    triggers = sorted(_triggers(questionnaire))
    answer = st.tuples(
        st.just("answer"), st.sampled_from(["before", "after"]),
        # the questions that show or hide others, as often as all the rest
        st.one_of(st.sampled_from(triggers), st.sampled_from(ids)).flatmap(
            lambda qid: st.tuples(st.just(qid), st.sampled_from(choices[qid]))),
        st.one_of(st.none(), st.sampled_from(list(Decision))),
        st.sampled_from(["note", "flag", "rationale", "none"]),
        st.booleans())  # in place (as the session does), or a new dict
    whole = st.tuples(st.just("fresh"), st.sampled_from(["before", "after"]))
    swap = st.tuples(st.just("swap"))
    unknown = st.tuples(st.just("unknown"), st.sampled_from(["before", "after"]))
    return st.lists(st.one_of(answer, answer, answer, whole, swap, unknown), max_size=25)


def _apply(step: tuple[object, ...], sides: dict[str, dict[str, Answer]]) -> None:
    kind = step[0]
    if kind == "answer":
        _, side, picked, decision, extra, in_place = step
        assert isinstance(side, str) and isinstance(picked, tuple)
        assert decision is None or isinstance(decision, Decision)
        qid, choice = picked
        answers = sides[side] if in_place else dict(sides[side])
        old = answers.get(qid)
        if choice is None and extra == "none":
            answers.pop(qid, None)
        else:
            new = dataclasses.replace(old or Answer(1, qid), choice=choice, decision=decision)
            if extra == "note":
                new.note += "."
            elif extra == "flag":
                new.flagged = not new.flagged
            elif extra == "rationale":
                new.rationale = "why" if not new.rationale else ""
            answers[qid] = new
        sides[side] = answers
    elif kind == "fresh":  # read again from the file: equal answers, new objects
        side = str(step[1])
        sides[side] = {k: dataclasses.replace(a) for k, a in sides[side].items()}
    elif kind == "swap":
        sides["before"], sides["after"] = sides["after"], sides["before"]
    elif kind == "unknown":  # an answer to a question the questionnaire no longer has
        side = str(step[1])
        sides[side]["gone.question"] = Answer(1, "gone.question", "yes")


@settings(max_examples=200, deadline=None, suppress_health_check=FIXTURES)
@given(data=st.data())
def test_kept_is_always_the_comparison_afresh(sample_questionnaire: Questionnaire,
                                              data: st.DataObject) -> None:
    q = sample_questionnaire
    sides: dict[str, dict[str, Answer]] = {"before": {}, "after": {}}
    every = Comparer(most=1.0)  # never afresh once started: the incremental path throughout
    usual = Comparer()
    for comparer in (every, usual):
        assert comparer.compare(q, sides["before"], sides["after"]) == compare_afresh(
            q, sides["before"], sides["after"])
    for step in data.draw(_steps(q), label="steps"):
        _apply(step, sides)
        fresh = compare_afresh(q, sides["before"], sides["after"])
        assert every.compare(q, sides["before"], sides["after"]) == fresh, step
        assert usual.compare(q, sides["before"], sides["after"]) == fresh, step
        assert compare(q, sides["before"], sides["after"]) == fresh, step


def test_one_answer_is_all_that_is_worked_out_again(sample_questionnaire: Questionnaire
                                                     ) -> None:
    q = sample_questionnaire
    before = {"adm.risk-analysis": Answer(1, "adm.risk-analysis", "no"),
              "profile.telehealth": Answer(1, "profile.telehealth", "no")}
    after = {"profile.telehealth": Answer(2, "profile.telehealth", "no")}
    kept = Comparer()
    kept.compare(q, before, after)
    assert kept.recomputed == len(list(q.questions()))
    assert kept.compare(q, before, after) == compare_afresh(q, before, after)
    assert kept.recomputed == 0
    after["adm.risk-analysis"] = Answer(2, "adm.risk-analysis", "yes")
    c = kept.compare(q, before, after)
    assert kept.recomputed == 1
    assert [x.question.id for x in c.closed] == ["adm.risk-analysis"]
    # telehealth shows or hides its own section's questions: those are worked out again
    after["profile.telehealth"] = Answer(2, "profile.telehealth", "yes")
    c = kept.compare(q, before, after)
    tele = [x.id for x in q.module("telehealth").questions]
    assert kept.recomputed == 1 + len(tele) < len(list(q.questions()))
    assert {x.question.id for x in c.changed} == {"adm.risk-analysis", "profile.telehealth"}
    assert c == compare_afresh(q, before, after)


@pytest.mark.parametrize("where", ["before", "after"])
def test_an_answer_changed_in_place_is_the_one_thing_not_seen(
        sample_questionnaire: Questionnaire, where: str) -> None:
    """The rule the comparer keeps to: answers are replaced, never changed in place (so the
    test above can fail: a change behind its back is not seen)."""
    q = sample_questionnaire
    sides = {"before": {"adm.risk-analysis": Answer(1, "adm.risk-analysis", "no")},
             "after": {"adm.risk-analysis": Answer(2, "adm.risk-analysis", "no")}}
    kept = Comparer()
    kept.compare(q, sides["before"], sides["after"])
    sides[where]["adm.risk-analysis"].choice = "yes"
    assert kept.compare(q, sides["before"], sides["after"]) != compare_afresh(
        q, sides["before"], sides["after"])
