"""Answers to re-confirm say where they came from: last year's assessment, or the template
or other practice the file was started from (``navigation.carried_from``), on the overview,
the question page and in the report; and an answer not yet re-confirmed is not asked for
evidence. Real files and windows."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from riskwizard.domain import navigation
from riskwizard.domain.changes import Changes
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.risk import default_matrix
from riskwizard.domain.templates import practice_from_template, shipped_templates
from riskwizard.interchange.packet import new_secret_meta
from riskwizard.report.context import Context
from riskwizard.store import write_new_file
from riskwizard.ui.dashboard_page import DashboardPage
from riskwizard.ui.question_page import QuestionPage

TODAY = date(2026, 11, 24)
LAST_YEAR = "carried over from last year"
COPIED = "copied from a template or another practice"


def _overview(window: Any) -> DashboardPage:
    page = window.show_page("dashboard")
    assert isinstance(page, DashboardPage)
    return page


def _first_carried(window: Any) -> QuestionPage:
    s = window.session
    qid = next(q for q, a in s.answers.items() if navigation.needs_confirming(a))
    window.show_module(s.questionnaire.question(qid).module_id)
    page = window.page("questions")
    assert isinstance(page, QuestionPage)
    page.show_question(qid)
    return page


def test_a_practice_started_from_a_template(qtbot: QtBot, make_window: Any, tmp_path: Path,
                                            questionnaire: Questionnaire) -> None:
    path = tmp_path / "new.riskwizard"
    for t in shipped_templates(questionnaire):
        data = practice_from_template(t, "Birch Clinic", questionnaire, TODAY)
        if any(a.carried for a in data.answers):
            break
    else:  # no shipped template brings answers: nothing to re-confirm to word
        return
    write_new_file(path, data, new_secret_meta())
    w = make_window(questionnaire)
    assert w.open_path(path)
    s = w.session
    assert s.previous is None and s.answers
    overview = _overview(w)
    assert COPIED in overview.subtitle.text() and LAST_YEAR not in overview.subtitle.text()
    assert s.yes_without_evidence() == []  # nothing asked of answers not yet confirmed
    assert not overview.evidence_text.isVisibleTo(overview)
    page = _first_carried(w)
    assert COPIED in page.carried_label.text()
    ctx = Context(s.data(), questionnaire, s.assessment, TODAY, default_matrix())
    assert any(COPIED in p for p in ctx.open_points)


def test_next_year(qtbot: QtBot, make_window: Any, demo_file: Path,
                   questionnaire: Questionnaire) -> None:
    w = make_window(questionnaire)
    assert w.open_path(demo_file)
    s = w.session
    assert w.ctx.attempt(s.start_next_assessment) is not None
    w._assessment_opened(Changes.everything())
    assert s.previous is not None
    overview = _overview(w)
    assert LAST_YEAR in overview.subtitle.text()
    page = _first_carried(w)
    assert LAST_YEAR in page.carried_label.text()
