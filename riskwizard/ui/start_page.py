"""The first screen: start a practice, open one, reopen a recent one, or try the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class StartPage(QWidget):
    """Shown when no practice is open."""

    new_requested = Signal()
    """The person wants to start a new practice file."""
    open_requested = Signal()
    """The person wants to choose a practice file to open."""
    demo_requested = Signal()
    """The person wants to look around the demo practice."""
    recent_chosen = Signal(Path)
    """A recent file was chosen."""

    def __init__(self, icon: QIcon | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        outer.addLayout(column, 4)
        outer.addStretch(1)
        column.addStretch(1)

        head = QHBoxLayout()
        if icon is not None:
            logo = QLabel(self)
            size = self.fontMetrics().height() * 4
            logo.setPixmap(icon.pixmap(size, size))
            head.addWidget(logo)
        titles = QVBoxLayout()
        title = QLabel("Risk Wizard", self)
        # Bold, 2.2 times the size: by a style rule, as a QFont would make PySide's QFont type
        # (with its enums, 3 ms) before the first frame for this one line
        title.setStyleSheet(f"font-size: {title.fontInfo().pointSizeF() * 2.2:.2f}pt; "
                            "font-weight: bold;")
        titles.addWidget(title)
        sub = QLabel("Your practice's yearly HIPAA security risk analysis, one question at a "
                     "time. Everything stays in one file on this computer.", self)
        sub.setWordWrap(True)
        titles.addWidget(sub)
        head.addLayout(titles, 1)
        column.addLayout(head)
        column.addSpacing(self.fontMetrics().height())

        buttons = QHBoxLayout()
        self.new_button = QPushButton("&New practice…", self)
        self.new_button.setToolTip("Start a risk analysis for a practice (Ctrl+N)")
        self.open_button = QPushButton("&Open a practice file…", self)
        self.open_button.setToolTip("Open a .riskwizard file (Ctrl+O)")
        self.demo_button = QPushButton("Try the &demo practice", self)
        self.demo_button.setToolTip("A made-up clinic with everything filled in, to look around")
        for b in (self.new_button, self.open_button, self.demo_button):
            b.setMinimumHeight(self.fontMetrics().height() * 2 + 8)
            buttons.addWidget(b)
        self.new_button.setDefault(True)
        column.addLayout(buttons)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(self.demo_requested)

        column.addSpacing(self.fontMetrics().height())
        self.recent_label = QLabel("&Recent practice files:", self)
        column.addWidget(self.recent_label)
        self.recent = QListWidget(self)
        self._paths: list[Path] = []  # by row (no Qt item role: the first screen stays cheap)
        self.recent.setAccessibleName("Recent practice files")
        self.recent_label.setBuddy(self.recent)
        self.recent.itemActivated.connect(self._picked)
        column.addWidget(self.recent, 2)
        self.no_recent = QLabel("Files you open will be listed here.", self)
        column.addWidget(self.no_recent)
        column.addStretch(1)

    def set_recent(self, paths: list[Path]) -> None:
        self.recent.clear()
        self._paths = list(paths)
        for p in paths:
            item = QListWidgetItem(f"{p.stem}    —    {p.parent}")
            item.setToolTip(str(p))
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.recent_label.setVisible(bool(paths))
        self.no_recent.setVisible(not paths)

    def _picked(self, item: QListWidgetItem) -> None:
        row = self.recent.row(item)
        if 0 <= row < len(self._paths):
            self.recent_chosen.emit(self._paths[row])
