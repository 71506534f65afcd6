"""The oversight area's workbooks: an inspection's findings and recommendations, a criteria set
in the columns its upload reads (so an export imports again), a round's ranking with its
distribution and quota breaches, and a scoring sheet - numbers as numbers, dates as dates, and
only the rows the person downloading may see."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lamtheo.oversight import domain, services
from lamtheo.oversight.domain import Node
from lamtheo.oversight.models import Criterion
from lamtheo.oversight.tests.test_exports import (  # the inspection the .docx tests write
    A_LIMIT,
    A_RECOMMENDATION,
    A_RESULT,
    B_LIMIT,
    B_RECOMMENDATION,
    B_RESULT,
    CAUSE,
    GENERAL,
    concluded,
    decision,
    download,
    programme,
    written,
)
from lamtheo.oversight.views.exports import CRITERIA_HEADERS
from lamtheo.plans.spreadsheets import XLSX
from lamtheo.plans.tests.conftest import register

pytestmark = pytest.mark.django_db
FIXTURES = (concluded, decision, programme, written)  # used by name, not called

# The inspection's workbook -----------------------------------------------------------------


def rows_of(sheet, first: int) -> list[list]:
    return [list(row) for row in sheet.iter_rows(min_row=first, values_only=True)]


def test_the_inspection_workbook_holds_findings_and_recommendations(
    client, concluded, recommendations, editor_b, provincial_admin
):
    _, b = recommendations
    services.respond(recommendation=b, step="report", text_="Đã kiện toàn tổ giúp việc",
                     evidence="Quyết định 25-QĐ/ĐU", by=editor_b, version=b.version)  # fmt: skip
    response = download(client, provincial_admin, "inspection_xlsx", concluded.pk)
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Kết luận", "Kiến nghị"]
    findings = book["Kết luận"]
    assert findings["A1"].value == concluded.title
    assert rows_of(findings, 4)[0] == ["Phần", "Về đơn vị", "Nội dung"]
    assert rows_of(findings, 5) == [
        ["Kết quả, ưu điểm", "Chung", GENERAL],
        ["Kết quả, ưu điểm", "Đảng ủy xã Mường Luân", A_RESULT],
        ["Kết quả, ưu điểm", "Đảng ủy xã Mường Phăng", B_RESULT],
        ["Hạn chế, khuyết điểm", "Đảng ủy xã Mường Luân", A_LIMIT],
        ["Hạn chế, khuyết điểm", "Đảng ủy xã Mường Phăng", B_LIMIT],
        ["Nguyên nhân", "Chung", CAUSE],
    ]
    sheet = book["Kiến nghị"]
    assert rows_of(sheet, 4)[0][:5] == [
        "STT", "Đơn vị thực hiện", "Nội dung kiến nghị", "Hạn khắc phục", "Tình trạng"
    ]  # fmt: skip
    first, second = rows_of(sheet, 5)
    assert first[:5] == [1, "Đảng ủy xã Mường Luân", A_RECOMMENDATION, datetime(2026, 3, 31),
                         "Chưa khắc phục"]  # fmt: skip
    assert sheet["D5"].number_format == "dd/mm/yyyy"
    assert sheet["A5"].data_type == "n"
    assert second[:5] == [2, "Đảng ủy xã Mường Phăng", B_RECOMMENDATION, datetime(2030, 3, 31),
                          "Báo cáo đã khắc phục"]  # fmt: skip
    assert second[5] == "Không"  # 2030 is not past
    assert second[6] is None  # not confirmed yet
    assert second[7:9] == ["Báo cáo đã khắc phục: Đã kiện toàn tổ giúp việc",
                           "Quyết định 25-QĐ/ĐU"]  # fmt: skip
    assert isinstance(second[9], datetime)
    assert sheet["J6"].number_format == "dd/mm/yyyy hh:mm"


def test_commune_b_gets_only_its_rows_in_the_inspection_workbook(client, concluded, editor_b):
    book = load_workbook(
        io.BytesIO(download(client, editor_b, "inspection_xlsx", concluded.pk).content)
    )
    assert [row[2] for row in rows_of(book["Kết luận"], 5)] == [GENERAL, B_RESULT, B_LIMIT, CAUSE]
    assert [row[1:3] for row in rows_of(book["Kiến nghị"], 5)] == [
        ["Đảng ủy xã Mường Phăng", B_RECOMMENDATION]
    ]


# The criteria set's workbook ---------------------------------------------------------------


@pytest.fixture
def cited_set(province, provincial_admin):
    central = register(province, "ket-luan", "21-KL/TU", date(2021, 10, 30),
                       "Về đẩy mạnh xây dựng, chỉnh đốn Đảng", by=provincial_admin)  # fmt: skip
    return services.create_criteria_set(
        unit=province,
        code="kl21",
        name="Tiêu chí thực hiện Kết luận 21",
        criteria=[
            Node("1", "Lãnh đạo, chỉ đạo", None),
            Node("1.1", "Ban hành kế hoạch", Decimal("12.5"), "Kế hoạch", (central,)),
            Node("1.2", "Quán triệt", Decimal("7.5")),
            Node("2", "Kết quả", Decimal(80), "Báo cáo năm"),
        ],
        by=provincial_admin,
    )


def test_the_criteria_workbook_has_the_upload_columns_and_numbers(client, cited_set,
                                                                  editor_a):  # fmt: skip
    response = download(client, editor_a, "criteria_xlsx", cited_set.pk)  # seen below
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = rows_of(sheet, 1)
    assert header == CRITERIA_HEADERS
    assert rows == [
        ["1", "Lãnh đạo, chỉ đạo", 20, None, None],
        ["1.1", "Ban hành kế hoạch", 12.5, "Kế hoạch", "21-KL/TU"],
        ["1.2", "Quán triệt", 7.5, None, None],
        ["2", "Kết quả", 80, "Báo cáo năm", None],
    ]
    assert sheet["C3"].data_type == "n"
    assert sheet["A2"].data_type == "s"


def test_the_criteria_workbook_reads_back_as_the_same_outline(client, cited_set, criteria_set,
                                                              provincial_admin):  # fmt: skip
    for found in (cited_set, criteria_set):
        response = download(client, provincial_admin, "criteria_xlsx", found.pk)
        _, *rows = rows_of(load_workbook(io.BytesIO(response.content)).active, 1)
        read = domain.outline(
            [
                Node(
                    str(code),
                    title,
                    None if points is None else Decimal(str(points)),
                    evidence or "",
                    tuple((sources or "").split("; ")) if sources else (),
                )
                for code, title, points, evidence, sources in rows
            ]
        )
        stored = domain.outline(services.nodes_of(found))
        for node in stored:
            node.sources = tuple(d.symbol for d in node.sources)
        assert read == stored


# The ranking and the scoring sheet ---------------------------------------------------------


@pytest.fixture
def scored(province, commune_a, commune_b, provincial_admin, criteria_set, editor_a, editor_b,
           reviewer):  # fmt: skip
    """A round with a 20% quota on the top grade; A scores 95 and B 91, both excellent."""
    round_ = services.open_round(
        unit=province,
        criteria_set=criteria_set,
        title="Đánh giá năm 2025",
        period="2025",
        self_deadline=date(2030, 1, 15),
        review_deadline=date(2030, 1, 31),
        units=[commune_a, commune_b],
        by=provincial_admin,
        quotas={"excellent": "20"},
    )
    leaves = {c.code: c.pk for c in Criterion.objects.filter(criteria_set=criteria_set,
                                                             is_group=False)}  # fmt: skip
    for unit, editor, points in ((commune_a, editor_a, "25"), (commune_b, editor_b, "21")):
        sheet = round_.evaluations.get(unit=unit)
        scores = {leaves["1.1"]: {"points": "10", "evidence": "Kế hoạch 12-KH/ĐU"},
                  leaves["1.2"]: {"points": "20"}, leaves["2.1"]: {"points": "40"},
                  leaves["2.2"]: {"points": points}}  # fmt: skip
        sheet = services.submit(evaluation=sheet, by=editor, version=sheet.version, scores=scores)
        sheet = services.review(evaluation=sheet, by=reviewer, version=sheet.version,
                                scores={leaves["2.2"]: {"points": str(int(points) + 1),
                                                        "comment": "Có thêm biên bản"}},
                                comment="Hồ sơ đầy đủ")  # fmt: skip
        services.accept(evaluation=sheet, by=reviewer, version=sheet.version,
                        conditions=["all_on_time", "exceeded_30"])  # fmt: skip
    return round_


def test_the_ranking_workbook_ranks_with_numbers_then_the_distribution_and_breach(
    client, scored, reviewer
):
    response = download(client, reviewer, "ranking_xlsx", scored.pk)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = rows_of(sheet, 1)
    assert rows[0][0] == "Đánh giá năm 2025"
    header = rows.index(["Hạng", "Đơn vị", "Tự chấm", "Thẩm định", "Xếp loại", "Trạng thái"])
    excellent = "Hoàn thành xuất sắc nhiệm vụ"
    assert rows[header + 1 : header + 3] == [
        [1, "Đảng ủy xã Mường Luân", 95, 96, excellent, "Đã thẩm định"],
        [2, "Đảng ủy xã Mường Phăng", 91, 92, excellent, "Đã thẩm định"],
    ]
    assert sheet.cell(row=header + 2, column=4).data_type == "n"
    rest = [row for row in rows[header + 3 :] if any(v is not None for v in row)]
    assert rest[0][:3] == ["Xếp loại", "Số đơn vị", "Tỷ lệ (%)"]
    assert rest[1][:3] == [excellent, 2, 100]
    assert rest[2][:3] == ["Hoàn thành tốt nhiệm vụ", 0, 0]
    breach = [row[:3] for row in rest].index(["Vượt tỷ lệ tối đa", "Số đơn vị", "Tối đa được phép"])
    assert rest[breach + 1][:3] == [excellent, 2, 0]


def test_the_scoring_sheet_workbook_lists_each_criterion_and_the_totals(
    client, scored, commune_a, editor_a
):
    evaluation = scored.evaluations.get(unit=commune_a)
    response = download(client, editor_a, "sheet_xlsx", evaluation.pk)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = rows_of(sheet, 1)
    header = rows.index(["Số thứ tự", "Nội dung tiêu chí", "Điểm tối đa", "Điểm tự chấm",
                         "Minh chứng", "Điểm thẩm định", "Nhận xét"])  # fmt: skip
    body = rows[header + 1 : header + 7]
    assert [row[0] for row in body] == ["1", "1.1", "1.2", "2", "2.1", "2.2"]
    assert body[0][:3] == ["1", "Công tác lãnh đạo, chỉ đạo", 30]
    assert body[1] == ["1.1", "Ban hành kế hoạch thực hiện Kết luận 01-KL/TW", 10, 10,
                       "Kế hoạch 12-KH/ĐU", None, None]  # fmt: skip
    assert body[5] == ["2.2", "Kiểm tra, giám sát", 30, 25, None, 26, "Có thêm biên bản"]
    assert sheet.cell(row=header + 2, column=4).data_type == "n"
    total = next(row for row in rows if row[1] == "Tổng cộng")
    assert total[2:6] == [100, 95, None, 96]
    assert next(row for row in rows if row[1] == "Xếp loại")[2] == "Hoàn thành xuất sắc nhiệm vụ"
    assert next(row for row in rows if row[1] == "Nhận xét chung")[2] == "Hồ sơ đầy đủ"


def test_the_rounds_and_programmes_lists_download_as_excel(
    client, evaluation_round, province, provincial_admin, commune_a, editor_a
):
    """Every list of the area downloads: the rounds with their sheets counted by status, the
    programmes with their inspections counted; a commune's editor gets neither of the
    province's."""
    services.create_programme(
        unit=province, year=2026, title="Chương trình kiểm tra năm 2026", by=provincial_admin
    )
    client.force_login(provincial_admin)
    rounds = load_workbook(
        io.BytesIO(client.get(reverse("oversight:rounds") + "?dinh-dang=xlsx").content)
    ).active
    header = [c.value for c in rounds[1]]
    row = [c.value for c in rounds[2]]
    assert header[:2] == ["Tên đợt đánh giá", "Đơn vị đánh giá"]
    assert row[0] == evaluation_round.title
    assert row[header.index("Số phiếu")] == 2
    assert row[header.index("Chưa chấm")] == 2
    programmes = load_workbook(
        io.BytesIO(client.get(reverse("oversight:programmes") + "?dinh-dang=xlsx").content)
    ).active
    assert [c.value for c in programmes[2]] == [
        2026,
        "Chương trình kiểm tra năm 2026",
        province.name,
        None,
        0,
    ]
    client.force_login(editor_a)
    mine = load_workbook(
        io.BytesIO(client.get(reverse("oversight:rounds") + "?dinh-dang=xlsx").content)
    ).active
    assert mine.max_row == 1  # the header only
