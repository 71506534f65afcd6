"""An inspection's conclusion as the Party's .docx (and its PDF): the heading block, the
sections with each unit's findings, the recommendations table - holding only what the person
downloading it may see; and who may download the area's files at all (the workbooks' own tests
are in test_exports_xlsx.py)."""

import io
import os
from datetime import date
from decimal import Decimal

import pytest
from docx import Document as Word
from pypdf import PdfReader

from lamtheo.oversight import official, services
from lamtheo.oversight.domain import Node
from lamtheo.oversight.services import FindingSpec
from lamtheo.oversight.views.exports import DOCX
from lamtheo.plans.tests.conftest import register
from lamtheo.reporting.render import render_docx, render_pdf
from lamtheo.reporting.render.layout import PARTY_HEADER
from lamtheo.reporting.render.pdf import office_binary

pytestmark = pytest.mark.django_db

GENERAL = "Các cấp ủy đã quán triệt nghiêm túc Kết luận 01-KL/TW đến cán bộ, đảng viên."
A_RESULT = "Đảng ủy xã Mường Luân xây dựng được 12 mô hình làm theo gương Bác."
A_LIMIT = "Việc sơ kết chuyên đề năm 2025 còn chậm."
B_RESULT = "Đảng ủy xã Mường Phăng có mô hình dân vận khéo được nhân rộng."
B_LIMIT = "Tổ giúp việc chưa được kiện toàn sau sắp xếp."
CAUSE = "Một số cấp ủy chưa quan tâm đúng mức đến công tác tuyên truyền."
A_RECOMMENDATION = "Bổ sung kế hoạch học tập chuyên đề năm 2021"
B_RECOMMENDATION = "Kiện toàn tổ giúp việc"
DATE_LINE = "Điện Biên, ngày 20 tháng 3 năm 2026"


def url(name: str, pk: int) -> str:
    from django.urls import reverse

    return reverse(f"oversight:{name}", args=[pk])


@pytest.fixture
def decision(province, provincial_admin):
    return register(
        province,
        "quyet-dinh",
        "12-QĐ/TU",
        date(2026, 2, 10),
        "Về việc thành lập Đoàn kiểm tra thực hiện Kết luận 01-KL/TW",
        by=provincial_admin,
    )


@pytest.fixture
def programme(province, provincial_admin):
    return services.create_programme(
        unit=province,
        year=2026,
        title="Chương trình kiểm tra, giám sát năm 2026",
        by=provincial_admin,
    )


@pytest.fixture
def written(inspection, recommendations, commune_a, commune_b, provincial_admin, decision,
            programme):  # fmt: skip
    """The inspection with its decision, programme and findings in every section."""
    inspection.refresh_from_db()
    current = services.update_inspection(
        inspection=inspection,
        by=provincial_admin,
        version=inspection.version,
        kind=inspection.kind,
        title=inspection.title,
        starts_on=inspection.starts_on,
        ends_on=inspection.ends_on,
        targets=[commune_a, commune_b],
        team=inspection.team,
        programme=programme,
        decision=decision,
    )
    specs = [
        FindingSpec("results", GENERAL),
        FindingSpec("results", A_RESULT, commune_a),
        FindingSpec("results", B_RESULT, commune_b),
        FindingSpec("limitations", A_LIMIT, commune_a),
        FindingSpec("limitations", B_LIMIT, commune_b),
        FindingSpec("causes", CAUSE),
    ]
    return services.set_findings(
        inspection=current, findings=specs, by=provincial_admin, version=current.version
    )


@pytest.fixture
def concluded(written, provincial_admin):
    return services.conclude(
        inspection=written,
        by=provincial_admin,
        version=written.version,
        number="15-TB/TU",
        signed_on=date(2026, 3, 20),
        place="Điện Biên",
        signer="Phương Thị Thanh",
        signer_title="Phó Bí thư Thường trực",
        authority="T/M BAN THƯỜNG VỤ",
        recipients="- Các đảng ủy xã được kiểm tra,\n- Lưu Văn phòng Tỉnh ủy.",
    )


