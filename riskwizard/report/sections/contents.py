"""The table of contents."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Paragraph

from riskwizard.report.context import Context
from riskwizard.report.elements import ELEMENTS
from riskwizard.report.layout import ElementIndex, contents
from riskwizard.report.writer import Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    return [w.heading("Contents", 0, in_toc=False), contents(w.s),
            Paragraph("Where to find each element of the risk analysis", w.s.h2),
            ElementIndex(ELEMENTS, w.s), PageBreak()]
