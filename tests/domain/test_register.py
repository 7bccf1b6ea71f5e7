"""The register kept in line with the analysis: decisions survive, names are given, the plan
is short and ordered by what it takes away. No Qt, no file: ``derive_in_memory``."""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.domain.demo import build_demo
from riskwizard.domain.model import (
    Answer,
    PracticeData,
    RiskOrigin,
    RiskStatus,
    Treatment,
)
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.register import action_weight, derive_in_memory, first_actions
from riskwizard.domain.risk import default_matrix

TODAY = date(2026, 12, 1)


def _demo(questionnaire: Questionnaire) -> PracticeData:
    return build_demo(questionnaire, "small", TODAY)


def _latest(data: PracticeData) -> int:
    latest = data.latest_assessment()
    assert latest is not None
    return latest.id


def test_every_serious_risk_names_records(questionnaire: Questionnaire) -> None:
    data = _demo(questionnaire)
    aid = _latest(data)
    matrix = default_matrix()
    serious = [r for r in data.risks_for(aid)
               if matrix.level(r.rated_likelihood, r.rated_impact).rank >= 2]
    for r in data.risks_for(aid):
        assert r.asset_ids or r.vendor_ids or r.site_ids, r.title
    assert all(r.asset_ids or r.vendor_ids or r.site_ids for r in serious)


def test_deriving_again_changes_nothing(questionnaire: Questionnaire) -> None:
    data = _demo(questionnaire)
    again = derive_in_memory(data, questionnaire, TODAY)
    assert again.risks == data.risks and again.remediation == data.remediation


def test_plan_is_short_ordered_and_owned(questionnaire: Questionnaire) -> None:
    data = _demo(questionnaire)
    aid = _latest(data)
    items = data.remediation_for(aid)
    assert 0 < len(items) <= 40
    risks = data.risks_for(aid)
    first = first_actions(items, risks)
    by_id = {r.id: r for r in risks}
    weights = [action_weight(i, by_id) for i in first]
    assert weights == sorted(weights, reverse=True)
    fresh = derive_in_memory(dataclasses.replace(data, remediation=[]), questionnaire, TODAY)
    assert {i.owner for i in fresh.remediation_for(aid)} == {data.practice.security_official}
    assert all(i.due_date is not None and i.due_date > TODAY for i in fresh.remediation_for(aid))
    # Every action lowers at least one risk that is in the register.
    ids = {r.id for r in fresh.risks_for(aid)}
    assert all(i.risk_ids and set(i.risk_ids) <= ids for i in fresh.remediation_for(aid))

decisions = st.fixed_dictionaries({
    "status": st.sampled_from([RiskStatus.CONFIRMED, RiskStatus.DISMISSED]),
    "treatment": st.sampled_from(list(Treatment)),
    "notes": st.text(max_size=20),
    "likelihood_override": st.none() | st.integers(1, 5),
    "treatment_reason": st.text(max_size=20),
})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 40), decisions), max_size=6),
       st.lists(st.tuples(st.integers(0, 200), st.integers(0, 4)), max_size=15))
def test_decisions_survive_any_change_of_answers(
        questionnaire: Questionnaire, made: list[tuple[int, dict[str, object]]],
        flips: list[tuple[int, int]]) -> None:
    data = _demo(questionnaire)
    aid = _latest(data)
    risks = [r for r in data.risks if r.assessment_id == aid]
    chosen = {}
    for n, fields in made:
        r = risks[n % len(risks)]
        chosen[r.key] = fields
    data.risks = [dataclasses.replace(r, **chosen[r.key]) if r.key in chosen  # type: ignore[arg-type]
                  else r for r in data.risks]
    answers = {a.question_id: a for a in data.answers if a.assessment_id == aid}
    questions = [q for q in questionnaire.questions() if q.options and q.id in answers]
    for n, o in flips:
        q = questions[n % len(questions)]
        answers[q.id] = Answer(aid, q.id, q.options[o % len(q.options)].value)
    data.answers = [a for a in data.answers if a.assessment_id != aid] + list(answers.values())
    after = derive_in_memory(data, questionnaire, TODAY)
    by_key = {r.key: r for r in after.risks if r.assessment_id == aid}
    for key, fields in chosen.items():
        kept = by_key[key]  # a touched risk is never dropped
        for name, value in fields.items():
            assert getattr(kept, name) == value
        assert kept.origin is RiskOrigin.DERIVED
        assert 1 <= kept.likelihood <= kept.inherent_likelihood
        assert 1 <= kept.impact <= kept.inherent_impact
