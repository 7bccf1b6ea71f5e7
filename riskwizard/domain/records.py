"""Turning model dataclasses into plain values (for SQLite rows and JSON) and back.

One conversion plan per dataclass, derived from its type hints, so the store and the JSON
interchange agree on every field without a hand-written mapping for each table.

This is also the one home of what a value may be (``LIMITS`` and the checks below): every
door data comes in by (JSON import, opening a practice file, a CSV row) and every write to
the store goes through it, so an out-of-range rating or a 10 MB name never gets in.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import dataclasses
import functools
import gc
import json
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from itertools import chain, repeat, starmap
from operator import attrgetter, is_, itemgetter
from typing import Any, TypeVar

T = TypeVar("T")


class RecordError(ValueError):
    """A value that does not fit the field it is meant for."""


# Limits no real practice meets; generous so that nothing real is ever refused.
MAX_TEXT = 1_000_000  # characters in one text field (about 300 printed pages; the design
# promises a 50-page note comes out as typed, and a 10 MB name is refused)
MAX_IDS = 100_000  # ids in one linked-id list
MAX_BYTES = 10 * 1024 * 1024  # a logo
MAX_INT = 2**63 - 1  # SQLite's INTEGER
RATING_FIELDS = frozenset({"likelihood", "impact", "inherent_likelihood", "inherent_impact",
                           "likelihood_override", "impact_override"})
REFERENCE_FIELDS = frozenset({"assessment_id", "site_id", "risk_id", "merged_into"})
MOMENT_FIELDS = frozenset({"answered_at", "created_at"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})")


def rating_range() -> tuple[int, int]:
    """The likelihood and impact scales of the risk matrix (1 to 5)."""
    from riskwizard.domain.risk import default_matrix

    matrix = default_matrix()
    return 1, min(len(matrix.likelihood), len(matrix.impact))


def int_range(name: str) -> tuple[int, int]:
    """The values an integer field may hold: ratings by the matrix, links to a record from
    1, ids and scores from 0, anything else what SQLite stores."""
    if name in RATING_FIELDS:
        return rating_range()
    if name in REFERENCE_FIELDS:
        return 1, MAX_INT
    if name in ("id", "reduction"):
        return 0, MAX_INT
    return -MAX_INT - 1, MAX_INT


def _check_int(name: str, value: int) -> int:
    low, high = int_range(name)
    if not low <= value <= high:
        shown = str(value) if abs(value) < 10**30 else f"a {len(str(abs(value)))}-digit number"
        raise RecordError(f"{shown} is not between {low} and {high}")
    return value


def _check_text(name: str, value: str) -> str:
    if len(value) > MAX_TEXT:
        raise RecordError(f"longer than {MAX_TEXT:,} characters ({len(value):,}); no real "
                          "practice writes that much in one field")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RecordError("holds an invalid character (a lone UTF-16 surrogate)") from None
    if name in MOMENT_FIELDS and value:
        if not _MOMENT.fullmatch(value):
            raise RecordError(f"'{value[:40]}' is not a moment like 2026-03-01T09:30:00Z")
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise RecordError(f"'{value[:40]}' is not a moment like 2026-03-01T09:30:00Z") \
                from None
    return value


def check_record(obj: Any) -> None:
    """Raise RecordError if any field of ``obj`` is out of its range or kind (the checks
    import and opening make, for records made in memory: CSV rows, the window's edits)."""
    from_plain(type(obj), to_plain(obj, check=False))


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


def to_plain(obj: Any, *, for_sql: bool = False, check: bool = True) -> dict[str, Any]:
    """Field name -> a JSON value (``for_sql``: an SQLite value, lists as JSON text).

    Raises RecordError for a value out of its range (``check``): nothing out of range is
    ever written."""
    cls = type(obj)
    if check:
        plain = _compiled(cls).dump(obj, False)
        from_plain(cls, plain)  # the checks import and opening make
        if not for_sql:
            return plain
    return _compiled(cls).dump(obj, for_sql)


def from_plain(cls: type[T], data: object, *, for_sql: bool = False) -> T:
    """The dataclass from ``to_plain`` output; strict: a wrong type raises RecordError."""
    if not isinstance(data, Mapping):
        raise RecordError(f"{cls.__name__}: expected an object, found {type(data).__name__}")
    conv = _compiled(cls)
    kwargs: dict[str, Any] = {}
    for name, has_default, convert in (conv.sql_fields if for_sql else conv.json_fields):
        if name in data:
            kwargs[name] = convert(data[name])
        elif not has_default:
            raise RecordError(f"{cls.__name__}: missing '{name}'")
    if not for_sql and len(kwargs) != len(data):
        unknown = set(data) - conv.known
        if unknown:
            raise RecordError(f"{cls.__name__}: unknown field '{sorted(unknown)[0]}'")
    return cls(**kwargs)


# --- the compiled converters: one per dataclass, a tuple of per-field functions.
# Each field's function takes the common, valid values by a short path and hands anything
# else to ``_convert`` (the general path), so a refusal and its message are the general
# path's own.

_Field = tuple[str, bool, Callable[[Any], Any]]


class _Compiled:
    __slots__ = ("dump_fields", "json_fields", "known", "names", "plans", "sql_fields")

    def __init__(self, cls: type) -> None:
        plans = _plan(cls)
        self.plans = plans
        self.names = tuple(p.name for p in plans)
        self.known = frozenset(self.names)
        self.json_fields: tuple[_Field, ...] = tuple(
            (p.name, p.has_default, _field_reader(cls, p, False)) for p in plans)
        self.sql_fields: tuple[_Field, ...] = tuple(
            (p.name, p.has_default, _field_reader(cls, p, True)) for p in plans)
        self.dump_fields = tuple((p.name, _field_writer(p, False), _field_writer(p, True))
                                 for p in plans)

    def dump(self, obj: Any, for_sql: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, to_json, to_sql in self.dump_fields:
            value = getattr(obj, name)
            fn = to_sql if for_sql else to_json
            out[name] = value if fn is None or value is None else fn(value)
        return out


_COMPILED: dict[type, _Compiled] = {}


def _compiled(cls: type) -> _Compiled:
    conv = _COMPILED.get(cls)
    if conv is None:
        conv = _COMPILED[cls] = _Compiled(cls)
    return conv


def _field_writer(p: _FieldPlan, for_sql: bool) -> Callable[[Any], Any] | None:
    kind = p.kind
    if kind == "date":
        return _isoformat
    if kind == "enum":
        return _enum_value
    if kind == "bool":
        return int if for_sql else bool
    if kind == "ids":
        return _ids_sql if for_sql else list
    if kind == "strmap":
        return _strmap_sql if for_sql else _strmap_json
    if kind == "bytes":
        return None if for_sql else _bytes_json
    return None


def _isoformat(value: Any) -> Any:
    return value.isoformat()


def _enum_value(value: Any) -> Any:
    return value.value


def _ids_sql(value: Any) -> str:
    return json.dumps(list(value))


def _strmap_sql(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _strmap_json(value: Any) -> dict[str, Any]:
    return dict(sorted(value.items()))


def _bytes_json(value: Any) -> str:
    return base64.b64encode(value).decode("ascii")


@functools.lru_cache(maxsize=8192)
def _cached_date(text: str) -> date:
    return date.fromisoformat(text)


def _field_reader(cls: type, p: _FieldPlan, for_sql: bool) -> Callable[[Any], Any]:
    """One field's conversion from a plain value: a short path for the common valid
    values, ``_convert`` for everything else (a None, a wrong type, a refusal)."""

    def general(value: Any) -> Any:
        return _convert(cls, p, value, for_sql)

    kind, name = p.kind, p.name
    if kind == "str":
        if name in MOMENT_FIELDS:
            def moment(value: Any) -> Any:
                if value == "" and type(value) is str:
                    return value
                return general(value)
            return moment

        def text(value: Any) -> Any:
            if type(value) is str and len(value) <= MAX_TEXT and value.isascii():
                return value
            return general(value)
        return text
    if kind == "int":
        low, high = int_range(name)

        def whole(value: Any) -> Any:
            if type(value) is int and low <= value <= high:
                return value
            return general(value)
        return whole
    if kind == "bool":
        if for_sql:
            def flag_sql(value: Any) -> Any:
                if type(value) is int and (value == 0 or value == 1):
                    return value == 1
                return general(value)
            return flag_sql

        def flag(value: Any) -> Any:
            if value is True or value is False:
                return value
            return general(value)
        return flag
    if kind == "date":
        def day(value: Any) -> Any:
            if type(value) is str and len(value) == 10 and _DATE.fullmatch(value):
                try:
                    return _cached_date(value)
                except ValueError:
                    pass
            return general(value)
        return day
    if kind == "enum":
        assert p.enum is not None
        members: dict[str, StrEnum] = {e.value: e for e in p.enum}

        def member(value: Any) -> Any:
            if type(value) is str:
                found = members.get(value)
                if found is not None:
                    return found
            return general(value)
        return member
    if kind == "ids":
        def ids(value: Any) -> Any:
            items = value
            if for_sql:
                if type(value) is not str or len(value) > MAX_TEXT * 10:
                    return general(value)
                if value == "[]":
                    return ()
                try:
                    items = json.loads(value)
                except (ValueError, RecursionError):
                    return general(value)
            # whole numbers from 1, checked a list at a time (sets, min and max run in C:
            # a large practice's risks link some hundred thousand assets)
            if type(items) is list and len(items) <= MAX_IDS and (
                    not items or (set(map(type, items)) == {int}
                                  and min(items) >= 1 and max(items) <= MAX_INT)):
                return tuple(items)
            return general(value)
        return ids
    return general  # strmap and bytes: rare, the general path


def _convert(cls: type, p: _FieldPlan, value: Any, for_sql: bool) -> Any:
    where = f"{cls.__name__}.{p.name}"
    if value is None:
        if p.optional:
            return None
        raise RecordError(f"{where}: must not be empty (null)")
    try:
        converted = _CONVERTERS[p.kind](p, value, for_sql)
        if p.kind == "int":
            _check_int(p.name, converted)
        elif p.kind == "str":
            _check_text(p.name, converted)
        return converted
    except RecordError as exc:
        raise RecordError(f"{where}: {exc}") from None


def _expect(value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    if isinstance(value, bool) and kind is not bool:
        raise RecordError(f"expected {what}, found true/false")
    if not isinstance(value, kind):
        raise RecordError(f"expected {what}, found {type(value).__name__}")
    return value


def _as_date(p: _FieldPlan, value: Any, for_sql: bool) -> date:
    text = _expect(value, str, "a date (YYYY-MM-DD)")
    try:
        # exactly YYYY-MM-DD: Python also reads 20260101 and 2026-W01-1, the format does not
        if not _DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise RecordError(f"'{_check_text('', text)[:40]}' is not a date (YYYY-MM-DD)") \
            from None


def _as_enum(p: _FieldPlan, value: Any, for_sql: bool) -> StrEnum:
    assert p.enum is not None
    try:
        return p.enum(_expect(value, str, "text"))
    except ValueError:
        allowed = ", ".join(e.value for e in p.enum)
        raise RecordError(f"'{value}' is not one of: {allowed}") from None


def _as_bool(p: _FieldPlan, value: Any, for_sql: bool) -> bool:
    if for_sql:
        if _expect(value, int, "0 or 1") not in (0, 1):
            raise RecordError(f"expected 0 or 1, found {value}")
        return bool(value)
    return bool(_expect(value, bool, "true or false"))


def _json_text(value: Any, what: str) -> Any:
    """A list or object kept as JSON text in a column: parsed, or RecordError."""
    text = _expect(value, str, what)
    if len(text) > MAX_TEXT * 10:
        raise RecordError(f"longer than {MAX_TEXT * 10:,} characters")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise RecordError(f"expected {what}, found '{text[:40]}'") from None


def _as_ids(p: _FieldPlan, value: Any, for_sql: bool) -> tuple[int, ...]:
    if for_sql:
        value = _json_text(value, "a JSON list")
    items = _expect(value, list, "a list of numbers")
    if len(items) > MAX_IDS:
        raise RecordError(f"more than {MAX_IDS:,} ids")
    ids = tuple(_expect(v, int, "a number") for v in items)
    for v in ids:
        if not 1 <= v <= MAX_INT:
            raise RecordError(f"id {_check_int('', v)} is not between 1 and {MAX_INT}")
    return ids


def _as_strmap(p: _FieldPlan, value: Any, for_sql: bool) -> dict[str, str]:
    if for_sql:
        value = _json_text(value, "a JSON object")
    items = _expect(value, dict, "an object")
    if len(items) > MAX_IDS:
        raise RecordError(f"more than {MAX_IDS:,} entries")
    return {_check_text("", _expect(k, str, "text")): _check_text("", _expect(v, str, "text"))
            for k, v in items.items()}


def _as_bytes(p: _FieldPlan, value: Any, for_sql: bool) -> bytes:
    if for_sql:
        raw = bytes(_expect(value, bytes, "bytes"))
    else:
        text = _expect(value, str, "base64 text")
        if len(text) > MAX_BYTES * 4 // 3 + 4:
            raise RecordError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise RecordError("is not valid base64") from None
    if len(raw) > MAX_BYTES:
        raise RecordError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    return raw


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


# --- whole lists at once (export, import, writing a new file): one field of every record
# at a time, checked on the whole column by the interpreter's own loops (the types present,
# the smallest and largest number, the texts joined; dates and choices by their distinct
# values). A column that is not plainly valid sends the list back to the per-record path,
# so every refusal, and the record it names, is that path's own.

_NONE = type(None)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a whole practice is converted at once:
    that makes several objects a record, nearly all kept, and the collector's passes over
    them (a quarter of reading 10,000 assets) find nothing to free; reference counting
    still frees whatever is dropped."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def to_plain_rows(records: Sequence[Any], *, for_sql: bool = False
                  ) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """The field names and, per record, a tuple of its values: the same values and the
    same RecordError as ``to_plain`` (checked) of each record in turn. ``records`` are of
    one class."""
    if not records:
        return (), []
    columns = records.sql_columns() if for_sql and type(records) is Loaded else None
    if columns is None:
        columns = _dump_columns(records, for_sql)
    if columns is not None:
        return _compiled(type(records[0])).names, list(zip(*columns, strict=True))
    dicts = [to_plain(r, for_sql=for_sql) for r in records]
    names = tuple(dicts[0])
    return names, [tuple(d[n] for n in names) for d in dicts]


def field_names(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` in order (the order ``to_plain`` writes them in)."""
    return _compiled(cls).names


def colon_fields(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` whose JSON value, once valid, is a string that may hold a
    colon (text; a choice one of whose values holds one), or null. A valid date or base64
    text never holds one."""
    return tuple(p.name for p in _plan(cls) if p.kind == "str" or (
        p.kind == "enum" and p.enum is not None and any(":" in e.value for e in p.enum)))


def object_fields(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` whose JSON value is an object (``questionnaire_versions``)."""
    return tuple(p.name for p in _plan(cls) if p.kind == "strmap")


def to_plain_all(records: Sequence[Any]) -> list[dict[str, Any]]:
    """``[to_plain(r) for r in records]`` (checked; JSON values), made a column at a time
    when every value is plainly valid. ``records`` are of one class."""
    if not records:
        return []
    columns = _dump_columns(records, False)
    if columns is None:
        return [to_plain(r) for r in records]
    names = _compiled(type(records[0])).names
    return list(map(dict, map(zip, repeat(names), zip(*columns, strict=True))))


def _dump_columns(records: Sequence[Any], for_sql: bool) -> list[list[Any]] | None:
    """The columns of ``to_plain_rows``, or None if any value needs the per-record path."""
    cls = type(records[0])
    if set(map(type, records)) != {cls}:
        return None
    conv = _compiled(cls)
    columns = []
    for p, (_, _, check) in zip(conv.plans, conv.json_fields, strict=True):
        column = _dump_column(p, list(map(attrgetter(p.name), records)), check, for_sql)
        if column is None:
            return None
        columns.append(column)
    return columns


def from_plain_all(cls: type[T], items: Sequence[object], *, for_sql: bool = False
                   ) -> list[T] | None:
    """``[from_plain(cls, item) for item in items]`` when every item is a dict holding
    exactly the fields of ``cls``, each plainly valid; None otherwise, for the caller to
    convert them one by one and say which one is wrong."""
    names = field_names(cls)
    if items and (set(map(type, items)) != {dict}
                  or set(map(len, items)) != {len(names)}):  # type: ignore[arg-type]
        return None
    dicts = typing.cast(Sequence[dict[str, Any]], items)
    try:
        columns = [list(map(itemgetter(name), dicts)) for name in names]
    except KeyError:  # a field missing (and, the count being the same, another unknown)
        return None
    return from_plain_columns(cls, columns, for_sql=for_sql)


def from_plain_columns(cls: type[T], columns: Sequence[list[Any]], *, for_sql: bool = False,
                       keep: bool = False) -> list[T] | None:
    """The records whose fields (``field_names(cls)``, in order) hold these columns'
    values, as ``from_plain`` reads them, when every value is plainly valid; None
    otherwise. ``keep``: a ``Loaded`` list, which a new file is then written from without
    converting and checking every value a second time (an import)."""
    loaded = load_columns(cls, columns, for_sql=for_sql)
    if loaded is None:
        return None
    return Unmade(cls, loaded).records() if keep else list(starmap(cls, zip(*loaded, strict=True)))


def load_columns(cls: type, columns: Sequence[list[Any]], *, for_sql: bool = False,
                 raw: bool = False) -> list[list[Any]] | None:
    """The columns (``field_names(cls)``, in order) converted as ``from_plain`` reads each
    value, when every value is plainly valid; None otherwise. No record is made. ``raw``
    (JSON values): a choice, a date, a flag or a list of ids is checked but kept as read
    (``Unmade(..., raw=True)`` converts it when its records are made)."""
    conv = _compiled(cls)
    if len(columns) != len(conv.names) or len(set(map(len, columns))) > 1:
        return None
    readers = conv.sql_fields if for_sql else conv.json_fields
    loaded = []
    for p, (_, _, reader), values in zip(conv.plans, readers, columns, strict=True):
        column = _load_column(p, values, reader, for_sql, raw and not for_sql) \
            if values else values
        if column is None:
            return None
        loaded.append(column)
    return loaded


class Unmade:
    """A list's records as the columns they were read into, every value checked, the
    records themselves not made (``unmade``: an import read whole and not yet looked at,
    which a new file is written from as it is). ``raw``: the columns of
    ``load_columns(..., raw=True)``, choices, dates, flags and ids as their JSON values."""

    __slots__ = ("cls", "columns", "raw")

    def __init__(self, cls: type, columns: list[list[Any]], raw: bool = False) -> None:
        self.cls = cls
        self.columns = columns
        self.raw = raw

    def column(self, name: str) -> list[Any]:
        """One field of every record, in order (ids: a list or a tuple each)."""
        return self.columns[field_names(self.cls).index(name)]

    def records(self) -> Loaded[Any]:
        """The records, made now (a ``Loaded`` list, with their columns)."""
        columns = _from_raw(self.cls, self.columns) if self.raw else self.columns
        return Loaded(starmap(self.cls, zip(*columns, strict=True)), self.cls, columns)

    def sql_rows(self) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
        """``to_plain_rows(self.records(), for_sql=True)``, without making the records."""
        columns = (_raw_sql_columns if self.raw else _sql_columns)(self.cls, self.columns)
        if columns is None:  # a value only its own conversion writes (and checks)
            return to_plain_rows(self.records(), for_sql=True)
        return field_names(self.cls), list(zip(*columns, strict=True))


def _from_raw(cls: type, columns: list[list[Any]]) -> list[list[Any]]:
    """The columns ``load_columns`` gives of the same values, from its ``raw`` ones."""
    conv = _compiled(cls)
    out = []
    for p, (_, _, reader), column in zip(conv.plans, conv.json_fields, columns, strict=True):
        if p.kind in ("date", "enum"):
            distinct = {v: None if v is None else reader(v) for v in set(column)}
            column = list(map(distinct.__getitem__, column))
        elif p.kind == "ids":
            column = [None if v is None else tuple(v) for v in column]
        out.append(column)
    return out


def _raw_sql_columns(cls: type, columns: list[list[Any]]) -> list[list[Any]] | None:
    """``_sql_columns`` of the same values, from ``load_columns``'s ``raw`` columns: a
    choice's or a date's JSON text is its SQL value (checked: a date exactly YYYY-MM-DD,
    its ``isoformat``); a flag is 0 or 1, a list of ids its JSON text."""
    conv = _compiled(cls)
    out = []
    for p, (_, _, check), column in zip(conv.plans, conv.json_fields, columns, strict=True):
        kind = p.kind
        if kind in ("str", "int", "date", "enum"):
            out.append(column)
        elif kind == "bool":
            out.append([None if v is None else int(v) for v in column])
        elif kind == "ids":  # whole numbers only: repr is exactly json.dumps's "[1, 2]"
            out.append([None if v is None else repr(v) for v in column])
        else:  # strmap, bytes: read converted; converted and checked again, as always
            dumped = _dump_column(p, list(column), check, True)
            if dumped is None:
                return None
            out.append(dumped)
    return out


def unmade(data: Any, key: str) -> Unmade | None:
    """The columns of ``data``'s list ``key`` (a ``PracticeData``) when its records have
    not been made yet (an import read whole: see ``json_io``), else None. Once anything
    has asked for the list (``data.key``), its records are made and this is None."""
    if key in vars(data):
        return None
    pending: Mapping[str, Unmade] = getattr(data, "unmade_lists", {})
    return pending.get(key)


def field_values(data: Any, key: str, name: str) -> Iterable[Any]:
    """Field ``name`` of every record of ``data``'s list ``key``, in order, without making
    records not made yet (``unmade``), or of a list that knows the field's values without
    making its records (``field_values``: the store's assets, known by their ids as the
    file opens)."""
    columns = unmade(data, key)
    if columns is not None:
        return columns.column(name)
    records = getattr(data, key)
    known = getattr(records, "field_values", None)
    if known is not None:
        return known(name)  # type: ignore[no-any-return]
    return map(attrgetter(name), records)


class Loaded(list[T]):
    """Records read a whole column at a time, every value checked, with those columns.
    Writing them (``to_plain_rows(..., for_sql=True)``: an import's new file) takes the
    SQL values from the columns without checking them again, as long as the list holds
    as many records of the class as were read and every field still holds the very object
    it was read with (compared by identity: any assignment, even of an equal value, sends
    the list through the full conversion and its checks)."""

    def __init__(self, records: typing.Iterable[T] = (), cls: type[T] | None = None,
                 columns: list[list[Any]] | None = None) -> None:
        super().__init__(records)
        # Made from records alone (``type(x)(items)``, as some copies make it), it has no
        # columns and is written the full way.
        self.cls = cls
        self.columns = columns if columns is not None else []

    def sql_columns(self) -> list[list[Any]] | None:
        """``_dump_columns(self, True)`` from the columns as read; None if anything was
        changed since, or a value needs converting each its own way."""
        if self.cls is None or not self or not self.columns:
            return None
        conv = _compiled(self.cls)
        if any(len(c) != len(self) for c in self.columns) \
                or set(map(type, self)) != {self.cls}:
            return None
        for p, column in zip(conv.plans, self.columns, strict=True):
            if not all(map(is_, map(attrgetter(p.name), self), column)):
                return None
        return _sql_columns(self.cls, self.columns)


def _sql_columns(cls: type, columns: list[list[Any]]) -> list[list[Any]] | None:
    """``_dump_columns(records, True)`` of the records these checked columns (``from_plain``
    values) make, from the columns; None if a value needs converting each its own way."""
    conv = _compiled(cls)
    out = []
    for p, (_, _, check), column in zip(conv.plans, conv.json_fields, columns, strict=True):
        kind = p.kind
        if kind in ("str", "int"):
            out.append(column)
        elif kind in ("bool", "date", "enum", "ids"):
            write = _trusted_sql[kind]
            distinct = {v: None if v is None else write(v) for v in set(column)}
            out.append(list(map(distinct.__getitem__, column)))
        else:  # strmap (mutable), bytes: converted and checked again, as always
            dumped = _dump_column(p, list(column), check, True)
            if dumped is None:
                return None
            out.append(dumped)
    return out


_trusted_sql: dict[str, Callable[[Any], Any]] = {
    "bool": int, "date": date.isoformat, "enum": _enum_value,
    "ids": lambda ids: repr(list(ids)),  # ints only: exactly json.dumps's "[1, 2]"
}


_Found = tuple[set[type], list[Any], bool]


def _present(p: _FieldPlan, values: list[Any]) -> _Found | None:
    """The types of a column's values other than None, those values, and whether a None
    was among them; None if a None is where the field allows none."""
    types = set(map(type, values))
    if _NONE not in types:
        return types, values, False
    if not p.optional:
        return None
    types.discard(_NONE)
    return types, [v for v in values if v is not None], True


def _each(fn: Callable[[Any], Any], values: list[Any], has_none: bool) -> list[Any]:
    if has_none:
        return [None if v is None else fn(v) for v in values]
    return list(map(fn, values))


def _plain_texts(p: _FieldPlan, values: list[str]) -> bool:
    """Every value fits a text field: the length, valid Unicode, a moment's form."""
    joined = "".join(values)
    if len(joined) > MAX_TEXT and max(map(len, values)) > MAX_TEXT:
        return False
    if not joined.isascii():
        try:
            joined.encode("utf-8")
        except UnicodeEncodeError:
            return False
    if p.name in MOMENT_FIELDS:
        try:
            for value in set(values):
                _check_text(p.name, value)
        except RecordError:
            return False
    return True


def _plain_ids(values: list[Any]) -> bool:
    """Every value (a list or tuple) holds at most MAX_IDS ids, each an int from 1."""
    if max(map(len, values)) > MAX_IDS:
        return False
    flat = list(chain.from_iterable(values))
    return not flat or (set(map(type, flat)) == {int} and min(flat) >= 1
                        and max(flat) <= MAX_INT)


def _whole(p: _FieldPlan, types: set[type], values: list[Any]) -> bool:
    low, high = int_range(p.name)
    return types == {int} and low <= min(values) and max(values) <= high


def _column_alike(p: _FieldPlan, values: list[Any]
                  ) -> tuple[bool, list[Any] | None, _Found | None]:
    """What reading and writing a whole column decide alike: (True, the column or None
    when a value would be refused) for a column of nothing but None, and for text and
    whole-number fields, which are the same both ways; otherwise (False, None, what
    ``_present`` found) for the caller to go on."""
    found = _present(p, values)
    if found is None:
        return True, None, None
    types, present, _ = found
    if not present:
        return True, values, found
    if p.kind == "str":
        return True, values if types == {str} and _plain_texts(p, present) else None, found
    if p.kind == "int":
        return True, values if _whole(p, types, present) else None, found
    return False, None, found


def _dump_column(p: _FieldPlan, values: list[Any], check: Callable[[Any], Any],
                 for_sql: bool) -> list[Any] | None:
    """One field of every record as ``to_plain`` gives it, or None if any value would not
    pass its check (``check``: the field's reader of JSON values)."""
    done, result, found = _column_alike(p, values)
    if done or found is None:
        return result
    types, present, has_none = found
    kind = p.kind
    if kind == "bool":
        return None if types != {bool} else _each(int, values, has_none) if for_sql else values
    if kind == "date":
        return _each(date.isoformat, values, has_none) if types == {date} else None
    if kind == "enum":
        if types != {p.enum}:
            return None
        return _each({e: e.value for e in set(present)}.__getitem__, values, has_none)
    if kind == "ids":
        if not types <= {tuple, list} or not _plain_ids(present):
            return None
        return _each(_ids_sql if for_sql else list, values, has_none)
    # strmap, bytes (the practice's logo, an assessment's versions): few; each its own way
    to_json, to_sql = _field_writer(p, False), _field_writer(p, True)
    out: list[Any] = []
    try:
        for value in values:
            if value is None:
                out.append(None)
                continue
            plain = to_json(value) if to_json else value
            check(plain)
            out.append((to_sql(value) if to_sql else value) if for_sql else plain)
    except (RecordError, TypeError, ValueError, AttributeError):
        return None  # the per-record path raises what it raises
    return out


def _load_column(p: _FieldPlan, values: list[Any], reader: Callable[[Any], Any],
                 for_sql: bool, raw: bool = False) -> list[Any] | None:
    """One field of every item as ``from_plain`` reads it, or None if any value would be
    refused. ``raw`` (JSON values): a choice, a date or ids checked but kept as read."""
    done, result, found = _column_alike(p, values)
    if done or found is None:
        return result
    types, present, has_none = found
    kind = p.kind
    if kind == "bool":
        if for_sql:
            return _each(bool, values, has_none) if types == {int} and set(present) <= {0, 1} \
                else None
        return values if types == {bool} else None
    if kind == "ids" and not for_sql:
        if types != {list} or not _plain_ids(present):
            return None
        return values if raw else _each(tuple, values, has_none)
    try:
        if kind in ("date", "enum", "ids"):  # few distinct values, and immutable results
            if types != {str}:
                return None
            distinct = {v: reader(v) for v in set(present)}
            return values if raw else _each(distinct.__getitem__, values, has_none)
        return [reader(v) for v in values]  # strmap, bytes: each its own object
    except RecordError:
        return None


LINKED = ("sites", "assets", "vendors", "assessments", "answers", "risks", "remediation")
"""The lists ``dangling_reference`` reads."""


def dangling_reference(data: Any, held: Iterable[tuple[str, str]] = ()) -> str | None:
    """The first broken link in a practice's records (``PracticeData``), said as
    ``assets[3]: unknown site 4``; None when every id is unique and every link leads to a
    record that is there. Import and opening a file both ask this. A practice whose
    links were found to hold (``links_held``) and whose every list is still as read
    (``unmade``: an import not yet looked at) is not checked again. ``held``: the links
    (list, field) the caller has found to hold itself (the store, its risks' links to
    assets, with ``id_lists_within``), not looked at again while the others are found
    to hold."""
    if getattr(data, "links_held", False) and all(
            unmade(data, key) is not None for key in LINKED):
        return None
    if _links_hold(data, frozenset(held)):
        return None
    return _first_dangling(data)


def _links_hold(data: Any, held: frozenset[tuple[str, str]] = frozenset()) -> bool:
    """Every id unique and from 1 and every link to a record that is there, seen on whole
    sets at once (``_first_dangling`` then finds the first that is not). The ids of a list
    given as a ``range`` (the store's assets without gaps) are unique and whole by what
    they are: no set of them is made unless a link to them is to be looked up."""
    ids_of: dict[str, Iterable[int]] = {}
    for key in ("sites", "assets", "vendors", "assessments", "risks", "remediation"):
        ids = field_values(data, key, "id")
        if type(ids) is range and ids.step == 1:
            if ids and ids.start <= 0:
                return False
        else:
            ids = list(ids)
            unique = set(ids)
            if len(unique) != len(ids) or (ids and min(ids) <= 0):
                return False
            ids = unique
        ids_of[key] = ids
    known: dict[str, set[int]] = {}

    def have(key: str) -> set[int]:
        if key not in known:
            ids = ids_of[key]
            known[key] = ids if isinstance(ids, set) else set(ids)
        return known[key]

    def within(key: str, field: str, target: str, optional: bool = False) -> bool:
        found = set(field_values(data, key, field))
        return (found - {None} if optional else found) <= have(target)

    def all_within(key: str, field: str, target: str) -> bool:
        if (key, field) in held:
            return True
        return set(chain.from_iterable(field_values(data, key, field))) <= have(target)

    answered = list(zip(field_values(data, "answers", "assessment_id"),
                        field_values(data, "answers", "question_id"), strict=True))
    return (within("assets", "site_id", "sites", True)
            and all_within("assessments", "scope_site_ids", "sites")
            and within("answers", "assessment_id", "assessments")
            and len(set(answered)) == len(answered)
            and within("risks", "assessment_id", "assessments")
            and all_within("risks", "site_ids", "sites")
            and all_within("risks", "asset_ids", "assets")
            and all_within("risks", "vendor_ids", "vendors")
            and within("risks", "merged_into", "risks", True)
            and within("remediation", "assessment_id", "assessments")
            and within("remediation", "risk_id", "risks", True)
            and all_within("remediation", "risk_ids", "risks"))


_NOT_IN_ID_TEXT = str.maketrans("", "", "0123456789, []")
"""Deletes every character a stored list of whole numbers from 0 may be written with."""


def id_lists_within(texts: Sequence[Any], within: range) -> list[tuple[int, ...]] | None:
    """Each of ``texts`` (a column of stored id lists: JSON text) as ``from_plain`` reads
    it (``for_sql``), when every one is plainly valid and each of its ids is one of
    ``within`` (the ids of the records the lists link to: a range without gaps); None
    otherwise, for the caller to read the lists the usual way, which refuses what is wrong
    and says where (``dangling_reference`` for an id that is not there).

    Each list is parsed once and bounded by its smallest and largest id: no set of the
    linked ids is made, and no type of each id is looked at. A text of digits, commas,
    spaces and one opening bracket that parses at all holds whole numbers from 0 only (no
    sign, fraction, exponent, text, true/false or nested list), and those are exactly the
    ids of ``within`` that lie between its ends (a large practice's risks link some
    hundred thousand assets)."""
    if within.step != 1:
        return None
    low, high = max(within.start, 1), within.stop - 1
    out: list[tuple[int, ...]] = []
    for text in texts:
        if type(text) is not str or len(text) > MAX_TEXT * 10:
            return None
        if text == "[]":
            out.append(())
            continue
        if text.translate(_NOT_IN_ID_TEXT) or text.count("[") != 1:
            return None
        try:
            items = json.loads(text)
        except ValueError:  # not JSON, or a number too long to read
            return None
        if type(items) is not list or len(items) > MAX_IDS or (
                items and not (low <= min(items) and max(items) <= high)):
            return None
        out.append(tuple(items))
    return out


def _first_dangling(data: Any) -> str | None:
    def ids(key: str) -> tuple[set[int], str | None]:
        seen: set[int] = set()
        for i, r in enumerate(getattr(data, key)):
            if r.id <= 0 or r.id in seen:
                return seen, f"{key}[{i}]: id {r.id} is missing or repeated"
            seen.add(r.id)
        return seen, None

    known: dict[str, set[int]] = {}
    for key in ("sites", "assets", "vendors", "assessments", "risks", "remediation"):
        known[key], problem = ids(key)
        if problem:
            return problem
    sites, assets, vendors = known["sites"], known["assets"], known["vendors"]
    assessments, risks = known["assessments"], known["risks"]

    def missing(wanted: Any, have: set[int]) -> int | None:
        return next((v for v in wanted if v not in have), None)

    for i, a in enumerate(data.assets):
        if a.site_id is not None and a.site_id not in sites:
            return f"assets[{i}]: unknown site {a.site_id}"
    for i, s in enumerate(data.assessments):
        if (bad := missing(s.scope_site_ids, sites)) is not None:
            return f"assessments[{i}]: scope_site_ids: unknown site {bad}"
    seen_answers: set[tuple[int, str]] = set()
    for i, ans in enumerate(data.answers):
        if ans.assessment_id not in assessments:
            return f"answers[{i}]: unknown assessment {ans.assessment_id}"
        if (ans.assessment_id, ans.question_id) in seen_answers:
            return (f"answers[{i}]: question '{ans.question_id[:80]}' answered twice in one "
                    "assessment")
        seen_answers.add((ans.assessment_id, ans.question_id))
    for i, r in enumerate(data.risks):
        if r.assessment_id not in assessments:
            return f"risks[{i}]: unknown assessment {r.assessment_id}"
        for field_name, have, what in (("site_ids", sites, "site"),
                                       ("asset_ids", assets, "asset"),
                                       ("vendor_ids", vendors, "vendor")):
            if (bad := missing(getattr(r, field_name), have)) is not None:
                return f"risks[{i}]: {field_name}: unknown {what} {bad}"
        if r.merged_into is not None and r.merged_into not in risks:
            return f"risks[{i}]: merged into unknown risk {r.merged_into}"
    for i, item in enumerate(data.remediation):
        if item.assessment_id not in assessments:
            return f"remediation[{i}]: unknown assessment {item.assessment_id}"
        if item.risk_id is not None and item.risk_id not in risks:
            return f"remediation[{i}]: unknown risk {item.risk_id}"
        if (bad := missing(item.risk_ids, risks)) is not None:
            return f"remediation[{i}]: risk_ids: unknown risk {bad}"
    return None
