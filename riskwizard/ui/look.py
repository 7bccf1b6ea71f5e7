"""How the window looks: the light and dark palettes, the focus outline, and quieter text
that still reads. Every colour pair the program sets is listed here (``PAIRS``) so a test can
hold each to the WCAG contrast ratios (4.5:1 for text, 3:1 for large text and outlines)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QScrollArea

Role = QPalette.ColorRole

LIGHT: dict[QPalette.ColorRole, str] = {
    Role.Window: "#f3f4f6",
    Role.WindowText: "#1f2937",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#eef2f7",
    Role.Text: "#111827",
    Role.Button: "#e5e7eb",
    Role.ButtonText: "#111827",
    Role.BrightText: "#ffffff",
    Role.Highlight: "#1d4ed8",
    Role.HighlightedText: "#ffffff",
    Role.PlaceholderText: "#5b6470",
    Role.ToolTipBase: "#fffbe6",
    Role.ToolTipText: "#111827",
    Role.Link: "#1d4ed8",
    Role.LinkVisited: "#6d28d9",
    Role.Light: "#ffffff",
    Role.Midlight: "#f3f4f6",
    Role.Mid: "#858d99",
    Role.Dark: "#6b7280",
    Role.Shadow: "#374151",
}
"""The light palette."""

DARK: dict[QPalette.ColorRole, str] = {
    Role.Window: "#202329",
    Role.WindowText: "#e5e7eb",
    Role.Base: "#17191d",
    Role.AlternateBase: "#272b32",
    Role.Text: "#e5e7eb",
    Role.Button: "#2f343c",
    Role.ButtonText: "#e5e7eb",
    Role.BrightText: "#ffffff",
    Role.Highlight: "#60a5fa",
    Role.HighlightedText: "#0b1220",
    Role.PlaceholderText: "#a3aab5",
    Role.ToolTipBase: "#2f343c",
    Role.ToolTipText: "#f3f4f6",
    Role.Link: "#7cb8ff",
    Role.LinkVisited: "#c4a5ff",
    Role.Light: "#4b5563",
    Role.Midlight: "#374151",
    Role.Mid: "#6b7280",
    Role.Dark: "#111316",
    Role.Shadow: "#000000",
}
"""The dark palette."""

SCHEMES = {"light": LIGHT, "dark": DARK}

PAIRS: list[tuple[QPalette.ColorRole, QPalette.ColorRole, str]] = [
    (Role.WindowText, Role.Window, "labels"),
    (Role.Text, Role.Base, "fields, lists and tables"),
    (Role.Text, Role.AlternateBase, "alternate rows, the guidance pane"),
    (Role.ButtonText, Role.Button, "buttons"),
    (Role.HighlightedText, Role.Highlight, "the selected row"),
    (Role.PlaceholderText, Role.Base, "hints in empty fields"),
    (Role.ToolTipText, Role.ToolTipBase, "tool tips"),
    (Role.Link, Role.Base, "links in the guidance"),
    (Role.Link, Role.Window, "links in the question"),
    (Role.LinkVisited, Role.Base, "links followed"),
]
"""Text on its background: (foreground role, background role, where it is seen)."""

OUTLINES: list[tuple[QPalette.ColorRole, QPalette.ColorRole]] = [
    (Role.Highlight, Role.Window), (Role.Highlight, Role.Base), (Role.Highlight, Role.Button),
    (Role.Mid, Role.Base), (Role.Mid, Role.Window),
]
"""The focus outline (Highlight) and the edges of fields (Mid) against what they surround:
3:1 at least."""


WARNING = {"light": "#9a3412", "dark": "#fdba74"}
"""Warning words ("No action planned"), on the window's background."""

AA_TEXT, AA_LARGE = 4.5, 3.0

FOCUS_WIDTH = 2
"""The focus outline: two pixels of the palette's Highlight colour, light and dark alike,
on every control that takes the keyboard (drawn by ``focus_style.Outline``)."""

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
    colours = SCHEMES[scheme]
    pal = QPalette()
    for role, value in colours.items():
        pal.setColor(role, QColor(value))
    disabled = muted(QColor(colours[Role.WindowText]), QColor(colours[Role.Window]), 2.5)
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return pal


def system_scheme() -> str:
    """"dark" when the desktop asks for a dark look, else "light"."""
    from riskwizard.ui import desktop  # (read without making PySide's Qt namespace)

    return "dark" if desktop.color_scheme() == desktop.DARK else "light"


def scheme_of(pal: QPalette) -> str:
    """Which scheme a palette is closest to (by its window's brightness)."""
    return "dark" if luminance(pal.color(Role.Window)) < 0.2 else "light"


STYLE = "Fusion"
"""The same look everywhere, and one that honours the palette."""


def new_application(argv: list[str]) -> QApplication:
    """The application object, made with Fusion (``STYLE``) from the start: cheaper than
    making the platform's style first (``apply`` then gives it the focus outline)."""
    return QApplication([*argv[:1], "-style", STYLE, *argv[1:]])


def apply(app: QApplication, scheme: str | None = None, *, assumed: str | None = None,
          pictures: bool = True) -> None:
    """Give the application its style (Fusion, the focus outline: ``focus_style``) and
    palette; with no ``scheme``, follow the desktop's light or dark setting, now and when it
    changes.

    ``assumed``: the desktop's setting as last seen (``Settings.last_scheme``). Its palette is
    used at once and the desktop is asked only in ``follow_desktop``, after the first frame.
    ``pictures``: scroll bars drawn from pictures at once (``bar_pictures``); start-up sets
    them after the first frame (``keep_bar_pictures``)."""
    from riskwizard.ui import focus_style

    if pictures:
        keep_bar_pictures(app)
    elif not app.style().inherits("QProxyStyle"):
        app.setStyle(STYLE)
    focus_style.install(app)
    if scheme is None and assumed is not None and assumed in SCHEMES:
        app.setPalette(palette(assumed))
    else:
        app.setPalette(palette(scheme or system_scheme()))
        if scheme is None:
            follow_desktop(app)


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


# --- scroll areas


def paint_once(scroll: QScrollArea) -> None:
    """Let a scroll area's contents be painted once when its page is shown, not twice.

    ``QScrollArea.setWidget`` makes its contents fill their own background, which makes
    Qt paint them (and everything in them) on their own first, then again with the rest of
    the window (10 ms for the overview). Drawn without a background of their own, over
    the window's, they look the same and are painted once. Call after ``setWidget``."""
    scroll.viewport().setAutoFillBackground(False)
    body = scroll.widget()
    if body is not None:
        body.setAutoFillBackground(False)


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


def keep_bar_pictures(app: QApplication) -> None:
    """Fusion drawing each scroll bar once for each look it takes (``bar_pictures``); the
    same pixels as plain Fusion, so set after the first frame at start-up."""
    from riskwizard.ui.bar_pictures import BarPictures

    if not isinstance(app.style(), BarPictures):
        app.setStyle(BarPictures(STYLE))
