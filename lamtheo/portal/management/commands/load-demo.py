from django.core.management.base import BaseCommand, CommandError

from lamtheo.portal import demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu / load the demo data (from the founding texts)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but print the sign-in) when the database already has users.",
        )

    def handle(self, *args, if_empty, **options):
        if not demo.is_empty():
            if not if_empty:
                raise CommandError(
                    "Cơ sở dữ liệu đã có dữ liệu; không nạp dữ liệu mẫu. / "
                    "The database is not empty; the demo was not loaded."
                )
            self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; giữ nguyên. / Database kept as it is.")
        else:
            demo.load()
            self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu. / Demo data loaded."))
        self.stdout.write("Đăng nhập thử / demo sign-in:")
        for account in demo.ACCOUNTS:
            self.stdout.write(f"  {account.username} / {demo.DEMO_PASSWORD}  ({account.full_name})")
