"""The "Changes since the previous assessment" section, on the large demo (five years)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from riskwizard.domain.comparison import Comparison, compare
from riskwizard.domain.model import PracticeData
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.report import render_report
from tests.report.conftest import TODAY, Built, build

pytestmark = pytest.mark.slow  # builds full PDF reports

TITLE = "Changes since the previous assessment"


@pytest.fixture(scope="module")
def latest_report(five_years: PracticeData, questionnaire: Questionnaire,
                  report_dir: Path) -> Built:
    return build(five_years, questionnaire, report_dir / "five-years.pdf")


@pytest.fixture(scope="module")
def comparison(five_years: PracticeData, questionnaire: Questionnaire) -> Comparison:
    return compare(questionnaire, five_years.answers_for(4), five_years.answers_for(5))


def section_text(built: Built) -> str:
    """The section's text, from its heading to the next section's, whitespace collapsed."""
    flat = built.flat
    start = flat.index(TITLE, flat.index("Executive summary", flat.index("Contents") + 200))
    return flat[start:flat.index("Each finding is an answer", start)]


def test_section_follows_the_summary_in_contents_and_bookmarks(latest_report: Built) -> None:
    reader = latest_report.reader
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    i = titles.index(TITLE)
    # the latest assessment is in progress by its record, so "Draft status" may come next
    assert titles[i - 1] == "Executive summary"
    assert titles[i + 1] in ("Findings by safeguard", "Draft status: what is missing")
    item = next(o for o in reader.outline if not isinstance(o, list) and o.title == TITLE)
    page = reader.get_destination_page_number(item) + 1
    assert TITLE in latest_report.texts[page - 1]
    contents = latest_report.contents
    m = re.search(rf"(\d+)\s*\n{re.escape(TITLE)}\n", contents)
    assert m and int(m.group(1)) == page


def test_counts_match_the_comparison(latest_report: Built, comparison: Comparison) -> None:
    text = section_text(latest_report)
    assert "compared with the one before it, 2025 security risk analysis" in text
    figures = (f"{len(comparison.closed)} {len(comparison.new_gaps)} "
               f"{len(comparison.still_open)} {len(comparison.changed)} gaps closed new gaps "
               "gaps still open answers changed")
    assert figures in text
    assert f"Gaps closed ({len(comparison.closed)})" in text
    assert f"New gaps ({len(comparison.new_gaps)})" in text
    assert f"Other answers that changed ({len(comparison.other_changes())})" in text
    for name, counts in comparison.by_module.items():
        assert counts.closed + counts.new_gaps + counts.changed + counts.still_open > 0, name


def test_tables_list_each_change_with_section_and_before_after(
        latest_report: Built, comparison: Comparison, questionnaire: Questionnaire) -> None:
    text = section_text(latest_report)
    closed_part = text[text.index("Gaps closed ("):text.index("New gaps (")]
    new_part = text[text.index("New gaps ("):text.index("Other answers that changed (")]
    other_part = text[text.index("Other answers that changed ("):]
    for part, changes in ((closed_part, comparison.closed), (new_part, comparison.new_gaps),
                          (other_part, comparison.other_changes())):
        # a table with its header when there is something to list, else one sentence
        assert ("Question Section Before → after" in part) == bool(changes), part[:200]
        for c in changes:
            module = questionnaire.module(c.question.module_id).title
            row = f"{c.question.title} {module} {c.before_text} → {c.after_text}"
            assert row in part, row


def test_no_section_without_a_previous_assessment(demo_report: Built,
                                                  five_years: PracticeData,
                                                  questionnaire: Questionnaire) -> None:
    assert TITLE not in demo_report.outline_titles()
    assert TITLE not in demo_report.text
    pdf, _ = render_report(five_years, questionnaire, assessment_id=1, today=TODAY)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert TITLE not in "".join(p.extract_text() for p in reader.pages[:6])


def test_an_earlier_assessment_compares_with_the_one_before_it(
        five_years: PracticeData, questionnaire: Questionnaire) -> None:
    pdf, _ = render_report(five_years, questionnaire, assessment_id=2, today=TODAY)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    flat = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages[:10]))
    assert "compared with the one before it, 2022 security risk analysis" in flat
    c = compare(questionnaire, five_years.answers_for(1), five_years.answers_for(2))
    assert f"Gaps closed ({len(c.closed)})" in flat
