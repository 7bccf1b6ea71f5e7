"""The remediation plan (landscape)."""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
)

from riskwizard.domain.labels import label
from riskwizard.domain.model import (
    PRIORITY_ORDER,
    RemediationStatus,
)
from riskwizard.report.context import Context
from riskwizard.report.elements import PLAN
from riskwizard.report.layout import (
    ALERT_BG,
    data_table,
)
from riskwizard.report.wording import iso, plural, words
from riskwizard.report.writer import LANDSCAPE_WIDTH, Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = [PageBreak(), w.heading("Remediation plan", 0, elements=(PLAN,))]
    items = sorted(ctx.items, key=lambda i: (PRIORITY_ORDER[i.priority],
                                             i.due_date or date.max, i.id))
    if not items:
        out.append(Paragraph("No remediation actions yet.", s.body))
        return out
    overdue = sum(1 for i in items if i.is_overdue(ctx.today))
    done = sum(1 for i in items if i.status is RemediationStatus.DONE)
    overdue_text = f"{overdue} overdue (marked in red)" if overdue else "none overdue"
    out.append(Paragraph(
        f"{plural(len(items), 'action')}, by priority and then due date: {done} done, "
        f"{overdue_text}.", s.body))
    rows: list[list[Any]] = [w.head_row("#", "Action", "For risk", "Owner", "Due",
                                           "Priority", "Effort", "Status")]
    extra: list[tuple[Any, ...]] = []
    for n, item in enumerate(items, 1):
        w.field = f"remediation action {item.id}"
        late = item.is_overdue(ctx.today)
        risk = ctx.risk_by_id.get(item.risk_id) if item.risk_id else None
        due = iso(item.due_date)
        if late:
            due += "<br/><b>OVERDUE</b>"
            extra.append(("BACKGROUND", (0, n), (-1, n), ALERT_BG))
        status = label(item.status)
        if item.status is RemediationStatus.DONE and item.completed_date:
            status += f"<br/><font color='#5B6675'>{iso(item.completed_date)}</font>"
        action: list[Flowable] = [w.cell(item.action, s.cell, f"Action {n}")]
        if item.notes.strip():
            action.append(w.cell(item.notes, s.muted, f"Action {n} notes"))
        rows.append([
            Paragraph(str(n), s.cell), action,
            w.cell(f"R-{risk.id} {risk.title}" if risk else "—", s.cell,
                      f"Action {n} risk"),
            w.cell(item.owner or "—", s.cell, f"Action {n} owner"),
            Paragraph(due, w.alert_cell if late else s.cell),
            Paragraph(words(item.priority), s.cell), Paragraph(words(item.effort), s.cell),
            Paragraph(status, s.cell)])
    widths = [0.3, 3.05, 1.75, 1.25, 0.8, 0.6, 0.6, 0.0]
    widths[-1] = LANDSCAPE_WIDTH / inch - sum(widths[:-1])
    out.append(data_table(rows, [w * inch for w in widths], extra=extra))
    out.extend(w.overflow())
    return out
