"""One mechanism records every create, update and delete of a lamtheo record: model signals.

Every concrete model of a `lamtheo.*` app is audited unless listed in EXCLUDED_MODELS, so later
areas get the trail for free. Writes that skip signals (`bulk_create`, `QuerySet.update`) go
through `lamtheo.audit.bulk` instead. An entry stores the changed fields before and after; the
values of secret fields (password hashes, token digests, TOTP keys) are never stored.

A model names the unit its entries belong to with an `audit_unit_id` attribute; otherwise its
`unit` foreign key is used (an org unit is its own unit).
"""

import datetime
import decimal
import uuid

from django.apps import apps
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.tasks.signals import task_finished, task_started
from django.utils import timezone

from . import chain, context
from .models import Entry

EXCLUDED_MODELS = {"audit.entry", "audit.chainhead", "org.closure"}
# Bookkeeping that changes on every use and says nothing about the record.
EXCLUDED_FIELDS = {
    "accounts.user": {"last_login"},
    "accounts.apitoken": {"last_used_at"},
    "accounts.totpdevice": {"last_step"},
    "org.orgunit": {"search_name"},
}
SECRET_FIELDS = {"password", "digest", "secret"}
HIDDEN = "••••••"


def is_audited(model) -> bool:
    meta = model._meta
    return (
        meta.app_config is not None
        and meta.app_config.name.startswith("lamtheo.")
        and meta.label_lower not in EXCLUDED_MODELS
        and not meta.abstract
        and not meta.auto_created
    )


def json_value(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | datetime.timedelta):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return str(value)


def _fields(model):
    skip = EXCLUDED_FIELDS.get(model._meta.label_lower, set())
    return [f for f in model._meta.concrete_fields if f.name not in skip]


def snapshot(instance) -> dict:
    return {f.name: json_value(f.value_from_object(instance)) for f in _fields(type(instance))}


def _stored(model, pk) -> dict | None:
    fields = _fields(model)
    row = model._base_manager.filter(pk=pk).values(*[f.attname for f in fields]).first()
    if row is None:
        return None
    return {f.name: json_value(row[f.attname]) for f in fields}


def _mask(changes: dict) -> dict:
    return {
        name: [HIDDEN if v is not None else None for v in pair] if name in SECRET_FIELDS else pair
        for name, pair in changes.items()
    }


def unit_id_of(instance):
    marker = getattr(instance, "audit_unit_id", None)
    if marker is not None:
        return marker
    if instance._meta.label_lower == "org.orgunit":
        return instance.pk
    return getattr(instance, "unit_id", None)


def entry_for(action: str, instance, changes: dict, at=None) -> Entry:
    """An unsealed entry for a change to `instance`, attributed to the current origin."""
    return Entry(
        at=at or timezone.now(),
        action=action,
        model=instance._meta.label_lower,
        object_pk=str(instance.pk),
        object_repr=str(instance)[:200],
        unit_id=unit_id_of(instance),
        changes=_mask(changes),
        **context.current(),
    )


def write(entries: list[Entry]) -> None:
    if entries:
        Entry.objects.bulk_create(entries)
        chain.seal_on_commit()


def diff(before: dict | None, after: dict | None) -> dict:
    before, after = before or {}, after or {}
    names = after.keys() if after else before.keys()
    return {
        name: [before.get(name), after.get(name)]
        for name in names
        if before.get(name) != after.get(name)
    }


# --- Signal receivers -------------------------------------------------------------------------


def _before_save(sender, instance, raw=False, **kwargs):
    if not is_audited(sender):
        return
    adding = instance._state.adding or instance.pk is None
    instance._audit_before = None if adding else _stored(sender, instance.pk)


def _after_save(sender, instance, created, raw=False, **kwargs):
    if not is_audited(sender):
        return
    before = None if created else getattr(instance, "_audit_before", None)
    changes = diff(before, snapshot(instance))
    if changes or created:
        action = Entry.Action.CREATE if created or before is None else Entry.Action.UPDATE
        write([entry_for(action, instance, changes)])
    instance._audit_before = None


def _before_delete(sender, instance, **kwargs):
    if is_audited(sender):
        instance._audit_before = snapshot(instance)


def _after_delete(sender, instance, **kwargs):
    if is_audited(sender):
        before = getattr(instance, "_audit_before", None) or snapshot(instance)
        write([entry_for(Entry.Action.DELETE, instance, diff(before, None))])


def _m2m(sender, instance, action, model, pk_set, reverse, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"} or not is_audited(type(instance)):
        return
    field = next((f for f in instance._meta.many_to_many if f.remote_field.through is sender), None)
    name = field.name if field is not None else sender._meta.model_name
    change = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    ids = sorted(pk_set or [])
    write([entry_for(Entry.Action.UPDATE, instance, {name: {change: ids}})])


_running_tasks: dict = {}


def _task_started(sender, task_result, **kwargs):
    via = f"task:{task_result.task.name}"[:60]
    _running_tasks[task_result.id] = context.push(via)


def _task_finished(sender, task_result, **kwargs):
    token = _running_tasks.pop(task_result.id, None)
    if token is not None:
        context.pop(token)


def connect() -> None:
    task_started.connect(_task_started, dispatch_uid="audit_task_started")
    task_finished.connect(_task_finished, dispatch_uid="audit_task_finished")
    pre_save.connect(_before_save, dispatch_uid="audit_pre_save")
    post_save.connect(_after_save, dispatch_uid="audit_post_save")
    pre_delete.connect(_before_delete, dispatch_uid="audit_pre_delete")
    post_delete.connect(_after_delete, dispatch_uid="audit_post_delete")
    m2m_changed.connect(_m2m, dispatch_uid="audit_m2m")
    from . import events

    events.connect()


def audited_models() -> list:
    return [m for m in apps.get_models() if is_audited(m)]
