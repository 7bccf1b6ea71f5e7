"""A table shown again shows its cells as they are now: the picture a table keeps of its
cells (``tables.RecordView``, to show a page again at once) is never shown after anything
that changes a pixel of them, whether it happened while the table was showing or hidden.

What the window shows is read from the screen (the offscreen platform's copy of the
window), and compared with the same table painted from its cells, without the picture."""

from __future__ import annotations

import dataclasses
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from riskwizard.domain.model import Asset
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.store import write_new_file
from riskwizard.ui import look
from riskwizard.ui.inventory_pages import AssetsPage
from riskwizard.ui.main_window import MainWindow
from riskwizard.ui.tables import RecordView


def on_screen(window: MainWindow, view: RecordView) -> QImage:
    """What the window shows now of the table's cells (its backing store, not a new
    paint). (Only the cells: the filter's clear button, say, fades in over a few frames.)"""
    screen = window.screen()
    assert screen is not None
    viewport = view.viewport()
    where = viewport.mapTo(window, viewport.rect().topLeft())
    return screen.grabWindow(window.winId(), where.x(), where.y(), viewport.width(),
                             viewport.height()).toImage()


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def painted_afresh(window: MainWindow, view: RecordView) -> QImage:
    """The window with the table painted from its cells."""
    view.keeps_picture = False
    try:
        view.viewport().repaint()
        settle()
        return on_screen(window, view)
    finally:
        view.keeps_picture = True


def assets_page(window: MainWindow) -> tuple[AssetsPage, RecordView]:
    page = window.show_page("assets")
    assert isinstance(page, AssetsPage) and isinstance(page.view, RecordView)
    return page, page.view


def opened(make_window: Any, questionnaire: Questionnaire, demo_file: Path) -> MainWindow:
    window: MainWindow = make_window(questionnaire)
    window.resize(900, 600)
    assert window.open_path(demo_file)
    settle()
    return window


def test_a_table_shown_again_unchanged_is_not_painted_again(
        qtbot: QtBot, make_window: Any, questionnaire: Questionnaire, demo_file: Path) -> None:
    window = opened(make_window, questionnaire, demo_file)
    page, view = assets_page(window)
    settle()
    assert view.pictures_taken >= 1

    def away_and_back(*others: str) -> None:
        taken = view.pictures_taken
        for other in others:
            window.show_page(other)
            settle()
            window.show_page("assets")
            settle()
        assert view.pictures_taken == taken
        assert on_screen(window, view) == painted_afresh(window, view)

    away_and_back("dashboard", "dashboard", "dashboard")
    # The same, sorted and with a row selected (the keyboard in the section list, where
    # it is when a person moves between pages).
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    view.selectRow(2)
    window.nav.setFocus()
    settle()
    away_and_back("vendors")


def test_a_change_no_one_announced_would_be_seen_by_this_test(
        qtbot: QtBot, make_window: Any, questionnaire: Questionnaire, demo_file: Path) -> None:
    """The comparison can fail: cells changed behind the model's back (no signal, which
    our models never do) leave the old picture on the screen."""
    window = opened(make_window, questionnaire, demo_file)
    page, view = assets_page(window)
    settle()
    window.show_page("dashboard")
    settle()
    page.model.forget()
    row = page.proxy.mapToSource(page.proxy.index(0, 0)).row()
    records = page.model.records()
    records[row] = dataclasses.replace(records[row], name="Changed behind the table's back")
    window.show_page("assets")
    settle()
    assert on_screen(window, view) != painted_afresh(window, view)


def test_a_row_renamed_while_hidden_is_shown_renamed(
        qtbot: QtBot, make_window: Any, questionnaire: Questionnaire, demo_file: Path) -> None:
    window = opened(make_window, questionnaire, demo_file)
    page, view = assets_page(window)
    session, ctx = window.session, window.ctx
    assert session is not None and ctx is not None
    settle()
    shown = page.model.record(page.proxy.mapToSource(page.proxy.index(0, 0)).row())
    window.show_page("dashboard")
    settle()
    ctx.attempt(lambda: session.update(shown, name=shown.name + " (renamed)"))
    window.show_page("assets")
    settle()
    assert page.proxy.index(0, 0).data() == shown.name + " (renamed)"
    assert on_screen(window, view) == painted_afresh(window, view)


STEPS = ["edit", "add", "delete", "sort", "filter", "select", "scroll", "scroll sideways",
         "column width", "resize", "focus", "palette", "nothing"]


@pytest.mark.qt_log_ignore("propagateSizeHints")
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(STEPS), st.booleans(), st.integers(0, 50)),
                      min_size=1, max_size=8))
def test_a_table_shown_again_shows_its_cells_as_they_are(
        qtbot: QtBot, qapp: QApplication, make_window: Any, questionnaire: Questionnaire,
        tmp_path_factory: pytest.TempPathFactory, demo_data: Any,
        steps: list[tuple[str, bool, int]]) -> None:
    """Each step done with the table showing, or while another page shows (then the
    table is shown again); after each, the screen is what painting the cells gives. (A
    record changed through the session while its page shows is read when the page is
    shown again, as the window does, so the page is shown again after every step.)"""
    path = tmp_path_factory.mktemp("picture") / "demo.riskwizard"
    write_new_file(path, demo_data)
    window = opened(make_window, questionnaire, path)
    page, view = assets_page(window)
    session, ctx = window.session, window.ctx
    assert session is not None and ctx is not None
    settle()
    try:
        for step, hidden, n in steps:
            if hidden:
                window.show_page("dashboard" if n % 2 else "vendors")
                settle()
            rows = view.model().rowCount()
            if step == "edit" and session.assets:
                asset = session.assets[n % len(session.assets)]
                ctx.attempt(partial(session.update, asset, name=f"Renamed {n}"))
            elif step == "add":
                ctx.attempt(partial(session.add, Asset(name=f"Added {n}")))
            elif step == "delete" and session.assets:
                ctx.attempt(partial(session.delete, session.assets[n % len(session.assets)]))
            elif step == "sort":
                view.sortByColumn(n % view.model().columnCount(),
                                  Qt.SortOrder(n % 2))
            elif step == "filter":
                page.filter.setText(["", "a", "server", "e", "zzz"][n % 5])
                page._apply_filter()
            elif step == "select" and rows:
                view.selectRow(n % rows)
            elif step == "scroll":
                bar = view.verticalScrollBar()
                bar.setValue(n * bar.maximum() // 50)
            elif step == "scroll sideways":
                bar = view.horizontalScrollBar()
                bar.setValue(n * bar.maximum() // 50)
            elif step == "column width":
                view.horizontalHeader().resizeSection(1 + n % 3, 40 + 4 * n)
            elif step == "resize":
                window.resize(800 + 10 * n, 520 + 5 * n)
            elif step == "focus":
                (view if n % 2 else page.filter).setFocus()
            elif step == "palette":
                qapp.setPalette(look.palette("dark" if n % 2 else "light"))
            settle()
            # (shown again; if it was showing, a change made elsewhere is read now)
            window.show_page("assets")
            settle()
            assert on_screen(window, view) == painted_afresh(window, view), (step, hidden, n)
    finally:
        qapp.setPalette(look.palette("light"))
