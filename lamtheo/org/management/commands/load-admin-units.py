from django.core.management.base import BaseCommand, CommandError
from vietnam_provinces import Province

from lamtheo.org import admin_units


class Command(BaseCommand):
    help = (
        "Tạo các cấp ủy của tỉnh trước và sau 1/7/2025 từ danh mục đơn vị hành chính / build a "
        "province's Party committees before and after 1/7/2025, with the 2025 lineage."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--province", action="append", help="name or code, old or new")
        group.add_argument("--all", action="store_true", help="every province")

    def handle(self, *args, province, all, **options):
        if all:
            provinces = list(Province.iter_all())
        else:
            provinces = []
            for query in province:
                found = admin_units.find_provinces(query)
                if not found:
                    raise CommandError(f"--province: không tìm thấy tỉnh '{query}' / not found")
                provinces += found
        for item in provinces:
            result = admin_units.load_province(item)
            self.stdout.write(
                f"{item.name}: {result.created} đơn vị mới, {result.events} sự kiện / "
                f"{result.created} new units, {result.events} lineage events"
            )
