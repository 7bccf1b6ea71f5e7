"""The table of contents."""

from __future__ import annotations

from reportlab.platypus import (
    Flowable,
    PageBreak,
)

from riskwizard.report.context import Context
from riskwizard.report.layout import (
    contents,
)
from riskwizard.report.writer import Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    return [w.heading("Contents", 0, in_toc=False), contents(w.s), PageBreak()]
