"""Partial assessments tell the truth: a practice with nothing answered, one half answered, a
new year just started; and the slips a first reader found (blank page, empty tables, the
citation line, the cover title, an emoji no font has)."""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from riskwizard.domain.model import Assessment, PracticeData
from riskwizard.domain.navigation import counted_questions, is_gap, visible_questions
from riskwizard.domain.questionnaire import ModuleKind, Questionnaire
from tests.report.conftest import Built, build

GREEN = "Overall: no open risks"
ALL_WELL = re.compile(r"No findings: all \d+ answers")

pytestmark = pytest.mark.slow  # builds full PDF reports


@pytest.fixture(scope="module")
def new_year_report(complete_demo: PracticeData, questionnaire: Questionnaire,
                    report_dir: Path) -> Built:
    """Last year complete, this year's assessment just started: nothing answered yet."""
    data = copy.deepcopy(complete_demo)
    data.assessments.append(Assessment(
        title="2027 security risk analysis", started_on=date(2027, 1, 5),
        period_start=date(2027, 1, 1), period_end=date(2027, 12, 31),
        questionnaire_versions=questionnaire.versions(), id=2))
    return build(data, questionnaire, report_dir / "new-year.pdf")


def section(built: Built, start: str, end: str) -> str:
    """Flat text from the body's ``start`` (past the contents) to the next ``end``."""
    flat = built.flat
    i = flat.index(start, flat.index(f"Page {built.after_contents + 1} of"))
    return flat[i:flat.index(end, i + len(start))]


def summary_box(built: Built) -> str:
    return section(built, "Executive summary", "Risks by level")


# ------------------------------------------------------------ nothing answered


def test_empty_practice_claims_nothing(empty_report: Built,
                                       questionnaire: Questionnaire) -> None:
    flat = empty_report.flat
    assert GREEN not in flat and "The answers show no open risks" not in flat
    assert not ALL_WELL.search(flat)
    assert "show the safeguard in place" not in flat
    total = len(counted_questions(questionnaire, {}))
    assert f"Not started: none of the {total} questions answered" in summary_box(empty_report)
    findings = section(empty_report, "Findings by safeguard", "Risk register")
    modules = [m for m in questionnaire.modules if m.kind is not ModuleKind.PROFILE
               and visible_questions(questionnaire, {}, m)]
    assert findings.count("Not started: none of the") == len(modules)
    for text in empty_report.texts:
        assert "DRAFT" in text


def test_empty_register_and_plan_say_so(empty_report: Built) -> None:
    flat = empty_report.flat
    register = section(empty_report, "Risk register", "Remediation plan")
    assert "No risks recorded yet." in register and "Likeli" not in register
    plan = section(empty_report, "Remediation plan", "Scope: sites, systems")
    assert "No remediation actions yet." in plan
    assert "0 actions" not in plan and "0 overdue" not in plan and "Owner" not in plan
    assert "No assets recorded yet." in flat and "No vendors recorded yet." in flat


# ------------------------------------------------------------ half answered


def test_half_answered_sections_count_what_is_answered(half_report: Built,
                                                       half_data: PracticeData,
                                                       questionnaire: Questionnaire) -> None:
    answers = half_data.answers_for(1)
    flat = half_report.flat
    assert GREEN not in flat and not ALL_WELL.search(flat)
    findings = section(half_report, "Each finding is an answer", "Risk register")
    partial = 0
    for m in questionnaire.modules:
        qs = visible_questions(questionnaire, answers, m)
        if m.kind is ModuleKind.PROFILE or not qs:
            continue
        given = sum(1 for q in qs if answers.get(q.id) is not None
                    and q.option(answers[q.id].choice) is not None)
        gaps = sum(1 for q in qs if is_gap(q, answers.get(q.id)))
        if 0 < given < len(qs):
            partial += 1
            found = (f"{gaps} finding{'s' if gaps != 1 else ''} so far" if gaps
                     else "no findings among the answered questions")
            assert f"{given} of {len(qs)} answered; {found}" in findings, m.title
    assert partial >= 3


def test_half_answered_summary_is_neutral_and_names_the_worst_level(
        half_report: Built, questionnaire: Questionnaire, half_data: PracticeData) -> None:
    box = summary_box(half_report)
    answers = half_data.answers_for(1)
    # counted over every question that may apply: an unanswered profile question does not
    # drop its modules from the total (issue 13: "52 of 101" when 133 apply)
    qs = counted_questions(questionnaire, answers)
    assert len(qs) > len(visible_questions(questionnaire, answers))
    given = sum(1 for q in qs if answers.get(q.id) and q.option(answers[q.id].choice))
    assert f"Not finished: {given} of {len(qs)} questions answered" in box
    assert "So far, the worst open risks are at the" in box
    assert "Overall:" not in box


