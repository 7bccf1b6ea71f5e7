"""Where things stand: completion by section, risks by level, the plan, what to do next."""

from __future__ import annotations

import html
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from riskwizard.domain import navigation
from riskwizard.domain.changes import Changes, Kind
from riskwizard.domain.model import RiskStatus
from riskwizard.domain.risk import UNANSWERED_RATED, count_by_cell, default_matrix
from riskwizard.ui import look
from riskwizard.ui.context import Context
from riskwizard.ui.heatmap import HeatMap
from riskwizard.ui.pages import (
    Page,
    Shell,
    Target,
    ToDraftRisks,
    ToExport,
    ToModule,
    ToPage,
    ToQuestion,
)
from riskwizard.ui.tables import page_title

if TYPE_CHECKING:
    from riskwizard.ui.changes_dialog import ChangesDialog


class DashboardPage(Page, QScrollArea):
    """The overview the practice opens to."""

    shows = tuple(Kind)
    _shown_on: date | None = None
    """The date the figures were worked out on ("overdue" moves with it)."""

    go = Signal(object)
    """Where a button leads: a ``Target``."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(self)
        self.setWidget(body)
        look.paint_once(self)
        v = QVBoxLayout(body)
        self.title = page_title("", body)
        v.addWidget(self.title)
        self.subtitle = QLabel(body)
        v.addWidget(self.subtitle)
        self.evidence_text = QLabel(body)
        self.evidence_text.setWordWrap(True)
        v.addWidget(self.evidence_text)

        self.next_box = QGroupBox("Next thing to do", body)
        nb = QHBoxLayout(self.next_box)
        self.next_text = QLabel(self.next_box)
        self.next_text.setWordWrap(True)
        nb.addWidget(self.next_text, 1)
        self.next_button = QPushButton(self.next_box)
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self._do_next)
        nb.addWidget(self.next_button)
        v.addWidget(self.next_box)
        self._next: Target = ToExport()

        row = QHBoxLayout()
        self.progress_box = QGroupBox("Questions answered, by section", body)
        # A list that scrolls on its own and wraps long names, so the heat map and the
        # buttons below stay in view on a small screen. Enter or a click opens the section.
        pb = QVBoxLayout(self.progress_box)
        self.progress_list = QListWidget(self.progress_box)
        self.progress_list.setAccessibleName("Sections and how far along each is")
        self.progress_list.setWordWrap(True)
        self.progress_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.progress_list.setProperty("rows", True)
        self.progress_list.setMinimumWidth(10 * self.fontMetrics().horizontalAdvance("M"))
        self.progress_list.itemActivated.connect(self._open_section)
        self.progress_list.itemClicked.connect(self._open_section)
        pb.addWidget(self.progress_list)
        row.addWidget(self.progress_box, 1)

        risk_box = QGroupBox("Open risks by likelihood and impact", body)
        rv = QVBoxLayout(risk_box)
        self.heatmap = HeatMap(risk_box)
        self.heatmap.cell_clicked.connect(lambda *_: self.go.emit(ToPage("risks")))
        rv.addWidget(self.heatmap, 1)
        self.levels_row = QHBoxLayout()
        self.level_chips: dict[str, QLabel] = {}
        """A chip per risk level (highest first) with how many open risks have it: made
        once, their counts set by ``refresh``."""
        for lv in reversed(default_matrix().levels):
            chip = QLabel(risk_box)
            chip.setStyleSheet(f"background-color: {lv.color}; color: {lv.text}; "
                               "border-radius: 4px; padding: 3px 8px;")
            chip.setToolTip(lv.meaning)
            self.levels_row.addWidget(chip)
            self.level_chips[lv.id] = chip
        self.levels_row.addStretch(1)
        rv.addLayout(self.levels_row)
        self.unanswered_note = QLabel(UNANSWERED_RATED, risk_box)
        """Shown while questions are left unanswered: a new practice's ratings are high
        because nothing is counted in place yet, not because it is in trouble."""
        self.unanswered_note.setWordWrap(True)
        rv.addWidget(self.unanswered_note)
        row.addWidget(risk_box, 1)
        v.addLayout(row, 1)

        bottom = QHBoxLayout()
        plan = QGroupBox("Remediation plan", body)
        pv = QHBoxLayout(plan)
        self.plan_text = QLabel(plan)
        self.plan_text.setWordWrap(True)
        pv.addWidget(self.plan_text, 1)
        plan_button = QPushButton("Open the &plan", plan)
        plan_button.clicked.connect(lambda: self.go.emit(ToPage("remediation")))
        pv.addWidget(plan_button)
        bottom.addWidget(plan, 1)

        self.since_box = QGroupBox("Since last time", body)
        sb = QHBoxLayout(self.since_box)
        self.since_text = QLabel(self.since_box)
        self.since_text.setWordWrap(True)
        sb.addWidget(self.since_text, 1)
        self.since_button = QPushButton("See what &changed…", self.since_box)
        self.since_button.clicked.connect(self.show_changes)
        sb.addWidget(self.since_button)
        bottom.addWidget(self.since_box, 1)
        v.addLayout(bottom)
        self.changes_dialog: ChangesDialog | None = None

    def connect_window(self, window: Shell) -> None:
        self.go.connect(window.go)

    def outdated(self) -> bool:
        return self._shown_on != self.ctx.session.today()

    def refresh(self, changes: Changes) -> None:
        """Update, in place, only what ``changes`` touched (and the figures that move with
        the date, when it moved): the widgets are made once, in ``__init__``."""
        s = self.ctx.session
        today = s.today()
        moved, self._shown_on = self._shown_on != today, today
        if changes.touches(Kind.PRACTICE):
            self.title.setText(s.practice.name)
        if changes.touches(Kind.ANSWERS, Kind.ASSESSMENTS):
            self._fill_progress()
            self._fill_since()
        if changes.touches(Kind.RISKS):
            self._fill_risks()
        if moved or changes.touches(Kind.REMEDIATION):
            self._fill_plan()
        if moved or changes.touches(Kind.ANSWERS, Kind.ASSESSMENTS, Kind.RISKS,
                                    Kind.REMEDIATION):
            self._fill_next()

    def _fill_progress(self) -> None:
        """The count of answers, the Yes answers without evidence, and each section."""
        s = self.ctx.session
        q, answers = s.questionnaire, s.answers
        total = navigation.progress(q, answers)
        self.unanswered_note.setVisible(total.answered < total.total)
        self.subtitle.setText(f"{s.assessment.title} · {total.answered} of {total.total} "
                              f"questions answered ({total.percent}%)"
                              + (f", {total.to_confirm} to re-confirm "
                                 f"({navigation.carried_from(s.previous)})"
                                 if total.to_confirm else ""))
        bare = len(s.yes_without_evidence())
        self.evidence_text.setText(
            f"{bare} Yes answer{'s' if bare != 1 else ''} {'have' if bare != 1 else 'has'} "
            "no evidence yet (add files with Evidence… on each question)." if bare else "")
        self.evidence_text.setVisible(bool(bare))

        by_module = navigation.progress_by_module(q, answers)  # the visible ones, in order
        listed = self.progress_list
        while listed.count() > len(by_module):  # sections hidden by an answer
            listed.takeItem(listed.count() - 1)
        for row, (module_id, p) in enumerate(by_module.items()):
            module = q.module(module_id)
            item = listed.item(row)
            if item is None:
                item = QListWidgetItem()
                listed.addItem(item)
            mark = "✔" if p.total and p.answered == p.total else "○"
            text = f"{mark}  {module.title}: {p.answered} of {p.total}"
            if p.flagged:
                text += f", {p.flagged} flagged"
            if p.to_confirm:
                text += f", {p.to_confirm} to re-confirm"
            item.setText(text)  # (an item given what it holds already does not change)
            item.setData(Qt.ItemDataRole.UserRole, module.id)
            item.setToolTip(f"Go to {module.title}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{module.title}: {p.answered} of {p.total} answered"
                         + (f", {p.flagged} flagged" if p.flagged else ""))

    def _fill_risks(self) -> None:
        """The heat map and the count of open risks at each level."""
        m = default_matrix()
        live = self.ctx.session.live_risks()
        self.heatmap.set_counts(count_by_cell(live))
        at = Counter(m.level(r.rated_likelihood, r.rated_impact).id for r in live)
        for lv in m.levels:
            self.level_chips[lv.id].setText(f"{lv.name}: {at[lv.id]}")

    def _fill_plan(self) -> None:
        s = self.ctx.session
        open_items, overdue = s.open_items(), s.overdue()
        text = f"{len(open_items)} open item{'s' if len(open_items) != 1 else ''}"
        text += f", {len(overdue)} overdue." if overdue else ", none overdue."
        done = sum(1 for i in s.remediation if i.status.value == "done")
        if done:
            text += f" {done} done."
        self.plan_text.setText(text)

    def _open_section(self, item: QListWidgetItem) -> None:
        self.go.emit(ToModule(str(item.data(Qt.ItemDataRole.UserRole))))

    def _fill_since(self) -> None:
        s = self.ctx.session
        comparison = s.comparison()
        self.since_box.setVisible(comparison is not None and s.previous is not None)
        if comparison is None or s.previous is None:
            return
        closed, new, still = (len(comparison.closed), len(comparison.new_gaps),
                              len(comparison.still_open))
        changed = len(comparison.changed)
        counts = [(closed, "gap closed", "gaps closed"), (new, "new gap", "new gaps"),
                  (still, "still open", "still open")]
        since = (f"{changed} answer{'s' if changed != 1 else ''} changed since "
                 f"“{s.previous.title}”.")
        self.since_text.setText(
            ", ".join(f"<b>{n}</b> {one if n == 1 else many}" for n, one, many in counts)
            + f".<br><small>{html.escape(since)}</small>")
        self.since_text.setAccessibleName(
            ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)
            + f". {since}")

    def show_changes(self) -> None:
        """The list of closed, new and still-open gaps; opening one goes to its question."""
        s = self.ctx.session
        comparison = s.comparison()
        if comparison is None or s.previous is None:
            return
        from riskwizard.ui.changes_dialog import ChangesDialog

        dialog = ChangesDialog(comparison, s.questionnaire, s.previous.title,
                               s.assessment.title, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.question_chosen.connect(lambda qid: self.go.emit(ToQuestion(qid)))
        dialog.destroyed.connect(lambda: setattr(self, "changes_dialog", None))
        self.changes_dialog = dialog
        dialog.open()

    def _fill_next(self) -> None:
        s = self.ctx.session
        nxt = navigation.next_unanswered(s.questionnaire, s.answers)
        drafts = [r for r in s.risks if r.status is RiskStatus.DRAFT]
        overdue = s.overdue()
        if nxt is not None:
            module = s.questionnaire.module(nxt.module_id)
            answer = s.answers.get(nxt.id)
            verb = "Finish" if answer is not None else "Answer"
            self.next_text.setText(f"{verb} “{nxt.title}” in {module.title}.")
            self.next_button.setText("Go to the &question")
            self._next = ToQuestion(nxt.id)
        elif drafts:
            n = len(drafts)
            self.next_text.setText(f"{n} risk{'s are' if n != 1 else ' is'} waiting for you to "
                                   "review: confirm, merge or dismiss each one.")
            self.next_button.setText("&Review risks")
            self._next = ToDraftRisks()
        elif overdue:
            self.next_text.setText(f"{len(overdue)} remediation item"
                                   f"{'s are' if len(overdue) != 1 else ' is'} overdue.")
            self.next_button.setText("&Open the plan")
            self._next = ToPage("remediation")
        else:
            self.next_text.setText("Every question is answered and every risk reviewed. "
                                   "Export the report and file it with your records.")
            self.next_button.setText("&Export the report (PDF)…")
            self._next = ToExport()
        self.next_button.setAccessibleName(self.next_button.text().replace("&", ""))

    def _do_next(self) -> None:
        self.go.emit(self._next)


_ = Qt
