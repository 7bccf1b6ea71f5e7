"""The risk register (landscape): open risks, then dismissed and merged ones."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
)

from riskwizard.domain.model import (
    Risk,
    RiskOrigin,
    RiskStatus,
    Treatment,
)
from riskwizard.domain.register import needs_action, treatment_problem
from riskwizard.report.context import LIVE, Context
from riskwizard.report.elements import LIKELIHOOD, MEASURES, THREATS
from riskwizard.report.fonts import markup
from riskwizard.report.layout import (
    data_table,
)
from riskwizard.report.wording import cap, iso, plural, words
from riskwizard.report.writer import Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = [NextPageTemplate("landscape"), PageBreak(),
                           w.heading("Risk register: threats and vulnerabilities", 0,
                                     elements=(THREATS, MEASURES, LIKELIHOOD))]
    if ctx.live_risks:
        out.append(Paragraph(
            f"{len(ctx.live_risks)} open risks (draft or confirmed), most serious first. "
            "Each is a threat exploiting a vulnerability of the records it covers. "
            "<b>Inherent</b> is the likelihood and impact with no safeguards; "
            "<b>current</b> counts the measures in place (from the answers). The level "
            "follows from the risk matrix (see Methodology).", s.body))
        out.extend(register_table(ctx, w))
    elif ctx.risks:
        out.append(Paragraph("No open risks: every risk recorded was dismissed or merged "
                             "into another (below).", s.body))
    else:
        out.append(Paragraph("No risks recorded yet.", s.body))
    out.extend(closed_risks(w, [r for r in ctx.risks if r.status not in LIVE]))
    return out


MUTED_LABEL = "<font color='#5B6675'>{}</font>"
MAX_NAMES = 6


def rating_words(ctx: Context, likelihood: int, impact: int) -> str:
    return (f"{ctx.matrix.likelihood_name(likelihood)} × "
            f"{ctx.matrix.impact_name(impact)}")


REGISTER_CELL = 350  # a cell of a register row; longer text continues below the table


def register_table(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = []
    rows: list[list[Any]] = [w.head_row("ID", "Risk and the records it covers",
                                           "Measures in place and why this rating",
                                           "Inherent (no measures)", "Current level",
                                           "Treatment")]
    extra: list[tuple[Any, ...]] = []
    for i, r in enumerate(sorted(ctx.live_risks, key=ctx.risk_order), 1):
        w.field = f"risk R-{r.id}"
        lv = ctx.level(r)
        inh = ctx.inherent_level(r)
        extra.append(("BACKGROUND", (4, i), (4, i), colors.HexColor(lv.color)))
        desc = [f"<b>{markup(cap(r.title, 200))}</b>"]
        if r.threat:
            desc.append(MUTED_LABEL.format("Threat:") + f" {markup(cap(r.threat, 200))}")
        if r.vulnerability:
            desc.append(MUTED_LABEL.format("Vulnerability:") +
                        f" {markup(cap(r.vulnerability, 200))}")
        covers = where(ctx, r)
        if covers:
            desc.append(MUTED_LABEL.format("Covers:") + f" {markup(cap(covers, 300))}")
        cell_desc: list[Flowable] = [w.para("<br/>".join(desc), s.cell)]
        if r.notes.strip():
            cell_desc.append(w.cell(r.notes, s.cell, f"Risk R-{r.id} notes",
                                    limit=REGISTER_CELL))
        why: list[Flowable] = []
        measures = lines(r.measures)
        why.append(w.para(MUTED_LABEL.format("In place:") + " " +
                          ("; ".join(markup(m) for m in measures) if measures
                           else "none recorded"), s.cell)
                   if sum(len(m) for m in measures) < 500
                   else w.cell("In place: " + "; ".join(measures), s.cell,
                               f"Risk R-{r.id} measures", limit=REGISTER_CELL))
        reasons = lines(r.reasons)
        if reasons:
            why.append(w.cell("Why: " + "\n".join(reasons), s.cell,
                              f"Risk R-{r.id} reasons", limit=REGISTER_CELL))
        if r.uncertain:
            why.append(w.para("<b>Uncertain:</b> the rating rests on “Not sure” answers; "
                              "check them.", w.alert_cell))
        if r.likelihood_override or r.impact_override:
            why.append(w.cell("Rating changed by hand"
                              + (f": {r.override_reason}" if r.override_reason.strip()
                                 else "") + " (derived: "
                              + rating_words(ctx, r.likelihood, r.impact) + ")",
                              s.cell, f"Risk R-{r.id} override", limit=REGISTER_CELL))
        level_style = ParagraphStyle("lvl", parent=s.cell, textColor=colors.HexColor(lv.text))
        current = [Paragraph(f"<b>{lv.name}</b>", level_style),
                   Paragraph(rating_words(ctx, r.rated_likelihood, r.rated_impact),
                             level_style)]
        inherent = [Paragraph(f"<b>{inh.name}</b>", s.cell),
                    Paragraph(rating_words(ctx, r.inherent_likelihood, r.inherent_impact),
                              s.cell)]
        rows.append([Paragraph(f"R-{r.id}", s.cell), cell_desc, why, inherent, current,
                     treatment_cell(ctx, w, r)])
    widths = [0.45, 3.05, 3.0, 0.85, 0.85, 1.1]
    out.append(data_table(rows, [x * inch for x in widths], extra=extra))
    out.extend(w.overflow())
    return out


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def treatment_cell(ctx: Context, w: Writer, r: Risk) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = [Paragraph(f"<b>{words(r.treatment)}</b>", s.cell)]
    if r.treatment in (Treatment.ACCEPT, Treatment.TRANSFER):
        if r.treatment_reason.strip():
            out.append(w.cell(cap(r.treatment_reason, 300), s.cell))
        who = markup(cap(r.decided_by, 80)) if r.decided_by.strip() else "—"
        out.append(w.para(f"Decided by {who}, {iso(r.decided_on)}", s.cell))
        problem = treatment_problem(r)
        if problem:
            out.append(w.para(markup(problem), w.alert_cell))
    elif needs_action(r, ctx.items, ctx.matrix):
        out.append(Paragraph("No action in the plan yet.", w.alert_cell))
    out.append(Paragraph(f"{words(r.status)}"
                         + (" · from an earlier version" if r.origin is RiskOrigin.EARLIER
                            else " · added by hand" if r.origin is RiskOrigin.MANUAL
                            else ""), s.muted))
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
            w.field = f"risk R-{r.id}"
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


def names(found: list[str]) -> str:
    if len(found) <= MAX_NAMES:
        return "; ".join(found)
    return "; ".join(found[:MAX_NAMES]) + f" and {len(found) - MAX_NAMES} more"


def where(ctx: Context, r: Risk) -> str:
    """The records a risk covers: assets, vendors and sites by name (a few of each)."""
    parts = []
    for title, found in (
            ("", [ctx.assets[i].name for i in r.asset_ids if i in ctx.assets]),
            ("Vendors: ", [ctx.vendors[i].name for i in r.vendor_ids if i in ctx.vendors]),
            ("Sites: ", [ctx.sites[i].name for i in r.site_ids if i in ctx.sites])):
        if found:
            parts.append(title + names(found))
    return ". ".join(parts)
