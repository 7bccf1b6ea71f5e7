"""Issue 18, second half: what surprised a new user around the questions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from riskwizard.domain import navigation
from riskwizard.domain.model import SizeBand
from riskwizard.ui.main_window import MainWindow
from riskwizard.ui.practice_page import PracticePage
from riskwizard.ui.question_page import QID_ROLE, QuestionPage


def _question_page(window: MainWindow, qid: str) -> QuestionPage:
    window.show_question(qid)
    page = window.questions()
    assert isinstance(page, QuestionPage)
    return page


def test_practice_size_is_asked_once(qtbot: QtBot, make_window: Any, demo_file: Path,
                                     questionnaire: Any) -> None:
    window: MainWindow = make_window(questionnaire)
    assert window.open_path(demo_file)
    page = _question_page(window, navigation.SIZE_QUESTION)
    qtbot.mouseClick(page.options.buttons()[3], Qt.MouseButton.LeftButton)
    assert window.session.practice.size_band is SizeBand.LARGE  # type: ignore[union-attr]
    practice = window.show_page("practice")
    assert isinstance(practice, PracticePage)
    assert "More than 50" in practice.staff.text() or "51" in practice.staff.text()
    # No second place to type it; the link leads to the question.
    practice.staff.linkActivated.emit("size")
    assert window.questions() is not None
    assert window.questions().qid == navigation.SIZE_QUESTION  # type: ignore[union-attr]


def test_the_header_count_agrees_with_the_list(qtbot: QtBot, make_window: Any,
                                               demo_file: Path, questionnaire: Any) -> None:
    window: MainWindow = make_window(questionnaire)
    assert window.open_path(demo_file)
    session = window.session
    assert session is not None
    for module in navigation.visible_modules(questionnaire, session.answers):
        qs = navigation.visible_questions(questionnaire, session.answers, module)
        page = _question_page(window, qs[-1].id)
        listed = [page.question_list.item(i).data(QID_ROLE)
                  for i in range(page.question_list.count())]
        assert listed == [q.id for q in qs]  # hidden questions do not show
        assert page.where.text().endswith(f"question {len(listed)} of {len(listed)}")


def test_next_year_waits_for_answers_and_is_not_the_next_tab_stop(
        qtbot: QtBot, make_window: Any, tmp_path: Path, questionnaire: Any,
        dialogs: Any) -> None:
    window: MainWindow = make_window(questionnaire)
    from riskwizard.domain.model import Practice
    from riskwizard.session import Session

    path = tmp_path / "new.riskwizard"
    Session.create(path, Practice("New Clinic"), questionnaire).close()
    assert window.open_path(path)
    practice = window.show_page("practice")
    assert isinstance(practice, PracticePage)
    buttons = [b.text() for b in practice.findChildren(QPushButton) if b.isVisible()]
    assert not any("next year" in t.lower() for t in buttons)
    assert not window.side_bar.next_year.isVisible()
    assert practice.assessor.nextInFocusChain() is not window.side_bar.next_year
    window.session.set_answer(navigation.SIZE_QUESTION, choice="1-5")  # type: ignore[union-attr]
    window.sections_changed()
    assert window.side_bar.next_year.isVisible()


def test_carried_answers_are_marked_and_still_true_confirms_them(
        qtbot: QtBot, make_window: Any, demo_file: Path, questionnaire: Any) -> None:
    window: MainWindow = make_window(questionnaire)
    assert window.open_path(demo_file)
    window.next_year_action.trigger()
    session = window.session
    assert session is not None
    carried = [qid for qid, a in session.answers.items() if a.carried]
    assert carried
    page = _question_page(window, carried[0])
    assert page.carried.isVisible()
    assert "re-confirm" in page.missing.text()
    qtbot.mouseClick(page.still_true, Qt.MouseButton.LeftButton)
    assert not session.answers[carried[0]].carried
    assert not page.carried.isVisible()
    assert navigation.progress(questionnaire, session.answers).to_confirm == len(carried) - 1


def test_review_date_and_triggers_are_kept(qtbot: QtBot, make_window: Any, demo_file: Path,
                                           questionnaire: Any) -> None:
    window: MainWindow = make_window(questionnaire)
    assert window.open_path(demo_file)
    practice = window.show_page("practice")
    assert isinstance(practice, PracticePage)
    practice.next_review.setFocus()
    practice.next_review.setDate(QDate(2027, 10, 1))
    practice.save_review()
    practice.triggers.setFocus()
    practice.triggers.setPlainText("")
    qtbot.keyClicks(practice.triggers, "New EHR")
    qtbot.keyClick(practice.triggers, Qt.Key.Key_Return)
    qtbot.keyClicks(practice.triggers, "A breach")
    practice.name.setFocus()
    QApplication.processEvents()
    a = window.session.assessment  # type: ignore[union-attr]
    assert a.next_review == date(2027, 10, 1)
    assert a.review_triggers == "New EHR\nA breach"
