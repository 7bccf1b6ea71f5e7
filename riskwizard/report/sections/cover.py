"""The cover page: title, practice, period, people, confidentiality."""

from __future__ import annotations

import io
import re

from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    Image,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from riskwizard.report import caps
from riskwizard.report.context import Context
from riskwizard.report.fonts import markup
from riskwizard.report.layout import (
    ALERT,
    ALERT_BG,
    NAVY,
    RULE,
)
from riskwizard.report.wording import long_date
from riskwizard.report.writer import PORTRAIT_WIDTH, Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    p, a = ctx.data.practice, ctx.assessment
    out: list[Flowable] = []
    image = logo(ctx)
    top: list[Flowable] = [
        Paragraph("HIPAA SECURITY RULE · 45 CFR 164.308(a)(1)(ii)(A)", s.cover_label),
        Spacer(1, 6),
        *cover_title(w, a.title),
    ]
    if image is not None:
        out.append(Table([[top, image]], colWidths=[PORTRAIT_WIDTH - 2.1 * inch, 2.1 * inch],
                         style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                           ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                           ("RIGHTPADDING", (0, 0), (-1, -1), 0)])))
    else:
        out.extend(top)
    out.append(Spacer(1, 0.45 * inch))
    out.append(HRFlowable(width="100%", thickness=2, color=NAVY, spaceAfter=14))
    out.append(w.para(caps.capped(p.name, caps.LINE), s.cover_name, "the practice name"))
    address = caps.cut(p.address, caps.LINE)
    for line in address.shown.split("\n"):
        if line.strip():
            out.append(w.text(line, s.cover_text, "the practice's address"))
    if address.was_cut:
        out.append(w.para(caps.left_out(address.left), s.cover_text))
    out.append(Spacer(1, 0.3 * inch))
    scope = [ctx.sites[i].name for i in a.scope_site_ids if i in ctx.sites]
    period = (f"{long_date(a.period_start)} to {long_date(a.period_end)}"
              if a.period_start or a.period_end else "not set")
    status = (f"Draft: the assessment is not complete ({'; '.join(ctx.open_points)})"
              if ctx.draft else "Complete")
    # our words as markup; the people and sites named within their caps
    rows: list[tuple[str, str]] = [
        ("Assessment period", period),
        ("Report date", long_date(ctx.today)),
        ("Assessment started", long_date(a.started_on)),
        ("Status", markup(status)),
        ("Assessed by", caps.name(p.assessor) or "not recorded"),
        ("Security official", caps.name(p.security_official) or "not recorded"),
        ("Privacy official", caps.name(p.privacy_official) or "not recorded"),
        ("Scope", caps.capped("; ".join(scope), caps.LINE) if scope
         else "the whole practice"),
    ]
    table = Table([[Paragraph(k.upper(), s.cover_label),
                    w.para(v, s.cover_text, f"the cover's {k.lower()}")]
                   for k, v in rows], colWidths=[1.7 * inch, PORTRAIT_WIDTH - 1.7 * inch],
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (0, -1), 6),
        ("LINEBELOW", (0, 0), (-1, -2), 0.25, RULE),
    ]))
    out.append(table)
    out.append(Spacer(1, 0.45 * inch))
    box = Table([[Paragraph(
        "<b>CONFIDENTIAL.</b> This report describes security weaknesses of the practice "
        "and how they could be exploited. Keep it locked away and share it only with "
        "people who need it. Keep it, with the documents it refers to, for at least six "
        "years from the date it was last in effect (45 CFR 164.316(b)(2)).", s.small)]],
        colWidths=[PORTRAIT_WIDTH])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, ALERT),
                             ("BACKGROUND", (0, 0), (-1, -1), ALERT_BG),
                             ("LEFTPADDING", (0, 0), (-1, -1), 10),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                             ("TOPPADDING", (0, 0), (-1, -1), 8),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 9)]))
    out.append(box)
    out.append(NextPageTemplate("portrait"))
    out.append(PageBreak())
    return out


def cover_title(w: Writer, title: str) -> list[Flowable]:
    """"Security Risk Analysis" and the assessment's title, without saying it twice:
    a title such as "2026 security risk analysis" becomes the heading itself."""
    s = w.s
    short = caps.cut(" ".join(title.split()), caps.NAME)
    found = re.search(r"security\s+risk\s+analysis", short.shown, re.IGNORECASE)
    if found is None or short.was_cut:
        return [Paragraph("Security Risk Analysis", s.cover_title),
                w.para(caps.name(title), s.cover_text, "the assessment's title")]
    shown = short.shown
    heading = shown[:found.start()] + "Security Risk Analysis" + shown[found.end():]
    return [w.para(markup(heading[:1].upper() + heading[1:]), s.cover_title,
                   "the assessment's title")]


def logo(ctx: Context) -> Flowable | None:
    raw = ctx.data.practice.logo_png
    if not raw:
        return None
    try:
        from reportlab.lib.utils import ImageReader

        reader = ImageReader(io.BytesIO(raw))
        w, h = reader.getSize()
        if w <= 0 or h <= 0:
            return None
        scale = min(2.0 * inch / w, 1.1 * inch / h)
        img = Image(io.BytesIO(raw), width=w * scale, height=h * scale)
        img.hAlign = "RIGHT"
        return img
    except Exception:  # a damaged logo must not stop the report
        return None
