"""The window: a start page, or an open practice shown as a side bar beside a stack of pages.

The pages are those registered in ``pages``; each is built the first time it is shown, told
of every change, and refreshed when shown again after something it displays has changed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget

from riskwizard.ui import pages
from riskwizard.ui.dialogs import PRACTICE_FILTER, Dialogs
from riskwizard.ui.menus import Menus
from riskwizard.ui.pages import (
    Page,
    Target,
    ToDraftRisks,
    ToExport,
    ToModule,
    ToPage,
    ToQuestion,
)
from riskwizard.ui.settings import Settings, data_dir
from riskwizard.ui.start_page import StartPage

# The questionnaire, the side bar, the session, the store and the flows are loaded when a
# practice is first opened, after the window's first frame is painted: the first screen (the
# start page) does not need them. (Nor Qt's ``Qt`` namespace: making its ninety enums costs
# more than a tenth of a plain window's start.)
if TYPE_CHECKING:
    from PySide6.QtWidgets import QSplitter

    from riskwizard.domain.changes import Changes
    from riskwizard.domain.questionnaire import Questionnaire
    from riskwizard.session import Session
    from riskwizard.store.crypto import Secret
    from riskwizard.ui.context import Context
    from riskwizard.ui.question_page import QuestionPage
    from riskwizard.ui.section_list import AssessmentChooser, SectionList, SideBar
    from riskwizard.ui.worker import Task

DEMO_NAME = "Demo practice.riskwizard"
SIDE_BAR_SHARE = 0.3
"""The most of the window's width the side bar takes to show section names whole."""
HOME = ToPage("dashboard")


