"""How far along, in percent (``navigation.Progress.percent``): the one figure the overview,
the clients list and the report print. Rounded; 100 only when every question is answered,
0 only when none is; never moves backwards as answers are added."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from riskwizard.domain.navigation import Progress


@given(st.integers(1, 5000).flatmap(lambda t: st.tuples(st.integers(0, t), st.just(t))))
def test_percent(pair: tuple[int, int]) -> None:
    answered, total = pair
    pct = Progress(answered, total, 0).percent
    assert 0 <= pct <= 100
    assert (pct == 100) == (answered == total)
    assert (pct == 0) == (answered == 0)
    assert abs(pct - 100 * answered / total) < 1 or answered in (1, total - 1)
    if answered < total:
        assert Progress(answered + 1, total, 0).percent >= pct
