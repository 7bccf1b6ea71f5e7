"""Run every benchmark, one after the other, print their tables (for benchmarks/README.md),
then one table of every figure issue 15 asks for, each with its floor and ratio.

    .venv/bin/python benchmarks/run_all.py [--quick] [--scale-sizes 500,2000,10000,50000]
        [--scale-save out/bench/scale.json] [--plot docs/benchmarks/scale.png]

The scaling benchmark (``bench_scale.py``: open, sort, filter, scrolling, import, export and
the report at each size) takes longest: the report of 50,000 assets alone runs for many
minutes, one run each of ours and its floor. ``--quick`` measures 500 and 2,000 assets
only. ``--scale-save`` keeps its figures as JSON, which ``bench_scale.py --plot-from``
merges with other runs' (a report measured on its own, say) into one table and plot.

The closing table takes its rows from the benchmarks' own tables (every row is
``| measure | ours | floor | ratio | ... |``), in the order of the issue: start-up,
opening, sorting, filtering and scrolling the tables, page switch, import, export, the
report, memory. A figure no benchmark printed (one failed, say) is named there as missing.
"""

from __future__ import annotations

import argparse
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["bench_window.py", "bench_answer.py", "bench_store.py", "bench_report.py",
              "bench_analysis.py"]

Figure = dict[str, str]  # measure (with the size where there is one), ours, floor, ratio,
# cpu (the ratio of processor times, where a benchmark gives it), target

FIGURES: list[tuple[str, Callable[[str], bool]]] = [
    ("start-up", lambda m: m.startswith("start-up")),
    ("opening a practice", lambda m: m.startswith(("open to a usable", "open, ", "open "))
     or m == "open"),
    ("sorting a table", lambda m: m.startswith("sort")),
    ("filtering a table", lambda m: m.startswith("filter")),
    ("scrolling a table", lambda m: m.startswith("scroll")),
    ("page switch", lambda m: m.startswith(("page switch", "switch to"))),
    ("answer click to committed", lambda m: m.startswith("click to committed")),
    ("import", lambda m: m.startswith("import")),
    ("export", lambda m: m.startswith("export")),
    ("report", lambda m: m.startswith("report")),
    ("memory", lambda m: "memory" in m),
]
"""The issue's figures, in its order, and which benchmark rows are each."""


def run(args: list[str]) -> str:
    """One benchmark: its output as it comes, and what went wrong if it failed."""
    print(f"## {' '.join(args)}\n", flush=True)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(HERE / args[0]), *args[1:]], text=True,
                          capture_output=True, check=False)
    print(proc.stdout.strip())
    if proc.returncode:
        print(f"\n**failed** (exit status {proc.returncode}):\n\n```\n"
              f"{proc.stderr.strip()[-2000:]}\n```")
    print(f"\n({time.perf_counter() - start:.0f} s)\n", flush=True)
    return proc.stdout


def figures(output: str) -> list[Figure]:
    """Every row of the markdown tables in a benchmark's output, as measure, ours, floor,
    ratio and target (a size column, where a table has one, joins the measure)."""
    found: list[Figure] = []
    header: list[str] | None = None
    for line in output.splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if set(line) <= set("|-: "):
            continue
        row = dict(zip(header, cells, strict=False))
        measure = row.get("measure", "")
        if "assets" in row:
            measure = f"{measure}, {row['assets']} assets"
        found.append({"measure": measure, "ours": row.get("ours", ""),
                      "floor": row.get("floor", ""), "ratio": row.get("ratio", ""),
                      "cpu": row.get("ratio (cpu)", ""), "target": row.get("target", "")})
    return found


def summary(rows: list[Figure]) -> str:
    """The issue's figures, each with its floor and ratio, in the issue's order."""
    lines = ["| figure | measure | ours | floor | ratio | ratio (CPU) | target |",
             "|---|---|---|---|---|---|---|"]
    for name, wanted in FIGURES:
        mine = [r for r in rows if wanted(re.sub(r"\s+", " ", r["measure"].lower()))]
        if not mine:
            lines.append(f"| {name} | **missing**: no benchmark printed it | | | | | |")
        for r in mine:
            lines.append(f"| {name} | {r['measure']} | {r['ours']} | {r['floor']} | "
                         f"{r['ratio']} | {r['cpu']} | {r['target']} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="scale at 500 and 2,000 only")
    parser.add_argument("--scale-sizes", default=None)
    parser.add_argument("--scale-save", default=None, help="bench_scale's figures as JSON")
    parser.add_argument("--plot", default=None, help="where bench_scale draws its plot")
    args = parser.parse_args()
    print(f"riskwizard benchmarks, {datetime.now():%Y-%m-%d %H:%M}, Python "
          f"{platform.python_version()}, {platform.machine()}, {platform.system()}\n")
    rows: list[Figure] = []
    for name in BENCHMARKS:
        rows += figures(run([name]))
    sizes = args.scale_sizes or ("500,2000" if args.quick else "500,2000,10000,50000")
    rows += figures(run(["bench_scale.py", "--sizes", sizes,
                         *(["--save", args.scale_save] if args.scale_save else []),
                         *(["--plot", args.plot] if args.plot else [])]))
    print("## Every figure of issue 15, with its floor and ratio\n")
    print(summary(rows))


if __name__ == "__main__":
    main()
