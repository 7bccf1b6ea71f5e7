"""Evidence is never lost to a changed answer. A derived risk or action that the analysis
no longer finds is dropped only while it is an untouched draft (an action not started) with
no evidence attached; with evidence it stays, the risk with the note that it no longer
applies, and its evidence with it. The decision: proof a person attached is their work,
like a decision on the risk, so it keeps the record it proves (re-attaching it elsewhere
would say it proves something it was not chosen for). In memory over any change of answers
(``derive_in_memory``), and on a real encrypted file through the session."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.domain.demo import build_demo
from riskwizard.domain.evidence import evidence_problem, sha256_of
from riskwizard.domain.model import (
    Answer,
    Evidence,
    PracticeData,
    RemediationItem,
    Risk,
    RiskOrigin,
)
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.records import dangling_reference
from riskwizard.domain.register import NO_LONGER, derive_in_memory

TODAY = date(2026, 12, 1)
PROOF = b"%PDF-1.4 signed BAA"
RETIRED = 6  # derived risks and actions whose cause no analysis finds any more


def _with_retired(questionnaire: Questionnaire, proven: set[int]) -> tuple[PracticeData, int]:
    """The small demo plus ``RETIRED`` derived draft risks, each with a not-started action,
    that nothing in the practice points to (as after an answer took their cause away);
    those numbered in ``proven`` have evidence attached to the risk (even) or the action
    (odd)."""
    data = build_demo(questionnaire, "small", TODAY)
    latest = data.latest_assessment()
    assert latest is not None
    aid = latest.id
    next_risk = max(r.id for r in data.risks) + 1
    next_item = max(i.id for i in data.remediation) + 1
    evidence = []
    for n in range(RETIRED):
        rid, iid = next_risk + n, next_item + n
        data.risks.append(Risk(aid, f"Retired threat {n}", key=f"retired.{n}",
                               origin=RiskOrigin.DERIVED, likelihood=3, impact=3,
                               inherent_likelihood=3, inherent_impact=3, id=rid))
        data.remediation.append(RemediationItem(aid, f"Retired step {n}", risk_id=rid,
                                                risk_ids=(rid,), key=f"retired-step.{n}",
                                                id=iid))
        if n in proven:
            owner = dict(risk_id=rid) if n % 2 == 0 else dict(remediation_id=iid)
            evidence.append(Evidence(f"proof {n}.pdf", sha256_of(PROOF), len(PROOF),
                                     added_by="Ann", id=len(evidence) + 1,
                                     **owner))  # type: ignore[arg-type]
    return dataclasses.replace(data, evidence=evidence,
                               evidence_content={sha256_of(PROOF): PROOF}), aid


def _flip(data: PracticeData, questionnaire: Questionnaire, aid: int,
          flips: list[tuple[int, int]]) -> PracticeData:
    answers = {a.question_id: a for a in data.answers if a.assessment_id == aid}
    questions = [q for q in questionnaire.questions() if q.options and q.id in answers]
    for n, o in flips:
        q = questions[n % len(questions)]
        answers[q.id] = Answer(aid, q.id, q.options[o % len(q.options)].value)
    return dataclasses.replace(data, answers=[a for a in data.answers if a.assessment_id != aid]
                               + list(answers.values()))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proven=st.sets(st.integers(0, RETIRED - 1)),
       flips=st.lists(st.tuples(st.integers(0, 300), st.integers(0, 4)), max_size=30))
def test_evidence_survives_any_change_of_answers(
        questionnaire: Questionnaire, proven: set[int], flips: list[tuple[int, int]]) -> None:
    data, aid = _with_retired(questionnaire, proven)
    after = derive_in_memory(_flip(data, questionnaire, aid, flips), questionnaire, TODAY)
    risks = {r.key: r for r in after.risks}
    items = {i.key: i for i in after.remediation}
    for n in range(RETIRED):
        risk, item = risks.get(f"retired.{n}"), items.get(f"retired-step.{n}")
        if n in proven and n % 2 == 0:  # the risk holds the proof: kept, said to be gone
            assert risk is not None and risk.reasons == NO_LONGER
        elif n in proven:  # the action holds it: kept
            assert item is not None
        else:  # nothing attached, nothing decided: dropped as before
            assert risk is None and item is None
    risk_ids, item_ids = {r.id for r in after.risks}, {i.id for i in after.remediation}
    assert len(after.evidence) == len(proven)
    assert dangling_reference(after) is None and evidence_problem(after) is None
    for e in after.evidence:
        assert e.risk_id in risk_ids if e.risk_id is not None else e.remediation_id in item_ids


def test_a_risk_with_evidence_stays_in_the_file_when_its_cause_goes(
        tmp_path: Path, questionnaire: Questionnaire) -> None:
    """On a real encrypted file: opening reconciles the register (a retired draft without
    evidence goes), and so does every answer after it; the proven ones stay, with their
    evidence, through answers and a reopen."""
    from riskwizard.session import Session
    from riskwizard.store import open_practice_file, write_new_file

    data, aid = _with_retired(questionnaire, {0, 1})
    path = tmp_path / "kept.riskwizard"
    write_new_file(path, data, password="pw ✓")
    s = Session.open(path, questionnaire, lambda: TODAY, password="pw ✓")
    try:
        keys = {r.key: r for r in s.risks}
        assert keys["retired.0"].reasons == NO_LONGER and "retired.2" not in keys
        assert "retired.1" not in keys  # its action held the proof, not the risk
        assert any(i.key == "retired-step.1" for i in s.remediation)
        question = next(q for q in questionnaire.questions()
                        if q.id in s.answers and q.option("no") is not None)
        s.set_answer(question.id, choice="no")
        s.set_answer(question.id, choice="yes")
        [proof] = s.evidence_for(risk_id=keys["retired.0"].id)
        assert s.evidence_content(proof) == PROOF
    finally:
        s.close()
    with open_practice_file(path, readonly=True, password="pw ✓") as pf:
        assert sorted(e.name for e in pf.records(Evidence)) == ["proof 0.pdf", "proof 1.pdf"]
        assert "retired.0" in {r.key for r in pf.records(Risk)}
