"""Saving one answer through the window, on the large practice: a radio button is clicked
as a person would, and we time (a) from the click to the committed transaction, (b) the
whole click, including the window's updates (section list, progress, risk drafts), and
(b') to the window repainted (the events the click posted processed).
p50 and p99 over 1,000 answers, against a floor measured in the same run: a bare sqlite3
INSERT OR REPLACE with the same durability settings, on a copy of the same file; and a
fairer floor for (a): the same click on a plain Qt radio button (same words, same look)
whose signal makes that bare commit. Put the files on a RAM disk (``TMPDIR=/dev/shm``) to
see what the program adds without the disk's fsync.

Then switching pages, once every page has been visited: (c) from one page to the next, round
and round (overall and page by page), and (d) to the overview right after an answer was
clicked (the one page every answer touches), each to the end of the events it posts (the
page painted), against a floor alternating with it: a window of the same size whose central
``QStackedWidget`` switches between plain pages of a few labels; and a second, fairer
floor for the pages with a table: plain Qt pages holding a ``QTableView`` of the same cells
(``table_floor_window``). The window has the program's own look (``look.apply``: Fusion,
the palette and the style sheet), as a person sees it. Page switches are also given in CPU
time, which other programs on a shared machine disturb less than the wall clock.

    .venv/bin/python benchmarks/bench_answer.py [--answers 1000] [--rounds 30]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_window import FLOOR  # noqa: E402
from common import HEADER, PYTHON, percentile, row, run_timed  # noqa: E402
from PySide6.QtCore import QCoreApplication, QPoint, Qt  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QLabel,
    QMainWindow,
    QRadioButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from riskwizard.domain.demo import build_demo  # noqa: E402
from riskwizard.resources import installed_questionnaire  # noqa: E402
from riskwizard.store import write_new_file  # noqa: E402
from riskwizard.store.practice_file import PracticeFile  # noqa: E402
from riskwizard.ui import look  # noqa: E402
from riskwizard.ui.dialogs import Dialogs  # noqa: E402
from riskwizard.ui.main_window import MainWindow  # noqa: E402
from riskwizard.ui.question_page import QuestionPage  # noqa: E402
from riskwizard.ui.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=30,
                        help="times round every page for the page switches")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="rw-bench-"))
    os.environ["RISKWIZARD_CONFIG_DIR"] = str(folder / "config")
    app = QApplication.instance() or QApplication([])
    look.apply(app, "light")  # type: ignore[arg-type]
    questionnaire = installed_questionnaire()
    path = folder / "large.riskwizard"
    write_new_file(path, build_demo(questionnaire, "large"))
    shutil.copy(path, folder / "floor.sqlite")

    committed: list[float] = []
    original = PracticeFile.save_answer

    def timed_save(self: PracticeFile, *a: object, **k: object) -> None:
        # The answer commits on its own, as save_answer returns (the register derived from
        # it follows in a second transaction, timed in the whole click below).
        original(self, *a, **k)  # type: ignore[arg-type]
        committed.append(time.perf_counter())

    PracticeFile.save_answer = timed_save  # type: ignore[method-assign]
    window = MainWindow(questionnaire, Settings(), Dialogs())
    window.resize(1280, 800)
    window.show()
    assert window.open_path(path)
    window.show_module("technical")
    page = window.page("questions")
    assert isinstance(page, QuestionPage)
    app.processEvents()
    questions = [q.id for q in questionnaire.module("technical").questions
                 if q.shows_when is None]
    to_commit: list[float] = []
    whole: list[float] = []
    painted: list[float] = []
    floor: list[float] = []
    # The floor alternates with the clicks (one bare commit after each), so the machine's
    # drift during the run reaches both alike.
    conn = sqlite3.connect(folder / "floor.sqlite", isolation_level=None)
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("PRAGMA synchronous = FULL")
    plain_window, plain_buttons, plain_committed = plain_click_floor(
        conn, [b.text() for b in page.options.buttons()])
    plain: list[float] = []
    for i in range(args.answers):
        page.show_question(questions[i % len(questions)])
        buttons = page.options.buttons()
        button = buttons[(i // len(questions)) % 2]  # alternate "Yes" and a gap answer
        if button.isChecked():
            button = buttons[2]
        app.processEvents()
        committed.clear()
        start = time.perf_counter()
        # on the circle: a radio button only takes clicks on its circle and its words
        QTest.mouseClick(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(8, button.height() // 2))
        end = time.perf_counter()
        app.processEvents()  # the window repaints what the answer changed
        painted.append(time.perf_counter() - start)
        assert committed, "the click did not save"
        to_commit.append(committed[0] - start)
        whole.append(end - start)
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("INSERT OR REPLACE INTO answers (assessment_id, question_id, choice) "
                     "VALUES (5, ?, ?)", (questions[i % len(questions)], str(i % 2)))
        conn.execute("COMMIT")
        floor.append(time.perf_counter() - start)
        # the same click on a plain Qt radio button whose signal makes the bare commit
        button = plain_buttons[i % 2]
        app.processEvents()
        plain_committed.clear()
        start = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(8, button.height() // 2))
        assert plain_committed, "the plain click did not commit"
        plain.append(plain_committed[0] - start)
    conn.close()
    plain_window.close()
    # Every page once, scrolling the 2,000-asset table end to end: the most a person opens.
    for key in ("dashboard", "practice", "assets", "vendors", "risks", "remediation"):
        shown = window.show_page(key)
        app.processEvents()
        for view in (shown.findChildren(QAbstractItemView) if shown else []):
            bar = view.verticalScrollBar()
            for value in range(0, bar.maximum() + 1, max(1, bar.pageStep())):
                bar.setValue(value)
                view.viewport().repaint()
    window.grab()
    switch, switch_floor, after, after_floor = page_switches(app, window, page, questions,
                                                             args.rounds)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.close()
    floor_rss_mb = run_timed([PYTHON, "-c", FLOOR])[1] / 1024

    shutil.rmtree(folder, ignore_errors=True)

    print(f"{args.answers} answers clicked on the large practice\n")
    print(HEADER)
    for p in (50, 99):
        f = percentile(floor, p) * 1000
        print(row(f"click to committed answer, p{p}", percentile(to_commit, p) * 1000, f,
                  unit="ms", target="p99 <= 5 ms" if p == 99 else ""))
    print(row(f"peak memory (RSS): large practice, every page, {args.answers} answers",
              peak_rss_mb,
              floor_rss_mb, unit="MB", target="<= 250 MB"))
    for p in (50, 99):
        print(row(f"click to committed answer, p{p} (against a plain Qt click)",
                  percentile(to_commit, p) * 1000, percentile(plain, p) * 1000, unit="ms",
                  target="p99 <= 5 ms" if p == 99 else ""))
    for p in (50, 99):
        print(row(f"whole click incl. window updates, p{p}", percentile(whole, p) * 1000,
                  percentile(floor, p) * 1000, unit="ms"))
    for p in (50, 99):
        print(row(f"click to the window repainted, p{p}", percentile(painted, p) * 1000,
                  percentile(floor, p) * 1000, unit="ms"))
    everything = [t for times in switch.values() for t in times]
    floors = [t for times in switch_floor.values() for t in times]
    for p in (50, 99):
        print(row(f"page switch, every page visited, p{p}", percentile(everything, p) * 1000,
                  percentile(floors, p) * 1000, unit="ms",
                  target="p50 <= 16 ms" if p == 50 else ""))
    for key in PAGES:
        for p in (50, 99):
            print(row(f"switch to {key}, p{p}", percentile(switch[key], p) * 1000,
                      percentile(switch_floor[key], p) * 1000, unit="ms"))
    for p in (50, 99):
        print(row(f"switch to the overview after an answer, p{p}",
                  percentile(after, p) * 1000, percentile(after_floor, p) * 1000, unit="ms",
                  target="p50 <= 16 ms" if p == 50 else ""))
    print("\nAgainst plain Qt pages holding the same tables (QTableView over a "
          "QStandardItemModel of the same cells; labels elsewhere):\n")
    print(HEADER)
    tables = [t for times in TABLE_FLOOR.values() for t in times]
    for p in (50, 99):
        print(row(f"page switch, every page visited, p{p}", percentile(everything, p) * 1000,
                  percentile(tables, p) * 1000, unit="ms"))
    for key in PAGES:
        print(row(f"switch to {key}, p50", percentile(switch[key], 50) * 1000,
                  percentile(TABLE_FLOOR[key], 50) * 1000, unit="ms"))
    print("\nThe same page switches in CPU time (every page; floors: the label pages, then the "
          "plain Qt tables):\n")
    print(HEADER)
    for floor_key in ("floor", "tables"):
        for p in (50, 99):
            print(row(f"page switch CPU time, every page visited, p{p} (against {floor_key})",
                      percentile(CPU["ours"], p) * 1000, percentile(CPU[floor_key], p) * 1000,
                      unit="ms", target="p50 <= 16 ms" if p == 50 else ""))


PAGES = ("dashboard", "practice", "assets", "vendors", "questions", "risks", "remediation")
TABLE_FLOOR: dict[str, list[float]] = {key: [] for key in PAGES}
"""Switch times of ``table_floor_window``, page by page (filled by ``page_switches``)."""
CPU: dict[str, list[float]] = {"ours": [], "floor": [], "tables": []}
"""The same switches in CPU time (``time.process_time``), every page: less moved than
the wall clock by other programs running on a shared machine."""


def plain_click_floor(conn: sqlite3.Connection, texts: list[str]
                      ) -> tuple[QMainWindow, list[QRadioButton], list[float]]:
    """The click's fairer floor: a window of the same size and look holding plain radio
    buttons with the same words, whose ``toggled`` signal makes the bare commit on
    ``conn``; the time each commit ended is appended to the list returned."""
    window = QMainWindow()
    window.menuBar().addMenu("&File")
    body = QWidget(window)
    layout = QVBoxLayout(body)
    group = QButtonGroup(body)
    committed: list[float] = []
    buttons: list[QRadioButton] = []
    for n, text in enumerate(texts):
        button = QRadioButton(text, body)
        group.addButton(button, n)
        layout.addWidget(button)
        buttons.append(button)

    def commit(n: int, checked: bool) -> None:
        if checked:
            conn.execute("BEGIN")
            conn.execute("INSERT OR REPLACE INTO answers (assessment_id, question_id, "
                         "choice) VALUES (5, 'plain', ?)", (str(n),))
            conn.execute("COMMIT")
            committed.append(time.perf_counter())

    group.idToggled.connect(commit)
    layout.addStretch(1)
    window.setCentralWidget(body)
    window.resize(1280, 800)
    window.show()
    return window, buttons, committed


def _floor(fill: Callable[[str, QWidget, QVBoxLayout], None]
           ) -> tuple[QMainWindow, QStackedWidget]:
    """A window like ours in size and menu, one page per page of ours, each filled by
    ``fill(key, body, layout)``."""
    window = QMainWindow()
    window.menuBar().addMenu("&File")
    stack = QStackedWidget(window)
    for key in PAGES:
        body = QWidget(stack)
        fill(key, body, QVBoxLayout(body))
        stack.addWidget(body)
    window.setCentralWidget(stack)
    window.resize(1280, 800)
    window.show()
    return window, stack


def _labels(key: str, body: QWidget, layout: QVBoxLayout) -> None:
    for i in range(6):
        layout.addWidget(QLabel(f"{key} {i}", body))


def floor_window() -> tuple[QMainWindow, QStackedWidget]:
    """A window like ours in size, whose pages are a title and a few labels each."""
    return _floor(_labels)


def table_floor_window(window: MainWindow) -> tuple[QMainWindow, QStackedWidget]:
    """The fairer floor for pages with a table: the same window size, each of our pages
    mirrored by a title and, where ours has a table, a plain ``QTableView`` over a
    ``QStandardItemModel`` holding the text of the same first rows (same column widths,
    alternating rows, the same look); pages without one are the labels of ``floor_window``.
    What plain Qt takes to show the same cells."""
    def fill(key: str, body: QWidget, layout: QVBoxLayout) -> None:
        layout.addWidget(QLabel(key, body))
        views = window.page(key).findChildren(QTableView)
        if not views:
            _labels(key, body, layout)
            return
        ours = views[0]
        model = ours.model()
        rows, columns = min(model.rowCount(), 200), model.columnCount()
        plain = QStandardItemModel(rows, columns, body)
        for r in range(rows):
            for c in range(columns):
                plain.setItem(r, c, QStandardItem(str(model.index(r, c).data() or "")))
        for c in range(columns):
            plain.setHeaderData(c, Qt.Orientation.Horizontal, model.headerData(
                c, Qt.Orientation.Horizontal))
        view = QTableView(body)
        view.setModel(plain)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(ours.verticalHeader()
                                                    .defaultSectionSize())
        for c in range(columns):
            view.setColumnWidth(c, ours.columnWidth(c))
            view.setColumnHidden(c, ours.isColumnHidden(c))
        view.setMinimumSize(ours.size())
        layout.addWidget(view, 1)

    return _floor(fill)


def page_switches(app: QCoreApplication, window: MainWindow, page: QuestionPage,
                  questions: list[str], rounds: int = 30
                  ) -> tuple[dict[str, list[float]], dict[str, list[float]], list[float],
                             list[float]]:
    bare, stack = floor_window()
    tables, table_stack = table_floor_window(window)
    app.processEvents()

    def timed(fn: Callable[[], object], cpu: list[float] | None = None) -> float:
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        app.processEvents()
        if cpu is not None:
            cpu.append(time.process_time() - start_cpu)
        return time.perf_counter() - start

    ours: dict[str, list[float]] = {key: [] for key in PAGES}
    floor: dict[str, list[float]] = {key: [] for key in PAGES}
    for i in range(rounds * len(PAGES)):
        key = PAGES[i % len(PAGES)]
        ours[key].append(timed(lambda: window.show_page(key), CPU["ours"]))  # noqa: B023
        floor[key].append(timed(lambda: stack.setCurrentIndex(i % len(PAGES)),  # noqa: B023
                                CPU["floor"]))
        TABLE_FLOOR[key].append(timed(
            lambda: table_stack.setCurrentIndex(i % len(PAGES)),  # noqa: B023
            CPU["tables"]))
    after: list[float] = []
    after_floor: list[float] = []
    assert window.session is not None and window.ctx is not None
    for i in range(rounds):
        window.show_page("questions")
        stack.setCurrentIndex(1)
        app.processEvents()
        qid = questions[i % len(questions)]
        options = [o.value for o in window.session.questionnaire.question(qid).options]
        for choice in (options[i % 2], options[(i + 1) % 2]):
            window.ctx.changed.emit(window.session.set_answer(qid, choice=choice))
        after.append(timed(lambda: window.show_page("dashboard")))
        after_floor.append(timed(lambda: stack.setCurrentIndex(0)))
    bare.close()
    tables.close()
    return ours, floor, after, after_floor


if __name__ == "__main__":
    main()
