"""The follow-up of recommendations through the test client: one made with its deadline and
followed to "đã khắc phục" with evidence, reopened and rescheduled; what the other commune may
not see; forged posts; the overdue one flagged on the inbox and the board, their Excel files;
the plans inbox's banner."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from lamtheo.oversight import services
from lamtheo.oversight.models import FixState, Recommendation

from .test_inspection_pages import _text, _url, _workbook, recent_inspection

pytestmark = pytest.mark.django_db


@pytest.fixture
def recent(province, commune_a, commune_b, provincial_admin):
    return recent_inspection(province, commune_a, commune_b, provincial_admin)


# --- Recommendations --------------------------------------------------------------------------


def test_a_recommendation_is_added_with_its_deadline(
    client, provincial_admin, inspection, commune_a, commune_b
):
    client.force_login(provincial_admin)
    form = _text(client.get(_url("recommendation_create", inspection.pk)))
    assert commune_a.name in form
    assert commune_b.name in form
    url = _url("recommendation_create", inspection.pk)
    page = _text(client.post(url, {"owner": commune_a.pk, "text": "Sửa", "deadline": "1/2/2026"}))
    assert "Hạn khắc phục không được trước ngày bắt đầu kiểm tra." in page
    page = _text(client.post(url, {"owner": commune_a.pk, "text": "", "deadline": "1/4/2026"}))
    assert "Hãy nhập nội dung kiến nghị." in page
    page = _text(client.post(url, {"owner": commune_a.pk, "text": "Sửa", "deadline": "31/4/2026"}))
    assert 'class="field invalid"><label for="id_deadline"' in page
    assert not Recommendation.objects.exists()
    response = client.post(
        url, {"owner": commune_a.pk, "text": "Lập sổ theo dõi", "deadline": "30/04/2026"}
    )
    assert response["Location"] == _url("inspection", inspection.pk)
    made = Recommendation.objects.get()
    assert (made.owner, made.deadline, made.state) == (commune_a, date(2026, 4, 30), "open")


def test_a_commune_never_sees_the_other_commune_recommendation(
    client, editor_a, editor_b, inspection, recommendations, commune_a
):
    a, b = recommendations
    client.force_login(editor_b)
    page = _text(client.get(_url("inspection", inspection.pk)))
    assert b.text in page
    assert a.text not in page
    assert client.get(_url("recommendation", a.pk)).status_code == 404
    assert (
        client.post(
            _url("recommendation", a.pk),
            {
                "action": "answer",
                "step": "report",
                "text": "x",
                "evidence": "y",
                "version": a.version,
            },
        ).status_code
        == 404
    )
    inbox = _text(client.get(_url("inbox")))
    assert b.text in inbox
    assert a.text not in inbox
    assert client.get(_url("inbox") + f"?don-vi={commune_a.code}").status_code == 404
    assert client.get(_url("board") + "?don-vi=T11").status_code == 404
    client.force_login(editor_a)
    assert client.get(_url("recommendation", b.pk)).status_code == 404
    assert a.text in _text(client.get(_url("inspection", inspection.pk)))


def test_the_follow_up_through_the_pages(client, editor_a, provincial_admin, reviewer, recent):
    _found, a, _b = recent
    url = _url("recommendation", a.pk)
    client.force_login(editor_a)
    page = _text(client.get(url))
    assert "Báo cáo đã khắc phục" in page
    assert "Quá hạn" in page
    assert 'value="confirm"' not in page
    assert 'name="sua-text"' not in page
    refused = client.post(
        url,
        {
            "action": "answer",
            "step": "report",
            "text": "Đã lập sổ",
            "evidence": "",
            "version": a.version,
        },
    )
    assert "Hãy nêu minh chứng đã khắc phục" in _text(refused)
    assert "Đã lập sổ" in _text(refused)
    a.refresh_from_db()
    assert a.state == FixState.OPEN
    # Not the inspecting unit: the forms it has not are 404, a step it may not take is refused.
    assert (
        client.post(
            url,
            {
                "action": "judge",
                "step": "confirm",
                "xac-nhan-text": "x",
                "xac-nhan-version": a.version,
            },
        ).status_code
        == 404
    )
    assert (
        client.post(
            url,
            {
                "action": "edit",
                "sua-text": "x",
                "sua-deadline": "1/1/2030",
                "sua-version": a.version,
            },
        ).status_code
        == 404
    )
    forged = client.post(
        url, {"action": "answer", "step": "confirm", "text": "Tự xác nhận", "version": a.version}
    )
    assert "Chỉ Tỉnh ủy Điện Biên xác nhận" in _text(forged)
    response = client.post(
        url,
        {
            "action": "answer",
            "step": "report",
            "text": "Đã lập sổ",
            "evidence": "Sổ theo dõi số 01/2026",
            "version": a.version,
        },
    )
    assert response["Location"] == url
    a.refresh_from_db()
    assert a.state == FixState.REPORTED
    page = _text(client.get(url, follow=True))
    assert "Sổ theo dõi số 01/2026" in page
    assert 'value="report"' not in page

    client.force_login(reviewer)
    page = _text(client.get(url))
    assert 'value="confirm"' in page
    assert 'name="sua-text"' not in page
    response = client.post(
        url,
        {
            "action": "judge",
            "step": "confirm",
            "xac-nhan-text": "Đạt yêu cầu",
            "xac-nhan-version": a.version,
        },
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.state == FixState.FIXED
    assert a.fixed_on == timezone.localdate()
    page = _text(client.get(url))
    assert "Đã khắc phục" in page
    assert "Đạt yêu cầu" in page
    assert "Quá hạn" not in page
    assert 'value="confirm"' not in page
    client.force_login(provincial_admin)
    page = _text(client.get(url))
    assert 'name="sua-text"' not in page  # a fixed one is not edited
    assert 'value="reopen"' in page  # but reopened when the fix did not hold
    response = client.post(
        url,
        {
            "action": "judge",
            "step": "reopen",
            "xac-nhan-text": "Sổ không được cập nhật",
            "xac-nhan-version": a.version,
        },
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.state == FixState.FIXING
    assert a.fixed_on is None


def test_the_inspecting_unit_reopens_and_reschedules(client, editor_a, provincial_admin, recent):
    _found, a, _b = recent
    services.respond(
        recommendation=a, step="report", text_="Xong", evidence="Sổ", by=editor_a, version=a.version
    )
    a.refresh_from_db()
    url = _url("recommendation", a.pk)
    client.force_login(provincial_admin)
    assert (
        client.post(
            url,
            {
                "action": "judge",
                "step": "reopen",
                "xac-nhan-text": "Chưa đủ",
                "xac-nhan-version": a.version,
            },
        ).status_code
        == 302
    )
    a.refresh_from_db()
    assert a.state == FixState.FIXING
    stale = a.version - 1
    page = _text(
        client.post(
            url,
            {
                "action": "edit",
                "sua-text": "Bổ sung sổ và biên bản",
                "sua-deadline": "",
                "sua-version": a.version,
            },
        )
    )
    assert "Hãy nhập hạn khắc phục." in page
    assert "Bổ sung sổ và biên bản" in page
    page = _text(
        client.post(
            url,
            {
                "action": "edit",
                "sua-text": "Bổ sung",
                "sua-deadline": "31/12/2030",
                "sua-version": stale,
            },
        )
    )
    assert "đã được người khác thay đổi" in page
    assert (
        client.post(
            url,
            {
                "action": "edit",
                "sua-text": "Bổ sung sổ và biên bản",
                "sua-deadline": "31/12/2030",
                "sua-version": a.version,
            },
        ).status_code
        == 302
    )
    a.refresh_from_db()
    assert a.deadline == date(2030, 12, 31)
    assert a.text == "Bổ sung sổ và biên bản"
    page = _text(client.get(url))
    assert "Yêu cầu tiếp tục khắc phục" in page
    assert "Chưa đủ" in page
    assert "Quá hạn" not in page


def _section(page: str, key: str) -> str:
    match = re.search(rf'<section aria-labelledby="{key}-title".*?</section>', page, re.S)
    assert match, key
    return match.group(0)


def test_the_overdue_one_is_flagged_on_the_inbox_and_the_board(
    client, editor_a, editor_b, provincial_admin, recent
):
    _found, a, b = recent
    client.force_login(editor_a)
    page = _text(client.get(_url("inbox")))
    assert "Kiến nghị cần khắc phục: Đảng ủy xã Mường Luân" in page
    overdue = _section(page, "overdue")
    assert a.text in overdue
    assert 'class="state-overdue"' in overdue
    assert "Quá hạn" in overdue
    client.force_login(editor_b)
    page = _text(client.get(_url("inbox")))
    assert b.text in _section(page, "open")
    assert b.text not in _section(page, "overdue")
    client.force_login(provincial_admin)
    page = _text(client.get(_url("board")))
    assert "Theo dõi kiến nghị: Tỉnh ủy Điện Biên" in page
    assert a.text in _section(page, "overdue")
    assert b.text in _section(page, "open")
    assert re.search(r"Quá hạn</span> <strong>1</strong>", page)
    owners = re.search(r'<table class="owners">.*?</table>', page, re.S).group(0)
    assert "Đảng ủy xã Mường Luân" in owners
    assert "Đảng ủy xã Mường Phăng" in owners
    assert f"?don-vi={a.owner.code}" in owners
    # The province looks at A's inbox too.
    assert a.text in _text(client.get(_url("inbox") + f"?don-vi={a.owner.code}"))


def test_the_board_waits_for_confirmation_and_then_counts_it_fixed(
    client, editor_a, editor_b, provincial_admin, recent
):
    _found, _a, b = recent
    services.respond(
        recommendation=b,
        step="report",
        text_="Xong",
        evidence="QĐ 12",
        by=editor_b,
        version=b.version,
    )
    client.force_login(provincial_admin)
    page = _text(client.get(_url("board")))
    assert b.text in _section(page, "reported")
    b.refresh_from_db()
    services.respond(
        recommendation=b, step="confirm", text_="Đạt", by=provincial_admin, version=b.version
    )
    page = _text(client.get(_url("board")))
    assert b.text in _section(page, "fixed")
    assert b.text not in _section(page, "reported")


def test_the_inbox_and_the_board_download(client, editor_a, provincial_admin, recent):
    _found, a, b = recent
    client.force_login(editor_a)
    rows = _workbook(client.get(_url("inbox") + "?dinh-dang=xlsx"))
    assert rows[0][0] == "Kiến nghị cần khắc phục"
    assert rows[1][0] == "Đảng ủy xã Mường Luân"
    header = rows.index(next(r for r in rows if r and r[0] == "Nhóm"))
    (line,) = rows[header + 1 :]
    assert line[:2] == ("Quá hạn", a.text)
    assert line[3] == "Tỉnh ủy Điện Biên"
    assert line[5] == "Chưa khắc phục"
    assert line[6] == "Quá hạn"
    assert line[4].date() == a.deadline
    client.force_login(provincial_admin)
    rows = _workbook(client.get(_url("board") + "?dinh-dang=xlsx"))
    header = rows.index(next(r for r in rows if r and r[0] == "Nhóm"))
    body = rows[header + 1 :]
    assert [(r[1], r[3]) for r in body] == [
        (a.text, "Đảng ủy xã Mường Luân"),
        (b.text, "Đảng ủy xã Mường Phăng"),
    ]
    assert body[1][0] == "Chưa khắc phục, đang khắc phục"
    assert body[1][6] is None


def test_the_plans_inbox_names_the_overdue_recommendations(client, editor_a, editor_b, recent):
    client.force_login(editor_a)
    page = _text(client.get(reverse("plans:inbox")))
    link = f'href="{_url("inbox")}?don-vi=X25-A"'
    assert link in page
    assert "1 kiến nghị quá hạn khắc phục" in page
    client.force_login(editor_b)
    assert "kiến nghị quá hạn khắc phục" not in _text(client.get(reverse("plans:inbox")))
