"""An official document as a Word file (python-docx), laid out by its format profile: A4, the
profile's margins and font, the two-column heading of page 1, the type name and abstract, the
body, and the recipients beside the signature.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt

from lamtheo.reporting.render.chart import WIDTH_CM, chart_png
from lamtheo.reporting.render.layout import (
    ABSTRACT_DASHES,
    PARTY_STAR,
    RECIPIENTS_HEADING,
    Page,
    clean,
    column_weights,
    document_title,
    normalize_zip,
    page_of,
    recipient_line,
    styled,
    text_width_mm,
)
from lamtheo.reporting.render.model import (
    Chart,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
)

Progress = Callable[[int, int], object]

CENTER, LEFT, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
FIRST_LINE_INDENT = Mm(10)
CELL_MARGIN_MM = 1.9  # Word's default left and right cell margin (108 twips)
# Children of w:pPr that come after w:pBdr (ECMA-376 order), for inserting a border.
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                     "w:tblDescription", "w:tblPrChange")  # fmt: skip


def _set_font_names(rpr, name: str) -> None:
    """Name the font for every script (ascii, hAnsi, East Asian, complex), dropping theme
    fonts, which would otherwise win in Word and LibreOffice."""
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), name)


def _border(side: str, value: str = "single", size: int = 6) -> OxmlElement:
    element = OxmlElement(f"w:{side}")
    element.set(qn("w:val"), value)
    if value != "nil":
        element.set(qn("w:sz"), str(size))  # eighths of a point
        element.set(qn("w:space"), "1")
        element.set(qn("w:color"), "000000")
    return element


class _Writer:
    """Builds one document; each method writes one part of the page."""

    def __init__(self, doc: OfficialDocument) -> None:
        self.doc = doc
        self.page: Page = page_of(doc)
        self.font = self.page.profile.layout.font
        self.word = Document()
        self._setup()

    # Document-wide settings ------------------------------------------------------------

    def _setup(self) -> None:
        margins = self.page.profile.layout.margins_mm
        section = self.word.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
        section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
        section.header_distance, section.footer_distance = Mm(10), Mm(10)

        styles = self.word.styles.element
        default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_font_names(default, self.font)
        for tag in ("w:sz", "w:szCs"):
            default.find(qn(tag)).set(qn("w:val"), str(self.page.body_size * 2))
        lang = default.find(qn("w:lang"))
        lang.set(qn("w:val"), "vi-VN")
        lang.set(qn("w:eastAsia"), "vi-VN")

        normal = self.word.styles["Normal"]
        normal.font.name = self.font
        normal.font.size = Pt(self.page.body_size)
        _set_font_names(normal.element.get_or_add_rPr(), self.font)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0

        # The template carries a thumbnail of another document: drop it.
        package_rels = self.word.part.package.rels
        for key, rel in list(package_rels.items()):
            if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
                del package_rels[key]

        properties = self.word.core_properties
        stamp = datetime(self.doc.day.year, self.doc.day.month, self.doc.day.day)
        properties.title = document_title(self.doc)
        properties.subject = self.page.number
        properties.author = clean(self.doc.issuer)
        properties.last_modified_by = clean(self.doc.issuer)
        properties.keywords = clean(self.doc.number)
        properties.comments = ""
        properties.category = clean(self.doc.type_name)
        properties.language = "vi-VN"
        properties.created = properties.modified = stamp
        properties.revision = 1

    # Runs and paragraphs ------------------------------------------------------------------

    def run(self, paragraph, text: str, size: float, *, bold=False, italic=False,
            underline=False, caps=False):  # fmt: skip
        run = paragraph.add_run(clean(text))
        font = run.font
        font.name = self.font
        _set_font_names(run._r.get_or_add_rPr(), self.font)
        font.size = Pt(size)
        font.bold, font.italic = bool(bold), bool(italic)
        font.underline, font.all_caps = bool(underline), bool(caps)
        return run

    def styled_run(self, paragraph, text: str, element: str):
        """A run set as the profile sets the element: size, weight, slant, underline, caps."""
        style = self.page.style(element)
        return self.run(
            paragraph,
            styled(text, style),
            self.page.size(element),
            bold=style.bold,
            italic=style.italic,
            underline=style.underline,
            caps=style.caps,
        )

    def paragraph(self, container=None, *, align=LEFT, before=0, after=0, indent=None,
                  keep_next=False, line=1.0):  # fmt: skip
        """A new paragraph; in a table cell the first call takes the cell's empty paragraph."""
        container = self.word if container is None else container
        # In a cell, its first paragraph (a new cell has one, empty); never the document's
        # list, which python-docx rebuilds on each call.
        existing = None if container is self.word else container.paragraphs
        if existing and len(existing) == 1 and not existing[0].runs:
            paragraph = existing[0]  # a new cell's paragraph (rules never open a cell)
        else:
            paragraph = container.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.alignment = align
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.line_spacing = line
        if indent is not None:
            fmt.first_line_indent = indent
        if keep_next:
            fmt.keep_with_next = True
        return paragraph

    def rule(self, container, width_mm: float, column_mm: float) -> None:
        """A centred horizontal rule `width_mm` long: an empty, 4pt paragraph with a bottom
        border, indented from both sides of its column."""
        paragraph = self.paragraph(container, align=CENTER)
        content = column_mm - 2 * CELL_MARGIN_MM
        side = max((content - min(width_mm, content)) / 2, 0)
        paragraph.paragraph_format.left_indent = Mm(side)
        paragraph.paragraph_format.right_indent = Mm(side)
        ppr = paragraph._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        borders.append(_border("bottom"))
        ppr.insert_element_before(borders, *_AFTER_PBDR)
        mark = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "8")
        mark.append(size)
        ppr.insert_element_before(mark, "w:sectPr", "w:pPrChange")

    def table(self, rows: int, widths_mm: tuple[float, ...], *, borders: bool):
        """A table of fixed column widths, with a grid or with no borders at all."""
        table = self.word.add_table(rows=rows, cols=len(widths_mm))
        table.autofit = False
        tblpr = table._tbl.tblPr
        width = tblpr.find(qn("w:tblW"))
        width.set(qn("w:type"), "dxa")
        width.set(qn("w:w"), str(round(sum(widths_mm) / 25.4 * 1440)))
        element = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            element.append(_border(side, "single" if borders else "nil", 4))
        tblpr.insert_element_before(element, *_AFTER_TBLBORDERS)
        for index, mm in enumerate(widths_mm):
            table.columns[index].width = Mm(mm)
            for cell in table.columns[index].cells:
                cell.width = Mm(mm)
        return table

    # The parts of the page ----------------------------------------------------------------

    def heading_block(self) -> None:
        """Page 1, top: issuer and number on the left; the Party (or national) heading and the
        place and date on the right. Two rows, so the number and the date share a line."""
        page, doc = self.page, self.doc
        table = self.table(2, (page.left_mm, page.right_mm), borders=False)
        left, right = table.cell(0, 0), table.cell(0, 1)
        if doc.superior.strip():
            self.styled_run(self.paragraph(left, align=CENTER), doc.superior, "superior_body")
        issuer = self.paragraph(left, align=CENTER)
        self.styled_run(issuer, doc.issuer, "issuing_body")
        if page.party:
            self.styled_run(self.paragraph(left, align=CENTER), PARTY_STAR, "issuing_body")
        else:
            style = page.style("issuing_body")
            issuer_mm = text_width_mm(styled(doc.issuer, style), page.size("issuing_body"),
                                      bold=style.bold)  # fmt: skip
            self.rule(left, max(min(issuer_mm, page.left_mm) * 0.4, 12), page.left_mm)

        header = self.paragraph(right, align=CENTER)
        self.styled_run(header, page.header, "header")
        last, element = page.header, "header"
        if page.motto:
            self.styled_run(self.paragraph(right, align=CENTER), page.motto, "motto")
            last, element = page.motto, "motto"
        style = page.style(element)
        self.rule(right, text_width_mm(styled(last, style), page.size(element), bold=style.bold),
                  page.right_mm)  # fmt: skip
        for cell in (left, right):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

        number = self.paragraph(table.cell(1, 0), align=CENTER, before=4)
        self.styled_run(number, page.number, "number")
        place_date = self.paragraph(table.cell(1, 1), align=CENTER, before=4)
        self.styled_run(place_date, page.date_line, "place_date")

    def title_block(self) -> None:
        """The centred type name ("BÁO CÁO") and the abstract under it."""
        self.styled_run(self.paragraph(align=CENTER, before=18, keep_next=True),
                        self.doc.type_name, "type_name")  # fmt: skip
        abstract = self.paragraph(align=CENTER, keep_next=True)
        self.styled_run(abstract, self.doc.abstract, "abstract")
        if self.page.party:
            dashes = self.paragraph(align=CENTER, after=12)
            self.run(dashes, ABSTRACT_DASHES, self.page.body_size)
        else:
            self.rule(None, 30, self.page.text_width_mm + 2 * CELL_MARGIN_MM)
            self.paragraph(after=6)

    def heading(self, block: Heading) -> None:
        paragraph = self.paragraph(align=JUSTIFY, before=6, after=6, indent=FIRST_LINE_INDENT,
                                   keep_next=True, line=1.15)  # fmt: skip
        level = max(1, min(int(block.level), 9))
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(level - 1))
        paragraph._p.get_or_add_pPr().insert_element_before(
            outline, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"
        )
        self.run(paragraph, block.text, self.page.body_size, bold=True, italic=level >= 3)

    def run_xml(self, text: str, size: float, *, italic: bool = False) -> str:
        """A plain run as `run` writes it, as XML text (the body's hundreds of paragraphs are
        parsed at once instead of built a property at a time)."""
        font = escape(self.font, {'"': "&quot;"})
        slant = "<w:i/>" if italic else '<w:i w:val="0"/>'
        return (
            f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" '
            f'w:cs="{font}"/><w:b w:val="0"/>{slant}<w:caps w:val="0"/>'
            f'<w:sz w:val="{round(size * 2)}"/><w:u w:val="none"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(clean(text))}</w:t></w:r>'
        )

    def body_paragraph(self, block: Paragraph) -> None:
        """Justified, first line indented 10 mm, 1,15 lines, 6 pt after; the reporting unit
        in italics before the text."""
        runs = ""
        if block.source.strip():
            source = f"({clean(block.source).strip()}) "
            runs += self.run_xml(source, self.page.body_size - 1, italic=True)
        runs += self.run_xml(block.text, self.page.body_size)
        indent = round(FIRST_LINE_INDENT.twips)
        self._append(
            f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="120" w:line="276" '
            f'w:lineRule="auto"/><w:ind w:firstLine="{indent}"/><w:jc w:val="both"/></w:pPr>'
            f"{runs}</w:p>"
        )

    def _append(self, xml: str) -> None:
        """A paragraph given as XML added at the end of the body (before the section's
        properties, as python-docx's add_paragraph does)."""
        body = self.word.element.body
        body.insert(len(body) - 1 if body.sectPr is not None else len(body), parse_xml(xml))

    def caption(self, text: str) -> None:
        if text.strip():
            caption = self.paragraph(align=CENTER, before=6, after=6, keep_next=True)
            self.run(caption, text, self.page.body_size, bold=True)

    def data_table(self, block: Table) -> None:
        self.caption(block.caption)
        weights = column_weights(block)
        total = sum(weights) or 1.0
        widths = tuple(self.page.text_width_mm * weight / total for weight in weights)
        rows = block.padded_rows()
        table = self.table(1, widths, borders=True)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header_row = table.rows[0]
        properties = header_row._tr.get_or_add_trPr()
        for tag in ("w:cantSplit", "w:tblHeader"):  # repeat the header on every page
            properties.append(OxmlElement(tag))
        size = self.page.table_size
        for index, text in enumerate(block.padded_header()):
            cell = header_row.cells[index]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            self.run(self.paragraph(cell, align=CENTER, before=2, after=2), text, size, bold=True)
        self._body_rows(table, rows, widths, set(block.numeric), size)
        self.paragraph(after=6)  # keeps two tables from merging, and spaces the text

    def _body_rows(self, table, rows, widths, numeric: set, size: float) -> None:
        """The data rows written as XML in one parse: the same cells, paragraphs and runs the
        header's python-docx calls make (a cell at a time, a report's hundred units by fifty
        indicators took seconds)."""
        font = escape(self.font, {'"': "&quot;"})
        fonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        run = (
            f'<w:rPr>{fonts}<w:b w:val="0"/><w:i w:val="0"/><w:caps w:val="0"/>'
            f'<w:sz w:val="{round(size * 2)}"/><w:u w:val="none"/></w:rPr>'
        )
        spacing = '<w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>'
        cells = [
            f'<w:tc><w:tcPr><w:tcW w:w="{round(mm / 25.4 * 1440)}" w:type="dxa"/>'
            '<w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr>{spacing}<w:jc w:val="{"right" if i in numeric else "left"}"/></w:pPr>'
            f'<w:r>{run}<w:t xml:space="preserve">{{}}</w:t></w:r></w:p></w:tc>'
            for i, mm in enumerate(widths)
        ]
        body = "".join(
            "<w:tr>"
            + "".join(cells[i].format(escape(clean(text))) for i, text in enumerate(row))
            + "</w:tr>"
            for row in rows
        )
        parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>")
        for tr in list(parsed):
            table._tbl.append(tr)

    def chart(self, block: Chart) -> None:
        self.caption(block.title)
        paragraph = self.paragraph(align=CENTER, after=6)
        run = self.run(paragraph, "", self.page.body_size)
        run.add_picture(io.BytesIO(chart_png(block, with_title=False)), width=Cm(WIDTH_CM))
        for properties in run._r.iter(qn("wp:docPr")):
            properties.set("descr", clean(block.title))

    def closing_block(self) -> None:
        """The recipients on the left and the signature on the right."""
        page, doc = self.page, self.doc
        self.paragraph(after=6)
        table = self.table(1, (page.left_mm, page.right_mm), borders=False)
        left, right = table.cell(0, 0), table.cell(0, 1)
        self.styled_run(self.paragraph(left), RECIPIENTS_HEADING, "recipients_heading")
        for recipient in doc.recipients:
            if recipient.strip():
                line = self.paragraph(left)
                # A hanging indent, so a wrapped recipient lines up after its dash.
                line.paragraph_format.left_indent = Mm(2.5)
                line.paragraph_format.first_line_indent = Mm(-2.5)
                self.run(line, recipient_line(recipient), page.size("recipients"))
        signature = doc.signature
        for text in (signature.authority, signature.title):
            if text.strip():
                self.styled_run(self.paragraph(right, align=CENTER), text, "signature_authority")
        name = self.paragraph(right, align=CENTER, before=72)
        self.run(name, signature.name, page.size("signature_authority"), bold=True)
        for cell in (left, right):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    def page_numbers(self) -> None:
        """Page numbers at the top centre from page 2 on, as official documents number them."""
        section = self.word.sections[0]
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False  # an empty header on page 1
        paragraph = section.header.paragraphs[0]
        paragraph.paragraph_format.alignment = CENTER
        for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
            run = self.run(paragraph, "", self.page.body_size)
            if kind:
                field = OxmlElement("w:fldChar")
                field.set(qn("w:fldCharType"), kind)
            else:
                field = OxmlElement("w:instrText")
                field.set(qn("xml:space"), "preserve")
                field.text = text
            run._r.append(field)


def render_docx(doc: OfficialDocument, progress: Progress | None = None) -> bytes:
    """The document as .docx bytes. `progress(done, total)` is called after each body block
    (with (0, 0) once for a document without blocks), so a task can show how far it got.

    The same document gives the same bytes: fixed core properties dated on `doc.day` and zip
    members stamped 1980-01-01.
    """
    writer = _Writer(doc)
    writer.heading_block()
    writer.title_block()
    total = len(doc.blocks)
    for done, block in enumerate(doc.blocks, start=1):
        if isinstance(block, Heading):
            writer.heading(block)
        elif isinstance(block, Paragraph):
            writer.body_paragraph(block)
        elif isinstance(block, Table):
            writer.data_table(block)
        elif isinstance(block, Chart):
            writer.chart(block)
        else:
            raise TypeError(f"not a block of a document: {block!r}")
        if progress is not None:
            progress(done, total)
    if progress is not None and not total:
        progress(0, 0)
    writer.closing_block()
    writer.page_numbers()
    out = io.BytesIO()
    writer.word.save(out)
    return normalize_zip(out.getvalue())
