"""The risk analysis in the PDF: the register's inherent and current levels with reasons,
the inventory findings, what to do first, and how the analysis was done and is reviewed."""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path

import pytest

from riskwizard.domain.model import PracticeData, Treatment
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.register import action_weight, first_actions
from riskwizard.domain.risk import default_matrix
from riskwizard.store import open_practice_file
from tests.report.conftest import Built, build

pytestmark = pytest.mark.slow  # builds full PDF reports

TRIGGERS = "Moving the EHR to the cloud\nOpening the Eastside office"
REASON = "The billing vendor carries the risk under its contract and insurance."


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def analysed(complete_demo: PracticeData) -> PracticeData:
    data = copy.deepcopy(complete_demo)
    a = data.latest_assessment()
    assert a is not None
    a.next_review = date(2027, 11, 1)
    a.review_triggers = TRIGGERS
    risk = next(r for r in data.risks_for(a.id) if r.is_open)
    risk.treatment = Treatment.TRANSFER
    risk.treatment_reason = REASON
    risk.decided_by = "Dr. Samuel Okafor"
    risk.decided_on = date(2026, 11, 2)
    return data


@pytest.fixture(scope="module")
def report(analysed: PracticeData, questionnaire: Questionnaire, report_dir: Path) -> Built:
    return build(analysed, questionnaire, report_dir / "analysed.pdf")


def section(report: Built, start: str, end: str) -> str:
    """The text from heading ``start`` to heading ``end``, past the contents pages."""
    flat = squash(" ".join(t for t in report.texts
                           if not re.search(r"(\.\s*){8}", t)))
    i = flat.index(start)
    return flat[i:flat.index(end, i)]


def test_register_shows_inherent_and_current_levels_and_reasons(
        report: Built, analysed: PracticeData) -> None:
    text = section(report, "Risk register", "Remediation plan")
    assert "Before measures" in text and "Current level" in text
    m = default_matrix()
    a = analysed.latest_assessment()
    assert a is not None
    risks = [r for r in analysed.risks_for(a.id) if r.is_open and r.reasons.strip()]
    assert risks
    for r in risks[:5]:
        assert f"R-{r.id}" in text
        inherent = (f"Likelihood: {m.likelihood_name(r.inherent_likelihood)} "
                    f"Impact: {m.impact_name(r.inherent_impact)}")
        current = (f"Likelihood: {m.likelihood_name(r.rated_likelihood)} "
                   f"Impact: {m.impact_name(r.rated_impact)}")
        assert inherent in text and current in text
        first_reason = r.reasons.splitlines()[0].strip()
        assert squash(first_reason)[:40] in text
    assert "Measures in place and why this rating" in text and "Why:" in text
    assert "rests on “Not sure” answers" in text or not any(r.uncertain for r in risks)


def test_register_shows_who_accepted_or_transferred_and_why(report: Built) -> None:
    text = section(report, "Risk register", "Remediation plan")
    assert REASON in text
    assert "Decided by Dr. Samuel Okafor, 2026-11-02" in text


def test_inventory_findings_name_an_unencrypted_device(report: Built,
                                                        analysed: PracticeData) -> None:
    text = section(report, "Findings from the inventory", "Risk register")
    assert "Where the answers and the inventory disagree" in text
    assert "not known to be encrypted" in text
    portable = [x.name for x in analysed.assets if "tablet" in x.name.lower()
                or "laptop" in x.name.lower()]
    assert any(name in text for name in portable)


def test_what_to_do_first_lists_five_actions_by_reduction(report: Built,
                                                          analysed: PracticeData) -> None:
    text = section(report, "What to do first", "Remediation due soon")
    a = analysed.latest_assessment()
    assert a is not None
    risks = analysed.risks_for(a.id)
    first = first_actions(analysed.remediation_for(a.id), risks, 5)
    assert len(first) == 5
    by_id = {r.id: r for r in risks}
    weights = [action_weight(i, by_id) for i in first]
    assert weights == sorted(weights, reverse=True)
    at = 0
    for n, item in enumerate(first, 1):
        words = " ".join(item.action.split()[:14])
        found = text.index(words, at)
        assert text[found - 3:found].strip() == str(n)
        assert squash(item.owner).split("(")[0].strip() in text[found:]
        at = found


def test_methodology_says_how_and_when_it_is_reviewed(report: Built) -> None:
    text = section(report, "Methodology", "Sign-off")
    for words in ("HHS", "NIST SP 800-30", "Every site, asset and vendor", "Inherent",
                  "Inventory cross-checks", "threat catalogue"):
        assert words.lower() in text.lower(), words
    assert "November 1, 2027" in text
    assert "Moving the EHR to the cloud" in text and "Opening the Eastside office" in text


def test_methodology_defaults_the_triggers(demo_report: Built) -> None:
    text = section(demo_report, "Methodology", "Sign-off")
    assert "a move of patient information to the cloud" in text
    assert "a breach" in text and "a new vendor" in text and "a new site" in text


def test_a_new_unanswered_practice_still_builds(tmp_path: Path,
                                                questionnaire: Questionnaire) -> None:
    from riskwizard.cli import main

    path = tmp_path / "new.riskwizard"
    assert main(["new", str(path), "--practice", "New Clinic"]) == 0
    with open_practice_file(path, readonly=True) as pf:
        data = pf.load_all()
    built = build(data, questionnaire, tmp_path / "new.pdf")
    assert built.pages > 3
    assert "Methodology" in built.flat and "Periodic review" in built.flat
    assert "What to do first" in built.flat
