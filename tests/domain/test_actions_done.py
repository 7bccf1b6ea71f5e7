"""A risk whose actions in the plan are all done but which is still open says why it stays
(``register.actions_done_note``): over generated risks and plans, the note is given exactly
when the risk is open and every action linked to it is done or verified, and names the level
it is rated at now."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from riskwizard.domain.model import RemediationItem, RemediationStatus, Risk, RiskStatus
from riskwizard.domain.register import actions_done_note
from riskwizard.domain.risk import default_matrix

MATRIX = default_matrix()


@settings(max_examples=300, deadline=None)
@given(status=st.sampled_from(list(RiskStatus)), rating=st.tuples(st.integers(1, 5),
                                                                   st.integers(1, 5)),
       override=st.none() | st.integers(1, 5),
       plan=st.lists(st.tuples(st.sampled_from(list(RemediationStatus)),
                               st.sampled_from(["first", "also", "other", "none"])),
                     max_size=5))
def test_the_note_is_given_exactly_when_every_action_is_done(
        status: RiskStatus, rating: tuple[int, int], override: int | None,
        plan: list[tuple[RemediationStatus, str]]) -> None:
    risk = Risk(assessment_id=1, title="R", id=7, status=status, likelihood=rating[0],
                impact=rating[1], impact_override=override)
    items = [RemediationItem(assessment_id=1, action=f"A{n}", id=n,
                             risk_id={"first": 7, "also": 3, "other": 3}.get(link),
                             risk_ids={"first": (7,), "also": (3, 7), "other": (3,)}.get(
                                 link, ()), status=s)
             for n, (s, link) in enumerate(plan, 1)]
    mine = [i for i in items if 7 in i.risk_ids]
    done = (RemediationStatus.DONE, RemediationStatus.VERIFIED)
    expected = (status in (RiskStatus.DRAFT, RiskStatus.CONFIRMED) and bool(mine)
                and all(i.status in done for i in mine))
    note = actions_done_note(risk, items)
    assert (note is not None) == expected
    if note is not None:
        level = MATRIX.level(rating[0], override or rating[1])
        assert f"stays {level.name} until the answers show the work" in note
        assert note.startswith("Its action is done" if len(mine) == 1
                               else f"All {len(mine)} of its actions are done")
