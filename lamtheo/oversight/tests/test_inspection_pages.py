"""The inspection pages through the test client: the area's home, the calendar, the list and
its download, the programmes; an inspection recorded and changed, its findings and conclusion
written; what the other commune may not see; stale forms and bad input named by field. (The
follow-up of recommendations is in test_follow_up_pages.py.)"""

import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lamtheo.documents import services as documents
from lamtheo.oversight import services
from lamtheo.oversight.models import Finding, Inspection, Programme

pytestmark = pytest.mark.django_db


def _url(name, *args) -> str:
    return reverse(f"oversight:{name}", args=args)


def _text(response) -> str:
    return response.content.decode()


def _register(unit, kind, symbol, day, title, **extra):
    return documents.create_document(
        draft=documents.Draft(
            unit=unit, kind=f"party:{kind}", symbol=symbol, issued_on=day, title=title, **extra
        ),
        by=None,
    )


def _workbook(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def decision(province):
    return _register(
        province, "quyet-dinh", "120-QĐ/TU", date(2026, 2, 10), "Quyết định thành lập đoàn kiểm tra"
    )


@pytest.fixture
def kl01(db):
    from lamtheo.org import services as org

    central = org.create_unit(
        code="TW", name="Ban Chấp hành Trung ương Đảng", kind="central", valid_from=date(1930, 2, 3)
    )
    return _register(
        central,
        "ket-luan",
        "01-KL/TW",
        date(2021, 5, 18),
        "Về tiếp tục thực hiện Chỉ thị 05-CT/TW",
        is_public=True,
    )


def recent_inspection(province, commune_a, commune_b, provincial_admin):
    """An inspection that began three weeks ago, with one recommendation to each commune: A's
    already past its deadline, B's due next month."""
    today = timezone.localdate()
    found = services.create_inspection(
        unit=province,
        kind="inspection",
        title="Kiểm tra việc học tập và làm theo",
        starts_on=today - timedelta(days=21),
        ends_on=today - timedelta(days=14),
        targets=[commune_a, commune_b],
        by=provincial_admin,
    )
    a = services.add_recommendation(
        inspection=found,
        owner=commune_a,
        text_="Bổ sung sổ theo dõi",
        deadline=today - timedelta(days=1),
        by=provincial_admin,
    )
    b = services.add_recommendation(
        inspection=found,
        owner=commune_b,
        text_="Kiện toàn tổ giúp việc",
        deadline=today + timedelta(days=30),
        by=provincial_admin,
    )
    return found, a, b


@pytest.fixture
def recent(province, commune_a, commune_b, provincial_admin):
    return recent_inspection(province, commune_a, commune_b, provincial_admin)


def _create_post(province, commune_a, **extra) -> dict:
    data = {
        "unit": province.pk,
        "kind": "delegation",
        "title": "Đoàn công tác sau Tết về xã Mường Luân",
        "programme": "",
        "starts_on": "23/02/2026",
        "ends_on": "06/03/2026",
        "targets": [commune_a.pk],
        "codes": "",
        "rule": "",
        "unit_kind": "",
        "team": "Phương Thị Thanh | Phó Bí thư Thường trực | Trưởng đoàn\n"
        "Hoàng Văn Nam | Chánh Văn phòng | thư ký\nLê Thị Hoa",
        "decision": "120-QĐ/TU",
        "documents": "01-KL/TW",
    }
    data.update(extra)
    return data


# --- Home, calendar, list, programmes ---------------------------------------------------------


def test_the_home_page_links_every_page_of_the_area(client, provincial_admin, recent):
    client.force_login(provincial_admin)
    page = _text(client.get(_url("index")))
    for name in (
        "calendar",
        "inspections",
        "programmes",
        "inbox",
        "board",
        "criteria_sets",
        "rounds",
        "inspection_create",
    ):
        assert f'href="{_url(name)}"' in page, name
    assert "Kiến nghị cần khắc phục" in page
    assert "Theo dõi kiến nghị" in page
    assert "1 kiến nghị quá hạn" in page


def test_the_calendar_shows_the_year_month_by_month(client, editor_b, inspection):
    client.force_login(editor_b)  # B is inspected: the inspection is on its calendar
    page = _text(client.get(_url("calendar") + "?nam=2026"))
    assert "Lịch kiểm tra, giám sát năm 2026" in page
    assert page.count(_url("inspection", inspection.pk)) == 2  # February and March
    assert "Tháng 12" in page
    assert 'href="?nam=2025"' in page
    assert 'href="?nam=2027"' in page
    assert _url("inspection", inspection.pk) not in _text(
        client.get(_url("calendar") + "?nam=2027")
    )


def test_the_list_filters_and_downloads(client, provincial_admin, inspection, recent):
    found, _a, _b = recent
    client.force_login(provincial_admin)
    page = _text(client.get(_url("inspections")))
    assert inspection.title in page
    assert found.title in page
    assert "2 cuộc kiểm tra, giám sát" in page
    only = _text(client.get(_url("inspections") + "?hinh-thuc=delegation"))
    assert inspection.title in only
    assert found.title not in only
    by_unit = _text(client.get(_url("inspections") + "?don-vi=muong+phang&nam=2026"))
    assert inspection.title in by_unit
    none = _text(client.get(_url("inspections") + "?don-vi=khong+co&tinh-trang=planned"))
    assert inspection.title not in none
    assert "Không có cuộc kiểm tra" in none
    rows = _workbook(client.get(_url("inspections") + "?hinh-thuc=delegation&dinh-dang=xlsx"))
    assert rows[0][:4] == ("Hình thức", "Nội dung", "Đơn vị kiểm tra", "Đơn vị được kiểm tra")
    assert len(rows) == 2
    assert rows[1][1] == inspection.title
    assert rows[1][3] == "Đảng ủy xã Mường Luân, Đảng ủy xã Mường Phăng"
    assert rows[1][4].date() == date(2026, 2, 23)


def test_a_programme_is_created_and_lists_its_inspections(client, provincial_admin, province):
    client.force_login(provincial_admin)
    refused = client.post(
        _url("programme_create"), {"unit": province.pk, "year": "20x6", "title": "Chương trình"}
    )
    assert "Năm phải từ 1945 đến 2100." in _text(refused)
    assert not Programme.objects.exists()
    response = client.post(
        _url("programme_create"),
        {"unit": province.pk, "year": "2026", "title": "Chương trình kiểm tra năm 2026"},
    )
    programme = Programme.objects.get()
    assert response["Location"] == _url("programme", programme.pk)
    page = _text(client.get(_url("programme", programme.pk)))
    assert "Chương trình kiểm tra năm 2026" in page
    assert f"chuong-trinh={programme.pk}" in page
    assert "Chương trình kiểm tra năm 2026" in _text(client.get(_url("programmes")))


def test_a_commune_does_not_see_the_province_programme(
    client, editor_a, province, provincial_admin
):
    programme = services.create_programme(
        unit=province, year=2026, title="CT 2026", by=provincial_admin
    )
    client.force_login(editor_a)
    assert client.get(_url("programme", programme.pk)).status_code == 404
    assert "CT 2026" not in _text(client.get(_url("programmes")))


# --- Recording an inspection ------------------------------------------------------------------


def test_an_inspection_is_recorded_through_the_page(
    client, provincial_admin, province, commune_a, commune_b, decision, kl01
):
    programme = services.create_programme(
        unit=province, year=2026, title="CT 2026", by=provincial_admin
    )
    client.force_login(provincial_admin)
    form = _text(client.get(_url("inspection_create") + f"?chuong-trinh={programme.pk}"))
    assert commune_a.name in form
    assert commune_b.name in form
    assert f'<option value="{programme.pk}" selected>' in form
    response = client.post(
        _url("inspection_create"),
        _create_post(province, commune_a, programme=programme.pk, codes=commune_b.code),
    )
    found = Inspection.objects.get()
    assert response["Location"] == _url("inspection", found.pk)
    assert set(found.targets.values_list("unit_id", flat=True)) == {commune_a.pk, commune_b.pk}
    assert found.team == [
        {"name": "Phương Thị Thanh", "title": "Phó Bí thư Thường trực", "role": "lead"},
        {"name": "Hoàng Văn Nam", "title": "Chánh Văn phòng", "role": "secretary"},
        {"name": "Lê Thị Hoa", "title": "", "role": "member"},
    ]
    assert found.decision == decision
    assert list(found.documents.all()) == [kl01]
    assert found.programme == programme
    assert found.starts_on == date(2026, 2, 23)
    page = _text(client.get(_url("inspection", found.pk)))
    for shown in (
        "Đoàn công tác",
        "Phương Thị Thanh",
        "Trưởng đoàn",
        "Thư ký",
        "120-QĐ/TU",
        "01-KL/TW",
        "23/02/2026",
        "06/03/2026",
        "Theo kế hoạch",
        commune_b.name,
    ):
        assert shown in page, shown
    for name in (
        "inspection_edit",
        "findings",
        "recommendation_create",
        "conclusion",
        "conclusion_docx",
        "inspection_xlsx",
    ):
        assert _url(name, found.pk) in page, name


def test_a_committee_body_is_offered_the_units_beside_it(
    client, provincial_admin, province, commune_a, commune_b
):
    from lamtheo.org import services as org

    org.create_unit(code="T11-BTG", name="Ban Tuyên giáo và Dân vận Tỉnh ủy", kind="body",
                    valid_from=date(2025, 7, 1), parent=province)  # fmt: skip
    client.force_login(provincial_admin)
    form = _text(client.get(_url("inspection_create") + "?don-vi=T11-BTG"))
    assert '<option value="T11-BTG" selected>' in form
    ticks = re.search(r'<div id="id_targets">.*?</div>\s*</fieldset>', form, re.S).group(0)
    assert commune_a.name in ticks
    assert commune_b.name in ticks
    assert ticks.count('name="targets"') == 2  # the two communes, not the body itself
    assert client.get(_url("inspection_create") + "?don-vi=KHONG-CO").status_code == 404


def test_all_the_children_are_chosen_by_the_rule(
    client, provincial_admin, province, commune_a, commune_b
):
    client.force_login(provincial_admin)
    data = _create_post(province, commune_a, targets=[], rule="children", decision="", documents="")
    assert client.post(_url("inspection_create"), data).status_code == 302
    found = Inspection.objects.get()
    assert set(found.targets.values_list("unit_id", flat=True)) == {commune_a.pk, commune_b.pk}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"team": "A | B\nC | D | trưởng nhóm"}, "Dòng 2: vai trò «trưởng nhóm» không hợp lệ"),
        ({"documents": "01-KL/TW\n99-KL/TW"}, "Dòng 2: Chưa có văn bản 99-KL/TW"),
        ({"decision": "7-QĐ/TU"}, "Chưa có văn bản 7-QĐ/TU"),
        ({"codes": "X25-B\nKHONG-CO"}, "Dòng 2: không có đơn vị mã «KHONG-CO»"),
        ({"ends_on": "22/02/2026"}, "Ngày kết thúc không được trước ngày bắt đầu."),
        ({"starts_on": "30/02/2026"}, "29"),  # the toolkit: February 2026 has 28 days
        ({"targets": []}, "Hãy chọn đơn vị được kiểm tra."),
        ({"rule": "kind"}, "Hãy chọn loại đơn vị."),
    ],
)
def test_bad_input_is_named_and_nothing_is_recorded(
    client, provincial_admin, province, commune_a, commune_b, decision, kl01, change, message
):
    client.force_login(provincial_admin)
    data = _create_post(province, commune_a, **change)
    response = client.post(_url("inspection_create"), data)
    assert response.status_code == 200
    page = _text(response)
    assert message in page
    assert 'class="field invalid"' in page or 'class="field choices invalid"' in page
    assert "Đoàn công tác sau Tết về xã Mường Luân" in page  # what was typed is kept
    assert not Inspection.objects.exists()


