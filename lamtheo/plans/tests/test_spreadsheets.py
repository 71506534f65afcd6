"""Excel export of the area's tables, and the all-or-nothing import of figures and commitments:
every problem of a file named by row and column, nothing saved while there is one."""

import io
from datetime import date, datetime
from decimal import Decimal as D
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from lamtheo.plans import services, spreadsheets
from lamtheo.plans.models import Commitment, Indicator, Measurement
from lamtheo.plans.spreadsheets import (
    import_commitments,
    import_measurements,
    template_workbook,
    workbook_response,
)
from lamtheo.web import translated

HEADERS = ["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Giá trị", "Nguồn số liệu"]
COMMITMENT_HEADERS = ["Mã đơn vị", "Năm", "Đảng viên", "Nội dung đăng ký"]


def xlsx(rows, name="so-lieu.xlsx", *, formats=None) -> SimpleUploadedFile:
    """An upload of a one-sheet workbook; `formats` maps (row, column), from 1, to a number
    format."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for (row, column), number_format in (formats or {}).items():
        sheet.cell(row=row, column=column).number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=spreadsheets.XLSX)


def read_back(response):
    return load_workbook(io.BytesIO(response.content)).active


@pytest.fixture
def poor(province):
    return Indicator.objects.create(code="ho-ngheo", name="Số hộ nghèo", unit=province)


@pytest.fixture
def rate(province):
    return Indicator.objects.create(code="ty-le-ho-ngheo", name="Tỷ lệ hộ nghèo", unit=province)


def figures():
    return {(m.indicator.code, m.unit.code, m.period): m.value for m in Measurement.objects.all()}


# --- Importing figures --------------------------------------------------------------------


def test_a_good_file_imports_every_figure_with_vietnamese_numbers(editor_a, commune_a, poor, rate):
    upload = xlsx(
        [
            HEADERS,
            ["ho-ngheo", "X25-A", 2025, 1567, "Báo cáo UBND xã"],
            ["ho-ngheo", "X25-A", "2025-H2", "1.567", None],
            ["ty-le-ho-ngheo", "X25-A", "6 tháng cuối năm 2025", "12,8", None],
            ["ty-le-ho-ngheo", "X25-A", "năm 2026", 4.35, None],
            [None, None, None, None, None],  # a blank row is skipped
            ["ty-le-ho-ngheo", "X25-A", "2026-Q1", " 1.234.567,5 ", None],
        ]
    )
    result = import_measurements(upload, user=editor_a)
    assert result.errors == []
    assert (result.created, result.updated) == (5, 0)
    assert figures() == {
        ("ho-ngheo", "X25-A", "2025"): D("1567"),
        ("ho-ngheo", "X25-A", "2025-H2"): D("1567"),
        ("ty-le-ho-ngheo", "X25-A", "2025-H2"): D("12.8"),
        ("ty-le-ho-ngheo", "X25-A", "2026"): D("4.35"),
        ("ty-le-ho-ngheo", "X25-A", "2026-Q1"): D("1234567.5"),
    }
    stored = Measurement.objects.get(period="2025", indicator=poor)
    assert (stored.source, stored.entered_by, stored.period_end) == (
        "Báo cáo UBND xã",
        editor_a,
        date(2026, 1, 1),
    )


def test_one_bad_row_among_good_ones_saves_nothing_and_names_its_row_and_column(
    editor_a, commune_a, poor
):
    rows = [HEADERS] + [["ho-ngheo", "X25-A", f"2026-{m:02d}", m, None] for m in range(1, 6)]
    rows.insert(6, ["ho-ngheo", "X25-A", "2026-06", "12,8,3", None])  # Excel's row 7
    result = import_measurements(xlsx(rows), user=editor_a)
    assert not result.ok
    assert (result.created, result.updated) == (0, 0)
    assert not Measurement.objects.exists()
    [error] = result.errors
    assert (error.row, error.column) == (7, "Giá trị")
    assert error.message.startswith("Dòng 7, cột «Giá trị»: '12,8,3'")
    assert "một dấu thập phân" in error.message


def test_every_problem_of_the_file_is_reported_in_the_files_order(editor_a, commune_a, poor):
    rows = [
        HEADERS,
        ["ho-ngheo", "X25-A", "2025", "10", None],
        ["khong-co", "X25-A", "2025", "10", None],  # 3: unknown indicator
        ["ho-ngheo", "X99", "2025", "10", None],  # 4: unknown unit
        ["ho-ngheo", "X25-A", "2025-H3", "10", None],  # 5: no such half
        ["ho-ngheo", "X25-A", "2026", None, None],  # 6: no value
        ["ho-ngheo", "X25-A", "năm 2025", "11", None],  # 7: the same figure as row 2
        ["ho-ngheo", None, "quý 5/2026", "1.56", "x" * 301],  # 8: four problems
    ]
    result = import_measurements(xlsx(rows), user=editor_a)
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "Mã chỉ tiêu"),
        (4, "Mã đơn vị"),
        (5, "Kỳ"),
        (6, "Giá trị"),
        (7, ""),
        (8, "Mã đơn vị"),
        (8, "Kỳ"),
        (8, "Giá trị"),
        (8, "Nguồn số liệu"),
    ]
    messages = [e.message for e in result.errors]
    assert messages[0] == (
        "Dòng 3, cột «Mã chỉ tiêu»: không có chỉ tiêu nào mã 'khong-co' mà bạn được xem."
    )
    assert messages[1] == "Dòng 4, cột «Mã đơn vị»: không có đơn vị nào mã 'X99'."
    assert messages[3] == "Dòng 6, cột «Giá trị»: chưa nhập."
    assert messages[4] == "Dòng 7 trùng với dòng 2: cùng «Mã chỉ tiêu», «Mã đơn vị», «Kỳ»."
    assert messages[8] == "Dòng 8, cột «Nguồn số liệu»: dài quá 300 ký tự."
    assert not Measurement.objects.exists()


def test_a_unit_outside_the_users_rights_is_refused_naming_the_row(
    editor_a, commune_a, commune_b, poor
):
    rows = [
        HEADERS,
        ["ho-ngheo", "X25-A", "2025", 10, None],
        ["ho-ngheo", "X25-B", "2025", 20, None],
        ["ho-ngheo", "T11", "2025", 30, None],  # the province above: not the editor's
    ]
    result = import_measurements(xlsx(rows), user=editor_a)
    assert [(e.row, e.column) for e in result.errors] == [(3, "Mã đơn vị"), (4, "Mã đơn vị")]
    assert result.errors[0].message == (
        "Dòng 3, cột «Mã đơn vị»: bạn không có quyền cập nhật cho đơn vị 'X25-B'."
    )
    assert not Measurement.objects.exists()


def test_an_admin_above_writes_for_the_units_below(provincial_admin, commune_a, commune_b, poor):
    rows = [HEADERS, ["ho-ngheo", "X25-A", "2025", 10, None], ["ho-ngheo", "X25-B", "2025", 20]]
    result = import_measurements(xlsx(rows), user=provincial_admin)
    assert (result.errors, result.created) == ([], 2)


def test_a_viewer_may_not_import(editor_a, commune_a, poor):
    from lamtheo.org import services as org

    viewer = type(editor_a).objects.create(username="xem", full_name="Người xem")
    org.grant_role(user=viewer, unit=commune_a, role="viewer", valid_from=date(2025, 7, 1))
    result = import_measurements(xlsx([HEADERS, ["ho-ngheo", "X25-A", "2025", 10]]), user=viewer)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Mã đơn vị")]


def test_a_missing_column_is_named(editor_a, commune_a, poor):
    upload = xlsx([["Mã chỉ tiêu", "Kỳ", "Giá trị"], ["ho-ngheo", "2025", 10]])
    result = import_measurements(upload, user=editor_a)
    [error] = result.errors
    assert (error.row, error.column) == (1, "Mã đơn vị")
    assert error.message == "Dòng 1 (dòng tiêu đề): thiếu cột «Mã đơn vị»."


def test_a_column_given_twice_is_refused(editor_a, commune_a, poor):
    upload = xlsx([[*HEADERS, "Giá trị"], ["ho-ngheo", "X25-A", "2025", 10, None, 11]])
    [error] = import_measurements(upload, user=editor_a).errors
    assert error.message == ("Dòng 1 (dòng tiêu đề): cột «Giá trị» có hai lần (cột D và cột F).")


def test_english_headers_in_any_order_are_read_and_other_columns_left_alone(
    editor_a, commune_a, poor
):
    upload = xlsx(
        [
            ["Value", "Ghi chú", "period", "UNIT CODE", "Indicator code"],
            ["12,5", "a note of the clerk's", "2025", "X25-A", "ho-ngheo"],
        ]
    )
    result = import_measurements(upload, user=editor_a)
    assert (result.errors, result.created) == ([], 1)
    assert figures() == {("ho-ngheo", "X25-A", "2025"): D("12.5")}


def test_headers_match_without_accents_or_case(editor_a, commune_a, poor):
    upload = xlsx([["ma chi tieu", "MÃ ĐƠN VỊ", " Kỳ ", "gia tri"], ["ho-ngheo", "X25-A", 2025, 1]])
    assert import_measurements(upload, user=editor_a).created == 1


def test_a_percentage_cell_and_a_month_excel_turned_into_a_date_are_read_as_meant(
    editor_a, commune_a, rate
):
    upload = xlsx(
        [HEADERS, ["ty-le-ho-ngheo", "X25-A", datetime(2025, 8, 1), 0.128, None]],
        formats={(2, 4): "0.0%"},
    )
    result = import_measurements(upload, user=editor_a)
    assert result.errors == []
    assert figures() == {("ty-le-ho-ngheo", "X25-A", "2025-08"): D("12.8")}
    bad = xlsx([HEADERS, ["ty-le-ho-ngheo", "X25-A", datetime(2025, 8, 15), 1, None]])
    [error] = import_measurements(bad, user=editor_a).errors
    assert (error.row, error.column) == (2, "Kỳ")
    assert "15/08/2025" in error.message


def test_an_existing_figure_is_updated_and_an_identical_one_left_alone(
    editor_a, commune_a, poor, rate
):
    old = services.record_measurement(
        indicator=poor, unit=commune_a, period="2025", value=D("10"), by=None, source="Cũ"
    )
    services.record_measurement(
        indicator=rate, unit=commune_a, period="2025", value=D("4.5"), by=None
    )
    rows = [
        HEADERS,
        ["ho-ngheo", "X25-A", "2025", "1.234", None],  # changed; the source is kept
        ["ty-le-ho-ngheo", "X25-A", "2025", "4,5", None],  # as stored
        ["ho-ngheo", "X25-A", "2026", 7, None],  # new
    ]
    result = import_measurements(xlsx(rows), user=editor_a)
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    old.refresh_from_db()
    assert (old.value, old.version, old.source, old.entered_by) == (D("1234"), 2, "Cũ", editor_a)


def test_a_row_a_service_refuses_rolls_back_the_whole_file(editor_a, commune_a, poor):
    rows = [
        HEADERS,
        ["ho-ngheo", "X25-A", "2025", 1, None],
        ["ho-ngheo", "X25-A", "2025-H1", 2, None],  # the commune began on 1/7/2025
        ["ho-ngheo", "X25-A", "2026", 3, None],
    ]
    result = import_measurements(xlsx(rows), user=editor_a)
    [error] = result.errors
    assert (error.row, error.column) == (3, "Kỳ")
    assert error.message == (
        "Dòng 3, cột «Kỳ»: Đảng ủy xã Mường Luân không hoạt động trong kỳ 2025-H1."
    )
    assert (result.created, result.updated) == (0, 0)
    assert not Measurement.objects.exists()


def test_checking_a_file_costs_the_same_queries_for_three_rows_or_sixty(editor_a, commune_a, poor):
    def queries(count):
        rows = [HEADERS] + [["ho-ngheo", "X25-A", f"{2026 + i}", i, None] for i in range(count)]
        rows.append(["ho-ngheo", "X25-A", "2025", "sai", None])  # nothing is written
        with CaptureQueriesContext(connection) as captured:
            assert import_measurements(xlsx(rows), user=editor_a).errors
        return len(captured.captured_queries)

    assert queries(3) == queries(60) <= 2


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("so-lieu.xlsx", b"%PDF-1.7\n1 0 obj\n", "không phải là tệp Excel (.xlsx)"),
        ("so-lieu.csv", "Mã chỉ tiêu;Giá trị\nho-ngheo;12,8\n".encode(), "không phải là tệp Excel"),
        ("so-lieu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Excel 97-2003"),
        ("so-lieu.xlsx", b"", "rỗng"),
        ("so-lieu.xlsx", b"PK\x03\x04 not really a zip", "tệp bị hỏng"),
    ],
)
def test_a_file_that_is_not_an_xlsx_is_refused(editor_a, commune_a, name, content, expected):
    result = import_measurements(SimpleUploadedFile(name, content), user=editor_a)
    [error] = result.errors
    assert (error.row, error.column) == (None, "")
    assert expected in error.message


def test_a_word_file_is_refused_as_another_kind(editor_a):
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    upload = SimpleUploadedFile("bao-cao.docx", buffer.getvalue())
    [error] = import_measurements(upload, user=editor_a).errors
    assert error.message == (
        "Tệp 'bao-cao.docx' là Word (.docx), không phải tệp Excel (.xlsx); "
        "hãy lưu lại dưới dạng .xlsx."
    )


def test_an_empty_sheet_and_a_sheet_with_only_headers_are_refused(editor_a):
    [empty] = import_measurements(xlsx([]), user=editor_a).errors
    assert "dòng 1 của trang tính đầu tiên phải là dòng tiêu đề" in empty.message
    [headers_only] = import_measurements(xlsx([HEADERS, [None] * 5]), user=editor_a).errors
    assert headers_only.message == "Tệp 'so-lieu.xlsx' không có dòng nào dưới dòng tiêu đề."


def test_a_file_of_too_many_rows_is_refused(editor_a, commune_a, poor, monkeypatch):
    monkeypatch.setattr(spreadsheets.reading, "MAX_ROWS", 3)
    rows = [HEADERS] + [["ho-ngheo", "X25-A", f"{2026 + i}", i] for i in range(4)]
    [error] = import_measurements(xlsx(rows), user=editor_a).errors
    assert error.message == "Tệp 'so-lieu.xlsx' có hơn 3 dòng; hãy chia thành nhiều tệp nhỏ hơn."
    assert not Measurement.objects.exists()


def test_errors_carry_their_template_and_params_for_the_catalogue(
    editor_a, commune_a, poor, monkeypatch
):
    rows = [HEADERS, ["ho-ngheo", "X25-A", "2025", "12,8,3", None]]
    [error] = import_measurements(xlsx(rows), user=editor_a).errors
    assert "%(row)s" in error.template
    assert "%(column)s" in error.template
    assert (error.params["row"], error.params["column"]) == (2, "Giá trị")
    assert translated(error) == error.message == str(error)
    catalogue = {error.template: "Row %(row)s, column «%(column)s»: %(detail)s"}
    inner = error.params["detail"].template
    catalogue[inner] = "'%(text)s': only one decimal mark ',' is allowed"
    # What an English catalogue would answer, for the message and the toolkit's inside it.
    monkeypatch.setattr(translation, "gettext", lambda text: catalogue.get(text, text))
    assert error.message == (
        "Row 2, column «Giá trị»: '12,8,3': only one decimal mark ',' is allowed"
    )


# --- Importing commitments ----------------------------------------------------------------


def test_commitments_import_with_the_units_own_for_a_blank_member(editor_a, commune_a):
    upload = xlsx(
        [
            [*COMMITMENT_HEADERS, "Tự đánh giá 6 tháng"],
            ["X25-A", 2026, "Nguyễn Văn An", "Gương mẫu trong học tập và làm theo Bác", "Đã làm"],
            ["X25-A", "năm 2026", None, "Xây dựng chi bộ trong sạch, vững mạnh", None],
        ],
        name="dang-ky.xlsx",
    )
    result = import_commitments(upload, user=editor_a)
    assert result.errors == []
    assert (result.created, result.updated) == (2, 0)
    own = Commitment.objects.get(member="")
    member = Commitment.objects.get(member="Nguyễn Văn An")
    assert (own.unit, own.year, own.content) == (
        commune_a,
        2026,
        "Xây dựng chi bộ trong sạch, vững mạnh",
    )
    assert (member.midyear, member.yearend) == ("Đã làm", "")


def test_an_existing_commitment_is_updated_unless_it_was_rated(editor_a, commune_a):
    kept = services.register_commitment(unit=commune_a, year=2026, content="Cũ", by=editor_a)
    rated = services.register_commitment(
        unit=commune_a, year=2026, content="Đã xếp loại", by=editor_a, member="Lò Văn Bảo"
    )
    Commitment.objects.filter(pk=rated.pk).update(rating="good")
    rows = [COMMITMENT_HEADERS, ["X25-A", 2026, None, "Mới"]]
    result = import_commitments(xlsx(rows), user=editor_a)
    assert (result.errors, result.created, result.updated) == ([], 0, 1)
    kept.refresh_from_db()
    assert (kept.content, kept.version) == ("Mới", 2)

    rows.append(["X25-A", 2026, "Lò Văn Bảo", "Sửa lại"])
    rows[1][3] = "Mới hơn"
    result = import_commitments(xlsx(rows), user=editor_a)
    [error] = result.errors
    assert (error.row, error.column) == (3, "Nội dung đăng ký")
    assert error.message == (
        "Dòng 3, cột «Nội dung đăng ký»: Bản đăng ký đã được xếp loại, không sửa được nữa."
    )
    kept.refresh_from_db()
    assert kept.content == "Mới"  # the good row was rolled back with the bad one


def test_commitment_rows_are_checked_before_anything_is_saved(editor_a, commune_a, commune_b):
    rows = [
        COMMITMENT_HEADERS,
        ["X25-A", 2026, "An", "Nội dung"],
        ["X25-A", "hai nghìn", "Bình", "Nội dung"],  # 3: not a year
        ["X25-B", 2026, "Cường", "Nội dung"],  # 4: another commune's
        ["X25-A", 2026, "Dũng", None],  # 5: nothing committed
        ["X25-A", 2026, "An", "Lần nữa"],  # 6: the same as row 2
        ["X25-A", 1999, "Em", "Nội dung"],  # a service rule: reported only once the rest is fine
    ]
    result = import_commitments(xlsx(rows), user=editor_a)
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "Năm"),
        (4, "Mã đơn vị"),
        (5, "Nội dung đăng ký"),
        (6, ""),
    ]
    assert result.errors[0].message == (
        "Dòng 3, cột «Năm»: 'hai nghìn' không phải là năm (ví dụ: 2025)."
    )
    assert not Commitment.objects.exists()
    result = import_commitments(xlsx([rows[0], rows[1], rows[6]]), user=editor_a)
    assert [e.message for e in result.errors] == ["Dòng 3, cột «Năm»: Năm không hợp lệ: 1999."]
    assert not Commitment.objects.exists()


def test_a_commitment_file_without_the_member_column_is_refused(editor_a, commune_a):
    rows = [["Mã đơn vị", "Năm", "Nội dung đăng ký"], ["X25-A", 2026, "Nội dung"]]
    [error] = import_commitments(xlsx(rows), user=editor_a).errors
    assert error.message == "Dòng 1 (dòng tiêu đề): thiếu cột «Đảng viên»."


# --- Export -------------------------------------------------------------------------------


def test_a_table_exports_as_an_xlsx_with_typed_dates_and_numbers():
    entered = timezone.make_aware(datetime(2026, 3, 9, 14, 30))
    response = workbook_response(
        "Số liệu 2025.xlsx",
        "Số liệu: chỉ tiêu/kỳ [2025] của các xã trong tỉnh",
        ["Đơn vị", "Ngày", "Nhập lúc", "Giá trị", "Số hộ", "Ghi chú"],
        (
            row
            for row in [
                ["Đảng ủy xã Mường Luân", date(2026, 1, 9), entered, D("12.8"), D("1567"), None],
                ['=HYPERLINK("http://x")', None, None, D("0.5"), 3, "a\x01b"],
            ]
        ),
    )
    assert response["Content-Type"] == spreadsheets.XLSX
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="so-lieu-2025.xlsx"; ')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Số liệu 2025.xlsx"
    sheet = read_back(response)
    assert sheet.title == "Số liệu - chỉ tiêu-kỳ (2025) củ"
    assert len(sheet.title) <= 31
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == [
        "Đơn vị",
        "Ngày",
        "Nhập lúc",
        "Giá trị",
        "Số hộ",
        "Ghi chú",
    ]
    assert all(c.font.b for c in rows[0])
    name, day, at, value, households, note = rows[1]
    assert name.value == "Đảng ủy xã Mường Luân"
    assert (day.value, day.number_format, day.is_date) == (datetime(2026, 1, 9), "dd/mm/yyyy", True)
    assert at.value == datetime(2026, 3, 9, 14, 30)
    assert (value.value, value.data_type, value.number_format) == (12.8, "n", "#,##0.##")
    assert (households.value, households.number_format) == (1567, "#,##0")
    assert note.value is None
    formula, *_, count, control = rows[2]
    assert (formula.value, formula.data_type) == ('=HYPERLINK("http://x")', "s")
    assert (count.value, control.value) == (3, "ab")
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["B"].width >= 8


def test_an_export_takes_the_widths_it_is_given_and_streams_many_rows():
    rows = ([i, D(i) / 4, f"dòng {i}"] for i in range(5000))
    response = workbook_response(
        "lon.xlsx", "Lớn", ["Số", "Phần tư", "Tên"], rows, widths=[6, 12, 30]
    )
    sheet = read_back(response)
    assert sheet.max_row == 5001
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [6, 12, 30]
    assert (sheet["B3"].value, sheet["B3"].number_format) == (0.25, "#,##0.##")


def test_the_import_templates_have_the_headers_and_an_example_row(editor_a, commune_a):
    sheet = read_back(template_workbook("measurements"))
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet["A2"].value == "ho-ngheo"
    assert sheet.column_dimensions["C"].number_format == "@"  # "2024-05" stays text
    sheet = read_back(template_workbook("commitments"))
    assert [c.value for c in sheet[1]] == [
        *COMMITMENT_HEADERS,
        "Tự đánh giá 6 tháng",
        "Tự đánh giá cuối năm",
    ]
    with pytest.raises(ValueError, match="no import template"):
        template_workbook("targets")


def test_the_measurement_template_imported_as_it_is_only_lacks_real_codes(editor_a, commune_a):
    response = template_workbook("measurements")
    upload = SimpleUploadedFile("mau.xlsx", response.content)
    result = import_measurements(upload, user=editor_a)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Mã chỉ tiêu"), (2, "Mã đơn vị")]
