"""`lamtheo reminders`: queue today's reminders of cascade items, of the reports units owe and of
the recommendations they must fix (run it daily, from cron or a systemd timer; `lamtheo worker`
sends them)."""

from django.core.management.base import BaseCommand

from lamtheo.plans import services


class Command(BaseCommand):
    help = (
        "Xếp hàng nhắc việc, báo cáo, kiến nghị sắp đến hạn, quá hạn / queue reminders of "
        "items, reports and recommendations due or overdue."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=3)

    def handle(self, *args, days_before, **options):
        # The one daily command for every area's deadlines; reporting and oversight build on
        # plans, so they are imported here rather than plans' services knowing about them.
        from lamtheo.oversight import services as oversight
        from lamtheo.reporting import services as reporting

        queued = services.queue_reminders(days_before=days_before)
        self.stdout.write(f"{queued} reminder(s) queued")
        reports = reporting.queue_reminders(days_before=days_before)
        self.stdout.write(f"{reports} report reminder(s) queued")
        recommendations = oversight.queue_reminders(days_before=days_before)
        self.stdout.write(f"{recommendations} recommendation reminder(s) queued")
