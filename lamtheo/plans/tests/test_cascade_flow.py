"""The issue's first "done when", through the pages as people use them: a provincial admin
creates a plan implementing 01-KL/TW and cascades "set your 2026 theme by 31/3" to every
commune; a commune editor sees it in the inbox and completes it with the theme it set; the
board shows it; an item past its deadline turns red and its reminder is queued."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from lamtheo.accounts.models import Notification
from lamtheo.plans import services
from lamtheo.plans.models import Cascade, CascadeItem, Programme, Theme


@pytest.fixture
def plan_page(client, provincial_admin, province, commune_a, commune_b, kl01):
    client.force_login(provincial_admin)
    answer = client.post(
        "/ke-hoach/chuong-trinh/moi/",
        {
            "unit": province.pk,
            "kind": "plan",
            "title": "Kế hoạch thực hiện Kết luận 01-KL/TW năm 2026",
            "period": "2026",
            "implements": "01-KL/TW",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    return Programme.objects.get()


def test_a_plan_cascades_to_every_commune_and_the_board_follows_their_completion(
    client,
    plan_page,
    province,
    commune_a,
    commune_b,
    editor_a,
    django_capture_on_commit_callbacks,
):
    programme = plan_page
    assert programme.implements.symbol == "01-KL/TW"
    provincial_admin = programme.created_by
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/ke-hoach/chuong-trinh/{programme.pk}/yeu-cau/",
            {
                "action": "theme",
                "title": "Xác định chủ đề năm 2026 của đơn vị",
                "deadline": "31/3/2026",
                "rule": "kind",
                "unit_kind": "commune",
                "as_of": "01/01/2026",
            },
        )
    cascade = Cascade.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/ke-hoach/yeu-cau/{cascade.pk}/"
    assert set(cascade.items.values_list("unit_id", flat=True)) == {commune_a.pk, commune_b.pk}
    # The communes' editors were told in the app, by a background task.
    assert DBTaskResult.objects.filter(task_path="lamtheo.plans.tasks.remind").exists()

    client.force_login(editor_a)
    inbox = client.get("/ke-hoach/viec-cua-don-vi/").content.decode()
    assert "Xác định chủ đề năm 2026 của đơn vị" in inbox
    assert "Đảng ủy xã Mường Luân" in inbox

    answer = client.post(
        "/ke-hoach/chu-de/",
        {"unit": commune_a.pk, "period": "2026", "text": "Đoàn kết, kỷ cương, bứt phá (demo)"},
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    theme = Theme.objects.get(unit=commune_a)
    item = CascadeItem.objects.get(unit=commune_a)
    answer = client.post(
        f"/ke-hoach/viec/{item.pk}/",
        {"theme": theme.pk, "done_on": "20/3/2026", "version": item.version},
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]

    client.force_login(provincial_admin)
    board = client.get(f"/ke-hoach/yeu-cau/{cascade.pk}/").content.decode()
    assert "Đoàn kết, kỷ cương, bứt phá" in board
    assert "20/03/2026" in board
    # Mường Phăng did nothing and 31/3/2026 has passed: its row is red.
    row = board[board.index("Đảng ủy xã Mường Phăng") - 300 :][:600]
    assert 'class="state-overdue"' in row
    assert "Quá hạn" in row

    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_reminders() == 1
    assert services.queue_reminders() == 0  # once
    pending = DBTaskResult.objects.filter(task_path="lamtheo.plans.tasks.remind")
    assert pending.filter(args_kwargs__args__1="after").count() == 1


def test_an_editor_of_another_commune_neither_sees_nor_completes_the_item(
    client, plan_page, commune_a, commune_b, editor_b
):
    programme = plan_page
    due = date.today() + timedelta(days=30)
    cascade = services.create_cascade(
        programme=programme,
        action="conference",
        title="Tổ chức hội nghị quán triệt",
        deadline=due,
        units=[commune_a, commune_b],
        chosen="",
        by=programme.created_by,
    )
    item_a = cascade.items.get(unit=commune_a)
    client.force_login(editor_b)
    assert client.get(f"/ke-hoach/viec/{item_a.pk}/").status_code == 404
    answer = client.post(
        f"/ke-hoach/viec/{item_a.pk}/", {"event": "Hội nghị", "version": item_a.version}
    )
    assert answer.status_code == 404
    item_a.refresh_from_db()
    assert item_a.done_on is None
    board = client.get(f"/ke-hoach/yeu-cau/{cascade.pk}/").content.decode()
    assert "Đảng ủy xã Mường Phăng" in board
    assert "Đảng ủy xã Mường Luân" not in board


def test_reminders_reach_the_units_editors_in_the_app_and_by_mail(
    plan_page, commune_a, editor_a, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    editor_a.email = "xa.a@example.vn"
    editor_a.save()
    programme = plan_page
    cascade = services.create_cascade(
        programme=programme,
        action="report",
        title="Gửi báo cáo sơ kết 6 tháng",
        deadline=date.today() + timedelta(days=2),
        units=[commune_a],
        chosen="",
        by=programme.created_by,
    )
    item = cascade.items.get()
    from lamtheo.plans import tasks

    tasks.remind.call([item.pk], "before")
    tasks.remind.call([item.pk], "before")  # a retried task notifies once
    notice = Notification.objects.get(user=editor_a)
    assert notice.text.startswith("Đảng ủy xã Mường Luân: Sắp đến hạn: Gửi báo cáo sơ kết")
    assert notice.url == f"/ke-hoach/viec/{item.pk}/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["xa.a@example.vn"]
