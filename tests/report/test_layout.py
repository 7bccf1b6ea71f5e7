"""The report's page machinery on its own, in real PDFs parsed back: long tables laid out a
page at a time (every row once, in order, the header on every page, nothing past the
bottom margin), and the single pass's page numbers drawn at the end (the contents, the
elements table and "Page X of Y" say the pages the headings landed on); a plain cell's
lines fit their column."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import PageBreak, Paragraph, Spacer

from riskwizard.report import caps
from riskwizard.report.fonts import MAIN, register_fonts
from riskwizard.report.layout import (
    MARGIN_BOTTOM,
    ElementIndex,
    Heading,
    PagedTable,
    PageInfo,
    ReportDocument,
    RowCells,
    Styles,
    contents,
)
from riskwizard.report.writer import PORTRAIT_WIDTH, Writer

INFO = PageInfo(practice_name="Layout Test Clinic", assessment_title="2026 analysis",
                report_date=date(2026, 11, 24), draft=False)


@pytest.fixture(autouse=True, scope="module")
def fonts() -> None:
    register_fonts()


def build(story: list[Any]) -> tuple[list[str], pypdf.PdfReader, int]:
    buffer = io.BytesIO()
    doc = ReportDocument(buffer, INFO, title="t", author="a", subject="s")
    doc.build(story)
    reader = pypdf.PdfReader(io.BytesIO(buffer.getvalue()))
    return [p.extract_text() for p in reader.pages], reader, doc.page


def table(lines: list[int], writer: Writer) -> PagedTable:
    """Row i: "row-i-end" after ``lines[i]`` lines of text in its second cell."""
    def row(i: int) -> RowCells:
        text = "\n".join(f"line {k}" for k in range(lines[i] - 1))
        cmds = [("TEXTCOLOR", (0, 0), (0, 0), "#B3261E")] if i % 3 == 0 else []
        return [f"row-{i}-end", text or "one", writer.fast_cell(f"note {i}", 100, caps.LINE)], cmds

    return PagedTable(writer.head_row("Record", "Lines", "Note"), list(range(len(lines))),
                      row, [1.5 * 72, 2 * 72, PORTRAIT_WIDTH - 3.5 * 72])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=260),
       lead=st.integers(min_value=0, max_value=40))
def test_paged_table_prints_every_row_once_in_order(lines: list[int], lead: int) -> None:
    w = Writer()
    story: list[Any] = [Paragraph("Filler line. " * 8, w.s.body) for _ in range(lead)]
    story.append(table(lines, w))
    texts, reader, pages = build(story)
    found = [int(m) for t in texts for m in re.findall(r"row-(\d+)-end", t)]
    assert found == list(range(len(lines)))
    for t in texts:
        if "row-" in t:
            assert "Record" in t and "Lines" in t  # the header on every page of the table
    assert pages == len(reader.pages)


def test_paged_table_stays_inside_the_page() -> None:
    """Rows of every height: nothing is drawn below the bottom margin."""
    w = Writer()
    lines = [1 + (i * 7) % 9 for i in range(400)]
    _texts, reader, _ = build([table(lines, w)])
    lowest: list[float] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip().startswith(("row-", "line ", "one", "note")):
            lowest.append(tm[5] * cm[3] + cm[5])

    for page in reader.pages:
        lowest.clear()
        page.extract_text(visitor_text=visit)
        assert lowest and min(lowest) >= MARGIN_BOTTOM - 1


def test_single_pass_fills_in_contents_elements_and_page_totals() -> None:
    s = Styles.make()
    story: list[Any] = [Heading("Contents", s.h1, 0, "h0", in_toc=False), contents(s),
                        ElementIndex(["Scope", "Likelihood"], s), PageBreak()]
    for n in range(1, 8):
        story.append(Heading(f"Section number {n}", s.h1, 0, f"h{n}",
                             elements=("Scope",) if n == 5 else ()))
        story.extend(Paragraph("Words of the section. " * 30, s.body) for _ in range(n * 2))
    texts, reader, pages = build(story)
    assert pages == len(texts)
    for i, text in enumerate(texts, 1):
        assert f"Page {i} of {pages}" in text
    first = texts[0]
    for n in range(1, 8):
        page = next(i for i, t in enumerate(texts, 1) if f"Section number {n}" in t and i > 1)
        m = re.search(rf"(\d+)\s*\nSection number {n}\n", first)
        assert m and int(m.group(1)) == page, n
        if n == 5:
            row = re.search(r"Scope\s+Section number 5\s+(\d+)", first)
            assert row and int(row.group(1)) == page
    assert "Likelihood" not in first  # no heading holds it: no row


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzW@.-_0123456789",
                              min_size=1, max_size=60), min_size=1, max_size=8),
       width=st.floats(min_value=20, max_value=300))
def test_plain_cell_lines_fit_their_column(words: list[str], width: float) -> None:
    """A plain table cell never runs past its column: long words (e-mail addresses,
    links) are broken where they reach the edge, and no character is lost."""
    text = " ".join(words)
    cell = Writer().fast_cell(text, width, caps.Cap(600, 6))
    assert isinstance(cell, str)
    lines = cell.split("\n")
    assert all(stringWidth(line, MAIN, 8) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def _lines_of(texts: list[str], tag: str) -> list[int]:
    """How many lines of each page hold a word of the paragraph tagged ``tag``."""
    return [sum(1 for line in t.split("\n") if tag in line) for t in texts]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paras=st.lists(st.tuples(st.integers(min_value=1, max_value=160),
                                st.sampled_from(["body", "note", "field", "small"]),
                                st.booleans()), min_size=1, max_size=40),
       lead=st.integers(min_value=0, max_value=600))
def test_no_paragraph_leaves_a_lone_line_on_a_page(paras: list[tuple[int, str, bool]],
                                                   lead: int) -> None:
    """Generated paragraphs of every length in the report's text styles, some under a
    heading, from any point of the page: a paragraph split over two pages has two lines at
    least on each (no orphan at the bottom, no widow at the top), and a heading is never
    the last thing on its page."""
    w = Writer()
    story: list[Any] = [w.heading("Lines", 0), Spacer(1, lead)]
    for k, (words, style, headed) in enumerate(paras):
        if headed:
            story.append(w.heading(f"Heading h{k}q", 1))
        story.extend(w.long(" ".join(f"p{k}w{j}" for j in range(words)), getattr(w.s, style)))
    texts, _reader, _pages = build(story)
    for k, (_words, _style, headed) in enumerate(paras):
        on = [n for n in _lines_of(texts, f"p{k}w") if n]
        assert sum(on) >= 1
        if len(on) > 1:
            assert min(on) >= 2, (k, on)
        if headed:  # the heading's page holds the start of its paragraph
            page = next(i for i, t in enumerate(texts) if f"h{k}q" in t)
            assert re.search(rf"\bp{k}w0\b", texts[page]), k
