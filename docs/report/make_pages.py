"""The report pages shown in the README: cover, executive summary, findings, remediation plan.

Run: .venv/bin/python docs/report/make_pages.py

The report of the small demo practice with every addressable decision made (a complete
assessment, as the report tests use it), on the tests' report date, rendered with pypdfium2.
"""

from __future__ import annotations

import copy
import sys
import tempfile
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium

from riskwizard.domain.demo import build_demo
from riskwizard.domain.model import Decision, PracticeData
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
    return data


def main() -> int:
    questionnaire = installed_questionnaire()
    data = complete(build_demo(questionnaire, "small", TODAY), questionnaire)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.pdf"
        build_report(data, questionnaire, path, today=TODAY)
        pdf = pdfium.PdfDocument(str(path))
        try:
            texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]

            def first(needle: str) -> int:
                return next(i for i, t in enumerate(texts) if i > 1 and needle in t)

            pages = {"cover": 0, "summary": first("Executive summary"),
                     "findings": first("Each finding is an answer"),
                     "remediation": first("actions, by priority")}
            for name, index in pages.items():
                out = HERE / f"{name}.png"
                image = pdf[index].render(scale=SCALE).to_pil().convert("RGB")
                image.quantize(colors=256).save(out, optimize=True)  # small files
                print(f"wrote {out} (page {index + 1} of {len(pdf)})")
        finally:
            pdf.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
