"""The analysis kept between answers (the window's inventory index, which remembers each
event's risk by the strengths and answers of its controls) gives exactly the analysis made
from nothing, whatever answers are clicked in whatever order."""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.domain.analysis import analyse, index_inventory
from riskwizard.domain.demo import build_demo
from riskwizard.domain.model import Answer, Decision
from riskwizard.resources import installed_catalogue, installed_questionnaire

TODAY = date(2026, 12, 1)
Q = installed_questionnaire()
CATALOGUE = installed_catalogue()
DATA = build_demo(Q, "small", TODAY)
LATEST = DATA.latest_assessment()
assert LATEST is not None
START = {a.question_id: a for a in DATA.answers if a.assessment_id == LATEST.id}
QUESTIONS = sorted({c.question for e in CATALOGUE.events for c in e.controls
                    if Q.has_question(c.question)} | {q.id for q in Q.questions()
                                                      if q.module_id.startswith("profile")})
SHARED = index_inventory(DATA.assets, DATA.vendors, DATA.sites, TODAY, Q)


@st.composite
def clicks(draw: st.DrawFn) -> list[tuple[str, str | None, Decision | None, bool]]:
    out = []
    for _ in range(draw(st.integers(1, 12))):
        qid = draw(st.sampled_from(QUESTIONS))
        options = [o.value for o in Q.question(qid).options]
        choice = draw(st.sampled_from([None, *options]))
        decision = draw(st.sampled_from([None, *Decision]))
        out.append((qid, choice, decision, draw(st.booleans())))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clicks())
def test_kept_analysis_is_the_analysis_from_nothing(
        sequence: list[tuple[str, str | None, Decision | None, bool]]) -> None:
    answers = dict(START)
    for qid, choice, decision, carried in sequence:
        if choice is None:
            answers.pop(qid, None)
        else:
            base = answers.get(qid) or Answer(LATEST.id, qid)
            answers[qid] = dataclasses.replace(base, choice=choice, decision=decision,
                                               carried=carried)
        kept = analyse(CATALOGUE, Q, answers, DATA.assets, DATA.vendors, DATA.sites, TODAY,
                       inventory=SHARED)
        fresh = analyse(CATALOGUE, Q, answers, DATA.assets, DATA.vendors, DATA.sites, TODAY)
        assert kept == fresh
