"""Every registered page, at the sizes office laptops and monitors have: no text elided or
clipped, no control out of view, no button below the fold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fitting import buttons_below_the_fold, problems
from PySide6.QtWidgets import QAbstractScrollArea, QApplication
from pytestqt.qtbot import QtBot

from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.ui import pages
from riskwizard.ui.main_window import MainWindow
from riskwizard.ui.question_page import QuestionPage

SIZES = [(1024, 640), (1366, 768), (1920, 1080)]


def settle(qtbot: QtBot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(10)


def scroll_to_top(window: MainWindow) -> None:
    for area in window.findChildren(QAbstractScrollArea):
        area.verticalScrollBar().setValue(0)
        area.horizontalScrollBar().setValue(0)




def longest_question(questionnaire: Questionnaire) -> str:
    return max(questionnaire.questions(),
               key=lambda q: len(q.text) + sum(len(o.label) for o in q.options)).id


def walk(window: MainWindow, qtbot: QtBot, questionnaire: Questionnaire,
         demo_file: Path) -> Iterator[str]:
    yield "start page"
    assert window.open_path(demo_file)
    for spec in pages.ordered():
        if spec.key == "questions":
            page = window.questions()
            assert isinstance(page, QuestionPage)
            addressable = next(q.id for q in questionnaire.questions()
                               if q.addressable and q.id in window.session.answers  # type: ignore[union-attr]
                               )
            for qid in (longest_question(questionnaire), addressable):
                window.show_question(qid)
                yield f"question {qid}"
        else:
            window.show_page(spec.key)
            yield spec.title


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_page_fits(qtbot: QtBot, make_window: Any, demo_file: Path,
                         questionnaire: Questionnaire, size: tuple[int, int]) -> None:
    window: MainWindow = make_window(questionnaire)
    window.resize(*size)
    found: list[str] = []
    for screen in walk(window, qtbot, questionnaire, demo_file):
        settle(qtbot)
        scroll_to_top(window)
        settle(qtbot)
        assert (window.width(), window.height()) == size, "the window refuses this size"
        found += [f"{screen}: {p}" for p in problems(window) + buttons_below_the_fold(window)]
    assert not found, "\n".join(found)


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
def test_the_glossary_is_searched_as_you_type(qtbot: QtBot, window: MainWindow,
                                              questionnaire: Questionnaire) -> None:
    """Issue 18: F1 showed a message box with everything behind "Show Details…"."""
    from riskwizard.ui.glossary import GlossaryDialog, matching

    win = MainWindow(questionnaire, window.settings, window.dialogs)
    qtbot.addWidget(win)
    win.menus.show_glossary()
    dialog = win.menus.glossary
    assert isinstance(dialog, GlossaryDialog) and dialog.isVisible()
    assert dialog.terms.count() == len(questionnaire.glossary) > 0
    term = sorted(questionnaire.glossary)[len(questionnaire.glossary) // 2]
    qtbot.keyClicks(dialog.search, term[:5])
    shown = [dialog.terms.item(r).text() for r in range(dialog.terms.count())]
    assert shown == matching(questionnaire.glossary, term[:5]) and term in shown
    dialog.show_term(term)
    assert dialog.terms.currentItem().text() == term
    assert questionnaire.glossary[term][:20] in dialog.meaning.toPlainText()
    dialog.search.setText("zzzz-no-such-word")
    assert dialog.terms.count() == 0 and "No word" in dialog.count.text()
    dialog.close()
