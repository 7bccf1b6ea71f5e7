"""Property tests of the doors data comes in by: JSON import exactly as strict as
docs/json-format.md, and CSV import (encodings, quotes, headers, sizes, formulas)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from riskwizard.domain.model import BaaStatus, PracticeData, Vendor
from riskwizard.domain.records import MAX_TEXT
from riskwizard.interchange import csv_io
from riskwizard.interchange.csv_io import CsvError, format_vendors, neutralise, parse_vendors
from riskwizard.interchange.json_io import InterchangeError, from_json, to_json
from riskwizard.store import open_practice_file, write_new_file

RATINGS = ["likelihood", "impact", "inherent_likelihood", "inherent_impact",
           "likelihood_override", "impact_override"]


@pytest.fixture(scope="module")
def doc(demo_data: PracticeData) -> dict[str, Any]:
    d: dict[str, Any] = json.loads(to_json(demo_data))
    return d


def _refused(text: str) -> str:
    with pytest.raises(InterchangeError) as info:
        from_json(text, "in.json")
    message = str(info.value)
    assert message.startswith("in.json: ") and "\n" not in message
    message.encode("utf-8")
    return message


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(RATINGS), value=st.integers(-(2**70), 2**70), i=st.integers(0, 5))
def test_ratings_outside_1_to_5_are_refused(field: str, value: int, i: int,
                                            doc: dict[str, Any]) -> None:
    d = json.loads(json.dumps(doc))
    d["risks"][i][field] = value
    if 1 <= value <= 5:
        assert getattr(from_json(json.dumps(d), "in.json").risks[i], field) == value
    else:
        assert field in _refused(json.dumps(d))


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(["sites", "assets", "vendors", "assessments", "risks",
                            "remediation"]),
       value=st.integers(-(2**70), 2**70) | st.booleans() | st.floats() | st.text(max_size=5))
def test_ids_are_positive_whole_numbers_in_range(key: str, value: Any,
                                                 doc: dict[str, Any]) -> None:
    d = json.loads(json.dumps(doc))
    d[key][0]["id"] = value
    ok = type(value) is int and 1 <= value < 2**63
    if not ok:
        _refused(json.dumps(d))


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(), style=st.sampled_from(["iso", "basic", "week", "ordinal", "time",
                                               "spaces"]))
def test_dates_are_exactly_yyyy_mm_dd(day: Any, style: str, doc: dict[str, Any]) -> None:
    text = {"iso": day.isoformat(), "basic": day.strftime("%Y%m%d"),
            "week": "{}-W{:02d}-{}".format(*day.isocalendar()),
            "ordinal": day.strftime("%Y-%j"), "time": day.isoformat() + "T00:00",
            "spaces": f" {day.isoformat()}"}[style]
    d = json.loads(json.dumps(doc))
    d["remediation"][0]["due_date"] = text
    if style == "iso" and day.year >= 1000:
        assert from_json(json.dumps(d), "in.json").remediation[0].due_date == day
    elif text != day.isoformat():
        _refused(json.dumps(d))


@pytest.mark.parametrize("version", [True, False, 1.0, 2.0, 3.0, 4.0, "1", "2", "3", "4",
                                     None, 0, 5, [1], {"v": 1}])
def test_format_version_must_be_the_number_1_to_4(version: Any, doc: dict[str, Any]) -> None:
    d = json.loads(json.dumps(doc))
    d["format_version"] = version
    _refused(json.dumps(d))


def _older(doc: dict[str, Any], version: int, baa_signed: object) -> dict[str, Any]:
    """``doc`` as format ``version`` (1 to 3) wrote it: no evidence, vendors' ``baa_signed``
    (left out when ``baa_signed`` is ...)."""
    d = json.loads(json.dumps(doc))
    d["format_version"] = version
    d.pop("evidence", None)
    d.pop("evidence_content", None)
    for v in d["vendors"]:
        v.pop("baa")
        if baa_signed is not ...:
            v["baa_signed"] = baa_signed
    return d


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(version=st.sampled_from([2, 3]), signed=st.sampled_from([True, False, ...]))
def test_older_formats_baa_signed_becomes_baa(doc: dict[str, Any], version: int,
                                              signed: object) -> None:
    data = from_json(json.dumps(_older(doc, version, signed)), "in.json")
    want = BaaStatus.SIGNED if signed is True else BaaStatus.NOT_SIGNED
    assert data.vendors and all(v.baa is want for v in data.vendors)
    assert [v.name for v in data.vendors] == [v["name"] for v in doc["vendors"]]
    assert json.loads(to_json(data))["format_version"] == 4


@pytest.mark.parametrize(("version", "change", "message"), [
    (3, {"baa_signed": "yes"}, "vendors[0]: Vendor.baa_signed: expected true or false"),
    (3, {"baa_signed": 1}, "vendors[0]: Vendor.baa_signed: expected true or false"),
    (3, {"baa": "signed"}, "vendors[0]: Vendor: unknown field 'baa'"),
    (4, {"baa_signed": True}, "vendors[0]: Vendor: unknown field 'baa_signed'"),
    (4, {"baa": "maybe"}, "vendors[0]: Vendor.baa: 'maybe' is not one of"),
    (4, {"baa": True}, "vendors[0]: Vendor.baa: "),
])
def test_baa_fields_are_checked_by_version(doc: dict[str, Any], version: int,
                                           change: dict[str, Any], message: str) -> None:
    d = _older(doc, version, ...) if version < 4 else json.loads(json.dumps(doc))
    if version < 4:
        d["vendors"][0].update(change)
    else:
        d["vendors"][0].pop("baa")
        d["vendors"][0].update(change)
    assert message in _refused(json.dumps(d))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(["scope", "site", "asset", "vendor", "risk_ids", "merged"]),
       bad=st.integers(10_000, 2**62))
def test_dangling_links_are_refused(where: str, bad: int, doc: dict[str, Any]) -> None:
    d = json.loads(json.dumps(doc))
    if where == "scope":
        d["assessments"][0]["scope_site_ids"] = [bad]
    elif where == "site":
        d["risks"][0]["site_ids"] = [bad]
    elif where == "asset":
        d["risks"][0]["asset_ids"] = [bad]
    elif where == "vendor":
        d["risks"][0]["vendor_ids"] = [bad]
    elif where == "risk_ids":
        d["remediation"][0]["risk_ids"] = [bad]
    else:
        d["risks"][0]["merged_into"] = bad
    assert str(bad) in _refused(json.dumps(d))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=30), surrogate=st.integers(0xD800, 0xDFFF),
       field=st.sampled_from([("practice", None, "name"), ("assets", 0, "notes"),
                              ("answers", 0, "note"), ("risks", 0, "title")]))
def test_lone_surrogates_are_refused(text: str, surrogate: int, field: tuple[str, Any, str],
                                     doc: dict[str, Any]) -> None:
    d = json.loads(json.dumps(doc))
    key, i, name = field
    target = d[key] if i is None else d[key][i]
    target[name] = text + chr(surrogate)
    _refused(json.dumps(d))  # json.dumps writes it as a \\udxxx escape


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(length=st.integers(MAX_TEXT - 10, MAX_TEXT + 10))
def test_text_limit(length: int, doc: dict[str, Any], tmp_path_factory: Any) -> None:
    d = json.loads(json.dumps(doc))
    d["answers"][0]["note"] = "n" * length
    if length > MAX_TEXT:
        assert f"{MAX_TEXT:,}" in _refused(json.dumps(d))
    else:
        data = from_json(json.dumps(d), "in.json")
        out = tmp_path_factory.mktemp("limit") / "x.riskwizard"
        write_new_file(out, data)
        with open_practice_file(out, readonly=True) as pf:
            assert max(len(a.note) for a in pf.load_all().answers) == length


# ---------------------------------------------------------------- CSV

names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30) \
    .filter(lambda s: s.strip() == s and s.strip())


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(names, st.text(st.characters(blacklist_categories=("Cs",),
                                                           blacklist_characters="\x00"),
                                             max_size=40)), min_size=1, max_size=6),
       encoding=st.sampled_from(["utf-8-sig", "utf-8", "utf-16", "utf-16-le-bom",
                                 "utf-16-be-bom", "utf-32"]))
def test_csv_round_trip_in_every_encoding(rows: list[tuple[str, str]], encoding: str) -> None:
    vendors = [Vendor(name=n, notes=note) for n, note in rows]
    text = format_vendors(vendors)
    if encoding.endswith("-bom"):
        enc = encoding.removesuffix("-bom")
        raw = "\ufeff".encode(enc) + text.encode(enc)
    else:
        raw = text.encode(encoding)
    result = parse_vendors(csv_io.decode(raw, "v.csv"), "v.csv")
    assert not result.rejected
    assert [(v.name, v.notes.replace("\r\n", "\n").replace("\r", "\n")) for v in result.records] \
        == [(n, note.replace("\r\n", "\n").replace("\r", "\n")) for n, note in rows]


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=400))
def test_csv_any_bytes_import_or_one_line(raw: bytes) -> None:
    try:
        result = parse_vendors(csv_io.decode(raw, "v.csv"), "v.csv")
    except CsvError as exc:
        assert str(exc).startswith("v.csv") and "\n" not in str(exc)
        return
    for r in result.rejected:
        assert "\n" not in r.reason


@settings(max_examples=200, deadline=None)
@given(cell=st.text(max_size=30))
def test_exported_cells_never_run_as_formulas(cell: str) -> None:
    out = neutralise(cell)
    if out.startswith(("=", "+", "-", "@", "\t", "\r")):
        assert all(ch in "0123456789 ().,/+-" for ch in out), out
    text = format_vendors([Vendor(name="x", notes=cell)])
    assume("\x00" not in cell)
    back = parse_vendors(text).records[0].notes
    assert back == cell.replace("\r\n", "\n").replace("\r", "\n") or back == cell


@pytest.mark.parametrize("number", ["+1 (555) 010-0100", "-5", "+44 20 7946 0958", "-0.5"])
def test_phone_numbers_are_left_alone(number: str) -> None:
    assert neutralise(number) == number


@pytest.mark.parametrize("text,where", [
    ('name,notes\r\nA,"never closed\r\nB,x\r\n', "line"),
    ("name,Name\r\nA,B\r\n", "line 1"),
    ("name,notes,NOTES\r\nA,B,C\r\n", "line 1"),
    ("name\r\n" + "x" * 140_000 + "\r\n", "line 2"),
])
def test_csv_refusals_name_a_line(text: str, where: str) -> None:
    with pytest.raises(CsvError) as info:
        parse_vendors(text, "v.csv")
    assert str(info.value).startswith(f"v.csv: {where}") and "\n" not in str(info.value)


def test_csv_files_over_the_limit_and_devices(tmp_path: Path) -> None:
    with pytest.raises(CsvError, match="not a regular file"):
        csv_io.import_vendors(Path("/dev/zero"))
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024 + 1)
    with pytest.raises(CsvError, match="200 MB"):
        csv_io.import_vendors(big)
