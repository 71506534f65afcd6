"""The demo data, loaded by `lamtheo load-demo` (and by `make run` on an empty database).

Each area contributes a step; the steps run in order inside one transaction. Figures that the
founding texts do not give are marked `demo` in the data by the step that invents them.
"""

from dataclasses import dataclass

from django.db import transaction

from lamtheo.accounts.models import User
from lamtheo.documents import demo as documents_demo
from lamtheo.honours import demo as honours_demo
from lamtheo.org import demo as org_demo
from lamtheo.oversight import demo as oversight_demo
from lamtheo.plans import demo as plans_demo
from lamtheo.reporting import demo as reporting_demo

DEMO_PASSWORD = "lamtheo-demo"  # noqa: S105 - printed for the demo sign-in; never in production


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    position: str
    is_superuser: bool = False


ACCOUNTS = (
    DemoAccount("admin", "Quản trị hệ thống", "Quản trị viên", is_superuser=True),
    DemoAccount(
        "tinh",
        "Trần Thị Lộc",
        "Ủy viên Ban Thường vụ, Trưởng ban Tuyên giáo Tỉnh ủy (quản trị cấp tỉnh)",
    ),
    DemoAccount("babe", "Hoàng Văn Bình", "Văn phòng Huyện ủy Ba Bể (cập nhật; người mẫu, demo)"),
    DemoAccount(
        "muongluan", "Lò Văn Sơn", "Văn phòng Đảng ủy xã Mường Luân (cập nhật; người mẫu, demo)"
    ),
    DemoAccount(
        "thamdinh", "Đặng Hải Triều", "Phó trưởng Ban Tuyên giáo Tỉnh ủy Điện Biên (thẩm định)"
    ),
)


def is_empty() -> bool:
    return not User.objects.exists()


@transaction.atomic
def load() -> list[DemoAccount]:
    """Create the demo accounts (and, as areas land, their data); return the sign-ins."""
    org_demo.load_units()
    users = {}
    for account in ACCOUNTS:
        user = User(
            username=account.username,
            full_name=account.full_name,
            position=account.position,
            is_staff=account.is_superuser,
            is_superuser=account.is_superuser,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        users[account.username] = user
    org_demo.grant_roles(users)
    documents = documents_demo.load_documents()
    plans = plans_demo.load_plans(documents, users)
    honours_demo.load_honours(documents, plans, users)
    reporting_demo.load_reporting(documents, plans, users)
    oversight_demo.load_oversight(documents, plans, users)
    return list(ACCOUNTS)
