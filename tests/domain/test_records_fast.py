"""The compiled converters (``from_plain`` / ``to_plain``) agree with the original,
per-value dispatching conversion on every model class: the same records, the same
refusals with the same messages. The whole-list converters (``to_plain_rows``,
``to_plain_all``, ``from_plain_all``) agree with converting one record at a time, and the
links checked on whole sets with the record-by-record search."""

from __future__ import annotations

import dataclasses
import json
import string
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from riskwizard.domain import model
from riskwizard.domain.records import (
    Loaded,
    RecordError,
    _convert,
    _dump_columns,
    _FieldPlan,
    _first_dangling,
    _plan,
    dangling_reference,
    field_names,
    from_plain,
    from_plain_all,
    from_plain_columns,
    to_plain,
    to_plain_all,
    to_plain_rows,
)

CLASSES = [model.Practice, model.Site, model.Asset, model.Vendor, model.Assessment,
           model.Answer, model.Risk, model.RemediationItem, model.Evidence]


# --- the original implementation, kept here as the reference

def ref_to_plain(obj: Any, *, for_sql: bool = False, check: bool = True) -> dict[str, Any]:
    import base64

    if check:
        ref_from_plain(type(obj), ref_to_plain(obj, check=False))
    out: dict[str, Any] = {}
    for p in _plan(type(obj)):
        value = getattr(obj, p.name)
        if value is None:
            out[p.name] = None
        elif p.kind == "date":
            out[p.name] = value.isoformat()
        elif p.kind == "enum":
            out[p.name] = value.value
        elif p.kind == "bool":
            out[p.name] = int(value) if for_sql else bool(value)
        elif p.kind == "ids":
            out[p.name] = json.dumps(list(value)) if for_sql else list(value)
        elif p.kind == "strmap":
            out[p.name] = (json.dumps(value, sort_keys=True) if for_sql
                           else dict(sorted(value.items())))
        elif p.kind == "bytes":
            out[p.name] = value if for_sql else base64.b64encode(value).decode("ascii")
        else:
            out[p.name] = value
    return out


def ref_from_plain(cls: type, data: object, *, for_sql: bool = False) -> Any:
    if not isinstance(data, Mapping):
        raise RecordError(f"{cls.__name__}: expected an object, found {type(data).__name__}")
    kwargs: dict[str, Any] = {}
    known = set()
    for p in _plan(cls):
        known.add(p.name)
        if p.name not in data:
            if p.has_default:
                continue
            raise RecordError(f"{cls.__name__}: missing '{p.name}'")
        kwargs[p.name] = _convert(cls, p, data[p.name], for_sql)
    unknown = set(data) - known
    if unknown and not for_sql:
        raise RecordError(f"{cls.__name__}: unknown field '{sorted(unknown)[0]}'")
    return cls(**kwargs)


# --- generated plain values: mostly valid, often wrong in kind or range

ANY_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
                       st.text(max_size=12), st.floats(allow_nan=False),
                       st.lists(st.integers(-3, 5), max_size=3))


def _valid(p: _FieldPlan, for_sql: bool) -> st.SearchStrategy[Any]:
    if p.kind == "str":
        if p.name in ("answered_at", "created_at"):
            return st.sampled_from(["", "2026-03-01T09:30:00Z", "2026-03-01T09:30:00.5+01:00",
                                    "2026-13-01T09:30:00Z", "yesterday"])
        return st.one_of(st.text(max_size=20), st.text(string.printable, max_size=20),
                         st.just("\ud800"))
    if p.kind == "int":
        return st.one_of(st.integers(-2, 7), st.integers(-(2**64), 2**64))
    if p.kind == "bool":
        return st.sampled_from([0, 1, 2, -1]) if for_sql else st.booleans()
    if p.kind == "date":
        return st.one_of(st.dates().map(date.isoformat),
                         st.sampled_from(["2026-02-30", "20260101", "2026-W01-1",
                                          "٢٠٢٦-٠١-٠١", "2026-1-01"]))
    if p.kind == "enum":
        assert p.enum is not None
        return st.one_of(st.sampled_from([e.value for e in p.enum]), st.text(max_size=5))
    if p.kind == "ids":
        lists = st.lists(st.one_of(st.integers(1, 50), st.integers(-2, 2**64), st.booleans(),
                                   st.text(max_size=2)), max_size=5)
        if for_sql:
            return st.one_of(lists.map(json.dumps), st.just("[]"), st.just("[1,"),
                             st.just('{"a": 1}'), st.just("[" * 5000))
        return lists
    if p.kind == "strmap":
        maps = st.dictionaries(st.text(max_size=4), st.one_of(st.text(max_size=4),
                                                               st.integers()), max_size=3)
        return maps.map(json.dumps) if for_sql else maps
    if p.kind == "bytes":
        return (st.binary(max_size=8) if for_sql
                else st.one_of(st.binary(max_size=8).map(
                    lambda b: __import__("base64").b64encode(b).decode()), st.text(max_size=4)))
    raise AssertionError(p.kind)


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


