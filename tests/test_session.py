"""The open practice: answers, risk reconciliation, risk decisions, next year's assessment."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskwizard.domain.changes import Kind
from riskwizard.domain.model import (
    BaaStatus,
    Decision,
    Practice,
    RemediationStatus,
    Risk,
    RiskOrigin,
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


def _risk_controlled_by(session: Session, qid: str) -> Risk:
    event = next(e for e in session.catalogue.events if any(c.question == qid
                                                            for c in e.controls))
    return next(r for r in session.risks if r.key == event.id)


def test_new_practice_has_an_assessment_and_a_register(session: Session) -> None:
    assert session.assessment.id and session.answers == {}
    # practice-wide threats are rated from the start, before anything is answered
    assert session.risks and all(r.origin is RiskOrigin.DERIVED for r in session.risks)
    assert all((r.likelihood, r.impact) == (r.inherent_likelihood, r.inherent_impact)
               for r in session.risks)


def test_a_gap_weakens_its_risk_and_adds_one_action(session: Session) -> None:
    session.set_answer("adm.security-reminders", choice="yes")
    fixed = _risk_controlled_by(session, "adm.security-reminders")
    changes = session.set_answer("adm.security-reminders", choice="no")
    assert changes.touches(Kind.RISKS, Kind.REMEDIATION)
    assert changes.ids_of(Kind.ANSWERS) == {"adm.security-reminders"}
    weak = _risk_controlled_by(session, "adm.security-reminders")
    assert weak.id == fixed.id  # the same risk, re-rated
    assert weak.likelihood * weak.impact > fixed.likelihood * fixed.impact
    actions = [i for i in session.remediation if i.key.endswith("adm.security-reminders")]
    assert len(actions) == 1 and weak.id in actions[0].risk_ids
    assert actions[0].due_date is not None
    session.set_answer("adm.security-reminders", choice="yes")
    assert not [i for i in session.remediation if i.key.endswith("adm.security-reminders")]


def test_decisions_survive_reconciliation(session: Session) -> None:
    session.set_answer("adm.security-reminders", choice="no")
    risk = _risk_controlled_by(session, "adm.security-reminders")
    session.update(risk, status=RiskStatus.CONFIRMED, notes="Talked it over",
                   likelihood_override=5)
    session.set_answer("adm.security-reminders", choice="partly")
    again = _risk_controlled_by(session, "adm.security-reminders")
    assert (again.status, again.notes, again.likelihood_override) == (
        RiskStatus.CONFIRMED, "Talked it over", 5)
    assert again.rated_likelihood == 5
    session.set_item_status(session.remediation[0], RemediationStatus.DONE)
    assert session.remediation[0].completed_date == session.today()


def test_addressable_alternative_is_no_gap(session: Session) -> None:
    session.set_answer("adm.security-reminders", choice="no")
    assert any(i.key.endswith("adm.security-reminders") for i in session.remediation)
    session.set_answer("adm.security-reminders", decision=Decision.ALTERNATIVE,
                       rationale="Posters in the break room")
    assert not any(i.key.endswith("adm.security-reminders") for i in session.remediation)


def test_merge_and_dismiss_many(session: Session) -> None:
    site = Site("Main")
    session.add(site)
    a, b = session.risks[:2]
    session.update(a, site_ids=(site.id,))
    session.merge_risk(session.risk(a.id), b)  # type: ignore[arg-type]
    merged = session.risk(a.id)
    assert merged is not None and merged.status is RiskStatus.MERGED
    assert merged.merged_into == b.id
    target = session.risk(b.id)
    assert target is not None and site.id in target.site_ids
    before = len(session.live_risks())
    session.dismiss_risks(session.live_risks()[:3])
    assert len(session.live_risks()) == before - 3


def test_deleting_a_site_unlinks_it_everywhere(session: Session) -> None:
    site = Site("Annex")
    session.add(site)
    linked = [r for r in session.risks if site.id in r.site_ids]
    assert linked  # physical threats are rated against every site
    changes = session.delete(site)
    assert changes.touches(Kind.SITES, Kind.RISKS)
    assert not any(site.id in r.site_ids for r in session.risks)
    assert session.risks == session.repo.for_assessment(Risk, session.assessment.id)


def test_everything_is_on_disk_after_reopening(session: Session,
                                                sample_questionnaire: Questionnaire) -> None:
    session.set_answer("profile.telehealth", choice="yes")
    session.set_answer("tele.baa", choice="no", note="Ask VidVisit", flagged=True)
    session.confirm_risks(session.risks[:1])
    confirmed = session.risks[0].id
    path = session.path
    session_risks = session.risks
    session.close()
    again = Session.open(path, sample_questionnaire)
    try:
        assert again.answers["tele.baa"].note == "Ask VidVisit"
        assert again.answers["tele.baa"].flagged
        assert again.risk(confirmed).status is RiskStatus.CONFIRMED  # type: ignore[union-attr]
        assert again.remediation and again.risks == session_risks
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
    assert len(session.assessments) == 2


def test_an_answer_is_kept_when_the_register_cannot_be_written(
        session: Session, tmp_path: Path, sample_questionnaire: Questionnaire) -> None:
    """The answer commits first; a register write that fails (a full disk) loses nothing the
    person typed, says so in one line, and the register catches up on the next open."""
    risks, items = list(session.risks), list(session.remediation)
    session.pf.conn.execute("CREATE TRIGGER no_items BEFORE INSERT ON remediation "
                            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    with pytest.raises(StoreError, match="answer was saved") as failed:
        session.set_answer("adm.security-reminders", choice="no")
    assert "\n" not in str(failed.value)
    assert session.answers["adm.security-reminders"].choice == "no"
    assert session.pf.answers(session.assessment.id)["adm.security-reminders"].choice == "no"
    # nothing half-written: the register in memory and on disk is as it was
    assert session.risks == risks and session.remediation == items
    assert session.pf.for_assessment(Risk, session.assessment.id) == risks
    session.pf.conn.execute("DROP TRIGGER no_items")
    path = session.path
    session.close()
    again = Session.open(path, sample_questionnaire)
    try:
        assert any(i.key.endswith("adm.security-reminders") for i in again.remediation)
    finally:
        again.close()

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


def test_next_year_starts_from_this_years_register_and_plan(session: Session) -> None:
    session.set_answer("adm.security-reminders", choice="no")
    risk = _risk_controlled_by(session, "adm.security-reminders")
    session.update(risk, status=RiskStatus.CONFIRMED, treatment_reason="kept",
                   likelihood_override=4)
    open_item = session.remediation[0]
    session.update(open_item, owner="Dana", status=RemediationStatus.IN_PROGRESS)
    session.start_next_assessment()
    carried = _risk_controlled_by(session, "adm.security-reminders")
    assert carried.assessment_id == session.assessment.id
    assert (carried.status, carried.treatment_reason, carried.likelihood_override) == (
        RiskStatus.CONFIRMED, "kept", 4)
    again = [i for i in session.remediation if i.key == open_item.key]
    assert len(again) == 1 and again[0].owner == "Dana"
    assert again[0].status is RemediationStatus.IN_PROGRESS and carried.id in again[0].risk_ids
    assert all(a.carried for a in session.answers.values())
    assert session.assessment.next_review is not None


def test_accepting_a_risk_needs_a_reason_and_who(session: Session) -> None:
    from riskwizard.domain.model import Treatment

    risk = session.risks[0]
    with pytest.raises(ValueError, match="why"):
        session.decide_risk(risk, Treatment.ACCEPT, "  ", "Dr. Lee")
    with pytest.raises(ValueError, match="who"):
        session.decide_risk(risk, Treatment.TRANSFER, "Insurance covers it", "")
    session.decide_risk(risk, Treatment.ACCEPT, "Low and costly to fix", "Dr. Lee")
    decided = session.risk(risk.id)
    assert decided is not None and decided.decided_on == session.today()
    assert (decided.treatment_reason, decided.decided_by) == ("Low and costly to fix", "Dr. Lee")


def test_carried_answers_are_reconfirmed_and_items_verified(session: Session) -> None:
    session.set_answer("adm.security-reminders", choice="no")
    session.start_next_assessment()
    assert session.answers["adm.security-reminders"].carried
    changes = session.reconfirm_answers(["adm.security-reminders"])
    assert changes.ids_of(Kind.ANSWERS) == {"adm.security-reminders"}
    assert not session.answers["adm.security-reminders"].carried
    item = session.remediation[0]
    session.verify_items([item], "Dana")
    done = session.remediation[0]
    assert (done.status, done.verified_by, done.verified_on) == (
        RemediationStatus.VERIFIED, "Dana", session.today())
    assert not done.is_open


def test_the_kept_inventory_index_never_changes_the_analysis(
        tmp_path: Path, sample_questionnaire: Questionnaire) -> None:
    """The window keeps the inventory's half of the analysis between answers; whatever is
    answered or edited, the register is what a fresh analysis says."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from riskwizard.domain.analysis import analyse
    from riskwizard.domain.model import Asset, AssetKind, Encryption, Vendor

    session = Session.create(tmp_path / "h.riskwizard", Practice("H"), sample_questionnaire)
    questions = [q for q in sample_questionnaire.questions() if q.options]
    step = st.one_of(
        st.tuples(st.just("answer"), st.sampled_from(questions), st.integers(0, 9)),
        st.tuples(st.just("asset"), st.sampled_from(list(AssetKind)),
                  st.sampled_from(list(Encryption))),
        st.tuples(st.just("vendor"), st.booleans(), st.booleans()),
        st.tuples(st.just("delete"), st.integers(0, 50), st.none()))

    @settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(step, max_size=8))
    def run(steps: list[tuple[object, object, object]]) -> None:
        for kind, a, b in steps:
            if kind == "answer":
                q = a  # type: ignore[assignment]
                session.set_answer(q.id, choice=q.options[int(b) % len(q.options)].value)  # type: ignore[attr-defined, call-overload]
            elif kind == "asset":
                session.add(Asset("A", kind=a, encrypted_at_rest=b))  # type: ignore[arg-type]
            elif kind == "vendor":
                session.add(Vendor("V", handles_ephi=bool(a),
                                   baa=list(BaaStatus)[int(b) % len(BaaStatus)]))
            elif session.assets:
                session.delete(session.assets[int(a) % len(session.assets)])  # type: ignore[call-overload]
            fresh = analyse(session.catalogue, sample_questionnaire, session.answers,
                            session.assets, session.vendors, session.sites, session.today())
            assert session.analysis() == fresh
            assert {r.key for r in session.risks if r.key} >= {r.key for r in fresh.risks}

    try:
        run()
    finally:
        session.close()
