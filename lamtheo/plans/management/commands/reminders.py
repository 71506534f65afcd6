"""`lamtheo reminders`: queue today's reminders of cascade items (run it daily, from cron or a
systemd timer; `lamtheo worker` sends them)."""

from django.core.management.base import BaseCommand

from lamtheo.plans import services


class Command(BaseCommand):
    help = "Xếp hàng nhắc việc sắp đến hạn, quá hạn / queue reminders of items due or overdue."

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=3)

    def handle(self, *args, days_before, **options):
        queued = services.queue_reminders(days_before=days_before)
        self.stdout.write(f"{queued} reminder(s) queued")