def test_a_unit_out_of_reach_is_refused_by_name(
    client, provincial_admin, editor_a, commune_a, province
):
    client.force_login(provincial_admin)  # a commune does not inspect the province above it
    data = _create_post(commune_a, commune_a, targets=[province.pk], decision="", documents="")
    page = _text(client.post(_url("inspection_create") + "?don-vi=X25-A", data))
    assert "Tỉnh ủy Điện Biên không thuộc phạm vi kiểm tra, đánh giá của Đảng ủy xã" in page
    client.force_login(editor_a)  # nor does it name a unit it cannot see
    page = _text(client.post(_url("inspection_create"), data))
    assert "Hãy chọn đơn vị trong danh sách." in page
    assert not Inspection.objects.exists()


def test_an_edit_on_a_stale_version_is_refused(
    client, provincial_admin, inspection, commune_a, commune_b
):
    client.force_login(provincial_admin)
    form = _text(client.get(_url("inspection_edit", inspection.pk)))
    assert "Phương Thị Thanh | Phó Bí thư Thường trực | Trưởng đoàn" in form
    read = inspection.version
    services.update_inspection(
        inspection=inspection,
        by=provincial_admin,
        version=read,
        kind="inspection",
        title="Đã đổi",
        starts_on=inspection.starts_on,
        ends_on=inspection.ends_on,
        targets=[commune_a, commune_b],
    )
    data = {
        "kind": "supervision",
        "title": "Bản của tôi",
        "starts_on": "23/02/2026",
        "ends_on": "06/03/2026",
        "targets": [commune_a.pk, commune_b.pk],
        "version": read,
    }
    page = _text(client.post(_url("inspection_edit", inspection.pk), data))
    assert "đã được người khác thay đổi" in page
    assert "Bản của tôi" in page
    inspection.refresh_from_db()
    assert inspection.title == "Đã đổi"
    data["version"] = inspection.version
    assert client.post(_url("inspection_edit", inspection.pk), data).status_code == 302
    inspection.refresh_from_db()
    assert (inspection.title, inspection.kind) == ("Bản của tôi", "supervision")


