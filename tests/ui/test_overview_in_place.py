"""Issue 15, page switch: the overview is updated in place, only where the last actions
changed something, and showing it when it is up to date does nothing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from riskwizard.domain import navigation
from riskwizard.domain.risk import default_matrix
from riskwizard.ui.dashboard_page import DashboardPage
from riskwizard.ui.main_window import MainWindow
from riskwizard.ui.question_page import QuestionPage


def overview(window: MainWindow) -> DashboardPage:
    page = window.show_page("dashboard")
    assert isinstance(page, DashboardPage)
    return page


def section_rows(page: DashboardPage) -> list[str]:
    return [page.progress_list.item(r).text() for r in range(page.progress_list.count())]


def click_answer(qtbot: QtBot, page: QuestionPage, index: int) -> None:
    """Click an answer's circle with the mouse, as a person does."""
    button = page.options.buttons()[index]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    QApplication.sendPostedEvents(None, 0)


def test_an_answer_clicked_shows_in_the_overview_in_the_same_widgets(
        qtbot: QtBot, window: MainWindow, sample_file: Path) -> None:
    assert window.open_path(sample_file)
    page = overview(window)
    session = window.session
    assert session is not None
    rows = [page.progress_list.item(r) for r in range(page.progress_list.count())]
    chips = dict(page.level_chips)
    subtitle = page.subtitle.text()

    module = next(m for m in navigation.visible_modules(session.questionnaire, session.answers)
                  if navigation.progress(session.questionnaire, session.answers, m).answered
                  < navigation.progress(session.questionnaire, session.answers, m).total)
    question = next(q for q in navigation.visible_questions(
        session.questionnaire, session.answers, module) if q.id not in session.answers)
    window.show_question(question.id)
    questions = window.pages["questions"]
    assert isinstance(questions, QuestionPage)
    click_answer(qtbot, questions, 0)
    assert session.answers[question.id].choice == question.options[0].value

    assert overview(window) is page
    # The new counts are shown...
    total = navigation.progress(session.questionnaire, session.answers)
    assert f"{total.answered} of {total.total}" in page.subtitle.text()
    assert page.subtitle.text() != subtitle
    done = navigation.progress(session.questionnaire, session.answers, module)
    assert any(f"{module.title}: {done.answered} of {done.total}" in text
               for text in section_rows(page))
    matrix = default_matrix()
    live = session.live_risks()
    at = Counter(matrix.level(r.rated_likelihood, r.rated_impact).id for r in live)
    assert {lv.id: page.level_chips[lv.id].text() for lv in matrix.levels} == {
        lv.id: f"{lv.name}: {at[lv.id]}" for lv in matrix.levels}
    # ...in the widgets that were there: nothing was made again.
    assert [page.progress_list.item(r) for r in range(page.progress_list.count())] == rows
    assert page.level_chips == chips
    assert all(not chip.isHidden() for chip in chips.values())


def test_sections_hidden_and_shown_again_by_an_answer_are_listed(
        window: MainWindow, sample_file: Path) -> None:
    assert window.open_path(sample_file)
    page = overview(window)
    session, ctx = window.session, window.ctx
    assert session is not None and ctx is not None
    assert any("Telehealth" in text for text in section_rows(page))
    ctx.changed.emit(session.set_answer("profile.telehealth", choice="no"))
    assert overview(window) is page
    assert not any("Telehealth" in text for text in section_rows(page))
    ctx.changed.emit(session.set_answer("profile.telehealth", choice="yes"))
    overview(window)
    visible = navigation.visible_modules(session.questionnaire, session.answers)
    assert [text.split(":")[0][3:] for text in section_rows(page)] == [m.title for m in visible]


def test_an_overview_up_to_date_is_not_read_again(window: MainWindow,
                                                  sample_file: Path) -> None:
    assert window.open_path(sample_file)
    page = overview(window)
    read = page.refreshes
    for key in ("practice", "dashboard", "questions", "dashboard"):
        window.show_page(key)
    assert page.refreshes == read
    # A change it shows: read again once, when next shown.
    session, ctx = window.session, window.ctx
    assert session is not None and ctx is not None
    window.show_page("practice")
    ctx.changed.emit(session.set_answer("adm.risk-analysis", choice="yes"))
    assert page.refreshes == read
    overview(window)
    overview(window)
    assert page.refreshes == read + 1


def test_what_an_answer_does_not_touch_is_left_alone(window: MainWindow,
                                                     sample_file: Path) -> None:
    """A change to the practice's name reads the title again, not the sections."""
    import dataclasses

    assert window.open_path(sample_file)
    page = overview(window)
    session, ctx = window.session, window.ctx
    assert session is not None and ctx is not None
    window.show_page("practice")
    page.progress_list.item(0).setText("left as it was")
    ctx.attempt(lambda: session.save_practice(dataclasses.replace(session.practice,
                                                                  name="Renamed Clinic")))
    overview(window)
    assert page.title.text() == "Renamed Clinic"
    assert page.progress_list.item(0).text() == "left as it was"
