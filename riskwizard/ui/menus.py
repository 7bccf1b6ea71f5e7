"""The window's menus: File, Go (one entry per registered page, then moving between
questions) and Help."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from riskwizard.ui.pages import ToPage, shortcut

if TYPE_CHECKING:
    from riskwizard.ui.glossary import GlossaryDialog
    from riskwizard.ui.main_window import MainWindow


def add_action(window: MainWindow, menu: QMenu, text: str, slot: Callable[[], Any],
               shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
               tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        keys = shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)
        # setShortcuts, not setShortcut: matching setShortcut's overloads makes the ninety
        # enums of Qt's ``Qt`` namespace, a tenth of a plain window's start
        action.setShortcuts([] if keys.isEmpty() else [keys])
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _=False: slot())
    menu.addAction(action)
    return action



def _run(module: str, name: str, window: Any) -> None:
    """Run ``riskwizard.ui.<module>.<name>(window)``; the module (``flows``, ``consultant``)
    is imported when first used: it brings the session and the store, which the window's
    first frame does not need."""
    import importlib

    getattr(importlib.import_module(f"riskwizard.ui.{module}"), name)(window)

class Menus:
    """The menu bar's actions; those that need an open practice are in ``practice_actions``."""

    def __init__(self, window: MainWindow) -> None:
        self.window = w = window
        self.glossary: GlossaryDialog | None = None
        bar = w.menuBar()
        m = bar.addMenu("&File")
        add_action(w, m, "&New practice…", w.new_practice, QKeySequence.StandardKey.New)
        add_action(w, m, "&Open…", w.open_dialog, QKeySequence.StandardKey.Open)
        self.recent = m.addMenu("Open &recent")
        self.recent.aboutToShow.connect(self._fill_recent)
        add_action(w, m, "Open the &demo practice", w.open_demo)
        self._consultant_entries(m)
        m.addSeparator()
        self.export = add_action(w, m, "&Export report (PDF)…", w.export_pdf,
                                 QKeySequence.StandardKey.Print,
                                 "Make the PDF report to print or send")
        self.next_year = add_action(w, m, "Start &next year's assessment…", w.start_next_year)
        self.evidence_pack = add_action(
            w, m, "Evidence pac&k for an auditor…", partial(_run, "flows", "evidence_pack", w),
            tip="Every evidence file of the practice in one zip, with a list of what each "
                "one proves")
        m.addSeparator()
        self.protect = add_action(
            w, m, "Protect with a pass&word…", partial(_run, "flows", "protect_with_password", w),
            tip="Lock the practice file: it opens only with the password")
        self.change_password = add_action(w, m, "C&hange password…",
                                          partial(_run, "flows", "change_password", w))
        self.remove_password = add_action(w, m, "Remo&ve password",
                                          partial(_run, "flows", "remove_password", w))
        m.addSeparator()
        self.close = add_action(w, m, "&Close practice", w.close_practice,
                                QKeySequence.StandardKey.Close)
        add_action(w, m, "&Quit", w.close, QKeySequence.StandardKey.Quit)

        g = bar.addMenu("&Go")
        self.go: list[QAction] = []
        specs = list(w.specs.values())
        for spec in specs:
            self.go.append(add_action(w, g, spec.title, partial(w.go, ToPage(spec.key)),
                                      shortcut(specs, spec)))
        g.addSeparator()
        self.go.append(add_action(w, g, "&Next question", partial(w.step_question, 1),
                                  "Ctrl+Right"))
        self.go.append(add_action(w, g, "&Previous question", partial(w.step_question, -1),
                                  "Ctrl+Left"))
        self.go.append(add_action(w, g, "Next &unanswered question", w.go_next_unanswered,
                                  "Ctrl+U"))
        self.go.append(add_action(w, g, "Next &flagged question", w.go_next_flagged,
                                  "Ctrl+G"))
        g.addSeparator()
        self.go.append(add_action(w, g, "&Section list", lambda: w.nav.setFocus(), "Ctrl+0",
                                  "Move the keyboard focus to the list of sections"))

        h = bar.addMenu("&Help")
        add_action(w, h, "&Glossary", lambda: self.show_glossary(),
                   QKeySequence.StandardKey.HelpContents)
        add_action(w, h, "&About Risk Wizard", self.show_about)

    def _consultant_entries(self, m: QMenu) -> None:
        """Consultant mode (riskwizard.ui.consultant): clients, templates, the firm profile,
        imports and exports on the open file, and the IT vendor's packet."""
        w = self.window
        add_action(w, m, "New practice from a &template or another client…",
                   partial(_run, "consultant", "new_from", w))
        add_action(w, m, "C&lients…", partial(_run, "consultant", "clients", w),
                   tip="Every practice you work with, how far along it is, and what is due")
        add_action(w, m, "&Firm profile…", partial(_run, "consultant", "firm_profile", w),
                   tip="Your firm, assessor and logo, for the reports' “Prepared by” block")
        m.addSeparator()
        imp = m.addMenu("&Import")
        self.import_inventory = add_action(w, imp, "&Assets or vendors (CSV or XLSX)…",
                                           partial(_run, "consultant", "import_inventory", w))
        self.import_packet = add_action(w, imp, "&Answers from the IT vendor's packet…",
                                        partial(_run, "consultant", "import_packet", w))
        add_action(w, imp, "A practice from &JSON…", partial(_run, "consultant", "import_json", w))
        exp = m.addMenu("E&xport")
        self.export_xlsx = add_action(w, exp,
                                      "&Spreadsheet: register, plan and inventories (XLSX)…",
                                      partial(_run, "consultant", "export_xlsx", w))
        self.export_csv = add_action(w, exp, "Assets or vendors as &CSV…",
                                     partial(_run, "consultant", "export_csv", w))
        self.export_json = add_action(w, exp, "Everything as &JSON…",
                                      partial(_run, "consultant", "export_json", w))
        self.export_packet = add_action(w, exp, "&Questions for the IT vendor (packet)…",
                                        partial(_run, "consultant", "export_packet", w))
        self.file_actions = [self.import_inventory, self.import_packet, self.export_xlsx,
                             self.export_csv, self.export_json, self.export_packet]

    @property
    def practice_actions(self) -> list[QAction]:
        """Actions that need an open practice."""
        return [self.export, self.next_year, self.evidence_pack, self.close,
                *self.file_actions, *self.go]

    def update(self, practice_open: bool) -> None:
        for a in self.practice_actions:
            a.setEnabled(practice_open)
        session = self.window.session if practice_open else None
        locked = session is not None and session.encrypted
        self.protect.setEnabled(session is not None and not locked)
        self.change_password.setEnabled(locked)
        self.remove_password.setEnabled(locked)

    def _fill_recent(self) -> None:
        w = self.window
        self.recent.clear()
        paths = w.settings.recent_files()
        for p in paths:
            add_action(w, self.recent, str(p), partial(w.open_path, p))
        if not paths:
            empty = self.recent.addAction("(none yet)")
            empty.setEnabled(False)

    def show_glossary(self, term: str = "") -> None:
        """The searchable glossary beside the window (one, reused), at ``term`` if given."""
        from riskwizard.ui.glossary import GlossaryDialog

        if self.glossary is None:
            self.glossary = GlossaryDialog(self.window.questionnaire.glossary, self.window)
        if term:
            self.glossary.show_term(term)
        self.glossary.show()
        self.glossary.raise_()
        self.glossary.activateWindow()
        self.glossary.search.setFocus()
        self.glossary.search.selectAll()

    def show_about(self) -> None:
        from riskwizard import __version__

        w = self.window
        w.dialogs.info(
            w, "About Risk Wizard",
            f"Risk Wizard {__version__}\n\nA HIPAA Security Rule risk analysis for small "
            "medical practices. Your practice file stays on this computer; nothing is sent "
            "anywhere.")
