"""Year over year in the window: switching assessments, "Last time", "Since last time"."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from riskwizard.domain.comparison import compare
from riskwizard.domain.demo import build_demo
from riskwizard.domain.model import Practice, PracticeData
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.session import Session
from riskwizard.store import open_practice_file, write_new_file
from riskwizard.ui.changes_dialog import ChangesDialog
from riskwizard.ui.dashboard_page import DashboardPage
from riskwizard.ui.main_window import MainWindow
from riskwizard.ui.question_page import QuestionPage

pytestmark = pytest.mark.slow  # the large, five-year demo

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def large_demo(questionnaire: Questionnaire) -> PracticeData:
    return build_demo(questionnaire, "large", TODAY)


@pytest.fixture
def large_file(tmp_path: Path, large_demo: PracticeData) -> Path:
    path = tmp_path / "large.riskwizard"
    write_new_file(path, large_demo)
    return path


@pytest.fixture
def large_window(make_window: Any, questionnaire: Questionnaire,
                 large_file: Path) -> MainWindow:
    window: MainWindow = make_window(questionnaire)
    assert window.open_path(large_file)
    return window


def combo_titles(window: MainWindow) -> list[str]:
    box = window.assessment_box
    return [box.itemText(i) for i in range(box.count())]


def dashboard(window: MainWindow) -> DashboardPage:
    page = window.pages["dashboard"]
    assert isinstance(page, DashboardPage)
    return page


def questions(window: MainWindow) -> QuestionPage:
    page = window.pages["questions"]
    assert isinstance(page, QuestionPage)
    return page


def click_option(qtbot: QtBot, page: QuestionPage, button: QAbstractButton) -> None:
    """Click a radio button on its circle (its middle may be past the end of its text)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def since_numbers(page: DashboardPage) -> tuple[int, int, int]:
    text = page.since_text.accessibleName()
    m = re.match(r"(\d+) gaps? closed, (\d+) new gaps?, (\d+) still open\.", text)
    assert m, text
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def test_switch_assessment_from_the_combo_box(qtbot: QtBot, large_window: MainWindow,
                                              large_file: Path,
                                              large_demo: PracticeData) -> None:
    window = large_window
    years = [f"{y} security risk analysis" for y in range(2026, 2021, -1)]
    assert combo_titles(window) == years
    assert window.assessment_box.currentText() == years[0]
    assert window.session is not None and window.session.assessment.id == 5

    # Down on the closed combo box picks the next (older) assessment, as a person would.
    window.assessment_box.setFocus()
    qtbot.keyClick(window.assessment_box, Qt.Key.Key_Down)
    assert window.session.assessment.id == 4
    page = dashboard(window)
    assert window.page_stack.currentWidget() is page
    assert page.subtitle.text().startswith("2025 security risk analysis")
    assert page.since_box.isVisibleTo(page)  # 2025 has 2024 before it
    assert "2024 security risk analysis" in page.since_text.text()

    # An older assessment is read-write: a changed answer lands in that assessment.
    window.show_question("adm.risk-analysis")
    qp = questions(window)
    target = next(b for b in qp.options.buttons() if not b.isChecked())
    click_option(qtbot, qp, target)
    option = qp.questionnaire.question("adm.risk-analysis").option(
        window.session.answers["adm.risk-analysis"].choice)
    assert option is not None and option.label == target.accessibleName()
    window.close_practice()
    with open_practice_file(large_file) as pf:
        assert pf.answers(4)["adm.risk-analysis"].choice == option.value
        assert pf.answers(5)["adm.risk-analysis"].choice == \
            large_demo.answers_for(5)["adm.risk-analysis"].choice