def download(client, user, name: str, pk: int):
    client.force_login(user)
    response = client.get(url(name, pk))
    assert response.status_code == 200, response.content[:300]
    return response


def word_of(response):
    assert response["Content-Type"] == DOCX
    return Word(io.BytesIO(response.content))


def texts(word) -> list[str]:
    return [p.text for p in word.paragraphs]


def table_rows(word) -> list[list[str]]:
    """The recommendations table (between the heading block and the signature)."""
    (table,) = word.tables[1:-1]
    return [[cell.text for cell in row.cells] for row in table.rows]


# The .docx ---------------------------------------------------------------------------------


def test_the_conclusion_has_the_party_heading_block_and_its_number(client, concluded,
                                                                   provincial_admin):  # fmt: skip
    response = download(client, provincial_admin, "conclusion_docx", concluded.pk)
    assert response["Content-Disposition"] == 'attachment; filename="15-TB-TU.docx"'
    assert "sandbox" in response["Content-Security-Policy"]
    word = word_of(response)
    heading = word.tables[0]
    assert [p.text for p in heading.cell(0, 0).paragraphs] == ["TỈNH ỦY ĐIỆN BIÊN", "*"]
    assert heading.cell(0, 1).paragraphs[0].text == PARTY_HEADER
    assert [p.text for p in heading.cell(1, 0).paragraphs] == ["Số 15-TB/TU"]
    assert [p.text for p in heading.cell(1, 1).paragraphs] == [DATE_LINE]
    body = texts(word)
    assert "THÔNG BÁO" in body
    assert (
        "Kết luận của Ban Thường vụ Tỉnh ủy Điện Biên về kết quả kiểm tra tình hình thực hiện "
        "Kết luận 01-KL/TW" in body
    )
    closing = word.tables[-1]
    assert [p.text for p in closing.cell(0, 0).paragraphs] == [
        "Nơi nhận:",
        "- Các đảng ủy xã được kiểm tra,",
        "- Lưu Văn phòng Tỉnh ủy.",
    ]
    assert [p.text for p in closing.cell(0, 1).paragraphs] == [
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ THƯỜNG TRỰC",
        "Phương Thị Thanh",
    ]


def test_the_conclusion_opens_with_who_inspected_whom_and_on_what_basis(
    client, concluded, provincial_admin
):
    body = texts(word_of(download(client, provincial_admin, "conclusion_docx", concluded.pk)))
    opening = next(p for p in body if p.startswith("Thực hiện"))
    assert (
        "Thực hiện Quyết định số 12-QĐ/TU ngày 10/02/2026 và Chương trình kiểm tra, giám sát "
        "năm 2026 của Tỉnh ủy Điện Biên, " in opening
    )
    assert "từ ngày 23/02/2026 đến ngày 06/03/2026" in opening
    assert "do đồng chí Phương Thị Thanh, Phó Bí thư Thường trực, làm trưởng đoàn" in opening
    assert "Đảng ủy xã Mường Luân và Đảng ủy xã Mường Phăng" in opening
    assert any(p.endswith("kết luận như sau:") for p in body)


def test_the_sections_carry_general_findings_then_each_units(client, concluded,
                                                             provincial_admin):  # fmt: skip
    body = texts(word_of(download(client, provincial_admin, "conclusion_docx", concluded.pk)))
    headings = [
        "I. KẾT QUẢ, ƯU ĐIỂM",
        "II. HẠN CHẾ, KHUYẾT ĐIỂM",
        "III. NGUYÊN NHÂN",
        "IV. KIẾN NGHỊ, YÊU CẦU KHẮC PHỤC",
    ]
    at = [body.index(h) for h in headings]
    assert at == sorted(at)
    results = body[at[0] : at[1]]
    assert results[1:] == [
        GENERAL,
        "1. Đảng ủy xã Mường Luân",
        A_RESULT,
        "2. Đảng ủy xã Mường Phăng",
        B_RESULT,
    ]
    assert body[at[1] + 1 : at[2]] == [
        "1. Đảng ủy xã Mường Luân",
        A_LIMIT,
        "2. Đảng ủy xã Mường Phăng",
        B_LIMIT,
    ]
    assert body[at[2] + 1] == CAUSE


