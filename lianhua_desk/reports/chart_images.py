"""A report chart (`document.Chart`) as a PNG picture, for the Word copy.

The PDF draws its charts as vectors with reportlab graphics (charts.py); reportlab can
only rasterise them through a renderPM backend (rlPyCairo or the old _renderPM), which
is not installed. Pillow is (reportlab itself requires it), so the picture is drawn
here with Pillow's ImageDraw in the same colours and the same CJK font as the PDF:
horizontal bars, largest on top, each with its value; or a pie with a legend naming
each slice, its value and its share.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from ..domain.numbers import separated
from . import fonts
from .charts import PALETTE
from .document import Chart

WIDTH = 1600  # pixels; placed 150 mm wide, so about 270 dpi
INK = (34, 34, 34)
MUTED = (110, 110, 110)
GRID = (221, 221, 221)
COLOURS = [tuple(int(c.hexval()[i : i + 2], 16) for i in (2, 4, 6)) for c in PALETTE]


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fonts.font_path()), size, index=0)


def png(chart: Chart, width: int = WIDTH) -> bytes:
    """The chart drawn as a PNG image, `width` pixels wide."""
    items = [(label, value) for label, value in chart.data if value]
    if chart.kind == "pie":
        image = _pie(items, width)
    elif chart.kind == "bar":
        image = _bar(items, width)
    else:
        raise ValueError(f"图表“{chart.caption}”的类型“{chart.kind}”无法绘制（只支持 bar、pie）。")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(270, 270))
    return buffer.getvalue()


def _canvas(width: int, height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (width, height), "white")
    return image, ImageDraw.Draw(image)


def _empty(width: int) -> Image.Image:
    image, draw = _canvas(width, 160)
    draw.text((width / 2, 80), "本期无数据", font=_font(40), fill=MUTED, anchor="mm")
    return image


def _bar(items: list[tuple[str, float]], width: int) -> Image.Image:
    if not items:
        return _empty(width)
    items = sorted(items, key=lambda kv: -kv[1])
    label_font, value_font = _font(34), _font(30)
    row, top, bottom = 64, 30, 30
    height = top + row * len(items) + bottom
    image, draw = _canvas(width, height)
    label_width = max(draw.textlength(label, font=label_font) for label, _ in items)
    value_width = max(draw.textlength(separated(v), font=value_font) for _, v in items)
    left = int(label_width) + 40
    span = width - left - int(value_width) - 40
    biggest = max(v for _, v in items)
    for step in range(1, 5):  # a light grid at quarters of the largest value
        x = left + span * step / 4
        draw.line([(x, top - 10), (x, height - bottom + 10)], fill=GRID, width=2)
    draw.line([(left, top - 10), (left, height - bottom + 10)], fill=MUTED, width=3)
    for i, (label, value) in enumerate(items):
        y = top + row * i + row / 2
        length = max(2.0, span * value / biggest)
        draw.rectangle([left, y - row * 0.32, left + length, y + row * 0.32], fill=COLOURS[0])
        draw.text((left - 16, y), label, font=label_font, fill=INK, anchor="rm")
        draw.text((left + length + 12, y), separated(value), font=value_font, fill=INK, anchor="lm")
    return image


def _pie(items: list[tuple[str, float]], width: int) -> Image.Image:
    if not items:
        return _empty(width)
    legend_font = _font(32)
    line = 52
    size = min(width * 2 // 5, 520)
    height = max(size, line * len(items)) + 60
    image, draw = _canvas(width, height)
    total = sum(v for _, v in items)
    box = [40, (height - size) / 2, 40 + size, (height + size) / 2]
    start = -90.0
    for i, (_, value) in enumerate(items):
        end = start + 360 * value / total
        draw.pieslice(box, start, end, fill=COLOURS[i % len(COLOURS)], outline="white", width=3)
        start = end
    x = 40 + size + 80
    y = (height - line * len(items)) / 2 + line / 2
    for i, (label, value) in enumerate(items):
        draw.rectangle([x, y - 14, x + 28, y + 14], fill=COLOURS[i % len(COLOURS)])
        text = f"{label}  {separated(value)}（{100 * value / total:.1f}%）"
        draw.text((x + 44, y), text, font=legend_font, fill=INK, anchor="lm")
        y += line
    return image
