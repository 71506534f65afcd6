"""A line chart of an indicator over periods, drawn on the server as inline SVG: no script,
no chart library fetched, readable without colour (each point carries its figure)."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, PAD_X, PAD_TOP, PAD_BOTTOM = 640, 240, 48, 28, 36


def _label(value: Decimal) -> str:
    return number_format(value.normalize() if value == value.to_integral() else value, 2)


def line_svg(
    points: list[tuple[str, Decimal | None]], *, title: str, measure: str = ""
) -> SafeString:
    """`points` are (period code, figure or None); a gap is left where there is no figure."""
    known = [value for _, value in points if value is not None]
    if not points or not known:
        return mark_safe("")
    low, high = min(known), max(known)
    if low == high:
        low, high = low - 1, high + 1
    low = min(low, Decimal(0)) if low >= 0 and low < high / 3 else low
    span = high - low
    step = (WIDTH - 2 * PAD_X) / max(1, len(points) - 1)
    plot = HEIGHT - PAD_TOP - PAD_BOTTOM

    def y(value: Decimal) -> float:
        return PAD_TOP + plot * float((high - value) / span)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{PAD_X}" y1="{HEIGHT - PAD_BOTTOM}" x2="{WIDTH - PAD_X}" '
        f'y2="{HEIGHT - PAD_BOTTOM}" class="axis"/>',
    ]
    path, segments = [], []
    for index, (code, value) in enumerate(points):
        x = PAD_X + index * step
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 12}" text-anchor="middle" class="tick">'
            f"{escape(code)}</text>"
        )
        if value is None:
            if path:
                segments.append(path)
            path = []
            continue
        path.append(f"{x:.1f},{y(value):.1f}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y(value):.1f}" r="4" class="point"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{y(value) - 9:.1f}" text-anchor="middle" class="value">'
            f"{escape(_label(value))}</text>"
        )
    if path:
        segments.append(path)
    for segment in segments:
        parts.insert(3, f'<polyline points="{" ".join(segment)}" class="line"/>')
    if measure:
        parts.append(f'<text x="4" y="14" class="tick">{escape(measure)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
