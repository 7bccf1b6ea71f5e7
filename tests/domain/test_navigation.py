"""Branching, completeness and free navigation, without a window."""

from __future__ import annotations

from pathlib import Path

from riskwizard.domain import navigation as nav
from riskwizard.domain.model import Answer, Decision
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.resources import load_paths


def answers(**choices: str) -> dict[str, Answer]:
    out = {}
    for key, choice in choices.items():
        qid = key.replace("__", ".").replace("_", "-")
        out[qid] = Answer(1, qid, choice)
    return out


def test_optional_module_follows_profile(sample_questionnaire: Questionnaire) -> None:
    q = sample_questionnaire
    ids = lambda a: [m.id for m in nav.visible_modules(q, a)]  # noqa: E731
    assert ids({}) == ["profile", "administrative"]
    assert ids(answers(profile__telehealth="yes")) == ["profile", "administrative", "telehealth"]
    assert ids(answers(profile__telehealth="no")) == ["profile", "administrative"]
    # "Not sure" shows the section rather than hiding it
    assert ids(answers(profile__telehealth="not_sure")) == ["profile", "administrative",
                                                            "telehealth"]


def test_question_condition(sample_questionnaire: Questionnaire) -> None:
    q = sample_questionnaire
    visible = [x.id for x in nav.visible_questions(q, answers(profile__website="yes"))]
    assert "adm.website-privacy" in visible
    hidden = [x.id for x in nav.visible_questions(q, answers(profile__website="no"))]
    assert "adm.website-privacy" not in hidden


def test_addressable_completeness_and_gaps(sample_questionnaire: Questionnaire) -> None:
    question = sample_questionnaire.question("adm.security-reminders")
    assert nav.missing_parts(question, None) == ["no answer"]
    yes = Answer(1, question.id, "yes")
    assert nav.is_complete(question, yes) and not nav.is_gap(question, yes)
    assert nav.effective_decision(question, yes) is Decision.IMPLEMENTED
    no = Answer(1, question.id, "no")
    assert nav.is_complete(question, no) and nav.is_gap(question, no)
    assert nav.effective_decision(question, no) is None  # not yet in place
    alt = Answer(1, question.id, "no", decision=Decision.ALTERNATIVE)
    assert nav.missing_parts(question, alt) == ["reason for the decision"]
    alt.rationale = "Posters in the break room every month."
    assert nav.is_complete(question, alt) and not nav.is_gap(question, alt)
    unreasonable = Answer(1, question.id, "no", decision=Decision.NOT_REASONABLE,
                          rationale="Two-person office")
    assert nav.is_complete(question, unreasonable) and nav.is_gap(question, unreasonable)


def test_required_gap(sample_questionnaire: Questionnaire) -> None:
    question = sample_questionnaire.question("adm.risk-analysis")
    for choice, gap in [("yes", False), ("partly", True), ("no", True), ("not_sure", True)]:
        answer = Answer(1, question.id, choice)
        assert nav.is_gap(question, answer) is gap
        assert nav.is_complete(question, answer)
    assert not nav.is_complete(question, Answer(1, question.id, "bogus"))


def test_progress_and_free_navigation(sample_questionnaire: Questionnaire) -> None:
    q = sample_questionnaire
    a = answers(profile__telehealth="yes", profile__website="no", adm__risk_analysis="yes")
    p = nav.progress(q, a)
    assert (p.answered, p.total) == (3, 5)
    by_module = nav.progress_by_module(q, a)
    assert by_module["profile"].complete and by_module["telehealth"].answered == 0
    assert nav.next_unanswered(q, a).id == "adm.security-reminders"
    assert nav.next_unanswered(q, a, "adm.security-reminders").id == "tele.baa"
    # wraps round to the start
    assert nav.next_unanswered(q, a, "tele.baa").id == "adm.security-reminders"
    assert nav.next_flagged(q, a) is None
    a["adm.risk-analysis"].flagged = True
    assert nav.next_flagged(q, a, "tele.baa").id == "adm.risk-analysis"
    assert nav.neighbour(q, a, "adm.risk-analysis", 1).id == "adm.security-reminders"
    assert nav.neighbour(q, a, "profile.telehealth", -1) is None
    missing = nav.missing_summary(q, a)
    assert missing == {"Administrative safeguards": ["Security reminders (no answer)"],
                       "Telehealth": ["Telehealth vendor BAA (no answer)"]}


