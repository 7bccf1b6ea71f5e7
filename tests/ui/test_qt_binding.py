"""Guards against known defects of the Qt binding that would crash the program in use."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem, QTableWidgetItem, QTreeWidgetItem


def test_item_set_data_keeps_none_alive(qapp: object) -> None:
    """PySide6 6.12.0 dropped a reference to None on each item setData: after a few thousand
    answers (each refreshes the question list) Python 3.11 aborted with 'deallocating None'."""
    items = [QListWidgetItem(), QTableWidgetItem()]
    tree = QTreeWidgetItem()
    before = sys.getrefcount(None)
    for _ in range(500):
        for item in items:
            item.setData(Qt.ItemDataRole.UserRole, "q")
        tree.setData(0, Qt.ItemDataRole.UserRole, "q")
    assert sys.getrefcount(None) - before > -100
