"""The table model of a session list: one typed column per field shown, each cell's text
and sort key read once (a whole column at a time when sorted or filtered) and kept until
the records change. ``record_proxy.RecordProxy`` sorts and filters it; ``tables.TablePage``
shows it."""

from __future__ import annotations

import dataclasses
from array import array
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from riskwizard.domain import columns as domain_columns
from riskwizard.domain.dates import day_words
from riskwizard.domain.labels import explain, label

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
NO_DATE = QDate(2000, 1, 1)


@dataclass(frozen=True)
class Column:
    """One column: how to read it, and (when ``field`` is set) how to edit it."""

    title: str
    value: Callable[[Any], Any]
    field: str | None = None
    kind: str = "text"  # text | bool | enum | date | choice
    enum: type[StrEnum] | None = None
    choices: Callable[[], list[tuple[Any, str]]] | None = None
    display: Callable[[Any], str] | None = None
    tip: str = ""
    values: Callable[[Sequence[Any]], list[Any]] | None = None
    """Every record's value at once (``value`` of each, with the lookups made once)."""


_KINDS = {domain_columns.Kind.BOOL: "bool", domain_columns.Kind.ENUM: "enum",
          domain_columns.Kind.DATE: "date", domain_columns.Kind.LINK: "choice"}


def from_domain(column: domain_columns.Column[Any],
                lookup: Callable[[], domain_columns.Lookup],
                choices: Callable[[], list[tuple[Any, str]]] | None = None,
                display: Callable[[Any], str] | None = None) -> Column:
    """The window's column for a column of ``domain.columns`` (its header, value, editor)."""

    field = getattr(column.value, "field", None)  # a plain field: read at C speed

    def values(records: Sequence[Any]) -> list[Any]:
        if field is not None:
            return list(map(attrgetter(field), records))
        found = lookup()
        return [column.value(record, found) for record in records]

    return Column(column.header, lambda record: column.value(record, lookup()), column.edit,
                  _KINDS.get(column.kind, "text"), column.enum, choices, display, column.tip,
                  values)


def _text_of(column: Column, value: Any, choices: dict[Any, str] | None) -> str:
    """The text a cell shows for ``value`` (``choices``: the column's choices, looked up)."""
    if column.kind == "choice" and choices is not None:
        return choices.get(value, "")
    if isinstance(value, StrEnum):
        return label(value)
    if isinstance(value, date):
        return day_words(value)
    if isinstance(value, bool):
        return ""
    return "" if value is None else str(value)


def _choices_of(column: Column) -> dict[Any, str] | None:
    if column.kind != "choice" or column.choices is None:
        return None
    found: dict[Any, str] = {}
    for key, text in column.choices():
        found.setdefault(key, text)  # the first of a repeated key, as a search would find
    return found


def _display(column: Column, record: Any) -> str:
    if column.display is not None:
        return column.display(record)
    return _text_of(column, column.value(record), _choices_of(column))


def _key_of(value: Any, text: str) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    return text.lower()


def _sort_key(column: Column, record: Any) -> Any:
    return _key_of(column.value(record), _display(column, record))


def _ordered(key: Any) -> tuple[int, Any]:
    """A sort key Python can compare with any other of its column: text before numbers, as
    Qt's proxy put "(no site)" before the sites (it compared such keys as text)."""
    return (1, key) if isinstance(key, int) else (0, key)


def column_values(column: Column, records: Sequence[Any]) -> list[Any]:
    """Every record's value in ``column`` (the lookups a column needs made once)."""
    return column.values(records) if column.values is not None \
        else [column.value(r) for r in records]


def column_texts(column: Column, records: Sequence[Any], values: Sequence[Any]) -> list[str]:
    """Every record's text in ``column`` (``values``: its values): ``_display`` of each."""
    if column.display is not None:
        return [column.display(r) for r in records]
    # Most columns hold few distinct values (kinds, sites, dates): each is worded once.
    choices = _choices_of(column)
    plain = column.kind != "choice"
    types = set(map(type, values))
    if plain and types <= {str}:
        return list(values)
    if len(types - {type(None)}) <= 1:  # one kind of value: no two of them equal but differ
        try:
            words = {v: v if plain and type(v) is str else _text_of(column, v, choices)
                     for v in set(values)}
        except TypeError:  # a value that cannot be a key
            pass
        else:
            return list(map(words.__getitem__, values))
    memo: dict[tuple[type, Any], str] = {}
    texts: list[str] = []
    for v in values:
        if plain and type(v) is str:
            texts.append(v)
            continue
        text = memo.get((type(v), v))
        if text is None:
            text = memo[(type(v), v)] = _text_of(column, v, choices)
        texts.append(text)
    return texts


