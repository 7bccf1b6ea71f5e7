"""Everything in a practice file as JSON, and back. The format is documented in
docs/json-format.md. Export -> import -> export gives byte-identical JSON."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
from collections.abc import Mapping
from itertools import chain
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any

from riskwizard import __version__
from riskwizard.domain.model import (
    COLLECTIONS,
    BaaStatus,
    Practice,
    PracticeData,
    RiskOrigin,
)
from riskwizard.domain.records import (
    RecordError,
    Unmade,
    collector_paused,
    colon_fields,
    dangling_reference,
    field_names,
    from_plain,
    load_columns,
    object_fields,
    to_plain,
    to_plain_all,
)
from riskwizard.fileio import JSON_EXPORT, OneLineError, read_limited, unreadable, write_atomically

FORMAT = "riskwizard-export"
FORMAT_VERSION = 4
"""2 adds the risk analysis (schema 3's fields); version 1 files still import, their gap-list
risks kept as earlier risks. 3 adds evidence files: ``evidence`` (the attachments) and
``evidence_content`` (each file's bytes once, base64, by SHA-256); versions 1 and 2 have
neither and still import. 4 replaces a vendor's ``baa_signed`` (true/false) with ``baa``
(``"signed"`` / ``"not_signed"`` / ``"unknown"``); an older file's ``baa_signed`` is read as
``"signed"`` or ``"not_signed"``."""
READS = (1, 2, 3, 4)
CONTENT = "evidence_content"

LISTS = COLLECTIONS
CURRENT_KEYS = frozenset({"format", "format_version", "exported_by", "practice", *LISTS,
                          CONTENT})


class InterchangeError(OneLineError, ValueError):
    """JSON that cannot become a practice file, in one line."""


SEPARATORS = (",\n", ": ")
"""One value a line, unindented: the C encoder writes it (indenting is done in Python, four
times slower), and a diff of two exports still shows each changed field on its own line."""


def to_json(data: PracticeData) -> str:
    doc: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION,
                           "exported_by": f"riskwizard {__version__}",
                           "practice": to_plain(data.practice)}
    with collector_paused():
        for key in LISTS:
            doc[key] = to_plain_all(getattr(data, key))
    doc[CONTENT] = {sha: base64.b64encode(blob).decode("ascii")
                    for sha, blob in sorted(data.evidence_content.items())}
    return json.dumps(doc, ensure_ascii=False, separators=SEPARATORS) + "\n"


def export_json(data: PracticeData, out: Path) -> None:
    text = to_json(data)
    write_atomically(out, lambda fh: fh.write(text.encode("utf-8")), JSON_EXPORT)


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    doc = dict(pairs)
    if len(doc) != len(pairs):
        seen: set[str] = set()
        repeated = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise ValueError(f"the key {json.dumps(repeated)[:60]} appears twice in one object")
    return doc


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def from_json(text: str, source: str) -> PracticeData:
    """A practice's records from export text, exactly as strict as docs/json-format.md."""
    with collector_paused():
        data = _read_current(text, source)
        return data if data is not None else _read_each(text, source)


def _read_current(text: str, source: str) -> PracticeData | None:
    """The records of an export of the current version whose every record is plainly
    valid, read a whole list at a time; None for anything else (an older version, a value
    in doubt, a repeated key), which ``_read_each`` then reads or refuses, naming the first
    thing wrong. What this accepts, ``_read_each`` accepts, and reads alike."""
    try:
        doc = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return None
    if (type(doc) is not dict or doc.get("format") != FORMAT
            or type(doc.get("format_version")) is not int
            or doc["format_version"] != FORMAT_VERSION or not set(doc) <= CURRENT_KEYS
            or type(doc.get("exported_by", "")) is not str):
        return None
    # The parser keeps one entry of a key repeated in an object: count the keys the
    # objects read hold, and the colons in the strings read, for ``_keys_once``.
    entries = len(doc)
    colons = doc["format"].count(":") + doc.get("exported_by", "").count(":")
    records: dict[str, Unmade] = {}
    for key, cls in (("practice", Practice), *LISTS.items()):
        items = [doc.get(key)] if key == "practice" else doc.get(key, [])
        if type(items) is not list or not set(map(type, items)) <= {dict}:
            return None
        names = field_names(cls)
        columns = _columns(items, names)
        if columns is None:
            return None
        converted = load_columns(cls, columns, raw=True)
        if converted is None:
            return None
        records[key] = Unmade(cls, converted, raw=True)
        entries += len(items) * len(names)
        for name in colon_fields(cls):  # valid: strings or None
            colons += "".join(filter(None, columns[names.index(name)])).count(":")
        for name in object_fields(cls):  # valid: objects of strings, or None
            for mapping in filter(None, columns[names.index(name)]):
                entries += len(mapping)
                colons += "".join(chain.from_iterable(mapping.items())).count(":")
    content = doc.get(CONTENT, {})
    if type(content) is not dict or not set(map(type, content.values())) <= {str}:
        return None
    if not _keys_once(text, entries + len(content), colons):
        return None
    data = ReadWhole(practice=records.pop("practice").records()[0])
    for key in records:
        delattr(data, key)  # made when first asked for (``ReadWhole``)
    data.unmade_lists = records
    data.evidence_content = _content(content, source)
    _check_references(data, source)
    data.links_held = True
    return data


class ReadWhole(PracticeData):
    """A practice read whole from a current export (``_read_current``): every value and
    link checked, each list's records made only when the list is first asked for
    (``data.assets``). Until then the list is its checked columns (``records.unmade``),
    and a new file written from it (``write_new_file``: the window's Import) takes its rows
    from them: an import that nobody looks at in between makes no records."""

    unmade_lists: Mapping[str, Unmade] = MappingProxyType({})
    """The lists not made yet, when first read (never changed: copies share it)."""
    links_held = False
    """Every link was found to hold when read (``records.dangling_reference``)."""

    def __getattr__(self, name: str) -> Any:  # only for an attribute not set yet
        columns = self.unmade_lists.get(name)
        if columns is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        records = columns.records()
        setattr(self, name, records)
        return records

    def __eq__(self, other: object) -> bool:
        """Equal to a ``PracticeData`` holding the same records, as two of those are."""
        if not isinstance(other, PracticeData):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name)
                   for f in dataclasses.fields(PracticeData) if f.compare)

    __hash__ = None  # type: ignore[assignment]


