"""Sorting and filtering a ``RecordTableModel`` (``RecordProxy``), and the plain Qt proxy
with the same behaviour (``FilterProxy``) for tables of other models."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QWidget

from riskwizard.ui.record_model import SORT_ROLE, Index, RecordTableModel

_FEW = 8
"""Up to this many source rows, since the rows shown changed, are found in the list of
them; past that, through a map of every row."""


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
        self._where: dict[int, int] | None = None
        """Row shown of each source row shown (made when first needed)."""
        self._looked_up = 0
        """Source rows looked for in the list shown since it changed."""
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

    def _shown(self, within: list[int] | None = None) -> list[int]:
        """The source rows to show, in order. ``within``: the rows shown now, when what
        is asked can only keep some of them, in the same order (a filter typed further)."""
        model = self.source()
        records = model.records()
        if within is not None:
            rows = within
        elif self._column >= 0:
            rows = model.order(self._column,
                               self._order == Qt.SortOrder.DescendingOrder).tolist()
        else:
            rows = list(range(len(records)))
            if self._order == Qt.SortOrder.DescendingOrder:
                rows.reverse()  # as Qt's proxy does: the session's order, backwards
        if self._needle:
            needle, texts = self._needle, model.row_texts()
            rows = [r for r in rows if needle in texts[r]]
        if self._accepts is not None and within is None:
            accepts = self._accepts
            rows = [r for r in rows if accepts(records[r])]
        return rows

    def _set_rows(self, rows: list[int]) -> None:
        self._rows = rows
        self._where = None
        self._looked_up = 0

    def _positions(self, rows: Iterable[int]) -> dict[int, int]:
        """Row shown of each of these source rows that is shown: the first few asked for
        since the rows changed found in the list, any more through a map of every row,
        made once until the rows change."""
        wanted = set(rows)
        self._looked_up += len(wanted)
        if self._where is None and self._looked_up <= _FEW:
            found = {}
            for row in wanted:
                try:
                    found[row] = self._rows.index(row)
                except ValueError:
                    pass
            return found
        if self._where is None:
            self._where = dict(zip(self._rows, range(len(self._rows)), strict=True))
        where = self._where
        return {r: where[r] for r in wanted if r in where}

    def _relayout(self, old_source: dict[int, int] | None = None,
                  within: list[int] | None = None) -> None:
        """Show ``_shown(within)``, keeping every persistent index (the selection, the
        current row) on its record; ``old_source`` maps source rows before an insertion
        or removal to after (a row missing from it is gone)."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        records = []
        for index in persistent:
            row = self._rows[index.row()] if 0 <= index.row() < len(self._rows) else -1
            if old_source is not None:
                row = old_source.get(row, -1)
            records.append((row, index.column()))
        self._set_rows(self._shown(within))
        where = self._positions(row for row, _ in records)
        self.changePersistentIndexList(persistent, [
            self.index(where[row], column) if row in where else QModelIndex()
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
        row = self._positions((index.row(),)).get(index.row())
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
            # typed further: only the rows shown can still match, in the order shown
            narrower = bool(self._needle) and self._needle in needle
            self._needle = needle
            self._relayout(within=self._rows if narrower else None)

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
        shown = list(self._positions(range(first, last + 1)).values())
        if shown:
            self.dataChanged.emit(self.index(min(shown), top_left.column()),
                                  self.index(max(shown), bottom_right.column()), roles)