def column_keys(values: Sequence[Any], texts: Sequence[str]) -> list[Any]:
    """Each cell's sort key (``_key_of``), the key of a repeated value worked out once."""
    if set(map(type, values)) <= {str}:
        return list(map(str.lower, texts))
    memo: dict[tuple[type, Any, str], Any] = {}
    keys: list[Any] = []
    append = keys.append
    for v, t in zip(values, texts, strict=True):
        if type(v) is str:
            append(t.lower())
            continue
        found = memo.get((type(v), v, t))
        if found is None:
            found = memo[(type(v), v, t)] = _key_of(v, t)
        append(found)
    return keys


def _joined(columns: Sequence[Sequence[str]]) -> list[str]:
    """Each row's cells lowercase, joined by a character no one types (so a filter never
    matches across two cells)."""
    return list(map(str.lower, map("\x1f".join, zip(*columns, strict=True))))


RowStyle = Callable[[Any, int], "tuple[QColor, QColor] | None"]

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_CHECK = int(Qt.ItemDataRole.CheckStateRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_SORT = int(SORT_ROLE)
_CHECKED, _UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked
_NEVER = frozenset(int(r) for r in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole,
                                    Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.SizeHintRole))
"""Roles a record table never answers (the view's own font, alignment and sizes)."""


