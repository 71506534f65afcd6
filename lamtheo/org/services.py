"""The only writers of the org area. Each keeps the closure table in step with the edges."""

from datetime import date

from django.db import connection, transaction
from django.db.models import Q

from lamtheo.audit import bulk as audit

from . import domain
from .domain import OPEN_END, OrgError, Span
from .models import Closure, Edge, Lineage, Membership, OrgUnit


def _sql_max_min() -> tuple[str, str]:
    return ("MAX", "MIN") if connection.vendor == "sqlite" else ("GREATEST", "LEAST")


def _rebuild_closure(unit_ids: list[int]) -> None:
    """Recompute the closure rows of these descendants from the edges: one recursive query."""
    if not unit_ids:
        return
    greatest, least = _sql_max_min()
    table = Closure._meta.db_table
    Closure.objects.filter(descendant_id__in=unit_ids).delete()
    placeholders = ", ".join(["%s"] * len(unit_ids))
    # Table names come from the models; every value is a parameter.
    sql = f"""
        WITH RECURSIVE up(descendant_id, ancestor_id, depth, valid_from, valid_to) AS (
            SELECT u.id, u.id, 0, u.valid_from, COALESCE(u.valid_to, %s)
            FROM {OrgUnit._meta.db_table} u WHERE u.id IN ({placeholders})
            UNION ALL
            SELECT up.descendant_id, e.parent_id, up.depth + 1,
                   {greatest}(up.valid_from, e.valid_from),
                   {least}(up.valid_to, COALESCE(e.valid_to, %s))
            FROM up JOIN {Edge._meta.db_table} e ON e.child_id = up.ancestor_id
            WHERE e.valid_from < up.valid_to AND COALESCE(e.valid_to, %s) > up.valid_from
        )
        INSERT INTO {table} (ancestor_id, descendant_id, depth, valid_from, valid_to)
        SELECT ancestor_id, descendant_id, depth, valid_from, valid_to FROM up
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [OPEN_END, *unit_ids, OPEN_END, OPEN_END])


def _subtree_ever(unit: OrgUnit) -> list[int]:
    return list(
        Closure.objects.filter(ancestor=unit).values_list("descendant_id", flat=True).distinct()
    ) or [unit.pk]


@transaction.atomic
def create_unit(
    *,
    code: str,
    name: str,
    kind: str,
    valid_from: date,
    valid_to: date | None = None,
    parent: OrgUnit | None = None,
    short_name: str = "",
    issuer_code: str = "",
    initials: str = "",
    province_code: str = "",
    admin_code: str = "",
) -> OrgUnit:
    """A new unit, under `parent` from its first day when given. A committee body's issuer code
    is its `initials` glued to the parent's (BTG + TU = BTGTU) unless `issuer_code` is given."""
    domain.check_span(Span(valid_from, valid_to))
    if OrgUnit.objects.filter(code=code).exists():
        raise OrgError(f"code: mã '{code}' đã được dùng / the code '{code}' is taken")
    unit = OrgUnit.objects.create(
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        valid_from=valid_from,
        valid_to=valid_to,
        issuer_code=issuer_code
        or domain.issuer_code(
            domain.Kind(kind), initials=initials, parent_code=parent.issuer_code if parent else ""
        ),
        province_code=province_code or (parent.province_code if parent else ""),
        admin_code=admin_code,
    )
    _rebuild_closure([unit.pk])
    if parent is not None:
        attach_unit(unit=unit, parent=parent, valid_from=valid_from, valid_to=valid_to)
    return unit


