"""The report pages kept in docs/report: the demo practice (complete), an empty practice, a
half-answered one and the large practice, each page found by the words it starts with.

Run: .venv/bin/python docs/report/make_pages.py

The demo is made complete the way the report tests make it (every addressable decision
made, nothing flagged, every risk confirmed, the record marked complete), on the tests'
report date, and rendered with pypdfium2.
"""

from __future__ import annotations

import copy
import sys
import tempfile
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium

from riskwizard.domain.demo import build_demo
from riskwizard.domain.model import (
    Assessment,
    AssessmentStatus,
    Decision,
    Practice,
    PracticeData,
    RiskStatus,
)
from riskwizard.domain.navigation import missing_parts, visible_questions
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.report import build_report
from riskwizard.resources import installed_questionnaire

TODAY = date(2026, 11, 24)
HERE = Path(__file__).parent
SCALE = 1.6  # US Letter at 115 dpi: 980 x 1268 pixels


def complete(data: PracticeData, questionnaire: Questionnaire) -> PracticeData:
    data = copy.deepcopy(data)
    assessment = data.latest_assessment()
    assert assessment is not None
    answers = data.answers_for(assessment.id)
    for q in visible_questions(questionnaire, answers):
        a = answers.get(q.id)
        if a is not None and missing_parts(q, a):
            a.decision = Decision.NOT_REASONABLE
            a.rationale = "Too costly for a practice of our size; reviewed yearly."
    for a in answers.values():
        a.flagged = False
    for r in data.risks_for(assessment.id):
        if r.status is RiskStatus.DRAFT:
            r.status = RiskStatus.CONFIRMED
    assessment.status = AssessmentStatus.COMPLETE
    return data


def half(data: PracticeData) -> PracticeData:
    """Every other answer of the demo taken back, profile included."""
    data = copy.deepcopy(data)
    keep = sorted({a.question_id for a in data.answers})[::2]
    data.answers = [a for a in data.answers if a.question_id in keep]
    return data


def render(name: str, data: PracticeData, questionnaire: Questionnaire,
           wanted: dict[str, str | int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.pdf"
        build_report(data, questionnaire, path, today=TODAY)
        pdf = pdfium.PdfDocument(str(path))
        try:
            texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]

            # the body starts at the executive summary (after the cover, "About this
            # report" and the contents, whose lines name every section)
            body = next(item.get_dest().get_index() for item in pdf.get_toc()
                        if item.get_title() == "Executive summary")

            def first(needle: str) -> int:
                return next(i for i, t in enumerate(texts) if i >= body and needle in t)

            for label, where in wanted.items():
                index = where if isinstance(where, int) else first(where)
                out = HERE / f"{label}.png"
                image = pdf[index].render(scale=SCALE).to_pil().convert("RGB")
                image.quantize(colors=256).save(out, optimize=True)  # small files
                print(f"wrote {out} (page {index + 1} of {len(pdf)})")
        finally:
            pdf.close()


def main() -> int:
    questionnaire = installed_questionnaire()
    demo = build_demo(questionnaire, "small", TODAY)
    render("demo", complete(demo, questionnaire), questionnaire, {
        "cover": 0, "about": 1, "contents-elements": 3,
        "summary": "Executive summary",
        "findings": "Each finding is an answer",
        "register": "Measures in place and why this rating",
        "remediation": "in the order to work in",
        "scope": "Scope: sites, systems",
        "collected": "How the information was collected",
        "accepted": "Risks the practice accepted",
        "signoff": "ASSESSMENT FINGERPRINT",
        "vendors-contacts": "accounts1@",
        "end": "Nothing follows."})
    empty = PracticeData(practice=Practice(name="Dr. Smile Dental"),
                         assessments=[Assessment("2026 security risk analysis", id=1)])
    render("empty", empty, questionnaire, {"empty-summary": "Executive summary"})
    render("partial", half(demo), questionnaire, {"partial-summary": "Executive summary",
                                                   "partial-draft": "still need an answer"})
    large = build_demo(questionnaire, "large", TODAY)
    render("large", large, questionnaire, {"large-summary": "Executive summary",
                                           "large-register": "Measures in place and why",
                                           "large-scope": "Scope: sites, systems",
                                           "large-exceptions": "Exceptions",
                                           "large-appendix": "in the order they were entered"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
