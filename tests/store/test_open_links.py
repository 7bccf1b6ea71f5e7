"""Opening a practice checks its risks' links to assets without a set of every linked id
(``records.id_lists_within``: each stored list parsed once and bounded by the assets' ids,
when those have no gaps), and runs SQLite's check of every page on a connection of its
own beside the reading of the records (``_WholeFileCheck``). Neither may let through what
the full checks refuse: a link to an asset that is not there, an id that is not a whole
number from 1, a list that is not one, or a damaged page, is refused in one line naming
the file, with the file left byte for byte as it was; and what opens reads exactly as the
full conversion reads it."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import sqlite3
import struct
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from riskwizard.domain.model import PracticeData, Risk
from riskwizard.domain.records import (
    MAX_IDS,
    RecordError,
    _first_dangling,
    dangling_reference,
    from_plain,
    id_lists_within,
)
from riskwizard.store import StoreError, open_practice_file, write_new_file
from riskwizard.store.practice_file import _AssetIds

# --- the parser of stored id lists, against from_plain and a plain membership test


def _read_as_from_plain(text: Any) -> tuple[int, ...] | None:
    """A risk's ``asset_ids`` as the record-by-record conversion reads the stored value
    (None: refused)."""
    try:
        ids = from_plain(Risk, {"assessment_id": 1, "title": "t", "asset_ids": text},
                         for_sql=True).asset_ids
    except RecordError:
        return None
    return tuple(ids)


def _reference(texts: list[Any], within: range) -> list[tuple[int, ...]] | None:
    out = []
    for text in texts:
        ids = _read_as_from_plain(text)
        if ids is None or any(i not in within for i in ids):
            return None
        out.append(ids)
    return out


_ID = st.integers(-3, 60)
_ITEM = st.one_of(
    _ID, _ID, _ID, st.booleans(), st.none(), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([2**63 - 1, 2**63, 10**30, -(2**63)]), st.text(max_size=3),
    st.lists(_ID, max_size=2))
_SEPARATORS = st.sampled_from([(", ", ": "), (",", ":"), (" ,", ":"), (",  ", ":")])


@st.composite
def stored_lists(draw: st.DrawFn) -> Any:
    """What a stored id list may hold: mostly as this program writes it (``json.dumps``
    of whole numbers), else other JSON, other spacing, or not JSON or not text at all."""
    kind = draw(st.sampled_from(["written", "written", "written", "items", "spaced",
                                 "odd", "other"]))
    if kind == "written":
        return json.dumps(draw(st.lists(_ID, max_size=12)))
    if kind == "items":
        return json.dumps(draw(st.lists(_ITEM, max_size=6)))
    if kind == "spaced":
        text = json.dumps(draw(st.lists(_ID, max_size=6)), separators=draw(_SEPARATORS))
        return draw(st.sampled_from(["", " ", "\n", "\t"])) + text + draw(
            st.sampled_from(["", " ", "\n"]))
    if kind == "odd":
        return draw(st.sampled_from([
            "[", "]", "[]]", "[[]", "[1,]", "[,1]", "[1 2]", "[01]", "[00]", "[1, , 2]",
            "[1,,2]", "[ ]", "[] []", "[1][2]", "1", "", " [] ", "[-0]", "[1e2]", "[1.0]",
            "[" + "9" * 5000 + "]", "[1" + ", 1" * 10 + "]", "[[1], [2]]"]))
    return draw(st.sampled_from([1, 1.5, None, b"[1]", ["1"], True]))


@settings(max_examples=600, deadline=None)
@given(texts=st.lists(stored_lists(), max_size=5), low=st.integers(-2, 8),
       size=st.integers(0, 50))
@example(texts=["[1, 2, 3]", "[]", "[5]"], low=1, size=5)
@example(texts=["[true]"], low=1, size=5)
@example(texts=["[1.0]"], low=1, size=5)
@example(texts=["[[1]]"], low=1, size=5)
@example(texts=["[0]"], low=0, size=5)
def test_stored_id_lists_read_as_record_by_record(texts: list[Any], low: int,
                                                  size: int) -> None:
    """Whatever the fast reading accepts, the full conversion accepts too, as the same
    ids, each one of the range; and it accepts every list as this program writes it."""
    within = range(low, low + size)
    found = id_lists_within(texts, within)
    expected = _reference(texts, within)
    if found is not None:
        assert found == expected
        assert all(type(ids) is tuple and all(type(i) is int for i in ids) for ids in found)
    if expected is not None and all(
            text == json.dumps(list(ids)) for text, ids in zip(texts, expected, strict=True)):
        assert found == expected, "a list as this program writes it was not read the fast way"


def test_a_list_longer_than_the_limit_is_left_to_the_full_check() -> None:
    ids = json.dumps(list(range(1, MAX_IDS + 2)))
    assert id_lists_within([ids], range(1, MAX_IDS + 5)) is None
    assert _read_as_from_plain(ids) is None
    assert id_lists_within([json.dumps(list(range(1, MAX_IDS + 1)))],
                           range(1, MAX_IDS + 5)) is not None


# --- the link check with the assets known by a range of ids (as the store gives them)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_links_to_assets_known_by_their_ids_are_checked_as_records(
        demo_data: PracticeData, data: st.DataObject) -> None:
    """The store's assets (``_AssetIds``: a range of ids, or a list with gaps) give the
    same first broken link as the assets themselves."""
    n = data.draw(st.integers(0, 30))
    gaps = data.draw(st.booleans())
    ids = [i for i in range(1, n + 1) if not gaps or i % 4]
    risks = [dataclasses.replace(r, asset_ids=tuple(data.draw(st.lists(
        st.integers(-1, n + 2), max_size=4)))) for r in demo_data.risks[:6]]
    base = dataclasses.replace(demo_data, risks=risks, remediation=[])
    known = _AssetIds(range(1, n + 1) if not gaps else ids)
    records = dataclasses.replace(base, assets=[dataclasses.replace(
        demo_data.assets[0], id=i, site_id=None) for i in ids])
    assert dangling_reference(dataclasses.replace(base, assets=known)) == \
        _first_dangling(records)


# --- opening a file whose risk links to assets were changed outside the program


@pytest.fixture(scope="module")
def linked_base(tmp_path_factory: pytest.TempPathFactory, demo_data: PracticeData) -> Path:
    path = tmp_path_factory.mktemp("links") / "base.riskwizard"
    write_new_file(path, demo_data)
    return path


def _state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def _planted(base: Path, folder: Path, *statements: tuple[str, tuple[Any, ...]]) -> Path:
    path = folder / "clinic.riskwizard"
    shutil.copyfile(base, path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for sql, params in statements:
            conn.execute(sql, params)
    finally:
        conn.close()
    return path


def _refused_untouched(path: Path, *words: str) -> None:
    before = _state(path.parent)
    for readonly in (False, True):
        with pytest.raises(StoreError) as info:
            open_practice_file(path, readonly=readonly).close()
        text = str(info.value)
        assert "\n" not in text and text.startswith(str(path)), text
        assert all(w in text for w in words), text
        assert _state(path.parent) == before, "the refused file or its folder changed"


_LINKED = st.one_of(
    st.lists(st.integers(-2, 30), max_size=8).map(json.dumps),
    st.lists(st.integers(1, 25), min_size=1, max_size=4).map(
        lambda ids: json.dumps(ids * 50)),  # repeated ids, a longer list
    st.lists(_ITEM, max_size=4).map(json.dumps),
    # what SQLite can hold in the column (NOT NULL: never None; a list is not a value)
    stored_lists().filter(lambda value: value is not None and not isinstance(value, list)))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(linked=st.lists(_LINKED, min_size=1, max_size=3), risk=st.integers(0, 32),
       removed=st.lists(st.integers(1, 25), max_size=3), data=st.data())
@example(linked=["[26]"], risk=0, removed=[], data=None)
@example(linked=["[3]"], risk=0, removed=[3], data=None)
@example(linked=["[0]"], risk=0, removed=[], data=None)
@example(linked=["[2, 2, 2]"], risk=0, removed=[], data=None)
@example(linked=["[1.0]"], risk=0, removed=[], data=None)
@example(linked=["[true]"], risk=0, removed=[], data=None)
def test_risk_links_to_assets_changed_outside(linked: list[Any], risk: int,
                                              removed: list[int], data: Any,
                                              linked_base: Path,
                                              tmp_path_factory: pytest.TempPathFactory
                                              ) -> None:
    """Risks linking assets that are not there (past the last, or deleted: the assets'
    ids then have gaps), ids that are not whole numbers from 1, repeated ids, lists that
    are not lists: refused, untouched, exactly when the record-by-record reading and the
    link check refuse them; otherwise opened with exactly those links."""
    statements: list[tuple[str, tuple[Any, ...]]] = [
        ("DELETE FROM assets WHERE id = ?", (i,)) for i in removed]
    statements += [("UPDATE risks SET asset_ids = ? WHERE id = "
                    "(SELECT id FROM risks ORDER BY id LIMIT 1 OFFSET ?)", (text, risk + k))
                   for k, text in enumerate(linked)]
    path = _planted(linked_base, tmp_path_factory.mktemp("linked"), *statements)
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT id, asset_ids FROM risks ORDER BY id").fetchall()
    assets = {i for i, in conn.execute("SELECT id FROM assets")}
    conn.close()
    read = [_read_as_from_plain(text) for _, text in rows]
    if any(ids is None for ids in read):
        _refused_untouched(path, "damaged", "asset_ids")
        return
    if any(i not in assets for ids in read for i in ids or ()):
        _refused_untouched(path, "damaged", "asset_ids: unknown asset")
        return
    for readonly in (False, True):
        with open_practice_file(path, readonly=readonly) as pf:
            checked = pf.take_checked()
            assert checked is not None
            assert [r.asset_ids for r in checked.risks] == read
            assert [r.asset_ids for r in pf.records(Risk)] == read


# --- damage that only SQLite's check of every page sees


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(pages=st.integers(1, 3), noise=st.binary(min_size=0, max_size=64))
def test_pages_nothing_uses_are_refused_as_damage(pages: int, noise: bytes, linked_base: Path,
                                                  tmp_path_factory: pytest.TempPathFactory
                                                  ) -> None:
    """Pages added at the end of the file and counted in its header, used by no table:
    reading every record finds nothing wrong (no table reaches them), SQLite's
    ``quick_check`` does. The file is refused as damaged, both ways, untouched."""
    path = tmp_path_factory.mktemp("pages") / "clinic.riskwizard"
    shutil.copyfile(linked_base, path)
    raw = bytearray(path.read_bytes())
    page_size = struct.unpack(">H", raw[16:18])[0]
    count = struct.unpack(">I", raw[28:32])[0] + pages
    raw[28:32] = struct.pack(">I", count)
    raw += (noise * (page_size // max(len(noise), 1) + 1))[:page_size] * pages \
        if noise else bytes(page_size * pages)
    path.write_bytes(bytes(raw))
    _refused_untouched(path, "damaged", "never used")


def test_an_untouched_file_still_opens_after_a_refused_one(linked_base: Path,
                                                           tmp_path: Path) -> None:
    """The check's own connection is closed with the open: a refused file leaves no lock
    behind, and a good one opens for editing (its lock made exclusive) right after."""
    bad = _planted(linked_base, tmp_path, ("UPDATE risks SET asset_ids = '[999]'", ()))
    _refused_untouched(bad, "unknown asset 999")
    good = tmp_path / "good.riskwizard"
    shutil.copyfile(linked_base, good)
    with open_practice_file(good) as pf:
        pf.save_practice(pf.practice())
    with open_practice_file(good) as again:  # reopened at once: nothing was left held
        assert again.count(Risk) == len(again.records(Risk)) > 0
    assert sorted(os.listdir(tmp_path)) == ["clinic.riskwizard", "good.riskwizard"]
