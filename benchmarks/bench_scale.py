"""How cost grows with the practice's size: open, sort, filter, scrolling, import, export and
the report on practices of 500, 2,000, 10,000 and 50,000 assets, each against a floor
measured in the same run, alternating with ours (medians; p50 and p99 for sort, filter and
scrolling).

    .venv/bin/python benchmarks/bench_scale.py [--sizes 500,2000,10000,50000] [--runs 5]
        [--large-runs 2] [--only open,sort,filter,import,export,report]
        [--report-timeout 1200] [--save out/bench/scale.json] [--plot docs/benchmarks/scale.png]
    .venv/bin/python benchmarks/bench_scale.py --plot-from SAVED.json [MORE.json] [--plot PNG]

The practice is the large demo (``riskwizard demo --size large``) with its assets repeated to
the size asked and its register derived. Each size runs in a child process of its own, so
its memory is its own and one failure does not stop the others; a measure that fails is
printed as failed, with why. Each measure runs ours and its floor once untimed (imports,
caches), then ``--runs`` times each (``--large-runs`` at 50,000 and more), alternating and
swapping which goes first, the garbage collected before each. Peak memory is the most
Python memory the call held at once (``tracemalloc``, in one more run of each, untimed:
SQLite's and Qt's own memory is not counted), and for each size the whole run's peak
resident memory (VmHWM); the report's is its child process's VmHWM.

Beside the ratio of the wall-clock medians, the table gives the ratio of the processor-time
medians (``ratio (CPU)``; the floors' extra syncs, being waits, count only in the first):
on a shared machine the wall clock moves with the other programs' load.

Floors (plain Python, SQLite and Qt doing the same work on the same rows):
- open: plain ``sqlite3`` reading every row of every table of the same file;
- sort / filter / scroll: a ``QStandardItemModel`` of the same rows and columns (as text)
  under a ``QSortFilterProxyModel`` in a plain ``QTableView`` of the same size, sorted by
  the same column, filtered by the same text (case-insensitive, every column), scrolled
  to the same place (see ``sort_and_filter``: ours after the page's idle read-ahead);
- export (ours: ``export_json`` of the practice in memory, as the window's Export does): the
  same rows, read beforehand with ``sqlite3``, as objects keyed by column name, dumped with
  ``json.dumps`` and written to a file, synced to disk (ours is synced too);
- import (ours: ``read_json_file`` + ``write_new_file``, as the window's Import does, every
  value and link checked, the records made only for a list asked for in between, which
  nothing does here; the command line's ``import`` also derives the register, so makes
  them all): the floor's export file read with
  ``json.loads`` and its rows inserted with ``executemany`` into a new file made from the
  same schema, in one transaction (plain ``sqlite3``'s defaults: journal, full sync);
- report: ``bench_report_scale.py``'s own pair, each in a child process (ours: the full
  report with the inventory appendix, of that script's practice: vendors grow with assets;
  floor: plain reportlab of the same page count); one run each at 50,000 (``--report-runs``).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import median, percentile  # noqa: E402

TODAY = date(2026, 12, 1)
MEASURES = ("open", "sort", "filter", "import", "export", "report")
LARGE = 50_000
TARGETS = {"open": "(open alone; to usable: bench_window)", "sort p50": "≤ 50 ms",
           "sort p99": "≤ 100 ms", "filter p50": "≤ 50 ms", "filter p99": "≤ 100 ms",
           "scroll p50": "smooth: ≤ 16 ms a page", "scroll p99": "smooth: ≤ 16 ms a page",
           "import": "ratio ≤ 1.5", "export": "ratio ≤ 1.5", "report": "ratio ≤ 1.5"}

Result = dict[str, Any]  # ours, floor (s), ours_mb, floor_mb (peak rise), runs; or error


# ---------------------------------------------------------------- time and memory

def _status(field: str) -> float:
    """A /proc/self/status figure in MB (0 where there is no /proc)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def timed(fn: Callable[[], object], cpu: list[float] | None = None) -> float:
    """Seconds ``fn`` took, after a garbage collection (so no run pays for another's);
    its processor seconds appended to ``cpu``."""
    gc.collect()
    start, start_cpu = time.perf_counter(), time.process_time()
    fn()
    if cpu is not None:
        cpu.append(time.process_time() - start_cpu)
    return time.perf_counter() - start


