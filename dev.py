#!/usr/bin/env python3
"""Set up and run riskwizard from a source checkout, with nothing but Python 3.11+.

    python3 dev.py run          set up .venv, then open the window on the built-in demo practice
    python3 dev.py test         set up .venv with the test tools, then run the whole test suite
    python3 dev.py test --fast  the same without the tests marked slow (packaging, crash and
                                kill loops, large demo, CLI subprocesses, full reports):
                                under half a minute
    python3 dev.py lint         ruff and mypy (both run; either failing fails the command)

Other arguments to ``test`` go to pytest (``python3 dev.py test -q -x tests/store``).

Setting up creates .venv beside this file and installs the project into it (editable); it
is skipped when pyproject.toml has not changed since the last time.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def check_python() -> None:
    # ruff reads this file as Python 3.11 (the project's target) and so calls the check
    # outdated (UP036); it is the one place an older Python is told so in one line.
    if sys.version_info < (3, 11):  # noqa: UP036
        sys.exit(f"riskwizard needs Python 3.11 or newer; this is {sys.version.split()[0]}")


def setup(extras: str) -> None:
    stamp = VENV / f".installed-{extras}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print(f"installing riskwizard[{extras}] into .venv ...", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[{extras}]"], check=True)
    stamp.write_text(digest)


def main(argv: list[str]) -> int:
    check_python()
    command = argv[0] if argv else "run"
    rest = argv[1:]
    if command == "run":
        setup("test")
        demo = ROOT / "out" / "demo.riskwizard"
        if not demo.exists() and not rest:
            demo.parent.mkdir(exist_ok=True)
            subprocess.run([str(PYTHON), "-m", "riskwizard", "demo", str(demo)], check=True)
        return subprocess.call([str(PYTHON), "-m", "riskwizard", "gui", *(rest or [str(demo)])])
    if command == "test":
        setup("test")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        if "--fast" in rest:
            rest = [arg for arg in rest if arg != "--fast"]
            rest = ["-m", "not slow", *rest]
        return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT, env=env)
    if command == "lint":
        setup("dev")
        results = {
            "ruff": subprocess.call([str(PYTHON), "-m", "ruff", "check", "."], cwd=ROOT),
            "mypy": subprocess.call([str(PYTHON), "-m", "mypy"], cwd=ROOT),
        }
        print("lint: " + ", ".join(f"{tool} {'ok' if code == 0 else 'FAILED'}"
                                   for tool, code in results.items()))
        return 1 if any(results.values()) else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
