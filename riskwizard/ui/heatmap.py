"""The likelihood × impact grid, each cell in its level's color with the number of risks."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from riskwizard.domain.risk import RiskMatrix, default_matrix

IMPACT_TITLE = "Impact: how bad it would be →"
LIKELIHOOD_TITLE = "Likelihood →"
SMALLEST = 0.8
"""The smallest the axis names get (of the window's font) before the map asks for room."""


class HeatMap(QWidget):
    """Counts of live risks by (likelihood, impact), colored from the risk matrix."""

    cell_clicked = Signal(int, int)
    """Likelihood and impact of the clicked cell."""

    def __init__(self, parent: QWidget | None = None, matrix: RiskMatrix | None = None) -> None:
        super().__init__(parent)
        self.matrix = matrix or default_matrix()
        self.counts: Mapping[tuple[int, int], int] = {}
        self._picture: tuple[tuple[object, ...], QPixmap] | None = None
        """The map as last drawn, and what it was drawn for (shown again while that holds:
        antialiased rounded cells are slow to draw, and the overview is shown often)."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Risk heat map")

    def set_counts(self, counts: Mapping[tuple[int, int], int]) -> None:
        if dict(counts) == self.counts and self.accessibleDescription():
            return  # the same map: nothing to describe or draw again
        self.counts = dict(counts)
        total = sum(self.counts.values())
        self.setAccessibleDescription(
            f"{total} open risks by likelihood and impact: " + "; ".join(
                f"{self.matrix.likelihood_name(li)} and {self.matrix.impact_name(im)}: {n}"
                for (li, im), n in sorted(self.counts.items())))
        self.update()

    def sizeHint(self) -> QSize:
        em = self.fontMetrics().horizontalAdvance("M")
        return QSize(em * 38, em * 24)

    def minimumSizeHint(self) -> QSize:
        """Wide enough for every impact name under its column and the axis title."""
        fm = self.fontMetrics()
        left = max(fm.horizontalAdvance(p.name) for p in self.matrix.likelihood) + \
            fm.height() * 2.2
        small = QFontMetrics(self._label_font(SMALLEST))
        column = max(small.horizontalAdvance(p.name) for p in self.matrix.impact) + 8
        bold = self._label_font(SMALLEST)
        bold.setBold(True)
        title = QFontMetrics(bold).horizontalAdvance(IMPACT_TITLE) + 8
        width = int(left + max(column * len(self.matrix.impact), title) + 8)
        return QSize(width, int(fm.height() * (3.4 + 2 * len(self.matrix.likelihood))))

    def _label_font(self, scale: float) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        return font

    def impact_font(self) -> QFont:
        """The font of the impact names: the window's, smaller (down to ``SMALLEST``) when
        the columns are too narrow for the longest name."""
        _, _, cw, _ = self._geometry()
        longest = max(self.fontMetrics().horizontalAdvance(p.name) for p in self.matrix.impact)
        scale = min(1.0, max(SMALLEST, (cw - 4) / max(longest, 1)))
        return self._label_font(scale)

    def elided_texts(self) -> list[str]:
        """The axis labels that do not fit where they are drawn (none, at any size the
        layout allows; the window's layout checks ask)."""
        fm = self.fontMetrics()
        left, _, cw, ch = self._geometry()
        ifm = QFontMetrics(self.impact_font())
        out = [p.name for p in self.matrix.impact if ifm.horizontalAdvance(p.name) > cw]
        out += [p.name for p in self.matrix.likelihood
                if fm.horizontalAdvance(p.name) > left - 8 or fm.height() > ch]
        bold = self.impact_font()
        bold.setBold(True)
        if QFontMetrics(bold).horizontalAdvance(IMPACT_TITLE) > cw * len(self.matrix.impact):
            out.append(IMPACT_TITLE)
        if QFontMetrics(bold).horizontalAdvance(LIKELIHOOD_TITLE) > ch * len(
                self.matrix.likelihood):
            out.append(LIKELIHOOD_TITLE)
        return out

    def _geometry(self) -> tuple[float, float, float, float]:
        fm = self.fontMetrics()
        left = max(fm.horizontalAdvance(p.name) for p in self.matrix.likelihood) + \
            fm.height() * 2.2
        bottom = fm.height() * 3.4
        n_l, n_i = len(self.matrix.likelihood), len(self.matrix.impact)
        cw = (self.width() - left - 6) / n_i
        ch = (self.height() - bottom - 6) / n_l
        return left, 6.0, cw, ch

    def paintEvent(self, event: QPaintEvent) -> None:
        ratio = self.devicePixelRatioF()
        drawn_for = (self.size(), ratio, sorted(self.counts.items()), self.palette().cacheKey(),
                     self.font().key())
        if self._picture is None or self._picture[0] != drawn_for:
            picture = QPixmap(self.size() * ratio)
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            self._draw(picture)
            self._picture = (drawn_for, picture)
        p = QPainter(self)
        p.drawPixmap(0, 0, self._picture[1])
        p.end()

    def _draw(self, device: QPixmap) -> None:
        p = QPainter(device)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text_color = pal.color(QPalette.ColorRole.WindowText)
        left, top, cw, ch = self._geometry()
        n_l = len(self.matrix.likelihood)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.3)
        big.setBold(True)
        for li in range(1, n_l + 1):
            y = top + (n_l - li) * ch
            for im in range(1, len(self.matrix.impact) + 1):
                x = left + (im - 1) * cw
                level = self.matrix.level(li, im)
                rect = QRectF(x + 2, y + 2, cw - 4, ch - 4)
                count = self.counts.get((li, im), 0)
                color = QColor(level.color)
                if not count:
                    color.setAlphaF(0.35)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(color)
                p.drawRoundedRect(rect, 4, 4)
                if count:
                    p.setPen(QColor(level.text))
                    p.setFont(big)
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count))
            p.setFont(self.font())
            p.setPen(text_color)
            p.drawText(QRectF(0, y, left - 8, ch),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       self.matrix.likelihood_name(li))
        fm = self.fontMetrics()
        base = top + n_l * ch + 2
        p.setFont(self.impact_font())
        for im in range(1, len(self.matrix.impact) + 1):
            x = left + (im - 1) * cw
            p.drawText(QRectF(x, base, cw, fm.height() * 1.3),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                       self.matrix.impact_name(im))
        bold = self.impact_font()
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRectF(left, base + fm.height() * 1.5, cw * len(self.matrix.impact),
                          fm.height() * 1.6), Qt.AlignmentFlag.AlignHCenter,
                   IMPACT_TITLE)
        p.save()
        p.translate(fm.height() * 0.2, top + n_l * ch)
        p.rotate(-90)
        p.drawText(QRectF(0, 0, n_l * ch, fm.height() * 1.4), Qt.AlignmentFlag.AlignHCenter,
                   LIKELIHOOD_TITLE)
        p.restore()
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        left, top, cw, ch = self._geometry()
        pos = event.position()
        im = int((pos.x() - left) // cw) + 1
        li = len(self.matrix.likelihood) - int((pos.y() - top) // ch)
        if 1 <= im <= len(self.matrix.impact) and 1 <= li <= len(self.matrix.likelihood):
            self.cell_clicked.emit(li, im)
        super().mousePressEvent(event)