def _good(p: _FieldPlan, for_sql: bool) -> st.SearchStrategy[Any]:
    """Values the field takes (JSON, or SQL with ``for_sql``)."""
    import base64

    from riskwizard.domain.records import int_range

    if p.kind == "str":
        if p.name in ("answered_at", "created_at"):
            return st.sampled_from(["", "2026-03-01T09:30:00Z"])
        return TEXT
    if p.kind == "int":
        low, high = int_range(p.name)
        return st.integers(max(low, -(2**63)), min(high, 2**63 - 1))
    if p.kind == "bool":
        return st.sampled_from([0, 1]) if for_sql else st.booleans()
    if p.kind == "date":
        return st.dates().map(date.isoformat)
    if p.kind == "enum":
        assert p.enum is not None
        return st.sampled_from([e.value for e in p.enum])
    if p.kind == "ids":
        ids = st.lists(st.integers(1, 2**63 - 1), max_size=4)
        return ids.map(json.dumps) if for_sql else ids
    if p.kind == "strmap":
        maps = st.dictionaries(TEXT, TEXT, max_size=3)
        return maps.map(json.dumps) if for_sql else maps
    raw = st.binary(max_size=8)
    return raw if for_sql else raw.map(lambda b: base64.b64encode(b).decode())


@st.composite
def good_records(draw: st.DrawFn, cls: type, for_sql: bool) -> dict[str, Any]:
    """A record as written: every field, each of its kind and in range."""
    return {p.name: (None if p.optional and draw(st.integers(0, 4)) == 0
                     else draw(_good(p, for_sql))) for p in _plan(cls)}


