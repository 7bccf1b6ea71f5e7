"""The Clients view: every practice file the consultant works with (the recent ones and a
chosen folder), with how far along each is, open Critical and High risks, overdue actions
and the next review; open one, start its next year, or make its report from here. Files are
read without being locked or changed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from riskwizard.clients import ClientSummary, client_files, summarise
from riskwizard.domain.model import PracticeData
from riskwizard.domain.questionnaire import Questionnaire

HEADERS = ["Practice", "Assessment", "Answered", "Critical or High", "Overdue actions",
           "Next review", "File"]
PATH_ROLE = Qt.ItemDataRole.UserRole


class ClientsDialog(QDialog):
    """The consultant's list of client practices."""

    open_requested = Signal(Path)
    """Open this practice file."""
    next_year_requested = Signal(Path)
    """Open this file and start next year's assessment."""
    report_requested = Signal(Path)
    """Open this file and make its PDF report."""
    folder_requested = Signal()
    """The person wants to choose the folder of client files."""

    def __init__(self, questionnaire: Questionnaire, recent: list[Path], folder: Path | None,
                 today: date, parent: QWidget | None = None,
                 opened: Callable[[], tuple[Path, PracticeData] | None] = lambda: None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clients")
        self.questionnaire, self.recent, self.folder, self.today = (questionnaire, recent,
                                                                     folder, today)
        self.opened = opened
        """The practice open in this window, its path and records (read from memory: the
        window holds the file's lock), or None."""
        self.summaries: list[ClientSummary] = []
        v = QVBoxLayout(self)
        intro = QLabel("The practices you work with: the files you opened recently and those "
                       "in your clients' folder. They are only read here, never changed.", self)
        intro.setWordWrap(True)
        v.addWidget(intro)
        top = QHBoxLayout()
        self.folder_label = QLabel(self)
        self.folder_button = QPushButton("Choose the clients' &folder…", self)
        self.folder_button.clicked.connect(self.folder_requested)
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.folder_button)
        v.addLayout(top)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setAccessibleName("Client practices")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.
                                                           ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.itemActivated.connect(lambda _: self._emit(self.open_requested))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        v.addWidget(self.table, 1)
        self.empty = QLabel("No practice files yet: open one, or choose the folder where you "
                            "keep your clients' files.", self)
        v.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("&Open", self)
        self.next_year_button = QPushButton("Start &next year…", self)
        self.report_button = QPushButton("Make the &report…", self)
        close = QPushButton("Close", self)
        self.open_button.clicked.connect(lambda: self._emit(self.open_requested))
        self.next_year_button.clicked.connect(lambda: self._emit(self.next_year_requested))
        self.report_button.clicked.connect(lambda: self._emit(self.report_requested))
        close.clicked.connect(self.reject)
        for b in (self.open_button, self.next_year_button, self.report_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        v.addLayout(buttons)
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(110 * em, 28 * self.fontMetrics().height())
        self.refresh()

    def set_folder(self, folder: Path | None) -> None:
        self.folder = folder
        self.refresh()

    def refresh(self) -> None:
        self.folder_label.setText(f"Clients' folder: {self.folder}" if self.folder
                                  else "No clients' folder chosen: showing recent files.")
        paths = client_files(self.recent, self.folder)
        opened = self.opened()
        here = opened[0].resolve() if opened is not None else None
        self.summaries = [summarise(p, self.questionnaire, self.today,
                                    opened[1] if opened is not None and p == here else None)
                          for p in paths]
        named = Counter(s.practice for s in self.summaries if not s.problem)
        self.table.setRowCount(len(self.summaries))
        for r, s in enumerate(self.summaries):
            if s.problem:
                cells = [s.path.stem, f"Cannot be read: {s.problem}", "", "", "", "", ""]
            else:
                same = named[s.practice] > 1  # told apart by their files' names
                cells = [f"{s.practice} ({s.path.name})" if same else s.practice,
                         s.assessment,
                         (f"{s.answered} of {s.total} ({s.percent}%)"
                          + (f", {s.to_confirm} to confirm" if s.to_confirm else ""))
                         if s.total else "",
                         str(s.serious), str(s.overdue),
                         s.next_review.isoformat() if s.next_review else "", ""]
            cells[-1] = s.path.name
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(PATH_ROLE, str(s.path))
                item.setToolTip(str(s.path) if c == len(cells) - 1 else text)
                if c in (3, 4) and text not in ("", "0"):
                    item.setForeground(Qt.GlobalColor.darkRed)
                if c == 5 and s.next_review is not None and s.next_review < self.today:
                    item.setText(f"{text} – due")
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        self.table.setVisible(bool(self.summaries))
        self.empty.setVisible(not self.summaries)
        if self.summaries:
            self.table.selectRow(0)
        self._selection_changed()

    def selected(self) -> ClientSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.summaries[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        s = self.selected()
        usable = s is not None and not s.problem
        for b in (self.open_button, self.next_year_button, self.report_button):
            b.setEnabled(usable)

    def _emit(self, signal: SignalInstance) -> None:
        s = self.selected()
        if s is not None and not s.problem:
            self.accept()
            signal.emit(s.path)
