"""Reads of the hierarchy as of a date, for this area's pages and API and for other areas.

Each is one SQL statement over the closure table, the edges or the lineage.
"""

from datetime import date

from django.db import connection
from django.utils import timezone

from .models import Closure, Edge, Lineage, OrgUnit


def _on(day: date | None) -> date:
    return day or timezone.localdate()


def subtree(unit: OrgUnit, *, as_of: date | None = None, include_self: bool = True):
    day = _on(as_of)
    rows = Closure.objects.filter(ancestor=unit, valid_from__lte=day, valid_to__gt=day)
    if not include_self:
        rows = rows.filter(depth__gt=0)
    return OrgUnit.objects.filter(pk__in=rows.values("descendant"))


def ancestors(unit: OrgUnit, *, as_of: date | None = None):
    """From the unit's parent up to the root, nearest first."""
    day = _on(as_of)
    return OrgUnit.objects.filter(
        closure_down__descendant=unit,
        closure_down__depth__gt=0,
        closure_down__valid_from__lte=day,
        closure_down__valid_to__gt=day,
    ).order_by("closure_down__depth")


def children(unit: OrgUnit, *, as_of: date | None = None):
    day = _on(as_of)
    return OrgUnit.objects.filter(
        closure_up__ancestor=unit,
        closure_up__depth=1,
        closure_up__valid_from__lte=day,
        closure_up__valid_to__gt=day,
    ).order_by("name")


def parent(unit: OrgUnit, *, as_of: date | None = None) -> OrgUnit | None:
    return ancestors(unit, as_of=as_of).first()


def parent_edges(unit: OrgUnit):
    return Edge.objects.filter(child=unit).select_related("parent").order_by("valid_from")


def lineage(unit: OrgUnit):
    """Events where the unit is the predecessor or the successor, oldest first."""
    from django.db.models import Q

    return (
        Lineage.objects.filter(Q(predecessor=unit) | Q(successor=unit))
        .select_related("predecessor", "successor", "new_parent")
        .order_by("effective_on", "pk")
    )


def successors(unit: OrgUnit, *, as_of: date | None = None):
    """The units valid on `as_of` (today) that carry this unit's data, following lineage
    forward through merges, splits, renames and dissolutions. A unit still valid is its own."""
    day = _on(as_of)
    lineage_table = Lineage._meta.db_table
    # Table names come from the models; every value is a parameter.
    sql = f"""
        WITH RECURSIVE fwd(unit_id) AS (
            SELECT id FROM {OrgUnit._meta.db_table} WHERE id = %s
            UNION
            SELECT l.successor_id FROM {lineage_table} l JOIN fwd ON l.predecessor_id = fwd.unit_id
            WHERE l.successor_id IS NOT NULL AND l.effective_on <= %s
        )
        SELECT unit_id FROM fwd
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit.pk, day])
        ids = [row[0] for row in cursor.fetchall()]
    return OrgUnit.objects.filter(pk__in=ids).valid_on(day).order_by("name")
