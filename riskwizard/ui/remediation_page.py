"""The remediation plan: what will be done about each risk, by whom and by when."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from riskwizard.domain.changes import Changes, Kind
from riskwizard.domain.model import (
    Effort,
    Priority,
    RemediationItem,
    RemediationStatus,
)
from riskwizard.domain.risk import default_matrix
from riskwizard.ui.context import Context
from riskwizard.ui.pages import Page
from riskwizard.ui.tables import Column, RecordTableModel, TablePage

DUE_COLUMN = 3
EMPTY_PLAN = ("Nothing in the plan yet — confirming a risk on the Risks page suggests steps "
              "here, or add your own with “Add item”.")


class RemediationPage(Page, TablePage):
    """Items of the plan; overdue ones are highlighted."""

    shows = (Kind.REMEDIATION, Kind.RISKS)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        self.ctx = ctx
        critical = default_matrix().level_by_id("critical")
        bg, fg = QColor(critical.color), QColor(critical.text)

        def risk_title(item: RemediationItem) -> str:
            if item.risk_id is None:
                return ""
            return next((r.title for r in ctx.session.risks if r.id == item.risk_id), "")

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
            Column("Priority", lambda i: i.priority, "priority", "enum", Priority),
            Column("Effort", lambda i: i.effort, "effort", "enum", Effort),
            Column("Done on", lambda i: i.completed_date, "completed_date", "date"),
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
        self.fit_columns([18, 11, 9, 10, 7, 6, 6, 7, 10], stretch=0)

    def refresh(self, changes: Changes) -> None:
        self.model.reload()

    def _save_cell(self, item: RemediationItem, changes: dict[str, Any]) -> Any:
        s = self.ctx.session
        if "status" in changes:
            return self.ctx.attempt(lambda: s.set_item_status(item, changes["status"]))
        return self.ctx.attempt(lambda: s.update(item, **changes))

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
