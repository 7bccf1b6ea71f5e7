"""The PDF report for the demo and the large practice, against a floor: plain reportlab
paragraphs and tables (the same embedded font, Paragraph cells, one build pass) of the same
page count, built in the same run.

    .venv/bin/python benchmarks/bench_report.py [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import HEADER, median, row  # noqa: E402
from reportlab.lib.pagesizes import letter  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import inch  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table  # noqa: E402

from riskwizard.domain.demo import build_demo  # noqa: E402
from riskwizard.report import render_report  # noqa: E402
from riskwizard.report.fonts import MAIN, register_fonts  # noqa: E402
from riskwizard.resources import installed_questionnaire  # noqa: E402

TODAY = date(2026, 11, 24)


def floor_pdf(units: int) -> tuple[bytes, int]:
    """``units`` blocks of a heading, a paragraph and a 12-row table of Paragraph cells."""
    style = ParagraphStyle("f", fontName=MAIN, fontSize=8, leading=10.5)
    body = ParagraphStyle("b", fontName=MAIN, fontSize=9.5, leading=13.5)
    story = []
    for u in range(units):
        story.append(Paragraph(f"Section {u}", body))
        story.append(Paragraph("Plain paragraph text of a typical length, long enough to wrap "
                               "onto a second line at this width. " * 2, body))
        rows = [[Paragraph(f"Cell {u}.{r}.{c} some words", style) for c in range(7)]
                for r in range(12)]
        story.append(Table(rows, colWidths=[0.97 * inch] * 7, repeatRows=1))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=letter)
    doc.build(story)
    return buf.getvalue(), doc.page


def floor_for(pages: int) -> tuple[float, int]:
    """Time of a floor build with (about) ``pages`` pages."""
    _, per = floor_pdf(20)
    units = max(1, round(20 * pages / per))
    for _ in range(6):
        _, got = floor_pdf(units)
        if got == pages:
            break
        units = max(1, units + round((pages - got) * 20 / per) or (1 if got < pages else -1))
    start = time.perf_counter()
    _, got = floor_pdf(units)
    return time.perf_counter() - start, got


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    questionnaire = installed_questionnaire()
    register_fonts()
    print(HEADER)
    for size in ("small", "large"):
        data = build_demo(questionnaire, size, TODAY)
        ours, floors, pages, floor_pages = [], [], 0, 0
        for _ in range(args.runs if size == "small" else max(1, args.runs - 1)):
            start = time.perf_counter()
            _pdf, pages = render_report(data, questionnaire, today=TODAY)
            ours.append(time.perf_counter() - start)
            elapsed, floor_pages = floor_for(pages)
            floors.append(elapsed)
        print(row(f"report, {'demo' if size == 'small' else 'large'} practice ({pages} pages; "
                  f"floor {floor_pages})", median(ours), median(floors), target="ratio <= 2"))


if __name__ == "__main__":
    main()
