"""A member registers this year's commitments on a phone, then assesses them at mid-year; the
form fits a 360 px screen without sideways scrolling and an empty content is refused there."""

import pytest

from lamtheo.plans.models import Commitment

from ...files.tests.test_browser_upload import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_member_registers_and_assesses_commitments_on_a_phone(page, live_server, editor_a):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "xa_a", "/ke-hoach/dang-ky/moi/")
    assert _fits(page)
    page.get_by_label("Đảng viên").fill("Lò Văn Sơn")
    page.get_by_role("button", name="Lưu bản đăng ký").click()
    assert page.get_by_role("alert").or_(page.locator(".errorlist")).first.is_visible()
    assert not Commitment.objects.exists()

    page.get_by_label("Nội dung đăng ký làm theo").fill(
        "Gần dân, sát dân; cùng Đoàn Thanh niên giúp bản Trung Tâm làm đường bê tông nội bản."
    )
    page.get_by_role("button", name="Lưu bản đăng ký").click()
    page.wait_for_url(f"{live_server.url}/ke-hoach/dang-ky/*/")
    assert page.get_by_text("Đã lưu bản đăng ký.").is_visible()
    assert page.get_by_role("heading", name="Lò Văn Sơn").is_visible()
    assert _fits(page)

    page.get_by_label("Tự đánh giá 6 tháng").fill("Đã làm xong 200 m đường bê tông.")
    page.get_by_role("button", name="Lưu tự đánh giá").click()
    assert page.get_by_text("Đã lưu tự đánh giá.").is_visible()
    record = Commitment.objects.get()
    assert (record.member, record.midyear) == ("Lò Văn Sơn", "Đã làm xong 200 m đường bê tông.")
    assert record.unit.code == "X25-A"
