"""A date cell as a person types into it (the vendors' "BAA ends"): the cell is opened
with a double click, the date typed in any form people write (03/15/2026, 3/5/26,
Mar 15, 2026, 2026-03-15) and Enter pressed; the file then holds that date. A text that is
not a date is never saved; emptying the cell clears the date; the calendar works too."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from riskwizard.domain import columns
from riskwizard.domain.model import BaaStatus, Vendor
from riskwizard.ui.date_field import DateField
from riskwizard.ui.inventory_pages import VendorsPage
from riskwizard.ui.main_window import MainWindow

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FORMS = [lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
         lambda d: f"{d.month}/{d.day}/{d.year}",
         lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
         lambda d: d.isoformat()]


def _vendor_cell(window: MainWindow, sample_file: Path) -> tuple[VendorsPage, object]:
    if window.session is None:
        window.open_path(sample_file)
        assert window.session is not None
        window.session.add(Vendor("Shred-It Right", baa=BaaStatus.SIGNED))
    page = window.show_page("vendors")
    assert isinstance(page, VendorsPage)
    page.model.reload()
    column = [c.key for c in columns.VENDOR_COLUMNS].index("baa_expiry")
    row = next(r for r in range(page.model.rowCount())
               if page.model.index(r, 0).data() == "Shred-It Right")
    return page, page.proxy.mapFromSource(page.model.index(row, column))


def _type_into(qtbot: QtBot, page: VendorsPage, index: object, text: str) -> DateField:
    page.view.setCurrentIndex(QModelIndex())  # a fresh click on the cell, as a person
    page.view.clearSelection()  # coming back to it (no edit pending from the last one)
    page.view.scrollTo(index)  # type: ignore[arg-type]
    rect = page.view.visualRect(index)  # type: ignore[arg-type]
    # a click, then a double click, as a mouse gives them
    QTest.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, rect.center())
    QTest.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier, rect.center())
    editor = _open_editor(page)
    editor.selectAll()
    QTest.keyClick(editor, Qt.Key.Key_Backspace)  # what was there goes
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    return editor


def _open_editor(page: VendorsPage) -> DateField:
    """The date cell's editor now open (one closed earlier may wait to be deleted)."""
    shown = [e for e in page.view.viewport().findChildren(DateField) if e.isVisible()]
    assert len(shown) == 1
    return shown[0]


def _saved(window: MainWindow) -> date | None:
    assert window.session is not None
    found = {v.name: v for v in window.session.repo.records(Vendor)}  # read from the file
    return found["Shred-It Right"].baa_expiry


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(date(2000, 1, 2), date(2099, 12, 31)), form=st.sampled_from(FORMS))
def test_a_date_typed_as_people_write_it_is_saved(qtbot: QtBot, window: MainWindow,
                                                  sample_file: Path, day: date,
                                                  form: object) -> None:
    page, index = _vendor_cell(window, sample_file)
    _type_into(qtbot, page, index, form(day))  # type: ignore[operator]
    qtbot.waitUntil(lambda: _saved(window) == day, timeout=2000)


def test_not_a_date_is_never_saved_and_empty_clears(qtbot: QtBot, window: MainWindow,
                                                     sample_file: Path) -> None:
    page, index = _vendor_cell(window, sample_file)
    _type_into(qtbot, page, index, "03/15/2026")
    qtbot.waitUntil(lambda: _saved(window) == date(2026, 3, 15), timeout=2000)
    for wrong in ("15/03/2026", "Smarch 3, 2026", "soon"):
        editor = _type_into(qtbot, page, index, wrong)
        assert "is not a date like" in editor.toolTip()
        page.view.setFocus()  # leave the cell
        qtbot.wait(10)
        assert _saved(window) == date(2026, 3, 15)
    _type_into(qtbot, page, index, "")
    qtbot.waitUntil(lambda: _saved(window) is None, timeout=2000)


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise",
                           "does not support grabbing")  # the offscreen platform's popup
def test_the_calendar_picks_a_date(qtbot: QtBot, window: MainWindow,
                                   sample_file: Path) -> None:
    page, index = _vendor_cell(window, sample_file)
    _type_into(qtbot, page, index, "")
    idle = QAbstractItemView.State.NoState
    qtbot.waitUntil(lambda: _saved(window) is None and page.view.state() == idle,
                    timeout=2000)
    page.view.edit(index)  # type: ignore[arg-type]
    editor = _open_editor(page)
    editor.set_date(date(2026, 6, 1))
    editor.calendar_action.trigger()
    editor.calendar.setSelectedDate(editor.calendar.selectedDate().addDays(3))
    editor.calendar.clicked.emit(editor.calendar.selectedDate())
    assert editor.text() == "06/04/2026"
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _saved(window) == date(2026, 6, 4), timeout=2000)


