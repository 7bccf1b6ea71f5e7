"""How the window looks: the light and dark palettes, the focus outline, and quieter text
that still reads. Every colour pair the program sets is listed here (``PAIRS``) so a test can
hold each to the WCAG contrast ratios (4.5:1 for text, 3:1 for large text and outlines)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

# The tables below name palette roles by their names, as text: they are turned into
# ``QPalette.ColorRole`` members only when asked for (``LIGHT``, ``DARK``, ``PAIRS``,
# ``OUTLINES``, ``Role`` below are made on first use), so importing this module costs nothing
# before the window's first frame.

_LIGHT = {
    "Window": "#f3f4f6",
    "WindowText": "#1f2937",
    "Base": "#ffffff",
    "AlternateBase": "#eef2f7",
    "Text": "#111827",
    "Button": "#e5e7eb",
    "ButtonText": "#111827",
    "BrightText": "#ffffff",
    "Highlight": "#1d4ed8",
    "HighlightedText": "#ffffff",
    "PlaceholderText": "#5b6470",
    "ToolTipBase": "#fffbe6",
    "ToolTipText": "#111827",
    "Link": "#1d4ed8",
    "LinkVisited": "#6d28d9",
    "Light": "#ffffff",
    "Midlight": "#f3f4f6",
    "Mid": "#858d99",
    "Dark": "#6b7280",
    "Shadow": "#374151",
}
"""The light palette, by role name."""

_DARK = {
    "Window": "#202329",
    "WindowText": "#e5e7eb",
    "Base": "#17191d",
    "AlternateBase": "#272b32",
    "Text": "#e5e7eb",
    "Button": "#2f343c",
    "ButtonText": "#e5e7eb",
    "BrightText": "#ffffff",
    "Highlight": "#60a5fa",
    "HighlightedText": "#0b1220",
    "PlaceholderText": "#a3aab5",
    "ToolTipBase": "#2f343c",
    "ToolTipText": "#f3f4f6",
    "Link": "#7cb8ff",
    "LinkVisited": "#c4a5ff",
    "Light": "#4b5563",
    "Midlight": "#374151",
    "Mid": "#6b7280",
    "Dark": "#111316",
    "Shadow": "#000000",
}
"""The dark palette, by role name."""

_SCHEMES = {"light": _LIGHT, "dark": _DARK}

_PAIRS = [
    ("WindowText", "Window", "labels"),
    ("Text", "Base", "fields, lists and tables"),
    ("Text", "AlternateBase", "alternate rows, the guidance pane"),
    ("ButtonText", "Button", "buttons"),
    ("HighlightedText", "Highlight", "the selected row"),
    ("PlaceholderText", "Base", "hints in empty fields"),
    ("ToolTipText", "ToolTipBase", "tool tips"),
    ("Link", "Base", "links in the guidance"),
    ("Link", "Window", "links in the question"),
    ("LinkVisited", "Base", "links followed"),
]
"""Text on its background: (foreground role, background role, where it is seen)."""

_OUTLINES = [
    ("Highlight", "Window"), ("Highlight", "Base"), ("Highlight", "Button"),
    ("Mid", "Base"), ("Mid", "Window"),
]
"""The focus outline (Highlight) and the edges of fields (Mid) against what they surround:
3:1 at least."""

if TYPE_CHECKING:
    Role = QPalette.ColorRole
    LIGHT: dict[QPalette.ColorRole, str]
    """The light palette."""
    DARK: dict[QPalette.ColorRole, str]
    """The dark palette."""
    SCHEMES: dict[str, dict[QPalette.ColorRole, str]]
    PAIRS: list[tuple[QPalette.ColorRole, QPalette.ColorRole, str]]
    """Every colour pair the program sets: (foreground, background, where it is seen)."""
    OUTLINES: list[tuple[QPalette.ColorRole, QPalette.ColorRole]]
    """The focus outline and the edges of fields against what they surround."""


def _role(name: str) -> QPalette.ColorRole:
    return getattr(QPalette.ColorRole, name)  # type: ignore[no-any-return]


def _colours(table: dict[str, str]) -> dict[QPalette.ColorRole, str]:
    return {_role(name): value for name, value in table.items()}


def __getattr__(name: str) -> Any:
    """``Role``, ``LIGHT``, ``DARK``, ``SCHEMES``, ``PAIRS`` and ``OUTLINES`` with their
    ``QPalette.ColorRole`` members, made when first asked for."""
    made: Any
    if name == "Role":
        made = QPalette.ColorRole
    elif name in ("LIGHT", "DARK"):
        made = _colours(_SCHEMES[name.lower()])
    elif name == "SCHEMES":
        made = {scheme: _colours(table) for scheme, table in _SCHEMES.items()}
    elif name == "PAIRS":
        made = [(_role(fg), _role(bg), where) for fg, bg, where in _PAIRS]
    elif name == "OUTLINES":
        made = [(_role(fg), _role(bg)) for fg, bg in _OUTLINES]
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = made
    return made


WARNING = {"light": "#9a3412", "dark": "#fdba74"}
"""Warning words ("No action planned"), on the window's background."""

