"""Editable record tables: one typed table model over a session list, a delegate that edits
with combo boxes and date pickers, and a page with add, delete, filter and CSV buttons."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
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


_KINDS = {domain_columns.Kind.BOOL: "bool", domain_columns.Kind.ENUM: "enum",
          domain_columns.Kind.DATE: "date", domain_columns.Kind.LINK: "choice"}


def from_domain(column: domain_columns.Column[Any],
                lookup: Callable[[], domain_columns.Lookup],
                choices: Callable[[], list[tuple[Any, str]]] | None = None,
                display: Callable[[Any], str] | None = None) -> Column:
    """The window's column for a column of ``domain.columns`` (its header, value, editor)."""
    return Column(column.header, lambda record: column.value(record, lookup()), column.edit,
                  _KINDS.get(column.kind, "text"), column.enum, choices, display, column.tip)


def _display(column: Column, record: Any) -> str:
    if column.display is not None:
        return column.display(record)
    value = column.value(record)
    if column.kind == "choice" and column.choices is not None:
        return next((text for key, text in column.choices() if key == value), "")
    if isinstance(value, StrEnum):
        return label(value)
    if isinstance(value, date):
        return value.strftime("%b %d, %Y").replace(" 0", " ")
    if isinstance(value, bool):
        return ""
    return "" if value is None else str(value)


def _sort_key(column: Column, record: Any) -> Any:
    value = column.value(record)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    return _display(column, record).lower()


RowStyle = Callable[[Any, int], "tuple[QColor, QColor] | None"]


class RecordTableModel(QAbstractTableModel):
    """Rows are the records of a session list (read each time, never copied)."""

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

    def record(self, row: int) -> Any:
        return self._records()[row]

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
        if not index.isValid() or index.row() >= len(self._records()):
            return None
        record = self.record(index.row())
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole):
            if column.kind == "bool" and role != Qt.ItemDataRole.DisplayRole:
                return "Yes" if column.value(record) else "No"
            if role == Qt.ItemDataRole.ToolTipRole:
                value = column.value(record)
                if isinstance(value, StrEnum) and explain(value):
                    return explain(value)
            return _display(column, record)
        if role == Qt.ItemDataRole.EditRole:
            value = column.value(record)
            if isinstance(value, date):
                return QDate(value.year, value.month, value.day)
            if isinstance(value, StrEnum):
                return value.value
            return value
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "bool":
            return Qt.CheckState.Checked if column.value(record) else Qt.CheckState.Unchecked
        if role == SORT_ROLE:
            return _sort_key(column, record)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) \
                and self._row_style is not None:
            style = self._row_style(record, index.column())
            if style is not None:
                return style[0] if role == Qt.ItemDataRole.BackgroundRole else style[1]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        if column.field is not None:
            if column.kind == "bool":
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            else:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

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
        while isinstance(model, QSortFilterProxyModel):
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
            for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
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
        self.add_button = QPushButton(f"&Add {noun}", self)
        self.add_button.clicked.connect(self.add)
        self.delete_button = QPushButton("&Delete", self)
        self.delete_button.setToolTip(f"Delete the selected {noun}s (Delete key)")
        self.delete_button.clicked.connect(self.delete_selected)
        bar.addWidget(self.add_button)
        bar.addWidget(self.delete_button)
        if on_import is not None:
            self.import_button = QPushButton("&Import from spreadsheet…", self)
            self.import_button.clicked.connect(on_import)
            bar.addWidget(self.import_button)
        if on_export is not None:
            self.export_button = QPushButton("E&xport to spreadsheet…", self)
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

        self.proxy = FilterProxy(self)
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
        self.view.installEventFilter(self)
        self.setTabOrder(self.add_button, self.delete_button)

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
