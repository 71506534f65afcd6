"""The registry's pages: the list with its search and filters, a document's page with its chain,
links and the references found in its body, the form with its live check, and files."""

from datetime import date
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from lamtheo.documents.models import Document, Relation
from lamtheo.files.models import Attachment

from .conftest import register

FORM = {
    "unit": "T11",
    "kind": "party:ke-hoach",
    "symbol": "130-KH/TU",
    "issued_on": "05/01/2023",
    "term": "",
    "place": "Điện Biên",
    "title": "Kế hoạch tổ chức hội nghị quán triệt Kết luận 01",
    "signing_authority": "tm",
    "signing_body": "Ban Thường vụ",
    "signer_title": "Bí thư",
    "signer_name": "Trần Quốc Cường",
    "body": "Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị.",
    "implements": "01-KL/TW",
}


@pytest.fixture
def signed_in(client, provincial_admin):
    client.force_login(provincial_admin)
    return client


def test_the_list_searches_and_highlights(signed_in, provincial_plan):
    html = signed_in.get("/van-ban/", {"q": "ke hoach 129"}).content.decode()
    assert f'href="/van-ban/{provincial_plan.pk}/"' in html
    assert "<mark>Kế</mark> <mark>hoạch</mark> số <mark>129</mark>-KH/TU" in html
    assert "1 văn bản khớp" in html


def test_a_bad_filter_date_is_named(signed_in, provincial_plan):
    html = signed_in.get("/van-ban/", {"tu_ngay": "30/2/2024"}).content.decode()
    assert "tháng 2/2024 chỉ có 29 ngày" in html


def test_a_new_plan_implementing_kl01_is_registered_and_found(signed_in, directives):
    response = signed_in.post("/van-ban/moi/", FORM)
    document = Document.objects.get(symbol="130-KH/TU")
    assert response.status_code == 302
    assert response["Location"] == f"/van-ban/{document.pk}/"
    assert Relation.objects.filter(source=document, target=directives["kl01"], kind="implements")
    page = signed_in.get(response["Location"]).content.decode()
    assert "Chỉ thị số 05-CT/TW" in page  # the chain up to the directive
    assert "Kết luận số 01-KL/TW" in page
    assert "Điện Biên, ngày 05 tháng 01 năm 2023" in page
    assert "T/M BAN THƯỜNG VỤ" in page
    found = signed_in.get("/van-ban/", {"q": "ke hoach 130"}).content.decode()
    assert f"/van-ban/{document.pk}/" in found


