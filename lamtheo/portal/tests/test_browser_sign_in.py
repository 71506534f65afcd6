"""A person signs in, reads the home page in Vietnamese, switches to English, signs out - and
the browser never asks anything of a host other than 127.0.0.1."""

from urllib.parse import urlsplit

import pytest

from lamtheo.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _hosts(urls):
    return {urlsplit(u).hostname for u in urls if urlsplit(u).scheme in ("http", "https", "ws")}


def test_sign_in_read_switch_language_sign_out(page, live_server, editor_a):
    assert urlsplit(live_server.url).hostname == "127.0.0.1"

    page.goto(live_server.url + "/")
    assert page.url.startswith(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("xa_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.wait_for_url(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", level=1).inner_text() == "Xin chào, Nông Văn An"
    assert page.get_by_role("navigation").get_by_text("Kế hoạch & chỉ tiêu").is_visible()

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Nông Văn An"
    assert page.get_by_role("navigation").get_by_text("Plans & targets").is_visible()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(live_server.url + "/dang-nhap/")
    page.goto(live_server.url + "/")
    assert page.url.startswith(live_server.url + "/dang-nhap/")

    assert page.requested_urls, "the page recorded no request at all"
    assert _hosts(page.requested_urls) == {"127.0.0.1"}


def test_the_menu_folds_on_a_360_px_phone(browser, live_server, editor_a):
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("xa_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")

    link = page.get_by_role("navigation").get_by_text("Văn bản")
    assert not link.is_visible()
    page.get_by_text("Menu", exact=True).click()
    assert link.is_visible()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert _hosts(requested) == {"127.0.0.1"}
    context.close()
