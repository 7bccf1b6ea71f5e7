"""The risk heat map: likelihood x impact, each cell in its level's color with the count."""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors

from riskwizard.domain.risk import RiskMatrix
from riskwizard.report.fonts import MAIN, MAIN_BOLD
from riskwizard.report.layout import INK, MUTED


def heat_map(matrix: RiskMatrix, counts: Mapping[tuple[int, int], int], *,
             cell: float = 34, label_width: float = 80) -> Drawing:
    """Rows are likelihood (most likely on top), columns impact (least on the left)."""
    n_l, n_i = len(matrix.likelihood), len(matrix.impact)
    top_pad, bottom_pad = 16, 44
    width = label_width + n_i * cell + 4
    height = top_pad + n_l * cell + bottom_pad
    d = Drawing(width, height)
    x0, y0 = label_width, bottom_pad
    for li in range(1, n_l + 1):
        y = y0 + (li - 1) * cell
        point = matrix.likelihood[li - 1]
        d.add(String(x0 - 6, y + cell / 2 - 3, point.name, fontName=MAIN, fontSize=7.5,
                     fillColor=INK, textAnchor="end"))
        for ii in range(1, n_i + 1):
            level = matrix.level(li, ii)
            count = counts.get((li, ii), 0)
            fill = colors.HexColor(level.color)
            x = x0 + (ii - 1) * cell
            d.add(Rect(x, y, cell, cell, fillColor=fill, strokeColor=colors.white,
                       strokeWidth=1.5, fillOpacity=1 if count else 0.35))
            if count:
                d.add(String(x + cell / 2, y + cell / 2 - 5, str(count), fontName=MAIN_BOLD,
                             fontSize=13, fillColor=colors.HexColor(level.text),
                             textAnchor="middle"))
    for ii in range(1, n_i + 1):
        x = x0 + (ii - 0.5) * cell
        d.add(String(x, y0 - 11, matrix.impact[ii - 1].name, fontName=MAIN, fontSize=7,
                     fillColor=INK, textAnchor="middle"))
    d.add(String(x0 + n_i * cell / 2, 8, "Impact", fontName=MAIN_BOLD, fontSize=8,
                 fillColor=MUTED, textAnchor="middle"))
    d.add(String(x0 - 6, y0 + n_l * cell + 5, "Likelihood", fontName=MAIN_BOLD,
                 fontSize=8, fillColor=MUTED, textAnchor="end"))
    return d
