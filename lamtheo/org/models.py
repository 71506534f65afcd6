"""Org units, their parent edges over time, the closure table, lineage events and memberships.

The closure table (`Closure`) holds one row per (ancestor, descendant, interval) and is written
only by `org.services`; subtree and ancestor queries as of a date are one indexed join over it.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.vn.text import fold

from . import domain


class Kind(models.TextChoices):
    CENTRAL = domain.Kind.CENTRAL, _("Cơ quan Trung ương")
    PROVINCE = domain.Kind.PROVINCE, _("Tỉnh ủy, Thành ủy")
    DISTRICT = domain.Kind.DISTRICT, _("Huyện ủy, Thị ủy, Quận ủy, Thành ủy thuộc tỉnh")
    COMMUNE = domain.Kind.COMMUNE, _("Đảng ủy xã, phường, đặc khu")
    GRASSROOTS = domain.Kind.GRASSROOTS, _("Đảng ủy cơ sở")
    CELL = domain.Kind.CELL, _("Chi bộ")
    BODY = domain.Kind.BODY, _("Cơ quan tham mưu của cấp ủy")
    FRONT = domain.Kind.FRONT, _("Mặt trận Tổ quốc")
    MASS = domain.Kind.MASS, _("Đoàn thể chính trị - xã hội")
    COUNCIL = domain.Kind.COUNCIL, _("Hội đồng nhân dân")
    PEOPLES_COMMITTEE = domain.Kind.PEOPLES_COMMITTEE, _("Ủy ban nhân dân")
    DEPARTMENT = domain.Kind.DEPARTMENT, _("Sở, ban, ngành")


def _today() -> date:
    return timezone.localdate()


class OrgUnitQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)

    def visible_to(self, user):
        """Units the user may see (see `visible_unit_ids`); everything for a superuser."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(pk__in=visible_unit_ids(user))

    def editable_by(self, user):
        """Units the user may manage: subtrees where they are admin today."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(pk__in=visible_unit_ids(user, roles=[Membership.Role.ADMIN]))


class OrgUnit(models.Model):
    code = models.CharField(_("Mã"), max_length=40, unique=True)
    name = models.CharField(_("Tên"), max_length=255)
    short_name = models.CharField(_("Tên ngắn"), max_length=120, blank=True)
    kind = models.CharField(_("Loại"), max_length=32, choices=Kind.choices)
    issuer_code = models.CharField(_("Ký hiệu cơ quan ban hành"), max_length=20, blank=True)
    # The province this unit belongs to (gazetteer code): the distribution key at national scale.
    province_code = models.CharField(_("Mã tỉnh"), max_length=8, blank=True, db_index=True)
    admin_code = models.CharField(_("Mã đơn vị hành chính"), max_length=16, blank=True)
    valid_from = models.DateField(_("Hiệu lực từ"))
    valid_to = models.DateField(_("Hiệu lực đến"), null=True, blank=True)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="org_unit_valid_interval",
            )
        ]
        indexes = [models.Index(fields=["kind", "province_code"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.name} {self.short_name}")
        super().save(*args, **kwargs)

    @property
    def span(self) -> domain.Span:
        return domain.Span(self.valid_from, self.valid_to)

    def as_node(self) -> domain.Node:
        return domain.Node(self.pk, self.name, self.span)

    def is_valid_on(self, day: date) -> bool:
        return self.span.contains(day)


class Edge(models.Model):
    """`child` sits directly under `parent` over [valid_from, valid_to)."""

    child = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="parent_edges")
    parent = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="child_edges")
    valid_from = models.DateField(_("Hiệu lực từ"))
    valid_to = models.DateField(_("Hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("quan hệ trực thuộc")
        verbose_name_plural = _("quan hệ trực thuộc")
        indexes = [
            models.Index(fields=["child", "valid_from"]),
            models.Index(fields=["parent", "valid_from"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="org_edge_valid_interval",
            ),
            models.CheckConstraint(condition=~Q(child=F("parent")), name="org_edge_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.child} → {self.parent} ({self.span})"

    @property
    def audit_unit_id(self):
        """A change of parent is in the child's history."""
        return self.child_id

    @property
    def span(self) -> domain.Span:
        return domain.Span(self.valid_from, self.valid_to)


