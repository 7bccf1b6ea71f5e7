"""The frozen program's entry point, shared by both executables in the bundle.

``riskwizard`` (console) is the full command line. ``riskwizard-gui`` (windowed: no console
window on Windows, the CFBundleExecutable of the macOS .app) always opens the window, on the
file it is given if any: a double-clicked ``.riskwizard`` file arrives as its one argument.
"""

from __future__ import annotations

import os
import sys

from riskwizard.cli import main

GUI_EXECUTABLE = "riskwizard-gui"


def frozen_argv(executable: str, argv: list[str]) -> list[str]:
    """The command line for ``main``: ``gui`` first when started as the windowed executable."""
    name = os.path.splitext(os.path.basename(executable))[0].lower()
    # Finder on old macOS passes a process serial number; it is not a file.
    args = [a for a in argv if not a.startswith("-psn_")]
    passthrough = {"gui", "--version", "-h", "--help"}
    if name == GUI_EXECUTABLE and (not args or args[0] not in passthrough):
        return ["gui", *args]
    return args


if __name__ == "__main__":
    sys.exit(main(frozen_argv(sys.executable, sys.argv[1:])))
