"""The report's cost as the practice grows: 500, 2,000, 10,000 and 50,000 assets.

Each practice is the large demo (``riskwizard.domain.demo``) with its assets repeated to the
size asked, and vendors in the same proportion (300 per 2,000 assets). For each size the
report is built in a child process (so peak memory is its own), then a floor in another
child: plain reportlab (one pass, the same embedded TTF font, Paragraph cells, tables of a
page's rows each) with the same page count and the same rows per page. Ours and the floor
alternate, run after run, so a noisy machine slows both alike.

    .venv/bin/python benchmarks/bench_report_scale.py [--sizes 500 2000 10000 50000] [--runs 3]

Both are timed with the fonts already loaded (once per program run). Prints the medians
of the runs: wall-clock and CPU seconds, ms per page (CPU time: on a shared machine the
wall clock measures the neighbours as much as the report; the wall-clock ratio is printed
too), peak memory (the child's VmHWM), and the ratios the issue asks for: ms/page at
10,000 over ms/page at 500 (flat: <= 1.2), each size against its floor (<= 1.5), 50,000
assets in under 60 s and 1 GB.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 24)


def _hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def practice(assets: int):  # type: ignore[no-untyped-def]
    """The large demo with ``assets`` assets and vendors in proportion."""
    from riskwizard.domain.demo import build_demo
    from riskwizard.resources import installed_questionnaire

    questionnaire = installed_questionnaire()
    data = build_demo(questionnaire, "large", TODAY)
    base, vendors = list(data.assets), list(data.vendors)
    data.assets = [dataclasses.replace(base[i % len(base)], id=i + 1,
                                       name=f"{base[i % len(base)].name} · {i + 1}")
                   for i in range(assets)]
    count = max(1, assets * len(vendors) // 2000)
    data.vendors = [dataclasses.replace(vendors[i % len(vendors)], id=i + 1,
                                        name=f"{vendors[i % len(vendors)].name} · {i + 1}")
                    for i in range(count)]
    return data, questionnaire


def run_ours(assets: int) -> dict[str, float]:
    from riskwizard.report import render_report
    from riskwizard.report.fonts import register_fonts

    data, questionnaire = practice(assets)
    register_fonts()  # once per program run, as the floor's (timed after its first build)
    start, cpu = time.perf_counter(), time.process_time()
    pdf, pages = render_report(data, questionnaire, today=TODAY)
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
            "pages": pages, "bytes": len(pdf), "mb": _hwm_mb()}


def floor_pdf(rows: int, per_table: int = 24) -> tuple[bytes, int]:
    """``rows`` rows of eight Paragraph cells in the report's font, in tables of
    ``per_table`` rows (one table per page: plain reportlab at its linear best)."""
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from riskwizard.report.fonts import MAIN, register_fonts

    register_fonts()
    style = ParagraphStyle("f", fontName=MAIN, fontSize=8, leading=10.5)
    story = []
    for start in range(0, rows, per_table):
        cells = [[Paragraph(f"Cell {r}.{c} some words", style) for c in range(8)]
                 for r in range(start, min(rows, start + per_table))]
        story.append(Table(cells, colWidths=[1.15 * inch] * 8, repeatRows=1))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(letter))
    doc.build(story)
    return buf.getvalue(), doc.page


def run_floor(pages: int) -> dict[str, float]:
    _, per = floor_pdf(24 * 20)
    rows = max(24, round(24 * 20 * pages / per))
    start, cpu = time.perf_counter(), time.process_time()
    _, got = floor_pdf(rows)
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
            "pages": got, "mb": _hwm_mb()}


def child(*args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True,
                         capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000, 50000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("WHAT", "N"))
    args = parser.parse_args()
    if args.child:
        what, n = args.child
        print(json.dumps(run_ours(int(n)) if what == "ours" else run_floor(int(n))))
        return
    print("| assets | pages | ours s | ours CPU s | ours ms/page | ours peak MB | "
          "floor ms/page | floor peak MB | ratio | ratio (wall clock) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    per_page: dict[int, float] = {}
    for n in args.sizes:
        ours: list[dict[str, float]] = []
        floors: list[dict[str, float]] = []
        for _ in range(args.runs if n < 50000 else 1):
            ours.append(child("ours", str(n)))  # alternating: ours, floor, ours, floor
            floors.append(child("floor", str(int(ours[-1]["pages"]))))
        pages = ours[0]["pages"]
        wall = statistics.median(r["seconds"] for r in ours)
        cpu = statistics.median(r["cpu"] for r in ours)
        ms = 1000 * cpu / pages
        fms = statistics.median(1000 * r["cpu"] / r["pages"] for r in floors)
        fwall = statistics.median(1000 * r["seconds"] / r["pages"] for r in floors)
        per_page[n] = ms
        print(f"| {n:,} | {int(pages):,} | {wall:.1f} | {cpu:.1f} | {ms:.1f} | "
              f"{max(r['mb'] for r in ours):.0f} | {fms:.1f} | "
              f"{max(r['mb'] for r in floors):.0f} | {ms / fms:.2f} | "
              f"{1000 * wall / pages / fwall:.2f} |", flush=True)
    if 500 in per_page and 10000 in per_page:
        print(f"\nms/page (CPU) at 10,000 assets / at 500: "
              f"{per_page[10000] / per_page[500]:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
