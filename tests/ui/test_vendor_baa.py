"""The vendors table's "BAA signed": a combo box of Signed / Not signed / Don't know, saved
to the file, and "Needs attention" saying what is wrong in the window's words."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from riskwizard.domain import columns
from riskwizard.domain.model import BaaStatus, Vendor
from riskwizard.ui.inventory_pages import VendorsPage
from riskwizard.ui.main_window import MainWindow


def test_baa_is_a_combo_box_and_attention_reads_right(qtbot: QtBot, window: MainWindow,
                                                      sample_file: Path) -> None:
    window.open_path(sample_file)
    session = window.session
    assert session is not None
    for name, baa in [("ClearChart", BaaStatus.SIGNED), ("Answering", BaaStatus.UNKNOWN),
                      ("Billing", BaaStatus.NOT_SIGNED)]:
        session.add(Vendor(name, baa=baa))
    page = window.show_page("vendors")
    assert isinstance(page, VendorsPage)
    page.model.reload()
    keys = [c.key for c in columns.VENDOR_COLUMNS]
    baa, attention = keys.index("baa"), keys.index("attention")
    assert page.model.headerData(baa, Qt.Orientation.Horizontal) == "BAA signed"
    shown = {page.model.index(r, 0).data(): (page.model.index(r, baa).data(),
                                             page.model.index(r, attention).data())
             for r in range(page.model.rowCount())}
    assert shown == {"ClearChart": ("Signed", ""),
                     "Answering": ("Don't know", "Not known if signed"),
                     "Billing": ("Not signed", "No signed agreement")}

    row = next(r for r in range(page.model.rowCount())
               if page.model.index(r, 0).data() == "Billing")
    index = page.proxy.mapFromSource(page.model.index(row, baa))
    delegate = page.view.itemDelegate()
    editor = delegate.createEditor(page.view.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == [
        "Signed", "Not signed", "Don't know"]
    delegate.setEditorData(editor, index)
    assert editor.currentText() == "Not signed"
    editor.setCurrentIndex(editor.findText("Don't know"))
    delegate.setModelData(editor, page.proxy, index)
    assert page.model.index(row, attention).data() == "Not known if signed"
    assert {v.name: v.baa for v in session.vendors}["Billing"] is BaaStatus.UNKNOWN
    saved = {v.name: v.baa for v in session.repo.records(Vendor)}  # read back from the file
    assert saved["Billing"] is BaaStatus.UNKNOWN