def _keys_once(text: str, entries: int, colons: int) -> bool:
    """Whether no object in ``text`` repeats a key, given how many keys the objects read
    hold (``entries``: the parser keeps a repeated key once) and how many colons the
    strings read hold (``colons``).

    Outside its strings, JSON text has a colon after each key and nowhere else; inside
    them, the colons the strings hold, unless one was written as ``\\u003a``. So with no
    such escape, the text's colons less the strings' are the keys written: never fewer
    than ``entries``, and as many only when no object repeats a key. A string or an object
    left uncounted only makes this say no."""
    if "\\u003" in text:
        return False
    return text.count(":") - colons == entries


def _columns(items: list[dict[str, Any]], names: tuple[str, ...]) -> list[list[Any]] | None:
    """Each field's values over the records, in ``names`` order; None if any record lacks
    a field or has another."""
    if items and set(map(len, items)) != {len(names)}:
        return None
    try:  # as many keys as fields, and every field there: the fields exactly
        return [list(map(itemgetter(name), items)) for name in names]
    except KeyError:
        return None


def _read_each(text: str, source: str) -> PracticeData:
    """Any version's export, record by record; the first thing wrong refused in one line."""
    try:
        doc = json.loads(text, parse_constant=_no_constant, object_pairs_hook=_no_repeats)
    except json.JSONDecodeError as exc:
        raise InterchangeError(f"{source}: not valid JSON (line {exc.lineno}, column "
                               f"{exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise InterchangeError(f"{source}: not valid JSON (nested too deeply)") from None
    except ValueError as exc:  # NaN, Infinity; an integer of more than 4,300 digits
        raise InterchangeError(f"{source}: not valid JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InterchangeError(f"{source}: not a riskwizard export (no \"format\": "
                               f"\"{FORMAT}\")")
    version = doc.get("format_version")
    if type(version) is not int or version not in READS:
        shown = json.dumps(version)[:40]
        raise InterchangeError(f"{source}: export format version {shown}; this program "
                               f"reads versions 1 to {FORMAT_VERSION}")
    known = {"format", "format_version", "exported_by", "practice", *LISTS}
    if version < 3:  # evidence came with version 3
        known -= {"evidence"}
    else:
        known.add(CONTENT)
    extra = sorted(set(doc) - known)
    if extra:
        raise InterchangeError(f"{source}: unknown top-level key {json.dumps(extra[0])[:60]}")
    try:
        practice = from_plain(Practice, doc.get("practice"))
    except RecordError as exc:
        raise InterchangeError(f"{source}: practice: {exc}") from None
    data = PracticeData(practice=practice)
    for key, cls in LISTS.items():
        items = doc.get(key, [])
        if not isinstance(items, list):
            raise InterchangeError(f"{source}: \"{key}\" must be a list")
        records = getattr(data, key)
        for i, item in enumerate(items):
            try:
                if key == "vendors" and version < 4:
                    item = _baa_from_baa_signed(item)
                records.append(from_plain(cls, item))
            except RecordError as exc:
                raise InterchangeError(f"{source}: {key}[{i}]: {exc}") from None
    data.evidence_content = _content(doc.get(CONTENT, {}), source)
    _check_references(data, source)
    if version == 1:
        # Version 1 held a gap list: its risks are kept, marked as earlier risks (their
        # rating standing for both inherent and current), and its actions keep their link.
        for r in data.risks:
            r.origin = RiskOrigin.EARLIER
            r.inherent_likelihood, r.inherent_impact = r.likelihood, r.impact
        for item in data.remediation:
            item.risk_ids = (item.risk_id,) if item.risk_id is not None else ()
    return data


def _baa_from_baa_signed(item: object) -> object:
    """A vendor of format versions 1 to 3: ``baa_signed`` (true/false, missing as false)
    becomes ``baa``; a ``baa`` of its own is unknown to those versions."""
    if not isinstance(item, dict):
        return item  # from_plain says what is wrong
    if "baa" in item:
        raise RecordError("Vendor: unknown field 'baa' (format versions 1 to 3 have "
                          "'baa_signed')")
    out = {k: v for k, v in item.items() if k != "baa_signed"}
    signed = item.get("baa_signed", False)
    if type(signed) is not bool:
        shown = json.dumps(signed)[:40]
        raise RecordError(f"Vendor.baa_signed: expected true or false, found {shown}")
    out["baa"] = BaaStatus.SIGNED.value if signed else BaaStatus.NOT_SIGNED.value
    return out


def _content(items: object, source: str) -> dict[str, bytes]:
    """``evidence_content``: SHA-256 → standard base64 (with padding), strictly."""
    if not isinstance(items, dict):
        raise InterchangeError(f"{source}: \"{CONTENT}\" must be an object")
    out: dict[str, bytes] = {}
    for sha, text in items.items():
        where = f"{source}: {CONTENT}[{json.dumps(sha)[:70]}]"
        if not isinstance(text, str):
            raise InterchangeError(f"{where}: must be base64 text")
        try:
            blob = base64.b64decode(text.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            raise InterchangeError(f"{where}: not valid base64") from None
        out[sha] = blob
    return out


def _check_references(data: PracticeData, source: str) -> None:
    from riskwizard.domain.evidence import evidence_problem

    problem = dangling_reference(data) or evidence_problem(data)
    if problem:
        raise InterchangeError(f"{source}: {problem}")


def read_json_file(path: Path) -> PracticeData:
    """A practice's records from an export file; InterchangeError (one line, naming
    ``path``) for anything the format (docs/json-format.md) does not allow."""
    try:
        raw = read_limited(path)
    except OSError as exc:
        raise InterchangeError(unreadable(path, exc, "a JSON file")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InterchangeError(f"{path}: not UTF-8 text") from None
    return from_json(text, str(path))