@st.composite
def plain_records(draw: st.DrawFn, cls: type, for_sql: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for p in _plan(cls):
        choice = draw(st.integers(0, 19))
        if choice == 0 and p.has_default:
            continue  # left out
        if choice == 1 and draw(st.booleans()):
            continue  # left out, perhaps required
        if choice == 2:
            out[p.name] = draw(ANY_SCALAR)
        else:
            out[p.name] = draw(_valid(p, for_sql))
    if draw(st.integers(0, 9)) == 0:
        out[draw(st.sampled_from(["zz", "extra", "id2"]))] = 1
    return out


def _outcome(fn: Any, *args: Any, **kwargs: Any) -> tuple[str, Any]:
    try:
        return "ok", fn(*args, **kwargs)
    except RecordError as exc:
        return "refused", str(exc)
    except Exception as exc:  # noqa: BLE001 - whatever the reference raises, we raise
        return type(exc).__name__, str(exc)


def _same(a: tuple[str, Any], b: tuple[str, Any]) -> None:
    assert a[0] == b[0], (a, b)
    if a[0] == "ok" and dataclasses.is_dataclass(a[1]):
        for f in dataclasses.fields(a[1]):
            x, y = getattr(a[1], f.name), getattr(b[1], f.name)
            assert x == y and type(x) is type(y), (f.name, x, y)
    else:
        assert a[1] == b[1]


@pytest.mark.parametrize("for_sql", [False, True])
@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_from_plain_matches_the_reference(cls: type, for_sql: bool, data: st.DataObject
                                          ) -> None:
    plain = data.draw(plain_records(cls, for_sql))
    _same(_outcome(from_plain, cls, plain, for_sql=for_sql),
          _outcome(ref_from_plain, cls, plain, for_sql=for_sql))


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_to_plain_matches_the_reference(cls: type, data: st.DataObject) -> None:
    plain = data.draw(plain_records(cls, False))
    made = _outcome(ref_from_plain, cls, plain)
    if made[0] != "ok":
        return
    record = made[1]
    if data.draw(st.booleans()):  # a record edited in memory, perhaps out of range
        p = data.draw(st.sampled_from(_plan(cls)))
        setattr(record, p.name, data.draw(ANY_SCALAR))
    for for_sql in (False, True):
        for check in (False, True):
            _same(_outcome(to_plain, record, for_sql=for_sql, check=check),
                  _outcome(ref_to_plain, record, for_sql=for_sql, check=check))


def test_non_mapping_refused_alike() -> None:
    for value in (None, [1], "x", 3):
        _same(_outcome(from_plain, model.Site, value), _outcome(ref_from_plain, model.Site,
                                                                value))


# --- whole lists at once: the same records, values and refusals as one at a time

def _each_to_plain(records: list[Any], for_sql: bool) -> tuple[str, Any]:
    return _outcome(lambda: [to_plain(r, for_sql=for_sql) for r in records])


def _made(data: st.DataObject, cls: type) -> list[Any]:
    """A few records of ``cls``, perhaps one edited in memory out of range or kind."""
    records = []
    for _ in range(data.draw(st.integers(1, 4))):
        made = _outcome(ref_from_plain, cls, data.draw(good_records(cls, False)))
        if made[0] == "ok":
            records.append(made[1])
    if records and data.draw(st.booleans()):
        p = data.draw(st.sampled_from(_plan(cls)))
        setattr(data.draw(st.sampled_from(records)), p.name, data.draw(ANY_SCALAR | ODD))
    return records


ODD = st.sampled_from(["\ud800", "é", "x" * 1_000_001, datetime(2026, 1, 1),
                       date(2026, 1, 1), model.AssetKind.LAPTOP, model.RiskStatus.DRAFT,
                       (1, 2), [3], (0,), (True,), ("1",), {"a": "b"}, {"a": 1}, b"\x89PNG"])


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_whole_lists_dump_as_each_record(cls: type, data: st.DataObject) -> None:
    records = _made(data, cls)
    for for_sql in (False, True):
        each = _each_to_plain(records, for_sql)
        rows = _outcome(to_plain_rows, records, for_sql=for_sql)
        if rows[0] == "ok":
            names, values = rows[1]
            rows = ("ok", [dict(zip(names, v, strict=True)) for v in values])
        assert rows[0] == each[0] and rows[1] == each[1], (rows, each)
        if each[0] == "ok":  # the same types too (True is not 1)
            assert [[type(v) for v in row.values()] for row in rows[1]] == \
                [[type(v) for v in row.values()] for row in each[1]]
    all_json = _outcome(to_plain_all, records)
    assert all_json == _each_to_plain(records, False)


@pytest.mark.parametrize("for_sql", [False, True])
@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_whole_lists_read_as_each_record(cls: type, for_sql: bool, data: st.DataObject
                                         ) -> None:
    if data.draw(st.booleans()):  # anything
        items = data.draw(st.lists(plain_records(cls, for_sql), min_size=1, max_size=4))
    else:  # records as written, one value perhaps changed, added or taken out
        items = data.draw(st.lists(good_records(cls, for_sql), min_size=1, max_size=4))
        if data.draw(st.booleans()):
            item = data.draw(st.sampled_from(items))
            p = data.draw(st.sampled_from(_plan(cls)))
            change = data.draw(st.integers(0, 3))
            if change == 0:
                item.pop(p.name)
            elif change == 1:
                item["zz"] = 1
            else:
                item[p.name] = data.draw(st.one_of(_valid(p, for_sql), ANY_SCALAR))
    each = _outcome(lambda: [from_plain(cls, item, for_sql=for_sql) for item in items])
    whole = from_plain_all(cls, items, for_sql=for_sql)
    if whole is None:  # declined: the caller converts one by one
        event("declined")
        return
    event("read whole")
    assert each[0] == "ok", each
    for a, b in zip(whole, each[1], strict=True):
        _same(("ok", a), ("ok", b))


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_records_kept_with_their_columns_write_as_each_record(cls: type, data: st.DataObject
                                                             ) -> None:
    """An import's records (``Loaded``: read whole, kept with their checked columns) give
    the rows, and the refusals, of converting each record, also after any of them was
    changed in memory: a field assigned (an equal value, another valid one, one out of
    range or of another kind), a record replaced, added or taken out."""
    items = data.draw(st.lists(good_records(cls, False), min_size=1, max_size=5))
    names = field_names(cls)
    loaded = from_plain_columns(cls, [[item[n] for item in items] for n in names], keep=True)
    if loaded is None:  # a value the whole-list path leaves to the record-by-record one
        event("declined")
        return
    assert type(loaded) is Loaded
    change = data.draw(st.integers(0, 5))
    if change == 1:  # a field assigned: an equal value, another valid one, or anything
        record = data.draw(st.sampled_from(loaded))
        p = data.draw(st.sampled_from(_plan(cls)))
        value = data.draw(st.one_of(
            st.just(getattr(record, p.name)).map(lambda v: v if v is None else
                                                 type(v)(v) if isinstance(v, int | str)
                                                 else v),
            _good(p, False).map(lambda v, p=p: from_plain(
                cls, {**to_plain(record), p.name: v}).__dict__[p.name]),
            ANY_SCALAR | ODD))
        setattr(record, p.name, value)
    elif change == 2:
        loaded[data.draw(st.integers(0, len(loaded) - 1))] = ref_from_plain(
            cls, data.draw(good_records(cls, False)))
    elif change == 3:
        loaded.append(ref_from_plain(cls, data.draw(good_records(cls, False))))
    elif change == 4:
        loaded.pop()
    event(f"change {change}")
    plain_list = list(loaded)
    assert _outcome(to_plain_rows, loaded, for_sql=True) == \
        _outcome(to_plain_rows, plain_list, for_sql=True)
    if change == 0:
        assert loaded.sql_columns() is not None  # unchanged: taken from the columns


def test_a_real_practice_takes_the_whole_list_path(demo_data: model.PracticeData) -> None:
    """The demo's records are converted a column at a time, not one by one: a guard that
    the column checks do not quietly refuse what is plainly valid."""
    for key, cls in model.COLLECTIONS.items():
        records = getattr(demo_data, key)
        if not records:
            continue
        for for_sql in (False, True):
            assert _dump_columns(records, for_sql) is not None, key
            plain = [to_plain(r, for_sql=for_sql) for r in records]
            assert from_plain_all(cls, plain, for_sql=for_sql) == \
                [from_plain(cls, x, for_sql=for_sql) for x in plain], key


# --- links: the whole-set check and the record-by-record search agree

@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_links_checked_on_sets_as_one_by_one(demo_data: model.PracticeData,
                                             data: st.DataObject) -> None:
    """Ids changed, links broken or repeated, on a copy of the demo practice."""
    copy = model.PracticeData(**{f.name: (list(getattr(demo_data, f.name))
                                          if isinstance(getattr(demo_data, f.name), list)
                                          else getattr(demo_data, f.name))
                                 for f in dataclasses.fields(model.PracticeData)})
    links = [("assets", "site_id"), ("assessments", "scope_site_ids"), ("answers",
             "assessment_id"), ("answers", "question_id"), ("risks", "assessment_id"),
             ("risks", "site_ids"), ("risks", "asset_ids"), ("risks", "vendor_ids"),
             ("risks", "merged_into"), ("remediation", "assessment_id"),
             ("remediation", "risk_id"), ("remediation", "risk_ids"),
             *((key, "id") for key in ("sites", "assets", "vendors", "assessments", "risks",
                                       "remediation"))]
    for _ in range(data.draw(st.integers(0, 2))):
        key, field = data.draw(st.sampled_from(links))
        records = getattr(copy, key)
        if not records:
            continue
        i = data.draw(st.integers(0, len(records) - 1))
        old = getattr(records[i], field)
        if isinstance(old, tuple):
            value: Any = data.draw(st.lists(st.integers(-1, 40), max_size=3).map(tuple))
        elif isinstance(old, str):
            value = data.draw(st.sampled_from([r.question_id for r in copy.answers[:5]]))
        elif field == "id":
            value = data.draw(st.integers(-1, 40))
        else:
            value = data.draw(st.one_of(st.none(), st.integers(-1, 40)))
        records[i] = dataclasses.replace(records[i], **{field: value})
    assert dangling_reference(copy) == _first_dangling(copy)
