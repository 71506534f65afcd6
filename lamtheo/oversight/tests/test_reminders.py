"""Reminders of recommendations: `services.queue_reminders` queues one reminder when the deadline
is near and one after it, for what is not yet reported fixed; the worker's task (run inline
here) notifies the owner unit's editors and admins, nobody else, once each; `lamtheo
reminders` runs it with the plans' and reports' reminders."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from lamtheo.accounts.models import Notification
from lamtheo.conftest import _user
from lamtheo.org import services as org
from lamtheo.oversight import services, tasks
from lamtheo.oversight.models import FixState

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DEADLINE = date(2026, 3, 31)  # commune A's recommendation (conftest)


@pytest.fixture(autouse=True)
def _inline_tasks(settings):
    settings.TASKS = IMMEDIATE


def _queue(capture, day: date) -> int:
    with capture(execute=True):
        return services.queue_reminders(today=day)


def _keys() -> set[tuple[str, str]]:
    return set(Notification.objects.values_list("user__username", "key"))


def _report(recommendation, user):
    services.respond(
        recommendation=recommendation,
        step="report",
        text_="Đã tổ chức học tập chuyên đề",
        evidence="Biên bản sinh hoạt ngày 20/3/2026",
        by=user,
        version=recommendation.version,
    )
    recommendation.refresh_from_db()
    return recommendation


def test_a_recommendation_is_reminded_once_before_and_once_after_its_deadline(
    recommendations, editor_a, admin_a, editor_b, provincial_admin,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    a, b = recommendations
    capture = django_capture_on_commit_callbacks
    assert _queue(capture, DEADLINE - timedelta(days=4)) == 0  # not owed yet
    assert _queue(capture, DEADLINE - timedelta(days=3)) == 1
    before = f"recommendation:{a.pk}:before"
    assert _keys() == {("xa_a", before), ("xa_a_admin", before)}
    notice = Notification.objects.get(user=editor_a)
    assert notice.text.startswith(
        "Đảng ủy xã Mường Luân: Sắp đến hạn khắc phục kiến nghị: Bổ sung kế hoạch"
    )
    assert notice.text.endswith("(hạn 31/03/2026)")
    assert notice.url == f"/kiem-tra/kien-nghi/{a.pk}/"
    assert notice.unit_id == a.owner_id
    assert _queue(capture, DEADLINE - timedelta(days=1)) == 0  # once
    assert _queue(capture, DEADLINE) == 0  # the deadline day is not after it

    assert _queue(capture, DEADLINE + timedelta(days=1)) == 1
    assert _queue(capture, DEADLINE + timedelta(days=30)) == 0  # once
    after = f"recommendation:{a.pk}:after"
    assert _keys() == {("xa_a", before), ("xa_a_admin", before), ("xa_a", after),
                       ("xa_a_admin", after)}  # fmt: skip
    assert "Quá hạn khắc phục kiến nghị" in Notification.objects.get(user=editor_a, key=after).text
    a.refresh_from_db()
    assert a.reminded_before < a.reminded_after
    b.refresh_from_db()
    assert (b.reminded_before, b.reminded_after) == (None, None)  # due in 2030
    assert not Notification.objects.filter(user__in=[editor_b, provincial_admin]).exists()


def test_what_is_reported_or_confirmed_fixed_is_not_reminded_but_a_reopened_one_is(
    recommendations, editor_a, reviewer, django_capture_on_commit_callbacks
):
    a, _b = recommendations
    capture = django_capture_on_commit_callbacks
    a = _report(a, editor_a)
    assert a.state == FixState.REPORTED
    assert _queue(capture, DEADLINE - timedelta(days=2)) == 0
    assert _queue(capture, DEADLINE + timedelta(days=1)) == 0
    services.respond(
        recommendation=a, step="confirm", text_="Đạt yêu cầu", by=reviewer, version=a.version
    )
    assert _queue(capture, DEADLINE + timedelta(days=2)) == 0
    assert not Notification.objects.exists()

    # Reopened (the fix did not hold): back to fixing, so reminded after its deadline.
    a.refresh_from_db()
    assert a.state == FixState.FIXED
    b = services.add_recommendation(
        inspection=a.inspection,
        owner=a.owner,
        text_="Kiện toàn sổ theo dõi đăng ký làm theo",
        deadline=DEADLINE,
        by=a.inspection.created_by,
    )
    b = _report(b, editor_a)
    services.respond(
        recommendation=b, step="reopen", text_="Chưa đủ minh chứng", by=reviewer, version=b.version
    )
    b.refresh_from_db()
    assert b.state == FixState.FIXING
    assert _queue(capture, DEADLINE + timedelta(days=3)) == 1
    assert {key for _user, key in _keys()} == {f"recommendation:{b.pk}:after"}


def test_the_task_looks_again_when_it_runs_and_never_notifies_twice(
    recommendations, editor_a, admin_a
):
    a, _b = recommendations
    assert tasks.remind.call([a.pk], "after") == 2  # the editor and the admin of commune A
    assert tasks.remind.call([a.pk], "after") == 0  # retried: nobody told twice
    _report(a, editor_a)  # reported fixed after its reminder was queued: skipped
    assert tasks.remind.call([a.pk], "before") == 0
    assert Notification.objects.count() == 2


def test_the_notices_go_to_the_owners_editors_and_admins_only(
    recommendations, commune_a, editor_a, admin_a, editor_b, provincial_admin, reviewer
):
    a, _b = recommendations
    # A reviewer of the commune, and an editor whose role there has ended: not told.
    org.grant_role(user=_user("xa_a_td", "Lò Văn Tú"), unit=commune_a, role="reviewer",
                   valid_from=date(2025, 7, 1))  # fmt: skip
    org.grant_role(user=_user("xa_a_cu", "Vì Thị Hà"), unit=commune_a, role="editor",
                   valid_from=date(2025, 7, 1), valid_to=timezone.localdate())  # fmt: skip
    assert tasks.remind.call([a.pk], "before") == 2
    assert {u for u, _key in _keys()} == {"xa_a", "xa_a_admin"}


def test_a_new_recommendation_is_told_to_its_owner_when_it_is_made(
    inspection, commune_b, editor_a, editor_b, provincial_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = services.add_recommendation(
            inspection=inspection,
            owner=commune_b,
            text_="Kiện toàn tổ giúp việc",
            deadline=date(2030, 3, 31),
            by=provincial_admin,
        )
    assert _keys() == {("xa_b", f"recommendation:{made.pk}:new")}
    assert "Kiến nghị sau kiểm tra: Kiện toàn tổ giúp việc" in editor_b.notifications.get().text


def test_the_daily_reminders_command_queues_the_recommendations_too(
    inspection, commune_a, commune_b, editor_a, editor_b, provincial_admin,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    today = timezone.localdate()
    due = {}
    for owner, days in ((commune_a, -1), (commune_b, 2), (commune_b, 9)):
        due[days] = services.add_recommendation(
            inspection=inspection,
            owner=owner,
            text_=f"Kiến nghị hạn {days} ngày",
            deadline=today + timedelta(days=days),
            by=provincial_admin,
        )
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reminders", stdout=out)
    assert "2 recommendation reminder(s) queued" in out.getvalue().splitlines()
    assert _keys() == {
        ("xa_a", f"recommendation:{due[-1].pk}:after"),
        ("xa_b", f"recommendation:{due[2].pk}:before"),
    }
    again = StringIO()
    call_command("reminders", "--days-before", "10", stdout=again)
    assert "1 recommendation reminder(s) queued" in again.getvalue().splitlines()  # 9 days off
