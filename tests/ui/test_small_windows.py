"""Small windows and empty practices: the question wraps instead of scrolling sideways, tables
size their columns, section names show in full, and empty lists say what will appear."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from riskwizard.domain.model import Practice
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.session import Session
from riskwizard.ui.main_window import MainWindow
from riskwizard.ui.pages import ToModule
from riskwizard.ui.question_page import QuestionPage
from riskwizard.ui.remediation_page import RemediationPage
from riskwizard.ui.risk_page import RiskPage


def settle(qtbot: QtBot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(20)


def longest_options_question(questionnaire: Questionnaire) -> str:
    return max(questionnaire.questions(),
               key=lambda q: max((len(o.label) for o in q.options), default=0)).id


def right_edge(widget: QWidget, ancestor: QWidget) -> int:
    return widget.mapTo(ancestor, QPoint(widget.width(), 0)).x()


@pytest.mark.parametrize("size", [(900, 600), (1024, 640), (1280, 800)])
def test_the_question_never_scrolls_sideways(qtbot: QtBot, make_window: Any,
                                             demo_file: Path, questionnaire: Questionnaire,
                                             size: tuple[int, int]) -> None:
    window: MainWindow = make_window(questionnaire)
    window.resize(*size)
    assert window.open_path(demo_file)
    for qid in (longest_options_question(questionnaire),
                next(q.id for q in questionnaire.questions() if q.addressable)):
        window.show_question(qid)
        page = window.pages["questions"]
        assert isinstance(page, QuestionPage)
        settle(qtbot)
        viewport = page.question_scroll.viewport()
        body = page.question_scroll.widget()
        assert page.question_scroll.horizontalScrollBar().maximum() == 0
        assert body.width() <= viewport.width()
        for button in [*page.options.buttons(), page.flag, page.next, page.next_flagged,
                       *(page.decision_buttons.values() if page.decision_box.isVisible()
                         else [])]:
            assert button.isVisible()
            # Back and Next sit below the question, outside its scroll area.
            room = page.question_pane if button in (page.next, page.next_flagged) \
                else viewport
            assert right_edge(button, room) <= room.width(), button.text()
            assert button.x() >= 0
        # Every answer's words are on screen: wrapped, not cut.
        for button in page.options.buttons():
            assert button.text().replace("\n", " ") == button.accessibleName().replace(
                "&", "&&") or button.accessibleName() in button.text().replace("\n", " ")
            assert button.height() >= button.heightForWidth(button.width()) - 1
    # Answering at this size still works with the keyboard.
    page.options.buttons()[0].setFocus()
    qtbot.keyClick(window, Qt.Key.Key_1)
    assert window.session is not None


def test_guidance_goes_below_the_question_when_narrow(qtbot: QtBot, make_window: Any,
                                                      demo_file: Path,
                                                      questionnaire: Questionnaire) -> None:
    window: MainWindow = make_window(questionnaire)
    window.resize(1024, 640)
    assert window.open_path(demo_file)
    window.show_question(longest_options_question(questionnaire))
    page = window.pages["questions"]
    assert isinstance(page, QuestionPage)
    settle(qtbot)
    assert page.content.orientation() == Qt.Orientation.Vertical
    window.resize(1600, 900)
    settle(qtbot)
    assert page.content.orientation() == Qt.Orientation.Horizontal


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_section_names_show_in_full(qtbot: QtBot, make_window: Any, demo_file: Path,
                                    questionnaire: Questionnaire,
                                    size: tuple[int, int]) -> None:
    window: MainWindow = make_window(questionnaire)
    window.resize(*size)
    assert window.open_path(demo_file)
    settle(qtbot)
    nav = window.nav
    for module_id, title, _ in window.nav.section_titles():
        item = window.nav.item_for(ToModule(module_id))
        assert item is not None
        assert item.toolTip(0).startswith(title)
        room = nav.columnWidth(0) - nav.indentation() - 8
        rect = nav.visualItemRect(item)
        lines = rect.height() // nav.fontMetrics().lineSpacing()
        assert nav.fontMetrics().horizontalAdvance(title) <= room * max(lines, 1), title


def test_remediation_table_stretches_the_action_and_scrolls_only_itself(
        qtbot: QtBot, make_window: Any, demo_file: Path, questionnaire: Questionnaire) -> None:
    window: MainWindow = make_window(questionnaire)
    window.resize(800, 600)
    assert window.open_path(demo_file)
    page = window.show_page("remediation")
    assert isinstance(page, RemediationPage)
    settle(qtbot)
    header = page.view.horizontalHeader()
    em = page.fontMetrics().horizontalAdvance("M")
    assert header.sectionSize(0) >= 12 * em  # the action keeps room for its words
    assert page.view.horizontalScrollBar().maximum() > 0  # the table scrolls, not the page
    assert page.width() <= window.page_stack.width()
    # Wider: the action column takes the room the others leave.
    window.resize(1600, 900)
    settle(qtbot)
    others = sum(header.sectionSize(i) for i in range(1, header.count()))
    assert header.sectionSize(0) + others == page.view.viewport().width()
    assert header.sectionSize(0) > 30 * em  # the action, not the last column, grew
    assert header.sectionSize(header.count() - 1) <= 12 * em
    assert page.view.horizontalScrollBar().maximum() == 0
    assert page.view.textElideMode() == Qt.TextElideMode.ElideRight


@pytest.fixture
def new_practice(tmp_path: Path, sample_questionnaire: Questionnaire) -> Path:
    path = tmp_path / "new.riskwizard"
    Session.create(path, Practice("New Clinic"), sample_questionnaire).close()
    return path


def test_empty_risks_and_plan_say_so(qtbot: QtBot, window: MainWindow, new_practice: Path) -> None:
    assert window.open_path(new_practice)
    risks = window.show_page("risks")
    assert isinstance(risks, RiskPage)
    # A new practice already has a register: the threats every practice faces, unrated by
    # any answer yet. The plan is empty until an answer shows a gap.
    assert risks.view.isVisible() and not risks.empty_label.isVisible()
    assert risks.proxy.rowCount() > 0
    plan = window.show_page("remediation")
    assert isinstance(plan, RemediationPage)
    assert plan.empty_label.isVisible() and not plan.view.isVisible()
    assert plan.empty_label.text().startswith("Nothing in the plan yet")
    assert not plan.count_label.isVisible()

    # Dismissing every open risk: the list is empty under "Open risks", and the panel says why.
    window.show_page("risks")
    while risks.proxy.rowCount():
        risks.view.setCurrentIndex(risks.proxy.index(0, 1))
        qtbot.mouseClick(risks.dismiss_button, Qt.MouseButton.LeftButton)
    assert risks.view.isVisible()
    assert "All risks" in risks.d_title.text()

    # Adding an item to the plan shows the table, ready to type in.
    window.show_page("remediation")
    qtbot.mouseClick(plan.add_button, Qt.MouseButton.LeftButton)
    assert plan.view.isVisible() and plan.count_label.isVisible()
    assert plan.count_label.text() == "1 item"
