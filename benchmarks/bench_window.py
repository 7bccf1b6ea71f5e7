"""Start-up, opening practices of every size, and peak memory of the window, against a fair
floor: a plain PySide6 window with a menu bar, a list and labels, shown and closed after its
first paint, in the same run, alternating with ours.

Each run notes its moments (``RISKWIZARD_TIMES``, ``riskwizard.ui.app.mark``): the time from
starting the process, and its processor time, at

- the first frame: the window painted for the first time and the event loop free again (the
  floor notes the same moment, then quits) — the issue's measure, against the floor's;
- ready: all the start does is done (after the first frame: the practice opened and painted,
  or the start page; the desktop's light or dark setting asked) — what a start costs in all,
  against the floor's first frame (the floor has nothing more to do) and against
  ``FLOOR_LOOK``'s (the same plain window, asking the desktop's colour scheme before its first
  frame, with our style and a style sheet: what of the gap is that Qt work).

The runs:

- start-up: ``riskwizard gui --exit-after-ready`` (no file: the start page, the first screen);
- open: ``riskwizard gui FILE --exit-after-ready`` (ready once the practice is usable: its
  overview filled in and painted) on the demo practice and on generated practices of 500,
  2,000, 10,000 and 50,000 assets (``bench_scale.practice_of``), each opened once before
  timing (as a person's file has been opened before: the register is recorded up to date);
- memory: the window on the largest practice with every page shown and painted (VmHWM).

    .venv/bin/python benchmarks/bench_window.py [--runs 7] [--sizes 500,2000,10000,50000]
        [--before DIR]

``--before DIR``: also start another copy of the program (DIR holds its ``riskwizard``
package, which notes the same moments), alternating with the rest: before and after in one run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    HEADER,
    MARK,
    PYTHON,
    ROOT,
    Run,
    compile_bytecode,
    env,
    median,
    row,
    run,
    run_timed,
)

# Every page of the window shown and painted once, on the practice named in argv[1].
VISIT = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QAbstractItemView, QApplication
app = QApplication(sys.argv[:1])
from riskwizard.resources import installed_questionnaire
from riskwizard.ui import look
from riskwizard.ui.main_window import MainWindow
look.apply(app)
window = MainWindow(installed_questionnaire())
window.resize(1280, 800)
window.show()
assert window.open_path(Path(sys.argv[1]))
for key in list(window.specs):
    page = window.show_page(key)
    app.processEvents()
    for view in (page.findChildren(QAbstractItemView) if page else []):
        bar = view.verticalScrollBar()  # the first, a middle and the last screenful
        for value in (0, bar.maximum() // 2, bar.maximum()):
            bar.setValue(value)
            view.viewport().repaint()
    window.grab()
window.close()
"""

FLOOR = MARK + """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QListWidget, QMainWindow,
                               QVBoxLayout, QWidget)

def first_frame():
    mark("first_frame")
    app.quit()

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, first_frame)
        return False

# The fair floor: what a first screen like ours needs from Qt and nothing of ours: a main
# window with a menu bar, a list of sections and a few labels.
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 800)
window.setWindowTitle("floor")
for title in ("&File", "&Go", "&Help"):
    menu = window.menuBar().addMenu(title)
    for n in range(6):
        menu.addAction(f"Action {n}")
body = QWidget()
row = QHBoxLayout(body)
sections = QListWidget()
sections.addItems([f"Section {n}" for n in range(16)])
row.addWidget(sections, 1)
column = QVBoxLayout()
for n in range(8):
    column.addWidget(QLabel(f"Label {n}: some words on the first screen"))
row.addLayout(column, 3)
window.setCentralWidget(body)
window.statusBar().showMessage("ready")
window.installEventFilter(FirstPaint(window))
window.show()
sys.exit(app.exec())
"""


# The same plain window, with the Qt work of a look like ours added and nothing of ours: the
# Fusion style, a palette chosen by the desktop's colour scheme asked the plain PySide way (which
# makes PySide's ``Qt`` namespace, ninety Python enums: about 40 ms; the program reads it without
# them, ``riskwizard.ui.desktop``), and a style sheet. Not the target's floor (that stays the
# plain window above): what a plain PySide program with such a look pays before its first frame.
FLOOR_LOOK = FLOOR.replace("app = QApplication(sys.argv)\n", """app = QApplication(sys.argv)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
app.setStyle("Fusion")
dark = app.styleHints().colorScheme() == Qt.ColorScheme.Dark
palette = QPalette()
palette.setColor(QPalette.ColorRole.Window, QColor("#202329" if dark else "#f3f4f6"))
app.setPalette(palette)
app.setStyleSheet("QAbstractItemView { border: 1px solid palette(mid); }")
""")
assert FLOOR_LOOK != FLOOR


