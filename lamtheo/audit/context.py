"""Where a change comes from: the request, task or command running now.

The audit trail asks `current()` when it writes an entry, so services need not pass the user
down: the middleware sets the request, `lamtheo <command>` the command, the task signals the task.
"""

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass

from lamtheo.web import client_ip


@dataclass(frozen=True)
class Origin:
    via: str
    request: object = None
    user: object = None
    actor_name: str = ""


_origin: ContextVar[Origin | None] = ContextVar("lamtheo_audit_origin", default=None)


@contextlib.contextmanager
def origin(via: str, *, request=None, user=None, actor_name: str = ""):
    token = _origin.set(Origin(via=via, request=request, user=user, actor_name=actor_name))
    try:
        yield
    finally:
        _origin.reset(token)


def push(via: str, **kwargs):
    """For signal pairs (task started/finished) that cannot use a with-block."""
    return _origin.set(Origin(via=via, **kwargs))


def pop(token) -> None:
    with contextlib.suppress(ValueError, RuntimeError):
        _origin.reset(token)


def _user_of(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    auth = getattr(request, "auth", None)  # django-ninja puts the token's user here
    if getattr(auth, "is_authenticated", False):
        return auth
    return None


def current() -> dict:
    """The actor, address and channel for an entry written now."""
    now = _origin.get()
    if now is None:
        return {"actor": None, "actor_name": "", "ip": None, "via": "system"}
    user = now.user
    ip = None
    if now.request is not None:
        user = user or _user_of(now.request)
        ip = client_ip(now.request)
    return {
        "actor": user,
        "actor_name": (user.get_username() if user is not None else now.actor_name)[:150],
        "ip": ip,
        "via": now.via,
    }