def traced_peak(fn: Callable[[], object]) -> float:
    """The most Python memory (MB) ``fn`` held at once, traced in a run of its own."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def alternate(runs: int, ours: Callable[[], object], floor: Callable[[], object]) -> Result:
    """Ours and the floor, once each untimed, then ``runs`` times each, alternating and
    swapping which goes first: medians. Then one traced run each for the peak memory."""
    ours(), floor()
    o: list[float] = []
    f: list[float] = []
    oc: list[float] = []
    fc: list[float] = []
    for i in range(runs):
        if i % 2:
            f.append(timed(floor, fc))
            o.append(timed(ours, oc))
        else:
            o.append(timed(ours, oc))
            f.append(timed(floor, fc))
    return {"ours": median(o), "floor": median(f), "ours_cpu": median(oc),
            "floor_cpu": median(fc), "ours_mb": traced_peak(ours),
            "floor_mb": traced_peak(floor), "runs": runs}


# ---------------------------------------------------------------- the practice and floors

def practice_of(n_assets: int) -> Any:
    """The large demo practice with its assets repeated (renamed) up to ``n_assets`` and
    its register derived."""
    from riskwizard.domain.demo import build_demo
    from riskwizard.domain.register import derive_in_memory
    from riskwizard.resources import installed_questionnaire

    q = installed_questionnaire()
    data = build_demo(q, "large", TODAY)
    base = data.assets
    assets = [dataclasses.replace(base[i % len(base)], id=i + 1,
                                  name=f"{base[i % len(base)].name} / {i + 1}")
              for i in range(n_assets)]
    data = dataclasses.replace(data, assets=assets, risks=[], remediation=[])
    latest = data.latest_assessment()
    return derive_in_memory(data, q, TODAY, [latest] if latest else [])


def floor_rows(path: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every table's column names and rows, with plain ``sqlite3``."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
        out = {}
        for table in tables:
            cur = conn.execute(f"SELECT * FROM {table}")  # noqa: S608 - names from the file
            out[table] = ([d[0] for d in cur.description], cur.fetchall())
        return out
    finally:
        conn.close()


def floor_schema(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")]
    finally:
        conn.close()


def floor_export(rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]], out: Path) -> None:
    doc = {table: [dict(zip(names, r, strict=True)) for r in values]
           for table, (names, values) in rows.items()}
    with out.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps(doc, ensure_ascii=False))
        fh.flush()
        os.fsync(fh.fileno())


def floor_import(source: Path, schema: list[str], target: Path) -> None:
    doc = json.loads(source.read_bytes().decode("utf-8"))
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target)
    try:
        conn.execute("BEGIN")
        for statement in schema:
            conn.execute(statement)
        for table, records in doc.items():
            if records:
                names = list(records[0])
                conn.executemany(
                    f"INSERT INTO {table} ({', '.join(names)}) "  # noqa: S608
                    f"VALUES ({', '.join(':' + n for n in names)})", records)
        conn.commit()
    finally:
        conn.close()


# ---------------------------------------------------------------- one size (a child)

def measure(n: int, runs: int, only: set[str], folder: Path) -> dict[str, Result]:
    from riskwizard.interchange.json_io import export_json, read_json_file
    from riskwizard.resources import installed_questionnaire
    from riskwizard.store import write_new_file

    q = installed_questionnaire()
    data = practice_of(n)
    path = folder / f"p{n}.riskwizard"
    write_new_file(path, data)
    out: dict[str, Result] = {}

    def attempt(names: tuple[str, ...], fn: Callable[[], dict[str, Result]]) -> None:
        try:
            out.update(fn())
        except Exception as exc:  # noqa: BLE001 - a benchmark says what failed and goes on
            for name in names:
                out[name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        print(f"  {n:,} assets: {', '.join(names)} done", file=sys.stderr, flush=True)

    if "open" in only:
        def open_pair() -> dict[str, Result]:
            from riskwizard.session import Session

            return {"open": alternate(runs, lambda: Session.open(path, q).close(),
                                      lambda: floor_rows(path))}
        attempt(("open",), open_pair)
    if only & {"sort", "filter"}:
        attempt(("sort p50", "sort p99", "filter p50", "filter p99", "scroll p50",
                 "scroll p99"),
                lambda: sort_and_filter(path, q, runs))
    rows = floor_rows(path)
    ours_json, floor_json = folder / "ours.json", folder / "floor.json"
    if "export" in only:
        attempt(("export",), lambda: {"export": alternate(
            runs, lambda: export_json(data, ours_json), lambda: floor_export(rows, floor_json))})
    if "import" in only:
        schema = floor_schema(path)

        def import_ours() -> None:
            target = folder / "imported.riskwizard"
            target.unlink(missing_ok=True)
            write_new_file(target, read_json_file(ours_json))

        def import_pair() -> dict[str, Result]:
            if not ours_json.exists():
                export_json(data, ours_json)
            if not floor_json.exists():
                floor_export(rows, floor_json)
            return {"import": alternate(runs, import_ours, lambda: floor_import(
                floor_json, schema, folder / "floor.sqlite"))}

        attempt(("import",), import_pair)
    return out


SORTS = 24
"""Sorts timed per size: every column in turn, each order in turn (so most are the first
sort of their column and order)."""
TYPED = ("laptop", "front desk", "server / 12", "#1", "xyz")
"""Filters typed a character at a time (each prefix applied, as a person typing slowly
sees it), each word then cleared: 37 filters."""
SCROLLS = 30
"""Page downs timed per size."""
READY_WAIT = 120.0
"""The most seconds the table is left idle to read its cells ahead before timing."""


def sort_and_filter(path: Path, q: Any, runs: int) -> dict[str, Result]:
    """The window's asset table sorted, filtered and scrolled, against plain Qt on the same
    text (a ``QStandardItemModel`` under a ``QSortFilterProxyModel``, in a plain view).

    The page is shown and left idle until its table has read ahead what a filter looks
    in and each column's order (``read_ahead_done``), as a person looking at it would
    have; how long that took is kept ("ready", at most ``READY_WAIT``). Then ``SORTS``
    sorts, the filters of ``TYPED`` (the last sort still in place) and ``SCROLLS`` page
    downs (the view scrolled and its rows painted at once), each ours and the floor's
    alternating: p50 and p99 of each. ``runs`` is not used: the samples are the sorts,
    filters and scrolls themselves."""
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    from riskwizard.session import Session
    from riskwizard.ui.context import Context
    from riskwizard.ui.dialogs import Dialogs
    from riskwizard.ui.inventory_pages import AssetsPage

    app = QApplication.instance() or QApplication([])
    session = Session.open(path, q)
    try:
        ctx = Context(session, Dialogs(), None)  # type: ignore[arg-type]
        page = AssetsPage(ctx)
        page.resize(1200, 800)
        page.show()
        started = time.perf_counter()
        page.load()
        model, proxy = page.model, page.proxy
        # (an older page, measured for a before-and-after, says only that its filter is
        # ready, and reads nothing ahead below READ_AHEAD_ROWS)
        done = getattr(page, "read_ahead_done", None) or (
            lambda: model.filter_ready() or model.rowCount() < 5000)
        while not done() and time.perf_counter() - started < READY_WAIT:
            app.processEvents()
        ready = time.perf_counter() - started
        cols = model.columnCount()
        plain = QStandardItemModel(model.rowCount(), cols)
        for r in range(model.rowCount()):
            for c in range(cols):
                plain.setItem(r, c, QStandardItem(str(model.index(r, c).data() or "")))
        plain_proxy = QSortFilterProxyModel()
        plain_proxy.setSourceModel(plain)
        plain_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        plain_proxy.setFilterKeyColumn(-1)
        plain_view = QTableView()
        plain_view.setModel(plain_proxy)
        plain_view.verticalHeader().setVisible(False)
        plain_view.verticalHeader().setDefaultSectionSize(
            page.view.verticalHeader().defaultSectionSize())
        plain_view.resize(page.view.size())
        plain_view.show()
        samples: dict[str, tuple[list[float], list[float]]] = {
            "sort": ([], []), "filter": ([], []), "scroll": ([], [])}

        def pair(what: str, i: int, ours: Callable[[], object],
                 floor: Callable[[], object]) -> None:
            for which, fn in ((0, ours), (1, floor)) if i % 2 else ((1, floor), (0, ours)):
                samples[what][which].append(timed(fn))
            app.processEvents()  # the views catch up, untimed, as between two clicks

        for i in range(SORTS):
            col = i % cols
            order = Qt.SortOrder.DescendingOrder if (i // cols) % 2 else \
                Qt.SortOrder.AscendingOrder
            pair("sort", i, lambda: proxy.sort(col, order),  # noqa: B023
                 lambda: plain_proxy.sort(col, order))  # noqa: B023
        for i, text in enumerate([t for word in TYPED for t in (
                *(word[:k] for k in range(1, len(word) + 1)), "")]):
            pair("filter", i, lambda: proxy.setFilterFixedString(text),  # noqa: B023
                 lambda: plain_proxy.setFilterFixedString(text))  # noqa: B023

        def scroll(view: QTableView, value: int) -> None:
            view.verticalScrollBar().setValue(value)
            view.viewport().repaint()

        step = max(1, page.view.verticalScrollBar().pageStep())
        for i in range(SCROLLS):
            pair("scroll", i, lambda: scroll(page.view, (i + 1) * step),  # noqa: B023
                 lambda: scroll(plain_view, (i + 1) * step))  # noqa: B023
        plain_view.close()
        page.close()
        page.deleteLater()
        app.processEvents()
    finally:
        session.close()
    out: dict[str, Result] = {}
    for what, (o, f) in samples.items():
        for p in (50, 99):
            out[f"{what} p{p}"] = {"ours": percentile(o, p), "floor": percentile(f, p),
                                   "runs": len(o)}
        out[f"{what} p50"]["each"] = [round(t, 5) for t in o]  # ours, in the order timed
    out["sort p50"]["ready"] = ready
    return out


# ---------------------------------------------------------------- the report (children)

def report(n: int, runs: int, timeout: float) -> Result:
    """``bench_report_scale.py``'s ours and floor, alternating, each in its own child."""
    script = HERE / "bench_report_scale.py"

    def child(*args: str) -> dict[str, float]:
        proc = subprocess.run([sys.executable, str(script), "--child", *args], check=True,
                              capture_output=True, text=True, timeout=timeout)
        return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]

    try:
        ours: list[dict[str, float]] = []
        floors: list[dict[str, float]] = []
        for _ in range(runs):
            ours.append(child("ours", str(n)))
            floors.append(child("floor", str(int(ours[-1]["pages"]))))
    except subprocess.TimeoutExpired:
        return {"error": f"not measured: over the {timeout:.0f} s allowed (--report-timeout)"}
    except (subprocess.CalledProcessError, ValueError, IndexError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        return {"error": f"failed: {detail.strip()[-300:]}"}
    return {"ours": median([r["seconds"] for r in ours]),
            "floor": median([r["seconds"] for r in floors]),
            "ours_cpu": median([r["cpu"] for r in ours]),
            "floor_cpu": median([r["cpu"] for r in floors]),
            "ours_mb": max(r["mb"] for r in ours), "floor_mb": max(r["mb"] for r in floors),
            "runs": runs, "pages": int(ours[0]["pages"]), "peak": "process"}


# ---------------------------------------------------------------- the table

def table(results: dict[int, dict[str, Result]], peaks: dict[int, float]) -> str:
    lines = ["| measure | assets | ours | floor | ratio | ratio (CPU) | ours peak MB "
             "| floor peak MB | runs | target |", "|---|---|---|---|---|---|---|---|---|---|"]
    names = [m for m in ("open", "sort p50", "sort p99", "filter p50", "filter p99",
                         "scroll p50", "scroll p99", "import", "export", "report")
             if any(m in r for r in results.values())]
    for name in names:
        for n, figures in results.items():
            r = figures.get(name)
            if r is None:
                continue
            if "error" in r:
                lines.append(f"| {name} | {n:,} | {r['error']} | | | | | | | |")
                continue
            ours, floor = r["ours"] * 1000, r["floor"] * 1000
            ratio = ours / floor if floor else float("nan")
            mb = (f"{r['ours_mb']:.0f}", f"{r['floor_mb']:.0f}") if "ours_mb" in r else ("", "")
            if r.get("peak") == "process":  # the report's children: their whole peak
                mb = (f"{mb[0]} (process)", f"{mb[1]} (process)")
            cpu = (f"{r['ours_cpu'] / r['floor_cpu']:.2f}" if r.get("floor_cpu") else "")
            lines.append(f"| {name} | {n:,} | {_ms(ours)} | {_ms(floor)} | {ratio:.2f} | "
                         f"{cpu} | {mb[0]} | {mb[1]} | {r['runs']} | "
                         f"{TARGETS.get(name, '')} |")
    opened = {n: f["open"]["ours"] for n, f in results.items()
              if "open" in f and "ours" in f["open"]}
    if len(opened) > 1:
        first = min(opened)
        lines.append("")
        lines += [f"Session.open alone at {n:,} assets / at {first:,}: "
                  f"{opened[n] / opened[first]:.2f}× (every page and link of the file "
                  "checked before it is used; the issue's ≤ 1.2× is open to usable, "
                  "bench_window.py's 'ready')" for n in sorted(opened)[1:]]
    ready = {n: f["sort p50"]["ready"] for n, f in results.items()
             if "ready" in f.get("sort p50", {})}
    if ready:
        lines.append("")
        lines.append("the asset table's idle read-ahead (filter text, every column's order) "
                     "done after showing it, before sorting and filtering were timed: " +
                     ", ".join(f"{n:,}: {s:.2f} s" for n, s in ready.items()))
    if peaks:
        lines.append("")
        lines.append("peak resident memory of each size's whole run (VmHWM): " + ", ".join(
            f"{n:,}: {mb:.0f} MB" for n, mb in peaks.items()))
    return "\n".join(lines)


def _ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.2f} ms"