AA_TEXT, AA_LARGE = 4.5, 3.0

FOCUS_WIDTH = 2

STYLESHEET = """
QPlainTextEdit, QTextEdit, QAbstractItemView, QScrollArea {
    border: 1px solid palette(mid);
    padding: 0px;
}
QPlainTextEdit:focus, QTextEdit:focus, QAbstractItemView:focus, QScrollArea:focus {
    border: 1px solid palette(highlight);
    outline: 1px solid palette(highlight);
}
QLineEdit:focus, QAbstractSpinBox:focus, QComboBox:focus, QLabel:focus {
    border: 2px solid palette(highlight);
}
QPushButton:focus, QToolButton:focus {
    border: 2px solid palette(highlight);
    border-radius: 3px;
    background-color: palette(button);
    padding: 3px 10px;
}
QToolButton:focus { padding: 1px 3px; }
QCheckBox:focus, QRadioButton:focus {
    outline: none;
    border: 2px solid palette(highlight);
    border-radius: 3px;
}
QCheckBox, QRadioButton { border: 2px solid transparent; }
"""
"""A clear focus outline on every control that takes the keyboard: two pixels of the
palette's Highlight colour (light and dark alike)."""


# --- contrast (WCAG 2.x)


def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor | str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    c = colour if isinstance(colour, QColor) else QColor(colour)  # (a QColor given to QColor
    # is matched against Qt.GlobalColor too: making Qt's ninety enums before the first frame)
    return 0.2126 * _channel(c.red()) + 0.7152 * _channel(c.green()) \
        + 0.0722 * _channel(c.blue())


