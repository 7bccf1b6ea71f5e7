"""The reasons given for a risk's rating are true of its numbers, over generated answers to
the real questionnaire against the demo's inventories: a side (likelihood or impact) is said
to be "lowered by" a measure only when it is lower than before measures; measures in place
that did not lower it (a half measure rounds down, the lowest cannot go lower) are said to
be not enough, never to have lowered it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.domain.analysis import analyse, load_catalogue
from riskwizard.domain.analysis.catalogue import Catalogue
from riskwizard.domain.model import Answer, Decision, PracticeData
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.risk import default_matrix

TODAY = date(2026, 11, 24)
MATRIX = default_matrix()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def side_line(reasons: tuple[str, ...], label: str) -> str:
    return next(r for r in reasons if r.startswith(label + " "))


def check(reasons: tuple[str, ...], label: str, now: int, inherent: int,
          name: object) -> None:
    line = side_line(reasons, label)
    said = re.sub(r"not lowered by", "", line)
    if now < inherent:
        assert f"(inherent {name(inherent)})" in line, line  # type: ignore[operator]
        assert "lowered by" in said and "(as inherent)" not in line, line
        assert "not enough" not in line and "lowest already" not in line, line
    else:
        assert now == inherent, line
        assert line.startswith(f"{label} {name(now)} (as inherent):"), line  # type: ignore[operator]
        assert "lowered by" not in said, line  # "as inherent" and "lowered by": untrue


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(data=st.data())
def test_a_rating_reason_is_true_of_its_numbers(data: st.DataObject, catalogue: Catalogue,
                                                questionnaire: Questionnaire,
                                                demo_data: PracticeData) -> None:
    answers: dict[str, Answer] = {}
    for q in questionnaire.questions():
        pick = data.draw(st.sampled_from([None, *(o.value for o in q.options)]),
                         label=q.id)
        if pick is None:
            continue
        decision = data.draw(st.sampled_from([None, *Decision]), label=f"{q.id} decision")
        answers[q.id] = Answer(assessment_id=1, question_id=q.id, choice=pick,
                               decision=decision, rationale="Because." if decision else "")
    analysis = analyse(catalogue, questionnaire, answers, demo_data.assets,
                       demo_data.vendors, demo_data.sites, TODAY)
    for r in analysis.risks:
        check(r.reasons, "Likelihood", r.likelihood, r.inherent_likelihood,
              MATRIX.likelihood_name)
        check(r.reasons, "Impact", r.impact, r.inherent_impact, MATRIX.impact_name)
        # a side not lowered although a measure counts: said to be not enough, or lowest
        for label, now, inherent in (("Likelihood", r.likelihood, r.inherent_likelihood),
                                     ("Impact", r.impact, r.inherent_impact)):
            line = side_line(r.reasons, label)
            if now == inherent and re.search(r"\((Yes|Partly|an equivalent alternative)",
                                             line.split("not lowered by")[0]):
                assert ("not enough to lower it" in line
                        or "the lowest already" in line), line
