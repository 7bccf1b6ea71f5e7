"""Every shortcut the window advertises works, pressed on the window as a person would, and no
key is claimed twice on any page (Qt then calls it ambiguous and does nothing)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from riskwizard.ui.main_window import MainWindow
from riskwizard.ui.question_page import QuestionPage


def mnemonic(text: str) -> str | None:
    m = re.search(r"&([^&])", text.replace("&&", ""))
    return f"Alt+{m.group(1).upper()}" if m else None


def keys_in_use(window: MainWindow) -> Counter[str]:
    """Every key a person can press right now, and how many things claim it."""
    keys: Counter[str] = Counter()
    for action in window.menuBar().actions():
        if (key := mnemonic(action.text())) is not None:
            keys[key] += 1
    for w in window.findChildren(QWidget):
        if not w.isVisible():
            continue
        text = ""
        if isinstance(w, QAbstractButton):
            text = w.text()
        elif isinstance(w, QLabel) and w.buddy() is not None:
            text = w.text()
        elif isinstance(w, QGroupBox):
            text = w.title()
        if (key := mnemonic(text)) is not None:
            keys[key] += 1
    for sc in window.findChildren(QShortcut):
        parent = sc.parent()
        if sc.isEnabled() and isinstance(parent, QWidget) and parent.isVisible():
            keys[sc.key().toString()] += 1
    for action in window.findChildren(QAction):
        if not action.shortcut().isEmpty():
            keys[action.shortcut().toString()] += 1
    return keys


def question_page(window: MainWindow) -> QuestionPage:
    page = window.pages["questions"]
    assert isinstance(page, QuestionPage)
    return page


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window, key, modifier)


def test_question_page_shortcuts_work_when_pressed_on_the_window(
        qtbot: QtBot, window: MainWindow, sample_file: Path) -> None:
    assert window.open_path(sample_file)
    window.show_question("adm.risk-analysis")
    page = question_page(window)
    page.options.buttons()[0].setFocus()
    ctrl, alt = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier

    press(qtbot, window, Qt.Key.Key_Right, ctrl)
    assert page.qid == "adm.security-reminders"
    press(qtbot, window, Qt.Key.Key_Left, ctrl)
    assert page.qid == "adm.risk-analysis"
    press(qtbot, window, Qt.Key.Key_N, alt)
    assert page.qid == "adm.security-reminders"
    press(qtbot, window, Qt.Key.Key_B, alt)
    assert page.qid == "adm.risk-analysis"

    # Alt+R ticks "Flag for review" (Alt+F is the File menu's).
    assert not page.flag.isChecked()
    press(qtbot, window, Qt.Key.Key_R, alt)
    qtbot.waitUntil(page.flag.isChecked)  # a mnemonic clicks after a short animation
    assert window.session is not None and window.session.answers["adm.risk-analysis"].flagged
    assert QApplication.activePopupWidget() is None  # no menu opened instead
    assert "Alt+R" in page.flag.toolTip()

    # The number keys answer; Alt+U and Ctrl+U go to the next unanswered question.
    page.options.buttons()[0].setFocus()
    press(qtbot, window, Qt.Key.Key_2)
    assert window.session.answers["adm.risk-analysis"].choice == "partly"
    press(qtbot, window, Qt.Key.Key_U, alt)
    unanswered = page.qid
    assert unanswered not in window.session.answers
    press(qtbot, window, Qt.Key.Key_Left, ctrl)
    press(qtbot, window, Qt.Key.Key_U, ctrl)
    assert page.qid == unanswered
    # Alt+L and Ctrl+G go to the next flagged question.
    press(qtbot, window, Qt.Key.Key_L, alt)
    assert page.qid == "adm.risk-analysis"
    press(qtbot, window, Qt.Key.Key_Right, ctrl)
    press(qtbot, window, Qt.Key.Key_G, ctrl)
    assert page.qid == "adm.risk-analysis"
    # The tooltips name keys that exist.
    assert "Ctrl+Right" in page.next.toolTip() and "Alt+N" in page.next.toolTip()
    assert "Ctrl+Left" in page.back.toolTip() and "Alt+B" in page.back.toolTip()


def test_ctrl_right_moves_on_from_a_note(qtbot: QtBot, window: MainWindow,
                                         sample_file: Path) -> None:
    """Issue 18: Ctrl+Right did nothing while typing in Notes. It goes to the next question
    (the note is saved), and Ctrl+Left comes back; the note is kept."""
    assert window.open_path(sample_file)
    window.show_question("adm.risk-analysis")
    page = question_page(window)
    page.note.setFocus()
    qtbot.keyClicks(page.note, "two words")
    qtbot.keyClick(page.note, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert page.qid != "adm.risk-analysis"
    assert window.session is not None
    assert window.session.answers["adm.risk-analysis"].note == "two words"
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Left,
                   Qt.KeyboardModifier.ControlModifier)
    assert page.qid == "adm.risk-analysis"
    assert page.note.toPlainText() == "two words"


@pytest.mark.parametrize("keys", [[Qt.Key.Key_3], [Qt.Key.Key_3, "alt"]])
def test_an_answer_key_never_changes_the_answer_from_a_note(
        qtbot: QtBot, window: MainWindow, sample_file: Path, keys: list[object]) -> None:
    """Issue 18: Alt+3 typed in Notes changed the same question's answer (Partly to No)."""
    assert window.open_path(sample_file)
    window.show_question("tele.baa")
    page = question_page(window)
    assert window.session is not None
    before = window.session.answers["tele.baa"].choice
    page.note.setFocus()
    modifier = Qt.KeyboardModifier.AltModifier if "alt" in keys else \
        Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(page.note, Qt.Key.Key_3, modifier)
    page.save_text()
    assert window.session.answers["tele.baa"].choice == before
    # On the answers themselves the same key chooses.
    page.options.buttons()[0].setFocus()
    qtbot.keyClick(page.options.buttons()[0], Qt.Key.Key_3, modifier)
    assert window.session.answers["tele.baa"].choice == page.questionnaire.question(
        "tele.baa").options[2].value


@pytest.mark.parametrize("key", ["dashboard", "practice", "assets", "vendors", "questions",
                                 "risks", "remediation"])
def test_no_key_is_claimed_twice_on_any_page(window: MainWindow, sample_file: Path,
                                             key: str) -> None:
    assert window.open_path(sample_file)
    window.show_page(key)
    if key == "risks":
        window.show_page("risks")
    twice = {k: n for k, n in keys_in_use(window).items() if n > 1}
    assert twice == {}, f"on the {key} page: {twice}"


def test_no_key_is_claimed_twice_on_the_start_page(window: MainWindow) -> None:
    twice = {k: n for k, n in keys_in_use(window).items() if n > 1}
    assert twice == {}


def test_ctrl_keys_of_the_go_menu(qtbot: QtBot, window: MainWindow, sample_file: Path) -> None:
    assert window.open_path(sample_file)
    for n, key in enumerate(["dashboard", "practice", "assets", "vendors", "questions",
                             "risks", "remediation"], start=1):
        press(qtbot, window, getattr(Qt.Key, f"Key_{n}"), Qt.KeyboardModifier.ControlModifier)
        assert window.page_stack.currentWidget() is window.pages[key]
    press(qtbot, window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.nav
    assert QKeySequence("Ctrl+Right").toString() == "Ctrl+Right"
