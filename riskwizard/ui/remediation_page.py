"""The remediation plan: what will be done about each risk, by whom and by when."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton, QWidget

from riskwizard.domain import columns
from riskwizard.domain.changes import Changes, Kind
from riskwizard.domain.dates import day_words
from riskwizard.domain.model import (
    RemediationItem,
    RemediationStatus,
)
from riskwizard.domain.register import plan_order
from riskwizard.domain.risk import default_matrix
from riskwizard.ui.context import Context
from riskwizard.ui.evidence_panel import add_evidence_button
from riskwizard.ui.pages import Page
from riskwizard.ui.record_model import Column, RecordTableModel, from_domain
from riskwizard.ui.tables import TablePage

NOT_DONE_YET = "Mark the action done first; then record who checked that it works."
EMPTY_PLAN = ("Nothing in the plan yet — actions appear here as your answers show gaps, "
              "or add your own with “Add item”.")


class RemediationPage(Page, TablePage):
    """Items of the plan; overdue ones are highlighted."""

    shows = (Kind.REMEDIATION, Kind.RISKS)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        self.ctx = ctx
        critical = default_matrix().level_by_id("critical")
        bg, fg = QColor(critical.color), QColor(critical.text)

        def lookup() -> columns.Lookup:
            session = ctx.session
            return columns.Lookup(today=session.today(),
                                  risks={r.id: r for r in session.risks},
                                  plan_order=self._order())

        def due_text(item: RemediationItem) -> str:
            if item.due_date is None:
                return ""
            text = day_words(item.due_date)
            # the sign says it without colour, and keeps the column narrow enough to show it
            return f"⚠ {text}" if item.is_overdue(ctx.session.today()) else text

        def order_text(item: RemediationItem) -> str:
            rank = self._order().get(item.id)
            return "" if rank is None else str(rank)

        def order_key(item: RemediationItem) -> int:
            """Sorts "do first": finished actions after every open one."""
            ranks = self._order()
            return ranks.get(item.id, len(ranks) + 1 + item.id)

        def checked_text(item: RemediationItem) -> str:
            on = (day_words(item.verified_on)
                  if item.verified_on else "")
            return ", ".join(p for p in (item.verified_by, on) if p) if item.verified_by else ""

        displays = {"due_date": due_text, "order": order_text, "checked_by": checked_text}
        plan = [c for c in columns.PLAN_COLUMNS if c.in_window]
        window_columns = [
            Column(c.header, order_key, None, display=order_text, tip=c.tip)
            if c.key == "order" else from_domain(c, lookup, display=displays.get(c.key))
            for c in plan]
        keys = [c.key for c in plan]
        due_column, order_column = keys.index("due_date"), keys.index("order")
        self.order_column = order_column

        def style(item: RemediationItem, column: int) -> tuple[QColor, QColor] | None:
            if column == due_column and item.is_overdue(ctx.session.today()):
                return bg, fg
            return None

        model = RecordTableModel(lambda: ctx.session.remediation, window_columns, self._save_cell,
                                 None, style)
        super().__init__(
            "Remediation plan",
            "What the practice will do to lower its risks, one action per cause, the ones that "
            "take away the most risk first. The plan follows your answers and lists; change "
            "an action's words, owner or date as you like. Overdue actions are marked ⚠, in "
            "red.",
            model, noun="item", on_add=self._add, on_delete=self._delete,
            empty_text=EMPTY_PLAN, parent=parent)
        model.setParent(self)
        self._ranks: dict[int, int] | None = None
        model.modelAboutToBeReset.connect(self._forget_order)
        # One action changed can move every other one in the order: that column is read
        # again (the table keeps what each cell shows).
        model.edited.connect(lambda: model.column_changed(order_column))
        self.fit_columns([c.width for c in plan], stretch=0)
        # What to do first leads; a click on another header sorts by it instead.
        self.view.sortByColumn(order_column, Qt.SortOrder.AscendingOrder)
        self.verify_button = QPushButton("Mark ve&rified…", self)
        self.verify_button.setToolTip("Record who checked that the selected finished actions "
                                      "work")
        self.verify_button.clicked.connect(self.verify_selected)
        # Beside Add and Delete, in the row of buttons under the intro; Tab reaches it
        # where it is seen, after Delete.
        bar = self.button_bar
        bar.insertWidget(bar.indexOf(self.delete_button) + 1, self.verify_button)
        self.setTabOrder(self.delete_button, self.verify_button)
        self.evidence_button = add_evidence_button(  # proof behind the chosen action
            self, "remediation_id", lambda i: f"that “{i.action}” was done")

    def _order(self) -> dict[int, int]:
        if self._ranks is None:
            session = self.ctx.session
            self._ranks = plan_order(session.remediation, session.risks)
        return self._ranks

    def _forget_order(self) -> None:
        self._ranks = None

    def refresh(self, changes: Changes) -> None:
        self._ranks = None
        self.model.reload()

    def _save_cell(self, item: RemediationItem, changes: dict[str, Any]) -> Any:
        s = self.ctx.session
        self._ranks = None
        if changes.get("status") == RemediationStatus.VERIFIED:
            return self.verify([item])
        if "status" in changes:
            return self.ctx.attempt(lambda: s.set_item_status(item, changes["status"]))
        return self.ctx.attempt(lambda: s.update(item, **changes))

    def verify_selected(self) -> None:
        self.verify(self.selected_records())

    def verify(self, items: list[RemediationItem]) -> Any:
        """Ask who checked the finished actions among ``items`` and record it, today."""
        done = [i for i in items if i.status in (RemediationStatus.DONE,
                                                 RemediationStatus.VERIFIED)]
        if not done:
            self.ctx.dialogs.info(self, "Mark verified", NOT_DONE_YET)
            return None
        what = f"“{done[0].action}”" if len(done) == 1 else f"these {len(done)} actions"
        who = self.ctx.dialogs.text(self, "Who checked it?",
                                    f"Name of the person who checked that {what} works:",
                                    self.ctx.session.practice.security_official)
        if who is None:
            return None
        if not who.strip():
            self.ctx.dialogs.error(self, "Not marked verified",
                                   "Write down who checked the action.")
            return None
        result = self.ctx.attempt(lambda: self.ctx.session.verify_items(done, who))
        self._ranks = None
        self.model.reload()
        return result

    def _add(self) -> bool:
        s = self.ctx.session
        item = RemediationItem(s.assessment.id, "New action",
                               due_date=s.today() + timedelta(days=90))
        if self.ctx.attempt(lambda: s.add(item)) is None:
            return False
        self.model.appended()
        return True

    def _delete(self, items: list[RemediationItem]) -> None:
        what = f"“{items[0].action}”" if len(items) == 1 else f"{len(items)} items"
        if not self.ctx.dialogs.ask(self, "Delete from the plan", f"Delete {what}?", "Delete"):
            return
        for i in items:
            self.ctx.attempt(partial(self.ctx.session.delete, i))
        self.model.reload()
