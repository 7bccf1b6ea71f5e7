"""The risk register (landscape): open risks, then dismissed and merged ones."""

from __future__ import annotations

from dataclasses import replace
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

from riskwizard.domain import columns
from riskwizard.domain.columns import Column, Kind, Lookup, lookup_for
from riskwizard.domain.model import (
    Risk,
    RiskOrigin,
    RiskStatus,
    Treatment,
)
from riskwizard.domain.register import actions_done_note, needs_action, treatment_problem
from riskwizard.report import caps
from riskwizard.report.context import LIVE, Context
from riskwizard.report.elements import LIKELIHOOD, MEASURES, THREATS
from riskwizard.report.fonts import markup
from riskwizard.report.layout import (
    data_table,
)
from riskwizard.report.sections.printed import cells, fitted, layout, table_head, widths
from riskwizard.report.wording import iso, plural, words
from riskwizard.report.writer import LANDSCAPE_WIDTH, Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = [NextPageTemplate("landscape"), PageBreak(),
                           w.heading("Risk register: threats and vulnerabilities", 0,
                                     elements=(THREATS, MEASURES, LIKELIHOOD))]
    if ctx.live_risks:
        out.append(Paragraph(
            f"{len(ctx.live_risks)} open risks (draft or confirmed), most serious first. "
            "Each is a threat exploiting a vulnerability of the records it covers. "
            "<b>Before measures</b> (inherent) is the likelihood and impact with no "
            "safeguards; the <b>current level</b> counts the measures in place (from the "
            "answers). The level follows from the risk matrix (see Methodology).", s.body))
        out.extend(register_table(ctx, w))
    elif ctx.risks:
        out.append(Paragraph("No open risks: every risk recorded was dismissed or merged "
                             "into another (below).", s.body))
    else:
        out.append(Paragraph("No risks recorded yet.", s.body))
    out.extend(closed_risks(w, [r for r in ctx.risks if r.status not in LIVE]))
    return out


MAX_NAMES = 6


def rating_words(ctx: Context, likelihood: int, impact: int) -> str:
    return (f"{ctx.matrix.likelihood_name(likelihood)} × "
            f"{ctx.matrix.impact_name(impact)}")


def register_table(ctx: Context, w: Writer) -> list[Flowable]:
    """The open risks, most serious first, in the columns of ``REGISTER_COLUMNS`` (each
    in its own printed column or as a line within one), with what the report adds: the
    records each risk covers, a rating changed by hand, who decided a treatment."""
    s = w.s
    # what the report adds to the list's columns: the records each risk covers; the
    # measures on one line each is a list, printed as one line to save the row's height
    covers = Column[Risk]("covers", "Covers", lambda r, lookup: where(ctx, r),
                          print_in="title")
    cols = [replace(c, value=_joined) if c.key == "measures" else c
            for c in columns.REGISTER_COLUMNS]
    printed = layout([*cols, covers])
    lookup = lookup_for(ctx.data.sites, ctx.today)
    more = caps.Continued(w, caps.REGISTER_CONTINUED)
    heads = [p.head for p in printed]
    rows: list[list[Any]] = [w.head_row("ID", *(c.printed for c in heads))]
    extra: list[tuple[Any, ...]] = []
    level_at = next((i for i, c in enumerate(heads, 1) if c.key == "level"), -1)

    def first(c: Column[Risk], r: Risk) -> list[Flowable] | None:
        if c.key == "measures" and not r.measures.strip():
            return [Paragraph("None recorded", s.muted)]
        if c.kind is Kind.LEVEL:
            lv = ctx.level(r) if c.key == "level" else ctx.inherent_level(r)
            return [Paragraph(f"<b>{lv.name}</b>", toned("level", r) or s.cell)]
        return None

    def toned(key: str, r: Risk) -> ParagraphStyle | None:
        """The current level's cell: its words in the level's text color."""
        if key != "level":
            return None
        text = ctx.level(r).text
        if text not in tones:
            tones[text] = ParagraphStyle(f"lvl-{text}", parent=s.cell,
                                         textColor=colors.HexColor(text))
        return tones[text]

    tones: dict[str, ParagraphStyle] = {}

    def added(key: str, r: Risk) -> list[Flowable]:
        if key == "measures" and (r.likelihood_override or r.impact_override):
            return [more.cell(r.override_reason, s.cell, f"Risk R-{r.id} rating",
                              cap=caps.REGISTER,
                              prefix=MUTED_LABEL.format("Rating changed by hand")
                              + f" (derived: {rating_words(ctx, r.likelihood, r.impact)})"
                              + (": " if r.override_reason.strip() else ""))]
        if key == "treatment":
            return treatment_cell(ctx, w, r)
        return []

    sizes = [ID_WIDTH, *widths(heads, LANDSCAPE_WIDTH - ID_WIDTH)]
    for i, r in enumerate(sorted(ctx.live_risks, key=ctx.risk_order), 1):
        w.field = f"risk R-{r.id}"
        if level_at >= 0:
            extra.append(("BACKGROUND", (level_at, i), (level_at, i),
                          colors.HexColor(ctx.level(r).color)))

        def make(limits: list[caps.Cap], r: Risk = r) -> list[list[Flowable]]:
            return [[Paragraph(f"R-{r.id}", s.cell)],
                    *cells(w, more, printed, r, lookup, f"Risk R-{r.id}", limits[1:], first,
                           added, bold=("title",), tone=toned)]

        rows.append(fitted(make, sizes, more, caps.REGISTER))
    return [data_table(rows, sizes, extra=extra), *more.below()]


