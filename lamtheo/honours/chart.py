"""A bar chart of the statistics, drawn on the server as inline SVG: no script, no chart
library fetched, readable without colour (each bar carries its figure)."""

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, BAR, GAP, LABEL, PAD = 640, 18, 8, 220, 56


def bars_svg(rows: list[tuple[str, int, int]], *, title: str) -> SafeString:
    """`rows` are (label, collective, individual): one bar per row, in two parts."""
    if not rows:
        return mark_safe("")
    high = max(collective + individual for _, collective, individual in rows) or 1
    room = WIDTH - LABEL - PAD
    height = len(rows) * (BAR + GAP) + GAP + 20
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, collective, individual) in enumerate(rows):
        y = GAP + index * (BAR + GAP)
        first = room * collective / high
        second = room * individual / high
        shown = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + BAR - 4}" text-anchor="end" class="tick">'
            f"{escape(shown)}</text>"
        )
        parts.append(f'<rect x="{LABEL}" y="{y}" width="{first:.1f}" height="{BAR}" class="bar"/>')
        parts.append(
            f'<rect x="{LABEL + first:.1f}" y="{y}" width="{second:.1f}" height="{BAR}" '
            'class="bar second"/>'
        )
        parts.append(
            f'<text x="{LABEL + first + second + 6:.1f}" y="{y + BAR - 4}" class="value">'
            f"{escape(number_format(collective + individual, force_grouping=True))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
