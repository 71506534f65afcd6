"""Bar charts as PNG, drawn with Pillow in Liberation Serif (Times New Roman's metrics), so a
chart reads like the page around it in Word, LibreOffice and the HTML renderer alike.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from lamtheo.reporting.render.layout import UNIT_LABEL, clean, font_file
from lamtheo.reporting.render.model import Chart
from lamtheo.vn.numbers import format_number

WIDTH_CM = 15.0
WIDTH_PX = 1200
DPI = round(WIDTH_PX / (WIDTH_CM / 2.54))  # 203 dots per inch: 15 cm wide when inserted
_PX_PER_PT = WIDTH_PX / (WIDTH_CM / 2.54 * 72)

_INK = (0, 0, 0)
_BAR = (54, 82, 128)
_GRID = (200, 200, 200)


@cache
def _font(size_pt: float, bold: bool = False):
    size = round(size_pt * _PX_PER_PT)
    path = font_file(bold=bold)
    if path is not None:
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def value_label(value: float) -> str:
    """A bar's value as Vietnamese writes it: 1.567, 12,8 (two decimals at most).

    >>> value_label(1567.0), value_label(12.8), value_label(0.125), value_label(float("nan"))
    ('1.567', '12,8', '0,13', '')
    """
    if not math.isfinite(value):
        return ""
    if float(value).is_integer():
        return format_number(int(value))
    return format_number(Decimal(repr(float(value))).normalize(), places=2).rstrip("0").rstrip(",")


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: float) -> str:
    """The text cut with an ellipsis to fit the width."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: float) -> list[str]:
    """The text broken into lines at spaces to fit the width."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(_fit(draw, word, font, width))
    return lines


def chart_png(chart: Chart, *, with_title: bool = True) -> bytes:
    """The chart as a horizontal bar chart, 15 cm wide at 203 dpi: title (unless the page
    sets it as a caption), unit, one bar per (label, value) with its value at the bar's end."""
    title_font, label_font = _font(13, bold=True), _font(12)
    scratch = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    margin = round(8 * _PX_PER_PT)
    inner = WIDTH_PX - 2 * margin
    title_lines = _wrap(scratch, clean(chart.title), title_font, inner) if with_title else []
    unit = f"{UNIT_LABEL}: {clean(chart.measure)}" if chart.measure.strip() else ""

    bars = [(clean(label), float(value)) for label, value in chart.bars]
    values = [value if math.isfinite(value) else 0.0 for _, value in bars]
    line_height = round(label_font.size * 1.3)
    row_height = round(label_font.size * 1.9)
    label_width = min(
        max([scratch.textlength(label, font=label_font) for label, _ in bars] or [0]),
        inner * 0.38,
    )
    value_width = (
        max([scratch.textlength(value_label(v), font=label_font) for _, v in bars] or [0])
        + label_font.size
    )
    plot_left = margin + label_width + label_font.size
    plot_width = max(WIDTH_PX - margin - value_width - plot_left, inner * 0.2)

    top = margin + len(title_lines) * round(title_font.size * 1.3)
    if unit:
        top += line_height
    top += round(label_font.size * 0.6)
    height = top + max(len(bars), 1) * row_height + margin
    image = Image.new("RGB", (WIDTH_PX, height), "white")
    draw = ImageDraw.Draw(image)

    y = margin
    for line in title_lines:
        draw.text((WIDTH_PX / 2, y), line, font=title_font, fill=_INK, anchor="ma")
        y += round(title_font.size * 1.3)
    if unit:
        draw.text((WIDTH_PX / 2, y), unit, font=label_font, fill=_INK, anchor="ma")

    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0

    def x_of(value: float) -> float:
        return plot_left + (value - low) / span * plot_width

    zero = x_of(0.0)
    draw.line([(zero, top), (zero, top + len(bars) * row_height)], fill=_INK, width=2)
    for index, ((label, raw), value) in enumerate(zip(bars, values, strict=True)):
        row_top = top + index * row_height
        middle = row_top + row_height / 2
        shown = _fit(draw, label, label_font, label_width)
        draw.text(
            (plot_left - label_font.size / 2, middle),
            shown,
            font=label_font,
            fill=_INK,
            anchor="rm",
        )
        start, end = sorted((zero, x_of(value)))
        bar_top, bar_bottom = row_top + row_height * 0.18, row_top + row_height * 0.82
        if end - start >= 1:
            draw.rectangle([(start, bar_top), (end, bar_bottom)], fill=_BAR)
        # The value stands right of the bar, or right of the zero line for a negative one.
        draw.text((end + 6, middle), value_label(raw), font=label_font, fill=_INK, anchor="lm")
        if index:
            draw.line([(plot_left, row_top), (plot_left + plot_width, row_top)], fill=_GRID)

    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(DPI, DPI), compress_level=6)  # optimize: 8x slower
    return out.getvalue()
