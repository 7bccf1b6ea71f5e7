"""The report's last element: "End of report", after the last appendix, so that whoever holds
the last page sees the report is complete (which practice, which assessment, the report date,
how many pages, the fingerprint the sign-off page gives) and that nothing follows."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from riskwizard.report import caps
from riskwizard.report.context import Context
from riskwizard.report.fonts import MONO
from riskwizard.report.layout import NAVY, RULE, page_ref
from riskwizard.report.wording import long_date
from riskwizard.report.writer import PORTRAIT_WIDTH, Writer

END = "End of report"


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    label_width = 1.6 * inch
    width = PORTRAIT_WIDTH - label_width
    title = ParagraphStyle("end", parent=s.h3, alignment=TA_CENTER, textColor=NAVY,
                           spaceBefore=0, keepWithNext=0)
    mono = ParagraphStyle("end-mono", parent=s.small, fontName=MONO)
    state = " (DRAFT: assessment incomplete)" if ctx.draft else ""
    rows = [
        ("Practice", w.para(caps.name(ctx.data.practice.name) or "—", s.small,
                            "the practice name")),
        ("Assessment", w.para(caps.name(ctx.assessment.title) + state, s.small,
                              "the assessment's title")),
        ("Report date", Paragraph(long_date(ctx.today), s.small)),
        ("Pages", Paragraph(page_ref("total", "", f"{width - 8:.3f}"), s.small)),
        ("Assessment fingerprint", Paragraph(ctx.fingerprint, mono)),
    ]
    table = Table([[Paragraph(k, s.muted), v] for k, v in rows],
                  colWidths=[label_width, width], hAlign="LEFT")
    table.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 0.8, NAVY),
                               ("LINEBELOW", (0, -1), (-1, -1), 0.8, NAVY),
                               ("LINEBELOW", (0, 0), (-1, -2), 0.25, RULE),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 4),
                               ("TOPPADDING", (0, 0), (-1, -1), 3),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    note = ParagraphStyle("end-note", parent=s.muted, alignment=TA_CENTER)
    return [Spacer(1, 0.4 * inch), KeepTogether([
        Paragraph(END, title), Spacer(1, 4), table, Spacer(1, 6),
        Paragraph("Nothing follows. The fingerprint is the one on the sign-off page: a copy "
                  "of the practice file that gives it holds exactly the answers, risks and "
                  "plan of this report.", note)])]
