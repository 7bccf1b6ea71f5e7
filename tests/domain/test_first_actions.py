"""What to do first (``register.first_actions``), over generated plans: actions are in the
order of the risk they take away. An action for a higher-rated open risk never comes after
one for a lower-rated risk or for none, whatever the reductions, the number of risks an action
touches, its due date; the rating is the register's (a person's override counts) and only
open risks count. The window's "Do first" column (``columns.plan_lookup``) is the same order.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from riskwizard.domain import columns
from riskwizard.domain.model import RemediationItem, RemediationStatus, Risk, RiskStatus
from riskwizard.domain.register import first_actions
from riskwizard.domain.risk import default_matrix

MATRIX = default_matrix()
RATING = st.integers(1, 5)


@st.composite
def plans(draw: st.DrawFn) -> tuple[list[Risk], list[RemediationItem]]:
    n_risks = draw(st.integers(0, 8))
    risks = [Risk(assessment_id=1, title=f"Risk {k}", id=k,
                  likelihood=draw(RATING), impact=draw(RATING),
                  likelihood_override=draw(st.none() | RATING),
                  impact_override=draw(st.none() | RATING),
                  status=draw(st.sampled_from(list(RiskStatus))))
             for k in range(1, n_risks + 1)]
    ids = [r.id for r in risks] + [99]  # 99: a risk deleted since (not in the register)
    items = []
    for k in range(1, draw(st.integers(0, 12)) + 1):
        linked = tuple(draw(st.lists(st.sampled_from(ids), max_size=4, unique=True)))
        items.append(RemediationItem(
            assessment_id=1, action=f"Action {k}", id=k, risk_ids=linked,
            risk_id=linked[0] if linked else None, reduction=draw(st.integers(0, 40)),
            status=draw(st.sampled_from(list(RemediationStatus))),
            due_date=draw(st.none() | st.integers(0, 400).map(
                lambda d: date(2026, 1, 1) + timedelta(days=d)))))
    return risks, items


def worst_open(item: RemediationItem, risks: list[Risk]) -> int:
    """The rank of the most serious open risk ``item`` lowers, computed here from the
    matrix and the register's rating; -1 for none."""
    ranks = [MATRIX.level(r.likelihood_override or r.likelihood,
                          r.impact_override or r.impact).rank
             for r in risks if r.id in item.risk_ids and r.status in (RiskStatus.DRAFT,
                                                                      RiskStatus.CONFIRMED)]
    return max(ranks, default=-1)


@settings(max_examples=400, deadline=None)
@given(plans())
def test_actions_for_more_serious_risks_come_first(plan: tuple[list[Risk],
                                                               list[RemediationItem]]) -> None:
    risks, items = plan
    order = first_actions(items, risks, None)
    assert sorted(i.id for i in order) == sorted(i.id for i in items if i.is_open)
    for before, after in pairwise(order):
        a, b = worst_open(before, risks), worst_open(after, risks)
        assert a >= b, (before, after)
        if a == b:  # the same worst level: the one that lowers the risk more first
            assert before.reduction >= after.reduction
    assert first_actions(items, risks, 5) == order[:5]
    # the window's "Do first" column numbers the same order
    lookup = columns.plan_lookup(risks, items)
    do_first = next(c for c in columns.PLAN_COLUMNS if c.key == "order")
    shown = {i.id: do_first.value(i, lookup) for i in items}
    assert sorted((i for i in shown if shown[i] is not None), key=shown.__getitem__) == [
        i.id for i in order]


def test_a_moderate_fix_before_housekeeping_for_many_low_risks() -> None:
    """The case seen in the demo: an action lowering two Low risks by a lot (reduction 6)
    was put before the fix of a Moderate risk (reduction 1)."""
    low = [Risk(assessment_id=1, title="Low", id=i, likelihood=1, impact=2,
                status=RiskStatus.CONFIRMED) for i in (1, 2)]
    moderate = Risk(assessment_id=1, title="Moderate", id=3, likelihood=3, impact=3,
                    status=RiskStatus.CONFIRMED)
    assert MATRIX.level(1, 2).rank < MATRIX.level(3, 3).rank
    housekeeping = RemediationItem(assessment_id=1, action="Tidy", id=1, risk_ids=(1, 2),
                                   risk_id=1, reduction=6)
    fix = RemediationItem(assessment_id=1, action="Fix", id=2, risk_ids=(3,), risk_id=3,
                          reduction=1)
    by_hand = RemediationItem(assessment_id=1, action="By hand", id=3, reduction=0)
    assert first_actions([by_hand, housekeeping, fix], [*low, moderate]) == [
        fix, housekeeping, by_hand]
