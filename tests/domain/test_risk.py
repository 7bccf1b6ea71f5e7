"""The matrix, level derivation, the heat map's counts and due dates by level."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from riskwizard.domain.model import RiskStatus
from riskwizard.domain.risk import count_by_cell, default_matrix, matrix_from_data


def test_matrix_levels() -> None:
    m = default_matrix()
    assert [lv.name for lv in m.levels] == ["Low", "Moderate", "High", "Critical"]
    assert m.level(1, 1).name == "Low"
    assert m.level(3, 3).name == "Moderate"
    assert m.level(4, 4).name == "High"
    assert m.level(5, 5).name == "Critical"
    assert m.level(9, 0).name == m.level(5, 1).name  # clamped to the scale
    # a higher likelihood or impact never lowers the level
    for li in range(1, 6):
        for im in range(1, 5):
            assert m.level(li, im + 1).rank >= m.level(li, im).rank
            assert m.level(min(li + 1, 5), im).rank >= m.level(li, im).rank
    assert all(lv.color.startswith("#") and len(lv.color) == 7 for lv in m.levels)
    assert m.likelihood_name(5) == "Almost certain" and m.impact_name(1) == "Negligible"


def test_matrix_data_is_checked() -> None:
    from importlib import resources

    data = json.loads(resources.files("riskwizard.domain").joinpath("risk_matrix.json")
                      .read_text("utf-8"))
    data["grid"]["3"] = ["Low", "Medium", "Nope", "High", "High"]
    with pytest.raises(ValueError, match="grid"):
        matrix_from_data(data)


def test_heat_map_counts_open_risks_by_the_rating_shown() -> None:
    from riskwizard.domain.model import Risk

    risks = [Risk(1, "a", likelihood=4, impact=4), Risk(1, "b", likelihood=3, impact=3),
             Risk(1, "c", likelihood=3, impact=3, likelihood_override=5)]
    assert count_by_cell(risks) == {(4, 4): 1, (3, 3): 1, (5, 3): 1}
    risks[0].status = RiskStatus.DISMISSED
    assert count_by_cell(risks) == {(3, 3): 1, (5, 3): 1}


def test_due_dates_by_level_from_the_matrix() -> None:
    from riskwizard.domain.register import due_for

    m = default_matrix()
    today = date(2026, 12, 1)
    for lv in m.levels:
        assert due_for(lv.rank, today, m) == today + timedelta(days=m.due_days[lv.id])
    assert [m.due_days[lv.id] for lv in m.levels] == sorted(
        (m.due_days[lv.id] for lv in m.levels), reverse=True)
