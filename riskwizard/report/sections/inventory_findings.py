"""Findings from the inventory: where the answers and the inventory disagree (a laptop not
encrypted though the answers say every device is, a vendor without an agreement)."""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph

from riskwizard.report import caps
from riskwizard.report.context import Context
from riskwizard.report.wording import plural
from riskwizard.report.writer import Writer

FULL_LISTS = "the records are listed under Scope and in the full inventory"


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    found = ctx.inventory_findings
    out: list[Flowable] = [CondPageBreak(2 * inch),
                           w.heading("Findings from the inventory", 0)]
    if ctx.analysis is None:
        out.append(Paragraph("The inventory could not be checked against the answers for "
                             "this report.", s.body))
        return out
    if not found:
        out.append(Paragraph(
            "The inventory of sites, assets and vendors was checked against the answers: "
            "nothing in it contradicts them.", s.body))
        return out
    out.append(Paragraph(
        f"Where the answers and the inventory disagree: {plural(len(found), 'fact')} in "
        "the inventory of sites, assets and vendors "
        f"{'shows' if len(found) == 1 else 'show'} a weakness the answers alone do not "
        "(or contradict an answer). Each names the records; the risks they raise are in "
        "the risk register.", s.body))
    for f in found:
        out.append(KeepTogether([
            w.para(f"<b>{caps.capped(f.title, caps.LINE)}</b>", s.field),
            w.para(caps.capped(f.detail, caps.FIELD, FULL_LISTS), s.note)]))
    return out
