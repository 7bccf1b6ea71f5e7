"""The evidence behind one record (an answer or a risk): the files kept inside the practice
file as proof, with Add…, Save as… and Remove. Limits and errors are said in one line in
the panel itself."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from riskwizard.domain.changes import Changes
from riskwizard.domain.evidence import MAX_FILE_BYTES, mb
from riskwizard.domain.model import Evidence
from riskwizard.fileio import (
    FileKind,
    OutputError,
    TooBig,
    read_limited,
    unreadable,
    write_atomically,
)
from riskwizard.store import StoreError
from riskwizard.ui.context import Context
from riskwizard.ui.dialogs import ANY_FILTER
from riskwizard.ui.password_dialog import warn

COLUMNS = ["File", "Size", "Added by", "Added", "SHA-256"]
SAVED_COPY = FileKind("a copy of an evidence file", lambda head: not head.startswith(
    b"SQLite format 3\x00"))
"""Save as… may replace any file but a practice file (a plain one: an encrypted one is
refused by its name)."""


def size_text(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return mb(n)


def local_time(stamp: str) -> str:
    """When a file was attached (kept in UTC), on this computer's clock."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().strftime(
            "%Y-%m-%d %H:%M")
    except ValueError:
        return stamp.replace("T", " ")[:16]


def who() -> str:
    """The person attaching a file: the computer's login name."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


class EvidencePanel(QDialog):
    """The files attached to one record: ``question_id=`` or ``risk_id=`` (see
    ``Session.evidence_for``)."""

    files_changed = Signal()
    """A file was added or removed (the page that opened the panel shows how many)."""

    def __init__(self, ctx: Context, what: str, parent: QWidget | None = None,
                 **owner: int | str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.owner: dict[str, Any] = dict(owner)  # which record: question_id= or risk_id=
        self.setWindowTitle("Evidence")
        v = QVBoxLayout(self)
        self.what = QLabel(f"Files that show {what}", self)
        self.what.setWordWrap(True)
        v.addWidget(self.what)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Evidence files")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(COLUMNS)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        v.addWidget(self.table, 1)
        self.empty = QLabel("No evidence yet. Add a policy, a signed agreement, a screenshot "
                            f"or a log (at most {MAX_FILE_BYTES // (1024 * 1024)} MB a file).",
                            self)
        self.empty.setWordWrap(True)
        v.addWidget(self.empty)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        warn(self.problem)
        self.problem.hide()
        v.addWidget(self.problem)
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add…", self)
        self.add_button.setToolTip("Attach a file; a copy is kept inside the practice file")
        self.save_button = QPushButton("&Save as…", self)
        self.save_button.setToolTip("Save a copy of the chosen file")
        self.remove_button = QPushButton("&Remove", self)
        self.add_button.clicked.connect(self.add)
        self.save_button.clicked.connect(self.save_as)
        self.remove_button.clicked.connect(self.remove)
        for b in (self.add_button, self.save_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        v.addLayout(row)
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(52 * em, 22 * em)
        self.files: list[Evidence] = []
        self.fill()

    # --- showing

    def fill(self) -> None:
        self.files = self.ctx.session.evidence_for(**self.owner)
        self.table.setRowCount(len(self.files))
        for r, e in enumerate(self.files):
            added = local_time(e.created_at)
            cells = [e.name, size_text(e.size), e.added_by or "—", added, e.sha256[:12] + "…"]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 4:
                    item.setToolTip(f"SHA-256 {e.sha256}: an auditor can check the file "
                                    "was not changed")
                self.table.setItem(r, c, item)
        self.table.setVisible(bool(self.files))
        self.empty.setVisible(not self.files)
        if self.files and not self.table.selectedItems():
            self.table.selectRow(0)
        self._update_buttons()

    def chosen(self) -> Evidence | None:
        rows = self.table.selectionModel().selectedRows()
        return self.files[rows[0].row()] if rows and rows[0].row() < len(self.files) else None

    def _update_buttons(self) -> None:
        some = self.chosen() is not None
        self.save_button.setEnabled(some)
        self.remove_button.setEnabled(some)

    def say(self, text: str) -> None:
        """One line on what went wrong ("" hides it)."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _done(self, changes: Changes, status: str) -> None:
        self.ctx.saved.emit(status)
        self.ctx.changed.emit(changes)
        self.fill()
        self.files_changed.emit()

    # --- acting

    def add(self) -> bool:
        path = self.ctx.dialogs.open_path(self, "Attach a file as evidence", ANY_FILTER)
        if path is None:
            return False
        self.say("")
        try:
            content = read_limited(path, MAX_FILE_BYTES)
        except OSError as exc:
            self.say(f"{path.name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; an "
                     "evidence file may be at most that" if isinstance(exc, TooBig)
                     else unreadable(path, exc, "a file"))
            return False
        try:
            changes = self.ctx.session.attach_evidence(path.name, content, added_by=who(),
                                                       **self.owner)
        except StoreError as exc:
            self.say(str(exc))
            return False
        self._done(changes, f"Evidence added: {path.name}")
        self.table.selectRow(len(self.files) - 1)
        return True

    def save_as(self) -> Path | None:
        e = self.chosen()
        if e is None:
            return None
        self.say("")
        folder = self.ctx.session.path.parent
        out = self.ctx.dialogs.save_path(self, "Save a copy of the evidence file as",
                                         folder / e.name, ANY_FILTER)
        if out is None:
            return None
        if out.suffix.lower() == ".riskwizard":
            self.say(f"{out.name}: a practice file's name; choose another")
            return None
        try:
            content = self.ctx.session.evidence_content(e)
            write_atomically(out, lambda fh: fh.write(content), SAVED_COPY)
        except (StoreError, OutputError) as exc:
            self.say(str(exc))
            return None
        note = (" (not encrypted: keep it safe)" if self.ctx.session.encrypted else "")
        self.ctx.saved.emit(f"Saved a copy: {out.name}{note}")
        return out

    def remove(self) -> bool:
        e = self.chosen()
        if e is None:
            return False
        self.say("")
        if not self.ctx.dialogs.ask(self, "Remove evidence",
                                    f"Remove “{e.name}” from the evidence? A copy you saved "
                                    "elsewhere is not touched.", "Remove"):
            return False
        try:
            changes = self.ctx.session.remove_evidence(e)
        except StoreError as exc:
            self.say(str(exc))
            return False
        self._done(changes, f"Evidence removed: {e.name}")
        return True