@transaction.atomic
def attach_unit(
    *, unit: OrgUnit, parent: OrgUnit, valid_from: date, valid_to: date | None = None
) -> Edge:
    """Put `unit` under `parent` over [valid_from, valid_to)."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    edge_span = Span(valid_from, valid_to)
    existing = [e.span for e in Edge.objects.filter(child=unit)]
    parent_is_descendant = Closure.objects.filter(
        ancestor=unit, descendant=parent, valid_from__lt=edge_span.stop, valid_to__gt=valid_from
    ).exists()
    domain.check_parent_edge(
        child=unit.as_node(),
        parent=parent.as_node(),
        edge=edge_span,
        existing_edges=existing,
        parent_is_descendant=parent_is_descendant,
    )
    edge = Edge.objects.create(child=unit, parent=parent, valid_from=valid_from, valid_to=valid_to)
    _rebuild_closure(_subtree_ever(unit))
    return edge


def _close_unit(unit: OrgUnit, on: date) -> None:
    """End the unit (and its open parent edge) on `on`; its children must already be moved."""
    if unit.valid_to is not None and unit.valid_to <= on:
        return
    open_children = Edge.objects.filter(parent=unit).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )
    if open_children.exists():
        names = ", ".join(open_children.values_list("child__name", flat=True)[:5])
        raise OrgError(
            f"{unit.name}: còn đơn vị trực thuộc sau {on:%d/%m/%Y} ({names}); chuyển hoặc sáp "
            f"nhập chúng trước / move or merge its children first"
        )
    audit.update(
        Edge.objects.filter(child=unit).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)),
        valid_to=on,
    )
    unit.valid_to = on
    unit.save(update_fields=["valid_to"])


def _check_event(source: OrgUnit, into: OrgUnit | None, on: date) -> None:
    domain.check_lineage(
        predecessor=source.as_node(), successor=into.as_node() if into else None, on=on
    )
    if not source.span.contains(on) and source.valid_to != on:
        raise OrgError(
            f"{source.name}: đơn vị không còn hoạt động vào {on:%d/%m/%Y} / "
            f"the unit no longer exists on that date"
        )


def _end_units(
    *, sources: list[OrgUnit], successors: list[OrgUnit | None], kind: str, on: date, note: str
) -> None:
    """Check every (source, successor) pair, end the sources on `on`, record the lineage."""
    for source in sources:
        for successor in successors:
            _check_event(source, successor, on)
    for source in sources:
        _close_unit(source, on)
        for successor in successors:
            Lineage.objects.get_or_create(
                predecessor=source,
                successor=successor,
                kind=kind,
                effective_on=on,
                defaults={"note": note},
            )
    _rebuild_closure([pk for source in sources for pk in _subtree_ever(source)])


@transaction.atomic
def merge_units(*, sources: list[OrgUnit], into: OrgUnit, on: date, note: str = "") -> OrgUnit:
    """The sources end on `on` (their last day is the day before); `into` carries their data."""
    _end_units(sources=sources, successors=[into], kind=Lineage.Kind.MERGE, on=on, note=note)
    return into


@transaction.atomic
def dissolve_unit(*, unit: OrgUnit, on: date, heir: OrgUnit | None = None, note: str = "") -> None:
    """End the unit on `on`; `heir` (optional) carries its own data on."""
    _end_units(sources=[unit], successors=[heir], kind=Lineage.Kind.DISSOLVE, on=on, note=note)


@transaction.atomic
def rename_unit(*, unit: OrgUnit, to: OrgUnit, on: date, note: str = "") -> OrgUnit:
    """The unit under its old name ends on `on`; `to` (the same body, new name) goes on."""
    _end_units(sources=[unit], successors=[to], kind=Lineage.Kind.RENAME, on=on, note=note)
    return to


@transaction.atomic
def split_unit(*, unit: OrgUnit, into: list[OrgUnit], on: date, note: str = "") -> None:
    _end_units(sources=[unit], successors=list(into), kind=Lineage.Kind.SPLIT, on=on, note=note)


@transaction.atomic
def move_unit(*, unit: OrgUnit, to: OrgUnit, on: date, note: str = "") -> Edge:
    """From `on`, `unit` sits under `to`."""
    _check_event(unit, to, on)
    audit.update(
        Edge.objects.filter(child=unit).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)),
        valid_to=on,
    )
    edge = attach_unit(unit=unit, parent=to, valid_from=on, valid_to=unit.valid_to)
    Lineage.objects.get_or_create(
        predecessor=unit,
        successor=None,
        new_parent=to,
        kind=Lineage.Kind.MOVE,
        effective_on=on,
        defaults={"note": note},
    )
    return edge


@transaction.atomic
def grant_role(
    *, user, unit: OrgUnit, role: str, valid_from: date, valid_to: date | None = None
) -> Membership:
    """Give `user` a role in `unit` (and so its subtree) over [valid_from, valid_to)."""
    if role not in Membership.Role.values:
        raise OrgError(f"role: vai trò '{role}' không hợp lệ / unknown role")
    span = Span(valid_from, valid_to)
    domain.check_span(span)
    same = Membership.objects.select_for_update().filter(user=user, unit=unit, role=role)
    for other in same:
        if Span(other.valid_from, other.valid_to).overlaps(span):
            raise OrgError(
                f"{user}: đã có vai trò {other.get_role_display()} tại {unit.name} trong "
                f"{Span(other.valid_from, other.valid_to)} / the user already holds this role"
            )
    return Membership.objects.create(
        user=user, unit=unit, role=role, valid_from=valid_from, valid_to=valid_to
    )


@transaction.atomic
def end_role(*, membership: Membership, on: date) -> Membership:
    """The role ends on `on` (its last day is the day before)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.valid_to is not None and membership.valid_to <= on:
        raise OrgError(
            f"{membership}: vai trò đã kết thúc ngày {membership.valid_to:%d/%m/%Y} / "
            f"the role has already ended"
        )
    domain.check_span(Span(membership.valid_from, on), field="valid_to")
    membership.valid_to = on
    membership.save(update_fields=["valid_to"])
    return membership


@transaction.atomic
def rebuild_closures(unit_ids: list[int] | None = None) -> None:
    """Recompute the closure rows of these units (all when None), after a bulk load."""
    if unit_ids is None:
        unit_ids = list(OrgUnit.objects.values_list("pk", flat=True))
    for start in range(0, len(unit_ids), 500):
        _rebuild_closure(unit_ids[start : start + 500])
