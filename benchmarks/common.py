"""Small helpers shared by the benchmarks: timing subprocesses, medians, percentiles,
and a table that reports ours against the floor measured in the same run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
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


# Peak RSS: the kernel's ru_maxrss of a child counts the memory of the process it was forked
# from (the old mm's high-water mark is kept across exec), so a child of a large benchmark
# would report the benchmark's size. VmHWM in /proc belongs to the new program alone: each
# Python child writes it at exit to the file named in RW_BENCH_HWM.
HWM_PRELUDE = """
import atexit, os
def _hwm():
    try:
        status = open("/proc/self/status").read()
        kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
        open(os.environ["RW_BENCH_HWM"], "w").write(kib)
    except (OSError, StopIteration, KeyError):
        pass
atexit.register(_hwm)
"""


@dataclass
class Run:
    """One run of a Python subprocess."""

    wall: float
    """Seconds from starting it to its exit."""
    cpu: float
    """Its processor time (user and system), seconds."""
    kib: int
    """Its peak resident memory (VmHWM), KiB."""
    marks: dict[str, tuple[float, float]] = field(default_factory=dict)
    """The moments it noted (``riskwizard.ui.app.mark``, or the floors' ``mark``): by name,
    seconds from starting it and its processor time then."""

    def at(self, moment: str) -> tuple[float, float]:
        if moment not in self.marks:
            raise SystemExit(f"the run noted no {moment!r} (it noted {sorted(self.marks)})")
        return self.marks[moment]


# The floors note their moments the way the program does (riskwizard.ui.app.mark).
MARK = """
import os as _os, time as _time
def mark(moment):
    path = _os.environ.get("RISKWIZARD_TIMES")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{moment} {_time.monotonic()!r} {_time.process_time()!r}\\n")
"""


def run(args: Sequence[str], extra_env: dict[str, str] | None = None) -> Run:
    """Run a Python subprocess: its wall and processor time, peak memory, and the moments it
    noted in the file named by ``RISKWIZARD_TIMES`` (on the same monotonic clock as ours).

    ``args`` is ``[PYTHON, "-c", CODE, ...]`` or ``[PYTHON, "-m", MODULE, ...]``.
    """
    assert args[0] == PYTHON and args[1] in ("-c", "-m")
    target = args[2] if args[1] == "-c" else (
        f"import runpy, sys; sys.argv[0] = {args[2]!r}; "
        f"runpy.run_module({args[2]!r}, run_name='__main__', alter_sys=True)")
    hwm = Path(tempfile.mkstemp(prefix="rw-hwm-")[1])
    times = Path(tempfile.mkstemp(prefix="rw-times-")[1])
    with tempfile.TemporaryFile() as errors:
        start = time.monotonic()
        proc = subprocess.Popen([PYTHON, "-c", HWM_PRELUDE + target, *args[3:]],
                                env={**env(), **(extra_env or {}), "RW_BENCH_HWM": str(hwm),
                                     "RISKWIZARD_TIMES": str(times)},
                                stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    kib = int(hwm.read_text() or 0) if hwm.exists() and hwm.stat().st_size else 0
    marks = {}
    for line in times.read_text(encoding="utf-8").splitlines():
        name, when, cpu = line.split()
        marks[name] = (float(when) - start, float(cpu))
    hwm.unlink(missing_ok=True)
    times.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {stderr.strip()[-500:]}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, kib, marks)


def run_timed(args: Sequence[str]) -> tuple[float, int]:
    """Wall time (s) of a Python subprocess and its peak RSS (KiB) (see ``run``)."""
    done = run(args)
    return done.wall, done.kib


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
