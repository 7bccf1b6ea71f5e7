"""Small helpers shared by the benchmarks: timing subprocesses, medians, percentiles,
and a table that reports ours against the floor measured in the same run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def env() -> dict[str, str]:
    out = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "RISKWIZARD_CONFIG_DIR": str(ROOT / "out" / "bench-config")}
    # As installed (pip, or the frozen bundle) our modules have compiled bytecode, like
    # PySide6 in the floor; a session that forbids writing .pyc files would time compiling.
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    return out


def compile_bytecode() -> None:
    """Compile our modules once, as an install does."""
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "riskwizard")], check=True,
                   env=env(), stdout=subprocess.DEVNULL)


def run_timed(args: Sequence[str]) -> tuple[float, int]:
    """Wall time (s) of a subprocess and its peak RSS (KiB, Linux/macOS)."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(args), env=env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(args)} failed ({code}): {err.strip()[-500:]}")
    return elapsed, int(usage.ru_maxrss)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def row(name: str, ours: float, floor: float, unit: str = "s", target: str = "") -> str:
    ratio = ours / floor if floor else float("nan")
    return f"| {name} | {ours:.3f} {unit} | {floor:.3f} {unit} | {ratio:.2f} | {target} |"


HEADER = "| measure | ours | floor | ratio | target |\n|---|---|---|---|---|"