def test_the_recommendations_are_a_table_with_their_deadlines(client, concluded,
                                                              provincial_admin):  # fmt: skip
    word = word_of(download(client, provincial_admin, "conclusion_docx", concluded.pk))
    header, *rows = table_rows(word)
    assert header == ["STT", "Đơn vị thực hiện", "Nội dung", "Hạn khắc phục", "Tình trạng"]
    assert [row[:4] for row in rows] == [
        ["1", "Đảng ủy xã Mường Luân", A_RECOMMENDATION, "31/03/2026"],
        ["2", "Đảng ủy xã Mường Phăng", B_RECOMMENDATION, "31/03/2030"],
    ]
    assert all(row[4].startswith("Chưa khắc phục") for row in rows)
    assert any("báo cáo kết quả khắc phục về Tỉnh ủy Điện Biên" in p for p in texts(word))


def test_an_overdue_recommendation_is_marked_in_the_table(concluded, provincial_admin):
    doc = official.document_of(concluded, provincial_admin, today=date(2026, 4, 1))
    (table,) = doc.tables()
    assert [row[4] for row in table.rows] == ["Chưa khắc phục (quá hạn)", "Chưa khắc phục"]


def test_a_fixed_recommendation_shows_the_day_it_was_confirmed(
    concluded, recommendations, editor_b, reviewer, provincial_admin
):
    _, b = recommendations
    services.respond(recommendation=b, step="report", text_="Đã kiện toàn", evidence="QĐ 25",
                     by=editor_b, version=b.version)  # fmt: skip
    b.refresh_from_db()
    services.respond(recommendation=b, step="confirm", text_="Đạt yêu cầu", by=reviewer,
                     version=b.version, today=date(2026, 4, 20))  # fmt: skip
    doc = official.document_of(concluded, provincial_admin, today=date(2026, 5, 1))
    (table,) = doc.tables()
    assert table.rows[1][4] == "Đã khắc phục (20/04/2026)"


def test_commune_b_downloads_only_its_own_part(client, concluded, editor_b):
    word = word_of(download(client, editor_b, "conclusion_docx", concluded.pk))
    body = texts(word)
    assert {GENERAL, B_RESULT, B_LIMIT, CAUSE} <= set(body)
    assert not {A_RESULT, A_LIMIT} & set(body)
    assert "1. Đảng ủy xã Mường Luân" not in body
    assert "1. Đảng ủy xã Mường Phăng" in body
    _, *rows = table_rows(word)
    assert [row[1:3] for row in rows] == [["Đảng ủy xã Mường Phăng", B_RECOMMENDATION]]
    assert all(A_RECOMMENDATION not in p for p in body)
    # The programme is the province's own record: a commune does not see it, even here.
    opening = next(p for p in body if p.startswith("Thực hiện"))
    assert opening.startswith("Thực hiện Quyết định số 12-QĐ/TU ngày 10/02/2026 của Tỉnh ủy Điện ")
    assert "Chương trình kiểm tra, giám sát năm 2026" not in opening


def test_an_unconcluded_inspection_is_a_draft_without_a_number(written, provincial_admin):
    doc = official.document_of(written, provincial_admin, today=date(2026, 3, 9))
    word = Word(io.BytesIO(render_docx(doc)))
    heading = word.tables[0]
    assert [p.text for p in heading.cell(1, 0).paragraphs] == ["Số -TB/TU"]
    assert [p.text for p in heading.cell(1, 1).paragraphs] == [
        "Điện Biên, ngày 09 tháng 3 năm 2026"
    ]
    assert (doc.type_name, doc.signature.name) == ("THÔNG BÁO", "")
    assert doc.recipients[-1] == "- Lưu Văn phòng Tỉnh ủy Điện Biên."


def test_a_number_of_a_conclusion_kl_is_titled_ket_luan(written, provincial_admin):
    written.number = "16-KL/TU"
    doc = official.document_of(written, provincial_admin, today=date(2026, 3, 9))
    assert doc.type_name == "KẾT LUẬN"
    assert doc.abstract.startswith("của Ban Thường vụ Tỉnh ủy Điện Biên về kết quả kiểm tra")