class RecordTableModel(QAbstractTableModel):
    """Rows are the records of a session list (read each time, never copied).

    What a cell shows is read once and kept until the records change (``reload``, a cell
    edited, rows added or removed): the cells on screen one at a time as they are painted,
    a whole column at once when it is sorted or filtered. A view asks for a cell's roles in
    one call (``multiData``), so painting a screen of cells costs a few Python calls a cell,
    not one per role."""

    edited = Signal()
    """A cell edit was saved."""

    def __init__(self, records: Callable[[], list[Any]], columns: Sequence[Column],
                 save: Callable[[Any, dict[str, Any]], Any],
                 parent: QWidget | None = None, row_style: RowStyle | None = None) -> None:
        super().__init__(parent)
        self._records = records
        self.columns = list(columns)
        self._save = save
        self._row_style = row_style
        self._flags = [self._flags_of(c) for c in self.columns]
        self._n = -1
        """How many records the kept cells are of (-1: none kept)."""
        self._shown: list[dict[int, str]] = [{} for _ in self.columns]
        """Per column: the text of the cells read one at a time, by row."""
        self._texts: dict[int, list[str]] = {}
        """Per column read whole: every row's text."""
        self._keys: dict[int, list[Any]] = {}
        """Per column sorted on: every row's sort key."""
        self._orders: dict[tuple[int, bool], array[int]] = {}
        """Per column and direction (descending) sorted on: every row, in sorted order."""
        self._row_text: list[str] | None = None
        """Every row's text, lowercase, the columns joined by a separator (for filters)."""
        # Connected first, so the kept cells follow the rows before any view or proxy hears.
        self.modelAboutToBeReset.connect(self.forget)
        self.layoutChanged.connect(self.forget)
        self.rowsInserted.connect(self._inserted)
        self.rowsRemoved.connect(self._removed)
        self.dataChanged.connect(self._changed)

    def record(self, row: int) -> Any:
        return self._records()[row]

    def records(self) -> list[Any]:
        """The records, in the session's order (row ``i`` is ``records()[i]``)."""
        return self._records()

    # --- the cells kept

    def forget(self, *_: Any) -> None:
        self._n = -1
        for shown in self._shown:
            shown.clear()
        self._texts.clear()
        self._keys.clear()
        self._orders.clear()
        self._row_text = None

    def _current(self) -> list[Any]:
        """The records; what is kept is dropped if their number changed unannounced."""
        records = self._records()
        if len(records) != self._n:
            self.forget()
            self._n = len(records)
        return records

    def text(self, row: int, column: int) -> str:
        """What the cell shows."""
        records = self._current()
        whole = self._texts.get(column)
        if whole is not None:
            return whole[row]
        shown = self._shown[column]
        found = shown.get(row)
        if found is None:
            found = shown[row] = _display(self.columns[column], records[row])
        return found

    def cells(self, column: int) -> tuple[list[str], list[Any]]:
        """Column ``column``'s text and sort key for every row, read in one pass."""
        records = self._current()
        keys = self._keys.get(column)
        if keys is None:
            values = column_values(self.columns[column], records)
            texts = self._texts.get(column)
            if texts is None:
                texts = self._texts[column] = column_texts(self.columns[column], records,
                                                           values)
                self._shown[column].clear()
            keys = self._keys[column] = column_keys(values, texts)
        return self._texts[column], keys

    def order(self, column: int, descending: bool = False) -> array[int]:
        """Every row, sorted on column ``column``'s keys (ties in the session's order, as
        Qt's proxy keeps them), worked out once and kept until the records change (the
        keys themselves are kept only for a column sorted by ``cells``)."""
        records = self._current()
        found = self._orders.get((column, descending))
        if found is None:
            keys = self._keys.get(column)
            if keys is None:
                keys = column_keys(column_values(self.columns[column], records),
                                   self.texts(column))
            try:
                rows = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
            except TypeError:  # numbers and text in one column
                rows = sorted(range(len(keys)), key=lambda r: _ordered(keys[r]),
                              reverse=descending)
            found = self._orders[(column, descending)] = array("i", rows)
        return found

    def sort_ready(self, column: int) -> bool:
        """Column ``column`` is sorted already, both ways."""
        return (column, False) in self._orders and (column, True) in self._orders

    def texts(self, column: int) -> list[str]:
        """Column ``column``'s text for every row, read in one pass."""
        records = self._current()
        texts = self._texts.get(column)
        if texts is None:
            column_ = self.columns[column]
            texts = self._texts[column] = column_texts(column_, records,
                                                       column_values(column_, records))
            self._shown[column].clear()
        return texts

    def filter_ready(self) -> bool:
        """Every row's text for a filter is read already."""
        return self._row_text is not None and self._n == len(self._records())

    def row_texts(self) -> list[str]:
        """Every row's text in every column, lowercase (what a filter looks in)."""
        self._current()
        if self._row_text is None:
            self._row_text = _joined([self.texts(c) for c in range(len(self.columns))])
        return self._row_text

    def _inserted(self, parent: Index, first: int, last: int) -> None:
        records = self._records()
        if self._n < 0 or self._n + last - first + 1 != len(records):
            self.forget()
            return
        self._n = len(records)
        for shown in self._shown:
            shown.clear()
        self._orders.clear()
        self._redo(records, first, last, first)
        self._row_text = None

    def _removed(self, parent: Index, first: int, last: int) -> None:
        if self._n < 0 or self._n - (last - first + 1) != len(self._records()):
            self.forget()
            return
        self._n = len(self._records())
        for shown in self._shown:
            shown.clear()
        self._orders.clear()
        for kept in (*self._texts.values(), *self._keys.values()):
            del kept[first:last + 1]
        if self._row_text is not None:
            del self._row_text[first:last + 1]

    def _changed(self, top_left: QModelIndex, bottom_right: QModelIndex, *_: Any) -> None:
        records = self._records()
        if self._n != len(records):
            self.forget()
            return
        first, last = top_left.row(), bottom_right.row()
        for shown in self._shown:
            for row in range(first, last + 1):
                shown.pop(row, None)
        self._orders.clear()
        self._redo(records, first, last, last + 1)
        if self._row_text is not None:
            self._row_text[first:last + 1] = _joined(
                [self.texts(c)[first:last + 1] for c in range(len(self.columns))])

    def _redo(self, records: list[Any], first: int, last: int, end: int) -> None:
        """Read rows ``first`` to ``last`` again into the whole columns kept, in place of
        their rows ``first`` to ``end`` (``end == first``: the rows are new)."""
        some = records[first:last + 1]
        for column, texts in self._texts.items():
            values = column_values(self.columns[column], some)
            new = column_texts(self.columns[column], some, values)
            texts[first:end] = new
            keys = self._keys.get(column)
            if keys is not None:
                keys[first:end] = column_keys(values, new)

    def records_changed(self, ids: Collection[Any]) -> bool:
        """The records with these ids were saved (the same records, changed): read their
        rows again. False when that is not all that happened (one was added or deleted, or
        the rows were not known): then the caller reloads."""
        records = self._records()
        if not ids or self._n not in (-1, len(records)):
            return False
        rows = [i for i, r in enumerate(records) if r.id in ids]
        if len(rows) != len(ids):
            return False
        last = len(self.columns) - 1
        for row in rows:
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        return True

    def column_changed(self, column: int) -> None:
        """Every row's cell in ``column`` may read differently now (it depends on other
        rows, as a rank does): read it again."""
        self._shown[column].clear()
        self._keys.pop(column, None)
        self._orders.pop((column, False), None)
        self._orders.pop((column, True), None)
        if self._texts.pop(column, None) is not None:
            self._row_text = None
        n = self.rowCount()
        if n:
            self.dataChanged.emit(self.index(0, column), self.index(n - 1, column))

    # --- what a view asks

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
            if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].tip:
                return self.columns[section].tip
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell_data(index.row(), index.column(), role)

    def cell_data(self, row: int, column: int, role: int) -> Any:
        """``data`` of the cell at ``row`` and ``column``."""
        role = int(role)
        records = self._current()
        if not 0 <= row < len(records):
            return None
        if role == _DISPLAY:
            return self.text(row, column)
        record = records[row]
        col = self.columns[column]
        if role in (_TOOLTIP, _ACCESSIBLE):
            if col.kind == "bool":
                return "Yes" if col.value(record) else "No"
            if role == _TOOLTIP:
                value = col.value(record)
                if isinstance(value, StrEnum) and explain(value):
                    return explain(value)
            return self.text(row, column)
        if role == _EDIT:
            value = col.value(record)
            if isinstance(value, date):
                return QDate(value.year, value.month, value.day)
            if isinstance(value, StrEnum):
                return value.value
            return value
        if role == _CHECK and col.kind == "bool":
            return _CHECKED if col.value(record) else _UNCHECKED
        if role == _SORT:
            keys = self._keys.get(column)
            return keys[row] if keys is not None else _sort_key(col, record)
        if role in (_BACKGROUND, _FOREGROUND) and self._row_style is not None:
            style = self._row_style(record, column)
            if style is not None:
                return style[0] if role == _BACKGROUND else style[1]
        return None

    def multiData(self, index: Index, roleDataSpan: Any) -> None:  # noqa: N803
        self.fill(index.row(), index.column(), roleDataSpan)

    def fill(self, row: int, column: int, span: Any) -> None:
        """Answer every role a view asks of one cell at once (what it needs to paint it)."""
        records = self._current()
        if not 0 <= row < len(records) or not 0 <= column < len(self.columns):
            for item in span:
                item.clearData()
            return
        whole = self._texts.get(column)
        text = whole[row] if whole is not None else self.text(row, column)
        check = self.columns[column].kind == "bool"
        style: Any = False
        for item in span:
            role = item.role()
            if role == _DISPLAY:
                item.setData(text)
            elif role == _CHECK:
                if check:
                    item.setData(_CHECKED if self.columns[column].value(records[row])
                                 else _UNCHECKED)
                else:
                    item.clearData()
            elif role == _BACKGROUND or role == _FOREGROUND:
                if style is False:
                    style = None if self._row_style is None \
                        else self._row_style(records[row], column)
                if style is None:
                    item.clearData()
                else:
                    item.setData(style[0] if role == _BACKGROUND else style[1])
            elif role in _NEVER:
                item.clearData()
            else:  # any other role (itemData asks for many): as data() answers it
                value = self.cell_data(row, column, role)
                if value is None:
                    item.clearData()
                else:
                    item.setData(value)

    @staticmethod
    def _flags_of(column: Column) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if column.field is not None:
            if column.kind == "bool":
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            else:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def column_flags(self, column: int) -> Qt.ItemFlag:
        return self._flags[column]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self._flags[index.column()]

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        column = self.columns[index.column()]
        if column.field is None:
            return False
        record = self.record(index.row())
        if column.kind == "bool":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            new: Any = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif column.kind == "enum" and column.enum is not None:
            new = column.enum(value)
        elif column.kind == "date":
            new = None if value is None or value == NO_DATE else value.toPython()
        elif column.kind == "text":
            new = str(value)
            if column.field == "name" and not new.strip():
                return False
        else:
            new = value
        if getattr(record, column.field) == new:
            return True
        if self._save(record, {column.field: new}) is None:
            return False
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), self.columnCount() - 1))
        self.edited.emit()
        return True

    def reload(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def row_of(self, record_id: int) -> int:
        for i, r in enumerate(self._records()):
            if r.id == record_id:
                return i
        return -1

    def appended(self) -> None:
        """Tell views one record was appended to the list."""
        n = len(self._records())
        self.beginInsertRows(QModelIndex(), n - 1, n - 1)
        self.endInsertRows()


def replace_fields(record: Any, changes: dict[str, Any]) -> Any:
    return dataclasses.replace(record, **changes)
