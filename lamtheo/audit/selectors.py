"""Reading the trail: a record's history and the admins' search, with readable values."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone

from .capture import HIDDEN
from .models import Entry


@dataclass
class Change:
    label: str
    before: str
    after: str


def history_of(unit_id: int, model_labels: list[str], limit: int = 50) -> list[Entry]:
    """The latest changes to the given kinds of record that belong to a unit, newest first."""
    entries = list(
        Entry.objects.filter(unit_id=unit_id, model__in=model_labels)
        .exclude(action__in=EVENT_ACTIONS)
        .order_by("-id")[:limit]
    )
    return present(entries)


def history_of_record(model_label: str, pk, limit: int = 50) -> list[Entry]:
    """The latest changes to one record, newest first."""
    entries = list(
        Entry.objects.filter(model=model_label, object_pk=str(pk))
        .exclude(action__in=EVENT_ACTIONS)
        .order_by("-id")[:limit]
    )
    return present(entries)


EVENT_ACTIONS = [
    Entry.Action.SIGN_IN,
    Entry.Action.SIGN_IN_FAILED,
    Entry.Action.SIGN_IN_BLOCKED,
    Entry.Action.LOCKED,
    Entry.Action.SIGN_OUT,
]


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def present(entries: list[Entry]) -> list[Entry]:
    """Attach `rows` (a list of Change) to each entry: field labels, choice labels, dates as
    dd/mm/yyyy and related records by name, looked up with one query per related model."""
    wanted: dict = defaultdict(set)
    for entry in entries:
        model = _model(entry.model)
        for name, pair in entry.changes.items():
            field = _field(model, name)
            if isinstance(field, models.ForeignKey) and isinstance(pair, list):
                wanted[field.related_model].update(v for v in pair if v is not None)
    names = {
        related: {obj.pk: str(obj) for obj in related._base_manager.filter(pk__in=ids)}
        for related, ids in wanted.items()
    }
    for entry in entries:
        model = _model(entry.model)
        entry.rows = []
        for name, pair in entry.changes.items():
            field = _field(model, name)
            label = str(field.verbose_name) if field is not None else name
            if isinstance(pair, dict):  # many-to-many: {"added": [...]}
                entry.rows.append(
                    Change(label, "", ", ".join(f"{k}: {v}" for k, v in pair.items()))
                )
                continue
            if not isinstance(pair, list):  # an event's detail: {"what": "ranking"}
                entry.rows.append(Change(label, "", str(pair)))
                continue
            before, after = (_show(field, value, names) for value in pair)
            entry.rows.append(Change(label, before, after))
    return entries


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _show(field, value, names) -> str:
    if value is None or value == "":
        return ""
    if value == HIDDEN:
        return HIDDEN
    if isinstance(field, models.ForeignKey):
        return names.get(field.related_model, {}).get(value, f"#{value}")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        moment = timezone.localtime(datetime.datetime.fromisoformat(value))
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if isinstance(field, models.BooleanField):
        return "✓" if value else "✗"
    return str(value)
