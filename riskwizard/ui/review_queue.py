"""The review queue: answers that came back from the IT vendor, each shown beside the
practice's current answer, accepted or rejected one at a time. Nothing is applied unseen:
an answer reaches the file only through its own Accept (``Session.accept_returned_answer``,
which goes through ``set_answer``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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

from riskwizard.interchange.packet import PacketReturn, ReturnedAnswer
from riskwizard.ui.context import Context

HEADERS = ["Question", "Your answer now", "The vendor's answer", "Their comment", "Decision"]
PENDING, ACCEPTED, REJECTED = "To review", "Accepted", "Rejected"


class ReviewQueue(QDialog):
    """One row per returned answer; Accept and Reject act on the selected row."""

    decided = Signal(str, bool)
    """A returned answer (question id) was accepted (True) or rejected (False)."""

    def __init__(self, ctx: Context, returned: PacketReturn,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.returned = ctx, returned
        self.setWindowTitle("Answers from the IT vendor")
        self.state: dict[str, str] = {a.question_id: PENDING for a in returned.answers}
        v = QVBoxLayout(self)
        n = len(returned.answers)
        intro = QLabel(
            f"{n} answer{'' if n == 1 else 's'} came back in packet {returned.packet_id}. "
            "Look at each one beside your current answer, then accept it (it replaces your "
            "answer, and the comment is added to the note) or reject it.", self)
        intro.setWordWrap(True)
        v.addWidget(intro)
        if returned.problems or returned.unanswered:
            lines = list(returned.problems)
            if returned.unanswered:
                lines.append(f"{returned.unanswered} question"
                             f"{' was' if returned.unanswered == 1 else 's were'} left "
                             "unanswered.")
            self.problems = QLabel("\n".join(lines[:8]) + ("\n…" if len(lines) > 8 else ""),
                                   self)
            self.problems.setWordWrap(True)
            v.addWidget(self.problems)
        self.table = QTableWidget(n, len(HEADERS), self)
        self.table.setAccessibleName("Returned answers")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 4):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        v.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.accept_button = QPushButton("&Accept this answer", self)
        self.reject_button = QPushButton("&Reject it", self)
        self.accept_button.clicked.connect(lambda: self.decide(True))
        self.reject_button.clicked.connect(lambda: self.decide(False))
        done = QPushButton("&Done", self)
        done.clicked.connect(self.accept)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        buttons.addWidget(done)
        v.addLayout(buttons)
        self.fill()
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(80 * em, 30 * self.fontMetrics().height())
        if n:
            self.table.selectRow(0)
        self._update_buttons()

    def _answer_words(self, qid: str, choice: str | None) -> str:
        q = self.ctx.session.question(qid)
        option = q.option(choice)
        return option.label if option is not None else "not answered"

    def fill(self) -> None:
        s = self.ctx.session
        for r, a in enumerate(self.returned.answers):
            current = s.answer(a.question_id)
            now = self._answer_words(a.question_id, current.choice if current else None)
            if current is not None and current.carried:
                now += " (to confirm)"
            cells = [s.question(a.question_id).text, now,
                     self._answer_words(a.question_id, a.choice), a.comment,
                     self.state[a.question_id]]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 2 and current is not None and current.choice != a.choice:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()

    def selected(self) -> ReturnedAnswer | None:
        rows = self.table.selectionModel().selectedRows()
        return self.returned.answers[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        a = self.selected()
        pending = a is not None and self.state[a.question_id] == PENDING
        self.accept_button.setEnabled(pending)
        self.reject_button.setEnabled(pending)

    def decide(self, accept: bool) -> None:
        a = self.selected()
        if a is None or self.state[a.question_id] != PENDING:
            return
        if accept:
            done = self.ctx.attempt(lambda: self.ctx.session.accept_returned_answer(
                a.question_id, a.choice, a.comment))
            if done is None:
                return
        self.state[a.question_id] = ACCEPTED if accept else REJECTED
        self.decided.emit(a.question_id, accept)
        row = self.returned.answers.index(a)
        self.fill()
        item = self.table.item(row, 4)
        if item is not None:
            item.setForeground(Qt.GlobalColor.darkGreen if accept else Qt.GlobalColor.darkGray)
        # On to the next one still to review.
        following = [i for i, x in enumerate(self.returned.answers)
                     if self.state[x.question_id] == PENDING]
        nxt = next((i for i in following if i > row), following[0] if following else row)
        self.table.selectRow(nxt)
        self._update_buttons()

    @property
    def pending(self) -> int:
        return sum(1 for v in self.state.values() if v == PENDING)
