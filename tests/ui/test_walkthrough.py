"""The whole path as a person walks it: create a practice, fill it in, answer every question,
flag one, confirm a risk, plan a fix, close, reopen, and find everything as it was left."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot
from scripted import ScriptedDialogs

from riskwizard.domain import navigation
from riskwizard.domain.model import RemediationStatus, RiskStatus
from riskwizard.ui.main_window import MainWindow
from riskwizard.ui.question_page import QuestionPage
from riskwizard.ui.remediation_page import RemediationPage
from riskwizard.ui.risk_page import RiskPage
from riskwizard.ui.tables import TablePage


def nav_titles(window: MainWindow) -> list[str]:
    return [title for _, title, _ in window.nav.section_titles()]


def nav_item(window: MainWindow, text: str) -> QTreeWidgetItem:
    found = window.nav.findItems(text, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert found, f"no section called {text!r}"
    return found[0]


def click_nav(qtbot: QtBot, window: MainWindow, text: str) -> None:
    item = nav_item(window, text)
    rect = window.nav.visualItemRect(item)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_in_new_row(qtbot: QtBot, page: TablePage, text: str) -> None:
    """Press the page's Add button and type the new record's name into the open editor."""
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    editor = focused()
    assert isinstance(editor, QLineEdit), editor
    assert editor.parent() is page.view.viewport(), (editor, editor.parent())
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # commits on the next turn of the event loop
    qtbot.waitUntil(lambda: page.view.state() != QAbstractItemView.State.EditingState)


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier =
          Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


@pytest.mark.slow
def test_a_practice_from_start_to_reopening(qtbot: QtBot, make_window: Any,
                                            dialogs: ScriptedDialogs, tmp_path: Path) -> None:
    window: MainWindow = make_window()
    window.activateWindow()
    path = tmp_path / "Sunrise Clinic.riskwizard"

    # Start a new practice from the start page.
    dialogs.texts.append("Sunrise Clinic")
    dialogs.paths.append(path)
    qtbot.mouseClick(window.start.new_button, Qt.MouseButton.LeftButton)
    assert window.session is not None and path.exists()
    assert window.statusBar() is not None
    practice_page = window.pages["practice"]

    # The profile, field by field.
    security = practice_page.security  # type: ignore[attr-defined]
    security.setFocus()
    qtbot.keyClicks(security, "Dana Whitfield")
    qtbot.keyClick(security, Qt.Key.Key_Tab)
    assert window.session.practice.security_official == "Dana Whitfield"
    assert window.statusBar().currentMessage() == "Saved"

    # A site, an asset, a vendor.
    type_in_new_row(qtbot, practice_page.sites, "Main clinic")  # type: ignore[attr-defined]
    assert [s.name for s in window.session.sites] == ["Main clinic"]
    press(qtbot, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # Go > Assets
    assets = window.pages["assets"]
    assert window.page_stack.currentWidget() is assets
    assert isinstance(assets, TablePage)
    type_in_new_row(qtbot, assets, "Front desk PC")
    assert [a.name for a in window.session.assets] == ["Front desk PC"]
    assert window.session.assets[0].site_id == window.session.sites[0].id
    click_nav(qtbot, window, "Vendors")
    vendors = window.pages["vendors"]
    assert isinstance(vendors, TablePage)
    type_in_new_row(qtbot, vendors, "ClearChart EHR")
    assert [v.name for v in window.session.vendors] == ["ClearChart EHR"]

    # The questionnaire: telehealth = yes shows its section, no hides it again.
    assert "Telehealth" not in nav_titles(window)
    click_nav(qtbot, window, "About the practice")
    page = window.pages["questions"]
    assert isinstance(page, QuestionPage)
    assert page.qid == "profile.telehealth"
    page.options.buttons()[0].setFocus()
    press(qtbot, Qt.Key.Key_1)  # Yes
    assert "Telehealth" in nav_titles(window)
    press(qtbot, Qt.Key.Key_2)  # No, after all
    assert "Telehealth" not in nav_titles(window)
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # Next
    assert page.qid == "profile.website"
    press(qtbot, Qt.Key.Key_1)  # Yes: shows the website privacy question
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert page.qid == "adm.risk-analysis"
    press(qtbot, Qt.Key.Key_3)  # No: a gap
    qtbot.mouseClick(page.flag, Qt.MouseButton.LeftButton,
                     pos=QPoint(8, page.flag.height() // 2))  # on the box, not past the text
    assert page.flag.isChecked()
    assert window.session.answers["adm.risk-analysis"].flagged
    page.note.setFocus()
    qtbot.keyClicks(page.note, "Ask Dr. Raman <today> & tomorrow")
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # leaving saves the note
    assert page.qid == "adm.security-reminders"
    press(qtbot, Qt.Key.Key_1)
    press(qtbot, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # Back
    assert page.qid == "adm.risk-analysis"
    assert page.note.toPlainText() == "Ask Dr. Raman <today> & tomorrow"
    qtbot.mouseClick(page.next_unanswered, Qt.MouseButton.LeftButton)
    assert page.qid == "adm.website-privacy"
    press(qtbot, Qt.Key.Key_1)
    session = window.session
    assert navigation.progress(session.questionnaire, session.answers).complete
    qtbot.mouseClick(page.next_flagged, Qt.MouseButton.LeftButton)
    assert page.qid == "adm.risk-analysis"
    assert all(done == "✔" for _, _, done in window.nav.section_titles())

    # Risks: the gap became a draft; confirm it.
    click_nav(qtbot, window, "Risks")
    risks = window.pages["risks"]
    assert isinstance(risks, RiskPage)
    assert risks.proxy.rowCount() >= 1
    risks.view.setCurrentIndex(risks.proxy.index(0, 1))
    chosen = risks.current()
    assert chosen is not None
    qtbot.mouseClick(risks.confirm_button, Qt.MouseButton.LeftButton)
    assert session.risk(chosen.id).status is RiskStatus.CONFIRMED  # type: ignore[union-attr]
    risks.impact.setCurrentIndex(4)
    risks.impact.activated.emit(4)
    assert session.risk(chosen.id).rated_impact == 5  # type: ignore[union-attr]
    item = risks.site_list.item(0)
    rect = risks.site_list.visualItemRect(item)
    qtbot.mouseClick(risks.site_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.left() + rect.height() // 2, rect.center().y()))
    assert session.sites[0].id in session.risk(chosen.id).site_ids  # type: ignore[union-attr]

    # The plan: confirming suggested a step; add one of our own.
    click_nav(qtbot, window, "Remediation plan")
    plan = window.pages["remediation"]
    assert isinstance(plan, RemediationPage)
    suggested = len(session.remediation)
    assert suggested >= 1
    type_in_new_row(qtbot, plan, "Book a yearly review")
    assert len(session.remediation) == suggested + 1
    ours = session.remediation[-1]
    index = plan.model.index(plan.model.row_of(ours.id), 4)
    assert plan.model.setData(index, RemediationStatus.IN_PROGRESS.value)
    assert session.remediation[-1].status is RemediationStatus.IN_PROGRESS

    # Close (no "save?" question), reopen, and find everything.
    window.close()
    assert dialogs.asked == [] and dialogs.errors == []
    again: MainWindow = make_window()
    assert again.reopen_last()
    s = again.session
    assert s is not None and s.path == path
    assert s.practice.name == "Sunrise Clinic"
    assert s.practice.security_official == "Dana Whitfield"
    assert [x.name for x in s.sites] == ["Main clinic"]
    assert [x.name for x in s.assets] == ["Front desk PC"]
    assert [x.name for x in s.vendors] == ["ClearChart EHR"]
    assert {q: a.choice for q, a in s.answers.items()} == {
        "profile.telehealth": "no", "profile.website": "yes", "adm.risk-analysis": "no",
        "adm.security-reminders": "yes", "adm.website-privacy": "yes"}
    assert s.answers["adm.risk-analysis"].flagged
    assert s.answers["adm.risk-analysis"].note == "Ask Dr. Raman <today> & tomorrow"
    assert (s.risk(chosen.id).status, s.risk(chosen.id).rated_impact) == (  # type: ignore[union-attr]
        RiskStatus.CONFIRMED, 5)
    assert s.remediation[-1].action == "Book a yearly review"
    assert s.remediation[-1].status is RemediationStatus.IN_PROGRESS
    assert "Telehealth" not in nav_titles(again)
