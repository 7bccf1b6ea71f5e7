"""Turning model dataclasses into plain values (for SQLite rows and JSON) and back.

One conversion plan per dataclass, derived from its type hints, so the store and the JSON
interchange agree on every field without a hand-written mapping for each table.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

T = TypeVar("T")


class RecordError(ValueError):
    """A value that does not fit the field it is meant for."""


@dataclasses.dataclass(frozen=True)
class _FieldPlan:
    name: str
    kind: str  # str | int | bool | date | enum | ids | strmap | bytes
    optional: bool
    enum: type[StrEnum] | None
    has_default: bool


_PLANS: dict[type, tuple[_FieldPlan, ...]] = {}


def _plan(cls: type) -> tuple[_FieldPlan, ...]:
    if cls not in _PLANS:
        _PLANS[cls] = _make_plan(cls)
    return _PLANS[cls]


def _make_plan(cls: type) -> tuple[_FieldPlan, ...]:
    hints = typing.get_type_hints(cls)
    plans = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        optional = False
        args = typing.get_args(hint)
        if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
            non_none = [a for a in args if a is not type(None)]
            optional = len(non_none) < len(args)
            hint = non_none[0]
        enum: type[StrEnum] | None = None
        if isinstance(hint, type) and issubclass(hint, StrEnum):
            kind, enum = "enum", hint
        elif hint is bool:
            kind = "bool"
        elif hint is int:
            kind = "int"
        elif hint is str:
            kind = "str"
        elif hint is date:
            kind = "date"
        elif hint is bytes:
            kind = "bytes"
        elif typing.get_origin(hint) is tuple:
            kind = "ids"
        elif typing.get_origin(hint) is dict:
            kind = "strmap"
        else:  # pragma: no cover - a new field type must be taught here
            raise TypeError(f"{cls.__name__}.{f.name}: unsupported type {hint!r}")
        has_default = (f.default is not dataclasses.MISSING
                       or f.default_factory is not dataclasses.MISSING)
        plans.append(_FieldPlan(f.name, kind, optional, enum, has_default))
    return tuple(plans)


def to_plain(obj: Any, *, for_sql: bool = False) -> dict[str, Any]:
    """Field name -> a JSON value (``for_sql``: an SQLite value, lists as JSON text)."""
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


def from_plain(cls: type[T], data: object, *, for_sql: bool = False) -> T:
    """The dataclass from ``to_plain`` output; strict: a wrong type raises RecordError."""
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


def _convert(cls: type, p: _FieldPlan, value: Any, for_sql: bool) -> Any:
    where = f"{cls.__name__}.{p.name}"
    if value is None:
        if p.optional:
            return None
        raise RecordError(f"{where}: must not be empty (null)")
    try:
        return _CONVERTERS[p.kind](p, value, for_sql)
    except RecordError as exc:
        raise RecordError(f"{where}: {exc}") from None


def _expect(value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    if isinstance(value, bool) and kind is not bool:
        raise RecordError(f"expected {what}, found true/false")
    if not isinstance(value, kind):
        raise RecordError(f"expected {what}, found {type(value).__name__}")
    return value


def _as_date(p: _FieldPlan, value: Any, for_sql: bool) -> date:
    try:
        return date.fromisoformat(_expect(value, str, "a date (YYYY-MM-DD)"))
    except ValueError:
        raise RecordError(f"'{value}' is not a date (YYYY-MM-DD)") from None


def _as_enum(p: _FieldPlan, value: Any, for_sql: bool) -> StrEnum:
    assert p.enum is not None
    try:
        return p.enum(_expect(value, str, "text"))
    except ValueError:
        allowed = ", ".join(e.value for e in p.enum)
        raise RecordError(f"'{value}' is not one of: {allowed}") from None


def _as_bool(p: _FieldPlan, value: Any, for_sql: bool) -> bool:
    if for_sql:
        return bool(_expect(value, int, "0 or 1"))
    return bool(_expect(value, bool, "true or false"))


def _as_ids(p: _FieldPlan, value: Any, for_sql: bool) -> tuple[int, ...]:
    if for_sql:
        value = json.loads(_expect(value, str, "a JSON list"))
    items = _expect(value, list, "a list of numbers")
    return tuple(_expect(v, int, "a number") for v in items)


def _as_strmap(p: _FieldPlan, value: Any, for_sql: bool) -> dict[str, str]:
    if for_sql:
        value = json.loads(_expect(value, str, "a JSON object"))
    items = _expect(value, dict, "an object")
    return {_expect(k, str, "text"): _expect(v, str, "text") for k, v in items.items()}


def _as_bytes(p: _FieldPlan, value: Any, for_sql: bool) -> bytes:
    if for_sql:
        return bytes(_expect(value, bytes, "bytes"))
    try:
        return base64.b64decode(_expect(value, str, "base64 text"), validate=True)
    except (binascii.Error, ValueError):
        raise RecordError("is not valid base64") from None


_CONVERTERS: dict[str, Callable[[_FieldPlan, Any, bool], Any]] = {
    "str": lambda p, v, s: _expect(v, str, "text"),
    "int": lambda p, v, s: _expect(v, int, "a whole number"),
    "bool": _as_bool,
    "date": _as_date,
    "enum": _as_enum,
    "ids": _as_ids,
    "strmap": _as_strmap,
    "bytes": _as_bytes,
}
