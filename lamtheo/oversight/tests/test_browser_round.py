"""The oversight issue's "Done when" for evaluation, in Chromium.

A reviewer runs a round from opening to ranking as a new user would: the province's admin
opens it on the round page; each commune's editor scores its sheet with the keyboard (Enter
to the next points box, Tab to the evidence), sees every cell saved as it goes, reloads and
finds it all there; commune A's editor loses the connection, types on, is told the entry is
not saved yet, and finds it saved when the connection comes back; both hand in; the
reviewer scores, comments and accepts both; the ranking shows them 1st and 2nd with their
grades.

Two reviewers scoring the same unit at once lose nothing: both open the handed-in sheet, the
first saves a cell, the second's save of the same cell is refused with the server's message
in an alert; the first's value stays in the database, the second's stays in their input and
in the browser's storage, comes back after a reload beside the value on the server, and is
saved only when its author chooses to.
"""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lamtheo.oversight import services
from lamtheo.oversight.models import Criterion, Evaluation, Round, Score

from ...files.tests.test_browser_upload import sign_in

pytestmark = pytest.mark.browser

QUEUED = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
TITLE = "Đánh giá thực hiện Kết luận 01-KL/TW năm 2025"
SAVE_WAIT = 15_000  # ms: the 600 ms pause, the request, or the 10 s retry after going online


