"""Writers for the accounts area."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lamtheo.audit import bulk as audit

from .models import ApiToken, User

TOKEN_PREFIX = "lt_"  # noqa: S105 - a marker, not a secret
# Refresh last_used_at at most this often, so that API traffic does not write on every request.
_LAST_USED_RESOLUTION = timedelta(minutes=5)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def issue_api_token(*, user: User, name: str = "", expires_at=None) -> tuple[ApiToken, str]:
    """Create a token for `user`; return it with the plain text, which is never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:10], digest=_digest(raw), expires_at=expires_at
    )
    return token, raw


def authenticate_api_token(*, raw: str) -> User | None:
    """The active user holding this token, or None. Marks the token as used."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.active().select_related("user").filter(digest=_digest(raw)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def revoke_api_token(*, token: ApiToken) -> None:
    audit.update(
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True), revoked_at=timezone.now()
    )
