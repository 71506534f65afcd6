"""Audited bulk writes, for the services and imports that must not save row by row."""

from django.utils import timezone

from .capture import diff, entry_for, is_audited, snapshot, write
from .models import Entry


def bulk_create(model, objs, batch_size: int | None = 1000) -> list:
    """`Model.objects.bulk_create` plus one audit entry per created row (in one insert)."""
    created = model.objects.bulk_create(objs, batch_size=batch_size)
    if is_audited(model):
        at = timezone.now()
        write(
            [entry_for(Entry.Action.CREATE, obj, diff(None, snapshot(obj)), at) for obj in created]
        )
    return created


def update(queryset, **values) -> int:
    """`QuerySet.update` that records, per row, the fields it changed."""
    model = queryset.model
    if not is_audited(model):
        return queryset.update(**values)
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return 0
    before = {obj.pk: snapshot(obj) for obj in model._base_manager.filter(pk__in=pks)}
    count = model._base_manager.filter(pk__in=pks).update(**values)
    at = timezone.now()
    entries = []
    for obj in model._base_manager.filter(pk__in=pks):
        changes = diff(before.get(obj.pk), snapshot(obj))
        if changes:
            entries.append(entry_for(Entry.Action.UPDATE, obj, changes, at))
    write(entries)
    return count
