"""A business associate agreement's dates that cannot be true (signed on a day still to come,
or ending before it was signed) are never saved: the window's save refuses in one line that
names the vendor, the file keeps what it had, and an imported row is refused with its line.
Generated dates; a real practice file; the CSV import. One rule, ``baa_dates_problem``."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskwizard.domain.inventory import baa_dates_problem
from riskwizard.domain.model import BaaStatus, Practice, Vendor
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.interchange.csv_io import parse_vendors
from riskwizard.session import Session
from riskwizard.store import StoreError

TODAY = date(2026, 12, 1)
dates = st.none() | st.dates(date(2015, 1, 1), date(2035, 12, 31))


def _impossible(signed: date | None, ends: date | None) -> bool:
    return signed is not None and (signed > TODAY or (ends is not None and ends < signed))


@settings(max_examples=40, deadline=None)
@given(signed=dates, ends=dates)
def test_the_window_never_saves_impossible_dates(sample_questionnaire: Questionnaire,
                                                 signed: date | None,
                                                 ends: date | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.riskwizard"
        s = Session.create(path, Practice("Clinic"), sample_questionnaire, lambda: TODAY)
        try:
            s.add(Vendor("Shred-It Right", baa=BaaStatus.SIGNED))
            vendor = s.vendors[0]
            if _impossible(signed, ends):
                with pytest.raises(StoreError) as caught:
                    s.update(vendor, baa_date=signed, baa_expiry=ends)
                message = str(caught.value)
                assert "\n" not in message and "Shred-It Right" in message
                assert "not saved" in message
                with pytest.raises(StoreError):
                    s.add(Vendor("Other", baa=BaaStatus.SIGNED, baa_date=signed,
                                 baa_expiry=ends))
            else:
                s.update(vendor, baa_date=signed, baa_expiry=ends)
            stored = {v.name: v for v in s.repo.records(Vendor)}  # read from the file
            assert set(stored) == {"Shred-It Right"} or not _impossible(signed, ends)
            kept = stored["Shred-It Right"]
            expected = (None, None) if _impossible(signed, ends) else (signed, ends)
            assert (kept.baa_date, kept.baa_expiry) == expected
            assert (s.vendors[0].baa_date, s.vendors[0].baa_expiry) == expected
        finally:
            s.close()


@settings(max_examples=60, deadline=None)
@given(signed=dates, ends=dates)
def test_an_import_refuses_the_row(signed: date | None, ends: date | None) -> None:
    def cell(d: date | None) -> str:
        return d.isoformat() if d else ""
    text = ("name,baa,baa_date,baa_expiry\n"
            f"Shred-It Right,signed,{cell(signed)},{cell(ends)}\n")
    result = parse_vendors(text, "vendors.csv", today=TODAY)
    if _impossible(signed, ends):
        assert not result.records and len(result.rejected) == 1
        problem = baa_dates_problem(signed, ends, TODAY)
        assert problem is not None and problem in result.rejected[0].reason
    else:
        assert [(v.baa_date, v.baa_expiry) for v in result.records] == [(signed, ends)]


def test_words() -> None:
    assert baa_dates_problem(TODAY + timedelta(days=1), None, TODAY) == (
        "the BAA signed on Dec 2, 2026 is a date still to come")
    assert baa_dates_problem(date(2026, 3, 15), date(2026, 3, 1), TODAY) == (
        "the BAA ends (Mar 1, 2026) before it was signed (Mar 15, 2026)")