def test_section_tree_and_pages_follow_the_switch(qtbot: QtBot, large_window: MainWindow) -> None:
    window = large_window
    window.show_module("administrative")
    qp = questions(window)
    assert qp.module_id == "administrative"
    window.assessment_box.setFocus()
    for _ in range(4):  # to the oldest: 2022
        qtbot.keyClick(window.assessment_box, Qt.Key.Key_Down)
    assert window.session is not None and window.session.assessment.id == 1
    assert window.assessment_box.currentText() == "2022 security risk analysis"
    # still in the same section, now showing the 2022 answers
    assert window.page_stack.currentWidget() is qp and qp.module_id == "administrative"
    assert qp.qid is not None
    chosen = qp.options.checkedButton()
    answer = window.session.answers[qp.qid]
    assert chosen is not None and qp.questionnaire.question(qp.qid).option(
        answer.choice).label == chosen.accessibleName()  # type: ignore[union-attr]
    assert not qp.last_time.isVisibleTo(qp)  # the first assessment has nothing before it
    window.show_page("dashboard")
    assert not dashboard(window).since_box.isVisibleTo(dashboard(window))
    practice = window.show_page("practice")
    assert "2022 security risk analysis" in practice.assessment_label.text()  # type: ignore[union-attr]


def test_question_page_shows_last_times_answer(large_window: MainWindow,
                                               large_demo: PracticeData,
                                               questionnaire: Questionnaire) -> None:
    window = large_window
    c = compare(questionnaire, large_demo.answers_for(4), large_demo.answers_for(5))
    closed = c.closed[0]
    window.show_question(closed.question.id)
    qp = questions(window)
    assert qp.last_time.isVisibleTo(qp)
    assert qp.last_time.text() == f"Last time: {closed.before_text}"
    assert closed.before_text != closed.after_text
    checked = qp.options.checkedButton()
    assert checked is not None and checked.accessibleName() == closed.after_text
    assert "2025 security risk analysis" in qp.last_time.toolTip()
    same = c.still_open[0]
    window.show_question(same.question.id)
    assert qp.last_time.text() == f"Last time: {same.before_text}"


def test_dashboard_block_matches_the_comparison_and_leads_to_a_question(
        qtbot: QtBot, large_window: MainWindow, large_demo: PracticeData,
        questionnaire: Questionnaire) -> None:
    window = large_window
    page = dashboard(window)
    c = compare(questionnaire, large_demo.answers_for(4), large_demo.answers_for(5))
    assert page.since_box.isVisibleTo(page)
    assert since_numbers(page) == (len(c.closed), len(c.new_gaps), len(c.still_open))
    assert f"{len(c.changed)} answers changed" in page.since_text.accessibleName()

    qtbot.mouseClick(page.since_button, Qt.MouseButton.LeftButton)
    dialog = page.changes_dialog
    assert isinstance(dialog, ChangesDialog)
    qtbot.waitExposed(dialog)
    assert [i.data(0, Qt.ItemDataRole.UserRole) for i in dialog.items("Gaps closed")] == \
        [x.question.id for x in c.closed]
    assert len(dialog.items("New gaps")) == len(c.new_gaps)
    assert len(dialog.items("Still open")) == len(c.still_open)
    first_new = dialog.items("New gaps")[0]
    assert first_new.text(1) == questionnaire.module(c.new_gaps[0].question.module_id).title
    assert first_new.text(2) == f"{c.new_gaps[0].before_text} → {c.new_gaps[0].after_text}"

    # Pick a new gap with the keyboard and open it.
    dialog.tree.setFocus()
    dialog.tree.setCurrentItem(first_new)
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qp = questions(window)
    assert window.page_stack.currentWidget() is qp
    assert qp.qid == c.new_gaps[0].question.id
    assert qp.last_time.text() == f"Last time: {c.new_gaps[0].before_text}"


def test_the_chosen_assessment_is_remembered_per_file(
        qtbot: QtBot, make_window: Any, questionnaire: Questionnaire, large_file: Path) -> None:
    window: MainWindow = make_window(questionnaire)
    window.open_path(large_file)
    window.switch_assessment(3)
    window.close()
    again: MainWindow = make_window(questionnaire)
    assert again.reopen_last()
    assert again.session is not None and again.session.assessment.id == 3
    assert again.assessment_box.currentText() == "2024 security risk analysis"


