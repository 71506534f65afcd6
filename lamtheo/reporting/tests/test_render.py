"""The document renderers (lamtheo.reporting.render): Word, PDF, HTML and Excel, read back.

Pure tests: no database. The PDF through LibreOffice needs soffice (skipped loudly without it,
failed on CI); the PDF through WeasyPrint always runs.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook
from pypdf import PdfReader

from lamtheo.reporting.render import (
    Chart,
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
    render_html,
    render_pdf,
    render_xlsx,
)
from lamtheo.reporting.render.layout import page_of
from lamtheo.reporting.render.pdf import _local_only_fetcher, office_binary
from lamtheo.reporting.render.xlsx import NO_TABLES
from lamtheo.vn.profiles import load_profile

FONT = "Times New Roman"
PARTY_HEADER = "ĐẢNG CỘNG SẢN VIỆT NAM"
DATE_LINE = "Bắc Kạn, ngày 16 tháng 5 năm 2024"
STATE_HEADER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def report_499(**changes) -> OfficialDocument:
    """Báo cáo 499-BC/TU of the Tỉnh ủy Bắc Kạn, 16/5/2024."""
    fields = {
        "issuer": "TỈNH ỦY BẮC KẠN",
        "number": "499-BC/TU",
        "place": "Bắc Kạn",
        "day": date(2024, 5, 16),
        "type_name": "BÁO CÁO",
        "abstract": "Kết quả 3 năm thực hiện Kết luận số 01-KL/TW của Bộ Chính trị",
        "blocks": (
            Heading("I. KẾT QUẢ ĐẠT ĐƯỢC"),
            Paragraph(
                "Các cấp ủy, tổ chức đảng đã quán triệt nghiêm túc Kết luận số 01-KL/TW, gắn với "
                "việc thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị."
            ),
            Paragraph("Toàn huyện có 1.567 đảng viên đăng ký làm theo.", source="Huyện ủy Ba Bể"),
            Table(
                "Bảng 1. Đảng viên đăng ký làm theo",
                ("STT", "Đơn vị", "Số đảng viên", "Tỷ lệ (%)"),
                (
                    ("1", "Huyện ủy Ba Bể", "1.567", "98,2"),
                    ("2", "Huyện ủy Chợ Đồn", "2.104", "97,5"),
                ),
                numeric=(2, 3),
            ),
            Chart(
                "Biểu đồ 1. Đảng viên đăng ký làm theo",
                (("Huyện ủy Ba Bể", 1567), ("Huyện ủy Chợ Đồn", 2104)),
                measure="đảng viên",
            ),
            Heading("II. HẠN CHẾ"),
            Paragraph("Một số cấp ủy chưa thường xuyên kiểm tra, giám sát việc thực hiện."),
        ),
        "signature": Signature("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Phương Thị Thanh"),
        "recipients": (
            "Ban Bí thư Trung ương Đảng (b/c),",
            "Các huyện ủy, thành ủy, đảng ủy trực thuộc,",
            "Lưu Văn phòng Tỉnh ủy.",
        ),
    }
    return OfficialDocument(**(fields | changes))


def state_report() -> OfficialDocument:
    return report_499(
        issuer="ỦY BAN NHÂN DÂN HUYỆN BA BỂ",
        number="15/BC-UBND",
        place="Ba Bể",
        signature=Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"),
        profile_key="state-2020",
    )


def paragraphs(container):
    """Every paragraph of a document, a header or a cell, tables included, in order."""
    yield from container.paragraphs
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from paragraphs(cell)


def by_text(word, text: str):
    found = [p for p in paragraphs(word) if p.text == text]
    assert found, f"no paragraph reads {text!r}"
    return found[0]


@pytest.fixture(scope="module")
def progress_calls():
    return []


@pytest.fixture(scope="module")
def docx_bytes(progress_calls):
    return render_docx(
        report_499(), progress=lambda done, total: progress_calls.append((done, total))
    )


@pytest.fixture(scope="module")
def word(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


# Word -------------------------------------------------------------------------------------


def test_every_run_is_times_new_roman_in_every_script(word):
    runs = [run for paragraph in paragraphs(word) for run in paragraph.runs]
    runs += [run for paragraph in word.sections[0].header.paragraphs for run in paragraph.runs]
    assert len(runs) > 30
    for run in runs:
        assert run.font.name == FONT, run.text
        fonts = run._r.rPr.rFonts
        assert {fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {FONT}
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert defaults.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:asciiTheme")) is None
    assert word.styles["Normal"].font.name == FONT


@pytest.mark.parametrize(
    ("text", "element", "size"),
    [
        (PARTY_HEADER, "header", 15),
        ("TỈNH ỦY BẮC KẠN", "issuing_body", 14),
        ("Số 499-BC/TU", "number", 14),
        (DATE_LINE, "place_date", 14),
        ("BÁO CÁO", "type_name", 16),  # the largest of the profile's 15-16pt
        ("Kết quả 3 năm thực hiện Kết luận số 01-KL/TW của Bộ Chính trị", "abstract", 14),
        ("T/M BAN THƯỜNG VỤ", "signature_authority", 14),
        ("Nơi nhận:", "recipients_heading", 14),
        ("- Lưu Văn phòng Tỉnh ủy.", "recipients", 12),
    ],
)
def test_the_page_elements_are_set_as_the_profile_says(word, text, element, size):
    style = load_profile("party-2018").text_style(element)
    (run,) = by_text(word, text).runs
    assert run.font.size == Pt(size)
    assert size == (style.size[1] if element == "type_name" else style.size[0])
    assert (run.bold, run.italic, bool(run.underline)) == (
        style.bold,
        style.italic,
        style.underline,
    )
    assert run.font.all_caps == style.caps
    if style.caps:
        assert text == text.upper()


def test_a4_and_the_profile_margins(word):
    section = word.sections[0]
    margins = load_profile("party-2018").layout.margins_mm
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    sides = ("top_margin", "bottom_margin", "left_margin", "right_margin")
    measured = [getattr(section, side) for side in sides]
    expected = (margins.top, margins.bottom, margins.left, margins.right)
    assert [round(m.mm, 1) for m in measured] == [float(e) for e in expected] == [20, 20, 30, 15]


def test_page_one_heading_table(word):
    heading = word.tables[0]
    left = [p.text for p in heading.cell(0, 0).paragraphs]
    assert left == ["TỈNH ỦY BẮC KẠN", "*"]
    assert heading.cell(0, 0).paragraphs[1].alignment == heading.cell(0, 0).paragraphs[0].alignment
    assert [p.text for p in heading.cell(1, 0).paragraphs] == ["Số 499-BC/TU"]
    header, rule = heading.cell(0, 1).paragraphs
    assert header.text == PARTY_HEADER
    assert rule.text == ""
    assert rule._p.xpath("./w:pPr/w:pBdr/w:bottom")
    assert [p.text for p in heading.cell(1, 1).paragraphs] == [DATE_LINE]
    # Borderless.
    borders = heading._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_a_superior_body_goes_above_the_issuer():
    doc = report_499(superior="Đảng bộ tỉnh Bắc Kạn", issuer="Đảng ủy xã Bằng Thành")
    word = Document(io.BytesIO(render_docx(doc)))
    cell = word.tables[0].cell(0, 0)
    texts = [p.text for p in cell.paragraphs]
    assert texts == ["ĐẢNG BỘ TỈNH BẮC KẠN", "ĐẢNG ỦY XÃ BẰNG THÀNH", "*"]
    superior, issuer = cell.paragraphs[0].runs[0], cell.paragraphs[1].runs[0]
    assert (superior.font.size, superior.bold) == (Pt(14), False)
    assert (issuer.font.size, issuer.bold) == (Pt(14), True)


def test_body_blocks(word):
    heading = by_text(word, "I. KẾT QUẢ ĐẠT ĐƯỢC")
    outline = heading._p.xpath("./w:pPr/w:outlineLvl/@w:val")
    assert (heading.runs[0].bold, outline) == (True, ["0"])
    body = next(p for p in word.paragraphs if p.text.startswith("Các cấp ủy"))
    assert body.paragraph_format.first_line_indent > 0
    assert (body.alignment, body.runs[0].font.size) == (3, Pt(14))  # justified, 14pt
    sourced = next(p for p in word.paragraphs if "1.567 đảng viên" in p.text)
    assert (sourced.runs[0].text, sourced.runs[0].italic) == ("(Huyện ủy Ba Bể) ", True)
    assert "II. HẠN CHẾ" in [p.text for p in word.paragraphs]


def test_tables_have_borders_a_bold_header_and_right_aligned_figures(word):
    data = word.tables[1]
    assert [c.text for c in data.rows[0].cells] == ["STT", "Đơn vị", "Số đảng viên", "Tỷ lệ (%)"]
    assert all(c.paragraphs[0].runs[0].bold for c in data.rows[0].cells)
    figure = data.cell(1, 2)
    assert (figure.text, figure.paragraphs[0].alignment) == ("1.567", 2)  # right-aligned
    assert data.cell(1, 1).paragraphs[0].alignment == 0  # text on the left
    borders = data._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    caption = [p.text for p in word.paragraphs].index("Bảng 1. Đảng viên đăng ký làm theo")
    assert word.paragraphs[caption].runs[0].bold


def test_the_chart_is_a_png_15_cm_wide(word, docx_bytes):
    images = [part for part in word.part.package.parts if part.content_type == "image/png"]
    (image,) = images
    assert (str(image.partname)[:12], image.blob[:4]) == ("/word/media/", b"\x89PNG")
    (shape,) = word.inline_shapes
    assert round(shape.width.cm, 1) == 15.0
    # The template's stale preview of another document is gone.
    assert "docProps/thumbnail.jpeg" not in zipfile.ZipFile(io.BytesIO(docx_bytes)).namelist()


def test_closing_block(word):
    closing = word.tables[-1]
    recipients = [p.text for p in closing.cell(0, 0).paragraphs]
    assert (recipients[0], recipients[-1]) == ("Nơi nhận:", "- Lưu Văn phòng Tỉnh ủy.")
    assert all(line.startswith("- ") for line in recipients[1:])
    signature = [p.text for p in closing.cell(0, 1).paragraphs]
    assert signature == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Phương Thị Thanh"]
    name = closing.cell(0, 1).paragraphs[-1]
    assert (name.runs[0].bold, name.paragraph_format.space_before >= Pt(36)) == (True, True)


def test_progress_reaches_total_after_each_block(progress_calls, docx_bytes):
    total = len(report_499().blocks)
    assert progress_calls == [(done, total) for done in range(1, total + 1)]
    assert progress_calls[-1] == (total, total)


def test_properties_and_reproducible_bytes(word, docx_bytes):
    properties = word.core_properties
    assert properties.title == "BÁO CÁO " + report_499().abstract
    assert properties.created.date() == date(2024, 5, 16)
    assert render_docx(report_499()) == docx_bytes


def test_state_profile_gets_a_colon_and_the_national_motto():
    word = Document(io.BytesIO(render_docx(state_report())))
    texts = [p.text for p in paragraphs(word)]
    assert {"Số: 15/BC-UBND", "Độc lập - Tự do - Hạnh phúc"} <= set(texts)
    assert not {"*", PARTY_HEADER, "Số 15/BC-UBND"} & set(texts)
    right = word.tables[0].cell(0, 1).paragraphs
    assert [p.text for p in right] == [STATE_HEADER, "Độc lập - Tự do - Hạnh phúc", ""]
    assert right[2]._p.xpath("./w:pPr/w:pBdr/w:bottom")  # the rule under the motto
    left = word.tables[0].cell(0, 0).paragraphs
    assert [p.text for p in left] == ["ỦY BAN NHÂN DÂN HUYỆN BA BỂ", ""]
    assert left[1]._p.xpath("./w:pPr/w:pBdr/w:bottom")  # the short rule under the issuer
    assert by_text(word, STATE_HEADER).runs[0].font.size == Pt(12)


def test_text_that_xml_cannot_carry_is_dropped():
    doc = report_499(blocks=(Paragraph("Bắc\x00 Kạn\x0b"),))
    word = Document(io.BytesIO(render_docx(doc)))
    assert "Bắc Kạn" in [p.text for p in word.paragraphs]


def test_a_document_without_blocks_reports_zero_of_zero():
    calls = []
    render_docx(report_499(blocks=()), progress=lambda *args: calls.append(args))
    assert calls == [(0, 0)]


# PDF --------------------------------------------------------------------------------------


def _libreoffice_or_skip() -> None:
    if office_binary() is None:
        reason = (
            "LOUD SKIP: LibreOffice (soffice) is not installed, so the PDF made from the Word "
            "file is NOT tested; install the libreoffice-writer package"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module", params=["libreoffice", "html"])
def pdf_page_one(request, docx_bytes):
    """(page, text, pieces) of page 1: pieces are (text, x, y) in PDF points, origin at the
    bottom left, in content-stream order."""
    if request.param == "libreoffice":
        _libreoffice_or_skip()
    data = render_pdf(docx_bytes, report_499(), engine=request.param)
    assert data.startswith(b"%PDF")
    page = PdfReader(io.BytesIO(data)).pages[0]
    pieces = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((text, x, y))

    text = page.extract_text(visitor_text=visit)
    return page, text, pieces


def locate(pieces, target: str) -> tuple[float, float]:
    """Where a text starts on the page, even when the PDF splits it across pieces: matched
    without white space over the pieces joined in order."""
    chars, owners = [], []
    for index, (text, _, _) in enumerate(pieces):
        for char in re.sub(r"\s+", "", text):
            chars.append(char)
            owners.append(index)
    at = "".join(chars).find(re.sub(r"\s+", "", target))
    assert at >= 0, f"{target!r} is not on the page"
    _, x, y = pieces[owners[at]]
    return x, y


def test_pdf_page_one_reads_as_a_party_document(pdf_page_one):
    _, text, _ = pdf_page_one
    for expected in (PARTY_HEADER, "TỈNH ỦY BẮC KẠN", "Số 499-BC/TU", DATE_LINE, "BÁO CÁO"):
        assert expected in text


def test_pdf_fonts_are_times_or_liberation_serif(pdf_page_one):
    page, _, _ = pdf_page_one
    fonts = page["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}
    assert names
    for name in names:
        assert re.fullmatch(r"/?(Liberation-?Serif|Times(New)?Roman(PS)?(MT)?)[-,\w]*", name), name


def test_pdf_heading_sits_top_with_the_party_right_and_the_issuer_left(pdf_page_one):
    page, _, pieces = pdf_page_one
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    party_x, party_y = locate(pieces, PARTY_HEADER)
    issuer_x, issuer_y = locate(pieces, "TỈNH ỦY BẮC KẠN")
    number_x, number_y = locate(pieces, "Số 499-BC/TU")
    date_x, date_y = locate(pieces, DATE_LINE)
    for y in (party_y, issuer_y, number_y, date_y):
        assert y > height * 2 / 3  # in the top third
    assert party_x > width / 2 > issuer_x
    assert date_x > width / 2 > number_x
    assert abs(number_y - date_y) < 2  # the number and the date share a line
    assert abs(party_y - issuer_y) < 2
    type_x, type_y = locate(pieces, "BÁO CÁO")
    assert (type_y < number_y, abs(type_x - width / 2) < width / 4) == (True, True)


def test_pdf_engine_must_be_known():
    with pytest.raises(ValueError, match="unknown PDF engine"):
        render_pdf(b"", report_499(), engine="word")


@pytest.mark.parametrize("url", ["file:///etc/hostname", "http://127.0.0.1/x.png", "https://a.vn"])
def test_weasyprint_fetches_nothing_but_data_urls(url):
    fetcher = _local_only_fetcher()
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(url)
    response = fetcher.fetch("data:text/plain;base64,eGlu")
    assert response.read() == b"xin"


# HTML -------------------------------------------------------------------------------------


def test_html_is_self_contained_and_escaped():
    doc = report_499(blocks=(Paragraph('<img src="http://a.vn/x.png"> & <script>'),))
    html = render_html(doc)
    assert ("<script>" in html, "&lt;script&gt;" in html) == (False, True)
    assert not re.search(r"(?:src|href)=\"(?!data:)|url\(|@import", html)
    assert '"Times New Roman", "Liberation Serif", serif' in html
    margins = load_profile("party-2018").layout.margins_mm
    assert f"margin: {margins.top}mm {margins.right}mm {margins.bottom}mm {margins.left}mm" in html


def test_html_shows_the_chart_inline():
    html = render_html(report_499())
    assert html.count('src="data:image/png;base64,') == 1
    assert ("Số 499-BC/TU" in html, DATE_LINE in html) == (True, True)


# Excel ------------------------------------------------------------------------------------


def test_xlsx_writes_figures_as_numbers():
    data = render_xlsx(report_499())
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Bảng 1. Đảng viên đăng ký làm t"]  # 31 characters
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "Số 499-BC/TU - " + report_499().abstract
    assert [cell.value for cell in sheet[4]] == ["STT", "Đơn vị", "Số đảng viên", "Tỷ lệ (%)"]
    assert all(cell.font.bold and cell.border.left.style == "thin" for cell in sheet[4])
    assert (sheet["C5"].value, type(sheet["C5"].value)) == (1567, int)
    assert (sheet["D5"].value, sheet["D5"].number_format) == (pytest.approx(98.2), "#,##0.0")
    assert (sheet["A5"].value, sheet["B5"].value) == ("1", "Huyện ủy Ba Bể")  # text stays text
    assert render_xlsx(report_499()) == data


def test_xlsx_sheet_names_are_valid_and_unique_and_formulas_stay_text():
    table = Table("Bảng: [A]/B*?", ("Đơn vị", "Số"), (("=HYPERLINK(1)", "12,8%"),), numeric=(1,))
    workbook = load_workbook(io.BytesIO(render_xlsx(report_499(blocks=(table, table)))))
    assert workbook.sheetnames == ["Bảng AB", "Bảng AB (2)"]
    sheet = workbook.worksheets[0]
    assert (sheet["A5"].value, sheet["A5"].data_type) == ("=HYPERLINK(1)", "s")
    assert (sheet["B5"].value, sheet["B5"].number_format) == (pytest.approx(0.128), "0.0%")


def test_xlsx_without_tables_says_so():
    workbook = load_workbook(io.BytesIO(render_xlsx(report_499(blocks=(Heading("I. X"),)))))
    assert len(workbook.worksheets) == 1
    assert workbook.worksheets[0]["A2"].value == NO_TABLES


def test_page_of_uses_the_profile_prefix():
    assert page_of(report_499()).number == "Số 499-BC/TU"
    assert page_of(state_report()).number == "Số: 15/BC-UBND"
