"""Editable record tables: one typed table model over a session list, a delegate that edits
with combo boxes and date pickers, and a page with add, delete, filter and CSV buttons."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QAbstractTableModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from riskwizard.domain import columns as domain_columns
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
        return value.strftime("%b %d, %Y").replace(" 0", " ")
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
        self._redo(records, first, last, first)
        self._row_text = None

    def _removed(self, parent: Index, first: int, last: int) -> None:
        if self._n < 0 or self._n - (last - first + 1) != len(self._records()):
            self.forget()
            return
        self._n = len(self._records())
        for shown in self._shown:
            shown.clear()
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


class RecordDelegate(QStyledItemDelegate):
    """Edits enums and choices with a combo box and dates with a calendar."""

    def _column(self, index: Index) -> Column | None:
        model = index.model()
        while isinstance(model, QSortFilterProxyModel | RecordProxy):
            index = model.mapToSource(index)
            model = model.sourceModel()
        return model.columns[index.column()] if isinstance(model, RecordTableModel) else None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        column = self._column(index)
        if column is not None and column.kind == "enum" and column.enum is not None:
            box = QComboBox(parent)
            for member in column.enum:
                box.addItem(label(member), member.value)
                if explain(member):
                    box.setItemData(box.count() - 1, explain(member),
                                    Qt.ItemDataRole.ToolTipRole)
            box.setAccessibleName(column.title)
            return box
        if column is not None and column.kind == "choice" and column.choices is not None:
            box = QComboBox(parent)
            for key, text in column.choices():
                box.addItem(text, key)
            box.setAccessibleName(column.title)
            return box
        if column is not None and column.kind == "date":
            edit = QDateEdit(parent)
            edit.setCalendarPopup(True)
            edit.setMinimumDate(NO_DATE)
            edit.setSpecialValueText("No date")
            edit.setDisplayFormat("MMM d, yyyy")
            edit.setAccessibleName(column.title)
            return edit
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            i = editor.findData(value)
            editor.setCurrentIndex(max(i, 0))
        elif isinstance(editor, QDateEdit):
            editor.setDate(value if isinstance(value, QDate) else QDate.currentDate())
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QDateEdit):
            model.setData(index, editor.date(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class StretchColumn(QObject):
    """Gives one column of a table whatever width the others leave (never less than its
    own minimum), so the main text is as wide as it can be; past that the table, and only
    the table, scrolls sideways. Every other column is as wide as its title and its widest
    cell, up to a cap (long free text past the cap is elided, its tooltip the whole text);
    they are fitted again when the rows change, until the person resizes one by hand."""

    def __init__(self, view: QTableView, column: int, minimum: int,
                 caps: Sequence[int] = ()) -> None:
        super().__init__(view)
        self.view, self.column, self.minimum = view, column, minimum
        self.caps = list(caps)
        """The widest each column may grow to fit its contents, in pixels."""
        self.capped: set[int] = set()
        """Columns whose contents are wider than their cap (elided, with a tooltip)."""
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.viewport().installEventFilter(self)
        header.sectionResized.connect(self._other_resized)
        self._busy = False
        self._by_hand = False
        model = view.model()
        if model is not None:
            signals = [model.modelReset, model.rowsInserted]
            if not isinstance(model, RecordProxy):
                signals.append(model.layoutChanged)
            # A RecordProxy's layout changes are its own sorting and filtering: the cells
            # are the same, and fitting them again would cost more than the sort.
            for signal in signals:
                signal.connect(self.fit_contents)

    def _other_resized(self, index: int, *_: Any) -> None:
        if index != self.column:
            if not self._busy:
                self._by_hand = True
            self.fit()

    def title_width(self, column: int) -> int:
        """The width that shows column ``column``'s title and its sort arrow in full."""
        header = self.view.horizontalHeader()
        need = header.sectionSizeFromContents(column).width()
        if header.isSortIndicatorShown():
            need += self.view.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None,
                                                  header)
        return need

    def needed(self, column: int) -> int:
        """The width that shows column ``column``'s title and every cell in full."""
        view, model = self.view, self.view.model()
        need = self.title_width(column)
        fm = view.fontMetrics()
        pad = 3 * view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin,
                                           None, view) + 10
        for row in range(min(model.rowCount(), 500)):
            text = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
            if text:
                need = max(need, fm.horizontalAdvance(str(text)) + pad)
        return need

    def fit_contents(self, *_: Any) -> None:
        """Each column but the stretching one as wide as its contents, up to its cap."""
        if self._by_hand or self.view.model() is None:
            return
        self._busy = True
        try:
            header = self.view.horizontalHeader()
            self.capped.clear()
            for column in range(header.count()):
                if column == self.column:
                    continue
                need = self.needed(column)
                cap = max(self.caps[column] if column < len(self.caps) else need,
                          self.title_width(column))
                if need > cap:
                    self.capped.add(column)
                header.resizeSection(column, min(need, cap))
        finally:
            self._busy = False
        self.fit()

    def fit(self) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            header = self.view.horizontalHeader()
            others = sum(header.sectionSize(i) for i in range(header.count())
                         if i != self.column and not header.isSectionHidden(i))
            room = self.view.viewport().width() - others
            header.resizeSection(self.column, max(self.minimum, room))
        finally:
            self._busy = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False


