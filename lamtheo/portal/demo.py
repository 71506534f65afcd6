"""The demo data, loaded by `lamtheo load-demo` (and by `make run` on an empty database).

Each area contributes a step; the steps run in order inside one transaction. Figures that the
founding texts do not give are marked `demo` in the data by the step that invents them.
"""

from dataclasses import dataclass

from django.db import transaction

from lamtheo.accounts.models import User
from lamtheo.org import admin_units

# Bắc Kạn resolves to today's Thái Nguyên, which brings both old provinces and the 2025 merger.
DEMO_PROVINCES = ("Bắc Kạn", "Điện Biên", "Hà Tĩnh")

DEMO_PASSWORD = "lamtheo-demo"  # noqa: S105 - printed for the demo sign-in; never in production


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    position: str
    is_superuser: bool = False


ACCOUNTS = (DemoAccount("admin", "Quản trị hệ thống", "Quản trị viên", is_superuser=True),)


def is_empty() -> bool:
    return not User.objects.exists()


@transaction.atomic
def load() -> list[DemoAccount]:
    """Create the demo accounts (and, as areas land, their data); return the sign-ins."""
    for query in DEMO_PROVINCES:
        for province in admin_units.find_provinces(query):
            admin_units.load_province(province)
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
    return list(ACCOUNTS)