def test_since_last_time_follows_answers_in_next_years_assessment(
        qtbot: QtBot, window: MainWindow, tmp_path: Path,
        sample_questionnaire: Questionnaire) -> None:
    path = tmp_path / "sample.riskwizard"
    s = Session.create(path, Practice("Sample Clinic"), sample_questionnaire)
    s.set_answer("profile.telehealth", choice="no")
    s.set_answer("profile.website", choice="no")
    s.set_answer("adm.risk-analysis", choice="no")
    s.set_answer("adm.security-reminders", choice="partly")
    s.close()
    window.open_path(path)
    page = dashboard(window)
    assert combo_titles(window) == ["2026 security risk analysis"]
    assert not page.since_box.isVisibleTo(page)

    window.next_year_action.trigger()
    assert combo_titles(window) == ["2027 security risk analysis",
                                    "2026 security risk analysis"]
    assert window.page_stack.currentWidget() is page
    assert page.since_box.isVisibleTo(page)
    assert since_numbers(page) == (0, 0, 2)

    window.show_question("adm.risk-analysis")
    qp = questions(window)
    assert qp.last_time.text() == "Last time: No"
    yes = next(b for b in qp.options.buttons() if b.accessibleName() == "Yes")
    click_option(qtbot, qp, yes)
    window.show_page("dashboard")
    assert since_numbers(page) == (1, 0, 1)
    assert "1 answer changed" in page.since_text.accessibleName()
    QApplication.processEvents()


def test_next_year_follows_the_latest_assessment_when_an_older_one_is_open(
        qtbot: QtBot, large_window: MainWindow, dialogs: Any) -> None:
    window = large_window
    window.assessment_box.setFocus()
    for _ in range(2):  # to 2024
        qtbot.keyClick(window.assessment_box, Qt.Key.Key_Down)
    assert window.assessment_box.currentText() == "2024 security risk analysis"
    assert window.session is not None
    latest_answers = {q: a.choice for q, a in window.session.pf.answers(5).items()}
    window.next_year_action.trigger()
    assert "2027 assessment" in dialogs.asked[-1]
    assert "“2026 security risk analysis”" in dialogs.asked[-1]
    assert combo_titles(window)[:2] == ["2027 security risk analysis",
                                        "2026 security risk analysis"]
    assert window.assessment_box.currentText() == "2027 security risk analysis"
    assert {q: a.choice for q, a in window.session.answers.items()} == latest_answers
    assert window.session.previous is not None and window.session.previous.id == 5
    titles = combo_titles(window)
    assert len(titles) == len(set(titles)) == 6


def test_next_year_is_refused_in_one_message_when_that_year_exists(
        qtbot: QtBot, window: MainWindow, dialogs: Any, tmp_path: Path,
        sample_questionnaire: Questionnaire) -> None:
    from riskwizard.domain.model import Assessment
    from riskwizard.store import create_practice_file

    path = tmp_path / "imported.riskwizard"
    pf = create_practice_file(path, Practice("Imported Clinic"))
    pf.add(Assessment("2026 security risk analysis", date(2026, 1, 1), date(2026, 12, 31)))
    pf.add(Assessment("Imported", started_on=date(2027, 2, 1)))  # latest, with no period
    pf.close()
    assert window.open_path(path)
    window.next_year_action.trigger()
    assert dialogs.asked == []  # refused before asking
    assert len(dialogs.infos) == 1
    title, text, details = dialogs.infos[0]
    assert text.startswith("“2026 security risk analysis” is already in this file")
    assert "\n" not in text and details == ""
    assert window.session is not None and len(window.session.assessments) == 2
    assert len(combo_titles(window)) == 2
