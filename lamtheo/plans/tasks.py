"""Background tasks of the plans area (run by `lamtheo worker`): reminders of cascade items,
as in-app notifications and mail to the editors and admins of each unit."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_noop

from lamtheo.accounts.models import Notification
from lamtheo.org.models import Membership

from . import domain
from .models import WRITERS, CascadeItem

log = logging.getLogger(__name__)

# Stored and mailed in Vietnamese, the language of the units' work.
SUBJECTS = {
    domain.Reminder.NEW: gettext_noop("Việc mới: %(title)s (hạn %(deadline)s)"),
    domain.Reminder.BEFORE: gettext_noop("Sắp đến hạn: %(title)s (hạn %(deadline)s)"),
    domain.Reminder.AFTER: gettext_noop("Đã quá hạn: %(title)s (hạn %(deadline)s)"),
}


def recipients(unit_ids: list[int]) -> dict[int, list]:
    """The users holding a writing role today in each unit: one query."""
    found: dict[int, list] = {}
    for membership in (
        Membership.objects.active()
        .filter(unit_id__in=unit_ids, role__in=WRITERS, user__is_active=True)
        .select_related("user")
    ):
        found.setdefault(membership.unit_id, []).append(membership.user)
    return found


@task()
def remind(item_ids: list[int], kind: str) -> int:
    """Notify the units of these items that their deadline is near or past; an item done
    meanwhile is skipped. Each user is notified once per item and kind. Returns the notices."""
    reminder = domain.Reminder(kind)
    items = list(
        CascadeItem.objects.filter(pk__in=item_ids, done_on__isnull=True).select_related(
            "cascade", "unit"
        )
    )
    people = recipients([item.unit_id for item in items])
    sent = 0
    for item in items:
        text = SUBJECTS[reminder] % {
            "title": item.cascade.title[:300],
            "deadline": date_format(item.deadline, "SHORT_DATE_FORMAT"),
        }
        url = reverse("plans:item", args=[item.pk])
        body = f"{item.unit.name}\n{item.cascade.title}\n\n{settings.SITE_URL}{url}"
        for user in people.get(item.unit_id, []):
            key = f"cascade-item:{item.pk}:{reminder.value}"
            sent += notify(user, unit=item.unit, text=text, url=url, key=key, body=body)
    return sent


def notify(user, *, unit, text: str, url: str, key: str, body: str) -> bool:
    """One in-app notice (once per user and key: a retried task sends none twice) and its
    mail when the user has an address. False when the notice was already there."""
    try:
        with transaction.atomic():
            Notification.objects.create(
                user=user, unit=unit, text=f"{unit.name}: {text}"[:500], url=url, key=key
            )
    except IntegrityError:
        return False
    if user.email:
        try:
            send_mail(text, body, None, [user.email])
        except Exception:  # the notice stands; the mail server's failure is logged
            log.exception("reminder mail to %s failed", user.pk)
    return True
