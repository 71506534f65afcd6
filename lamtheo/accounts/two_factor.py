"""TOTP two-factor sign-in (RFC 6238, the codes of any authenticator app), with pyotp.

A code is accepted once: the time step it belongs to must be later than the last one used, so a
code seen over someone's shoulder cannot be replayed within its 30 seconds.
"""

import hmac
import time

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lamtheo.org.models import Membership

from .models import TotpDevice, User

ISSUER = "lamtheo"
STEP = 30
DRIFT = 1  # steps either side: clocks of phones drift


def required_for(user: User) -> bool:
    """Whether the setting TWO_FACTOR_REQUIRED (none / admins / all) applies to the user."""
    rule = settings.TWO_FACTOR_REQUIRED
    if rule == "all":
        return True
    if rule == "admins":
        return (
            user.is_superuser
            or user.is_staff
            or Membership.objects.active().filter(user=user, role=Membership.Role.ADMIN).exists()
        )
    return False


def device_of(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def new_secret() -> str:
    return pyotp.random_base32(32)


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The QR code as inline SVG markup: nothing to fetch, allowed by the CSP."""
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#1f2937", light="#ffffff")


def _matching_step(secret: str, code: str, now: float) -> int | None:
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = int(now // STEP)
    for step in range(current - DRIFT, current + DRIFT + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def check_secret(secret: str, code: str) -> bool:
    return _matching_step(secret, code, time.time()) is not None


def verify(device: TotpDevice, code: str, now: float | None = None) -> bool:
    """True once per time step: the step is claimed with a conditional update."""
    step = _matching_step(device.secret, code, time.time() if now is None else now)
    if step is None:
        return False
    claimed = TotpDevice.objects.filter(pk=device.pk, last_step__lt=step).update(last_step=step)
    return claimed == 1


@transaction.atomic
def enable(user: User, secret: str, code: str) -> TotpDevice | None:
    """Confirm a new device with a first code; replaces any earlier one."""
    step = _matching_step(secret, code, time.time())
    if step is None:
        return None
    TotpDevice.objects.filter(user=user).delete()
    return TotpDevice.objects.create(
        user=user, secret=secret, confirmed_at=timezone.now(), last_step=step
    )


@transaction.atomic
def disable(user: User) -> None:
    for device in TotpDevice.objects.filter(user=user):
        device.delete()