@pytest.mark.parametrize(
    ("change", "field_error"),
    [
        ({"symbol": "130-KH-TU"}, "'/'"),
        ({"issued_on": "30/2/2024"}, "tháng 2/2024 chỉ có 29 ngày"),
        ({"symbol": "130-BC/TU"}, "không phải của Kế hoạch"),
        ({"implements": "99-KL/TW"}, "Chưa có văn bản 99-KL/TW"),
        ({"title": ""}, "Trường này là bắt buộc"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    signed_in, directives, change, field_error
):
    before = Document.objects.count()
    response = signed_in.post("/van-ban/moi/", {**FORM, **change})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert field_error in html
    assert 'class="field invalid"' in html or "field invalid" in html
    assert Document.objects.count() == before


def test_a_taken_number_is_refused_and_the_next_one_proposed(signed_in, provincial_plan):
    before = Document.objects.count()
    html = signed_in.post("/van-ban/moi/", {**FORM, "symbol": "129-KH/TU"}).content.decode()
    assert "đã được dùng" in html
    assert "130-KH/TU" in html
    assert Document.objects.count() == before


def test_the_live_check_reads_the_number_as_it_is_typed(signed_in, provincial_plan):
    def check(**params):
        query = {"unit": "T11", "kind": "party:ke-hoach", "issued_on": "05/01/2023", **params}
        response = signed_in.get("/van-ban/kiem-tra-so/", query, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        return unescape(response.content.decode())

    assert "'05-CT-TW': thiếu dấu '/' trước cơ quan ban hành" in check(symbol="05-CT-TW")
    assert 'data-check="ok"' in check(symbol="130-KH/TU")
    taken = check(symbol="129-KH/TU")
    assert 'data-check="taken"' in taken
    assert "Số tiếp theo còn trống: 130-KH/TU" in taken
    field = check(symbol="", use="1")
    assert 'value="130-KH/TU"' in field


def test_an_edit_over_a_newer_version_is_refused(signed_in, provincial_plan, province):
    url = f"/van-ban/{provincial_plan.pk}/sua/"
    data = {**FORM, "symbol": "129-KH/TU", "version": provincial_plan.version}
    data.pop("implements")
    assert signed_in.post(url, {**data, "title": "Bản sửa thứ nhất"}).status_code == 302
    html = signed_in.post(url, {**data, "title": "Bản sửa thứ hai"}).content.decode()
    assert "đã được sửa" in html
    assert Document.objects.get(pk=provincial_plan.pk).title == "Bản sửa thứ nhất"


def test_a_reference_in_the_body_is_offered_and_linked(signed_in, provincial_plan, directives):
    report = register(
        provincial_plan.unit,
        "bao-cao",
        "15-BC/TU",
        date(2024, 5, 16),
        "Sơ kết",
        body="Kết quả thực hiện Kế hoạch số 129-KH/TU của Tỉnh ủy.",
    )
    html = signed_in.get(f"/van-ban/{report.pk}/").content.decode()
    assert "Liên kết?" in html
    response = signed_in.post(
        f"/van-ban/{report.pk}/lien-ket/",
        {"kind": "reports_on", "target": "129-KH/TU ngày 02/12/2022"},
    )
    assert response.status_code == 302
    assert Relation.objects.filter(source=report, target=provincial_plan, kind="reports_on")
    html = signed_in.get(f"/van-ban/{provincial_plan.pk}/").content.decode()
    assert "Được báo cáo bởi" in html
    assert "15-BC/TU" in html


def test_files_are_checked_by_type_and_size(signed_in, provincial_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_BYTES = 1024
    url = f"/van-ban/{provincial_plan.pk}/tep/"
    pdf = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    assert signed_in.post(url, {"file": pdf}).status_code == 302
    assert Attachment.objects.filter(owner_id=str(provincial_plan.pk)).count() == 1
    fake = SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    html = signed_in.post(url, {"file": fake}, follow=True).content.decode()
    assert "ke-hoach.pdf" in html
    assert 'class="error"' in html
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * 4096, "application/pdf")
    html = signed_in.post(url, {"file": big}, follow=True).content.decode()
    assert "Tệp quá lớn" in html
    assert Attachment.objects.filter(owner_id=str(provincial_plan.pk)).count() == 1
    page = signed_in.get(f"/van-ban/{provincial_plan.pk}/").content.decode()
    assert "ke-hoach.pdf" in page
    files = signed_in.get(f"/api/v1/documents/{provincial_plan.pk}").json()["files"]
    assert [(f["name"], f["content_type"]) for f in files] == [("ke-hoach.pdf", "application/pdf")]


def test_in_english_the_kinds_have_english_names(signed_in, provincial_plan):
    signed_in.post("/ngon-ngu/", {"language": "en", "next": "/"})
    try:
        html = signed_in.get(f"/van-ban/{provincial_plan.pk}/").content.decode()
        assert "Plan No. 129-KH/TU" in html
        form = signed_in.get("/van-ban/moi/").content.decode()
        assert '<option value="party:ke-hoach">Plan</option>' in form
        # The index holds the Vietnamese words whatever the language of the request.
        assert signed_in.get("/van-ban/", {"q": "ke hoach 129"}).context["total"] == 1
    finally:
        translation.activate("vi")  # the middleware left English active in this thread
