"""The table proxy that sorts and filters its own rows shows what Qt's own sort-and-filter
proxy (``FilterProxy``) showed: the same rows, in the same order of their keys, for every
column and both orders (rows with equal keys keep the session's order, where Qt's proxy keeps
the order shown before), and stays a well-behaved model while rows are edited, added and removed."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from riskwizard.domain.model import AssetKind
from riskwizard.ui.record_model import SORT_ROLE, Column, RecordTableModel, replace_fields
from riskwizard.ui.record_proxy import FilterProxy, RecordProxy


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    count: int
    when: date | None
    kind: AssetKind
    flag: bool
    site: int | None


SITES = [(None, "(no site)"), (1, "Main Street"), (2, "annex"), (3, "Ünterberg")]


def columns() -> list[Column]:
    return [Column("Name", lambda r: r.name, "name"),
            Column("Count", lambda r: r.count),
            Column("When", lambda r: r.when, "when", "date"),
            Column("Kind", lambda r: r.kind, "kind", "enum", AssetKind),
            Column("Flag", lambda r: r.flag, "flag", "bool"),
            Column("Site", lambda r: r.site, "site", "choice", choices=lambda: SITES)]


def rows(n: int, seed: int) -> list[Row]:
    rnd = random.Random(seed)
    words = ["laptop", "Laptop", "front desk", "EHR", "fax", "Äpfel", "zeta", "", "a#1"]
    return [Row(i + 1, f"{rnd.choice(words)} {rnd.randrange(5)}", rnd.randrange(-3, 4),
                rnd.choice([None, date(2025, rnd.randrange(1, 13), 1)]),
                rnd.choice(list(AssetKind)), rnd.random() < 0.5,
                rnd.choice([s for s, _ in SITES]))
            for i in range(n)]


def shown(proxy: Any, model: RecordTableModel) -> list[int]:
    return [model.record(proxy.mapToSource(proxy.index(r, 0)).row()).id
            for r in range(proxy.rowCount())]


def test_same_rows_and_order_as_qts_proxy(qtbot: Any) -> None:
    data = rows(300, 1)
    model = RecordTableModel(lambda: data, columns(), lambda r, ch: None)
    ours, theirs = RecordProxy(), FilterProxy()
    ours.setSourceModel(model)
    theirs.setSourceModel(model)
    for needle in ("", "laptop", "LAPTOP", "#1", "main", "Äp", "nothing like it"):
        ours.setFilterFixedString(needle)
        theirs.setFilterFixedString(needle)
        for column in range(-1, model.columnCount()):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                ours.sort(column, order)
                theirs.sort(column, order)
                a, b = shown(ours, model), shown(theirs, model)
                assert sorted(a) == sorted(b), (needle, column, order)
                if column >= 0:
                    key = {model.record(r).id: model.index(r, column).data(SORT_ROLE)
                           for r in range(len(data))}
                    assert [key[i] for i in a] == [key[i] for i in b]
                else:
                    assert a == b


def test_order_is_pythons_sort_of_each_rows_key(qtbot: Any) -> None:
    data = rows(200, 2)
    model = RecordTableModel(lambda: data, columns(), lambda r, ch: None)
    proxy = RecordProxy()
    proxy.setSourceModel(model)
    for column in range(model.columnCount()):
        proxy.sort(column, Qt.SortOrder.DescendingOrder)
        keys = [model.index(r, column).data(SORT_ROLE) for r in range(len(data))]
        # text before numbers where a column has both (the site column's "(no site)")
        expected = sorted(range(len(data)), reverse=True, key=lambda r: (
            (1, keys[r]) if isinstance(keys[r], int) else (0, keys[r])))
        assert shown(proxy, model) == [data[r].id for r in expected]


def test_filter_keeps_rows_with_the_text_in_some_cell(qtbot: Any) -> None:
    data = rows(200, 3)
    model = RecordTableModel(lambda: data, columns(), lambda r, ch: None)
    proxy = RecordProxy()
    proxy.setSourceModel(model)
    proxy.setFilterFixedString("Main")
    expected = [data[r].id for r in range(len(data))
                if any("main" in str(model.index(r, c).data() or "").lower()
                       for c in range(model.columnCount()))]
    assert shown(proxy, model) == expected and expected


def test_stays_a_sound_model_through_edits_inserts_and_removals(qtmodeltester: Any) -> None:
    data = rows(60, 4)

    def save(record: Row, changes: dict[str, Any]) -> Row:
        new = replace_fields(record, changes)
        data[data.index(record)] = new
        return new

    model = RecordTableModel(lambda: data, columns(), save)
    proxy = RecordProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    proxy.setFilterFixedString("a")
    # an edit that moves a row, one that takes it out of the filter
    def names() -> list[str]:
        return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]

    before = names()
    assert model.setData(model.index(5, 0), before[-1] + " a moved last")
    assert shown(proxy, model)[-1] == data[5].id
    assert names() == sorted(names(), key=str.lower)
    proxy.setFilterFixedString("QQQ")
    assert shown(proxy, model) == []
    assert model.setData(model.index(5, 0), "qqq in")
    assert shown(proxy, model) == [data[5].id]
    assert model.setData(model.index(5, 0), "out again")
    assert shown(proxy, model) == []
    proxy.setFilterFixedString("a")
    # a row appended, then a row removed
    data.append(dataclasses.replace(data[0], id=999, name="a new one"))
    model.appended()
    assert 999 in shown(proxy, model)
    model.beginRemoveRows(model.index(0, 0).parent(), 0, 0)
    removed = data.pop(0)
    model.endRemoveRows()
    assert removed.id not in shown(proxy, model)
    proxy.setFilterFixedString("")
    assert sorted(shown(proxy, model)) == sorted(r.id for r in data)
    names = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert names == sorted(names, key=str.lower)
    model.reload()
    assert proxy.rowCount() == len(data)


def test_a_cell_painted_shows_what_data_gives(qtbot: Any) -> None:
    """A view asks for every role of a cell at once (``multiData``); the answers are those
    ``data`` gives one role at a time, through the proxy too, and they follow an edit."""
    from PySide6.QtCore import QModelRoleData
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

    data = rows(40, 5)

    def style(record: Row, column: int) -> tuple[QColor, QColor] | None:
        return (QColor("#aa0000"), QColor("#ffffff")) if record.flag and column == 0 else None

    def save(record: Row, changes: dict[str, Any]) -> Row:
        new = replace_fields(record, changes)
        data[data.index(record)] = new
        return new

    model = RecordTableModel(lambda: data, columns(), save, row_style=style)
    proxy = RecordProxy()
    proxy.setSourceModel(model)
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    delegate = QStyledItemDelegate()

    def check() -> None:
        for source in (model, proxy):
            for r in range(source.rowCount()):
                for c in range(source.columnCount()):
                    index = source.index(r, c)
                    option = QStyleOptionViewItem()
                    delegate.initStyleOption(option, index)
                    assert option.text == (index.data() or "")
                    background = index.data(Qt.ItemDataRole.BackgroundRole)
                    assert (option.backgroundBrush.color() == background if background
                            else option.backgroundBrush.style() == Qt.BrushStyle.NoBrush)
                    checked = index.data(Qt.ItemDataRole.CheckStateRole)
                    assert bool(option.features & option.ViewItemFeature.HasCheckIndicator) \
                        == (checked is not None)
                    if checked is not None:
                        assert option.checkState == checked
                    # any role asked through multiData, as data() answers it
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                                 Qt.ItemDataRole.ToolTipRole,
                                 Qt.ItemDataRole.AccessibleTextRole,
                                 Qt.ItemDataRole.CheckStateRole,
                                 Qt.ItemDataRole.BackgroundRole, SORT_ROLE):
                        asked = QModelRoleData(role)
                        index.multiData(asked)  # through Qt, as a view asks
                        assert asked.data() == index.data(role), role

    check()
    assert model.setData(model.index(3, 0), "renamed in place")
    assert model.setData(model.index(4, 4), Qt.CheckState.Checked.value,
                         Qt.ItemDataRole.CheckStateRole)
    check()
    assert "renamed in place" in [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_a_long_list_reads_its_filter_text_while_idle(qtbot: Any, monkeypatch: Any) -> None:
    """From ``READ_AHEAD_ROWS`` rows, a table page reads what a filter looks in while the
    window is idle, after every reload; the filter then finds the same rows."""
    from riskwizard.ui import tables

    monkeypatch.setattr(tables, "READ_AHEAD_ROWS", 50)
    data = rows(80, 6)
    model = RecordTableModel(lambda: data, columns(), lambda r, ch: None)
    page = tables.TablePage("Rows", "", model, noun="row", on_add=lambda: False,
                            on_delete=lambda rs: None)
    qtbot.addWidget(page)
    model.reload()
    assert not model.filter_ready()
    qtbot.waitUntil(model.filter_ready)
    page.proxy.setFilterFixedString("main")
    expected = [r.id for r in data if r.site == 1 or "main" in r.name.lower()]
    assert sorted(shown(page.proxy, model)) == sorted(expected) and expected
    page.proxy.setFilterFixedString("")
    del data[30:]
    model.reload()  # fewer rows than the threshold: read when first filtered
    qtbot.wait(50)
    assert not model.filter_ready()


def test_a_whole_column_read_at_once_is_each_cell_read_alone(qtbot: Any) -> None:
    """What a sort or a filter reads in one pass a column (text and sort key) is what each
    cell gives when asked alone, for every kind of column, mixed values included."""
    data = rows(300, 7)
    data[5] = dataclasses.replace(data[5], count=True)  # a bool among the numbers
    data[6] = dataclasses.replace(data[6], when=None, site=None, name="")
    whole = RecordTableModel(lambda: data, columns(), lambda r, ch: None)
    for column in range(whole.columnCount()):
        alone = RecordTableModel(lambda: data, columns(), lambda r, ch: None)
        texts, keys = whole.cells(column)
        assert texts == [alone.index(r, column).data() for r in range(len(data))]
        assert keys == [alone.index(r, column).data(SORT_ROLE) for r in range(len(data))]
        assert [type(k) for k in keys] == [
            type(alone.index(r, column).data(SORT_ROLE)) for r in range(len(data))]
    assert whole.row_texts() == ["\x1f".join(whole.index(r, c).data()
                                             for c in range(whole.columnCount())).lower()
                                 for r in range(len(data))]


# --- generated tables, sorted and filtered as a person does it: the rows and order Python
# gives by sorting and searching the records' cells, read one at a time from a fresh model

def _expected(data: list[Row], needle: str, column: int, descending: bool) -> list[int]:
    """The ids shown: rows with ``needle`` in some cell (ignoring case), sorted on the
    column's key of each row (ties in the session's order), from a model with nothing
    kept, each cell read alone."""
    fresh = RecordTableModel(lambda: data, columns(), lambda r, ch: None)
    width = fresh.columnCount()
    rows_ = [r for r in range(len(data))
             if any(needle.lower() in (fresh.index(r, c).data() or "").lower()
                    for c in range(width))]
    if column >= 0:
        keys = {r: fresh.index(r, column).data(SORT_ROLE) for r in rows_}
        rows_.sort(key=lambda r: (1, keys[r]) if isinstance(keys[r], int) else (0, keys[r]),
                   reverse=descending)
    elif descending:
        rows_.reverse()
    return [data[r].id for r in rows_]


TYPED = st.sampled_from(list("lapTOP frontDESKmain#1äÄ0123 ")) | st.just("\b")
ACTIONS = st.lists(st.one_of(
    st.tuples(st.just("type"), TYPED),
    st.tuples(st.just("sort"), st.integers(-1, 5), st.booleans()),
    st.tuples(st.just("edit"), st.integers(0, 10**6), st.sampled_from(
        ["laptop at the front desk", "Main fax", "zeta", "", "a#1 Äpfel"]))), max_size=14)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(n=st.integers(0, 2500), seed=st.integers(0, 10**6), actions=ACTIONS,
       read_ahead=st.booleans())
def test_generated_tables_show_what_sorting_the_records_gives(
        qtbot: Any, monkeypatch: Any, n: int, seed: int, actions: list[tuple[Any, ...]],
        read_ahead: bool) -> None:
    """Typing a filter a character at a time (and deleting one), sorting any column
    either way and editing a cell, in any order, on a generated table of up to a few
    thousand rows, perhaps read ahead while idle (every column's order kept): after each
    step the page shows the rows, in the order, that searching and sorting the records'
    cells in Python gives."""
    from riskwizard.ui import tables

    data = rows(n, seed)

    def save(record: Row, changes: dict[str, Any]) -> Row:
        new = replace_fields(record, changes)
        data[data.index(record)] = new
        return new

    monkeypatch.setattr(tables, "READ_AHEAD_ROWS", 1 if read_ahead else 10**9)
    model = RecordTableModel(lambda: data, columns(), save)
    page = tables.TablePage("Rows", "", model, noun="row", on_add=lambda: False,
                            on_delete=lambda rs: None)
    qtbot.addWidget(page)
    model.reload()
    if read_ahead:
        qtbot.waitUntil(page.read_ahead_done, timeout=60_000)
        assert n == 0 or all(model.sort_ready(c) for c in range(model.columnCount()))
    typed, column, descending = "", -1, False
    for action in actions:
        if action[0] == "type":
            typed = typed[:-1] if action[1] == "\b" else typed + action[1]
            page.proxy.setFilterFixedString(typed)
        elif action[0] == "sort":
            column, descending = action[1], action[2]
            page.proxy.sort(column, Qt.SortOrder.DescendingOrder if descending
                            else Qt.SortOrder.AscendingOrder)
        elif data:
            model.setData(model.index(action[1] % len(data), 0), action[2])  # "" is refused
        assert shown(page.proxy, model) == _expected(data, typed, column, descending), action
