"""While questions are unanswered, the overview and the report say that ratings count only
the safeguards answered so far (a new practice is rated high because nothing is counted
yet); once every question is answered the note goes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from riskwizard.domain.model import Practice
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.risk import UNANSWERED_RATED
from riskwizard.report import build_report
from riskwizard.session import Session
from riskwizard.ui.dashboard_page import DashboardPage


def _note_shown(window: Any) -> bool:
    page = window.show_page("dashboard")
    assert isinstance(page, DashboardPage)
    return page.unanswered_note.isVisibleTo(page)


def test_the_note_follows_the_answers(qtbot: QtBot, make_window: Any, tmp_path: Path,
                                      questionnaire: Questionnaire, demo_file: Path) -> None:
    path = tmp_path / "new.riskwizard"
    Session.create(path, Practice("Riverside Pediatrics"), questionnaire).close()
    w = make_window(questionnaire)
    assert w.open_path(path)
    assert w.session.live_risks()  # rated before any answer
    assert _note_shown(w)
    for q in [q for q in questionnaire.questions() if q.options][:5]:
        w.session.set_answer(q.id, choice=q.options[0].value)
    pdf = tmp_path / "new.pdf"
    build_report(w.session.data(), questionnaire, pdf)
    import pypdf

    text = " ".join(" ".join((p.extract_text() or "").split())
                    for p in pypdf.PdfReader(pdf).pages[:8])
    assert " ".join(UNANSWERED_RATED.split()) in text
    assert w.open_path(demo_file)  # every question answered
    assert not _note_shown(w)
