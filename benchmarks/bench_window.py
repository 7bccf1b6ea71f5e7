"""Start-up, opening the large practice, and peak memory of the window, against a fair floor:
a plain PySide6 window with a menu bar, a list and labels, shown and closed the same way, in
the same run, alternating with ours.

    .venv/bin/python benchmarks/bench_window.py [--runs 7]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    HEADER,
    PYTHON,
    ROOT,
    compile_bytecode,
    env,
    median,
    row,
    run_timed,
)

FLOOR = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QListWidget, QMainWindow,
                               QVBoxLayout, QWidget)

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
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


def make_inputs(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    small, large = folder / "demo.riskwizard", folder / "large.riskwizard"
    for path, size in ((small, "small"), (large, "large")):
        if not path.exists():
            subprocess.run([PYTHON, "-m", "riskwizard", "demo", str(path), "--size", size],
                           check=True, env=env(), stdout=subprocess.DEVNULL)
    return small, large


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    compile_bytecode()
    small, large = make_inputs(ROOT / "out" / "bench")
    gui = [PYTHON, "-m", "riskwizard", "gui"]
    floor, ours_small, ours_large = [], [], []
    rss_floor, rss_large = [], []
    run_timed([PYTHON, "-c", FLOOR])  # warm the disk cache for both
    run_timed([*gui, str(small), "--exit-after-ready"])
    for _ in range(args.runs):  # interleaved, so drift hits all alike
        t, m = run_timed([PYTHON, "-c", FLOOR])
        floor.append(t)
        rss_floor.append(m)
        ours_small.append(run_timed([*gui, str(small), "--exit-after-ready"])[0])
        t, m = run_timed([*gui, str(large), "--exit-after-ready"])
        ours_large.append(t)
        rss_large.append(m)
    f, s, lg = median(floor), median(ours_small), median(ours_large)
    print(f"runs: {args.runs} each, medians\n")
    print(HEADER)
    print(row("start-up to first paint (demo practice)", s, f, target="ratio <= 1.3"))
    print(row("open the large practice to a usable window", lg, f,
              target="<= floor + 0.300 s"))
    print(f"| large practice, beyond the floor | {lg - f:.3f} s | | | <= 0.300 s |")
    print(row("peak memory (RSS), large practice open", max(rss_large) / 1024,
              max(rss_floor) / 1024, unit="MB", target="<= 250 MB"))


if __name__ == "__main__":
    main()