# ---------------------------------------------------------------- main

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="500,2000,10000,50000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large-runs", type=int, default=2,
                        help=f"runs at {LARGE:,} assets and more")
    parser.add_argument("--report-runs", type=int, default=2,
                        help=f"report runs (one at {LARGE:,} and more)")
    parser.add_argument("--report-timeout", type=float, default=1200)
    parser.add_argument("--only", default=",".join(MEASURES))
    parser.add_argument("--save", type=Path, default=None, help="the figures as JSON")
    parser.add_argument("--plot", type=Path, default=None)
    parser.add_argument("--plot-from", type=Path, nargs="+", default=None,
                        help="--save files (merged size by size): print their table and "
                             "draw --plot, measuring nothing")
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    only = {m.strip() for m in args.only.split(",") if m.strip()}
    if unknown := only - set(MEASURES):
        parser.error(f"unknown measure {sorted(unknown)[0]}; choose from {', '.join(MEASURES)}")
    if args.child is not None:
        run_child(args.child, args.runs, only)
        return
    if args.plot_from:
        merged: dict[int, dict[str, Result]] = {}
        merged_peaks: dict[int, float] = {}
        for saved_file in args.plot_from:
            saved = json.loads(saved_file.read_text(encoding="utf-8"))
            for n, figures in saved["results"].items():
                merged.setdefault(int(n), {}).update(figures)
            for n, mb in saved["peaks"].items():  # the most any run of the size held
                merged_peaks[int(n)] = max(mb, merged_peaks.get(int(n), 0.0))
        merged = dict(sorted(merged.items()))
        print(table(merged, dict(sorted(merged_peaks.items()))))
        if args.plot:
            plot(merged, args.plot)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[int, dict[str, Result]] = {}
    peaks: dict[int, float] = {}
    started = time.perf_counter()
    for n in sizes:
        runs = args.runs if n < LARGE else min(args.runs, args.large_runs)
        results[n], peak = size_in_child(n, runs, only - {"report"})
        if peak:
            peaks[n] = peak
        if "report" in only:
            results[n]["report"] = report(n, args.report_runs if n < LARGE else 1,
                                          args.report_timeout)
    print(f"bench_scale: medians of alternating runs ({args.runs} each, {args.large_runs} at "
          f"{LARGE:,} assets; sort, filter and scrolling: p50/p99 of {SORTS} sorts, "
          f"{sum(len(w) + 1 for w in TYPED)} filters typed, {SCROLLS} page downs); "
          f"{time.perf_counter() - started:.0f} s in all\n")
    print(table(results, peaks))
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(json.dumps({"results": results, "peaks": peaks}, indent=1),
                             encoding="utf-8")
    if args.plot:
        plot(results, args.plot)