def _sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/**")


def _leaves(criteria_set) -> dict[str, int]:
    return {
        c.code: c.pk
        for c in Criterion.objects.filter(criteria_set=criteria_set, is_group=False).order_by(
            "position"
        )
    }


def _sheet_path(evaluation) -> str:
    return f"/kiem-tra/phieu/{evaluation.pk}/"


def _points(page, pk):
    return page.locator(f'input[name="points-{pk}"]')


def _row_state(page, pk):
    return page.locator(f'[data-state-for="{pk}"]')


def _stored(page) -> dict:
    """What the page keeps in localStorage for its sheet: {field name: value}."""
    return page.evaluate(
        """() => {
            const found = {};
            for (let i = 0; i < localStorage.length; i++) {
                const key = localStorage.key(i);
                if (key.startsWith("lamtheo:sheet:")) {
                    Object.assign(found, JSON.parse(localStorage.getItem(key)).entries);
                }
            }
            return found;
        }"""
    )


def _score(evaluation, pk) -> Score:
    return Score.objects.get(evaluation=evaluation, criterion_id=pk)


def _self_score(page, leaves, values: dict, evidence: dict):
    """Type the sheet as a person would: the first box clicked, then only the keyboard."""
    codes = list(leaves)
    _points(page, leaves[codes[0]]).click()
    for index, code in enumerate(codes):
        page.keyboard.type(values[code])
        if code in evidence:
            page.keyboard.press("Tab")  # to the evidence box of the same row
            assert page.evaluate("document.activeElement.name") == f"evidence-{leaves[code]}"
            page.keyboard.type(evidence[code])
            page.keyboard.press("Tab")  # to the next row's points box
        elif index < len(codes) - 1:
            page.keyboard.press("Enter")  # like a spreadsheet
        else:
            page.keyboard.press("Tab")
        if index < len(codes) - 1:
            assert (
                page.evaluate("document.activeElement.name") == f"points-{leaves[codes[index + 1]]}"
            )
    for pk in leaves.values():
        expect(_row_state(page, pk)).to_contain_text("Đã lưu", timeout=SAVE_WAIT)
    expect(page.locator("#sheet-save-status")).to_contain_text("Đã lưu")


def test_a_reviewer_runs_a_round_from_opening_to_ranking(
    page, live_server, provincial_admin, reviewer, editor_a, editor_b, commune_a, commune_b,
    criteria_set, settings,
):  # fmt: skip
    settings.TASKS = QUEUED
    today = timezone.localdate()
    leaves = _leaves(criteria_set)

    # The province's admin opens the round over its communes.
    sign_in(page, live_server, "tinh_admin", "/kiem-tra/danh-gia/moi/")
    page.get_by_label("Đơn vị đánh giá", exact=True).select_option(label="Tỉnh ủy Điện Biên")
    page.get_by_label("Bộ tiêu chí").select_option(
        label=f"{criteria_set.name} (v1) · Tỉnh ủy Điện Biên"
    )
    page.get_by_label("Tên đợt đánh giá").fill(TITLE)
    page.get_by_label("Kỳ đánh giá").fill("2025")
    page.get_by_label("Hạn tự chấm").fill((today + timedelta(days=10)).strftime("%d/%m/%Y"))
    page.get_by_label("Hạn thẩm định").fill((today + timedelta(days=20)).strftime("%d/%m/%Y"))
    page.locator('select[name="rule"]').select_option("children")
    page.get_by_role("button", name="Mở đợt đánh giá").click()
    expect(page.get_by_text("Đã mở đợt đánh giá cho 2 đơn vị.")).to_be_visible()
    opened = Round.objects.get(title=TITLE)
    sheet_a = Evaluation.objects.get(round=opened, unit=commune_a)
    sheet_b = Evaluation.objects.get(round=opened, unit=commune_b)
    _sign_out(page)

    # Commune A scores itself with the keyboard; each cell saves as it goes.
    sign_in(page, live_server, "xa_a", _sheet_path(sheet_a))
    assert _points(page, leaves["1.1"]).get_attribute("inputmode") == "decimal"
    _self_score(
        page,
        leaves,
        {"1.1": "10", "1.2": "20", "2.1": "40", "2.2": "25"},
        {"1.1": "Kế hoạch số 12-KH/ĐU"},
    )
    expect(page.locator('strong[data-total="self"]').first).to_have_text("95")
    assert _score(sheet_a, leaves["2.2"]).self_points == Decimal(25)
    page.reload()
    expect(_points(page, leaves["2.1"])).to_have_value("40")
    expect(page.locator(f'textarea[name="evidence-{leaves["1.1"]}"]')).to_have_value(
        "Kế hoạch số 12-KH/ĐU"
    )

    # The connection drops while A corrects a cell: not saved, kept, saved when back online.
    page.context.set_offline(True)
    cell = _points(page, leaves["2.2"])
    cell.click()
    cell.press("Control+a")
    page.keyboard.type("28")
    page.keyboard.press("Shift+Enter")  # back to 2.1
    assert page.evaluate("document.activeElement.name") == f"points-{leaves['2.1']}"
    expect(_row_state(page, leaves["2.2"])).to_contain_text(
        "Chưa lưu - mất kết nối, sẽ lưu lại khi có mạng", timeout=SAVE_WAIT
    )
    assert _stored(page) == {f"points-{leaves['2.2']}": "28"}
    assert _score(sheet_a, leaves["2.2"]).self_points == Decimal(25)
    page.context.set_offline(False)
    expect(_row_state(page, leaves["2.2"])).to_contain_text("Đã lưu", timeout=SAVE_WAIT)
    assert _score(sheet_a, leaves["2.2"]).self_points == Decimal(28)
    assert _stored(page) == {}
    page.get_by_role("button", name="Gửi tự chấm").click()
    expect(page.get_by_text("Đã gửi phiếu tự chấm để thẩm định.")).to_be_visible()
    _sign_out(page)

    # Commune B scores and hands in at once: the hand-in waits for the last cell's save.
    sign_in(page, live_server, "xa_b", _sheet_path(sheet_b))
    _points(page, leaves["1.1"]).click()
    for value in ("8", "15", "30"):
        page.keyboard.type(value)
        page.keyboard.press("Enter")
    page.keyboard.type("22,5")
    page.get_by_role("button", name="Gửi tự chấm").click()
    expect(page.get_by_text("Đã gửi phiếu tự chấm để thẩm định.")).to_be_visible()
    sheet_b.refresh_from_db()
    assert sheet_b.status == "submitted"
    assert sheet_b.self_total == Decimal("75.5")
    _sign_out(page)

    # The reviewer scores A, comments, ticks the top grade's conditions and accepts; then B.
    sign_in(page, live_server, "tinh_tham_dinh", _sheet_path(sheet_a))
    assert "Kế hoạch số 12-KH/ĐU" in page.locator("table.sheet").inner_text()  # A's evidence
    review = _points(page, leaves["2.2"])
    review.fill("26")
    page.get_by_label("Nhận xét, tiêu chí 2.2").fill("Còn 2 chi bộ chưa được kiểm tra.")
    page.get_by_label("Hoàn thành 100% chỉ tiêu, nhiệm vụ đúng tiến độ").check()
    page.get_by_label("Có từ 30% chỉ tiêu, nhiệm vụ hoàn thành vượt mức trở lên").check()
    page.get_by_label("Nhận xét chung").fill("Đơn vị thực hiện nghiêm túc Kết luận 01.")
    expect(_row_state(page, leaves["2.2"])).to_contain_text("Đã lưu", timeout=SAVE_WAIT)
    expect(page.locator('[data-state-for="comment"]')).to_contain_text("Đã lưu", timeout=SAVE_WAIT)
    expect(page.locator('strong[data-total="review"]').first).to_have_text("96")
    page.get_by_role("button", name="Thẩm định xong").click()
    expect(page.get_by_text("Đã thẩm định xong phiếu.")).to_be_visible()
    sheet_a.refresh_from_db()
    assert (sheet_a.status, sheet_a.review_total, sheet_a.grade) == (
        "accepted", Decimal(96), "excellent"
    )  # fmt: skip
    assert _score(sheet_a, leaves["2.2"]).review_comment == "Còn 2 chi bộ chưa được kiểm tra."
    page.goto(f"{live_server.url}{_sheet_path(sheet_b)}")
    page.get_by_role("button", name="Thẩm định xong").click()
    expect(page.get_by_text("Đã thẩm định xong phiếu.")).to_be_visible()

    # The ranking: A first, B second, each with its grade.
    page.goto(f"{live_server.url}/kiem-tra/danh-gia/{opened.pk}/xep-hang/")
    rows = page.locator("table.ranking tbody tr")
    expect(rows).to_have_count(2)
    first, second = (rows.nth(i).locator("td") for i in (0, 1))
    assert first.nth(0).inner_text() == "1"
    assert first.nth(1).inner_text() == commune_a.name
    assert "Hoàn thành xuất sắc nhiệm vụ" in rows.nth(0).inner_text()
    assert second.nth(0).inner_text() == "2"
    assert second.nth(1).inner_text() == commune_b.name
    assert "Hoàn thành tốt nhiệm vụ" in rows.nth(1).inner_text()
    assert {urlsplit(u).hostname for u in page.requested_urls} == {"127.0.0.1"}


def test_two_reviewers_scoring_one_unit_at_once_lose_nothing(
    browser, page, live_server, reviewer, second_reviewer, editor_a, evaluation_round,
    commune_a, settings,
):  # fmt: skip
    settings.TASKS = QUEUED
    leaves = _leaves(evaluation_round.criteria_set)
    sheet = evaluation_round.evaluations.get(unit=commune_a)
    sheet = services.submit(
        evaluation=sheet,
        by=editor_a,
        version=sheet.version,
        scores={pk: {"points": "10" if code == "1.1" else "20"} for code, pk in leaves.items()},
    )
    path = _sheet_path(sheet)
    cell = leaves["2.2"]

    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800})
    other = context.new_page()
    other.csp_violations = []
    other.on(
        "console",
        lambda m: "Content Security Policy" in m.text and other.csp_violations.append(m.text),
    )
    try:
        sign_in(page, live_server, "tinh_tham_dinh", path)
        sign_in(other, live_server, "tinh_tham_dinh_2", path)  # both read the same version

        _points(page, cell).fill("18")
        _points(page, cell).press("Tab")
        expect(_row_state(page, cell)).to_contain_text("Đã lưu", timeout=SAVE_WAIT)
        assert _score(sheet, cell).review_points == Decimal(18)

        _points(other, cell).fill("25")
        _points(other, cell).press("Tab")
        alert = other.locator("#sheet-alert")
        expect(alert).to_be_visible(timeout=SAVE_WAIT)
        assert alert.get_attribute("role") == "alert"
        expect(alert).to_contain_text("đã được người khác thay đổi")
        expect(other.get_by_role("alert").filter(has_text="người khác thay đổi")).to_be_visible()
        expect(_row_state(other, cell)).to_contain_text("Chưa lưu")
        expect(_points(other, cell)).to_have_value("25")
        assert _stored(other) == {f"points-{cell}": "25"}
        score = _score(sheet, cell)
        assert (score.review_points, score.reviewed_by) == (Decimal(18), reviewer)

        # After a reload the second's entry is back in its box, beside the server's value,
        # and goes over it only when its author says so.
        other.get_by_role("button", name="Tải lại trang").click()
        other.wait_for_load_state()
        expect(_points(other, cell)).to_have_value("25")
        expect(_row_state(other, cell)).to_contain_text("trên máy chủ: 18")
        expect(other.locator("#sheet-alert")).to_contain_text("người khác thay đổi")
        assert _score(sheet, cell).review_points == Decimal(18)
        other.get_by_role("button", name="Lưu giá trị của tôi").click()
        expect(_row_state(other, cell)).to_contain_text("Đã lưu", timeout=SAVE_WAIT)
        score = _score(sheet, cell)
        assert (score.review_points, score.reviewed_by) == (Decimal(25), second_reviewer)
        assert _stored(other) == {}
        assert not other.csp_violations, other.csp_violations
        hosts = {urlsplit(u).hostname for u in page.requested_urls}
        assert hosts == {"127.0.0.1"}
    finally:
        context.close()


def test_an_entry_typed_offline_survives_closing_the_tab(
    page, live_server, editor_a, evaluation_round, commune_a, settings
):
    settings.TASKS = QUEUED
    leaves = _leaves(evaluation_round.criteria_set)
    sheet = evaluation_round.evaluations.get(unit=commune_a)
    path = _sheet_path(sheet)
    sign_in(page, live_server, "xa_a", path)
    page.context.set_offline(True)
    _points(page, leaves["1.2"]).fill("17")
    expect(_row_state(page, leaves["1.2"])).to_contain_text("mất kết nối", timeout=SAVE_WAIT)
    context = page.context
    page.close()  # the tab closed before the connection came back
    context.set_offline(False)
    assert not Score.objects.filter(evaluation=sheet).exists()

    again = context.new_page()
    again.goto(f"{live_server.url}{path}")
    expect(_points(again, leaves["1.2"])).to_have_value("17")
    expect(_row_state(again, leaves["1.2"])).to_contain_text("Đã lưu", timeout=SAVE_WAIT)
    assert _score(sheet, leaves["1.2"]).self_points == Decimal(17)
    assert _stored(again) == {}
