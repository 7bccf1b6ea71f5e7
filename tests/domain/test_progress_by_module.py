"""Every section's progress at once (what the section list shows after each answer) is the
progress of each visible section asked one at a time, for any answers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from riskwizard.domain import navigation as nav
from riskwizard.domain.model import Answer, Decision
from riskwizard.resources import installed_questionnaire

QUESTIONNAIRE = installed_questionnaire()
QUESTIONS = [q for m in QUESTIONNAIRE.modules for q in m.questions]


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Answer]:
    chosen = draw(st.lists(st.sampled_from(QUESTIONS), unique_by=lambda q: q.id,
                           max_size=len(QUESTIONS)))
    out = {}
    for q in chosen:
        choice = draw(st.sampled_from([o.value for o in q.options] + [None]))
        out[q.id] = Answer(1, q.id, choice, flagged=draw(st.booleans()),
                           decision=draw(st.sampled_from([None, *Decision])),
                           rationale=draw(st.sampled_from(["", "we do it another way"])),
                           carried=draw(st.booleans()))
    return out


@settings(max_examples=60, deadline=None)
@given(answer_sets())
def test_every_section_at_once_is_each_section_alone(answers: dict[str, Answer]) -> None:
    at_once = nav.progress_by_module(QUESTIONNAIRE, answers)
    modules = nav.visible_modules(QUESTIONNAIRE, answers)
    assert list(at_once) == [m.id for m in modules]
    for m in modules:
        assert at_once[m.id] == nav.progress(QUESTIONNAIRE, answers, m)
