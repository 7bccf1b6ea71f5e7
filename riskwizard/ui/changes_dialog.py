"""What changed since the previous assessment, as a list a person can open questions from."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from riskwizard.domain.comparison import Change, Comparison
from riskwizard.domain.questionnaire import Questionnaire

QID_ROLE = Qt.ItemDataRole.UserRole


def change_groups(comparison: Comparison) -> list[tuple[str, list[Change]]]:
    """The groups the list shows, in order, with plain-English names."""
    return [("Gaps closed", comparison.closed), ("New gaps", comparison.new_gaps),
            ("Still open", comparison.still_open),
            ("Other answers that changed", comparison.other_changes())]


class ChangesDialog(QDialog):
    """Closed, new and still-open gaps, and other changed answers; opening one goes to it."""

    question_chosen = Signal(str)
    """A question was opened from the list (its id); the dialog closes."""

    def __init__(self, comparison: Comparison, questionnaire: Questionnaire, before: str,
                 now: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changes since the last assessment")
        v = QVBoxLayout(self)
        intro = QLabel(f"“{now}” compared with “{before}”. Double-click a question (or "
                       "press Return) to open it.", self)
        intro.setWordWrap(True)
        v.addWidget(intro)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Changes since the last assessment")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Question", "Section", "Last time → now"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        self.groups: dict[str, QTreeWidgetItem] = {}
        for name, changes in change_groups(comparison):
            group = QTreeWidgetItem(self.tree, [f"{name} ({len(changes)})"])
            group.setFont(0, bold)
            group.setFirstColumnSpanned(True)
            self.groups[name] = group
            for c in changes:
                module = questionnaire.module(c.question.module_id)
                item = QTreeWidgetItem(group, [c.question.title, module.title,
                                               f"{c.before_text} → {c.after_text}"])
                item.setData(0, QID_ROLE, c.question.id)
                item.setToolTip(0, c.question.text)
            group.setExpanded(name != "Still open" or len(changes) <= 15)
        first = next((g.child(0) for g in self.groups.values() if g.childCount()), None)
        if first is not None:
            self.tree.setCurrentItem(first)
        self.tree.itemActivated.connect(self._open)
        v.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(86 * em, 46 * em)

    def items(self, group: str) -> list[QTreeWidgetItem]:
        parent = self.groups[group]
        children = (parent.child(i) for i in range(parent.childCount()))
        return [c for c in children if c is not None]

    def _open(self, item: QTreeWidgetItem) -> None:
        qid = item.data(0, QID_ROLE)
        if qid:
            self.accept()
            self.question_chosen.emit(str(qid))