class MainWindow(QMainWindow):
    """The riskwizard window."""

    practice_opened = Signal(Path)
    """A practice file was opened."""
    practice_closed = Signal()
    """The open practice was closed."""

    def __init__(self, questionnaire: Questionnaire | Callable[[], Questionnaire],
                 settings: Settings | None = None, dialogs: Dialogs | None = None,
                 today: Callable[[], date] = date.today) -> None:
        """``questionnaire``: the questionnaire, or a function that loads it (called when a
        practice is first opened or the questionnaire is first asked for)."""
        super().__init__()
        self._questionnaire = questionnaire
        self.settings = settings or Settings()
        self.dialogs = dialogs or Dialogs()
        self.today = today
        self.session: Session | None = None
        self.ctx: Context | None = None
        self.specs = {spec.key: spec for spec in pages.ordered()}
        """The pages this window offers, in order (those registered when it was made)."""
        self.pages: dict[str, Page] = {}
        """The pages built so far, by key."""
        self._where: Target | None = None
        self._export_task: Task | None = None

        self.setWindowTitle("Risk Wizard")
        from riskwizard.ui.app import app_icon

        self.icon = app_icon()
        self.setWindowIcon(self.icon)
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.start = StartPage(self.icon, self)
        self.start.new_requested.connect(self.new_practice)
        self.start.open_requested.connect(self.open_dialog)
        self.start.demo_requested.connect(self.open_demo)
        self.start.recent_chosen.connect(self.open_path)
        self.stack.addWidget(self.start)
        self._workspace: _Workspace | None = None

        self.file_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.file_label)
        self.menus = Menus(self)
        self.export_action = self.menus.export
        self.next_year_action = self.menus.next_year
        self.close_action = self.menus.close
        self.menus.update(False)
        self.start.set_recent(self.settings.recent_files())
        geometry = self.settings.window_geometry()
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1280, 800)

    @property
    def questionnaire(self) -> Questionnaire:
        """The questionnaire (loaded the first time it is asked for)."""
        q = self._questionnaire
        if callable(q):
            q = self._questionnaire = q()
        return q

    # --- the frame of an open practice: the side bar beside the pages (made when first needed)

    def _parts(self) -> _Workspace:
        if self._workspace is None:
            self._workspace = _Workspace(self)
            self.stack.addWidget(self._workspace.splitter)
        return self._workspace

    @property
    def workspace(self) -> QSplitter:
        """The side bar and the pages, side by side."""
        return self._parts().splitter

    @property
    def side_bar(self) -> SideBar:
        return self._parts().side_bar

    @property
    def assessment_box(self) -> AssessmentChooser:
        return self._parts().side_bar.assessments

    @property
    def nav(self) -> SectionList:
        """The section list."""
        return self._parts().side_bar.sections

    @property
    def page_stack(self) -> QStackedWidget:
        return self._parts().page_stack

    # --- opening and closing

    def show_opening(self, path: Path) -> None:
        """The frame of an open practice, empty, while ``path`` opens (painted first)."""
        self.stack.setCurrentWidget(self.workspace)
        self.statusBar().showMessage(f"Opening {path.name}…")

    def show_start(self) -> None:
        """The start page (no practice open)."""
        self.stack.setCurrentWidget(self.start)
        self.statusBar().clearMessage()

    def open_dialog(self) -> None:
        last = self.settings.last_file()
        folder = last.parent if last is not None else None
        path = self.dialogs.open_path(self, "Open a practice file", PRACTICE_FILTER, folder)
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path, *, password: Secret | None = None) -> bool:
        """Open a practice file (``password``: given on the command line, else asked
        for if the file has one); on failure say why in one line and change nothing."""
        from riskwizard.store import StoreError

        path = Path(path)
        if self.session is not None and self.session.path.resolve() == path.resolve():
            return True
        try:
            session = self._open_session(path, password)
        except StoreError as exc:
            self.dialogs.error(self, "Could not open the file", str(exc))
            return False
        if session is None:
            return False
        self._adopt(session)
        return True

    def _open_session(self, path: Path, password: Secret | None = None) -> Session | None:
        """Open ``path``; a file protected with a password asks for it, one try each time
        (None: the person cancelled). The password is not kept anywhere."""
        from riskwizard.session import Session
        from riskwizard.store.practice_file import PasswordNeeded, WrongPassword
        from riskwizard.ui.password_dialog import WRONG_PASSWORD

        problem = ""
        while True:
            try:
                return Session.open(path, self.questionnaire, password=password)
            except PasswordNeeded:
                if password is not None:  # the file says so again: the password was wrong
                    problem = WRONG_PASSWORD
            except WrongPassword:
                problem = WRONG_PASSWORD
            password = self.dialogs.password(
                self, "Password", f"“{path.name}” is protected with a password. Type it "
                "to open the file.", problem)
            if password is None:
                return None

    def new_practice(self) -> None:
        from riskwizard.ui import flows

        session = flows.create_practice(self)
        if session is not None:
            self._adopt(session)
            self.show_page("practice")

    def reopen_last(self) -> bool:
        """Reopen the file that was open when the window last closed, quietly."""
        from riskwizard.store import StoreError

        last = self.settings.begin_reopen()  # a file that crashed the last start: None
        if last is None or not last.exists():
            self.settings.end_reopen(opened=False)
            return False
        try:
            session = self._open_session(last)
        except StoreError as exc:
            self.settings.end_reopen(opened=False)
            self.statusBar().showMessage(f"Could not reopen the last file: {exc}", 10000)
            return False
        if session is None:  # the password was not given: offer the file again next time
            self.settings.end_reopen(opened=True)
            return False
        self._adopt(session)
        self.settings.end_reopen(opened=True)
        return True

    def demo_path(self) -> Path:
        return data_dir() / DEMO_NAME

    def open_demo(self) -> None:
        from riskwizard.ui import flows

        path = flows.demo_file(self)
        if path is not None:
            self.open_path(path)

    def _adopt(self, session: Session) -> None:
        from riskwizard.store import StoreError
        from riskwizard.ui.context import Context

        self.close_practice()
        session.clock = self.today
        self.session = session
        self.ctx = Context(session, self.dialogs, self)
        self.ctx.saved.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.ctx.changed.connect(self._changed)
        self.settings.add_recent(session.path)
        self.settings.sync()
        self.start.set_recent(self.settings.recent_files())
        self.file_label.setText(str(session.path))
        self.statusBar().clearMessage()
        self.setWindowTitle(f"{session.practice.name} — Risk Wizard")
        remembered = self.settings.assessment_for(session.path)
        if remembered is not None and remembered != session.assessment.id and any(
                a.id == remembered for a in session.assessments):
            with contextlib.suppress(StoreError):
                session.switch_assessment(remembered)
        self.assessment_box.fill(session)
        specs = list(self.specs.values())
        self.nav.build(specs)
        self.nav.fill_modules(session, self._where)
        self.stack.setCurrentWidget(self.workspace)
        self._fit_side_bar([spec.title for spec in specs if spec.listed])
        self.menus.update(True)
        self.show_page(HOME.key)
        self.practice_opened.emit(session.path)

    def close_practice(self) -> None:
        if self.session is None:
            return
        for page in self.pages.values():
            page.flush()
        for page in self.pages.values():
            self.page_stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self._where = None
        self.nav.clear()
        self.assessment_box.clear()
        self.session.close()
        self.session = None
        if self.ctx is not None:
            self.ctx.deleteLater()
        self.ctx = None
        self.file_label.setText("")
        self.setWindowTitle("Risk Wizard")
        self.stack.setCurrentWidget(self.start)
        self.start.set_recent(self.settings.recent_files())
        self.menus.update(False)
        self.practice_closed.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_window_geometry(self.saveGeometry())
        if self.session is None:
            self.settings.clear_last_file()
        self.close_practice_keep_last()
        self.settings.sync()
        super().closeEvent(event)

    def close_practice_keep_last(self) -> None:
        """Close on quitting: the file stays the one to reopen next time."""
        if self.session is not None:
            path = self.session.path
            self.close_practice()
            self.settings.add_recent(path)

    def _fit_side_bar(self, titles: list[str]) -> None:
        """Widen the side bar to show every section's full name, up to under a third of
        the window (``SIDE_BAR_SHARE``; names wrap beyond that), so the page keeps the
        room it needs in a small window."""
        need = self.nav.width_for([m.title for m in self.questionnaire.modules] + titles)
        total = sum(self.workspace.sizes()) or self.width()
        width = min(need, int(total * SIDE_BAR_SHARE))
        # A page with a wide table must not squeeze the section names into "…".
        self.side_bar.setMinimumWidth(min(width, int(total * 0.27)))
        if width > self.workspace.sizes()[0]:
            self.workspace.setSizes([width, total - width])

    # --- which assessment is open

    def switch_assessment(self, assessment_id: int) -> None:
        """Open another assessment of the same practice; every page shows it from now on."""
        from riskwizard.store import StoreError

        if self.session is None or self.session.assessment.id == assessment_id:
            return
        for page in self.pages.values():
            page.flush()
        try:
            changes = self.session.switch_assessment(assessment_id)
        except StoreError as exc:
            self.dialogs.error(self, "Could not open that assessment", str(exc))
            self.assessment_box.fill(self.session)
            return
        self.settings.set_assessment_for(self.session.path, assessment_id)
        self._assessment_opened(changes)
        self.statusBar().showMessage(f"Showing {self.session.assessment.title}", 5000)

    def start_next_year(self) -> None:
        from riskwizard.ui import flows

        if flows.start_next_year(self):
            from riskwizard.domain.changes import Changes

            self._where = HOME
            self._assessment_opened(Changes.everything())

    def _assessment_opened(self, changes: Changes) -> None:
        """Another assessment is open: every page is out of date; stay where we were."""
        assert self.session is not None
        self._note(changes)
        self.assessment_box.fill(self.session)
        self.sections_changed()
        where = self._where
        if isinstance(where, ToModule) and not any(
                m.id == where.module_id for m in self.session.visible_modules()):
            where = HOME
        self.go(where or HOME)

    # --- pages

    def page(self, key: str) -> Page:
        """The page for ``key``, built the first time it is needed."""
        page = self.pages.get(key)
        if page is None:
            assert self.ctx is not None
            page = self.specs[key].build(self.ctx, self.page_stack)
            page.connect_window(self)
            self.page_stack.addWidget(page)
            self.pages[key] = page
        return page

    def show_page(self, key: str) -> Page | None:
        if self.session is None:
            return None
        page = self.page(key)
        page.bring_up_to_date()
        self.page_stack.setCurrentWidget(page)
        self._where = ToPage(key)
        if key != "questions":
            self.nav.select(self._where)
        return page

    def questions(self) -> QuestionPage | None:
        """The questionnaire page, shown."""
        from riskwizard.ui.question_page import QuestionPage

        page = self.show_page("questions")
        return page if isinstance(page, QuestionPage) else None

    def go(self, target: Target) -> None:
        """Show where a button, a menu or the section list leads."""
        match target:
            case ToPage(key):
                self.show_page(key)
            case ToModule(module_id):
                self.show_module(module_id)
            case ToQuestion(question_id):
                self.show_question(question_id)
            case ToExport():
                self.export_pdf()
            case ToDraftRisks():
                page = self.show_page("risks")
                show_drafts = getattr(page, "show_drafts", None)
                if show_drafts is not None:
                    show_drafts()

    def _enter(self, target: Target) -> None:
        """Return (or a double-click) on a section moves the keyboard into its page."""
        self.go(target)
        page = self.page_stack.currentWidget()
        if isinstance(page, Page):
            page.take_focus()

    def show_module(self, module_id: str) -> None:
        page = self.questions()
        if page is not None:
            page.show_module(module_id)

    def show_question(self, question_id: str) -> None:
        page = self.questions()
        if page is not None:
            page.show_question(question_id)

    def step_question(self, step: int) -> None:
        page = self.questions()
        if page is not None:
            page.step(step)

    def go_next_unanswered(self) -> None:
        page = self.questions()
        if page is not None:
            page.go_next_unanswered()

    def go_next_flagged(self) -> None:
        page = self.questions()
        if page is not None:
            page.go_next_flagged()

    def question_moved(self, module_id: str) -> None:
        """The questionnaire page moved to another question: mark its section."""
        self._where = ToModule(module_id)
        self.nav.select(self._where)

    def sections_changed(self) -> None:
        """Which sections show, or how far along they are, may have changed."""
        if self.session is not None:
            self.nav.fill_modules(self.session, self._where)

    def _note(self, changes: Changes) -> None:
        for page in self.pages.values():
            page.notice(changes)

    def _changed(self, changes: Changes) -> None:
        from riskwizard.domain.changes import Kind

        self._note(changes)
        if changes.touches(Kind.PRACTICE) and self.session is not None:
            self.setWindowTitle(f"{self.session.practice.name} — Risk Wizard")

    # --- the PDF

    def export_pdf(self) -> None:
        from riskwizard.ui import flows

        task = flows.export_pdf(self)
        if task is not None:
            self._export_task = task


class _Workspace:
    """The frame of an open practice: the side bar beside a stack of pages."""

    def __init__(self, window: MainWindow) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QSplitter

        from riskwizard.ui.section_list import SideBar

        self.splitter = QSplitter(Qt.Orientation.Horizontal, window)
        self.splitter.setChildrenCollapsible(False)
        self.side_bar = SideBar(self.splitter)
        self.side_bar.assessments.chosen.connect(window.switch_assessment)
        self.side_bar.sections.chosen.connect(window.go)
        self.side_bar.sections.entered.connect(window._enter)
        self.page_stack = QStackedWidget(self.splitter)
        self.splitter.addWidget(self.side_bar)
        self.splitter.addWidget(self.page_stack)
        em = window.fontMetrics().horizontalAdvance("M")
        self.splitter.setSizes([22 * em, 80 * em])
        self.splitter.setStretchFactor(1, 1)
