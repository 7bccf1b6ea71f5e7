"""Records to plain values and back: the store and the JSON agree on every field."""

from __future__ import annotations

from datetime import date

import pytest

from riskwizard.domain.model import (
    Assessment,
    BaaStatus,
    Decision,
    Practice,
    PracticeData,
    RemediationItem,
    Risk,
    Vendor,
)
from riskwizard.domain.records import RecordError, from_plain, to_plain


@pytest.mark.parametrize("for_sql", [False, True])
def test_round_trip(for_sql: bool, demo_data: PracticeData) -> None:
    records = [demo_data.practice, *demo_data.sites, *demo_data.assets, *demo_data.vendors,
               *demo_data.assessments, *demo_data.answers, *demo_data.risks,
               *demo_data.remediation,
               Practice(name="Logo", logo_png=b"\x89PNG\r\n\x00\xff")]
    for record in records:
        assert from_plain(type(record), to_plain(record, for_sql=for_sql),
                          for_sql=for_sql) == record


def test_plain_values() -> None:
    risk = Risk(1, "t", site_ids=(1, 2))
    assert to_plain(risk)["site_ids"] == [1, 2]
    assert to_plain(risk, for_sql=True)["site_ids"] == "[1, 2]"
    vendor = Vendor("V", baa_date=date(2025, 2, 3), baa=BaaStatus.UNKNOWN)
    assert to_plain(vendor)["baa_date"] == "2025-02-03"
    assert to_plain(vendor, for_sql=True)["baa"] == "unknown"
    assert to_plain(Assessment("a", questionnaire_versions={"b": "2", "a": "1"}))[
        "questionnaire_versions"] == {"a": "1", "b": "2"}


@pytest.mark.parametrize(("cls", "data", "problem"), [
    (Vendor, {"name": 3}, "Vendor.name: expected text, found int"),
    (Vendor, {"name": "x", "baa_date": "yesterday"}, "'yesterday' is not a date"),
    (Vendor, {"name": "x", "handles_ephi": "yes"}, "expected true or false"),
    (Vendor, {"name": "x", "colour": "red"}, "unknown field 'colour'"),
    (Vendor, {}, "missing 'name'"),
    (Vendor, ["x"], "expected an object"),
    (Risk, {"assessment_id": 1, "title": "t", "site_ids": [1, "2"]}, "expected a number"),
    (Risk, {"assessment_id": True, "title": "t"}, "found true/false"),
    (RemediationItem, {"assessment_id": 1, "action": "a", "status": "finished"},
     "'finished' is not one of"),
    (Practice, {"name": "p", "logo_png": "***"}, "not valid base64"),
    (Practice, {"name": None}, "must not be empty"),
])
def test_strict_errors(cls: type, data: object, problem: str) -> None:
    with pytest.raises(RecordError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        from_plain(cls, data)


def test_enum_field() -> None:
    from riskwizard.domain.model import Answer

    a = from_plain(Answer, {"assessment_id": 1, "question_id": "q", "decision": "alternative"})
    assert a.decision is Decision.ALTERNATIVE
