"""The pages of the honours area through the test client: a commune nominates a case with a
photo, the province verifies and commends it, the statistics and the public page show it; a
sibling commune sees nothing of it until it is published."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.files.models import Attachment
from lamtheo.honours.models import Case, Commendation, Field, Form, Movement

from .test_domain import PNG


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def nominate(client, unit, **extra):
    data = {
        "unit": unit.pk,
        "kind": "collective",
        "name": "Đoàn Thanh niên xã Mường Luân",
        "field": Field.objects.get(code="an-sinh").pk,
        "year": "2026",
        "title": "Đổ bê tông đường bản Trung Tâm",
        "story": "Đoàn viên góp 120 ngày công làm 300 m đường bê tông.",
        "files": SimpleUploadedFile("duong-ban.png", PNG, content_type="image/png"),
    } | extra
    return client.post("/dien-hinh/de-xuat/", data)


def test_a_commune_nominates_the_province_commends_and_it_counts(
    client, commune_a, editor_a, reviewer, editor_b, province
):
    client.force_login(editor_a)
    response = nominate(client, commune_a)
    case = Case.objects.get()
    assert (response.status_code, response.url) == (302, f"/dien-hinh/{case.pk}/")
    photo = Attachment.objects.get(owner_id=str(case.pk))
    page = client.get(f"/dien-hinh/{case.pk}/").content.decode()
    assert "Đề xuất" in page
    assert "<dd>2026</dd>" in page  # a year, not 2.026
    assert f"/cong-khai/dien-hinh/{case.pk}/anh/{photo.uid}/" in page
    assert "Xác nhận đã xác minh" not in page  # an editor does not verify
    # The sibling commune sees nothing of it.
    client.force_login(editor_b)
    assert client.get(f"/dien-hinh/{case.pk}/").status_code == 404
    assert "Mường Luân" not in client.get("/dien-hinh/").content.decode()
    assert client.get(f"/cong-khai/dien-hinh/{case.pk}/").status_code == 404
    assert client.get(f"/cong-khai/dien-hinh/{case.pk}/anh/{photo.uid}/").status_code == 404
    # The provincial reviewer verifies and commends it.
    client.force_login(reviewer)
    assert client.post(f"/dien-hinh/{case.pk}/xac-minh/", {"version": 1}).status_code == 302
    refused = client.post(
        f"/dien-hinh/{case.pk}/khen-thuong/",
        {
            "version": 2,
            "form": Form.objects.get(code="bang-khen-tinh").pk,
            "level": "province",
            "issuer_name": "Ban Thường vụ Tỉnh ủy Điện Biên",
            "decision": "Quyết định số 123-QĐ-TU",
            "decided_on": "19/05/2026",
        },
        follow=True,
    )
    assert "thiếu dấu &#x27;/&#x27;" in refused.content.decode()
    assert not Commendation.objects.exists()
    client.post(
        f"/dien-hinh/{case.pk}/khen-thuong/",
        {
            "version": 2,
            "form": Form.objects.get(code="bang-khen-tinh").pk,
            "level": "province",
            "issuer_name": "Ban Thường vụ Tỉnh ủy Điện Biên",
            "decision": "Quyết định số 123-QĐ/TU",
            "decided_on": "19/05/2026",
        },
    )
    given = Commendation.objects.get()
    assert (given.decision, given.decided_on) == ("123-QĐ/TU", date(2026, 5, 19))
    assert Case.objects.get().status == "commended"
    stats = client.get("/dien-hinh/thong-ke/", {"don-vi": province.code, "tu": 2026, "den": 2026})
    html = stats.content.decode()
    assert "1 điển hình: 1 tập thể, 0 cá nhân; 1 lượt khen thưởng." in html
    assert "<svg" in html
    assert "An sinh xã hội" in html
    workbook = client.get(
        "/dien-hinh/thong-ke/",
        {"don-vi": province.code, "tu": 2026, "den": 2026, "dinh-dang": "xlsx"},
    )
    assert workbook.status_code == 200
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    # Published by the commune, the sibling finds it, without accents, on the public page.
    client.force_login(editor_a)
    client.post(f"/dien-hinh/{case.pk}/cong-khai/", {"version": 3, "published": "1"})
    client.logout()
    found = client.get("/cong-khai/dien-hinh/", {"q": "duong ban trung tam"}).content.decode()
    assert f"/cong-khai/dien-hinh/{case.pk}/" in found
    assert client.get(f"/cong-khai/dien-hinh/{case.pk}/").status_code == 200
    image = client.get(f"/cong-khai/dien-hinh/{case.pk}/anh/{photo.uid}/")
    assert (image.status_code, image["Content-Type"]) == (200, "image/png")
    assert b"".join(image.streaming_content) == PNG


def test_nothing_unpublished_is_reachable_from_the_public_page(client, commune_a, editor_a):
    client.force_login(editor_a)
    nominate(client, commune_a)
    case = Case.objects.get()
    client.logout()
    assert client.get(f"/cong-khai/dien-hinh/{case.pk}/").status_code == 404
    listing = client.get("/cong-khai/dien-hinh/", {"q": "muong luan"}).content.decode()
    assert "Mường Luân" not in listing
    # Published, then returned by a reviewer: off the public page again.
    Case.objects.filter(pk=case.pk).update(status="verified", published=True)
    assert client.get(f"/cong-khai/dien-hinh/{case.pk}/").status_code == 200
    Case.objects.filter(pk=case.pk).update(status="returned")
    assert client.get(f"/cong-khai/dien-hinh/{case.pk}/").status_code == 404


def test_a_refused_photo_saves_nothing_and_says_why(client, commune_a, editor_a):
    client.force_login(editor_a)
    response = nominate(
        client,
        commune_a,
        files=SimpleUploadedFile("anh.png", b"MZ\x90\x00 not an image", content_type="image/png"),
    )
    assert response.status_code == 200
    assert "anh.png" in response.content.decode()
    assert not Case.objects.exists()
    assert not Attachment.objects.exists()


def test_a_movement_is_launched_with_its_units_and_shows_its_cases(
    client, province, commune_a, commune_b, provincial_admin
):
    client.force_login(provincial_admin)
    response = client.post(
        "/dien-hinh/phong-trao/moi/",
        {
            "unit": province.pk,
            "name": "Thi đua “Dân vận khéo” năm 2026",
            "starts_on": "01/01/2026",
            "ends_on": "31/12/2026",
            "criteria": "Mỗi xã có ít nhất một mô hình",
            "units": [commune_a.pk, commune_b.pk],
        },
    )
    movement = Movement.objects.get()
    assert response.url == f"/dien-hinh/phong-trao/{movement.pk}/"
    assert set(movement.units.all()) == {commune_a, commune_b}
    page = client.get(f"/dien-hinh/phong-trao/{movement.pk}/").content.decode()
    assert "Đảng ủy xã Mường Phăng" in page
    wrong = client.post(
        "/dien-hinh/phong-trao/moi/",
        {
            "unit": province.pk,
            "name": "Sai ngày",
            "starts_on": "01/06/2026",
            "ends_on": "01/01/2026",
        },
    )
    assert "Ngày kết thúc phải sau ngày bắt đầu." in wrong.content.decode()
    assert Movement.objects.count() == 1


def test_a_case_of_before_the_merger_counts_then_and_restated(client, merged):
    """The editor of today's commune records a 2024 case of a commune merged into it; the
    reviewer of today's province commends it; it counts in Bắc Kạn's 2024 statistics as the
    hierarchy stood, and under Thái Nguyên restated."""
    old = merged["a"]
    client.force_login(merged["editor"])
    form = client.get("/dien-hinh/de-xuat/").content.decode()
    assert "Đảng ủy xã Chu Hương (đến 30/06/2025)" in form
    nominate(
        client,
        old,
        name="Hội Phụ nữ xã Chu Hương",
        title="Bữa cơm nhân ái",
        year="2024",
        field=Field.objects.get(code="thien-nguyen").pk,
    )
    case = Case.objects.get()
    assert (case.unit, case.year_end) == (old, date(2024, 12, 31))
    client.force_login(merged["reviewer"])
    client.post(f"/dien-hinh/{case.pk}/xac-minh/", {"version": 1})
    client.post(
        f"/dien-hinh/{case.pk}/khen-thuong/",
        {
            "version": 2,
            "form": Form.objects.get(code="giay-khen").pk,
            "level": "district",
            "issuer_name": "Ban Thường vụ Huyện ủy Ba Bể",
            "decision": "Quyết định số 123-QĐ/HU",
            "decided_on": "20/11/2024",
        },
    )
    assert Case.objects.get().status == "commended"
    as_it_stood = client.get(
        "/dien-hinh/thong-ke/", {"don-vi": merged["bac_kan"].code, "tu": 2024, "den": 2024}
    )
    assert "1 điển hình: 1 tập thể, 0 cá nhân" in as_it_stood.content.decode()
    today = {"don-vi": merged["thai_nguyen"].code, "tu": 2024, "den": 2024}
    assert "0 điển hình" in client.get("/dien-hinh/thong-ke/", today).content.decode()
    restated = client.get("/dien-hinh/thong-ke/", today | {"quy-doi": "1"}).content.decode()
    assert "1 điển hình: 1 tập thể, 0 cá nhân" in restated
    # A 2026 case cannot belong to a commune that ended in 2025.
    client.force_login(merged["editor"])
    refused = nominate(client, old, year="2026")
    assert "không còn tồn tại trong năm 2026" in refused.content.decode()
    assert Case.objects.count() == 1


def test_the_import_page_names_the_bad_row_and_saves_nothing_then_imports(
    client, commune_a, admin_a
):
    from .test_spreadsheets import HEADERS, case_row, xlsx

    client.force_login(admin_a)
    template = client.get("/dien-hinh/nhap/", {"mau": "1"})
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = [HEADERS, case_row(), case_row("Hội Phụ nữ xã", field="Không có lĩnh vực này")]
    page = client.post("/dien-hinh/nhap/", {"file": xlsx(rows)}).content.decode()
    assert "Dòng 3" in page
    assert "Lĩnh vực" in page
    assert not Case.objects.exists()
    rows = [HEADERS, case_row(), case_row("Hội Phụ nữ xã")]
    done = client.post("/dien-hinh/nhap/", {"file": xlsx(rows)}, follow=True).content.decode()
    assert "Đã nhập 2 điển hình với 0 lượt khen thưởng." in done
    assert Case.objects.count() == 2
    listing = client.get("/dien-hinh/", {"dinh-dang": "xlsx"})
    assert listing["Content-Type"].startswith("application/vnd.openxmlformats")


def test_returned_with_a_reason_evidence_added_and_replication_recorded_from_the_page(
    client, commune_a, commune_b, editor_a, provincial_admin
):
    client.force_login(editor_a)
    nominate(client, commune_a)
    case = Case.objects.get()
    client.force_login(provincial_admin)
    refused = client.post(f"/dien-hinh/{case.pk}/tra-lai/", {"version": 1}, follow=True)
    assert "Lý do trả lại" in refused.content.decode()
    client.post(f"/dien-hinh/{case.pk}/tra-lai/", {"version": 1, "reason": "Thiếu số liệu"})
    assert Case.objects.get().status == "returned"
    client.force_login(editor_a)
    page = client.get(f"/dien-hinh/{case.pk}/sua/").content.decode()
    assert "Thiếu số liệu" in page
    assert "Lưu và gửi lại" in page
    client.post(
        f"/dien-hinh/{case.pk}/minh-chung/",
        {"files": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n")},
    )
    assert Attachment.objects.filter(owner_id=str(case.pk)).count() == 2
    Case.objects.filter(pk=case.pk).update(status="commended", version=5)
    client.force_login(provincial_admin)
    client.post(
        f"/dien-hinh/{case.pk}/nhan-rong/",
        {"version": 5, "units": [commune_b.pk], "since": "01/09/2026"},
    )
    case = Case.objects.get()
    assert case.status == "replicated"
    assert [r.unit for r in case.replications.all()] == [commune_b]