def test_only_the_inspecting_unit_edits(client, editor_a, inspection):
    client.force_login(editor_a)
    assert client.get(_url("inspection", inspection.pk)).status_code == 200
    for name in ("inspection_edit", "findings", "recommendation_create", "conclusion"):
        assert client.get(_url(name, inspection.pk)).status_code == 404, name
        assert client.post(_url(name, inspection.pk), {"version": 1}).status_code == 404, name
    page = _text(client.get(_url("inspection", inspection.pk)))
    assert _url("inspection_edit", inspection.pk) not in page


# --- Findings and conclusion ------------------------------------------------------------------


def test_findings_are_written_and_each_commune_reads_its_own(
    client, provincial_admin, editor_a, editor_b, inspection, commune_a, commune_b
):
    client.force_login(provincial_admin)
    assert "Kết quả, ưu điểm – Đảng ủy xã Mường Luân" in _text(
        client.get(_url("findings", inspection.pk))
    )
    response = client.post(
        _url("findings", inspection.pk),
        {
            "version": inspection.version,
            "general-results": "Các xã triển khai nghiêm túc.\n\nCó kế hoạch cụ thể.",
            f"unit-{commune_a.pk}-limitations": "Xã Mường Luân chưa lập sổ theo dõi.",
            f"unit-{commune_b.pk}-limitations": "Xã Mường Phăng chậm báo cáo.",
            f"unit-{commune_b.pk}-causes": "Cán bộ mới.",
        },
    )
    assert response.status_code == 302
    assert Finding.objects.filter(inspection=inspection).count() == 5
    inspection.refresh_from_db()
    assert inspection.stage == "running"
    client.force_login(editor_a)
    page = _text(client.get(_url("inspection", inspection.pk)))
    assert "Có kế hoạch cụ thể." in page
    assert "Xã Mường Luân chưa lập sổ theo dõi." in page
    assert "Hạn chế, khuyết điểm" in page
    assert "Xã Mường Phăng chậm báo cáo." not in page
    assert "Cán bộ mới." not in page
    client.force_login(editor_b)
    page = _text(client.get(_url("inspection", inspection.pk)))
    assert "Xã Mường Phăng chậm báo cáo." in page
    assert "Xã Mường Luân chưa lập sổ theo dõi." not in page


