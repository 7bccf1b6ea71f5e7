"""The side bar takes under a third of a small window and shows every section's name whole:
a name too long for it wraps onto a second line instead of being cut after the first."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QTreeWidgetItemIterator
from pytestqt.qtbot import QtBot

from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.store import write_new_file
from riskwizard.ui.main_window import SIDE_BAR_SHARE, MainWindow


@pytest.mark.qt_log_ignore("propagateSizeHints")
@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(width=st.integers(900, 1600))
def test_every_section_name_shows_whole(qtbot: QtBot, make_window: Any,
                                        questionnaire: Questionnaire, demo_data: Any,
                                        tmp_path_factory: pytest.TempPathFactory,
                                        width: int) -> None:
    path = tmp_path_factory.mktemp("side") / "demo.riskwizard"
    write_new_file(path, demo_data)
    window: MainWindow = make_window(questionnaire)
    window.resize(width, 700)
    assert window.open_path(path)
    for _ in range(3):
        QApplication.processEvents()
    nav = window.nav
    assert window.side_bar.width() <= SIDE_BAR_SHARE * window.width() + 8
    column = nav.header().sectionSize(0)
    metrics = nav.fontMetrics()
    # the text's margins in a cell, as Qt's item views take them
    margins = 2 * (nav.style().pixelMetric(nav.style().PixelMetric.PM_FocusFrameHMargin,
                                           None, nav) + 1)
    cut = []
    it = QTreeWidgetItemIterator(nav)
    while it.value() is not None:
        item = it.value()
        indent = nav.indentation() if item.parent() is not None else 0
        room = column - indent - margins
        need = metrics.boundingRect(QRect(0, 0, room, 10_000),
                                    int(Qt.TextFlag.TextWordWrap), item.text(0)).height()
        shown = nav.visualItemRect(item).height()
        if shown < need:
            cut.append(f"{item.text(0)!r}: {shown}px tall, needs {need}px")
        it += 1
    assert not cut, "\n".join(cut)