def test_visibility_cascades(tmp_path: Path) -> None:
    """An answer kept from before its question was hidden switches nothing on."""
    (tmp_path / "p.yaml").write_text("""format: 1
id: profile
title: P
kind: profile
version: "1"
order: 0
questions:
  - {id: p.website, title: W, text: "Website?", requirement: profile, answers: profile_yes_no}
  - {id: p.tracking, title: T, text: "Tracking?", requirement: profile, answers: profile_yes_no,
     shows_when: {question: p.website, is: [yes]}}
""", encoding="utf-8")
    (tmp_path / "t.yaml").write_text("""format: 1
id: tracking
title: Tracking
kind: optional
version: "1"
order: 5
shows_when: {question: p.tracking, is: [yes]}
questions:
  - {id: t.pixels, title: Px, text: "Pixels?", requirement: best_practice, answers: yes_no,
     threats: [t], vulnerabilities: [v], remediation: [r]}
""", encoding="utf-8")
    q = load_paths([tmp_path])
    a = {"p.website": Answer(1, "p.website", "yes"), "p.tracking": Answer(1, "p.tracking", "yes")}
    assert [m.id for m in nav.visible_modules(q, a)] == ["profile", "tracking"]
    a["p.website"].choice = "no"
    assert [m.id for m in nav.visible_modules(q, a)] == ["profile"]
    assert [x.id for x in nav.visible_questions(q, a)] == ["p.website"]


def test_not_sure_shows_questions_too(sample_questionnaire: Questionnaire) -> None:
    q = sample_questionnaire
    visible = [x.id for x in nav.visible_questions(q, answers(profile__website="not_sure"))]
    assert "adm.website-privacy" in visible


def test_not_sure_leans_to_showing_under_not(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("""format: 1
id: profile
title: P
kind: profile
version: "1"
order: 0
questions:
  - {id: p.paper, title: Paper, text: "Paper only?", requirement: profile, answers: profile_yes_no}
""", encoding="utf-8")
    (tmp_path / "e.yaml").write_text("""format: 1
id: electronic
title: Electronic
kind: optional
version: "1"
order: 5
shows_when: {not: {question: p.paper, is: [yes]}}
questions:
  - {id: e.backup, title: B, text: "Backups?", requirement: required, answers: yes_no,
     threats: [t], vulnerabilities: [v], remediation: [r]}
""", encoding="utf-8")
    q = load_paths([tmp_path])
    shown = lambda c: [m.id for m in nav.visible_modules(q, answers(p__paper=c))]  # noqa: E731
    assert shown("yes") == ["profile"]
    assert shown("no") == shown("not_sure") == ["profile", "electronic"]


def test_carried_answers_are_to_reconfirm(sample_questionnaire: Questionnaire) -> None:
    q = sample_questionnaire
    a = answers(profile__telehealth="no", profile__website="no", adm__risk_analysis="yes",
                adm__security_reminders="yes")
    assert nav.progress(q, a) == nav.Progress(4, 4, 0, 0)
    a["adm.risk-analysis"].carried = True
    p = nav.progress(q, a)
    assert (p.answered, p.total, p.to_confirm) == (3, 4, 1) and not p.complete
    assert nav.next_unanswered(q, a).id == "adm.risk-analysis"
    a["adm.risk-analysis"].carried = False
    assert nav.progress(q, a).complete and nav.next_unanswered(q, a) is None
