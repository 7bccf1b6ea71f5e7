"""The window: a start page, or an open practice shown as a section list beside a stack of
pages. Pages are built the first time they are shown and refreshed when shown again after
something they display has changed."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressDialog,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from riskwizard.domain import navigation
from riskwizard.domain.assessments import previous as previous_assessment
from riskwizard.domain.changes import Changes, Kind
from riskwizard.domain.model import Practice
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.session import AssessmentExists, Session
from riskwizard.store import StoreError
from riskwizard.ui.context import Context
from riskwizard.ui.dialogs import PDF_FILTER, PRACTICE_FILTER, Dialogs
from riskwizard.ui.settings import Settings, data_dir
from riskwizard.ui.start_page import StartPage

KEY_ROLE = Qt.ItemDataRole.UserRole
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1
QUESTIONNAIRE_GROUP = "questionnaire"
PAGES = [("dashboard", "Overview"), ("practice", "Practice profile and sites"),
         ("assets", "Assets"), ("vendors", "Vendors")]
RESULTS = [("risks", "Risks"), ("remediation", "Remediation plan")]
DEMO_NAME = "Demo practice.riskwizard"


SHOWS: dict[str, tuple[Kind, ...]] = {
    "dashboard": tuple(Kind),
    "practice": (Kind.PRACTICE, Kind.SITES, Kind.ASSESSMENTS),
    "questions": (Kind.ANSWERS,),
    "risks": (Kind.RISKS, Kind.REMEDIATION, Kind.SITES, Kind.ASSETS, Kind.VENDORS),
    "remediation": (Kind.REMEDIATION, Kind.RISKS),
    "assets": (Kind.ASSETS, Kind.SITES),
    "vendors": (Kind.VENDORS,),
}
"""What each page shows: it is read again when a change touches one of these kinds."""


class MainWindow(QMainWindow):
    """The riskwizard window."""

    practice_opened = Signal(Path)
    """A practice file was opened."""
    practice_closed = Signal()
    """The open practice was closed."""

    def __init__(self, questionnaire: Questionnaire, settings: Settings | None = None,
                 dialogs: Dialogs | None = None,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.settings = settings or Settings()
        self.dialogs = dialogs or Dialogs()
        self.today = today
        self.session: Session | None = None
        self.ctx: Context | None = None
        self.pages: dict[str, QWidget] = {}
        self._stale: set[str] = set()
        self._current_key = ""

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

        self.workspace = QSplitter(Qt.Orientation.Horizontal, self)
        self.workspace.setChildrenCollapsible(False)
        side = QWidget(self.workspace)
        sv = QVBoxLayout(side)
        sv.setContentsMargins(0, 0, 0, 0)
        sv.setSpacing(4)
        top = QVBoxLayout()
        top.setContentsMargins(4, 4, 4, 2)
        top.setSpacing(2)
        sv.addLayout(top)
        chooser = QLabel("Assess&ment:", side)
        top.addWidget(chooser)
        self.assessment_box = QComboBox(side)
        self.assessment_box.setAccessibleName("Assessment")
        self.assessment_box.setToolTip("Which of the practice's assessments to show and edit")
        self.assessment_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.assessment_box.setMinimumContentsLength(12)
        self.assessment_box.activated.connect(self._assessment_chosen)
        chooser.setBuddy(self.assessment_box)
        top.addWidget(self.assessment_box)
        self.nav = QTreeWidget(side)
        self.nav.setAccessibleName("Sections")
        self.nav.setColumnCount(2)
        self.nav.setHeaderHidden(True)
        self.nav.setRootIsDecorated(False)
        self.nav.setIndentation(self.fontMetrics().horizontalAdvance("M"))
        self.nav.header().setStretchLastSection(False)
        self.nav.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.nav.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.nav.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Long section names wrap rather than end in "…" when the list is narrow.
        self.nav.setWordWrap(True)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.currentItemChanged.connect(self._nav_changed)
        self.nav.itemActivated.connect(self._nav_activated)
        sv.addWidget(self.nav, 1)
        self.page_stack = QStackedWidget(self.workspace)
        self.workspace.addWidget(side)
        self.workspace.addWidget(self.page_stack)
        em = self.fontMetrics().horizontalAdvance("M")
        self.workspace.setSizes([22 * em, 80 * em])
        self.workspace.setStretchFactor(1, 1)
        self.stack.addWidget(self.workspace)

        self.file_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.file_label)
        self._build_menus()
        self._update_actions()
        self.start.set_recent(self.settings.recent_files())
        geometry = self.settings.window_geometry()
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1280, 800)

    # --- menus

    def _action(self, menu: QMenu, text: str, slot: Callable[[], Any],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu("&File")
        self._action(m, "&New practice…", self.new_practice, QKeySequence.StandardKey.New)
        self._action(m, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = m.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._action(m, "Open the &demo practice", self.open_demo)
        m.addSeparator()
        self.export_action = self._action(m, "&Export report (PDF)…", self.export_pdf,
                                          QKeySequence.StandardKey.Print,
                                          "Make the PDF report to print or send")
        self.next_year_action = self._action(m, "Start &next year's assessment…",
                                             self.start_next_year)
        m.addSeparator()
        self.close_action = self._action(m, "&Close practice", self.close_practice,
                                         QKeySequence.StandardKey.Close)
        self._action(m, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        g = bar.addMenu("&Go")
        self.go_actions: list[QAction] = []
        for n, (key, text) in enumerate(PAGES + [("questions", "Questionnaire")] + RESULTS):
            self.go_actions.append(self._action(
                g, text, partial(self.show_page, key), f"Ctrl+{n + 1}"))
        g.addSeparator()
        self.go_actions.append(self._action(
            g, "&Next question", lambda: self._questions().step(1), "Ctrl+Right"))
        self.go_actions.append(self._action(
            g, "&Previous question", lambda: self._questions().step(-1), "Ctrl+Left"))
        self.go_actions.append(self._action(
            g, "Next &unanswered question", self.go_next_unanswered, "Ctrl+U"))
        self.go_actions.append(self._action(
            g, "Next &flagged question", self.go_next_flagged, "Ctrl+G"))
        g.addSeparator()
        self.go_actions.append(self._action(
            g, "&Section list", lambda: self.nav.setFocus(), "Ctrl+0",
            "Move the keyboard focus to the list of sections"))

        h = bar.addMenu("&Help")
        self._action(h, "&Glossary", self.show_glossary, QKeySequence.StandardKey.HelpContents)
        self._action(h, "&About Risk Wizard", self.show_about)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = self.settings.recent_files()
        for p in paths:
            self._action(self.recent_menu, str(p), partial(self.open_path, p))
        if not paths:
            empty = self.recent_menu.addAction("(none yet)")
            empty.setEnabled(False)

    def _update_actions(self) -> None:
        open_ = self.session is not None
        for a in [self.export_action, self.next_year_action, self.close_action,
                  *self.go_actions]:
            a.setEnabled(open_)

    # --- opening and closing

    def open_dialog(self) -> None:
        last = self.settings.last_file()
        folder = last.parent if last is not None else None
        path = self.dialogs.open_path(self, "Open a practice file", PRACTICE_FILTER, folder)
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path) -> bool:
        """Open a practice file; on failure say why in one line and change nothing."""
        path = Path(path)
        if self.session is not None and self.session.path.resolve() == path.resolve():
            return True
        try:
            session = Session.open(path, self.questionnaire)
        except StoreError as exc:
            self.dialogs.error(self, "Could not open the file", str(exc))
            return False
        self._adopt(session)
        return True

    def new_practice(self) -> None:
        name = self.dialogs.text(self, "New practice", "Name of the practice:")
        if name is None or not name.strip():
            return
        last = self.settings.last_file()
        folder = last.parent if last is not None else Path.home()
        path = self.dialogs.save_path(self, "Where to keep the practice file",
                                      folder / f"{name.strip()}.riskwizard", PRACTICE_FILTER)
        if path is None:
            return
        if path.suffix != ".riskwizard":
            path = path.with_name(path.name + ".riskwizard")
        if path.exists():
            self.dialogs.error(self, "Could not create the file",
                               f"{path}: already exists; choose another name.")
            return
        try:
            session = Session.create(path, Practice(name.strip()), self.questionnaire)
        except StoreError as exc:
            self.dialogs.error(self, "Could not create the file", str(exc))
            return
        self._adopt(session)
        self.show_page("practice")

    def reopen_last(self) -> bool:
        """Reopen the file that was open when the window last closed, quietly."""
        last = self.settings.last_file()
        if last is None or not last.exists():
            return False
        try:
            session = Session.open(last, self.questionnaire)
        except StoreError as exc:
            self.statusBar().showMessage(f"Could not reopen the last file: {exc}", 10000)
            return False
        self._adopt(session)
        return True

    def demo_path(self) -> Path:
        return data_dir() / DEMO_NAME

    def open_demo(self) -> None:
        path = self.demo_path()
        if not path.exists():
            from riskwizard.domain.demo import build_demo
            from riskwizard.store import write_new_file

            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_new_file(path, build_demo(self.questionnaire, "small", self.today()),
                               {"demo": "small"})
            except (StoreError, OSError) as exc:
                self.dialogs.error(self, "Could not make the demo practice", str(exc))
                return
        self.open_path(path)

    def _adopt(self, session: Session) -> None:
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
        self.setWindowTitle(f"{session.practice.name} — Risk Wizard")
        remembered = self.settings.assessment_for(session.path)
        if remembered is not None and remembered != session.assessment.id and any(
                a.id == remembered for a in session.assessments):
            with contextlib.suppress(StoreError):
                session.switch_assessment(remembered)
        self._fill_assessments()
        self._build_nav()
        self.stack.setCurrentWidget(self.workspace)
        self._fit_section_list()
        self._update_actions()
        self.show_page("dashboard")
        self.practice_opened.emit(session.path)

    def close_practice(self) -> None:
        if self.session is None:
            return
        questions = self.pages.get("questions")
        if questions is not None:
            questions.save_text()  # type: ignore[attr-defined]
        for page in self.pages.values():
            self.page_stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self._stale.clear()
        self._current_key = ""
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
        self._update_actions()
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

    # --- which assessment is open

    def _fill_assessments(self) -> None:
        """List the file's assessments, newest first, with the open one chosen."""
        box = self.assessment_box
        box.blockSignals(True)
        box.clear()
        if self.session is not None:
            s = self.session
            order = sorted(s.assessments, key=lambda a: (
                a.period_start or a.period_end or a.started_on or date.min, a.id), reverse=True)
            for a in order:
                box.addItem(a.title, a.id)
                period = (f"{a.period_start:%B %Y} to {a.period_end:%B %Y}"
                          if a.period_start and a.period_end else "no period set")
                earlier = previous_assessment(s.assessments, a)
                compared = f"\nCompared with: {earlier.title}" if earlier else ""
                box.setItemData(box.count() - 1, f"{a.title}\nPeriod: {period}{compared}",
                                Qt.ItemDataRole.ToolTipRole)
            box.setCurrentIndex(max(box.findData(s.assessment.id), 0))
        box.blockSignals(False)

    def _assessment_chosen(self, index: int) -> None:
        aid = self.assessment_box.itemData(index)
        if isinstance(aid, int):
            self.switch_assessment(aid)

    def switch_assessment(self, assessment_id: int) -> None:
        """Open another assessment of the same practice; every page shows it from now on."""
        if self.session is None or self.session.assessment.id == assessment_id:
            return
        questions = self.pages.get("questions")
        if questions is not None:
            questions.save_text()  # type: ignore[attr-defined]
        try:
            self.session.switch_assessment(assessment_id)
        except StoreError as exc:
            self.dialogs.error(self, "Could not open that assessment", str(exc))
            self._fill_assessments()
            return
        self.settings.set_assessment_for(self.session.path, assessment_id)
        self._assessment_opened()
        self.statusBar().showMessage(f"Showing {self.session.assessment.title}", 5000)

    def _assessment_opened(self) -> None:
        """Another assessment is open: every page is out of date; stay where we were."""
        self._stale |= set(self.pages)
        questions = self.pages.get("questions")
        if questions is not None:
            questions.qid = None  # type: ignore[attr-defined]
        self._fill_assessments()
        self._fill_modules()
        key = self._current_key
        if key.startswith("module:") and self.session is not None:
            module_id = key.split(":", 1)[1]
            if any(m.id == module_id for m in self.session.visible_modules()):
                self.show_module(module_id)
                return
            key = "dashboard"
        self.show_page(key or "dashboard")

    # --- the section list

    def _build_nav(self) -> None:
        # Items of the section list are found again by their role each time, never kept in
        # attributes: clear() deletes them in C++, and a kept Python wrapper would then point
        # at freed memory (a crash after opening another practice).
        self.nav.blockSignals(True)
        self.nav.clear()
        bold = self.nav.font()
        bold.setBold(True)

        def group(key: str, text: str) -> QTreeWidgetItem:
            item = QTreeWidgetItem(self.nav, [text])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setFont(0, bold)
            item.setData(0, GROUP_ROLE, key)
            item.setExpanded(True)
            return item

        def page(parent: QTreeWidgetItem | QTreeWidget, key: str, text: str) -> None:
            item = QTreeWidgetItem(parent, [text])
            item.setData(0, KEY_ROLE, key)
            item.setToolTip(0, text)

        page(self.nav, "dashboard", "Overview")
        practice = group("practice", "Your practice")
        for key, text in PAGES[1:]:
            page(practice, key, text)
        group(QUESTIONNAIRE_GROUP, "Questionnaire")
        results = group("results", "Results")
        for key, text in RESULTS:
            page(results, key, text)
        self.nav.expandAll()
        self.nav.blockSignals(False)
        self._fill_modules()

    def _fit_section_list(self) -> None:
        """Widen the section list to show every section's full name, up to a third of the
        window (names wrap beyond that)."""
        fm = self.nav.fontMetrics()
        em = fm.horizontalAdvance("M")
        titles = [m.title for m in self.questionnaire.modules] + [t for _, t in PAGES + RESULTS]
        need = (max(fm.horizontalAdvance(t) for t in titles) + self.nav.indentation()
                + fm.horizontalAdvance("00/00") + 4 * em)
        total = sum(self.workspace.sizes()) or self.width()
        width = min(need, total // 3)
        if width > self.workspace.sizes()[0]:
            self.workspace.setSizes([width, total - width])

    def _group(self, key: str) -> QTreeWidgetItem | None:
        """A heading of the section list, looked up afresh (see ``_build_nav``)."""
        for i in range(self.nav.topLevelItemCount()):
            item = self.nav.topLevelItem(i)
            if item is not None and item.data(0, GROUP_ROLE) == key:
                return item
        return None

    def section_titles(self) -> list[tuple[str, str, str]]:
        """The questionnaire's sections as listed: (module id, title, progress)."""
        group = self._group(QUESTIONNAIRE_GROUP)
        if group is None:
            return []
        out = []
        for i in range(group.childCount()):
            item = group.child(i)
            if item is not None:
                out.append((str(item.data(0, KEY_ROLE)).split(":", 1)[1], item.text(0),
                            item.text(1)))
        return out

    def _fill_modules(self) -> None:
        """Bring the questionnaire's sections up to date: which show, and how far along each
        is. Items are updated in place, so the one the person just clicked stays alive."""
        group = self._group(QUESTIONNAIRE_GROUP)
        if self.session is None or group is None:
            return
        self.nav.blockSignals(True)
        current = self._current_key
        answers = self.session.answers
        modules = navigation.visible_modules(self.questionnaire, answers)
        wanted = {f"module:{m.id}" for m in modules}
        for i in reversed(range(group.childCount())):
            child = group.child(i)
            if child is not None and child.data(0, KEY_ROLE) not in wanted:
                group.takeChild(i)
        for row, module in enumerate(modules):
            key = f"module:{module.id}"
            item = group.child(row) if row < group.childCount() else None
            if item is None or item.data(0, KEY_ROLE) != key:
                item = QTreeWidgetItem()
                item.setData(0, KEY_ROLE, key)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                group.insertChild(row, item)
            p = navigation.progress(self.questionnaire, answers, module)
            done = "✔" if p.complete else f"{p.answered}/{p.total}"
            state = "all answered" if p.complete else f"{p.answered} of {p.total} answered"
            item.setText(0, module.title)
            item.setText(1, done)
            item.setToolTip(0, f"{module.title}: {state}")
            item.setToolTip(1, f"{module.title}: {state}")
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{module.title}, {state}")
        group.setExpanded(True)
        self._select_nav(current)
        self.nav.blockSignals(False)

    def _select_nav(self, key: str) -> None:
        it = self._nav_item(key)
        if it is not None:
            self.nav.setCurrentItem(it)

    def _nav_item(self, key: str) -> QTreeWidgetItem | None:
        from PySide6.QtWidgets import QTreeWidgetItemIterator

        iterator = QTreeWidgetItemIterator(self.nav)
        while iterator.value() is not None:
            item = iterator.value()
            if item.data(0, KEY_ROLE) == key:
                return item
            iterator += 1
        return None

    def _nav_changed(self, item: QTreeWidgetItem | None, _: Any = None) -> None:
        if item is None:
            return
        key = item.data(0, KEY_ROLE)
        if not key:
            return
        if str(key).startswith("module:"):
            self.show_module(str(key).split(":", 1)[1])
        else:
            self.show_page(str(key))

    def _nav_activated(self, item: QTreeWidgetItem) -> None:
        """Return (or a double-click) on a section moves the keyboard into its page."""
        self._nav_changed(item)
        page = self.page_stack.currentWidget()
        if page is None:
            return
        questions = self.pages.get("questions")
        if page is questions:
            checked = questions.options.checkedButton()  # type: ignore[attr-defined]
            buttons = questions.options.buttons()  # type: ignore[attr-defined]
            target = checked or (buttons[0] if buttons else None)
            if target is not None:
                target.setFocus()
                return
        page.setFocus()
        page.focusNextChild()

    # --- pages

    def _make_page(self, key: str) -> QWidget:
        assert self.ctx is not None
        ctx = self.ctx
        page: QWidget
        if key == "dashboard":
            from riskwizard.ui.dashboard_page import DashboardPage

            page = DashboardPage(ctx, self)
            page.go.connect(self._dashboard_go)
        elif key == "practice":
            from riskwizard.ui.practice_page import PracticePage

            page = PracticePage(ctx, self)
            page.next_year.clicked.connect(self.start_next_year)
        elif key == "assets":
            from riskwizard.ui.inventory_pages import AssetsPage

            page = AssetsPage(ctx, self)
        elif key == "vendors":
            from riskwizard.ui.inventory_pages import VendorsPage

            page = VendorsPage(ctx, self)
        elif key == "questions":
            from riskwizard.ui.question_page import QuestionPage

            page = QuestionPage(ctx, self)
            page.answered.connect(lambda _: self._fill_modules())
            page.position_changed.connect(self._question_moved)
        elif key == "risks":
            from riskwizard.ui.risk_page import RiskPage

            page = RiskPage(ctx, self)
        elif key == "remediation":
            from riskwizard.ui.remediation_page import RemediationPage

            page = RemediationPage(ctx, self)
        else:
            raise KeyError(key)
        page.setObjectName(f"{key}_page")
        self.page_stack.addWidget(page)
        self.pages[key] = page
        return page

    def page(self, key: str) -> QWidget:
        """The page for ``key``, built the first time it is needed."""
        return self.pages.get(key) or self._make_page(key)

    def show_page(self, key: str) -> QWidget | None:
        if self.session is None:
            return None
        fresh = key not in self.pages
        page = self.page(key)
        if fresh or key in self._stale or key == "dashboard":
            self._stale.discard(key)
            page.refresh()  # type: ignore[attr-defined]
        self.page_stack.setCurrentWidget(page)
        self._current_key = key
        if key != "questions":
            self.nav.blockSignals(True)
            self._select_nav(key)
            self.nav.blockSignals(False)
        return page

    def _questions(self) -> Any:
        page = self.show_page("questions")
        return page

    def show_module(self, module_id: str) -> None:
        page = self._questions()
        if page is not None:
            page.show_module(module_id)

    def show_question(self, question_id: str) -> None:
        page = self._questions()
        if page is not None:
            page.show_question(question_id)

    def go_next_unanswered(self) -> None:
        page = self._questions()
        if page is not None:
            page.go_next_unanswered()

    def go_next_flagged(self) -> None:
        page = self._questions()
        if page is not None:
            page.go_next_flagged()

    def _question_moved(self, module_id: str) -> None:
        self._current_key = f"module:{module_id}"
        self.nav.blockSignals(True)
        self._select_nav(self._current_key)
        self.nav.blockSignals(False)

    def _changed(self, changes: Changes) -> None:
        if changes.switched:
            self._stale |= set(self.pages)
        else:
            self._stale |= {key for key, kinds in SHOWS.items() if changes.touches(*kinds)}
        if changes.touches(Kind.PRACTICE) and self.session is not None:
            self.setWindowTitle(f"{self.session.practice.name} — Risk Wizard")

    def _dashboard_go(self, where: str, arg: str) -> None:
        if where == "question":
            self.show_question(arg)
        elif where == "module":
            self.show_module(arg)
        elif where == "export":
            self.export_pdf()
        else:
            self.show_page(where)

    # --- next year

    def start_next_year(self) -> None:
        """A new assessment for the year after the latest one (whichever one is open)."""
        if self.session is None or self.ctx is None:
            return
        s = self.session
        try:
            year = s.check_next_assessment()
        except AssessmentExists as exc:
            self.dialogs.info(self, "Start next year's assessment", str(exc))
            return
        latest = s.latest_assessment()
        if not self.dialogs.ask(
                self, "Start next year's assessment",
                f"Start the {year} assessment, beginning with the answers of "
                f"“{latest.title}”? That one is kept unchanged in the file.", "Start"):
            return
        try:
            started = self.ctx.attempt(s.start_next_assessment)
        except AssessmentExists as exc:
            self.dialogs.info(self, "Start next year's assessment", str(exc))
            return
        if started is None:
            return
        self.settings.set_assessment_for(s.path, s.assessment.id)
        self._current_key = "dashboard"
        self._assessment_opened()

    # --- the PDF

    def export_pdf(self) -> None:
        if self.session is None:
            return
        try:
            from riskwizard import report
            build_report = report.build_report
        except (ImportError, AttributeError):
            self.dialogs.info(self, "Report not ready yet",
                              "Making the PDF report is not available in this version yet.")
            return
        s = self.session
        suggested = s.path.with_name(f"{s.practice.name} – {s.assessment.title}.pdf")
        out = self.dialogs.save_path(self, "Save the report as", suggested, PDF_FILTER)
        if out is None:
            return
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        try:
            data = s.data()
        except StoreError as exc:
            self.dialogs.error(self, "Could not make the report", str(exc))
            return
        questionnaire, aid, today = self.questionnaire, s.assessment.id, self.today()
        progress = QProgressDialog("Making the report…", "", 0, 100, self)
        progress.setWindowTitle("Export report")
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setValue(0)
        self.export_action.setEnabled(False)

        def work(report_progress: Callable[[int, str], None]) -> int:
            return int(build_report(data, questionnaire, out, assessment_id=aid, today=today,
                                    progress=report_progress))

        def on_progress(pct: int, what: str) -> None:
            progress.setValue(min(pct, 99))
            if what:
                progress.setLabelText(what)

        def finished() -> None:
            progress.reset()
            progress.deleteLater()
            self.export_action.setEnabled(self.session is not None)

        def on_done(pages: object) -> None:
            finished()
            self.statusBar().showMessage(f"Report saved: {out.name}", 8000)
            if self.dialogs.ask(self, "Report ready",
                                f"The report is ready ({pages} pages):\n{out}\n\nOpen it now?",
                                "Open", "Close"):
                self.dialogs.show_file(out)

        def on_error(exc: BaseException) -> None:
            finished()
            from riskwizard.fileio import OutputError

            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            known = isinstance(exc, OutputError) or type(exc).__name__ == "ReportError"
            self.dialogs.error(self, "Could not make the report",
                               text if known else f"Something went wrong: {text}")

        from riskwizard.ui.worker import run_in_background

        self._export_task = run_in_background(work, on_done=on_done, on_error=on_error,
                                              on_progress=on_progress)

    # --- help

    def show_glossary(self) -> None:
        terms = sorted(self.questionnaire.glossary.items(), key=lambda kv: kv[0].lower())
        text = "\n\n".join(f"{t}: {d}" for t, d in terms) or "No glossary is installed."
        self.dialogs.info(self, "Glossary", "Words used in the questions, in plain English.",
                          text)

    def show_about(self) -> None:
        from riskwizard import __version__

        self.dialogs.info(
            self, "About Risk Wizard",
            f"Risk Wizard {__version__}\n\nA HIPAA Security Rule risk analysis for small "
            "medical practices. Your practice file stays on this computer; nothing is sent "
            "anywhere.")


_ = contextlib
