"""Recognized security practices (HITECH Act section 13412, Pub. L. 116-321): which of the
HICP 405(d) practices the answers show in place, and since when.

OCR asks a practice that wants credit for them to show the practices were in place for the
previous 12 months. The record is the practice's own assessments: a practice counts as in
place in an assessment when every question mapped to it that was asked there was answered
with a safe answer; "since" is the start of the run of consecutive assessments, ending with
the one reported, in which it was in place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from riskwizard.domain.assessments import ordered
from riskwizard.domain.model import Answer, Assessment
from riskwizard.domain.navigation import visible_questions
from riskwizard.domain.questionnaire import HICP_PRACTICES, Question, Questionnaire


@dataclass(frozen=True)
class PracticeStatus:
    """One HICP practice in one practice file."""

    number: int
    name: str
    in_place: bool
    questions: tuple[Question, ...]  # the questions asked that evidence it
    missing: tuple[Question, ...]  # those not answered safely in the assessment reported
    since: date | None  # when the unbroken run of assessments with it in place began
    for_a_year: bool  # in place across the 12 months before the assessment reported


def _in_place(practice: int, questionnaire: Questionnaire,
              answers: Mapping[str, Answer]) -> tuple[tuple[Question, ...], tuple[Question, ...]]:
    asked = [q for q in visible_questions(questionnaire, answers) if practice in q.hicp]
    missing = [q for q in asked
               if not q.evidences(a.choice if (a := answers.get(q.id)) else None)]
    return tuple(asked), tuple(missing)


def _start(a: Assessment) -> date | None:
    return a.period_start or a.started_on or a.period_end


def recognized_practices(questionnaire: Questionnaire, assessments: Sequence[Assessment],
                         answers_of: Mapping[int, Mapping[str, Answer]],
                         current: Assessment) -> list[PracticeStatus]:
    """The status of every HICP practice in ``current``, with its history in the earlier
    assessments (``answers_of`` maps an assessment's id to its answers)."""
    history = [a for a in ordered(assessments) if _start(a) is not None
               and (_start(a) or date.min) <= (_start(current) or date.max)]
    if current not in history:
        history.append(current)
    out = []
    for number, name in sorted(HICP_PRACTICES.items()):
        asked, missing = _in_place(number, questionnaire, answers_of.get(current.id, {}))
        in_place = bool(asked) and not missing
        since = None
        if in_place:
            for a in reversed(history):
                q, m = _in_place(number, questionnaire, answers_of.get(a.id, {}))
                if not q or m:
                    break
                since = _start(a)
        end = current.period_end or _start(current)
        year = bool(since and end and (end - since).days >= 364)  # a whole yearly assessment
        out.append(PracticeStatus(number, name, in_place, asked, missing, since, year))
    return out