# ---------------------------------------------------------------- on a table page

def show_count(button: QPushButton, n: int) -> None:
    """“Evidence (n)…” on a button that opens a record's evidence files."""
    button.setText(f"E&vidence ({n})…" if n else "E&vidence…")
    button.setAccessibleName(f"Evidence, {n} file{'s' if n != 1 else ''}")


def open_panel(page: Any, what: str, changed: Callable[[], object],
               **owner: int | str) -> EvidencePanel:
    """Open the evidence files of one record (``owner``: ``risk_id=…``, ``asset_id=…``)
    over ``page``; ``changed`` is called when a file is added or removed."""
    panel = EvidencePanel(page.ctx, what, page, **owner)
    panel.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    panel.files_changed.connect(changed)
    panel.open()
    return panel


class EvidenceButton(QPushButton):
    """“Evidence (n)…” beside Add and Delete on a table page (the plan, the assets, the
    vendors): it opens the panel on the one row chosen, and says how many files it has."""

    def __init__(self, page: Any, field: str, describe: Callable[[Any], str]) -> None:
        super().__init__("E&vidence…", page)
        self.page, self.field, self.describe = page, field, describe
        self.record: Any = None
        self.panel: EvidencePanel | None = None
        self.clicked.connect(self.open_panel)
        self.show_for_selection()

    def show_for_selection(self) -> None:
        chosen = self.page.selected_records()
        self.record = chosen[0] if len(chosen) == 1 else None
        session = self.page.ctx.session
        n = (len(session.evidence_for(**{self.field: self.record.id}))
             if self.record is not None and session is not None else 0)
        self.setEnabled(self.record is not None)
        show_count(self, n)
        self.setToolTip("Files that back up the chosen row: a signed agreement, a "
                        "screenshot, a certificate" if self.record is not None
                        else "Choose one row to see or add its evidence files")

    def open_panel(self) -> None:
        if self.record is None:
            return
        self.panel = open_panel(self.page, self.describe(self.record),
                                self.show_for_selection, **{self.field: self.record.id})


def add_evidence_button(page: Any, field: str, describe: Callable[[Any], str]) -> EvidenceButton:
    """Put an ``EvidenceButton`` right after the page's Delete button (Tab reaches it there)
    and keep it on the chosen row. ``field``: ``remediation_id``, ``asset_id`` or
    ``vendor_id``; ``describe(record)`` finishes “Files that show …”."""
    button = EvidenceButton(page, field, describe)
    bar = page.button_bar
    bar.insertWidget(bar.indexOf(page.delete_button) + 1, button)
    page.setTabOrder(page.delete_button, button)
    page.view.selectionModel().selectionChanged.connect(button.show_for_selection)
    page.model.modelReset.connect(button.show_for_selection)
    return button
