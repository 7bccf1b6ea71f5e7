"""Run every benchmark, one after the other, and print their tables (for benchmarks/README.md).

    .venv/bin/python benchmarks/run_all.py
"""

from __future__ import annotations

import platform
import subprocess
import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["bench_window.py", "bench_answer.py", "bench_store.py", "bench_report.py",
              "bench_scale.py"]


def main() -> None:
    print(f"riskwizard benchmarks, {datetime.now():%Y-%m-%d %H:%M}, Python "
          f"{platform.python_version()}, {platform.machine()}, {platform.system()}\n")
    for name in BENCHMARKS:
        print(f"## {name}\n", flush=True)
        proc = subprocess.run([sys.executable, str(HERE / name)], capture_output=True,
                              text=True, check=False)
        print(proc.stdout.strip() or proc.stderr.strip()[-2000:])
        print(flush=True)


if __name__ == "__main__":
    main()
