"""Asset and vendor inventories and sites (landscape)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
)

from riskwizard.report.context import Context
from riskwizard.report.fonts import MAIN_BOLD, markup
from riskwizard.report.layout import (
    ALERT,
    ALERT_BG,
    data_table,
)
from riskwizard.report.wording import iso, plural, words
from riskwizard.report.writer import LANDSCAPE_WIDTH, Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = [PageBreak(), w.heading("Asset inventory", 0)]
    assets = ctx.data.assets
    ephi = sum(1 for a in assets if a.holds_ephi)
    out.append(Paragraph(
        f"{plural(len(assets), 'asset')}, {ephi} of them holding or reaching patient "
        "information (ePHI)." if assets else "No assets recorded yet.", s.body))
    rows: list[list[Any]] = [w.head_row("Asset", "Kind", "Site", "Owner", "ePHI",
                                           "Encrypted", "Status", "Notes")]
    extra: list[tuple[Any, ...]] = []
    cell, alert = s.cell, ParagraphStyle("alert", parent=s.cell_bold, textColor=ALERT)
    for n, a in enumerate(assets, 1):
        site_name = ctx.sites[a.site_id].name if a.site_id in ctx.sites else "—"
        unprotected = a.holds_ephi and a.encrypted_at_rest.value in ("no", "unknown")
        # fixed words are plain strings: thousands of rows lay out much faster
        rows.append([w.cell(a.name, cell, "Asset"), words(a.kind),
                     w.cell(site_name, cell, "Site"),
                     w.cell(a.owner or "—", cell, "Owner"),
                     "Yes" if a.holds_ephi else "No", words(a.encrypted_at_rest),
                     words(a.disposal_status),
                     w.cell(a.notes, s.cell, "Asset notes") if a.notes else ""])
        if unprotected:
            extra.append(("TEXTCOLOR", (5, n), (5, n), ALERT))
            extra.append(("FONTNAME", (5, n), (5, n), MAIN_BOLD))
    widths = [1.9, 1.0, 1.35, 1.5, 0.45, 0.75, 0.85]
    widths.append(LANDSCAPE_WIDTH / inch - sum(widths))
    if assets:
        out.append(data_table(rows, [w * inch for w in widths], extra=extra))
        out.extend(w.overflow())

    out.append(PageBreak())
    out.append(w.heading("Vendors and business associate agreements", 0))
    vendors = ctx.data.vendors
    problems = [(v, v.baa_problem(ctx.today)) for v in vendors]
    bad = sum(1 for _, p in problems if p)
    out.append(Paragraph(
        f"{plural(len(vendors), 'vendor')}, {sum(1 for v in vendors if v.handles_ephi)} "
        f"of them handling patient information. <b>{bad} need attention</b> (highlighted): "
        "a business associate must sign a BAA before it handles patient information "
        "(45 CFR 164.308(b), 164.314(a))." if vendors else "No vendors recorded yet.",
        s.body))
    rows = [w.head_row("Vendor", "Service", "ePHI", "BAA signed", "BAA date",
                          "BAA expires", "Attention", "Contact")]
    extra = []
    for n, (v, problem) in enumerate(problems, 1):
        if problem:
            extra.append(("BACKGROUND", (0, n), (-1, n), ALERT_BG))
        rows.append([w.cell(v.name, s.cell_bold if problem else cell, "Vendor"),
                     w.cell(v.service or "—", cell, "Service"),
                     "Yes" if v.handles_ephi else "No", "Yes" if v.baa_signed else "No",
                     iso(v.baa_date), iso(v.baa_expiry),
                     Paragraph(problem.upper(), alert) if problem else "—",
                     w.cell(v.contact or "—", cell, "Contact")])
        if v.notes.strip():
            rows[-1][1] = [rows[-1][1], w.cell(v.notes, s.muted,
                                                  f"Vendor {markup(v.name)[:60]} notes")]
    widths = [1.9, 1.8, 0.45, 0.6, 0.8, 0.8, 1.15]
    widths.append(LANDSCAPE_WIDTH / inch - sum(widths))
    if vendors:
        out.append(data_table(rows, [w * inch for w in widths], extra=extra,
                              stripes=True))
        out.extend(w.overflow())
    if ctx.data.sites:
        out.append(w.heading("Sites", 1, in_toc=False))
        rows = [w.head_row("Site", "Address", "In scope", "Notes")]
        scope = set(ctx.assessment.scope_site_ids)
        for site in ctx.data.sites:
            rows.append([w.cell(site.name, cell, "Site"),
                         w.cell(site.address or "—", cell, "Site address"),
                         Paragraph("Yes" if not scope or site.id in scope else "No", cell),
                         w.cell(site.notes or "", cell, "Site notes")])
        out.append(data_table(rows, [2.2 * inch, 3.3 * inch, 0.7 * inch,
                                     LANDSCAPE_WIDTH - 6.2 * inch]))
        out.extend(w.overflow())
    out.append(NextPageTemplate("portrait"))
    out.append(PageBreak())
    return out
