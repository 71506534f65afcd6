"""The first Done-when line of the honours issue in Chromium: a commune editor nominates a case
with a photo from a phone; a provincial reviewer verifies and commends it with "Quyết định số
123-QĐ/TU"; it counts in the province's statistics; the editor of another commune cannot see it
until it is published, and then finds it on the public page without typing accents."""

import re

import pytest

from lamtheo.honours.models import Case

from ...files.tests.test_browser_upload import sign_in
from .test_domain import PNG

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/**")


def test_nominated_on_a_phone_commended_counted_then_published(
    page, live_server, editor_a, editor_b, reviewer, province, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "xa_a", "/dien-hinh/de-xuat/")
    assert _fits(page)
    page.get_by_label("Tập thể", exact=True).check()
    page.get_by_label("Tên tập thể, cá nhân").fill("Đoàn Thanh niên xã Mường Luân")
    page.get_by_label("Lĩnh vực").select_option(label="An sinh xã hội")
    page.get_by_label("Tên mô hình, cách làm").fill("Đổ bê tông đường bản Trung Tâm")
    page.get_by_label("Nội dung, kết quả").fill("120 ngày công, 300 m đường bê tông nội bản.")
    page.get_by_label("Ảnh, tệp minh chứng").set_input_files(
        {"name": "duong-ban-trung-tam.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="Gửi đề xuất").click()
    page.wait_for_url(re.compile(r"/dien-hinh/[0-9]+/$"))  # not /dien-hinh/de-xuat/ itself
    assert page.get_by_text("Đã gửi đề xuất điển hình.").is_visible()
    assert page.get_by_role("img", name="duong-ban-trung-tam.png").evaluate(
        "img => img.complete && img.naturalWidth === 1"
    )
    assert _fits(page)
    case = Case.objects.get()
    assert (case.status, case.unit.code) == ("proposed", "X25-A")
    _sign_out(page)

    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server, "tinh_tham_dinh", f"/dien-hinh/{case.pk}/")
    page.get_by_role("button", name="Xác nhận đã xác minh").click()
    assert page.get_by_text("Đã xác minh điển hình.").is_visible()
    page.get_by_label("Hình thức").select_option(label="Bằng khen cấp tỉnh")
    page.get_by_label("Cấp khen thưởng").select_option(label="Cấp tỉnh")
    page.get_by_label("Cơ quan khen thưởng").fill("Ban Thường vụ Tỉnh ủy Điện Biên")
    page.get_by_label("Số quyết định").fill("Quyết định số 123-QĐ/TU")
    page.get_by_label("Ngày quyết định").fill("19/05/2026")
    page.get_by_role("button", name="Lưu khen thưởng").click()
    assert page.get_by_text("Đã ghi nhận khen thưởng.").is_visible()
    assert page.get_by_role("cell", name="123-QĐ/TU").is_visible()
    page.goto(f"{live_server.url}/dien-hinh/thong-ke/?don-vi={province.code}&tu=2026&den=2026")
    assert page.get_by_text("1 điển hình: 1 tập thể, 0 cá nhân; 1 lượt khen thưởng.").is_visible()
    _sign_out(page)

    sign_in(page, live_server, "xa_b", "/dien-hinh/")
    assert not page.get_by_text("Mường Luân").count()
    assert page.goto(f"{live_server.url}/dien-hinh/{case.pk}/").status == 404
    _sign_out(page)

    sign_in(page, live_server, "xa_a", f"/dien-hinh/{case.pk}/")
    page.get_by_role("button", name="Công khai trên trang điển hình").click()
    assert page.get_by_text("Đã công khai điển hình.").is_visible()
    _sign_out(page)

    sign_in(page, live_server, "xa_b", "/cong-khai/dien-hinh/")
    page.get_by_label("Tìm điển hình").fill("duong ban trung tam")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Đổ bê tông đường bản Trung Tâm").click()
    assert page.get_by_text("Bằng khen cấp tỉnh").is_visible()
    assert all(url.startswith(live_server.url) for url in page.requested_urls)
