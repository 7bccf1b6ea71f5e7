"""Run every benchmark, one after the other, and print their tables (for benchmarks/README.md).

    .venv/bin/python benchmarks/run_all.py [--quick] [--scale-sizes 500,2000,10000,50000]
                                           [--plot docs/benchmarks/scale.png]

The scaling benchmark (``bench_scale.py``: open, sort, filter, import, export and the report
at each size) takes longest: the report of 50,000 assets alone runs for many minutes, one
run each of ours and its floor. ``--quick`` measures 500 and 2,000 assets only.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["bench_window.py", "bench_answer.py", "bench_store.py", "bench_report.py"]


def run(args: list[str]) -> None:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="scale at 500 and 2,000 only")
    parser.add_argument("--scale-sizes", default=None)
    parser.add_argument("--plot", default=None, help="where bench_scale draws its plot")
    args = parser.parse_args()
    print(f"riskwizard benchmarks, {datetime.now():%Y-%m-%d %H:%M}, Python "
          f"{platform.python_version()}, {platform.machine()}, {platform.system()}\n")
    for name in BENCHMARKS:
        run([name])
    sizes = args.scale_sizes or ("500,2000" if args.quick else "500,2000,10000,50000")
    run(["bench_scale.py", "--sizes", sizes, *(["--plot", args.plot] if args.plot else [])])


if __name__ == "__main__":
    main()
