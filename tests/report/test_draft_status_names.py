"""The "Draft status" page names each open point, not just its count: the answers flagged
for review, those still to re-confirm, and the risks still in draft (by their R-number, as
the register lists them). Generated choices of which answers are flagged or carried and
which risks stay drafts; real PDFs read back."""

from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.domain.model import PracticeData, RiskStatus
from riskwizard.domain.questionnaire import Questionnaire
from tests.report.conftest import build


def _draft_pages(texts: list[str]) -> str:
    start = next(i for i, t in enumerate(texts) if "Draft status: what is missing" in t
                 and "Contents" not in t)
    end = next(i for i in range(start + 1, len(texts))
               if "Findings by safeguard" in texts[i] and "Draft status" not in texts[i])
    return " ".join(" ".join(t.split()) for t in texts[start:end])


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(marks=st.lists(st.sampled_from(["flag", "carry", "none"]), min_size=6, max_size=6),
       drafts=st.lists(st.booleans(), min_size=4, max_size=4), seed=st.integers(0, 50))
def test_every_open_point_is_named(complete_demo: PracticeData, questionnaire: Questionnaire,
                                   tmp_path: Path, marks: list[str], drafts: list[bool],
                                   seed: int) -> None:
    data = copy.deepcopy(complete_demo)
    latest = data.latest_assessment()
    assert latest is not None
    mine = sorted((a for a in data.answers if a.assessment_id == latest.id),
                  key=lambda a: a.question_id)
    chosen = [mine[(seed + 17 * i) % len(mine)] for i in range(len(marks))]
    flagged, carried = set(), set()
    for answer, mark in zip(chosen, marks, strict=True):
        if mark == "flag":
            answer.flagged = True
            flagged.add(answer.question_id)
        elif mark == "carry":
            answer.carried = True
            carried.add(answer.question_id)
    risks = sorted((r for r in data.risks if r.assessment_id == latest.id), key=lambda r: r.id)
    as_drafts = {risks[(seed + 5 * i) % len(risks)].id for i, d in enumerate(drafts) if d}
    data.risks = [dataclasses.replace(r, status=RiskStatus.DRAFT) if r.id in as_drafts
                  else (dataclasses.replace(r, status=RiskStatus.CONFIRMED)
                        if r.status is RiskStatus.DRAFT else r) for r in data.risks]
    built = build(data, questionnaire, tmp_path / f"draft-{seed}.pdf")
    if not (flagged or carried or as_drafts):
        assert not any("Draft status: what is missing" in t for t in built.texts[2:])
        return
    page = _draft_pages(built.texts)
    for qid in flagged | carried:
        assert " ".join(questionnaire.question(qid).title.split()) in page
    if flagged:
        assert "Answers flagged for review" in page
    if carried:
        assert "to re-confirm" in page
    named = {int(n) for n in re.findall(r"R-(\d+):", page)}
    assert named == as_drafts
