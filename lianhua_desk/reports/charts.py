"""Charts drawn with reportlab graphics, every label in the CJK font."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from . import fonts
from .palette import PALETTE_HEX
from .styles import INK, MUTED

# The one palette (reports/palette.py), shared with the window's dashboard charts.
PALETTE = [colors.HexColor(c) for c in PALETTE_HEX]


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.initialFontName = fonts.register()  # else rendering starts by naming Helvetica
    return drawing


def _title(drawing: Drawing, text: str, width: float, height: float) -> None:
    drawing.add(
        String(
            width / 2,
            height - 14,
            text,
            fontName=fonts.register(),
            fontSize=11,
            fillColor=INK,
            textAnchor="middle",
        )
    )


def _empty(drawing: Drawing, width: float, height: float) -> Drawing:
    drawing.add(
        String(
            width / 2,
            height / 2,
            "本期无数据",
            fontName=fonts.register(),
            fontSize=10,
            fillColor=MUTED,
            textAnchor="middle",
        )
    )
    return drawing


def bar_chart(data: dict[str, float], title: str, width: float = 440, height: float = 0) -> Drawing:
    """Horizontal bars, one per category, largest on top, the count at each bar's end."""
    font = fonts.register()
    items = sorted(((k, v) for k, v in data.items() if v), key=lambda kv: kv[1])
    height = height or max(120, 40 + 18 * len(items))
    drawing = _drawing(width, height)
    _title(drawing, title, width, height)
    if not items:
        return _empty(drawing, width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 80, 20
    chart.width, chart.height = width - 120, height - 50
    chart.data = [[v for _, v in items]]
    chart.categoryAxis.categoryNames = [k for k, _ in items]
    _style_axes(chart, font, 8.5)
    chart.bars[0].fillColor = PALETTE[0]
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _style_axes(chart, font: str, size: float) -> None:
    """Axes of a bar chart: CJK labels, whole-number values from zero, a light grid."""
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = font
        axis.labels.fontSize = size
        axis.strokeColor = MUTED
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.valueAxis.labelTextFormat = "%d"


def pie_chart(data: dict[str, float], title: str, width: float = 440, height: float = 200):
    """A pie with a legend naming each slice and its count and share."""
    font = fonts.register()
    items = [(k, v) for k, v in data.items() if v]
    drawing = _drawing(width, height)
    _title(drawing, title, width, height)
    if not items:
        return _empty(drawing, width, height)
    total = sum(v for _, v in items)
    size = min(height - 40, width / 2 - 30)
    pie = Pie()
    pie.x, pie.y = 30, (height - 20 - size) / 2
    pie.width = pie.height = size
    pie.data = [v for _, v in items]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 0.8
    pie.slices.fontName = font
    for i in range(len(items)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    drawing.add(pie)
    legend = Legend()
    legend.x, legend.y = pie.x + size + 30, height - 34
    legend.fontName = font
    legend.fontSize = 8.5
    legend.alignment = "right"
    legend.dx = legend.dy = 8
    legend.deltay = min(14, (height - 50) / max(1, len(items)))
    legend.columnMaximum = 12
    legend.colorNamePairs = [
        (PALETTE[i % len(PALETTE)], f"{k}  {int(v)}（{100 * v / total:.1f}%）")
        for i, (k, v) in enumerate(items)
    ]
    drawing.add(legend)
    return drawing


def month_chart(
    series: dict[str, dict[str, float]], title: str, width: float = 440, height: float = 190
) -> Drawing:
    """Grouped vertical bars per month: series name → {'01'..'12' → value}."""
    font = fonts.register()
    drawing = _drawing(width, height)
    _title(drawing, title, width, height)
    months = [f"{m:02d}" for m in range(1, 13)]
    if not any(any(values.values()) for values in series.values()):
        return _empty(drawing, width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 36, 34
    chart.width, chart.height = width - 60, height - 80
    chart.data = [[values.get(m, 0) for m in months] for values in series.values()]
    chart.categoryAxis.categoryNames = [f"{int(m)}月" for m in months]
    _style_axes(chart, font, 8)
    chart.groupSpacing = 6
    for i in range(len(series)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = chart.x + chart.width / 2 - 60 * len(series) / 2, 12
    legend.fontName = font
    legend.fontSize = 8.5
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 80
    legend.dx = legend.dy = 8
    legend.colorNamePairs = [(PALETTE[i], name) for i, name in enumerate(series)]
    drawing.add(legend)
    return drawing
