"""Issue 15, start-up: the desktop's light or dark setting is read without PySide's ``Qt``
namespace (ninety-odd enums made for one small number), and reads what PySide reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from riskwizard.ui import desktop, look


def test_the_values_are_qt_s(qapp: QApplication) -> None:
    assert (desktop.UNKNOWN, desktop.LIGHT, desktop.DARK) == (
        Qt.ColorScheme.Unknown.value, Qt.ColorScheme.Light.value, Qt.ColorScheme.Dark.value)


def test_read_directly_it_is_what_pyside_answers(qapp: QApplication) -> None:
    assert desktop.color_scheme() == desktop.pyside_color_scheme()
    assert look.system_scheme() == (
        "dark" if qapp.styleHints().colorScheme() == Qt.ColorScheme.Dark else "light")


@pytest.mark.skipif(sys.platform == "win32", reason="Windows: asked through PySide")
def test_here_it_is_read_directly(qapp: QApplication) -> None:
    """Linux and macOS: the function is found by its name (else every start pays ~40 ms)."""
    read = desktop._direct_reader()
    assert read is not None
    import shiboken6

    assert read(shiboken6.getCppPointer(qapp.styleHints())[0]) == \
        desktop.pyside_color_scheme()


def made_after(code: str, tmp_path: Path) -> bool:
    """Whether a fresh Python has made PySide's ``Qt`` namespace after running ``code``."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "RISKWIZARD_CONFIG_DIR": str(tmp_path / "config")}
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport PySide6.QtCore as C\nprint('Qt' in vars(C))"],
        capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1] == "True"


@pytest.mark.skipif(sys.platform == "win32", reason="Windows: asked through PySide")
def test_a_start_on_the_start_page_never_makes_the_qt_namespace(tmp_path: Path) -> None:
    """The whole start (``--exit-after-ready``: the desktop's setting asked, then quit);
    the probe itself can tell (asking PySide makes it)."""
    assert made_after("from riskwizard.ui import desktop\nfrom PySide6.QtWidgets import "
                      "QApplication\napp = QApplication([])\ndesktop.pyside_color_scheme()",
                      tmp_path)
    assert not made_after("from riskwizard.cli import main\n"
                          "assert main(['gui', '--exit-after-ready']) == 0", tmp_path)
