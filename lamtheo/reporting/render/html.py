"""An official document as one self-contained HTML page (inline CSS, charts as data: PNG, no
URL to anywhere), laid out like the Word file so WeasyPrint can print it as the PDF when
LibreOffice is not installed.
"""

from __future__ import annotations

import base64
from html import escape

from lamtheo.reporting.render.chart import WIDTH_CM, chart_png
from lamtheo.reporting.render.layout import (
    ABSTRACT_DASHES,
    PARTY_STAR,
    RECIPIENTS_HEADING,
    Page,
    clean,
    column_weights,
    document_title,
    page_of,
    recipient_line,
    styled,
)
from lamtheo.reporting.render.model import Chart, Heading, OfficialDocument, Paragraph, Table

FONT_STACK = '"Times New Roman", "Liberation Serif", serif'
_ELEMENTS = (
    "header", "motto", "superior_body", "issuing_body", "number", "place_date", "type_name",
    "abstract", "signature_authority", "recipients_heading", "recipients",
)  # fmt: skip


def _text(value: str) -> str:
    return escape(clean(value), quote=True)


def _element_css(page: Page, element: str) -> str:
    style = page.style(element)
    rules = [f"font-size: {page.size(element)}pt"]
    rules.append(f"font-weight: {'bold' if style.bold else 'normal'}")
    rules.append(f"font-style: {'italic' if style.italic else 'normal'}")
    if style.underline:
        rules.append("text-decoration: underline")
    return f".{element.replace('_', '-')} {{ {'; '.join(rules)}; }}"


def _css(page: Page) -> str:
    margins = page.profile.layout.margins_mm
    body = page.body_size
    elements = "\n".join(_element_css(page, element) for element in _ELEMENTS)
    return f"""
@page {{
  size: A4;
  margin: {margins.top}mm {margins.right}mm {margins.bottom}mm {margins.left}mm;
  @top-center {{ content: counter(page); font-family: {FONT_STACK}; font-size: {body}pt; }}
}}
@page :first {{ @top-center {{ content: none; }} }}
html {{ font-family: {FONT_STACK}; font-size: {body}pt; line-height: 1.15; color: #000; }}
body {{ margin: 0; }}
p {{ margin: 0; }}
table.frame {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
table.frame td {{ vertical-align: top; text-align: center; padding: 0 1.9mm; }}
table.frame td.recipients {{ text-align: left; }}
.recipients p.recipients {{ padding-left: 2.5mm; text-indent: -2.5mm; }}
.rule {{ display: inline-block; border-bottom: 0.75pt solid #000; padding-bottom: 1pt; }}
.short-rule {{ width: 30%; margin: 1pt auto 0; border-top: 0.75pt solid #000; }}
.title {{ text-align: center; }}
.type-name {{ margin-top: 18pt; }}
.dashes {{ margin-bottom: 12pt; }}
.body-heading, .body-text {{ text-align: justify; text-indent: 10mm; margin: 0 0 6pt; }}
.body-heading {{ font-weight: bold; margin-top: 6pt; break-after: avoid; }}
.body-heading.level-3 {{ font-style: italic; }}
.source {{ font-size: {body - 1}pt; font-style: italic; }}
.caption {{ text-align: center; font-weight: bold; margin: 6pt 0; break-after: avoid; }}
table.data {{ width: 100%; border-collapse: collapse; table-layout: fixed;
  font-size: {page.table_size}pt; margin-bottom: 6pt; }}
table.data th, table.data td {{ border: 0.75pt solid #000; padding: 2pt 1.9mm;
  vertical-align: middle; text-align: left; overflow-wrap: break-word; }}
table.data th {{ text-align: center; font-weight: bold; }}
table.data td.num {{ text-align: right; }}
.chart {{ text-align: center; margin: 0 0 6pt; }}
.chart img {{ width: {WIDTH_CM * 10:g}mm; }}
.closing {{ margin-top: 12pt; break-inside: avoid; }}
.signature-name {{ margin-top: 72pt; font-weight: bold; }}
{elements}
"""


def _p(element: str, text: str, extra: str = "") -> str:
    classes = " ".join(part for part in (element.replace("_", "-"), extra) if part)
    return f'<p class="{classes}">{_text(text)}</p>'


