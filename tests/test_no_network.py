"""Private by construction: demo -> window -> report -> export opens no network connection.

Each command runs in a real subprocess with a Python audit hook that ends the process the
moment anything asks for a socket or a name lookup; where strace is installed, the same run
is also watched at the system-call level, which sees Qt's own C++ code too."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

GUARD = """
import os, sys
def guard(event, args):
    if event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
        os.write(2, f"NETWORK USE: {event} {args!r}\\n".encode())
        os._exit(99)
sys.addaudithook(guard)
from riskwizard.cli import main
sys.exit(main(sys.argv[1:]))
"""

STEPS = [
    ["demo", "x.riskwizard"],
    ["gui", "x.riskwizard", "--exit-after-ready"],
    ["report", "x.riskwizard", "-o", "x.pdf"],
    ["export", "x.riskwizard", "-o", "x.json"],
]


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def test_guard_catches_a_socket(tmp_path: Path) -> None:
    """The guard itself works: a program that does open a socket is stopped."""
    code = GUARD.replace("from riskwizard.cli import main\nsys.exit(main(sys.argv[1:]))",
                         "import socket\nsocket.socket()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 99 and "NETWORK USE: socket.__new__" in proc.stderr


@pytest.mark.slow
def test_no_socket_from_python(tmp_path: Path) -> None:
    for step in STEPS:
        proc = subprocess.run([sys.executable, "-c", GUARD, *step], capture_output=True,
                              text=True, timeout=300, cwd=tmp_path, env=_env())
        assert proc.returncode == 0, f"{step}: {proc.stderr}"
    assert (tmp_path / "x.pdf").stat().st_size > 10_000


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
@pytest.mark.slow
def test_no_socket_system_calls(tmp_path: Path) -> None:
    for i, step in enumerate(STEPS):
        log = tmp_path / f"strace-{i}.log"
        proc = subprocess.run(["strace", "-f", "-qq", "-e", "trace=socket,connect",
                               "-o", str(log), sys.executable, "-m", "riskwizard", *step],
                              capture_output=True, text=True, timeout=300, cwd=tmp_path,
                              env=_env())
        assert proc.returncode == 0, f"{step}: {proc.stderr}"
        calls = [line for line in log.read_text().splitlines()
                 if "socket(" in line or "connect(" in line]
        assert calls == [], f"{step} made network system calls: {calls[:3]}"
