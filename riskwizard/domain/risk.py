"""The risk matrix: likelihood x impact -> level, from ``risk_matrix.json`` (levels by id,
their names, colours and meanings, and how soon an action at each level falls due). The
register itself is derived in ``analysis`` and kept in ``register``."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from riskwizard.domain.model import (
    Priority,
    Risk,
)

UNANSWERED_RATED = ("Until its questions are answered, a risk is rated as if nothing were in "
                    "place against it: the ratings come down as the answers show safeguards.")
"""Said wherever ratings are shown while questions are left unanswered (the overview, the
report's summary)."""


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


def count_by_cell(risks: Sequence[Risk]) -> dict[tuple[int, int], int]:
    """(likelihood, impact) -> number of open risks, by the rating the register shows (the
    person's override, else the derived one): the heat map's numbers."""
    out: dict[tuple[int, int], int] = {}
    for r in risks:
        if r.is_open:
            cell = (r.rated_likelihood, r.rated_impact)
            out[cell] = out.get(cell, 0) + 1
    return out
