"""A date in a table is shown whole, whatever it is and whether or not it is overdue (the
plan's overdue dates were cut to "Nov 20, 20…" in their bold red cells)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from riskwizard.domain import columns
from riskwizard.domain.model import PracticeData
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.store import write_new_file
from riskwizard.ui.main_window import MainWindow

PAGES: dict[str, list[Any]] = {"remediation": columns.PLAN_COLUMNS,
                               "vendors": columns.VENDOR_COLUMNS, "assets": columns.ASSET_COLUMNS}


def date_headers(cols: list[Any]) -> set[str]:
    return {c.header for c in cols if c.kind is columns.Kind.DATE and c.in_window}


def cut_dates(view: QTableView, headers: set[str]) -> list[str]:
    model, header = view.model(), view.horizontalHeader()
    pad = 2 * view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin) + 8
    out = []
    for column in range(header.count()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        if title not in headers or header.isSectionHidden(column):
            continue
        for row in range(model.rowCount()):
            index = model.index(row, column)
            text = str(model.data(index, Qt.ItemDataRole.DisplayRole) or "")
            font = model.data(index, Qt.ItemDataRole.FontRole)
            metrics = QFontMetrics(font if isinstance(font, QFont) else view.font())
            if text and metrics.horizontalAdvance(text) + pad > header.sectionSize(column):
                out.append(f"{title}: “{text}” in {header.sectionSize(column)}px")
    return out


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offsets=st.lists(st.integers(-3000, 3000), min_size=1, max_size=6),
       day=st.dates(date(2001, 1, 1), date(2098, 12, 31)))
def test_every_date_cell_is_shown_whole(qtbot: QtBot, make_window: Any, demo_data: PracticeData,
                                        questionnaire: Questionnaire,
                                        tmp_path_factory: pytest.TempPathFactory,
                                        offsets: list[int], day: date) -> None:
    def moved(i: int) -> date:
        return day + timedelta(days=offsets[i % len(offsets)])

    data = dataclasses.replace(
        demo_data,
        remediation=[dataclasses.replace(item, due_date=moved(i))
                     for i, item in enumerate(demo_data.remediation)],
        vendors=[dataclasses.replace(v, baa_date=moved(i + 1), baa_expiry=moved(i + 2))
                 for i, v in enumerate(demo_data.vendors)])
    path = tmp_path_factory.mktemp("dates") / "d.riskwizard"
    write_new_file(path, data)
    window: MainWindow = make_window(questionnaire)
    window.resize(1366, 768)
    assert window.open_path(path)
    for key, cols in PAGES.items():
        page = window.show_page(key)
        qtbot.wait(10)
        view = page.findChild(QTableView) if page is not None else None
        assert view is not None, key
        assert not cut_dates(view, date_headers(cols)), key
    window.close_practice()
