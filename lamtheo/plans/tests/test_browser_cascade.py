"""The issue's first "done when" in Chromium, as the people do it: a provincial admin signs in,
creates a plan implementing 01-KL/TW and asks every commune to set its 2026 theme by 31/3; a
commune editor signs in, finds the request in the unit's inbox, sets the theme and reports the
item done with it; the admin's board shows it done and the commune that did nothing overdue, in
red; the daily reminders queue that commune's reminder, once."""

import pytest
from django_tasks_db.models import DBTaskResult

from lamtheo.plans import services
from lamtheo.plans.models import Cascade, CascadeItem, Programme

from ...files.tests.test_browser_upload import sign_in

pytestmark = pytest.mark.browser

TITLE = "Kế hoạch thực hiện Kết luận 01-KL/TW năm 2026"
ASK = "Xác định chủ đề năm 2026 của đơn vị"
RED_DARK = "rgb(140, 29, 24)"  # --red-dark of lamtheo.css, #8c1d18


def _sign_in_again(page, live_server, username, next_path):
    page.context.clear_cookies()
    sign_in(page, live_server, username, next_path)


def test_a_plan_cascades_to_every_commune_through_the_pages(
    page, live_server, provincial_admin, province, commune_a, commune_b, editor_a, kl01
):
    sign_in(page, live_server, "tinh_admin", "/ke-hoach/chuong-trinh/moi/")
    page.get_by_label("Đơn vị").select_option(label=province.name)
    page.get_by_label("Loại").select_option("plan")
    page.get_by_label("Tên").fill(TITLE)
    page.get_by_label("Năm hoặc nhiệm kỳ").fill("2026")
    page.get_by_label("Thực hiện văn bản").fill("01-KL/TW")
    page.get_by_role("button", name="Lưu").click()
    programme = Programme.objects.get()
    page.wait_for_url(f"{live_server.url}/ke-hoach/chuong-trinh/{programme.pk}/")
    assert programme.implements == kl01

    page.locator("#yeu-cau summary").click()
    form = page.locator("#yeu-cau form")
    form.get_by_label("Yêu cầu", exact=True).select_option("theme")
    form.get_by_label("Nội dung yêu cầu").fill(ASK)
    form.get_by_label("Thời hạn").fill("31/03/2026")
    form.get_by_label("Giao cho").select_option("kind")
    form.get_by_label("Loại đơn vị").select_option("commune")
    form.get_by_label("Theo cơ cấu tại ngày").fill("01/01/2026")
    form.get_by_role("button", name="Gửi yêu cầu").click()
    cascade = Cascade.objects.get()
    page.wait_for_url(f"{live_server.url}/ke-hoach/yeu-cau/{cascade.pk}/")
    assert set(cascade.items.values_list("unit_id", flat=True)) == {commune_a.pk, commune_b.pk}

    _sign_in_again(page, live_server, "xa_a", "/ke-hoach/viec-cua-don-vi/")
    page.get_by_role("link", name=ASK).click()
    item = CascadeItem.objects.get(unit=commune_a)
    page.wait_for_url(f"{live_server.url}/ke-hoach/viec/{item.pk}/")
    # The theme is set on the themes page, then linked as the evidence.
    page.goto(f"{live_server.url}/ke-hoach/chu-de/")
    page.get_by_label("Năm hoặc nhiệm kỳ").fill("2026")
    page.get_by_label("Chủ đề", exact=True).fill("Đoàn kết, kỷ cương, bứt phá")
    page.get_by_role("button", name="Lưu chủ đề").click()
    page.get_by_text("Đã lưu chủ đề.").wait_for()  # the unit, its only one, was chosen already
    page.goto(f"{live_server.url}/ke-hoach/viec/{item.pk}/")
    page.get_by_label("Chủ đề đơn vị đã xác định").select_option(index=1)
    page.get_by_label("Ngày hoàn thành").fill("20/03/2026")
    page.get_by_role("button", name="Báo cáo hoàn thành").click()
    page.get_by_text("Đã báo cáo hoàn thành.").wait_for()
    item.refresh_from_db()
    assert item.done_on is not None
    assert item.theme.text == "Đoàn kết, kỷ cương, bứt phá"

    _sign_in_again(page, live_server, "tinh_admin", f"/ke-hoach/yeu-cau/{cascade.pk}/")
    done = page.locator("tr", has_text=commune_a.name)
    assert "Đoàn kết, kỷ cương, bứt phá" in done.inner_text()
    assert "20/03/2026" in done.inner_text()
    # Mường Phăng did nothing and 31/3/2026 has passed: its row says so, in red.
    late = page.locator("tr", has_text=commune_b.name)
    assert "Quá hạn" in late.inner_text()
    badge = late.locator(".badge.state-overdue")
    assert badge.evaluate("e => getComputedStyle(e).color") == RED_DARK

    assert services.queue_reminders() == 1  # what `lamtheo reminders` does every morning
    assert services.queue_reminders() == 0
    queued = DBTaskResult.objects.filter(task_path="lamtheo.plans.tasks.remind")
    assert queued.filter(args_kwargs__args__1="after").count() == 1
