"""The register and the plan tell one story in the PDF: a risk still open whose actions are
all done says why it stays (its rating follows the answers); no other risk says so."""

from __future__ import annotations

import re

import pytest

from riskwizard.domain.model import PracticeData
from riskwizard.domain.register import actions_done_note
from tests.report.conftest import Built


@pytest.mark.slow
def test_done_actions_under_an_open_risk_are_explained(demo_report: Built,
                                                       complete_demo: PracticeData) -> None:
    flat = demo_report.flat
    start = flat.index("open risks (draft or confirmed), most serious first")
    register = flat[start:flat.index("in the order to work in", start)]
    a = complete_demo.latest_assessment()
    assert a is not None
    items = complete_demo.remediation_for(a.id)
    rows = re.split(r"\s(?=R-\d+ [A-Z][a-z]+(?: [a-z]+)? Likelihood:)", register)
    notes = {r.id: actions_done_note(r, items) for r in complete_demo.risks_for(a.id)
             if r.is_open}
    assert any(notes.values())  # the demo has such risks
    for rid, note in notes.items():
        row = next(x for x in rows if x.startswith(f"R-{rid} "))
        assert (note is not None) == ("until the answers show the work" in row), rid
        if note is not None:
            assert " ".join(note.split()) in row
