"""The remediation plan: what will be done about each risk, by whom and by when."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from riskwizard.domain.changes import Changes, Kind
from riskwizard.domain.model import (
    Effort,
    Priority,
    RemediationItem,
    RemediationStatus,
)
from riskwizard.domain.register import first_actions
from riskwizard.domain.risk import default_matrix
from riskwizard.ui.context import Context
from riskwizard.ui.pages import Page
from riskwizard.ui.tables import Column, RecordTableModel, TablePage

DUE_COLUMN = 3
STATUS_COLUMN = 4
ORDER_COLUMN = 5
LOWERS_COLUMN = 6
NOT_DONE_YET = "Mark the action done first; then record who checked that it works."
EMPTY_PLAN = ("Nothing in the plan yet — confirming a risk on the Risks page suggests steps "
              "here, or add your own with “Add item”.")


class RemediationPage(Page, TablePage):
    """Items of the plan; overdue ones are highlighted."""

    shows = (Kind.REMEDIATION, Kind.RISKS)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        self.ctx = ctx
        critical = default_matrix().level_by_id("critical")
        bg, fg = QColor(critical.color), QColor(critical.text)

        def risk_ids(item: RemediationItem) -> tuple[int, ...]:
            return item.risk_ids or ((item.risk_id,) if item.risk_id is not None else ())

        def risk_title(item: RemediationItem) -> str:
            ids = risk_ids(item)
            if not ids:
                return ""
            return next((r.title for r in ctx.session.risks if r.id == ids[0]), "")

        def lowers(item: RemediationItem) -> str:
            n = len(risk_ids(item))
            return "" if n == 0 else f"{n} risk{'' if n == 1 else 's'}"

        def order(item: RemediationItem) -> int:
            """Where the action comes in "what to do first"; finished ones after all."""
            ranks = self._order()
            return ranks.get(item.id, len(ranks) + 1 + item.id)

        def order_text(item: RemediationItem) -> str:
            rank = self._order().get(item.id)
            return "" if rank is None else str(rank)

        def verified(item: RemediationItem) -> str:
            if not item.verified_by:
                return ""
            on = item.verified_on.strftime("%b %d, %Y").replace(" 0", " ") \
                if item.verified_on else ""
            return f"{item.verified_by}, {on}" if on else item.verified_by

        def due_text(item: RemediationItem) -> str:
            if item.due_date is None:
                return ""
            text = item.due_date.strftime("%b %d, %Y").replace(" 0", " ")
            return f"{text} – overdue" if item.is_overdue(ctx.session.today()) else text

        columns = [
            Column("Action", lambda i: i.action, "action"),
            Column("For risk", risk_title),
            Column("Owner", lambda i: i.owner, "owner",
                   tip="Who in the practice sees that it gets done"),
            Column("Due", lambda i: i.due_date, "due_date", "date", display=due_text),
            Column("Status", lambda i: i.status, "status", "enum", RemediationStatus),
            Column("Do first", order, display=order_text,
                   tip="The order to work in: the actions that take away the most risk "
                       "come first"),
            Column("Lowers", lambda i: len(risk_ids(i)), display=lowers,
                   tip="How many risks in the register this action makes smaller"),
            Column("Priority", lambda i: i.priority, "priority", "enum", Priority),
            Column("Effort", lambda i: i.effort, "effort", "enum", Effort),
            Column("Done on", lambda i: i.completed_date, "completed_date", "date"),
            Column("Checked by", verified, display=verified,
                   tip="Who checked that the finished action works, and when"),
            Column("Notes", lambda i: i.notes, "notes"),
        ]

        def style(item: RemediationItem, column: int) -> tuple[QColor, QColor] | None:
            if column == DUE_COLUMN and item.is_overdue(ctx.session.today()):
                return bg, fg
            return None

        model = RecordTableModel(lambda: ctx.session.remediation, columns, self._save_cell,
                                 None, style)
        super().__init__(
            "Remediation plan",
            "What the practice will do about each confirmed risk. Confirming a risk suggests "
            "steps; change them, give each one to someone, and pick a due date. Overdue items "
            "are marked in red.",
            model, noun="item", on_add=self._add, on_delete=self._delete,
            empty_text=EMPTY_PLAN, parent=parent)
        model.setParent(self)
        self._ranks: dict[int, int] | None = None
        model.modelAboutToBeReset.connect(self._forget_order)
        self.fit_columns([20, 9, 8, 8, 7, 5, 5, 6, 5, 7, 9, 10], stretch=0)
        # What to do first leads; a click on another header sorts by it instead.
        self.view.sortByColumn(ORDER_COLUMN, Qt.SortOrder.AscendingOrder)
        self.verify_button = QPushButton("Mark &verified…", self)
        self.verify_button.setToolTip("Record who checked that the selected finished actions "
                                      "work")
        self.verify_button.clicked.connect(self.verify_selected)
        # Beside Add and Delete, in the row of buttons under the intro.
        page_layout = self.layout()
        row = page_layout.itemAt(2) if page_layout is not None else None
        bar = row.layout() if row is not None else None
        if isinstance(bar, QHBoxLayout):
            bar.insertWidget(2, self.verify_button)

    def _order(self) -> dict[int, int]:
        if self._ranks is None:
            items = self.ctx.session.remediation
            self._ranks = {i.id: n for n, i in enumerate(first_actions(items, len(items)), 1)}
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