class Closure(models.Model):
    """`ancestor` is above `descendant` (depth 0 = itself) over [valid_from, valid_to).

    valid_to is never NULL here (domain.OPEN_END stands for "still valid") so that as-of
    filters are two plain range comparisons over one index.
    """

    ancestor = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="closure_down")
    descendant = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="closure_up")
    depth = models.PositiveSmallIntegerField()
    valid_from = models.DateField()
    valid_to = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["ancestor", "valid_from", "valid_to"]),
            models.Index(fields=["descendant", "valid_from", "valid_to"]),
        ]

    def __str__(self) -> str:
        return f"{self.ancestor_id} ⊇ {self.descendant_id} ({self.depth})"


class Lineage(models.Model):
    """What became of a unit: merged, split, renamed or dissolved into `successor` on `on`.

    A dissolved unit may name the unit that carries its data on (its functions' heir); a move
    changes only the parent edges and is recorded with `new_parent`.
    """

    class Kind(models.TextChoices):
        MERGE = "merge", _("Sáp nhập")
        SPLIT = "split", _("Chia tách")
        RENAME = "rename", _("Đổi tên")
        MOVE = "move", _("Chuyển trực thuộc")
        DISSOLVE = "dissolve", _("Giải thể")

    predecessor = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="lineage_out", verbose_name=_("Đơn vị")
    )
    successor = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        related_name="lineage_in",
        null=True,
        blank=True,
        verbose_name=_("Đơn vị kế thừa"),
    )
    new_parent = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("Trực thuộc mới"),
    )
    kind = models.CharField(_("Loại sự kiện"), max_length=16, choices=Kind.choices)
    effective_on = models.DateField(_("Ngày hiệu lực"))
    note = models.CharField(_("Ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("sự kiện thay đổi tổ chức")
        verbose_name_plural = _("sự kiện thay đổi tổ chức")
        ordering = ["effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor", "kind", "effective_on"],
                name="org_lineage_unique",
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="org_lineage_not_self"
            ),
        ]
        indexes = [models.Index(fields=["successor"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.predecessor} → {self.successor or '-'}"

    @property
    def audit_unit_id(self):
        return self.predecessor_id


class MembershipQuerySet(models.QuerySet):
    def active(self, day: date | None = None):
        day = day or _today()
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)

    def visible_to(self, user):
        return self.filter(unit__in=OrgUnit.objects.visible_to(user))

    def editable_by(self, user):
        return self.filter(unit__in=OrgUnit.objects.editable_by(user))


class Membership(models.Model):
    """A user's role in a unit (and so in its subtree) over dates."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Quản trị")
        EDITOR = "editor", _("Cập nhật")
        REVIEWER = "reviewer", _("Thẩm định")
        VIEWER = "viewer", _("Xem")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("Vai trò"), max_length=16, choices=Role.choices)
    valid_from = models.DateField(_("Từ ngày"))
    valid_to = models.DateField(_("Đến ngày"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        indexes = [models.Index(fields=["user", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


def visible_unit_ids(user, roles=None, *, upward: bool = False) -> RawSQL:
    """A subquery of the ids of the units `user` may see: every unit ever inside the subtree of a
    unit where the user holds a role today, or of any unit that unit carries on through lineage
    (Tỉnh ủy Thái Nguyên carries Tỉnh ủy Bắc Kạn, so its admin sees Bắc Kạn's history).

    With `upward`, also every unit ever above those units: what the levels above a commune issue
    reaches the commune (their plans and directives), though the commune may not see their other
    records.

    One statement: a recursive walk back over lineage, then one join with the closure table.
    """
    today = _today()
    role_filter = ""
    params: list = [user.pk, today, today]
    if roles:
        role_filter = f"AND m.role IN ({', '.join(['%s'] * len(roles))})"
        params += list(roles)
    closure = Closure._meta.db_table
    above = (
        f"UNION SELECT c.ancestor_id FROM {closure} c "  # noqa: S608 - a table name
        "WHERE c.descendant_id IN (SELECT unit_id FROM roots)"
        if upward
        else ""
    )
    sql = f"""
        WITH RECURSIVE roots(unit_id) AS (
            SELECT m.unit_id FROM {Membership._meta.db_table} m
            WHERE m.user_id = %s AND m.valid_from <= %s
              AND (m.valid_to IS NULL OR m.valid_to > %s) {role_filter}
            UNION
            SELECT l.predecessor_id FROM {Lineage._meta.db_table} l
            JOIN roots r ON l.successor_id = r.unit_id
        )
        SELECT c.descendant_id FROM {closure} c
        WHERE c.ancestor_id IN (SELECT unit_id FROM roots)
        {above}
    """  # noqa: S608 - table names from the models; every value is a parameter
    return RawSQL(sql, params)  # noqa: S611 - values are parameters
