"""The issue's "Done when" for inspections, in Chromium: the provincial admin records an
inspection of commune A through the pages and adds a recommendation whose deadline has already
passed; commune A's editor finds it flagged "Quá hạn" among the recommendations to fix and
reports it fixed with evidence; the admin finds it on the board waiting for confirmation and
confirms it; it shows "Đã khắc phục".

Overdue without a frozen clock: the inspection began ten days ago and the deadline was
yesterday, whatever the day the test runs."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lamtheo.oversight.models import FixState, Inspection, Recommendation

from ...files.tests.test_browser_upload import sign_in

pytestmark = pytest.mark.browser

QUEUED = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
TITLE = "Kiểm tra việc thực hiện Kết luận 01-KL/TW tại xã Mường Luân"
TEXT = "Lập sổ theo dõi việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"


def _sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/**")


def _day(value) -> str:
    return value.strftime("%d/%m/%Y")


def test_an_overdue_recommendation_is_fixed_and_confirmed_in_a_browser(
    page, live_server, provincial_admin, editor_a, editor_b, commune_a, commune_b, settings
):
    settings.TASKS = QUEUED
    today = timezone.localdate()

    # The province records the inspection of commune A and its recommendation.
    sign_in(page, live_server, "tinh_admin", "/kiem-tra/")
    page.get_by_role("link", name="Ghi nhận cuộc kiểm tra, giám sát").click()
    page.get_by_label("Hình thức").select_option(label="Kiểm tra")
    page.get_by_label("Nội dung kiểm tra, giám sát").fill(TITLE)
    page.get_by_label("Từ ngày").fill(_day(today - timedelta(days=10)))
    page.get_by_label("Đến ngày").fill(_day(today - timedelta(days=8)))
    page.get_by_label("Đảng ủy xã Mường Luân").check()
    page.get_by_label("Thành viên đoàn").fill(
        "Phương Thị Thanh | Phó Bí thư Thường trực | Trưởng đoàn\nLò Văn Phong | Chuyên viên"
    )
    page.get_by_label("Đến ngày").fill("")  # a mistake first: the page says which field
    page.get_by_role("button", name="Ghi nhận", exact=True).click()
    expect(page.get_by_text("Hãy nhập ngày kết thúc.")).to_be_visible()
    assert page.get_by_label("Nội dung kiểm tra, giám sát").input_value() == TITLE
    page.get_by_label("Đến ngày").fill(_day(today - timedelta(days=8)))
    page.get_by_role("button", name="Ghi nhận", exact=True).click()
    expect(page.get_by_text("Đã ghi nhận cuộc kiểm tra, giám sát.")).to_be_visible()
    inspection = Inspection.objects.get()
    assert list(inspection.targets.values_list("unit_id", flat=True)) == [commune_a.pk]
    expect(page.get_by_role("cell", name="Trưởng đoàn")).to_be_visible()

    page.get_by_role("link", name="Thêm kiến nghị").click()
    page.get_by_label("Đơn vị thực hiện").select_option(label="Đảng ủy xã Mường Luân")
    page.get_by_label("Nội dung kiến nghị").fill(TEXT)
    page.get_by_label("Hạn khắc phục").fill(_day(today - timedelta(days=1)))
    page.get_by_role("button", name="Gửi kiến nghị").click()
    expect(page.get_by_text("Đã gửi kiến nghị đến Đảng ủy xã Mường Luân.")).to_be_visible()
    row = page.locator("table.recommendations tbody tr")
    assert "Quá hạn" in row.inner_text()
    _sign_out(page)

    # Commune A finds it overdue among its recommendations to fix and reports it fixed.
    sign_in(page, live_server, "xa_a", "/kiem-tra/")
    page.get_by_role("link", name="Kiến nghị cần khắc phục").first.click()
    overdue = page.locator("section.follow-up-overdue")
    expect(overdue.get_by_role("heading", name="Quá hạn (1)")).to_be_visible()
    item = overdue.locator("li.state-overdue")
    assert TEXT[:60] in item.inner_text()
    assert "Quá hạn" in item.inner_text()
    item.get_by_role("link").click()
    page.get_by_label("Nội dung").fill("Đã lập sổ theo dõi từ tháng này.")
    page.get_by_role("button", name="Báo cáo đã khắc phục").click()
    expect(page.get_by_text("Hãy nêu minh chứng đã khắc phục")).to_be_visible()
    page.get_by_label("Minh chứng").fill("Sổ theo dõi số 01/2026, ảnh chụp trang đầu")
    page.get_by_role("button", name="Báo cáo đã khắc phục").click()
    expect(page.get_by_text("Đã báo cáo đã khắc phục;")).to_be_visible()
    expect(page.locator("#recommendation-state")).to_have_text("Đã báo cáo khắc phục, chờ xác nhận")
    _sign_out(page)

    # The province sees it waiting on its board and confirms it.
    sign_in(page, live_server, "tinh_admin", "/kiem-tra/theo-doi-kien-nghi/")
    waiting = page.locator("section.follow-up-overdue li", has_text=TEXT[:60])
    assert "chờ xác nhận" in waiting.inner_text()
    waiting.get_by_role("link").click()
    expect(page.get_by_text("Sổ theo dõi số 01/2026")).to_be_visible()
    page.get_by_label("Ý kiến của đơn vị kiểm tra").fill("Đạt yêu cầu.")
    page.get_by_role("button", name="Xác nhận đã khắc phục").click()
    expect(page.get_by_text("Đã xác nhận kiến nghị đã được khắc phục.")).to_be_visible()
    expect(page.locator("#recommendation-state")).to_have_text("Đã khắc phục")
    page.get_by_role("link", name="Theo dõi kiến nghị").click()
    fixed = page.locator("section.follow-up-fixed")
    expect(fixed.get_by_role("heading", name="Đã khắc phục (1)")).to_be_visible()
    assert "Đã khắc phục" in fixed.locator("li", has_text=TEXT[:60]).inner_text()
    assert page.locator("section.follow-up-overdue li").count() == 0

    recommendation = Recommendation.objects.get()
    assert recommendation.state == FixState.FIXED
    assert recommendation.fixed_on == today
    assert [r.step for r in recommendation.responses.order_by("at")] == ["report", "confirm"]
    assert {urlsplit(u).hostname for u in page.requested_urls} == {"127.0.0.1"}
