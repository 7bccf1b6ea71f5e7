"""The compiled converters (``from_plain`` / ``to_plain``) agree with the original,
per-value dispatching conversion on every model class: the same records, the same
refusals with the same messages."""

from __future__ import annotations

import dataclasses
import json
import string
from collections.abc import Mapping
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.domain import model
from riskwizard.domain.records import (
    RecordError,
    _convert,
    _FieldPlan,
    _plan,
    from_plain,
    to_plain,
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
