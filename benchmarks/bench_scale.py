"""How cost grows with the practice's size: open, sort, filter, import and export on
practices of 500, 2,000, 10,000 and 50,000 assets, each against a floor measured in the same
run, alternating with ours (medians; p50 and p99 for sort and filter).

    .venv/bin/python benchmarks/bench_scale.py [--sizes 500,2000,10000,50000] [--runs 5]
                                               [--plot out/bench/scale.png]

Floors:
- open: plain ``sqlite3`` reading every row of the same file's tables;
- sort / filter: a plain ``QStandardItemModel`` of the same rows and columns (as text) under a
  ``QSortFilterProxyModel``, sorted and filtered the same way;
- export: ``json.dumps`` of the rows read with plain ``sqlite3``;
- import: plain ``sqlite3`` ``executemany`` of the same rows into a fresh file.

The report's own scaling is in ``bench_report_scale.py``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import HEADER, median, percentile, row  # noqa: E402
from PySide6.QtCore import QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from riskwizard.domain.demo import build_demo  # noqa: E402
from riskwizard.domain.model import PracticeData  # noqa: E402
from riskwizard.domain.register import derive_in_memory  # noqa: E402
from riskwizard.interchange.json_io import read_json_file, to_json  # noqa: E402
from riskwizard.resources import installed_questionnaire  # noqa: E402
from riskwizard.store import write_new_file  # noqa: E402

TODAY = date(2026, 12, 1)


def practice_of(n_assets: int) -> PracticeData:
    """The large demo practice with its assets repeated (renamed) up to ``n_assets``."""
    q = installed_questionnaire()
    data = build_demo(q, "large", TODAY)
    base = data.assets
    assets = [dataclasses.replace(base[i % len(base)], id=i + 1,
                                  name=f"{base[i % len(base)].name} / {i + 1}")
              for i in range(n_assets)]
    data = dataclasses.replace(data, assets=assets, risks=[], remediation=[])
    latest = data.latest_assessment()
    return derive_in_memory(data, q, TODAY, [latest] if latest else [])


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def alternate(runs: int, ours: Callable[[], object], floor: Callable[[], object]
              ) -> tuple[list[float], list[float]]:
    o, f = [], []
    for _ in range(runs):
        o.append(timed(ours))
        f.append(timed(floor))
    return o, f


def floor_read(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t}").fetchall()
                for t in ("practice", "sites", "assets", "vendors", "assessments", "answers",
                          "risks", "remediation")}
    finally:
        conn.close()


def measure(n: int, runs: int, folder: Path) -> dict[str, tuple[float, float]]:
    from riskwizard.session import Session
    from riskwizard.ui.context import Context
    from riskwizard.ui.dialogs import Dialogs
    from riskwizard.ui.inventory_pages import AssetsPage

    q = installed_questionnaire()
    data = practice_of(n)
    path = folder / f"p{n}.riskwizard"
    write_new_file(path, data)
    out: dict[str, tuple[float, float]] = {}

    def open_ours() -> None:
        Session.open(path, q).close()

    o, f = alternate(runs, open_ours, lambda: floor_read(path))
    out["open"] = (median(o), median(f))

    # Sorting and filtering the window's asset table against plain Qt.
    session = Session.open(path, q)
    try:
        ctx = Context(session, Dialogs(), None)  # type: ignore[arg-type]
        page = AssetsPage(ctx)
        page.load()
        proxy, cols = page.proxy, page.model.columnCount()
        plain = QStandardItemModel(len(session.assets), cols)
        for r in range(page.model.rowCount()):
            for c in range(cols):
                plain.setItem(r, c, QStandardItem(str(page.model.index(r, c).data() or "")))
        plain_proxy = QSortFilterProxyModel()
        plain_proxy.setSourceModel(plain)
        sort_o, sort_f, filt_o, filt_f = [], [], [], []
        for i in range(runs * 4):
            col, order = i % cols, (Qt.SortOrder.AscendingOrder if i % 2
                                    else Qt.SortOrder.DescendingOrder)
            sort_o.append(timed(lambda: proxy.sort(col, order)))  # noqa: B023
            sort_f.append(timed(lambda: plain_proxy.sort(col, order)))  # noqa: B023
            text = ("laptop", "front", "#1", "")[i % 4]
            filt_o.append(timed(lambda: proxy.setFilterFixedString(text)))  # noqa: B023
            filt_f.append(timed(lambda: plain_proxy.setFilterFixedString(text)))  # noqa: B023
        out["sort p50"] = (percentile(sort_o, 50), percentile(sort_f, 50))
        out["sort p99"] = (percentile(sort_o, 99), percentile(sort_f, 99))
        out["filter p50"] = (percentile(filt_o, 50), percentile(filt_f, 50))
        out["filter p99"] = (percentile(filt_o, 99), percentile(filt_f, 99))
        page.deleteLater()
    finally:
        session.close()

    # Export (JSON) and import (a new practice file from it).
    exported = folder / f"p{n}.json"
    o, f = alternate(runs, lambda: exported.write_text(to_json(data), encoding="utf-8"),
                     lambda: json.dumps({k: [list(r) for r in v]
                                         for k, v in floor_read(path).items()}, default=str))
    out["export"] = (median(o), median(f))
    rows = floor_read(path)

    def import_ours() -> None:
        target = folder / "imported.riskwizard"
        target.unlink(missing_ok=True)
        write_new_file(target, derive_in_memory(read_json_file(exported), q, TODAY))

    def import_floor() -> None:
        target = folder / "floor.sqlite"
        shutil.copy(path, target)  # the same schema, emptied and filled again
        conn = sqlite3.connect(target)
        with conn:
            for table, values in rows.items():
                conn.execute(f"DELETE FROM {table}")
                if values:
                    conn.executemany(f"INSERT INTO {table} VALUES "
                                     f"({', '.join('?' * len(values[0]))})", values)
        conn.close()

    o, f = alternate(runs, import_ours, import_floor)
    out["import"] = (median(o), median(f))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="500,2000,10000,50000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plot", type=Path, default=None)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="rw-scale-"))
    os.environ["RISKWIZARD_CONFIG_DIR"] = str(folder / "config")
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[int, dict[str, tuple[float, float]]] = {}
    try:
        for n in sizes:
            results[n] = measure(n, args.runs, folder)
            app.processEvents()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"medians of {args.runs} alternating runs; sort and filter over {args.runs * 4}\n")
    print(HEADER)
    for n, figures in results.items():
        for what, (ours, floor) in figures.items():
            print(row(f"{what}, {n:,} assets", ours * 1000, floor * 1000, unit="ms"))
    first = results[sizes[0]]["open"][0]
    for n in sizes[1:]:
        print(f"| open, {n:,} assets vs {sizes[0]:,} | {results[n]['open'][0] / first:.2f}× | "
              "| | ≤ 1.2× |")
    print(f"\npeak memory of this run (RSS): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.plot:
        plot(results, args.plot)


def plot(results: dict[int, dict[str, tuple[float, float]]], out: Path) -> None:
    """A log-log picture of ours (solid) and the floor (dashed) against size, one colour
    per measure, drawn with Qt (reportlab's PNG renderer needs a backend not installed)."""
    import math

    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtCore import Qt as QtNs
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    keys = ["open", "sort p50", "filter p50", "export", "import"]
    colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]
    sizes = list(results)
    values = [v * 1000 for n in sizes for k in keys for v in results[n][k] if v > 0]
    lo, hi = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
    x0, x1 = math.log10(sizes[0]), math.log10(sizes[-1]) if len(sizes) > 1 else 1.0
    width, height, left, top, right, bottom = 760, 460, 70, 40, 170, 50
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    area = QRectF(left, top, width - left - right, height - top - bottom)

    def at(n: float, ms: float) -> QPointF:
        fx = (math.log10(n) - x0) / ((x1 - x0) or 1)
        fy = (math.log10(max(ms, 10.0 ** lo)) - lo) / ((hi - lo) or 1)
        return QPointF(area.left() + fx * area.width(), area.bottom() - fy * area.height())

    align = QtNs.AlignmentFlag
    painter.setPen(QPen(QColor("#888888")))
    painter.drawRect(area)
    for e in range(lo, hi + 1):
        y = at(sizes[0], 10.0 ** e).y()
        painter.drawLine(QPointF(area.left() - 4, y), QPointF(area.left(), y))
        painter.drawText(QRectF(0, y - 8, left - 8, 16), align.AlignRight | align.AlignVCenter,
                         f"{10.0 ** e:g} ms")
    for n in sizes:
        x = at(n, 10.0 ** lo).x()
        painter.drawText(QRectF(x - 40, area.bottom() + 6, 80, 16),
                         align.AlignHCenter | align.AlignTop,
                         f"{n:,}")
    painter.drawText(QRectF(left, 8, width, 20), align.AlignLeft | align.AlignVCenter,
                     "time against practice size (log-log): ours solid, floor dashed")
    for i, (key, colour) in enumerate(zip(keys, colours, strict=True)):
        for which, style in ((0, QtNs.PenStyle.SolidLine), (1, QtNs.PenStyle.DashLine)):
            pen = QPen(QColor(colour), 2)
            pen.setStyle(style)
            painter.setPen(pen)
            points = [at(n, results[n][key][which] * 1000) for n in sizes]
            for a, b in zip(points, points[1:], strict=False):
                painter.drawLine(a, b)
        painter.setPen(QPen(QColor(colour), 2))
        y = top + 20 + i * 22
        painter.drawLine(QPointF(width - right + 12, y), QPointF(width - right + 36, y))
        painter.drawText(QPointF(width - right + 42, y + 5), key)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(str(out))


if __name__ == "__main__":
    main()
