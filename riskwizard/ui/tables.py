"""Editable record tables on a page: a delegate that edits with combo boxes and date
pickers, columns fitted to their contents, and a page with add, delete, filter and CSV
buttons. The model is ``record_model``'s, sorted and filtered by ``record_proxy``'s."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QDate,
    QEvent,
    QObject,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QKeySequence, QPainter, QPaintEvent, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

from riskwizard.domain.dates import DateError
from riskwizard.domain.labels import explain, label
from riskwizard.ui.date_field import DateField, pydate, qdate
from riskwizard.ui.record_model import NO_DATE, Column, Index, RecordTableModel
from riskwizard.ui.record_proxy import RecordProxy


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
            return DateField(parent, column.title)
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            i = editor.findData(value)
            editor.setCurrentIndex(max(i, 0))
        elif isinstance(editor, DateField):
            editor.set_date(pydate(value) if isinstance(value, QDate)
                            and value != NO_DATE else None)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, DateField):
            try:
                day = editor.date()
            except DateError:
                return  # not a date: nothing saved (the field said why as it was typed)
            model.setData(index, qdate(day) if day is not None else None,
                          Qt.ItemDataRole.EditRole)
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


_KEEPS_PICTURE = frozenset({
    QEvent.Type.Paint, QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.ShowToParent,
    QEvent.Type.HideToParent, QEvent.Type.Polish, QEvent.Type.PolishRequest,
    QEvent.Type.UpdateRequest, QEvent.Type.UpdateLater, QEvent.Type.Move,
    QEvent.Type.ChildAdded, QEvent.Type.ChildPolished, QEvent.Type.ChildRemoved,
    QEvent.Type.ToolTip, QEvent.Type.StatusTip, QEvent.Type.WhatsThis,
    QEvent.Type.DeferredDelete, QEvent.Type.MetaCall, QEvent.Type.LayoutRequest,
    QEvent.Type.ShortcutOverride, QEvent.Type.Shortcut, QEvent.Type.ZOrderChange,
    QEvent.Type.ParentAboutToChange, QEvent.Type.ParentChange,
    QEvent.Type.DynamicPropertyChange,
    QEvent.Type.WindowIconChange, QEvent.Type.WindowTitleChange,
    QEvent.Type.ModifiedChange, QEvent.Type.Timer,
})
"""Events on a table or its viewport that do not change what its cells look like: every
other event drops the picture kept (``RecordView``). (A timer may change what the table
shows only while it is visible, and a paint then does not use the picture.)"""


class RecordView(QTableView):
    """A table that keeps a picture of its cells, to show again at once when its page is
    shown again and nothing it shows has changed (painting a screen of cells, Qt's own text
    layout for each, costs 15-30 ms here; showing the picture well under one).

    Every paint of the whole viewport paints the cells into the picture, then shows it. The
    picture is shown again without painting the cells only for the first paint after the
    table is shown again, and only if nothing that could change a pixel happened since it
    was taken: any signal of the model (data, rows, layout, reset, headers) or of the
    selection, the scroll bars or the headers (widths, order, sort indicator), and any event
    on the table or its viewport but those listed in ``_KEEPS_PICTURE`` (a resize, a palette,
    font or style change, the keyboard focus, the mouse, a key all drop it); and if the
    viewport's size, the focus, the window being active, the current cell, the scroll
    position and the view's state are as they were. A paint of part of the viewport drops
    it and paints as usual. Widgets over the cells (an open editor) paint themselves on
    top, as ever."""

    keeps_picture = True
    """Whether the picture is kept at all (False, on a view or on the class: every paint
    paints the cells)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._picture: QPixmap | None = None
        self._picture_key: tuple[Any, ...] = ()
        self._painting_picture = False
        self._shown_again = False
        self.pictures_taken = 0
        """How many times the cells were painted into a picture (for tests)."""
        self.viewport().installEventFilter(self)
        for header in (self.horizontalHeader(), self.verticalHeader()):
            for signal in (header.sectionResized, header.sectionMoved,
                           header.sortIndicatorChanged, header.sectionCountChanged):
                signal.connect(self.drop_picture)
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.valueChanged.connect(self.drop_picture)
            bar.rangeChanged.connect(self.drop_picture)

    def drop_picture(self, *_: Any) -> None:
        """Forget the picture: the next paint paints the cells."""
        self._picture = None

    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.model()
        if old is not None:
            _connect_model(old, self.drop_picture, connect=False)
        super().setModel(model)
        if model is not None:
            _connect_model(model, self.drop_picture, connect=True)
        self._selection_model_set()

    def setSelectionModel(self, selection: Any) -> None:
        super().setSelectionModel(selection)
        self._selection_model_set()

    def _selection_model_set(self) -> None:
        self.drop_picture()
        selection = self.selectionModel()
        if selection is not None:
            selection.selectionChanged.connect(self.drop_picture)
            selection.currentChanged.connect(self.drop_picture)
            selection.modelChanged.connect(self.drop_picture)

    def event(self, event: QEvent) -> bool:
        if event.type() not in _KEEPS_PICTURE:
            self._picture = None
        return super().event(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _KEEPS_PICTURE:
            self._picture = None
        elif kind == QEvent.Type.Show:
            self._shown_again = True
        return super().eventFilter(watched, event)

    def _key(self) -> tuple[Any, ...]:
        viewport, current = self.viewport(), self.currentIndex()
        return (viewport.size(), viewport.devicePixelRatioF(), self.hasFocus(),
                self.isActiveWindow(), self.isEnabled(), int(self.state().value),
                current.row(), current.column(), self.horizontalScrollBar().value(),
                self.verticalScrollBar().value())

    def paintEvent(self, event: QPaintEvent) -> None:
        viewport = self.viewport()
        if self._painting_picture or not self.keeps_picture:
            super().paintEvent(event)
            return
        shown_again, self._shown_again = self._shown_again, False
        if not event.region().contains(viewport.rect()):
            self._picture = None
            super().paintEvent(event)
            return
        # (begun before the picture is painted: painting it ends the viewport's paint set-up)
        painter = QPainter(viewport)
        key = self._key()
        if self._picture is None or not shown_again or key != self._picture_key:
            ratio = viewport.devicePixelRatioF()
            picture = QPixmap(viewport.size() * ratio)
            picture.setDevicePixelRatio(ratio)
            # Painted by Qt's own paintEvent, into the picture: the viewport is marked as
            # not in a paint for that long, or Qt refuses to paint it again from inside one.
            in_paint = Qt.WidgetAttribute.WA_WState_InPaintEvent
            self._painting_picture = True
            viewport.setAttribute(in_paint, False)
            try:
                viewport.render(picture, QPoint(), viewport.rect(),
                                QWidget.RenderFlag.DrawWindowBackground)
            finally:
                viewport.setAttribute(in_paint, True)
                self._painting_picture = False
            self._picture, self._picture_key = picture, key
            self.pictures_taken += 1
        painter.drawPixmap(0, 0, self._picture)
        painter.end()


def _connect_model(model: QAbstractItemModel, slot: Callable[..., None], *,
                   connect: bool) -> None:
    for signal in (model.dataChanged, model.headerDataChanged, model.layoutChanged,
                   model.layoutAboutToBeChanged, model.modelReset, model.modelAboutToBeReset,
                   model.rowsInserted, model.rowsRemoved, model.rowsMoved,
                   model.columnsInserted, model.columnsRemoved, model.columnsMoved):
        if connect:
            signal.connect(slot)
        else:
            signal.disconnect(slot)


def make_table_view(parent: QWidget, name: str) -> QTableView:
    view = RecordView(parent)
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
"""From this many rows a table reads its cells for filtering, and sorts each column both
ways, ahead, while the window is idle (below it, doing so when first asked takes a few
milliseconds)."""


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
        # A long list reads what a filter looks in, and each column's order, a column at a
        # time while the window is idle, so the first filter or sort need not.
        self._read_ahead = QTimer(self, singleShot=True, interval=0)
        self._read_ahead.timeout.connect(self._read_next)
        self._to_read: list[Callable[[], object]] = []
        model.modelReset.connect(self.read_ahead)
        self.view.installEventFilter(self)
        self.setTabOrder(self.add_button, self.delete_button)

    def read_ahead(self) -> None:
        """Start reading, in the background, what a filter looks in and each column's
        order both ways (long lists only), a column at a time."""
        model = self.model
        self._to_read.clear()
        if model.rowCount() >= READ_AHEAD_ROWS:
            columns = range(model.columnCount())
            self._to_read = [*(partial(model.texts, c) for c in columns), model.row_texts,
                             *(partial(model.order, c, down) for c in columns
                               for down in (False, True))]
            self._read_ahead.start()

    def read_ahead_done(self) -> bool:
        """Nothing is left to read ahead (a short list reads nothing ahead)."""
        return not self._to_read

    def _read_next(self) -> None:
        if self._to_read:
            self._to_read.pop(0)()
        if self._to_read:
            self._read_ahead.start()

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
