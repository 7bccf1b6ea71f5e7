"""Layout read back from the real PDF: no text runs into the text beside it (a fixed label,
a date or a bold word wider than its column), on every page of the demo, an empty and a
half-answered practice, and of one whose every field is long."""

from __future__ import annotations

import random
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from riskwizard.domain.model import PracticeData
from riskwizard.domain.questionnaire import Questionnaire
from tests.report.conftest import Built, build
from tests.report.test_report_handover import _stuff

pytestmark = pytest.mark.slow  # builds full PDF reports

WATERMARK = 40.0  # points: a box this tall is the watermark, not a line of text


def overprints(path: Path) -> list[tuple[int, str, str]]:
    """(page, text, text) for each two runs of text on a page whose boxes overlap: one
    printed over the other."""
    found: list[tuple[int, str, str]] = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in range(len(pdf)):
            page = pdf[number].get_textpage()
            boxes = [page.get_rect(i) for i in range(page.count_rects())]
            # the DRAFT watermark lies across the page on purpose: not a run of text
            boxes = sorted((b for b in boxes if b[3] - b[1] < WATERMARK), key=lambda b: b[0])
            for i, (l1, b1, r1, t1) in enumerate(boxes):
                for l2, b2, r2, t2 in boxes[i + 1:]:
                    if l2 >= r1 - 0.5:
                        break  # sorted by left edge: none further right overlaps
                    tall = min(t1 - b1, t2 - b2)
                    if min(t1, t2) - max(b1, b2) > 0.5 * tall and min(r1, r2) - l2 > 0.5:
                        found.append((number + 1, page.get_text_bounded(l1, b1, r1, t1),
                                      page.get_text_bounded(l2, b2, r2, t2)))
    finally:
        pdf.close()
    return found


@pytest.mark.parametrize("name", ["demo_report", "empty_report", "half_report"])
def test_no_text_runs_into_its_neighbour(name: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(name)
    assert overprints(built.path) == []


def test_long_fields_never_run_into_their_neighbours(
        complete_demo: PracticeData, questionnaire: Questionnaire, tmp_path: Path) -> None:
    """2 KB in every field: each is cut where it is printed, and nothing overprints."""
    data = _stuff(complete_demo, random.Random(2), 2_000)
    built = build(data, questionnaire, tmp_path / "long.pdf")
    assert overprints(built.path) == []
    assert "more characters" in built.flat