def test_the_findings_form_is_kept_and_refused_when_stale(client, provincial_admin, inspection):
    client.force_login(provincial_admin)
    read = inspection.version
    services.set_findings(
        inspection=inspection,
        by=provincial_admin,
        version=read,
        findings=[services.FindingSpec("results", "Của người khác")],
    )
    page = _text(
        client.post(_url("findings", inspection.pk), {"version": read, "general-causes": "Của tôi"})
    )
    assert "đã được người khác thay đổi" in page
    assert "Của tôi" in page
    assert list(Finding.objects.values_list("text", flat=True)) == ["Của người khác"]


def test_the_conclusion_is_signed_through_the_page(client, provincial_admin, inspection):
    client.force_login(provincial_admin)
    data = {
        "number": "15/TB",
        "signed_on": "10/03/2026",
        "place": "Điện Biên",
        "authority": "T/M BAN THƯỜNG VỤ",
        "signer_title": "PHÓ BÍ THƯ THƯỜNG TRỰC",
        "signer": "Phương Thị Thanh",
        "recipients": "- Như trên,",
        "version": inspection.version,
    }
    page = _text(client.post(_url("conclusion", inspection.pk), data))
    assert 'class="field invalid"><label for="id_number"' in page
    inspection.refresh_from_db()
    assert inspection.stage == "planned"
    data["number"] = "15-TB/TU"
    assert client.post(_url("conclusion", inspection.pk), data).status_code == 302
    inspection.refresh_from_db()
    assert (inspection.stage, inspection.number, inspection.signed_on) == (
        "concluded",
        "15-TB/TU",
        date(2026, 3, 10),
    )
    assert inspection.issuer == "TỈNH ỦY ĐIỆN BIÊN"
    page = _text(client.get(_url("inspection", inspection.pk)))
    assert "Đã kết luận" in page
    assert "15-TB/TU" in page
    assert "10/03/2026" in page
    data.update(signed_on="", number="16-TB/TU", version=inspection.version)
    page = _text(client.post(_url("conclusion", inspection.pk), data))
    assert "Hãy nhập ngày ký kết luận." in page
