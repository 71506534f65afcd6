"""A provincial officer finds a commune without typing accents and reads its page as of a date."""

from urllib.parse import urlsplit

import pytest

from lamtheo.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_find_a_commune_and_read_it_as_of_a_date(
    page, live_server, provincial_admin, commune_a, commune_b
):
    page.goto(live_server.url + "/dang-nhap/?next=/to-chuc/")
    page.get_by_label("Tên đăng nhập").fill("tinh_admin")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/to-chuc/")

    page.get_by_label("Tìm đơn vị").fill("muong luan")
    page.get_by_role("button", name="Xem").click()
    page.get_by_role("link", name="Đảng ủy xã Mường Luân").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Đảng ủy xã Mường Luân"
    assert "Tỉnh ủy Điện Biên" in page.locator(".crumbs").inner_text()

    page.get_by_role("textbox", name="Tại ngày").fill("01/01/2024")
    page.get_by_role("button", name="Xem").click()
    assert page.get_by_text("Đơn vị không hoạt động vào ngày này.").is_visible()
    assert {urlsplit(u).hostname for u in page.requested_urls} == {"127.0.0.1"}
