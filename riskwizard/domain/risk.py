"""The risk model: the likelihood x impact matrix, level derivation, and the rule that turns
a gap in the answers into a draft risk with suggested remediation."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

from riskwizard.domain.model import (
    Answer,
    Effort,
    Priority,
    RemediationItem,
    Risk,
    RiskStatus,
)
from riskwizard.domain.navigation import is_gap, visible_questions
from riskwizard.domain.questionnaire import Question, Questionnaire


@dataclass(frozen=True)
class ScalePoint:
    value: int
    name: str
    meaning: str


@dataclass(frozen=True)
class Level:
    """A risk level: ``id`` is how code and data refer to it; ``name`` is only words."""

    id: str
    name: str
    color: str
    text: str
    meaning: str
    rank: int


@dataclass(frozen=True)
class RiskMatrix:
    likelihood: tuple[ScalePoint, ...]
    impact: tuple[ScalePoint, ...]
    levels: tuple[Level, ...]
    grid: Mapping[int, tuple[str, ...]]  # likelihood -> level id for impact 1..n
    due_days: Mapping[str, int]  # level id -> days
    priority: Mapping[str, Priority]  # level id -> priority

    def level(self, likelihood: int, impact: int) -> Level:
        likelihood = min(max(likelihood, 1), len(self.likelihood))
        impact = min(max(impact, 1), len(self.impact))
        return self.level_by_id(self.grid[likelihood][impact - 1])

    def level_by_id(self, level_id: str) -> Level:
        for lv in self.levels:
            if lv.id == level_id:
                return lv
        raise KeyError(level_id)

    @property
    def highest(self) -> Level:
        """The most serious level (the matrix lists them from least to most)."""
        return self.levels[-1]

    def likelihood_name(self, value: int) -> str:
        return self.likelihood[value - 1].name

    def impact_name(self, value: int) -> str:
        return self.impact[value - 1].name


def matrix_from_data(data: Mapping[str, Any]) -> RiskMatrix:
    levels = tuple(Level(str(lv["id"]), str(lv["name"]), str(lv["color"]), str(lv["text"]),
                         str(lv["meaning"]), rank) for rank, lv in enumerate(data["levels"]))
    ids = {lv.id for lv in levels}
    if len(ids) != len(levels):
        raise ValueError("risk matrix: every level needs its own id")

    def scale(key: str) -> tuple[ScalePoint, ...]:
        points = tuple(ScalePoint(int(p["value"]), str(p["name"]), str(p["meaning"]))
                       for p in data[key])
        if [p.value for p in points] != list(range(1, len(points) + 1)):
            raise ValueError(f"risk matrix: {key} must count 1, 2, 3 ...")
        return points

    likelihood, impact = scale("likelihood"), scale("impact")
    grid = {int(k): tuple(str(v) for v in row) for k, row in data["grid"].items()}
    if sorted(grid) != [p.value for p in likelihood] or any(
            len(row) != len(impact) or not set(row) <= ids for row in grid.values()):
        raise ValueError("risk matrix: the grid must name a known level id for every cell")
    rem = data["remediation"]
    if not set(rem) <= ids:
        raise ValueError("risk matrix: remediation must be keyed by known level ids")
    return RiskMatrix(likelihood, impact, levels, grid,
                      {k: int(v["days"]) for k, v in rem.items()},
                      {k: Priority(v["priority"]) for k, v in rem.items()})


@cache
def default_matrix() -> RiskMatrix:
    # JSON, not YAML: the window needs the matrix on its first screen, and the json module
    # is already loaded where PyYAML would cost start-up time.
    text = resources.files("riskwizard.domain").joinpath("risk_matrix.json").read_text("utf-8")
    return matrix_from_data(json.loads(text))


def draft_risk(question: Question, assessment_id: int) -> Risk:
    """The risk a gap in this question exposes, before the person confirms it."""
    return Risk(
        assessment_id=assessment_id,
        title=question.title,
        threat="; ".join(question.threats),
        vulnerability="; ".join(question.vulnerabilities),
        likelihood=question.likelihood,
        impact=question.impact,
        question_id=question.id,
    )


def draft_remediation(question: Question, risk: Risk, today: date,
                      matrix: RiskMatrix | None = None) -> list[RemediationItem]:
    """Suggested remediation items for a risk, due by its level."""
    matrix = matrix or default_matrix()
    level = matrix.level(risk.likelihood, risk.impact)
    due = today + timedelta(days=matrix.due_days[level.id])
    return [RemediationItem(assessment_id=risk.assessment_id, action=step.action,
                            risk_id=risk.id or None, due_date=due,
                            priority=matrix.priority[level.id], effort=Effort(step.effort))
            for step in question.remediation]


@dataclass(frozen=True)
class RiskChanges:
    add: list[Risk]
    remove: list[int]


def reconcile_risks(questionnaire: Questionnaire, answers: Mapping[str, Answer],
                    risks: Sequence[Risk], assessment_id: int) -> RiskChanges:
    """Draft a risk for each visible gap that has none yet; drop drafts whose gap is gone.

    Risks the person confirmed, dismissed or merged are theirs and are never removed here.
    """
    gaps = {q.id: q for q in visible_questions(questionnaire, answers)
            if is_gap(q, answers.get(q.id))}
    has_risk = {r.question_id for r in risks if r.question_id}
    add = [draft_risk(q, assessment_id) for qid, q in gaps.items() if qid not in has_risk]
    remove = [r.id for r in risks
              if r.status is RiskStatus.DRAFT and r.question_id and r.question_id not in gaps]
    return RiskChanges(add, remove)


def count_by_cell(risks: Sequence[Risk]) -> dict[tuple[int, int], int]:
    """(likelihood, impact) -> number of live risks: the heat map's numbers."""
    out: dict[tuple[int, int], int] = {}
    for r in risks:
        if r.status in (RiskStatus.DRAFT, RiskStatus.CONFIRMED):
            out[(r.likelihood, r.impact)] = out.get((r.likelihood, r.impact), 0) + 1
    return out
