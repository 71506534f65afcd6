"""Reminders of what is due and overdue, by email and in-app notices."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from lamtheo.audit import bulk

from .. import domain, tasks
from ..models import CascadeItem


def queue_reminders(*, today: date | None = None, days_before: int = 3) -> int:
    """Queue the reminders owed today: for every unfinished cascade item whose deadline is
    `days_before` days away or less (once) and whose deadline has passed (once). The items are
    marked in one statement per kind and one background task per cascade and kind sends the
    notices and mails. Returns how many items were queued."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=days_before)
    now = timezone.now()
    queued = 0
    with transaction.atomic():
        open_ = CascadeItem.objects.select_for_update().filter(done_on__isnull=True)
        kinds = {
            domain.Reminder.AFTER: open_.filter(deadline__lt=today, reminded_after__isnull=True),
            domain.Reminder.BEFORE: open_.filter(
                deadline__gte=today, deadline__lte=soon, reminded_before__isnull=True
            ),
        }
        for kind, items in kinds.items():
            rows = list(items.values_list("pk", "cascade_id"))
            if not rows:
                continue
            field = "reminded_after" if kind == domain.Reminder.AFTER else "reminded_before"
            bulk.update(CascadeItem.objects.filter(pk__in=[pk for pk, _ in rows]), **{field: now})
            per_cascade: dict[int, list[int]] = {}
            for pk, cascade_id in rows:
                per_cascade.setdefault(cascade_id, []).append(pk)
            for ids in per_cascade.values():
                transaction.on_commit(
                    lambda ids=ids, kind=kind: tasks.remind.enqueue(ids, kind.value)
                )
            queued += len(rows)
    return queued
