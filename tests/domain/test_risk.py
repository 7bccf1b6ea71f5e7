"""The matrix, level derivation, and gap -> draft risk -> remediation."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from riskwizard.domain.model import Answer, Priority, RiskStatus
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.risk import (
    count_by_cell,
    default_matrix,
    draft_remediation,
    matrix_from_data,
    reconcile_risks,
)


def test_matrix_levels() -> None:
    m = default_matrix()
    assert [lv.name for lv in m.levels] == ["Low", "Moderate", "High", "Critical"]
    assert m.level(1, 1).name == "Low"
    assert m.level(3, 3).name == "Moderate"
    assert m.level(4, 4).name == "High"
    assert m.level(5, 5).name == "Critical"
    assert m.level(9, 0).name == m.level(5, 1).name  # clamped to the scale
    # a higher likelihood or impact never lowers the level
    for li in range(1, 6):
        for im in range(1, 5):
            assert m.level(li, im + 1).rank >= m.level(li, im).rank
            assert m.level(min(li + 1, 5), im).rank >= m.level(li, im).rank
    assert all(lv.color.startswith("#") and len(lv.color) == 7 for lv in m.levels)
    assert m.likelihood_name(5) == "Almost certain" and m.impact_name(1) == "Negligible"


def test_matrix_data_is_checked() -> None:
    from importlib import resources

    data = json.loads(resources.files("riskwizard.domain").joinpath("risk_matrix.json")
                      .read_text("utf-8"))
    data["grid"]["3"] = ["Low", "Medium", "Nope", "High", "High"]
    with pytest.raises(ValueError, match="grid"):
        matrix_from_data(data)


def test_gap_becomes_draft_risk_and_goes_when_fixed(sample_questionnaire: Questionnaire) -> None:
    q = sample_questionnaire
    answers = {"adm.risk-analysis": Answer(1, "adm.risk-analysis", "no")}
    changes = reconcile_risks(q, answers, [], 1)
    assert [r.question_id for r in changes.add] == ["adm.risk-analysis"]
    risk = changes.add[0]
    assert risk.status is RiskStatus.DRAFT
    assert risk.threat == "Ransomware" and risk.vulnerability.startswith("Weak spots")
    assert (risk.likelihood, risk.impact) == (4, 4)
    risk.id = 7
    # nothing new to add while the risk exists
    assert reconcile_risks(q, answers, [risk], 1).add == []
    answers["adm.risk-analysis"].choice = "yes"
    assert reconcile_risks(q, answers, [risk], 1).remove == [7]
    risk.status = RiskStatus.CONFIRMED
    assert reconcile_risks(q, answers, [risk], 1).remove == []


def test_draft_remediation_due_by_level(sample_questionnaire: Questionnaire) -> None:
    q = sample_questionnaire.question("adm.risk-analysis")
    changes = reconcile_risks(sample_questionnaire, {q.id: Answer(1, q.id, "no")}, [], 1)
    risk = changes.add[0]
    risk.id = 3
    today = date(2026, 1, 1)
    items = draft_remediation(q, risk, today)
    assert len(items) == 1
    assert items[0].risk_id == 3 and items[0].priority is Priority.HIGH
    assert items[0].due_date == today + timedelta(days=60)  # High: within weeks
    risk.likelihood, risk.impact = 1, 1
    assert draft_remediation(q, risk, today)[0].due_date == today + timedelta(days=180)


def test_heat_map_counts_only_live_risks(sample_questionnaire: Questionnaire) -> None:
    q = sample_questionnaire
    answers = {qid: Answer(1, qid, "no") for qid in ("adm.risk-analysis",
                                                      "adm.security-reminders")}
    risks = reconcile_risks(q, answers, [], 1).add
    assert count_by_cell(risks) == {(4, 4): 1, (3, 3): 1}
    risks[0].status = RiskStatus.DISMISSED
    assert count_by_cell(risks) == {(3, 3): 1}
