"""The report ends with "End of report": on its last page only, after every appendix, naming
the practice, the report date, the number of pages (filled in when the last page is done)
and the assessment's fingerprint, the one the sign-off page gives."""

from __future__ import annotations

import re

import pytest

from riskwizard.domain.model import PracticeData
from riskwizard.report import assessment_fingerprint
from tests.report.conftest import Built


def check_end(report: Built, data: PracticeData) -> None:
    last = " ".join(report.texts[-1].split())
    assert all("End of report" not in t for t in report.texts[:-1])
    assert "End of report" in last and "Nothing follows." in last
    m = re.search(r"Pages (\d+)", last)
    assert m and int(m.group(1)) == report.pages == len(report.reader.pages)
    assessment = data.latest_assessment()
    assert assessment is not None
    digest = assessment_fingerprint(data, assessment.id)
    assert digest in last.replace(" ", "")
    signoff = next(t for t in report.texts if "ASSESSMENT FINGERPRINT" in t)
    assert digest in signoff.replace("\n", "").replace(" ", "")
    # nothing is printed after it on the page (the footer aside)
    body = last.split("End of report", 1)[1]
    assert body.rstrip().endswith("risks and plan of this report.")


@pytest.mark.slow
def test_demo_report_ends_with_end_of_report(demo_report: Built,
                                             complete_demo: PracticeData) -> None:
    check_end(demo_report, complete_demo)


@pytest.mark.slow
def test_draft_report_ends_with_end_of_report(draft_report: Built,
                                              draft_data: PracticeData) -> None:
    check_end(draft_report, draft_data)
    assert "DRAFT: assessment incomplete" in draft_report.texts[-1]
