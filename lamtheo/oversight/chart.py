"""The distribution of a round's grades as a bar chart, drawn on the server as inline SVG: no
script, no chart library fetched, no inline style (CSP), readable without colour (each bar
carries its count and share)."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, BAR, GAP, LABEL, PAD = 640, 22, 10, 230, 96


def grades_svg(rows: list[tuple[str, str, int, str]], *, title: str) -> SafeString:
    """`rows` are (grade key, label, count, the count and share as written): one bar each,
    its class `bar grade-<key>` (the stylesheet colours it)."""
    if not rows:
        return mark_safe("")
    high = max(count for _, _, count, _ in rows) or 1
    room = WIDTH - LABEL - PAD
    height = len(rows) * (BAR + GAP) + GAP
    parts = [
        f'<svg class="chart grades" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (key, label, count, figure) in enumerate(rows):
        y = GAP + index * (BAR + GAP)
        width = room * count / high
        shown = label if len(label) <= 36 else label[:35] + "…"
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + BAR - 6}" text-anchor="end" class="tick">'
            f"{escape(shown)}</text>"
        )
        parts.append(
            f'<rect x="{LABEL}" y="{y}" width="{width:.1f}" height="{BAR}" '
            f'class="bar grade-{escape(key)}">'
            f"<title>{escape(label)}: {escape(figure)}</title></rect>"
        )
        parts.append(
            f'<text x="{LABEL + width + 6:.1f}" y="{y + BAR - 6}" class="value">'
            f"{escape(figure)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