def test_a_delegation_named_for_itself_reads_from_its_verb(written, provincial_admin):
    """ "Đoàn công tác của Thường trực Tỉnh ủy kiểm tra tiến độ ..." is the delegation's name,
    not its subject: the abstract and the opening take the title from "kiểm tra" on."""
    written.kind = "delegation"
    written.title = "Đoàn công tác của Thường trực Tỉnh ủy kiểm tra tiến độ thực hiện nhiệm vụ"
    doc = official.document_of(written, provincial_admin, today=date(2026, 3, 9))
    assert doc.abstract == (
        "Kết luận của Ban Thường vụ Tỉnh ủy Điện Biên về kết quả kiểm tra tiến độ thực hiện "
        "nhiệm vụ"
    )
    opening = doc.blocks[0].text
    assert "đã làm việc với " in opening
    assert ", kiểm tra tiến độ thực hiện nhiệm vụ." in opening
    assert "về đoàn công tác" not in opening


def _libreoffice_or_skip() -> None:
    if office_binary() is None:
        reason = (
            "LOUD SKIP: LibreOffice (soffice) is not installed, so the conclusion's PDF made "
            "from the Word file is NOT tested; install the libreoffice-writer package"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.mark.parametrize("engine", ["libreoffice", "html"])
def test_the_conclusion_prints_to_pdf_with_its_heading_on_page_one(engine, concluded,
                                                                   provincial_admin):  # fmt: skip
    if engine == "libreoffice":
        _libreoffice_or_skip()
    doc = official.document_of(concluded, provincial_admin)
    data = render_pdf(render_docx(doc), doc, engine=engine)
    text = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    for expected in (PARTY_HEADER, "TỈNH ỦY ĐIỆN BIÊN", "Số 15-TB/TU", DATE_LINE, "THÔNG BÁO"):
        assert expected in text


# Who may download --------------------------------------------------------------------------


@pytest.fixture
def only_a(province, commune_a, provincial_admin):
    return services.create_inspection(
        unit=province,
        kind="supervision",
        title="Giám sát việc học tập chuyên đề",
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 4, 3),
        targets=[commune_a],
        by=provincial_admin,
    )


@pytest.fixture
def set_of_a(commune_a, editor_a):
    return services.create_criteria_set(
        unit=commune_a, code="chi-bo", name="Tiêu chí chi bộ",
        criteria=[Node("1", "Sinh hoạt", Decimal(100))], by=editor_a,
    )  # fmt: skip


def test_who_may_not_see_a_record_gets_404_for_its_files(client, only_a, set_of_a,
                                                         evaluation_round, commune_a, editor_b,
                                                         editor_a):  # fmt: skip
    sheet_of_a = evaluation_round.evaluations.get(unit=commune_a)
    client.force_login(editor_b)
    for name, pk in (("conclusion_docx", only_a.pk), ("inspection_xlsx", only_a.pk),
                     ("criteria_xlsx", set_of_a.pk), ("ranking_xlsx", evaluation_round.pk),
                     ("sheet_xlsx", sheet_of_a.pk)):  # fmt: skip
        assert client.get(url(name, pk)).status_code == 404, name
    client.force_login(editor_a)  # the round is the province's own record
    assert client.get(url("ranking_xlsx", evaluation_round.pk)).status_code == 404
    assert client.get(url("sheet_xlsx", sheet_of_a.pk)).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, concluded):
    response = client.get(url("conclusion_docx", concluded.pk))
    assert response.status_code == 302
    assert client.post(url("conclusion_docx", concluded.pk)).status_code == 405


def test_an_unconcluded_supervision_downloads_without_a_number(client, only_a, editor_a):
    response = download(client, editor_a, "conclusion_docx", only_a.pk)
    assert response["Content-Disposition"] == (f'attachment; filename="ket-luan-{only_a.pk}.docx"')
    body = texts(word_of(response))
    assert (
        "Kết luận của Ban Thường vụ Tỉnh ủy Điện Biên về kết quả giám sát việc học tập "
        "chuyên đề" in body
    )
    assert "Không có kiến nghị, yêu cầu khắc phục." in body