def _heading_block(page: Page, doc: OfficialDocument) -> str:
    left = []
    if doc.superior.strip():
        left.append(_p("superior_body", styled(doc.superior, page.style("superior_body"))))
    left.append(_p("issuing_body", styled(doc.issuer, page.style("issuing_body"))))
    if page.party:
        left.append(_p("issuing_body", PARTY_STAR))
    else:
        left.append('<div class="short-rule"></div>')
    header = _text(styled(page.header, page.style("header")))
    if page.motto:
        right = [
            f'<p class="header">{header}</p>',
            f'<p class="motto"><span class="rule">{_text(page.motto)}</span></p>',
        ]
    else:
        right = [f'<p class="header"><span class="rule">{header}</span></p>']
    return f"""<table class="frame heading">
<colgroup><col style="width: {page.left_mm}mm"><col style="width: {page.right_mm}mm"></colgroup>
<tr><td>{"".join(left)}</td><td>{"".join(right)}</td></tr>
<tr><td style="padding-top: 4pt">{_p("number", page.number)}</td>
<td style="padding-top: 4pt">{_p("place_date", page.date_line)}</td></tr>
</table>"""


def _title_block(page: Page, doc: OfficialDocument) -> str:
    parts = [
        _p("type_name", styled(doc.type_name, page.style("type_name")), "title"),
        _p("abstract", styled(doc.abstract, page.style("abstract")), "title"),
    ]
    if page.party:
        parts.append(f'<p class="title dashes">{ABSTRACT_DASHES}</p>')
    else:
        parts.append('<div class="short-rule" style="width: 30mm; margin-bottom: 12pt"></div>')
    return "\n".join(parts)


def _table(block: Table) -> str:
    weights = column_weights(block)
    total = sum(weights) or 1.0
    cols = "".join(f'<col style="width: {100 * w / total:.2f}%">' for w in weights)
    head = "".join(f"<th>{_text(cell)}</th>" for cell in block.padded_header())
    numeric = set(block.numeric)
    body = "\n".join(
        "<tr>"
        + "".join(
            f'<td class="num">{_text(cell)}</td>' if i in numeric else f"<td>{_text(cell)}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in block.padded_rows()
    )
    caption = _p("caption", block.caption) if block.caption.strip() else ""
    return (
        f'{caption}<table class="data"><colgroup>{cols}</colgroup>'
        f"<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody></table>"
    )


def _chart(block: Chart) -> str:
    png = base64.b64encode(chart_png(block, with_title=False)).decode("ascii")
    caption = _p("caption", block.title) if block.title.strip() else ""
    return (
        f'{caption}<p class="chart"><img src="data:image/png;base64,{png}" '
        f'alt="{_text(block.title)}"></p>'
    )


def _block(block) -> str:
    if isinstance(block, Heading):
        level = max(1, min(int(block.level), 6))
        return (
            f'<h{level} class="body-heading level-{level}" style="font-size: inherit">'
            f"{_text(block.text)}</h{level}>"
        )
    if isinstance(block, Paragraph):
        source = ""
        if block.source.strip():
            source = f'<span class="source">({_text(block.source.strip())})</span> '
        return f'<p class="body-text">{source}{_text(block.text)}</p>'
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Chart):
        return _chart(block)
    raise TypeError(f"not a block of a document: {block!r}")


def _closing_block(page: Page, doc: OfficialDocument) -> str:
    recipients = [_p("recipients_heading", RECIPIENTS_HEADING)]
    recipients += [_p("recipients", recipient_line(r)) for r in doc.recipients if r.strip()]
    signature = doc.signature
    signing = [
        _p("signature_authority", styled(text, page.style("signature_authority")))
        for text in (signature.authority, signature.title)
        if text.strip()
    ]
    signing.append(_p("signature_authority", signature.name, "signature-name"))
    return f"""<table class="frame closing">
<colgroup><col style="width: {page.left_mm}mm"><col style="width: {page.right_mm}mm"></colgroup>
<tr><td class="recipients">{"".join(recipients)}</td><td>{"".join(signing)}</td></tr>
</table>"""


def render_html(doc: OfficialDocument) -> str:
    """The document as a complete HTML page: A4 with the profile's margins, Times New Roman
    (Liberation Serif where it is missing), every resource inline."""
    page = page_of(doc)
    body = "\n".join(_block(block) for block in doc.blocks)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{_text(document_title(doc))}</title>
<meta name="author" content="{_text(doc.issuer)}">
<meta name="dcterms.created" content="{doc.day.isoformat()}">
<style>{_css(page)}</style>
</head>
<body>
{_heading_block(page, doc)}
{_title_block(page, doc)}
{body}
{_closing_block(page, doc)}
</body>
</html>
"""
