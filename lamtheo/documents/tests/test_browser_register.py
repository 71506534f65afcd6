"""A new user of a provincial office registers the province's plan implementing Kết luận 01,
with the number checked as it is typed, then finds it by typing "ke hoach 129"."""

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from lamtheo.conftest import PASSWORD, _user
from lamtheo.documents.models import Document
from lamtheo.org import services as org

pytestmark = pytest.mark.browser


def test_a_new_user_registers_a_plan_implementing_kl01_and_finds_it(
    page, live_server, province, directives
):
    _user("vanphong", "Lê Thị Hoa", position="Văn phòng Tỉnh ủy")
    from lamtheo.accounts.models import User

    org.grant_role(
        user=User.objects.get(username="vanphong"),
        unit=province,
        role="editor",
        valid_from=date(2025, 7, 1),
    )
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Văn bản", exact=True).first.click()
    page.get_by_role("link", name="Nhập văn bản mới").click()

    page.get_by_label("Đơn vị ban hành").select_option(label="Tỉnh ủy Điện Biên")
    page.get_by_label("Loại văn bản").select_option(value="party:ke-hoach")
    page.get_by_label("Ngày ban hành").fill("02/12/2022")
    symbol = page.get_by_label("Số và ký hiệu")
    # A slip of the hyphen for the slash is caught while typing, before anything is sent.
    symbol.fill("129-KH-TU")
    expect(page.locator("#symbol-feedback")).to_contain_text("thiếu dấu '/' trước cơ quan ban hành")
    # The register proposes its next free number; one click takes it.
    page.get_by_role("button", name="Dùng số này").click()
    expect(page.get_by_label("Số và ký hiệu")).to_have_value("01-KH/TU")
    page.get_by_label("Số và ký hiệu").fill("129-KH/TU")
    expect(page.locator("#symbol-feedback")).to_contain_text("✓ 129-KH/TU: Kế hoạch")
    page.get_by_label("Trích yếu").fill("Thực hiện chuyên đề năm 2023 về học tập và làm theo Bác")
    page.get_by_label("Địa danh").fill("Điện Biên")
    page.get_by_label("Thực hiện văn bản").fill("01-KL/TW")
    page.get_by_role("button", name="Lưu văn bản").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kế hoạch số 129-KH/TU")
    plan = Document.objects.get(symbol="129-KH/TU")
    assert plan.relations_out.get().target == directives["kl01"]
    chain = page.locator("#chuoi")
    expect(chain).to_contain_text("Chỉ thị số 05-CT/TW")
    expect(chain).to_contain_text("Kết luận số 01-KL/TW")

    page.get_by_role("link", name="Sổ văn bản").first.click()
    page.get_by_label("Tìm kiếm").fill("ke hoach 129")
    page.get_by_role("button", name="Tìm", exact=True).click()
    first = page.locator(".results > li").first
    expect(first.get_by_role("link")).to_have_text("Kế hoạch số 129-KH/TU")
    expect(first.locator("mark").first).to_have_text(re.compile("Kế|hoạch|129"))
    first.get_by_role("link").click()
    page.wait_for_url(f"{live_server.url}/van-ban/{plan.pk}/")
    assert {urlsplit(u).hostname for u in page.requested_urls} == {"127.0.0.1"}
