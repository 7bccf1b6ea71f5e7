"""One window, many practices: opening another file, closing and reopening, switching
assessments, starting next year's assessment. Each time the window must still answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTreeWidgetItemIterator
from pytestqt.qtbot import QtBot
from scripted import ScriptedDialogs

from riskwizard.domain.model import Practice
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.session import Session
from riskwizard.ui.main_window import MainWindow
from riskwizard.ui.pages import ToModule
from riskwizard.ui.question_page import QuestionPage


def make_file(tmp_path: Path, name: str, questionnaire: Questionnaire) -> Path:
    path = tmp_path / f"{name}.riskwizard"
    s = Session.create(path, Practice(name), questionnaire)
    s.set_answer("profile.telehealth", choice="yes")
    s.close()
    return path


@pytest.fixture
def file_a(tmp_path: Path, sample_questionnaire: Questionnaire) -> Path:
    return make_file(tmp_path, "Alpha Clinic", sample_questionnaire)


@pytest.fixture
def file_b(tmp_path: Path, sample_questionnaire: Questionnaire) -> Path:
    return make_file(tmp_path, "Beta Clinic", sample_questionnaire)


def section_titles(window: MainWindow) -> list[str]:
    """The questionnaire's sections as the section list shows them."""
    titles = []
    iterator = QTreeWidgetItemIterator(window.nav)
    while (item := iterator.value()) is not None:
        if isinstance(item.data(0, Qt.ItemDataRole.UserRole), ToModule):
            titles.append(item.text(0))
        iterator += 1
    return titles


def answer_by_key(qtbot: QtBot, window: MainWindow, section: str, key: Qt.Key) -> QuestionPage:
    """Pick a section in the list with the mouse, then press a number key, as a person would."""
    found = window.nav.findItems(section, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert found, section
    rect = window.nav.visualItemRect(found[0])
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.pages["questions"]
    assert isinstance(page, QuestionPage)
    assert window.page_stack.currentWidget() is page
    button = page.options.buttons()[0]
    button.setFocus()
    qtbot.keyClick(button, key)
    # Deleted Qt objects go at the next turn of the event loop: let them.
    QApplication.sendPostedEvents(None, 0)
    qtbot.wait(10)
    return page


def test_open_another_practice_then_answer(qtbot: QtBot, window: MainWindow,
                                           file_a: Path, file_b: Path) -> None:
    assert window.open_path(file_a)
    answer_by_key(qtbot, window, "Administrative safeguards", Qt.Key.Key_1)
    assert window.open_path(file_b)
    QApplication.sendPostedEvents(None, 0)
    page = answer_by_key(qtbot, window, "Administrative safeguards", Qt.Key.Key_3)
    assert window.session is not None and window.session.path == file_b
    assert window.session.answers[page.qid or ""].choice == "no"
    assert "Telehealth" in section_titles(window)
    # And back to the first one, answering again.
    assert window.open_path(file_a)
    QApplication.sendPostedEvents(None, 0)
    page = answer_by_key(qtbot, window, "About the practice", Qt.Key.Key_1)
    assert page.qid == "profile.website"
    # Back to the telehealth question: "No" takes its section out of the list.
    qtbot.keyClick(page.options.buttons()[0], Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    assert page.qid == "profile.telehealth"
    # The keyboard stays on the page (Back is greyed out on the first question).
    assert page.isAncestorOf(QApplication.focusWidget())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)
    assert "Telehealth" not in section_titles(window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    assert "Telehealth" in section_titles(window)


def test_close_and_reopen_the_same_file_then_answer(qtbot: QtBot, window: MainWindow,
                                                    file_a: Path) -> None:
    for _ in range(3):
        assert window.open_path(file_a)
        QApplication.sendPostedEvents(None, 0)
        page = answer_by_key(qtbot, window, "Administrative safeguards", Qt.Key.Key_3)
        assert window.session is not None
        assert window.session.answers[page.qid or ""].choice == "no"
        window.close_action.trigger()
        assert window.session is None and window.stack.currentWidget() is window.start
        QApplication.sendPostedEvents(None, 0)


def test_open_from_the_file_menu_while_a_practice_is_open(
        qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs,
        file_a: Path, file_b: Path) -> None:
    assert window.open_path(file_a)
    window.show_page("questions")
    dialogs.paths.append(file_b)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.session is not None and window.session.path == file_b
    QApplication.sendPostedEvents(None, 0)
    answer_by_key(qtbot, window, "Administrative safeguards", Qt.Key.Key_1)


def test_switch_assessment_then_answer(qtbot: QtBot, window: MainWindow,
                                       file_a: Path) -> None:
    assert window.open_path(file_a)
    answer_by_key(qtbot, window, "Administrative safeguards", Qt.Key.Key_1)
    window.next_year_action.trigger()
    assert window.session is not None and len(window.session.assessments) == 2
    QApplication.sendPostedEvents(None, 0)
    answer_by_key(qtbot, window, "Administrative safeguards", Qt.Key.Key_3)
    window.assessment_box.setFocus()
    qtbot.keyClick(window.assessment_box, Qt.Key.Key_Down)  # the older one
    assert window.session.assessment.title == "2026 security risk analysis"
    QApplication.sendPostedEvents(None, 0)
    page = answer_by_key(qtbot, window, "Administrative safeguards", Qt.Key.Key_2)
    assert window.session.answers[page.qid or ""].choice == "partly"
    # Reopening the same file after switching, then answering, still works.
    window.close_practice()
    QApplication.sendPostedEvents(None, 0)
    assert window.open_path(file_a)
    answer_by_key(qtbot, window, "Administrative safeguards", Qt.Key.Key_1)
