"""Reads of the hierarchy as of a date, for this area's pages and API and for other areas.

Each is one SQL statement over the closure table, the edges or the lineage.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from .models import Closure, Edge, Lineage, OrgUnit


def _on(day: date | None) -> date:
    return day or timezone.localdate()


def subtree(unit: OrgUnit, *, as_of: date | None = None, include_self: bool = True):
    """The unit and every unit under it on `as_of`: one join with the closure table (a unit's
    intervals under one ancestor never overlap, so the join yields each unit once)."""
    day = _on(as_of)
    depth = {} if include_self else {"closure_up__depth__gt": 0}
    return OrgUnit.objects.filter(
        closure_up__ancestor=unit,
        closure_up__valid_from__lte=day,
        closure_up__valid_to__gt=day,
        **depth,
    )


def subtree_ids(unit: OrgUnit, *, as_of: date | None = None):
    """The ids of the unit and every unit under it on `as_of`, from the closure table alone:
    the subquery other areas aggregate over (`unit__in=subtree_ids(...)`)."""
    day = _on(as_of)
    return Closure.objects.filter(ancestor=unit, valid_from__lte=day, valid_to__gt=day).values_list(
        "descendant_id", flat=True
    )


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
    """The units directly under `unit` on `as_of`, from the parent edges (indexed by parent)."""
    day = _on(as_of)
    return OrgUnit.objects.filter(
        Q(parent_edges__valid_to__isnull=True) | Q(parent_edges__valid_to__gt=day),
        parent_edges__parent=unit,
        parent_edges__valid_from__lte=day,
    ).order_by("name")


def parent(unit: OrgUnit, *, as_of: date | None = None) -> OrgUnit | None:
    return ancestors(unit, as_of=as_of).first()


def parent_edges(unit: OrgUnit):
    return Edge.objects.filter(child=unit).select_related("parent").order_by("valid_from")


def lineage(unit: OrgUnit):
    """Events where the unit is the predecessor or the successor, oldest first."""
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


@dataclass
class HistoryEntry:
    """One line of a unit's timeline; `what` picks the sentence the template writes."""

    on: date
    what: str  # founded | parent | received | became | children | ended
    event_kind: str = ""
    units: list = field(default_factory=list)
    until: date | None = None
    groups: list = field(default_factory=list)  # children: [(successor, [children])]


def history(unit: OrgUnit) -> list[HistoryEntry]:
    """The unit's timeline: founding, parents over time, lineage in and out, and - when it
    ended - what became of the units under it that day. Four queries, whatever the size."""
    entries = [HistoryEntry(unit.valid_from, "founded")]
    for edge in parent_edges(unit):
        entries.append(
            HistoryEntry(edge.valid_from, "parent", units=[edge.parent], until=edge.valid_to)
        )
    incoming: dict = defaultdict(list)
    outgoing: dict = defaultdict(list)
    for event in lineage(unit):
        if event.successor_id == unit.pk:
            incoming[(event.effective_on, event.kind)].append(event.predecessor)
        else:
            outgoing[(event.effective_on, event.kind)].append(event.successor or event.new_parent)
    for (on, kind), units in incoming.items():
        entries.append(HistoryEntry(on, "received", event_kind=kind, units=units))
    for (on, kind), units in outgoing.items():
        entries.append(
            HistoryEntry(on, "became", event_kind=kind, units=[u for u in units if u is not None])
        )
    if unit.valid_to:
        last_day = unit.valid_to - timedelta(days=1)
        fate: dict = defaultdict(list)
        events = (
            Lineage.objects.filter(
                predecessor__in=children(unit, as_of=last_day),
                effective_on=unit.valid_to,
                successor__isnull=False,
            )
            .select_related("predecessor", "successor")
            .order_by("successor__name", "predecessor__name")
        )
        for event in events:
            fate[event.successor].append(event.predecessor)
        if fate:
            entries.append(HistoryEntry(unit.valid_to, "children", groups=list(fate.items())))
        if not outgoing:
            entries.append(HistoryEntry(unit.valid_to, "ended"))
    order = {"founded": 0, "parent": 1, "received": 2, "became": 3, "children": 4, "ended": 5}
    return sorted(entries, key=lambda e: (e.on, order[e.what]))
