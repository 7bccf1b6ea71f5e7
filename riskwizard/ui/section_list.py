"""The side bar: which assessment is open, and the list of sections (the registered pages,
and the questionnaire's sections with how far along each is)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from riskwizard.ui.pages import GROUPS, QUESTIONNAIRE, PageSpec, Target, ToModule, ToPage

if TYPE_CHECKING:
    from riskwizard.session import Session

TARGET_ROLE = Qt.ItemDataRole.UserRole
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1


class AssessmentChooser(QComboBox):
    """The practice's assessments, newest first; choosing one opens it."""

    chosen = Signal(int)
    """The person chose another assessment (its id)."""
    filled = Signal(object)
    """The list was filled from a ``Session`` (or None: no practice open)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Assessment")
        self.setToolTip("Which of the practice's assessments to show and edit")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.activated.connect(self._activated)

    def fill(self, session: Session | None) -> None:
        """List the file's assessments, newest first, with the open one chosen."""
        from riskwizard.domain.assessments import previous as previous_assessment

        self.blockSignals(True)
        self.clear()
        if session is not None:
            s = session
            order = sorted(s.assessments, key=lambda a: (
                a.period_start or a.period_end or a.started_on or date.min, a.id), reverse=True)
            for a in order:
                self.addItem(a.title, a.id)
                period = (f"{a.period_start:%B %Y} to {a.period_end:%B %Y}"
                          if a.period_start and a.period_end else "no period set")
                earlier = previous_assessment(s.assessments, a)
                compared = f"\nCompared with: {earlier.title}" if earlier else ""
                self.setItemData(self.count() - 1, f"{a.title}\nPeriod: {period}{compared}",
                                 Qt.ItemDataRole.ToolTipRole)
            self.setCurrentIndex(max(self.findData(s.assessment.id), 0))
        self.blockSignals(False)
        self.filled.emit(session)

    def _activated(self, index: int) -> None:
        aid = self.itemData(index)
        if isinstance(aid, int):
            self.chosen.emit(aid)


class _WrappedNames(QStyledItemDelegate):
    """Rows as tall as their name wrapped to the list's width. (Qt works out a tree's row
    heights as if its columns were endless, so a long name wrapped in a narrow list was cut
    after its first line.)"""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        if index.column() != 0 or option.rect.width() > 0:
            return super().sizeHint(option, index)
        wrapped = QStyleOptionViewItem(option)
        depth = 1 if index.parent().isValid() else 0
        wrapped.rect = QRect(0, 0, self.tree.header().sectionSize(0)
                             - depth * self.tree.indentation(), 1)
        return super().sizeHint(wrapped, index)


