"""The glossary (F1): every word the questions use, in plain English, searchable as you type."""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

TERM_ROLE = Qt.ItemDataRole.UserRole


def matching(glossary: Mapping[str, str], text: str) -> list[str]:
    """The terms whose name or meaning contains ``text`` (any case); names first."""
    needle = text.strip().casefold()
    terms = sorted(glossary, key=str.casefold)
    if not needle:
        return terms
    by_name = [t for t in terms if needle in t.casefold()]
    by_meaning = [t for t in terms if t not in by_name and needle in glossary[t].casefold()]
    return by_name + by_meaning


class GlossaryDialog(QDialog):
    """A search field over a list of terms; the chosen term's meaning beside them. Stays open
    beside the window while the person goes on answering."""

    def __init__(self, glossary: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.glossary = dict(glossary)
        self.setWindowTitle("Glossary")
        v = QVBoxLayout(self)
        intro = QLabel("Words used in the questions, in plain English. Type to search the "
                       "words and their meanings.", self)
        intro.setWordWrap(True)
        v.addWidget(intro)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search the glossary…")
        self.search.setAccessibleName("Search the glossary")
        self.search.setClearButtonEnabled(True)
        v.addWidget(self.search)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        self.terms = QListWidget(split)
        self.terms.setAccessibleName("Glossary words")
        self.meaning = QTextBrowser(split)
        self.meaning.setAccessibleName("Meaning")
        split.addWidget(self.terms)
        split.addWidget(self.meaning)
        em = self.fontMetrics().horizontalAdvance("M")
        split.setSizes([16 * em, 32 * em])
        v.addWidget(split, 1)
        self.count = QLabel(self)
        v.addWidget(self.count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        v.addWidget(buttons)
        self.search.textChanged.connect(self.fill)
        self.terms.currentItemChanged.connect(self._show)
        # Down from the search field goes to the list, as in a search box anywhere.
        self.search.returnPressed.connect(self.terms.setFocus)
        self.resize(52 * em, 34 * em)
        self.fill()

    def fill(self, *_: object) -> None:
        found = matching(self.glossary, self.search.text())
        self.terms.clear()
        for term in found:
            item = QListWidgetItem(term)
            item.setData(TERM_ROLE, term)
            self.terms.addItem(item)
        if not self.glossary:
            self.count.setText("No glossary is installed.")
        elif not found:
            self.count.setText(f"No word or meaning contains “{self.search.text().strip()}”.")
        else:
            self.count.setText(f"{len(found)} of {len(self.glossary)} words")
        if found:
            self.terms.setCurrentRow(0)
        else:
            self.meaning.clear()

    def show_term(self, term: str) -> None:
        """Open at ``term`` (a link in a question)."""
        self.search.setText(term)
        for row in range(self.terms.count()):
            if self.terms.item(row).data(TERM_ROLE) == term:
                self.terms.setCurrentRow(row)

    def _show(self, item: QListWidgetItem | None, *_: object) -> None:
        if item is None:
            self.meaning.clear()
            return
        term = str(item.data(TERM_ROLE))
        self.meaning.setHtml(f"<h3>{html.escape(term)}</h3>"
                             f"<p>{html.escape(self.glossary.get(term, ''))}</p>")
