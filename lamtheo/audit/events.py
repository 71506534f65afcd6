"""Events that are not record changes: sign-ins, failed sign-ins, exports, downloads."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils import timezone

from . import context
from .capture import unit_id_of, write
from .models import Entry


def log(
    action: str,
    *,
    actor=None,
    subject=None,
    username: str = "",
    obj=None,
    unit_id=None,
    detail: dict | None = None,
    request=None,
) -> Entry:
    """Write one event entry now (in the current transaction, sealed after it commits).

    The actor is `actor` or the current origin's user; `subject` is the account the event is
    about (the one signing in), `obj` the record (the file downloaded).
    """
    origin = context.current()
    if request is not None:
        with context.origin(origin["via"], request=request):
            origin = context.current()
    if actor is not None:
        origin["actor"], origin["actor_name"] = actor, actor.get_username()
    if obj is not None:
        model, object_pk, object_repr = obj._meta.label_lower, str(obj.pk), str(obj)[:200]
        unit_id = unit_id if unit_id is not None else unit_id_of(obj)
    elif subject is not None:
        model, object_pk = subject._meta.label_lower, str(subject.pk)
        object_repr = subject.get_username()
    else:
        model, object_pk, object_repr = get_user_model()._meta.label_lower, "", username[:200]
    entry = Entry(
        at=timezone.now(),
        action=action,
        model=model,
        object_pk=object_pk,
        object_repr=object_repr,
        unit_id=unit_id,
        changes=detail or {},
        **origin,
    )
    write([entry])
    return entry


def _signed_in(sender, request, user, **kwargs):
    log(Entry.Action.SIGN_IN, actor=user, subject=user, request=request)


def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        log(Entry.Action.SIGN_OUT, actor=user, subject=user, request=request)


def _failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    user = get_user_model()._default_manager.filter(username=username).first()
    log(Entry.Action.SIGN_IN_FAILED, subject=user, username=username, request=request)


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="audit_signed_in")
    user_logged_out.connect(_signed_out, dispatch_uid="audit_signed_out")
    user_login_failed.connect(_failed, dispatch_uid="audit_failed")