class FilterProxy(QSortFilterProxyModel):
    """Case-insensitive filter over every column, sorted by each column's sort key."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SORT_ROLE)


class RecordProxy(QAbstractProxyModel):
    """Sorts and filters a ``RecordTableModel``'s rows itself, with what ``FilterProxy``
    does (case-insensitive text over every column; each column's sort key; ties in the
    session's order), at any size: it sorts on the keys and filters on the row texts the
    model keeps (read once, in one pass a column, until the records change), so a sort is
    one Python ``sort`` of kept keys and a filter one ``in`` a row. It answers a view's
    questions about a cell from the model directly (no index mapped back and forth)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[int] = []
        """Source row of each row shown, in order."""
        self._where: dict[int, int] = {}
        """Row shown of each source row shown."""
        self._needle = ""
        self._width = 0
        """The source's number of columns (fixed: a table's columns never change)."""
        self._accepts: Callable[[Any], bool] | None = None
        self._column = -1
        self._order = Qt.SortOrder.AscendingOrder

    # --- what is shown

    def source(self) -> RecordTableModel:
        model = self.sourceModel()
        assert isinstance(model, RecordTableModel)
        return model

    def cells(self, column: int) -> tuple[list[str], list[Any]]:
        """Column ``column``'s text and sort key for every source row."""
        return self.source().cells(column)

    def _shown(self) -> list[int]:
        """The source rows to show, in order."""
        model = self.source()
        records = model.records()
        n = len(records)
        if self._needle:
            needle, texts = self._needle, model.row_texts()
            rows = [r for r in range(n) if needle in texts[r]]
        else:
            rows = list(range(n))
        if self._accepts is not None:
            accepts = self._accepts
            rows = [r for r in rows if accepts(records[r])]
        if self._column >= 0:
            keys = self.cells(self._column)[1]
            try:
                rows.sort(key=keys.__getitem__,
                          reverse=self._order == Qt.SortOrder.DescendingOrder)
            except TypeError:  # numbers and text in one column
                rows.sort(key=lambda r: _ordered(keys[r]),
                          reverse=self._order == Qt.SortOrder.DescendingOrder)
        elif self._order == Qt.SortOrder.DescendingOrder:
            rows.reverse()  # as Qt's proxy does: the session's order, backwards
        return rows

    def _set_rows(self, rows: list[int]) -> None:
        self._rows = rows
        self._where = {r: i for i, r in enumerate(rows)}

    def _relayout(self, old_source: dict[int, int] | None = None) -> None:
        """Show ``_shown()``, keeping every persistent index (the selection, the current
        row) on its record; ``old_source`` maps source rows before an insertion or removal
        to after (a row missing from it is gone)."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        records = []
        for index in persistent:
            row = self._rows[index.row()] if 0 <= index.row() < len(self._rows) else -1
            if old_source is not None:
                row = old_source.get(row, -1)
            records.append((row, index.column()))
        self._set_rows(self._shown())
        self.changePersistentIndexList(persistent, [
            self.index(self._where[row], column) if row in self._where else QModelIndex()
            for row, column in records])
        self.layoutChanged.emit()

    # --- what the view asks for

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        if not isinstance(model, RecordTableModel):
            raise TypeError("RecordProxy shows a RecordTableModel")
        self.beginResetModel()
        super().setSourceModel(model)
        self._width = model.columnCount()
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._source_reset)
        model.layoutChanged.connect(self._source_layout)
        model.rowsInserted.connect(self._source_inserted)
        model.rowsRemoved.connect(self._source_removed)
        model.dataChanged.connect(self._source_data)
        model.headerDataChanged.connect(self.headerDataChanged)
        self._set_rows(self._shown())
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        model = self.sourceModel()
        return 0 if parent.isValid() or model is None else model.columnCount()

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._rows)

    def index(self, row: int, column: int,
              parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if 0 <= row < len(self._rows) and 0 <= column < self._width \
                and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def sibling(self, row: int, column: int, index: Index) -> QModelIndex:
        return self.index(row, column)

    def mapToSource(self, index: Index) -> QModelIndex:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return QModelIndex()
        return self.source().index(self._rows[index.row()], index.column())

    def mapFromSource(self, index: Index) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        row = self._where.get(index.row())
        return QModelIndex() if row is None else self.index(row, index.column())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        return self.source().cell_data(self._rows[row], index.column(), role)

    def multiData(self, index: Index, roleDataSpan: Any) -> None:  # noqa: N803
        row = index.row()
        self.source().fill(self._rows[row] if 0 <= row < len(self._rows) else -1,
                           index.column(), roleDataSpan)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self.source().column_flags(index.column())

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            return self.source().headerData(section, orientation, role)
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._column, self._order = column, order
        self._relayout()

    def sortColumn(self) -> int:
        return self._column

    def sortOrder(self) -> Qt.SortOrder:
        return self._order

    def setFilterFixedString(self, text: str) -> None:
        """Show only the rows with ``text`` in some column, ignoring case."""
        needle = text.lower()
        if needle != self._needle:
            self._needle = needle
            self._relayout()

    def set_row_filter(self, accepts: Callable[[Any], bool] | None) -> None:
        """Show only the records ``accepts`` takes (as well as the text filter)."""
        self._accepts = accepts
        if self.sourceModel() is not None:
            self._relayout()

    def invalidate(self) -> None:
        """Read every cell again."""
        self.source().forget()
        self._relayout()

    # --- the records changed (the model has already brought its cells up to date)

    def _source_reset(self) -> None:
        self._set_rows(self._shown())
        self.endResetModel()

    def _source_layout(self, *_: Any) -> None:
        self.beginResetModel()
        self._source_reset()

    def _source_inserted(self, parent: Index, first: int, last: int) -> None:
        count = last - first + 1
        n = len(self.source().records()) - count
        self._relayout({r: r if r < first else r + count for r in range(n)})

    def _source_removed(self, parent: Index, first: int, last: int) -> None:
        count = last - first + 1
        n = len(self.source().records()) + count
        self._relayout({r: r if r < first else r - count for r in range(n)
                        if not first <= r <= last})

    def _source_data(self, top_left: QModelIndex, bottom_right: QModelIndex,
                     roles: Sequence[int] = ()) -> None:
        first, last = top_left.row(), bottom_right.row()
        if self._needle or self._column >= 0 or self._accepts is not None:
            self._relayout()  # the edited rows may move, or leave the filter
        shown = [self._where[r] for r in range(first, last + 1) if r in self._where]
        if shown:
            self.dataChanged.emit(self.index(min(shown), top_left.column()),
                                  self.index(max(shown), bottom_right.column()), roles)


def make_table_view(parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setAccessibleName(name)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                         | QAbstractItemView.EditTrigger.EditKeyPressed
                         | QAbstractItemView.EditTrigger.AnyKeyPressed)
    view.setItemDelegate(RecordDelegate(view))
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setTabKeyNavigation(False)
    return view


def find_shortcut(field: QLineEdit, page: QWidget) -> QShortcut:
    """Ctrl+F (the platform's Find key) moves to ``field`` while ``page`` is showing. A key
    rather than a mnemonic: Alt+F is the File menu's."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), page)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)

    def find() -> None:
        field.setFocus()
        field.selectAll()

    shortcut.activated.connect(find)
    field.setToolTip(f"Show only rows containing this text "
                     f"({QKeySequence(QKeySequence.StandardKey.Find).toString()})")
    return shortcut


def fit_columns(view: QTableView, model: QAbstractTableModel, widths: Sequence[int],
                stretch: int) -> StretchColumn:
    """Let column ``stretch`` fill the rest of the table's width; every other column fits
    its title and contents, up to ``widths`` (in ems; never narrower than its title)."""
    em = view.fontMetrics().horizontalAdvance("M")
    caps = [(widths[i] if i < len(widths) else 10) * em
            for i in range(model.columnCount())]
    stretcher = StretchColumn(view, stretch, max(widths[stretch], 12) * em
                              if stretch < len(widths) else 16 * em, caps)
    stretcher.fit_contents()
    return stretcher


def empty_label(text: str, parent: QWidget) -> QLabel:
    """A plain sentence shown where an empty list would be."""
    label_ = QLabel(text, parent)
    label_.setWordWrap(True)
    label_.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
    label_.setContentsMargins(24, 32, 24, 24)
    label_.setAccessibleName(text)
    font = QFont(label_.font())
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label_.setFont(font)
    return label_


def page_title(text: str, parent: QWidget) -> QLabel:
    title = QLabel(text, parent)
    font = QFont(title.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    title.setFont(font)
    title.setAccessibleName(text)
    return title


def intro_label(text: str, parent: QWidget) -> QLabel:
    intro = QLabel(text, parent)
    intro.setWordWrap(True)
    return intro


READ_AHEAD_ROWS = 5000
"""From this many rows a table reads its cells for filtering ahead, while the window is
idle (below it, reading them when first filtered takes a few milliseconds)."""


class TablePage(QWidget):
    """A titled, filterable, sortable table of records with add and delete (and CSV)."""

    def __init__(self, title: str, intro: str, model: RecordTableModel, *, noun: str,
                 on_add: Callable[[], bool], on_delete: Callable[[list[Any]], None],
                 on_import: Callable[[], None] | None = None,
                 on_export: Callable[[], None] | None = None,
                 empty_text: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._empty_text = empty_text
        self._on_add, self._on_delete = on_add, on_delete
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(title, self))
        layout.addWidget(intro_label(intro, self))

        bar = QHBoxLayout()
        self.button_bar = bar  # pages put their own buttons in it (after Delete, say)
        self.add_button = QPushButton(f"&Add {noun}", self)
        self.add_button.clicked.connect(self.add)
        self.delete_button = QPushButton("&Delete", self)
        self.delete_button.setToolTip(f"Delete the selected {noun}s (Delete key)")
        self.delete_button.clicked.connect(self.delete_selected)
        bar.addWidget(self.add_button)
        bar.addWidget(self.delete_button)
        if on_import is not None:
            self.import_button = QPushButton("&Import…", self)
            self.import_button.setToolTip(f"Add {noun}s from a spreadsheet saved as CSV")
            self.import_button.clicked.connect(on_import)
            bar.addWidget(self.import_button)
        if on_export is not None:
            self.export_button = QPushButton("E&xport…", self)
            self.export_button.setToolTip(f"Save the {noun}s as a spreadsheet (CSV)")
            self.export_button.clicked.connect(on_export)
            bar.addWidget(self.export_button)
        bar.addStretch(1)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter… (Ctrl+F)")
        self.filter.setAccessibleName(f"Filter {noun}s")
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(10 * self.fontMetrics().horizontalAdvance("M"))
        find = QLabel("Find:", self)
        find.setBuddy(self.filter)
        find_shortcut(self.filter, self)
        bar.addWidget(find)
        bar.addWidget(self.filter)
        layout.addLayout(bar)

        self.proxy = RecordProxy(self)
        self.proxy.setSourceModel(model)
        self.view = make_table_view(self, f"{noun.capitalize()}s")
        self.view.setModel(self.proxy)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        # An empty list says what will appear there instead of showing bare headers.
        self.table_stack = QStackedWidget(self)
        self.table_stack.addWidget(self.view)
        self.empty_label = empty_label(empty_text, self)
        self.table_stack.addWidget(self.empty_label)
        layout.addWidget(self.table_stack, 1)
        self.count_label = QLabel(self)
        layout.addWidget(self.count_label)
        self._noun = noun

        # Filter after a short pause in typing, not on every keystroke.
        self._filter_timer = QTimer(self, singleShot=True, interval=150)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(self._filter_timer.start)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset,
                       self.proxy.layoutChanged):
            signal.connect(self._update_count)
        self._update_count()
        # A long list reads what a filter looks in a column at a time while the window is
        # idle, so the first filter need not read every cell at once.
        self._read_ahead = QTimer(self, singleShot=True, interval=0)
        self._read_ahead.timeout.connect(self._read_next_column)
        self._columns_to_read: list[int] = []
        model.modelReset.connect(self.read_ahead)
        self.view.installEventFilter(self)
        self.setTabOrder(self.add_button, self.delete_button)

    def read_ahead(self) -> None:
        """Start reading, in the background, what a filter looks in (long lists only)."""
        if self.model.rowCount() >= READ_AHEAD_ROWS:
            self._columns_to_read = list(range(self.model.columnCount()))
            self._read_ahead.start()

    def _read_next_column(self) -> None:
        if self._columns_to_read:
            self.model.texts(self._columns_to_read.pop(0))
            self._read_ahead.start()
        else:
            self.model.row_texts()

    def fit_columns(self, widths: Sequence[int], stretch: int = 0) -> None:
        """Column widths in ems; column ``stretch`` (the main text) takes the room left."""
        fit_columns(self.view, self.model, widths, stretch)

    def _apply_filter(self) -> None:
        self.proxy.setFilterFixedString(self.filter.text())
        self._update_count()

    def _update_count(self, *_: Any) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        empty = total == 0 and bool(self._empty_text)
        self.table_stack.setCurrentWidget(self.empty_label if empty else self.view)
        self.count_label.setVisible(not empty)
        noun = self._noun + ("" if total == 1 else "s")
        self.count_label.setText(f"{total} {noun}" if shown == total
                                 else f"Showing {shown} of {total} {noun}")

    def selected_records(self) -> list[Any]:
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.proxy.mapToSource(self.view.currentIndex()).row()}
        return [self.model.record(r) for r in sorted(rows)]

    def add(self) -> None:
        if self._on_add():
            self.filter.clear()
            self._apply_filter()
            row = self.model.rowCount() - 1
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.view.scrollTo(index)
            self.view.setCurrentIndex(index)
            self.view.edit(index)

    def delete_selected(self) -> None:
        records = self.selected_records()
        if records:
            self._on_delete(records)

    def select_record(self, record_id: int) -> None:
        row = self.model.row_of(record_id)
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        if (watched is self.view and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete
                and self.view.state() != QAbstractItemView.State.EditingState):
            self.delete_selected()
            return True
        return super().eventFilter(watched, event)


def replace_fields(record: Any, changes: dict[str, Any]) -> Any:
    return dataclasses.replace(record, **changes)
