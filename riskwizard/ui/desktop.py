"""The desktop's light or dark setting, read without making PySide's ``Qt`` namespace.

Qt answers it as a ``Qt.ColorScheme``; PySide can hand that to Python only once it has made
the whole ``Qt`` namespace, ninety-odd Python enums: about 40 ms, a sixth of a bare window's
start-up, spent at every start for one small number. In C++ the answer is that number (the
enum is an int: Unknown 0, Light 1, Dark 2), so where Qt's functions have C++'s common
(Itanium) names — Linux, macOS — ``QStyleHints::colorScheme()`` is called as the plain
function it is (through ctypes, ~0.1 ms once ctypes is loaded). Anywhere that is not so
(Windows, a Qt without the function, an answer out of range), PySide is asked as usual.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache

from PySide6.QtGui import QGuiApplication

UNKNOWN, LIGHT, DARK = 0, 1, 2
"""``Qt::ColorScheme``'s values (qnamespace.h; tests hold them to PySide's enum)."""

_SYMBOL = "_ZNK11QStyleHints11colorSchemeEv"
"""``Qt::ColorScheme QStyleHints::colorScheme() const``, by its Itanium C++ ABI name."""


def color_scheme() -> int:
    """The desktop's colour scheme: ``UNKNOWN``, ``LIGHT`` or ``DARK``."""
    hints = QGuiApplication.styleHints()
    read = _direct_reader()
    if read is not None:
        import shiboken6

        value = read(shiboken6.getCppPointer(hints)[0])
        if value in (UNKNOWN, LIGHT, DARK):
            return value
    return pyside_color_scheme()


def pyside_color_scheme() -> int:
    """The same, asked through PySide (which makes its ``Qt`` namespace first)."""
    return int(QGuiApplication.styleHints().colorScheme().value)


@cache
def _direct_reader() -> Callable[[int], int] | None:
    """``QStyleHints::colorScheme`` as a function of the object's address; None where it
    cannot be found by its Itanium name (so is not called with a guessed ABI)."""
    if sys.platform == "win32":  # MSVC names its functions otherwise
        return None
    try:
        import ctypes

        from PySide6 import QtGui

        # QtGui's binding is linked to Qt's Gui library: its symbols are found through it
        function = ctypes.CDLL(QtGui.__file__)[_SYMBOL]
    except (ImportError, OSError, AttributeError):
        return None
    function.restype = ctypes.c_int
    function.argtypes = [ctypes.c_void_p]
    return function