def make_inputs(folder: Path, sizes: list[int]) -> dict[str, Path]:
    """The demo practice and a generated practice of each size, made once, each opened
    once by the program (so its register is derived and recorded, as after any use)."""
    folder.mkdir(parents=True, exist_ok=True)
    inputs = {"demo": folder / "demo.riskwizard"}
    if not inputs["demo"].exists():
        subprocess.run([PYTHON, "-m", "riskwizard", "demo", str(inputs["demo"]), "--size",
                        "small"], check=True, env=env(), stdout=subprocess.DEVNULL)
    for n in sizes:
        path = inputs[f"{n:,} assets"] = folder / f"scale-{n}.riskwizard"
        if not path.exists():
            here = str(Path(__file__).resolve().parent)
            code = (f"import sys; sys.path.insert(0, {here!r})\n"
                    "from pathlib import Path\n"
                    "from bench_scale import practice_of\n"
                    "from riskwizard.store import write_new_file\n"
                    "write_new_file(Path(sys.argv[1]), practice_of(int(sys.argv[2])))\n")
            subprocess.run([PYTHON, "-c", code, str(path), str(n)], check=True, env=env(),
                           stdout=subprocess.DEVNULL)
    for path in inputs.values():
        subprocess.run([PYTHON, "-m", "riskwizard", "gui", str(path), "--exit-after-ready"],
                       check=True, env=env(), stdout=subprocess.DEVNULL)
    return inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", default="500,2000,10000,50000")
    parser.add_argument("--startup-only", action="store_true",
                        help="start-up alone (no practice opened, no memory measure)")
    parser.add_argument("--before", type=Path, metavar="DIR",
                        help="another copy of the program to start too (its riskwizard's folder)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    compile_bytecode()
    inputs = {} if args.startup_only else make_inputs(ROOT / "out" / "bench", sizes)
    gui = [PYTHON, "-m", "riskwizard", "gui"]
    floor: list[Run] = []
    floor_look: list[Run] = []
    startup: list[Run] = []
    before: list[Run] = []
    opened: dict[str, list[Run]] = {name: [] for name in inputs}
    opened_before: dict[str, list[Run]] = {name: [] for name in inputs}
    # (its own settings and cache folder: the two programs' caches of the questionnaire are
    # keyed by their own code, and each would throw the other's away)
    before_env = {"PYTHONPATH": str(args.before.resolve()),
                  "RISKWIZARD_CONFIG_DIR": str(ROOT / "out" / "bench-config-before")
                  } if args.before else {}
    run([PYTHON, "-c", FLOOR])  # warm the disk cache for all
    run([*gui, "--exit-after-ready"])
    if args.before:  # its settings and cache made, as ours were
        run([*gui, "--exit-after-ready"], before_env)
        for path in inputs.values():
            run([*gui, str(path), "--exit-after-ready"], before_env)
    for _ in range(args.runs):  # interleaved, so drift hits all alike
        floor.append(run([PYTHON, "-c", FLOOR]))
        startup.append(run([*gui, "--exit-after-ready"]))
        if args.before:
            before.append(run([*gui, "--exit-after-ready"], before_env))
        floor_look.append(run([PYTHON, "-c", FLOOR_LOOK]))
        for name, path in inputs.items():
            opened[name].append(run([*gui, str(path), "--exit-after-ready"]))
            if args.before:
                opened_before[name].append(run([*gui, str(path), "--exit-after-ready"],
                                               before_env))
    print(f"runs: {args.runs} each, medians; wall: from starting the process, CPU: its "
          "processor time\n")
    print(HEADER)
    for line in startup_rows(startup, floor, floor_look):
        print(line)
    if before:
        print("\nThe program in --before, in the same run:\n")
        print(HEADER)
        for line in startup_rows(before, floor, floor_look):
            print(line)
        print()
    first = median([r.at("first_frame")[0] for r in floor])
    for name, runs in opened.items():
        print(row(f"open {name}: first frame", median([r.at("first_frame")[0] for r in runs]),
                  first))
        print(row(f"open {name}: ready (usable: its overview painted)",
                  median([r.at("ready")[0] for r in runs]), first))
    for name, runs in opened_before.items() if before else ():
        print(row(f"open {name}, --before: ready",
                  median([r.at("ready")[0] for r in runs]), first))
        print(row(f"open {name}: ready, CPU, against --before's",
                  median([r.at("ready")[1] for r in opened[name]]),
                  median([r.at("ready")[1] for r in runs])))
    if sizes and not args.startup_only:
        small, big = (median([r.at("ready")[0] for r in opened[f"{n:,} assets"]])
                      for n in (min(sizes), max(sizes)))
        print(f"| open, {max(sizes):,} assets against {min(sizes):,}: ready | {big:.3f} s | "
              f"{small:.3f} s | {big / small:.2f} | ratio <= 1.2 |")
    if inputs:
        largest = inputs[f"{max(sizes):,} assets"] if sizes else inputs["demo"]
        visited = [run_timed([PYTHON, "-c", VISIT, str(largest)])[1] for _ in range(2)]
        print(row(f"peak memory (VmHWM), {largest.stem}, every page visited",
                  max(visited) / 1024, max(r.kib for r in floor) / 1024, unit="MB",
                  target="<= 300 MB"))


def startup_rows(ours: list[Run], floor: list[Run], floor_look: list[Run]) -> list[str]:
    """Start-up to the start page: the first frame and ready, wall and CPU, each against the
    floor's first frame; ready against ``FLOOR_LOOK``'s too; the whole process to its exit."""

    def at(runs: list[Run], moment: str, cpu: bool) -> float:
        return median([r.at(moment)[cpu] for r in runs])

    rows = []
    for cpu, clock in ((False, "wall"), (True, "CPU")):
        rows += [
            row(f"start-up: first frame (start page painted), {clock}",
                at(ours, "first_frame", cpu), at(floor, "first_frame", cpu),
                target="ratio <= 1.3"),
            row(f"start-up: ready (desktop's colour scheme asked; idle), {clock}",
                at(ours, "ready", cpu), at(floor, "first_frame", cpu)),
            row(f"start-up: ready, against FLOOR_LOOK's first frame, {clock}",
                at(ours, "ready", cpu), at(floor_look, "first_frame", cpu)),
        ]
    rows.append(row("start-up: whole process, to its exit (wall)",
                    median([r.wall for r in ours]), median([r.wall for r in floor])))
    rows.append(row("start-up: whole process, to its exit (CPU)",
                    median([r.cpu for r in ours]), median([r.cpu for r in floor])))
    return rows


if __name__ == "__main__":
    main()