def test_complete_demo_unchanged_in_substance(demo_report: Built) -> None:
    box = summary_box(demo_report)
    assert "Overall: " in box and "Not finished" not in box
    findings = section(demo_report, "Each finding is an answer", "Risk register")
    assert "All " in findings and " answered; " in findings
    assert "so far" not in findings and "not started" not in findings.lower()


# ------------------------------------------------------------ changes since last year


def test_changes_of_an_unstarted_year_are_not_changes(new_year_report: Built,
                                                      complete_demo: PracticeData,
                                                      questionnaire: Questionnaire) -> None:
    text = section(new_year_report, "Changes since the previous assessment",
                   "Draft status: what is missing")
    assert "This assessment is not finished:" in text
    assert "→ not answered" not in text and "→ not asked" not in text
    # every gap of last year is still open: nothing answered this year can have closed one
    before = complete_demo.answers_for(1)
    gaps = sum(1 for q in visible_questions(questionnaire, before)
               if is_gap(q, before.get(q.id)))
    assert gaps > 5
    assert (f"0 0 {gaps} 0 gaps closed new gaps gaps still open answers changed") in text
    assert "Gaps closed (0)" in text and "Other answers that changed (0)" in text
    assert f"The {gaps} gaps still open from the previous assessment are not answered " \
        "again yet." in text
    assert GREEN not in new_year_report.flat


# ------------------------------------------------------------ slips


def test_no_page_has_only_header_and_footer(demo_report: Built, empty_report: Built,
                                            half_report: Built) -> None:
    furniture = re.compile(r"^(DRAFT|.*CONFIDENTIAL: security details of the practice.*|"
                           r"Report date .*Page \d+ of \d+|.*security risk analysis)$",
                           re.IGNORECASE)
    for built, name in ((demo_report, "Maple Grove Family Medicine"),
                        (empty_report, None), (half_report, "Maple Grove Family Medicine")):
        for n, text in enumerate(built.texts, 1):
            body = [line for line in text.splitlines() if line.strip()
                    and not furniture.match(line.strip())
                    and line.strip() != name and "Dr. Smile" not in line]
            assert body, f"page {n} of {built.path.name} is blank"


def test_best_practice_items_have_no_empty_citation(demo_report: Built) -> None:
    flat = demo_report.flat
    assert "no citation" not in flat and "§ no" not in flat
    assert "(no HIPAA citation)" in flat


def test_cover_says_the_title_once(demo_report: Built, empty_report: Built) -> None:
    for built in (demo_report, empty_report):
        cover = built.texts[0].lower()
        assert cover.count("security risk analysis") == 1
        assert "2026 security risk analysis" in cover


def test_cover_keeps_a_title_of_other_words(complete_demo: PracticeData,
                                            questionnaire: Questionnaire,
                                            report_dir: Path) -> None:
    from riskwizard.report import render_report

    data = copy.deepcopy(complete_demo)
    data.assessments[0].title = "Annual review, spring"
    pdf, _ = render_report(data, questionnaire, today=date(2026, 11, 24))
    path = report_dir / "titled.pdf"
    path.write_bytes(pdf)
    import pypdf

    cover = pypdf.PdfReader(path).pages[0].extract_text()
    assert "Security Risk Analysis" in cover and "Annual review, spring" in cover


def test_a_character_no_font_has_prints_a_visible_mark(empty_report: Built) -> None:
    """🦷 prints as the replacement character, inked, where it stood: never dropped."""
    pdf = pdfium.PdfDocument(str(empty_report.path))
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        assert "Smile" in text and "\ufffd" in text
        i = text.index("\ufffd")
        assert text.index("Smile") < i < text.index("Dental")
        left, bottom, right, top = textpage.get_charbox(i)
        assert right - left > 5
        scale = 4
        image = page.render(scale=scale).to_pil().convert("L")
        height = page.get_size()[1]
        box = image.crop((int(left * scale), int((height - top) * scale),
                          int(right * scale) + 1, int((height - bottom) * scale) + 1))
        assert box.getextrema()[0] < 100  # dark ink, not an empty box
        textpage.close()
        page.close()
    finally:
        pdf.close()
    # the header of every other page has it too
    assert all("\ufffd" in t for t in empty_report.texts[1:])
