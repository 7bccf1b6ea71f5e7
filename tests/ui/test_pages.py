"""The page registry: a page is added in one place, built when first shown, and refreshed
only when something it shows has changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from riskwizard.domain.changes import Changes, Kind
from riskwizard.domain.model import Vendor
from riskwizard.ui import pages
from riskwizard.ui.context import Context
from riskwizard.ui.dashboard_page import DashboardPage
from riskwizard.ui.main_window import MainWindow
from riskwizard.ui.pages import Page, PageSpec, ToModule, ToPage, ToQuestion
from riskwizard.ui.question_page import QuestionPage


class ScratchPage(Page, QLabel):
    """A throwaway page that lists the vendors' names."""

    shows = (Kind.VENDORS,)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.seen: list[Changes] = []

    def refresh(self, changes: Changes) -> None:
        self.seen.append(changes)
        self.setText(", ".join(v.name for v in self.ctx.session.vendors))


SCRATCH = PageSpec("scratch", "Scratch pad", 65, f"{__name__}:ScratchPage", group="results")


def test_a_page_is_added_in_one_place(qtbot: QtBot, make_window: Any,
                                      sample_file: Path) -> None:
    with pages.registered(SCRATCH):
        window: MainWindow = make_window()
        assert window.open_path(sample_file)
    # Listed under its heading, between the risks and the plan.
    item = window.nav.item_for(ToPage("scratch"))
    assert item is not None and item.text(0) == "Scratch pad"
    heading = item.parent()
    assert heading is not None and heading.text(0) == "Results"
    assert [heading.child(i).text(0) for i in range(heading.childCount())] == [
        "Risks", "Scratch pad", "Remediation plan"]
    # In the Go menu, in order, the shortcuts after it moved up by one.
    go = {a.text(): a.shortcut().toString() for a in window.menus.go}
    assert go["Scratch pad"] == "Ctrl+7"
    assert go["Remediation plan"] == "Ctrl+8"
    # Built only when first shown, by its shortcut.
    assert "scratch" not in window.pages
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    page = window.pages["scratch"]
    assert isinstance(page, ScratchPage)
    assert window.page_stack.currentWidget() is page
    assert page.refreshes == 1 and page.seen[0].switched
    # Told of a change it shows; not of one it doesn't.
    ctx, s = window.ctx, window.session
    assert ctx is not None and s is not None
    ctx.attempt(lambda: s.set_answer("adm.risk-analysis", choice="yes"))
    assert not page.stale
    ctx.attempt(lambda: s.add(Vendor("Acme Billing")))
    assert page.stale
    window.show_page("scratch")
    assert page.refreshes == 2 and page.seen[-1].touches(Kind.VENDORS)
    assert "Acme Billing" in page.text()
    window.show_page("scratch")
    assert page.refreshes == 2 and not page.stale
    # Gone again with the registration.
    assert pages.ordered()[-1].key == "remediation"


def test_answering_marks_what_shows_answers_and_risks(qtbot: QtBot, window: MainWindow,
                                                      sample_file: Path) -> None:
    assert window.open_path(sample_file)
    for key in ("assets", "risks", "remediation", "dashboard"):
        window.show_page(key)
    assert not any(p.stale for p in window.pages.values())
    window.show_question("adm.security-reminders")
    page = window.pages["questions"]
    assert isinstance(page, QuestionPage) and page.qid == "adm.security-reminders"
    assert window.ctx is not None
    with qtbot.waitSignal(window.ctx.changed) as blocker:
        button = page.options.buttons()[0]
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_3)  # "No": a gap
    changes = blocker.args[0] if blocker.args else None
    assert isinstance(changes, Changes) and changes.touches(Kind.RISKS)
    QApplication.sendPostedEvents(None, 0)
    stale = {key for key, p in window.pages.items() if p.stale}
    assert {"risks", "dashboard", "remediation"} <= stale
    assert "assets" not in stale
    risks = window.pages["risks"]
    before = risks.refreshes
    window.show_page("risks")
    assert risks.refreshes == before + 1 and not risks.stale


def test_the_dashboard_leads_by_typed_targets(qtbot: QtBot, window: MainWindow,
                                              sample_file: Path) -> None:
    assert window.open_path(sample_file)
    dashboard = window.pages["dashboard"]
    assert isinstance(dashboard, DashboardPage)
    dashboard.go.emit(ToPage("assets"))
    assert window.page_stack.currentWidget() is window.pages["assets"]
    dashboard.go.emit(ToModule("telehealth"))
    page = window.pages["questions"]
    assert isinstance(page, QuestionPage) and page.module_id == "telehealth"
    dashboard.go.emit(ToQuestion("adm.risk-analysis"))
    assert page.qid == "adm.risk-analysis"
    assert window.nav.currentItem() is window.nav.item_for(ToModule("administrative"))
