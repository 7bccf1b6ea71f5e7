#!/usr/bin/env python3
"""Set up and run riskwizard from a source checkout, with nothing but Python 3.11+.

    python3 dev.py run          set up .venv, then open the window on the built-in demo practice
    python3 dev.py test         set up .venv with the test tools, then run the whole test suite
    python3 dev.py test --fast  the same without the tests marked slow (packaging, crash and
                                kill loops, large demo, CLI subprocesses, full reports)
    python3 dev.py lint         ruff and mypy (both run; either failing fails the command)

Other arguments to ``test`` go to pytest (``python3 dev.py test -q -x tests/store``).

Setting up creates .venv beside this file and installs the project into it (editable); it
is skipped when pyproject.toml has not changed since the last time.
"""

from __future__ import annotations

import hashlib
import os
import re
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


# What Qt's X11 plugin (platforms/libqxcb.so and libQt6XcbQpa) links to, by the Debian/Ubuntu
# package that provides it. A fresh desktop has most; a minimal one lacks several, and Qt's
# own error names only the first it tried.
XCB_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
}
_NOT_FOUND = re.compile(r"^\s*(\S+\.so[.\d]*)\s*=>\s*not found", re.MULTILINE)
_CANNOT_OPEN = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")


def missing_libraries(ldd_output: str) -> list[str]:
    """The shared libraries ``ldd`` (or Qt's plugin loader) reported missing, in order."""
    found = _NOT_FOUND.findall(ldd_output) + _CANNOT_OPEN.findall(ldd_output)
    return list(dict.fromkeys(found))


def packages_for(libraries: list[str]) -> list[str]:
    """The Debian/Ubuntu packages that provide ``libraries`` (a library not in the table is
    named as it is)."""
    return list(dict.fromkeys(XCB_PACKAGES.get(lib, lib) for lib in libraries))


def install_line(libraries: list[str]) -> str:
    """One line: which packages to install for the window to open."""
    return ("The window needs Linux system libraries that are missing ("
            + ", ".join(libraries) + "). Install them with: sudo apt install "
            + " ".join(packages_for(libraries)))


def qt_xcb_missing() -> list[str]:
    """The libraries Qt's X11 plugin needs that this machine lacks ([] when none, or when
    it cannot tell)."""
    if not sys.platform.startswith("linux"):
        return []
    where = subprocess.run(
        [str(PYTHON), "-c", "import PySide6, os; print(os.path.dirname(PySide6.__file__))"],
        capture_output=True, text=True)
    if where.returncode != 0:
        return []
    qt = Path(where.stdout.strip()) / "Qt"
    binaries = [qt / "plugins" / "platforms" / "libqxcb.so", *sorted((qt / "lib").glob(
        "libQt6XcbQpa.so*"))[:1]]
    output = ""
    for binary in binaries:
        if not binary.exists():
            continue
        try:
            output += subprocess.run(["ldd", str(binary)], capture_output=True,
                                     text=True).stdout
        except OSError:  # no ldd: ask Qt itself, which names what it could not load
            probe = subprocess.run(
                [str(PYTHON), "-c", "from PySide6.QtGui import QGuiApplication; "
                 "QGuiApplication(['probe'])"], capture_output=True, text=True, timeout=60,
                env={**os.environ, "QT_QPA_PLATFORM": "xcb", "QT_DEBUG_PLUGINS": "1"})
            return missing_libraries(probe.stderr)
    return missing_libraries(output)


def check_window_libraries() -> bool:
    """Say in one line which packages to install if the X11 window cannot open; False when
    it cannot (on Wayland Qt may not need them: a warning, and go on)."""
    if os.environ.get("QT_QPA_PLATFORM", "xcb").split(":")[0] not in ("xcb", ""):
        return True
    missing = qt_xcb_missing()
    if not missing:
        return True
    print(install_line(missing), file=sys.stderr, flush=True)
    return bool(os.environ.get("WAYLAND_DISPLAY")) and "QT_QPA_PLATFORM" not in os.environ


def main(argv: list[str]) -> int:
    check_python()
    command = argv[0] if argv else "run"
    rest = argv[1:]
    if command == "run":
        setup("test")
        if not check_window_libraries():
            return 1
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
