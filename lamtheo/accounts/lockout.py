"""Sign-in throttling, counted from the audit trail's own failed-sign-in entries.

An account with SIGN_IN_LOCK_FAILURES failed attempts within SIGN_IN_LOCK_MINUTES (since its last
successful sign-in) is locked until the oldest of those failures is that many minutes old; an
address with SIGN_IN_ADDRESS_FAILURES failures in the same window is refused the same way, across
accounts (password spraying). Attempts while locked are refused without checking the password,
and are in the trail as "blocked" (they do not extend the lock).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from lamtheo.audit.models import Entry

FAILED = Entry.Action.SIGN_IN_FAILED


@dataclass(frozen=True)
class Lock:
    until: datetime
    by_address: bool

    def minutes_left(self, now: datetime | None = None) -> int:
        seconds = (self.until - (now or timezone.now())).total_seconds()
        return max(1, int(seconds // 60) + (1 if seconds % 60 else 0))


def _window() -> timedelta:
    return timedelta(minutes=settings.SIGN_IN_LOCK_MINUTES)


def _lock_from(failures: list[datetime], limit: int, now: datetime, by_address: bool):
    if len(failures) < limit:
        return None
    until = failures[limit - 1] + _window()  # the limit-th most recent failure
    return Lock(until, by_address) if until > now else None


def account_lock(username: str, now: datetime | None = None) -> Lock | None:
    now = now or timezone.now()
    since = now - _window()
    last_success = (
        Entry.objects.filter(action=Entry.Action.SIGN_IN, object_repr=username, at__gte=since)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    failures = Entry.objects.filter(action=FAILED, object_repr=username, at__gte=since)
    if last_success is not None:
        failures = failures.filter(at__gt=last_success)
    limit = settings.SIGN_IN_LOCK_FAILURES
    recent = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
    return _lock_from(recent, limit, now, by_address=False)


def address_lock(ip: str | None, now: datetime | None = None) -> Lock | None:
    if not ip:
        return None
    now = now or timezone.now()
    limit = settings.SIGN_IN_ADDRESS_FAILURES
    recent = list(
        Entry.objects.filter(action=FAILED, ip=ip, at__gte=now - _window())
        .order_by("-at")
        .values_list("at", flat=True)[:limit]
    )
    return _lock_from(recent, limit, now, by_address=True)


def lock_for(username: str, ip: str | None, now: datetime | None = None) -> Lock | None:
    return account_lock(username, now) or address_lock(ip, now)
