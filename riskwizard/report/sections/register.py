"""The risk register (landscape): open risks, then dismissed and merged ones."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
)

from riskwizard.domain.model import (
    Risk,
    RiskStatus,
)
from riskwizard.report.context import LIVE, Context
from riskwizard.report.fonts import markup
from riskwizard.report.layout import (
    data_table,
)
from riskwizard.report.wording import cap, plural, words
from riskwizard.report.writer import Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = [NextPageTemplate("landscape"), PageBreak(),
                           w.heading("Risk register", 0)]
    if ctx.live_risks:
        out.append(Paragraph(
            f"{len(ctx.live_risks)} open risks (draft or confirmed), most serious first. "
            "Likelihood and impact are rated 1 to 5 (see Methodology); the level follows "
            "from the risk matrix.", s.body))
        out.extend(register_table(ctx, w))
    elif ctx.risks:
        out.append(Paragraph("No open risks: every risk recorded was dismissed or merged "
                             "into another (below).", s.body))
    else:
        out.append(Paragraph("No risks recorded yet.", s.body))
    out.extend(closed_risks(w, [r for r in ctx.risks if r.status not in LIVE]))
    return out


def register_table(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = []
    rows: list[list[Any]] = [w.head_row("ID", "Risk", "Assets and sites", "Likeli­hood",
                                           "Impact", "Level", "Treatment", "Status")]
    extra: list[tuple[Any, ...]] = []
    for i, r in enumerate(sorted(ctx.live_risks, key=ctx.risk_order), 1):
        lv = ctx.level(r)
        chip, (_cmd, color) = w.level_cell(lv)
        extra.append(("BACKGROUND", (5, i), (5, i), color))
        desc = [markup(r.title) and f"<b>{markup(cap(r.title, 400))}</b>"]
        if r.threat:
            desc.append(f"<font color='#5B6675'>Threat:</font> {markup(cap(r.threat, 400))}")
        if r.vulnerability:
            desc.append(f"<font color='#5B6675'>Vulnerability:</font> "
                        f"{markup(cap(r.vulnerability, 400))}")
        cell_desc = [w.para("<br/>".join(d for d in desc if d), s.cell)]
        if r.notes.strip():
            cell_desc.append(w.cell(r.notes, s.cell, f"Risk R-{r.id} notes"))
        rows.append([
            Paragraph(f"R-{r.id}", s.cell), cell_desc,
            w.cell(where(ctx, r), s.cell, f"Risk R-{r.id} assets and sites"),
            Paragraph(f"{r.likelihood} {ctx.matrix.likelihood_name(r.likelihood)}", s.cell),
            Paragraph(f"{r.impact} {ctx.matrix.impact_name(r.impact)}", s.cell),
            chip, Paragraph(words(r.treatment), s.cell),
            Paragraph(words(r.status), s.cell)])
    widths = [0.45, 3.4, 1.75, 0.75, 0.75, 0.7, 0.7, 0.8]
    out.append(data_table(rows, [w * inch for w in widths], extra=extra))
    out.extend(w.overflow())
    return out


def closed_risks(w: Writer, closed: list[Risk]) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = []
    if closed:
        out.append(w.heading("Dismissed and merged risks", 1, in_toc=False))
        out.append(Paragraph(
            f"{plural(len(closed), 'risk was', 'risks were')} dismissed or merged into "
            "another and are not counted as open.", s.body))
        rows = [w.head_row("ID", "Risk", "Status", "Notes")]
        for r in closed:
            status = words(r.status)
            if r.status is RiskStatus.MERGED and r.merged_into:
                status += f" into R-{r.merged_into}"
            rows.append([Paragraph(f"R-{r.id}", s.cell),
                         w.cell(r.title, s.cell, f"Risk R-{r.id}"),
                         Paragraph(status, s.cell),
                         w.cell(r.notes or "—", s.cell, f"Risk R-{r.id} notes")])
        out.append(data_table(rows, [0.45 * inch, 4.0 * inch, 1.4 * inch, 3.45 * inch]))
        out.extend(w.overflow())
    return out


def where(ctx: Context, r: Risk) -> str:
    names = [ctx.assets[i].name for i in r.asset_ids if i in ctx.assets]
    sites = [ctx.sites[i].name for i in r.site_ids if i in ctx.sites]
    parts = []
    if names:
        parts.append("; ".join(names))
    if sites:
        parts.append("Sites: " + "; ".join(sites))
    return "\n".join(parts) or "—"
