"""The remediation plan (landscape), in the columns of ``PLAN_COLUMNS`` and the window's
order: the open actions that take away the most risk first, then the finished ones."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, PageBreak, Paragraph

from riskwizard.domain import columns
from riskwizard.domain.columns import Column, plan_lookup
from riskwizard.domain.model import RemediationItem, RemediationStatus
from riskwizard.report import caps
from riskwizard.report.context import Context
from riskwizard.report.elements import PLAN
from riskwizard.report.layout import ALERT_BG, data_table
from riskwizard.report.sections.printed import cells, fitted, layout, widths
from riskwizard.report.wording import iso, plural
from riskwizard.report.writer import LANDSCAPE_WIDTH, Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = [PageBreak(), w.heading("Remediation plan", 0, elements=(PLAN,))]
    if not ctx.items:
        out.append(Paragraph("No remediation actions yet.", s.body))
        return out
    lookup = plan_lookup(ctx.risks, ctx.items, ctx.today, ctx.data.sites)
    order = lookup.plan_order
    items = sorted(ctx.items, key=lambda i: (order.get(i.id, len(order) + 1), i.id))
    overdue = sum(1 for i in items if i.is_overdue(ctx.today))
    done = sum(1 for i in items if i.status is RemediationStatus.DONE)
    overdue_text = f"{overdue} overdue (marked in red)" if overdue else "none overdue"
    out.append(Paragraph(
        f"{plural(len(items), 'action')}: the open ones in the order to work in (“Do "
        "first”: those that take away the most risk come first), then the finished ones; "
        f"{done} done, {overdue_text}.", s.body))
    printed = layout(columns.PLAN_COLUMNS)
    heads = [p.head for p in printed]
    more = caps.Continued(w)

    def first(c: Column[RemediationItem], item: RemediationItem) -> list[Flowable] | None:
        if c.key == "risk":  # a risk is named here; the register has all of it
            risk = ctx.risk_by_id.get(item.risk_id) if item.risk_id else None
            return [w.para(f"R-{risk.id} " + caps.capped(risk.title, caps.LINE)
                           if risk else "—", s.cell)]
        if c.key == "owner":
            return [w.para(caps.name(item.owner) or "—", s.cell)]
        if c.key == "due_date" and item.is_overdue(ctx.today):
            return [w.para(f"{iso(item.due_date)}<br/><b>OVERDUE</b>", w.alert_cell)]
        return None

    rows: list[list[Any]] = [w.head_row(*(c.printed for c in heads))]
    extra: list[tuple[Any, ...]] = []
    sizes = widths(heads, LANDSCAPE_WIDTH)
    for n, item in enumerate(items, 1):
        w.field = f"remediation action {item.id}"
        if item.is_overdue(ctx.today):
            extra.append(("BACKGROUND", (0, n), (-1, n), ALERT_BG))

        def make(limits: list[caps.Cap], item: RemediationItem = item,
                 ) -> list[list[Flowable]]:
            return cells(w, more, printed, item, lookup, f"Action {item.id}", limits, first)

        rows.append(fitted(make, sizes, more, caps.CELL))
    out.append(data_table(rows, sizes, extra=extra))
    out.extend(more.below())
    return out

