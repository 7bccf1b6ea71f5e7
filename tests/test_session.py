"""The open practice: answers, risk reconciliation, risk decisions, next year's assessment."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskwizard.domain.changes import Kind
from riskwizard.domain.model import (
    Decision,
    Practice,
    RemediationStatus,
    RiskStatus,
    Site,
)
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.session import Session
from riskwizard.store import StoreError


@pytest.fixture
def session(tmp_path: Path, sample_questionnaire: Questionnaire) -> Session:
    s = Session.create(tmp_path / "p.riskwizard", Practice("Test Clinic"), sample_questionnaire)
    yield s  # type: ignore[misc]
    s.close()


def test_new_practice_has_an_assessment(session: Session) -> None:
    assert session.assessment.id
    assert session.answers == {} and session.risks == []


def test_gap_drafts_a_risk_and_fixing_it_drops_the_draft(session: Session) -> None:
    changes = session.set_answer("adm.risk-analysis", choice="no")
    assert changes.touches(Kind.RISKS) and changes.ids_of(Kind.ANSWERS) == {"adm.risk-analysis"}
    assert [r.question_id for r in session.risks] == ["adm.risk-analysis"]
    assert session.risks[0].status is RiskStatus.DRAFT and session.risks[0].id
    session.set_answer("adm.risk-analysis", choice="yes")
    assert session.risks == []


def test_confirmed_risk_survives_and_gets_remediation(session: Session) -> None:
    session.set_answer("adm.risk-analysis", choice="no")
    changes = session.confirm_risks([session.risks[0]])
    assert changes.touches(Kind.REMEDIATION)
    risk = session.risks[0]
    assert risk.status is RiskStatus.CONFIRMED
    assert [i.risk_id for i in session.remediation] == [risk.id]
    session.set_answer("adm.risk-analysis", choice="yes")
    assert [r.id for r in session.risks] == [risk.id]
    session.set_item_status(session.remediation[0], RemediationStatus.DONE)
    item = session.remediation[0]
    assert item.completed_date == session.today()


def test_addressable_alternative_is_no_gap(session: Session) -> None:
    session.set_answer("adm.security-reminders", choice="no")
    assert len(session.risks) == 1
    session.set_answer("adm.security-reminders", decision=Decision.ALTERNATIVE,
                       rationale="Posters in the break room")
    assert session.risks == []


def test_merge_and_dismiss(session: Session) -> None:
    session.set_answer("adm.risk-analysis", choice="no")
    session.set_answer("adm.security-reminders", choice="no")
    site = Site("Main")
    session.add(site)
    a, b = session.risks
    session.update(a, site_ids=(site.id,))
    session.merge_risk(session.risks[0], b)
    merged = session.risks[0]
    assert merged.status is RiskStatus.MERGED and merged.merged_into == b.id
    assert next(r for r in session.risks if r.id == b.id).site_ids == (site.id,)
    session.dismiss_risks([r for r in session.risks if r.id == b.id])
    assert session.live_risks() == []


def test_everything_is_on_disk_after_reopening(session: Session,
                                                sample_questionnaire: Questionnaire) -> None:
    session.set_answer("profile.telehealth", choice="yes")
    session.set_answer("tele.baa", choice="no", note="Ask VidVisit", flagged=True)
    session.confirm_risks(session.risks[:1])
    path = session.path
    session.close()
    again = Session.open(path, sample_questionnaire)
    try:
        assert again.answers["tele.baa"].note == "Ask VidVisit"
        assert again.answers["tele.baa"].flagged
        assert again.risks[0].status is RiskStatus.CONFIRMED
        assert again.remediation
    finally:
        again.close()


def test_failed_save_leaves_memory_unchanged(session: Session) -> None:
    session.pf.close()
    with pytest.raises(StoreError):
        session.set_answer("adm.risk-analysis", choice="no")
    assert "adm.risk-analysis" not in session.answers


def test_next_assessment_starts_from_last_years_answers(session: Session) -> None:
    session.set_answer("adm.risk-analysis", choice="no", note="old note", flagged=True)
    first = session.assessment
    assert session.start_next_assessment().switched
    fresh = session.assessment
    assert fresh.id != first.id
    assert session.answers["adm.risk-analysis"].carried
    assert session.answers["adm.risk-analysis"].note == "old note"
    assert not session.answers["adm.risk-analysis"].flagged
    assert [r.question_id for r in session.risks] == ["adm.risk-analysis"]
    assert len(session.assessments) == 2


def test_answer_and_its_risk_land_together(session: Session, tmp_path: Path,
                                           sample_questionnaire: Questionnaire) -> None:
    """If the risk draft cannot be written, the answer is not written either."""
    session.pf.conn.execute("CREATE TRIGGER no_risks BEFORE INSERT ON risks "
                            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    with pytest.raises(StoreError, match="disk is full"):
        session.set_answer("adm.risk-analysis", choice="no")
    assert session.answers == {} and session.risks == []
    assert session.pf.answers(session.assessment.id) == {}
    session.pf.conn.execute("DROP TRIGGER no_risks")
    session.set_answer("adm.risk-analysis", choice="no")
    assert len(session.pf.answers(session.assessment.id)) == 1 and len(session.risks) == 1


def test_next_assessment_knows_what_changed_since_the_last(session: Session) -> None:
    assert session.previous is None and session.comparison() is None
    assert session.last_time("adm.risk-analysis") is None
    session.set_answer("adm.risk-analysis", choice="no")
    first = session.assessment
    session.start_next_assessment()
    assert session.previous == first
    assert session.last_time("adm.risk-analysis") == "No"
    assert session.last_time("tele.baa") == "not asked"  # telehealth was not switched on
    session.set_answer("adm.risk-analysis", choice="yes")
    comparison = session.comparison()
    assert comparison is not None
    assert [c.question.id for c in comparison.closed] == ["adm.risk-analysis"]
    session.switch_assessment(first.id)
    assert session.previous is None and session.comparison() is None


def test_next_assessment_follows_the_latest_even_when_an_older_one_is_open(
        session: Session) -> None:
    session.set_answer("adm.risk-analysis", choice="no")
    first = session.assessment
    session.start_next_assessment()
    second = session.assessment
    assert second.period_end is not None and first.period_end is not None
    assert second.period_end.year == first.period_end.year + 1
    session.set_answer("adm.risk-analysis", choice="yes")  # fixed in the second year
    session.switch_assessment(first.id)
    session.start_next_assessment()
    third = session.assessment
    assert third.period_end is not None
    assert third.period_end.year == second.period_end.year + 1
    assert session.previous == second
    assert session.answers["adm.risk-analysis"].choice == "yes"  # from the latest
    years = [a.period_end.year for a in session.assessments if a.period_end]
    assert len(years) == len(set(years)) == 3


def test_next_assessment_refuses_a_year_already_in_the_file(
        tmp_path: Path, sample_questionnaire: Questionnaire) -> None:
    from datetime import date

    from riskwizard.domain.model import Assessment
    from riskwizard.session import AssessmentExists
    from riskwizard.store import create_practice_file

    pf = create_practice_file(tmp_path / "p.riskwizard", Practice("Test Clinic"))
    pf.add(Assessment("2026 security risk analysis", date(2026, 1, 1), date(2026, 12, 31)))
    # The latest was imported without a period: next year falls back to this year, 2026,
    # which the file already has.
    undated = pf.add(Assessment("Imported", started_on=date(2027, 2, 1)))
    session = Session(pf, sample_questionnaire, today=lambda: date(2026, 11, 24))
    try:
        assert session.latest_assessment() == undated
        assert session.next_assessment_year() == 2026
        with pytest.raises(AssessmentExists, match="already in this file") as refused:
            session.start_next_assessment()
        assert str(refused.value).startswith("“2026 security risk analysis” is already")
        assert "\n" not in str(refused.value)
        assert len(pf.records(Assessment)) == 2 and len(session.assessments) == 2
    finally:
        session.close()