def contrast(a: QColor | str, b: QColor | str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def over(fg: QColor, bg: QColor) -> QColor:
    """``fg`` as seen on ``bg`` (a translucent colour blended in)."""
    a = fg.alphaF()
    return QColor.fromRgbF(fg.redF() * a + bg.redF() * (1 - a),
                           fg.greenF() * a + bg.greenF() * (1 - a),
                           fg.blueF() * a + bg.blueF() * (1 - a))


def muted(text: QColor, background: QColor, ratio: float = 4.8) -> QColor:
    """A quieter colour for secondary text: ``text`` moved toward ``background`` as far as
    it can go while keeping ``ratio`` (so it reads on any palette, light or dark)."""
    text, background = over(text, background), over(background, background)
    best = text
    for step in range(1, 21):
        t = step / 20 * 0.6
        mix = QColor.fromRgbF(text.redF() * (1 - t) + background.redF() * t,
                              text.greenF() * (1 - t) + background.greenF() * t,
                              text.blueF() * (1 - t) + background.blueF() * t)
        if contrast(mix, background) < ratio:
            break
        best = mix
    return best


# --- palettes


def palette(scheme: str) -> QPalette:
    """The palette for ``"light"`` or ``"dark"``; disabled text is greyed, as usual."""
    colours = _SCHEMES[scheme]
    pal = QPalette()
    for name, value in colours.items():
        pal.setColor(_role(name), QColor(value))
    disabled = muted(QColor(colours["WindowText"]), QColor(colours["Window"]), 2.5)
    for name in ("WindowText", "Text", "ButtonText"):
        pal.setColor(QPalette.ColorGroup.Disabled, _role(name), disabled)
    return pal


def system_scheme() -> str:
    """"dark" when the desktop asks for a dark look, else "light"."""
    from PySide6.QtCore import Qt

    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def scheme_of(pal: QPalette) -> str:
    """Which scheme a palette is closest to (by its window's brightness)."""
    return "dark" if luminance(pal.color(QPalette.ColorRole.Window)) < 0.2 else "light"


STYLE = "Fusion"
"""The same look everywhere, and one that honours the palette."""


def new_application(argv: list[str]) -> QApplication:
    """The application object, made with its style (``STYLE``) from the start: cheaper than
    making the platform's style and replacing it (``apply`` then leaves the style alone)."""
    app = QApplication([*argv[:1], "-style", STYLE, *argv[1:]])
    app.setProperty("riskwizard_styled", True)
    return app


def apply(app: QApplication, scheme: str | None = None, *, assumed: str | None = None) -> None:
    """Give the application its style, palette and focus outline; with no ``scheme``, follow
    the desktop's light or dark setting, now and when it changes.

    ``assumed``: the desktop's setting as last seen (``Settings.last_scheme``). Its palette is
    used at once and the desktop is asked only in ``follow_desktop``, after the first frame:
    asking makes PySide build the whole ``Qt`` namespace, about a sixth of a bare window's
    start-up."""
    if not app.property("riskwizard_styled"):
        app.setStyle(STYLE)
        app.setProperty("riskwizard_styled", True)
    if scheme is None and assumed is not None and assumed in _SCHEMES:
        app.setPalette(palette(assumed))
    else:
        app.setPalette(palette(scheme or system_scheme()))
        if scheme is None:
            follow_desktop(app)
    app.setStyleSheet(STYLESHEET)


def follow_desktop(app: QApplication) -> str:
    """Take the desktop's light or dark setting now, and whenever it changes; returns it."""
    now = system_scheme()
    if scheme_of(app.palette()) != now:
        app.setPalette(palette(now))
    if not app.property("riskwizard_follows_scheme"):
        app.setProperty("riskwizard_follows_scheme", True)
        QGuiApplication.styleHints().colorSchemeChanged.connect(
            lambda _: app.setPalette(palette(system_scheme())))
    return now


# --- quieter text


class _Muter(QObject):
    """Keeps muted widgets' text quiet but readable whenever the palette changes."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QWidget) and event.type() in (
                QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                QEvent.Type.ParentChange, QEvent.Type.Show):
            _set_muted(watched)
        return False


_MUTER: _Muter | None = None


def _set_muted(widget: QWidget) -> None:
    parent = widget.parentWidget()
    base = parent.palette() if parent is not None else QApplication.palette()
    role = QPalette.ColorRole
    colour = muted(base.color(role.WindowText), base.color(role.Window))
    pal = widget.palette()
    if pal.color(role.WindowText) != colour or pal.color(role.Window) != base.color(role.Window):
        pal.setColor(role.WindowText, colour)
        pal.setColor(role.Window, base.color(role.Window))
        widget.setPalette(pal)


def mute(widget: QWidget) -> None:
    """Draw ``widget``'s text in a quieter colour that keeps 4.5:1 on its background, in the
    light palette and the dark one."""
    global _MUTER
    if _MUTER is None:
        _MUTER = _Muter(QApplication.instance())
    widget.setForegroundRole(QPalette.ColorRole.WindowText)
    widget.installEventFilter(_MUTER)
    _set_muted(widget)


def warning_colour(widget: QWidget) -> str:
    """The colour for warning words on ``widget``'s background."""
    return WARNING[scheme_of(widget.palette())]