ID_WIDTH = 0.45 * inch
MUTED_LABEL = "<font color='#5B6675'>{}</font>"


def _joined(risk: Risk, lookup: Lookup) -> str:
    return "; ".join(lines(risk.measures))


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def treatment_cell(ctx: Context, w: Writer, r: Risk) -> list[Flowable]:
    """What the register adds to a treatment: who decided an accepted or transferred risk
    and what that decision still lacks, or that the plan has no action for it yet."""
    out: list[Flowable] = []
    if r.treatment in (Treatment.ACCEPT, Treatment.TRANSFER):
        who = caps.name(r.decided_by) if r.decided_by.strip() else "—"
        out.append(w.para(f"Decided by {who}, {iso(r.decided_on)}", w.s.cell))
        problem = treatment_problem(r)
        if problem:
            out.append(w.para(markup(problem), w.alert_cell))
    elif needs_action(r, ctx.items, ctx.matrix):
        out.append(Paragraph("No action in the plan yet.", w.alert_cell))
    done = actions_done_note(r, ctx.items, ctx.matrix)
    if done:
        out.append(Paragraph(done, w.alert_cell))
    if r.origin is not RiskOrigin.DERIVED:
        out.append(Paragraph("From an earlier version" if r.origin is RiskOrigin.EARLIER
                             else "Added by hand", w.s.muted))
    return out


def closed_risks(w: Writer, closed: list[Risk]) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = []
    if closed:
        out.extend(table_head(w, "Dismissed and merged risks", 1, in_toc=False))
        out.append(Paragraph(
            f"{plural(len(closed), 'risk was', 'risks were')} dismissed or merged into "
            "another and are not counted as open.", s.body))
        rows = [w.head_row("ID", "Risk", "Status", "Notes")]
        more = caps.Continued(w)
        for r in closed:
            w.field = f"risk R-{r.id}"
            status = words(r.status)
            if r.status is RiskStatus.MERGED and r.merged_into:
                status += f" into R-{r.merged_into}"
            rows.append([Paragraph(f"R-{r.id}", s.cell),
                         w.para(caps.capped(r.title, caps.LINE), s.cell),
                         Paragraph(status, s.cell),
                         more.cell(r.notes or "—", s.cell, f"Risk R-{r.id} notes",
                                   cap=caps.REGISTER)])
        out.append(data_table(rows, [0.45 * inch, 4.0 * inch, 1.4 * inch, 3.45 * inch]))
        out.extend(more.below())
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
