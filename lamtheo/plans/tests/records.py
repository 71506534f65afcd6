"""One of each plans record for a unit, for the generic access and attack tests
(lamtheo/tests): a programme with a focus programme and a task, a cascade to a cell of the
unit with its item, a theme, a commitment and a notice to the user."""

from datetime import date

from lamtheo.accounts.models import Notification
from lamtheo.org import services as org

from .. import services


def make_records(unit, user) -> dict:
    cell = org.create_unit(
        code=f"{unit.code}-CB1",
        name=f"Chi bộ 1 – {unit.name}",
        kind="cell",
        valid_from=unit.valid_from,
        parent=unit,
    )
    programme = services.save_programme(
        unit=unit, title=f"Kế hoạch năm 2026 của {unit.name}", period="2026", by=user
    )
    focus = services.add_focus(programme=programme, title="Xây dựng Đảng")
    [task] = services.assign_task(
        programme=programme,
        title="Ban hành nghị quyết chuyên đề",
        units=[unit],
        focus=focus,
        deadline=date(2026, 6, 30),
        by=user,
    )
    cascade = services.create_cascade(
        programme=programme,
        action="report",
        title="Gửi báo cáo 6 tháng",
        deadline=date(2026, 6, 30),
        units=[cell],
        chosen=cell.name,
        by=user,
    )
    theme = services.save_theme(unit=unit, period="2026", text="Đoàn kết, kỷ cương", by=user)
    commitment = services.register_commitment(
        unit=unit, year=2026, member="Nông Văn An", content="Gương mẫu thực hiện", by=user
    )
    services.assess_commitment(commitment=commitment, yearend="Đã hoàn thành", version=1)
    notice = Notification.objects.create(
        user=user, unit=unit, text="Việc mới", url="/ke-hoach/", key=f"test:{unit.pk}"
    )
    return {
        "programme": programme.pk,
        "task": task.pk,
        "cascade": cascade.pk,
        "item": cascade.items.get().pk,
        "theme": theme.pk,
        "commitment": commitment.pk,
        "notification": notice.pk,
        "cell": cell,
    }