def size_in_child(n: int, runs: int, only: set[str]) -> tuple[dict[str, Result], float]:
    """One size measured in a fresh process; its figures and its whole peak (MB)."""
    if not only:
        return {}, 0.0
    proc = subprocess.run([sys.executable, __file__, "--child", str(n), "--runs", str(runs),
                           "--only", ",".join(sorted(only))],
                          capture_output=True, text=True, check=False)
    sys.stderr.write(proc.stderr[-3000:] if proc.returncode else "")
    try:
        got = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        why = (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]
        return {m: {"error": f"the run stopped: {why[:200]}"} for m in sorted(only)}, 0.0
    return got["results"], got["peak_mb"]


def run_child(n: int, runs: int, only: set[str]) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(tempfile.mkdtemp(prefix="rw-scale-"))
    os.environ["RISKWIZARD_CONFIG_DIR"] = str(folder / "config")
    try:
        results = measure(n, runs, only, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps({"results": results, "peak_mb": _status("VmHWM")}))


# ---------------------------------------------------------------- the plot

def plot(results: dict[int, dict[str, Result]], out: Path) -> None:
    """A log-log picture of ours (solid) and the floor (dashed) against size, one colour
    per measure, drawn with Qt (reportlab's PNG renderer needs a backend not installed)."""
    import math

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtCore import Qt as QtNs
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

    _app = QGuiApplication.instance() or QGuiApplication([])
    keys = ["open", "sort p50", "filter p50", "scroll p50", "import", "export", "report"]
    colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#17becf", "#9467bd", "#d62728", "#8c564b"]
    sizes = sorted(results)

    def value(n: int, key: str, which: str) -> float | None:
        r = results[n].get(key) or {}
        v = r.get(which)
        return v * 1000 if isinstance(v, int | float) and v > 0 else None

    values = [v for n in sizes for k in keys for w in ("ours", "floor")
              if (v := value(n, k, w)) is not None]
    if not values:
        return
    lo, hi = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
    x0 = math.log10(sizes[0])
    x1 = math.log10(sizes[-1]) if len(sizes) > 1 else x0 + 1
    width, height, left, top, right, bottom = 1000, 620, 90, 60, 250, 70
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont(painter.font())
    font.setPixelSize(15)
    painter.setFont(font)
    area = QRectF(left, top, width - left - right, height - top - bottom)

    def at(n: float, ms: float) -> QPointF:
        fx = (math.log10(n) - x0) / ((x1 - x0) or 1)
        fy = (math.log10(max(ms, 10.0 ** lo)) - lo) / ((hi - lo) or 1)
        return QPointF(area.left() + fx * area.width(), area.bottom() - fy * area.height())

    align = QtNs.AlignmentFlag
    grid = QPen(QColor("#dddddd"))
    for e in range(lo, hi + 1):
        y = at(sizes[0], 10.0 ** e).y()
        painter.setPen(grid)
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        painter.setPen(QPen(QColor("#333333")))
        label = f"{10.0 ** e:g} ms" if e < 3 else f"{10.0 ** (e - 3):g} s"
        painter.drawText(QRectF(0, y - 10, left - 10, 20), align.AlignRight | align.AlignVCenter,
                         label)
    for n in sizes:
        x = at(n, 10.0 ** lo).x()
        painter.setPen(grid)
        painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
        painter.setPen(QPen(QColor("#333333")))
        painter.drawText(QRectF(x - 50, area.bottom() + 8, 100, 20),
                         align.AlignHCenter | align.AlignTop, f"{n:,}")
    painter.drawText(QRectF(left, area.bottom() + 34, area.width(), 20),
                     align.AlignHCenter | align.AlignTop, "assets in the practice")
    painter.setPen(QPen(QColor("#888888")))
    painter.drawRect(area)
    title = QFont(font)
    title.setPixelSize(18)
    title.setBold(True)
    painter.setFont(title)
    painter.setPen(QPen(QColor("#000000")))
    painter.drawText(QRectF(left, 14, width - left, 30), align.AlignLeft | align.AlignVCenter,
                     "Time against practice size (log-log): ours solid, floor dashed")
    painter.setFont(font)
    i = 0
    for key, colour in zip(keys, colours, strict=True):
        drawn = False
        for which, style in (("ours", QtNs.PenStyle.SolidLine),
                             ("floor", QtNs.PenStyle.DashLine)):
            pen = QPen(QColor(colour), 2.5 if which == "ours" else 2)
            pen.setStyle(style)
            painter.setPen(pen)
            points = [at(n, v) for n in sizes if (v := value(n, key, which)) is not None]
            for a, b in zip(points, points[1:], strict=False):
                painter.drawLine(a, b)
            for p in points:
                painter.drawEllipse(p, 3, 3)
            drawn = drawn or bool(points)
        if not drawn:
            continue
        y = top + 20 + i * 30
        i += 1
        painter.setPen(QPen(QColor(colour), 3))
        painter.drawLine(QPointF(width - right + 16, y), QPointF(width - right + 46, y))
        painter.setPen(QPen(QColor("#000000")))
        painter.drawText(QPointF(width - right + 54, y + 5), key)
    y = top + 20 + i * 30 + 10
    for which, style in (("ours", QtNs.PenStyle.SolidLine), ("floor", QtNs.PenStyle.DashLine)):
        pen = QPen(QColor("#444444"), 2)
        pen.setStyle(style)
        painter.setPen(pen)
        painter.drawLine(QPointF(width - right + 16, y), QPointF(width - right + 46, y))
        painter.setPen(QPen(QColor("#000000")))
        painter.drawText(QPointF(width - right + 54, y + 5), which)
        y += 26
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(str(out))


if __name__ == "__main__":
    main()
