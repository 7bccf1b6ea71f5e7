"""The appendix of recognized security practices and framework mappings: every HICP practice
with its status, and each mapped question's key activity, practice and subcategory."""

from __future__ import annotations

import pytest

from riskwizard.domain import frameworks
from riskwizard.domain.model import PracticeData
from riskwizard.domain.navigation import visible_questions
from riskwizard.domain.questionnaire import HICP_PRACTICES, Questionnaire
from tests.report.conftest import Built

TITLE = "Appendix: security practices and frameworks"


@pytest.mark.slow
def test_every_practice_and_mapping_is_in_the_appendix(
        demo_report: Built, complete_demo: PracticeData, questionnaire: Questionnaire) -> None:
    assert TITLE in demo_report.outline_titles()
    flat = demo_report.flat
    part = flat[flat.index(TITLE, flat.index("Contents") + 500):]
    for n, name in HICP_PRACTICES.items():
        assert f"{n}. {name}" in part
    assert "HITECH Act (section 13412)" in part
    data = complete_demo
    latest = data.latest_assessment()
    assert latest is not None
    answers = data.answers_for(latest.id)
    for q in visible_questions(questionnaire, answers)[:40]:
        for _, text in frameworks.mappings(q):
            if text.count(" ") < 6:  # short ones: a long name may wrap across a line
                assert text in part, text