class SectionList(QTreeWidget):
    """Pages under their headings; the questionnaire heading lists its visible sections.

    Items are found again by their role each time, never kept in attributes: clear()
    deletes them in C++, and a kept Python wrapper would then point at freed memory (a crash
    after opening another practice)."""

    chosen = Signal(object)
    """The person picked a section: a ``ToPage`` or ``ToModule``."""
    entered = Signal(object)
    """Return (or a double-click) on a section: go there and into its page."""
    progress_shown = Signal(object)
    """The sections' progress was brought up to date from a ``Session``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Sections")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(self.fontMetrics().horizontalAdvance("M"))
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Long section names wrap rather than end in "…" when the list is narrow.
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # (Qt keeps each row's height from when the names were first laid out: when the
        # column narrows, they are laid out again, or a long name is cut at one line.)
        self.setItemDelegate(_WrappedNames(self))
        self.header().sectionResized.connect(self._column_resized)
        self.currentItemChanged.connect(self._current_changed)
        self.itemActivated.connect(self._activated)

    def build(self, specs: Sequence[PageSpec]) -> None:
        """One row per listed page, under its heading, in order."""
        self.blockSignals(True)
        self.clear()
        bold = self.font()
        bold.setBold(True)
        for spec in specs:
            parent: QTreeWidgetItem | QTreeWidget = self
            if spec.group:
                heading = self._group(spec.group)
                if heading is None:
                    heading = QTreeWidgetItem(self, [GROUPS.get(spec.group, spec.group)])
                    heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    heading.setFont(0, bold)
                    heading.setData(0, GROUP_ROLE, spec.group)
                    heading.setExpanded(True)
                parent = heading
            if spec.listed:
                item = QTreeWidgetItem(parent, [spec.title])
                item.setData(0, TARGET_ROLE, ToPage(spec.key))
                item.setToolTip(0, spec.title)
        self.expandAll()
        self.blockSignals(False)

    def fill_modules(self, session: Session, current: Target | None) -> None:
        """Bring the questionnaire's sections up to date: which show, and how far along each
        is. Items are updated in place, so the one the person just clicked stays alive."""
        from riskwizard.domain import navigation

        group = self._group(QUESTIONNAIRE)
        if group is None:
            return
        self.blockSignals(True)
        questionnaire, answers = session.questionnaire, session.answers
        progress = navigation.progress_by_module(questionnaire, answers)  # visible ones
        modules = [questionnaire.module(module_id) for module_id in progress]
        wanted = {ToModule(m.id) for m in modules}
        for i in reversed(range(group.childCount())):
            child = group.child(i)
            if child is not None and child.data(0, TARGET_ROLE) not in wanted:
                group.takeChild(i)
        for row, module in enumerate(modules):
            target = ToModule(module.id)
            item = group.child(row) if row < group.childCount() else None
            if item is None or item.data(0, TARGET_ROLE) != target:
                item = QTreeWidgetItem()
                item.setData(0, TARGET_ROLE, target)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                group.insertChild(row, item)
            p = progress[module.id]
            done = "✔" if p.complete else f"{p.answered}/{p.total}"
            state = "all answered" if p.complete else f"{p.answered} of {p.total} answered"
            item.setText(0, module.title)
            item.setText(1, done)
            item.setToolTip(0, f"{module.title}: {state}")
            item.setToolTip(1, f"{module.title}: {state}")
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{module.title}, {state}")
        group.setExpanded(True)
        if current is not None:
            self._select(current)
        self.blockSignals(False)
        self.progress_shown.emit(session)

    def select(self, target: Target) -> None:
        """Mark where the window is, without going there again."""
        self.blockSignals(True)
        self._select(target)
        self.blockSignals(False)

    def item_for(self, target: Target) -> QTreeWidgetItem | None:
        """The row that leads to ``target``, if listed."""
        iterator = QTreeWidgetItemIterator(self)
        while iterator.value() is not None:
            item = iterator.value()
            if item.data(0, TARGET_ROLE) == target:
                return item
            iterator += 1
        return None

    def section_titles(self) -> list[tuple[str, str, str]]:
        """The questionnaire's sections as listed: (module id, title, progress)."""
        group = self._group(QUESTIONNAIRE)
        if group is None:
            return []
        out = []
        for i in range(group.childCount()):
            item = group.child(i)
            if item is not None:
                target = item.data(0, TARGET_ROLE)
                assert isinstance(target, ToModule)
                out.append((target.module_id, item.text(0), item.text(1)))
        return out

    def _column_resized(self, column: int, old: int, new: int) -> None:
        if column == 0 and new != old:
            self.scheduleDelayedItemsLayout()

    def width_for(self, titles: Sequence[str]) -> int:
        """How wide the list must be to show each of ``titles`` and a progress count."""
        fm = self.fontMetrics()
        em = fm.horizontalAdvance("M")
        return (max(fm.horizontalAdvance(t) for t in titles) + self.indentation()
                + fm.horizontalAdvance("00/00") + 4 * em)

    def _select(self, target: Target) -> None:
        it = self.item_for(target)
        if it is not None:
            self.setCurrentItem(it)

    def _group(self, key: str) -> QTreeWidgetItem | None:
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item is not None and item.data(0, GROUP_ROLE) == key:
                return item
        return None

    def _current_changed(self, item: QTreeWidgetItem | None, _: Any = None) -> None:
        target = item.data(0, TARGET_ROLE) if item is not None else None
        if target is not None:
            self.chosen.emit(target)

    def _activated(self, item: QTreeWidgetItem) -> None:
        target = item.data(0, TARGET_ROLE)
        if target is not None:
            self.entered.emit(target)


class SideBar(QWidget):
    """The assessment chooser above the section list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        sv = QVBoxLayout(self)
        sv.setContentsMargins(0, 0, 0, 0)
        sv.setSpacing(4)
        top = QVBoxLayout()
        top.setContentsMargins(4, 4, 4, 2)
        top.setSpacing(2)
        sv.addLayout(top)
        row = QHBoxLayout()
        row.setSpacing(4)
        label = QLabel("Assess&ment:", self)
        row.addWidget(label, 1)
        self.assessments = AssessmentChooser(self)
        label.setBuddy(self.assessments)
        # Small, and only once there is something to start from: a brand-new practice's
        # first screen is about this year. (Also in the File menu.)
        self.next_year = QToolButton(self)
        self.next_year.setText("Next year…")
        self.next_year.setAccessibleName("Start next year's assessment")
        self.next_year.setToolTip("Start next year's assessment from this one's answers "
                                  "(also in the File menu)")
        self.next_year.setVisible(False)
        self.next_year.clicked.connect(self._start_next_year)
        row.addWidget(self.next_year)
        top.addLayout(row)
        top.addWidget(self.assessments)
        self.sections = SectionList(self)
        sv.addWidget(self.sections, 1)
        self.assessments.filled.connect(self._offer_next_year)
        self.sections.progress_shown.connect(self._offer_next_year)

    def _offer_next_year(self, session: Session | None) -> None:
        self.next_year.setVisible(session is not None and bool(session.answers))

    def _start_next_year(self) -> None:
        window = self.window()
        start = getattr(window, "start_next_year", None)
        if callable(start):
            start()
