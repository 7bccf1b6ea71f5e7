"""Issue 18, accessibility: every colour pair the program sets reads at WCAG AA (light and
dark), quieter text included, and the control with the keyboard has a clear outline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMargins, QPoint, QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from riskwizard.domain.risk import default_matrix
from riskwizard.ui import look, pages
from riskwizard.ui.main_window import MainWindow

SCHEMES = sorted(look.SCHEMES)


def test_contrast_is_measured_as_wcag_does() -> None:
    assert look.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert look.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert look.contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_palette_pair_reads(scheme: str) -> None:
    pal = look.palette(scheme)
    weak = []
    for fg, bg, where in look.PAIRS:
        ratio = look.contrast(pal.color(fg), pal.color(bg))
        if ratio < look.AA_TEXT:
            weak.append(f"{fg.name} on {bg.name} ({where}): {ratio:.2f}:1")
    for fg, bg in look.OUTLINES:
        ratio = look.contrast(pal.color(fg), pal.color(bg))
        if ratio < look.AA_LARGE:
            weak.append(f"focus outline {fg.name} on {bg.name}: {ratio:.2f}:1")
    muted = look.muted(pal.color(look.Role.WindowText), pal.color(look.Role.Window))
    if look.contrast(muted, pal.color(look.Role.Window)) < look.AA_TEXT:
        weak.append("quieter text on the window")
    warning = QColor(look.WARNING[scheme])
    for bg in (look.Role.Window, look.Role.Base):
        if look.contrast(warning, pal.color(bg)) < look.AA_TEXT:
            weak.append(f"warning words on {bg.name}")
    assert not weak, "\n".join(weak)


def test_the_risk_levels_read_on_their_own_colours() -> None:
    weak = [f"{lv.name}: {lv.text} on {lv.color}" for lv in default_matrix().levels
            if look.contrast(lv.text, lv.color) < look.AA_TEXT]
    assert not weak, "\n".join(weak)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_quieter_text_reads_on_every_page(qtbot: QtBot, qapp: QApplication, make_window: Any,
                                          demo_file: Path, questionnaire: Any,
                                          scheme: str) -> None:
    """Every label shown, on every page, against the background it is drawn on: the
    breadcrumb, the citation and the legend included, after switching palettes."""
    look.apply(qapp, scheme)
    window: MainWindow = make_window(questionnaire)
    window.resize(1366, 768)
    assert window.open_path(demo_file)
    weak: list[str] = []
    for spec in pages.ordered():
        window.show_page(spec.key)
        qtbot.wait(10)
        for label in window.findChildren(QLabel):
            if not label.isVisible() or not label.text().strip() or label.pixmap() \
                    and not label.pixmap().isNull():
                continue
            if label.styleSheet():
                continue  # coloured chips: checked with the risk levels
            pal = label.palette()
            fg = look.over(pal.color(label.foregroundRole()), pal.color(label.backgroundRole()))
            ratio = look.contrast(fg, _background(label))
            if ratio < look.AA_TEXT:
                weak.append(f"{spec.title}: {label.text()[:40]!r} {ratio:.2f}:1")
    assert not weak, "\n".join(weak)


def _background(widget: QWidget) -> QColor:
    """The colour a widget is drawn on: the nearest ancestor that fills its background."""
    w: QWidget | None = widget
    while w is not None:
        if w.autoFillBackground() or w.parentWidget() is None:
            return w.palette().color(w.backgroundRole())
        w = w.parentWidget()
    return widget.palette().color(widget.backgroundRole())


def _outline_pixels(image: QImage, colour: QColor, band: int = 4) -> int:
    """Pixels of ``colour`` (or close to it) in the outer ``band`` pixels of ``image``."""
    w, h = image.width(), image.height()
    edge = [(x, y) for y in range(h)
            for x in (*range(min(band, w)), *range(max(w - band, band), w))]
    edge += [(x, y) for x in range(band, max(w - band, band))
             for y in (*range(min(band, h)), *range(max(h - band, band), h))]
    return sum(1 for x, y in edge if look.contrast(image.pixelColor(QPoint(x, y)), colour) < 1.3)


def _seen(window: QWidget, widget: QWidget, around: int = 4) -> QImage:
    """What the window shows of ``widget`` and ``around`` pixels round it (the outline is
    drawn just outside the control, over its parent; a field's edge, on its own edge)."""
    top_left = widget.mapTo(window, QPoint(-around, -around))
    return window.grab(QRect(top_left, widget.size().grownBy(
        QMargins(around, around, around, around)))).toImage()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_focused_control_has_a_clear_outline(qtbot: QtBot, qapp: QApplication,
                                                 make_window: Any, demo_file: Path,
                                                 questionnaire: Any, scheme: str) -> None:
    """Each kind of control on the question and practice pages, as the window shows it with
    and without the keyboard: focused, it shows a ring of the Highlight colour it did not
    show before."""
    look.apply(qapp, scheme)
    window: MainWindow = make_window(questionnaire)
    window.resize(1366, 768)
    assert window.open_path(demo_file)
    ring = window.palette().color(look.Role.Highlight)
    checked: set[str] = set()
    faint: list[str] = []
    for key in ("questions", "practice", "risks"):
        window.show_page(key)
        qtbot.wait(20)
        page = window.pages[key]
        for w in page.findChildren(QWidget):
            kind = type(w).__mro__[[c.__module__.startswith("PySide6") for c in
                                    type(w).__mro__].index(True)].__name__
            if kind in checked or not w.isVisible() or not w.isEnabled() \
                    or not w.focusPolicy() & w.focusPolicy().TabFocus or w.width() < 8:
                continue
            checked.add(kind)
            window.setFocus()
            qtbot.wait(5)
            before = _outline_pixels(_seen(window, w), ring, band=8)
            w.setFocus()
            qtbot.waitUntil(w.hasFocus)
            qtbot.wait(5)
            after = _outline_pixels(_seen(window, w), ring, band=8)
            if after - before < w.width() + w.height():  # a ring at least 1px all round
                faint.append(f"{kind} {w.accessibleName()!r}: {before} -> {after}")
    assert {"QPushButton", "QRadioButton", "QLineEdit", "QComboBox"} <= checked
    assert not faint, "\n".join(faint)
