"""Excel for honours: a unit's cases and their commendations imported all or nothing, every
problem named by row and column; the statistics and the list of cases exported."""

import io
from datetime import date, datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from lamtheo.honours import selectors, services
from lamtheo.honours.models import Case, Commendation, Field
from lamtheo.honours.spreadsheets import (
    cases_template,
    cases_workbook,
    import_cases,
    stats_workbook,
)
from lamtheo.plans import spreadsheets as plans_sheets

HEADERS = [
    "Mã đơn vị",
    "Tập thể/cá nhân",
    "Tên tập thể, cá nhân",
    "Chức vụ",
    "Lĩnh vực",
    "Năm",
    "Tên mô hình, cách làm",
    "Nội dung",
    "Nguồn",
    "Hình thức khen thưởng",
    "Cấp khen thưởng",
    "Cơ quan khen thưởng",
    "Số quyết định",
    "Ngày quyết định",
]
YOUTH = "Đoàn Thanh niên xã Mường Luân"
ROAD = "Đổ bê tông đường bản Trung Tâm"
COMMUNE = "Ban Thường vụ Đảng ủy xã Mường Luân"
PROVINCE = "Ban Thường vụ Tỉnh ủy Điện Biên"


def xlsx(rows, name="dien-hinh.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=plans_sheets.XLSX)


def case_row(name=YOUTH, *, kind="Tập thể", field="Thiện nguyện", year=2025, title=ROAD, **given):
    """A row of HEADERS: the case, then the commendation's cells if `given`."""
    row = ["X25-A", kind, name, given.pop("position", None), field, year, title]
    row += [given.pop("story", "Đoàn viên góp công làm 300 m đường."), "Báo cáo của Đảng ủy xã"]
    if given:
        row += [
            given.get("form"),
            given.get("level"),
            given.get("issuer"),
            given.get("decision"),
            given.get("on"),
        ]
    return row


def good_rows():
    return [
        HEADERS,
        case_row(
            form="Giấy khen",
            level="Cấp xã",
            issuer=COMMUNE,
            decision="12-QĐ/ĐU",
            on=datetime(2025, 11, 20),
        ),
        case_row(  # the same case again: a second commendation
            form="bang-khen-tinh",
            level="tỉnh",
            issuer=PROVINCE,
            decision="Quyết định số 123-QĐ/TU",
            on="15/12/2025",
        ),
        case_row(
            "Ông Hoàng Văn Đức",
            kind="cá nhân",
            field="kinh-te",
            title="Nuôi cá lồng trên sông Nậm Rốm",
            position="Chủ nhiệm Hợp tác xã",
        ),
        case_row(
            "Lò Thị Mai",
            kind="Cá nhân",
            field="KINH TẾ",
            year="năm 2025",
            title="Dệt thổ cẩm",
            form="Biểu dương",
            level="Cơ sở",
            issuer="Chi bộ bản Mới",
            on="ngày 2 tháng 12 năm 2025",
        ),
    ]


def read_back(response):
    return load_workbook(io.BytesIO(response.content)).active


def where(result):
    return [(error.row, error.column) for error in result.errors]


# --- The import --------------------------------------------------------------------------


def test_a_good_file_imports_cases_with_their_commendations_and_they_count(
    provincial_admin, province, commune_a
):
    result = import_cases(xlsx(good_rows()), user=provincial_admin)
    assert result.errors == []
    assert (result.created, result.commendations, result.duplicates) == (3, 3, 0)
    youth = Case.objects.get(name=YOUTH)
    assert (youth.unit, youth.kind, youth.status, youth.year) == (
        commune_a,
        "collective",
        "commended",
        2025,
    )
    assert (youth.source, youth.proposed_by, youth.verified_by) == (
        "Báo cáo của Đảng ủy xã",
        provincial_admin,
        provincial_admin,
    )
    given = list(youth.commendations.order_by("decided_on"))
    assert [(c.form.code, c.level, c.decision, c.decision_style, c.decided_on) for c in given] == [
        ("giay-khen", "commune", "12-QĐ/ĐU", "party", date(2025, 11, 20)),
        ("bang-khen-tinh", "province", "123-QĐ/TU", "party", date(2025, 12, 15)),
    ]
    farmer = Case.objects.get(name="Ông Hoàng Văn Đức")
    assert (farmer.kind, farmer.status, farmer.position, farmer.field.code) == (
        "individual",
        "proposed",
        "Chủ nhiệm Hợp tác xã",
        "kinh-te",
    )
    weaver = Case.objects.get(name="Lò Thị Mai")
    assert weaver.status == "commended"
    assert weaver.commendations.get().decision == ""  # a praise has no decision
    stats = selectors.stats(province, year_from=2025, year_to=2025, by="field")
    assert {row.label: (row.cases, row.collective, row.individual) for row in stats.rows} == {
        "Thiện nguyện": (1, 1, 0),
        "Kinh tế": (1, 0, 1),
    }
    assert (stats.total.cases, stats.total.commendations) == (2, 3)


def test_one_bad_decision_and_one_unknown_field_save_nothing_and_name_row_and_column(
    provincial_admin, commune_a
):
    rows = good_rows()
    rows[2][12] = "123-QĐ-TU"  # Excel's row 3: a hyphen where the slash goes
    rows.append(case_row("Nông Văn Sáng", kind="Cá nhân", field="Khuyến nông", title="Bò"))
    result = import_cases(xlsx(rows), user=provincial_admin)
    assert not result.ok
    assert where(result) == [(3, "Số quyết định"), (6, "Lĩnh vực")]
    assert result.errors[0].message.startswith("Dòng 3, cột «Số quyết định»: ")
    assert "'/'" in result.errors[0].message
    assert result.errors[1].message == (
        "Dòng 6, cột «Lĩnh vực»: không có lĩnh vực nào tên hoặc mã 'Khuyến nông'."
    )
    assert (result.created, result.commendations) == (0, 0)
    assert not Case.objects.exists()
    assert not Commendation.objects.exists()


def test_every_problem_of_a_row_is_reported_in_the_files_order(provincial_admin, commune_a):
    this_year = timezone.localdate().year
    rows = [
        HEADERS,
        case_row(kind="hộ gia đình", year=this_year + 1),  # 2: not a kind, a year to come
        case_row(form="Giấy khen", level="Cấp thôn", issuer=None, on="31/11/2025"),  # 3
        case_row("Hoàng Văn Đức", kind="Cá nhân", form="Giấy khen", level="Cấp xã"),  # 4
        case_row(field="Kinh tế"),  # 5: the case of row 3, another field
        case_row(form="Giấy khen", level="Cấp xã", issuer=COMMUNE, on=date(2025, 11, 2)),  # 6
        ["X99", "Tập thể", "Chi đoàn", None, "Thiện nguyện", 2025, "x" * 301],  # 7
    ]
    result = import_cases(xlsx(rows), user=provincial_admin)
    assert where(result) == [
        (2, "Tập thể/cá nhân"),
        (2, "Năm"),
        (3, "Cấp khen thưởng"),
        (3, "Cơ quan khen thưởng"),
        (3, "Ngày quyết định"),
        (4, "Cơ quan khen thưởng"),
        (4, "Ngày quyết định"),
        (5, "Lĩnh vực"),
        (6, "Số quyết định"),
        (7, "Mã đơn vị"),
        (7, "Tên mô hình, cách làm"),
    ]
    messages = [error.message for error in result.errors]
    assert messages[0].startswith("Dòng 2, cột «Tập thể/cá nhân»: 'hộ gia đình' không phải")
    assert messages[1] == (
        f"Dòng 2, cột «Năm»: Năm {this_year + 1} không hợp lệ: từ năm 1945 đến năm {this_year}."
    )
    assert "Trung ương, Cấp tỉnh, Cấp huyện, Cấp xã, Cơ sở" in messages[2]
    assert messages[3].startswith("Dòng 3, cột «Cơ quan khen thưởng»: chưa nhập; một dòng có")
    assert (
        messages[4] == "Dòng 3, cột «Ngày quyết định»: '31/11/2025': tháng 11/2025 chỉ có 30 ngày"
    )
    assert messages[7] == (
        "Dòng 5, cột «Lĩnh vực»: khác với dòng 3 của cùng điển hình (cùng đơn vị, tên, mô hình "
        "và năm)."
    )
    assert messages[8] == "Dòng 6, cột «Số quyết định»: Hãy nhập số quyết định."
    assert messages[9] == "Dòng 7, cột «Mã đơn vị»: không có đơn vị nào mã 'X99'."
    assert messages[10] == "Dòng 7, cột «Tên mô hình, cách làm»: dài quá 300 ký tự."
    assert not Case.objects.exists()


def test_a_row_repeating_a_commendation_of_its_case_is_refused(provincial_admin, commune_a):
    rows = good_rows()[:2]
    rows.append(list(rows[1]))
    [error] = import_cases(xlsx(rows), user=provincial_admin).errors
    assert error.message == (
        "Dòng 3 trùng với dòng 2: cùng «Mã đơn vị», «Tên tập thể, cá nhân», «Tên mô hình, cách "
        "làm», «Năm», «Hình thức khen thưởng», «Số quyết định», «Ngày quyết định»."
    )


def test_an_editor_may_nominate_but_not_commend_and_is_told_so_by_row(editor_a, commune_a):
    result = import_cases(xlsx(good_rows()), user=editor_a)
    assert where(result) == [
        (2, "Hình thức khen thưởng"),
        (3, "Hình thức khen thưởng"),
        (5, "Hình thức khen thưởng"),
    ]
    assert "chỉ người thẩm định hoặc quản trị của Đảng ủy xã Mường Luân" in str(result.errors[0])
    assert not Case.objects.exists()
    # Without the commendation columns the same cases are nominated.
    plain = [row[:9] for number, row in enumerate(good_rows(), 1) if number != 3]
    result = import_cases(xlsx(plain), user=editor_a)
    assert (result.errors, result.created, result.commendations) == ([], 3, 0)
    assert set(Case.objects.values_list("status", flat=True)) == {"proposed"}


def test_a_reviewer_who_does_not_write_and_another_commune_are_refused(
    reviewer, editor_b, commune_a, commune_b
):
    rows = [row[:9] for number, row in enumerate(good_rows(), 1) if number != 3]
    [first, *_] = import_cases(xlsx(rows), user=reviewer).errors
    assert first.message == (
        "Dòng 2, cột «Mã đơn vị»: Bạn không được ghi nhận điển hình cho Đảng ủy xã Mường Luân."
    )
    assert where(import_cases(xlsx(rows), user=editor_b))[0] == (2, "Mã đơn vị")
    assert not Case.objects.exists()


def test_a_refusal_while_writing_rolls_back_the_whole_file(provincial_admin, commune_a):
    rows = good_rows()
    rows[2][13] = "15/12/2024"  # before the case's year: the service refuses it
    rows[2][12] = "123-QĐ/TU"
    result = import_cases(xlsx(rows), user=provincial_admin)
    assert where(result) == [(3, "Ngày quyết định")]
    assert result.errors[0].message == (
        "Dòng 3, cột «Ngày quyết định»: Ngày quyết định trước năm 2025 của điển hình."
    )
    assert (result.created, result.commendations) == (0, 0)
    assert not Case.objects.exists()
    assert not Commendation.objects.exists()


def test_english_headers_in_any_order_and_the_users_own_columns(provincial_admin, commune_a):
    rows = [
        [
            *("Decision date", "Title", "Notes", "Field", "Name", "KIND", "Unit code", "Year"),
            *("Form", "Level", "Issuer", "Decision number"),
        ],
        [
            *(datetime(2025, 11, 20), ROAD, "ours", "thien-nguyen", YOUTH, "collective", "X25-A"),
            *(2025, "giay-khen", "commune", COMMUNE, "Số: 15/QĐ-UBND"),
        ],
    ]
    result = import_cases(xlsx(rows), user=provincial_admin)
    assert (result.errors, result.created, result.commendations) == ([], 1, 1)
    given = Commendation.objects.get()
    assert (given.decision, given.decision_style, given.level) == ("15/QĐ-UBND", "state", "commune")


def test_likely_duplicates_are_counted_not_refused(provincial_admin, commune_a):
    from lamtheo.honours.tests.test_cases import nominate

    nominate(commune_a, provincial_admin, Field.objects.get(code="kinh-te"), name="Hoàng Văn Đức")
    result = import_cases(xlsx(good_rows()), user=provincial_admin)
    assert (result.errors, result.created, result.duplicates) == ([], 3, 1)
    assert Case.objects.get(name="Ông Hoàng Văn Đức").duplicates_found == 1


def test_a_commendation_column_without_the_others_is_refused(provincial_admin, commune_a):
    rows = [HEADERS[:10], [*case_row()[:9], "Giấy khen"]]
    result = import_cases(xlsx(rows), user=provincial_admin)
    assert where(result) == [
        (1, "Cấp khen thưởng"),
        (1, "Cơ quan khen thưởng"),
        (1, "Ngày quyết định"),
    ]
    assert result.errors[0].message == (
        "Dòng 1 (dòng tiêu đề): tệp có cột khen thưởng nhưng thiếu cột «Cấp khen thưởng»."
    )


def test_checking_a_file_costs_the_same_queries_for_three_rows_or_sixty(
    provincial_admin, commune_a
):
    def queries(count):
        rows = [HEADERS] + [
            case_row(f"Hộ ông {i}", kind="Cá nhân", form="Biểu dương", level="Cấp xã")
            for i in range(count)
        ]
        with CaptureQueriesContext(connection) as captured:
            assert import_cases(xlsx(rows), user=provincial_admin).errors  # no issuer, no date
        return len(captured.captured_queries)

    assert queries(3) == queries(60) <= 4


def test_a_file_of_too_many_rows_is_refused(provincial_admin, commune_a, monkeypatch):
    monkeypatch.setattr(plans_sheets.reading, "MAX_ROWS", 3)
    rows = [HEADERS[:9]] + [case_row(f"Hộ ông {i}", kind="Cá nhân") for i in range(4)]
    [error] = import_cases(xlsx(rows), user=provincial_admin).errors
    assert error.message == "Tệp 'dien-hinh.xlsx' có hơn 3 dòng; hãy chia thành nhiều tệp nhỏ hơn."
    assert not Case.objects.exists()


def test_a_text_file_renamed_xlsx_is_refused_cleanly(provincial_admin):
    upload = SimpleUploadedFile("dien-hinh.xlsx", "Mã đơn vị;Năm\nX25-A;2025\n".encode())
    [error] = import_cases(upload, user=provincial_admin).errors
    assert (error.row, error.column) == (None, "")
    assert error.message == (
        "Tệp 'dien-hinh.xlsx' không phải là tệp Excel (.xlsx); hãy dùng tệp mẫu để nhập."
    )


def test_the_template_has_the_headers_and_imports_as_one_commended_case(
    provincial_admin, commune_a
):
    response = cases_template()
    sheet = read_back(response)
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert (sheet["A2"].value, sheet["M2"].value) == ("X25-A", "12-QĐ/ĐU")
    assert sheet.column_dimensions["M"].number_format == "@"
    result = import_cases(SimpleUploadedFile("mau.xlsx", response.content), user=provincial_admin)
    assert (result.errors, result.created, result.commendations) == ([], 1, 1)


# --- Exports -----------------------------------------------------------------------------


def test_the_statistics_export_names_what_it_counts_and_holds_the_figures(
    provincial_admin, province, commune_a
):
    assert import_cases(xlsx(good_rows()), user=provincial_admin).ok
    stats = selectors.stats(province, year_from=2024, year_to=2025, by="form")
    response = stats_workbook(stats)
    assert response["Content-Disposition"].startswith(
        'attachment; filename="thong-ke-dien-hinh-t11-2024-2025.xlsx"'
    )
    sheet = read_back(response)
    lines = [row[0] for row in sheet.iter_rows(max_col=1, values_only=True)]
    assert lines[:6] == [
        "Thống kê điển hình tiên tiến: Tỉnh ủy Điện Biên",
        "Từ năm 2024 đến năm 2025",
        "Tính các điển hình đã được biểu dương, khen thưởng.",
        "Mỗi điển hình tính theo hệ thống tổ chức ngày 31/12 của năm điển hình.",
        "Điển hình có nhiều hình thức, cấp khen thưởng được tính ở mỗi dòng của nó và một lần ở "
        "dòng tổng cộng.",
        lines[5],
    ]
    assert lines[5].startswith("Ngày xuất: ")
    assert sheet["A1"].font.b
    assert lines[6] is None
    table = [list(row) for row in sheet.iter_rows(min_row=8, values_only=True)]
    assert table == [
        ["Hình thức khen thưởng", "Số điển hình", "Tập thể", "Cá nhân", "Số lượt khen thưởng"],
        ["Biểu dương", 1, 0, 1, 1],
        ["Giấy khen", 1, 1, 0, 1],
        ["Bằng khen cấp tỉnh", 1, 1, 0, 1],
        ["Tổng cộng", 2, 1, 1, 3],
    ]
    assert sheet.freeze_panes == "A9"
    assert (sheet["B9"].number_format, sheet["E12"].number_format) == ("#,##0", "#,##0")
    assert sheet["A12"].font.b
    assert sheet["E12"].font.b
    restated = selectors.stats(
        province, year_from=2025, year_to=2025, by="year", restated=True, today=date(2026, 12, 3)
    )
    sheet = read_back(stats_workbook(restated))
    assert sheet["A2"].value == "Năm 2025"
    assert sheet["A4"].value.startswith("Quy đổi theo hệ thống tổ chức ngày 03/12/2026")
    assert [list(row) for row in sheet.iter_rows(min_row=7, values_only=True)] == [
        ["Năm", "Số điển hình", "Tập thể", "Cá nhân", "Số lượt khen thưởng"],
        [2025, 2, 1, 1, 3],
        ["Tổng cộng", 2, 1, 1, 3],
    ]


def test_the_cases_export_lists_each_case_with_its_commendations(
    provincial_admin, commune_a, commune_b
):
    assert import_cases(xlsx(good_rows()), user=provincial_admin).ok
    youth = Case.objects.get(name=YOUTH)
    services.replicate_case(
        case=youth, units=[commune_b], since=date(2026, 1, 5), by=provincial_admin
    )
    services.publish_case(case=Case.objects.get(pk=youth.pk), published=True, by=provincial_admin)
    headers = [
        "Đơn vị",
        "Tập thể / cá nhân",
        "Tên tập thể, cá nhân",
        "Chức vụ, nơi công tác",
        "Lĩnh vực",
        "Năm",
        "Tên mô hình, cách làm",
        "Trạng thái",
        "Khen thưởng",
        "Số đơn vị nhân rộng",
        "Công khai",
    ]
    expected = [
        "Đảng ủy xã Mường Luân",
        "Tập thể",
        YOUTH,
        None,
        "Thiện nguyện",
        2025,
        ROAD,
        "Được nhân rộng",
        "Giấy khen (12-QĐ/ĐU, 20/11/2025); Bằng khen cấp tỉnh (123-QĐ/TU, 15/12/2025)",
        1,
        "Có",
    ]
    for cases in (Case.objects.order_by("pk"), list(Case.objects.order_by("pk"))):
        sheet = read_back(cases_workbook(cases))
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert rows[0] == headers
        assert [row[2] for row in rows[1:]] == [YOUTH, "Ông Hoàng Văn Đức", "Lò Thị Mai"]
        assert rows[1] == expected
        assert rows[2][7:] == ["Đề xuất", None, 0, "Không"]
        assert rows[3][8] == "Biểu dương (02/12/2025)"
