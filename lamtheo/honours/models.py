"""Honours: fields of work and forms of commendation (editable data), emulation movements,
exemplary cases with their commendations and the units that replicated them.

A case belongs to the unit that records it; it is seen by that unit's subtree and the levels
above it, never by a sibling commune, until the unit publishes it. `year_end` (31/12 of the
case's year, or its unit's last day that year) is kept so that the statistics take the
hierarchy as it stood that year in one statement (`selectors.stats`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.models import Document
from lamtheo.org.models import Membership, OrgUnit, visible_unit_ids
from lamtheo.plans.models import WRITERS, Programme, ScopedQuerySet

from . import domain

REVIEWERS = [Membership.Role.ADMIN, Membership.Role.REVIEWER]


class Kind(models.TextChoices):
    COLLECTIVE = domain.Kind.COLLECTIVE, _("Tập thể")
    INDIVIDUAL = domain.Kind.INDIVIDUAL, _("Cá nhân")


class Status(models.TextChoices):
    PROPOSED = domain.Status.PROPOSED, _("Đề xuất")
    VERIFIED = domain.Status.VERIFIED, _("Đã xác minh")
    COMMENDED = domain.Status.COMMENDED, _("Đã biểu dương, khen thưởng")
    REPLICATED = domain.Status.REPLICATED, _("Được nhân rộng")
    RETURNED = domain.Status.RETURNED, _("Trả lại")


class Level(models.TextChoices):
    CENTRAL = domain.Level.CENTRAL, _("Trung ương")
    PROVINCE = domain.Level.PROVINCE, _("Cấp tỉnh")
    DISTRICT = domain.Level.DISTRICT, _("Cấp huyện")
    COMMUNE = domain.Level.COMMUNE, _("Cấp xã")
    GRASSROOTS = domain.Level.GRASSROOTS, _("Cơ sở")


def _anonymous(user) -> bool:
    return not user.is_authenticated or not user.is_active


class Field(models.Model):
    """A field of work (kinh tế, văn hóa - xã hội, thiện nguyện...): data, not code."""

    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    name = models.CharField(_("Lĩnh vực"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)
    active = models.BooleanField(_("Đang dùng"), default=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Form(models.Model):
    """A form of commendation with its rank on the ladder (biểu dương 10, giấy khen 20, bằng
    khen 30, cờ thi đua 40, huân chương 50): data, not code."""

    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    name = models.CharField(_("Hình thức"), max_length=120, unique=True)
    rank = models.PositiveSmallIntegerField(_("Bậc"), default=10)
    needs_decision = models.BooleanField(_("Có quyết định"), default=True)
    active = models.BooleanField(_("Đang dùng"), default=True)

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")
        ordering = ["rank", "name"]

    def __str__(self) -> str:
        return self.name


class Movement(models.Model):
    """Phong trào thi đua: launched by a unit, often by a document, over a period."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị phát động")
    )
    province_code = models.CharField(max_length=8, blank=True, editable=False)
    name = models.CharField(_("Tên phong trào"), max_length=300)
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Văn bản phát động"),
    )
    starts_on = models.DateField(_("Từ ngày"))
    ends_on = models.DateField(_("Đến ngày"), null=True, blank=True)
    criteria = models.TextField(_("Tiêu chí"), blank=True)
    results = models.TextField(_("Kết quả"), blank=True)
    units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="+", verbose_name=_("Đơn vị tham gia")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-starts_on", "name"]
        indexes = [models.Index(fields=["unit", "starts_on"])]

    def __str__(self) -> str:
        return self.name


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A unit's cases are seen in its subtree and from above, not by its siblings; a
        published case by every signed-in user."""
        if _anonymous(user):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(Q(unit_id__in=visible_unit_ids(user)) | Q(published=True))

    def editable_by(self, user):
        """The editors and admins of the unit or above it nominate, edit and publish."""
        if _anonymous(user):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(unit_id__in=visible_unit_ids(user, roles=WRITERS))

    def reviewable_by(self, user):
        """The reviewers and admins of the unit or above it verify, commend, record the
        replication and return."""
        if _anonymous(user):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(unit_id__in=visible_unit_ids(user, roles=REVIEWERS))

    def public(self):
        return self.filter(published=True, status__in=domain.PUBLISHABLE)


class Case(models.Model):
    """An exemplary case: a collective or an individual, with its story and evidence."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị quản lý")
    )
    province_code = models.CharField(max_length=8, blank=True, editable=False)
    kind = models.CharField(_("Tập thể / cá nhân"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("Tên tập thể, cá nhân"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    position = models.CharField(_("Chức vụ, nơi công tác"), max_length=200, blank=True)
    honoree_unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Tổ chức được ghi nhận"),
    )
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="cases", verbose_name=_("Lĩnh vực")
    )
    year = models.PositiveSmallIntegerField(_("Năm"))
    # The day whose hierarchy counts the case as it stood (domain.counted_on): 31/12 of its
    # year, or its unit's last day when the unit ended that year.
    year_end = models.DateField(editable=False)
    title = models.CharField(_("Tên mô hình, cách làm"), max_length=300)
    story = models.TextField(_("Nội dung, kết quả"), blank=True)
    movement = models.ForeignKey(
        Movement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        verbose_name=_("Phong trào thi đua"),
    )
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Kế hoạch, chương trình"),
    )
    source = models.CharField(
        _("Nguồn"),
        max_length=300,
        blank=True,
        help_text=_("Báo cáo, bài viết nêu điển hình; 'demo' cho dữ liệu minh họa."),
    )
    status = models.CharField(
        _("Trạng thái"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    return_reason = models.TextField(_("Lý do trả lại"), blank=True)
    duplicates_found = models.PositiveIntegerField(default=0, editable=False)
    search_text = models.TextField(editable=False, default="")  # domain.search_text
    published = models.BooleanField(_("Công khai"), default=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("điển hình")
        verbose_name_plural = _("điển hình tiên tiến")
        ordering = ["-year", "name"]
        indexes = [
            models.Index(fields=["status", "year", "unit"]),
            # The statistics read the cases of a unit's subtree from this index alone (on
            # PostgreSQL an index-only scan: hence the id): selectors.stats.
            models.Index(fields=["unit", "year", "status", "field", "kind", "year_end", "id"]),
            models.Index(fields=["province_code", "year"]),
            models.Index(fields=["name_key", "field"]),
            models.Index(fields=["published", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.title}"

    def save(self, *args, **kwargs):
        self.name_key = domain.name_key(self.name)
        self.search_text = domain.search_text(self.name, self.position, self.title, self.story)
        self.year_end = domain.counted_on(self.year, self.unit.valid_from, self.unit.valid_to)
        super().save(*args, **kwargs)


class Commendation(models.Model):
    """One commendation of a case: form, level, issuing body, decision number and date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="commendations")
    form = models.ForeignKey(
        Form, on_delete=models.PROTECT, related_name="+", verbose_name=_("Hình thức")
    )
    level = models.CharField(_("Cấp khen thưởng"), max_length=12, choices=Level.choices)
    issuer = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Đơn vị khen thưởng"),
    )
    issuer_name = models.CharField(_("Cơ quan khen thưởng"), max_length=200)
    decision = models.CharField(_("Số quyết định"), max_length=60, blank=True)
    decision_style = models.CharField(max_length=8, blank=True, editable=False)
    decided_on = models.DateField(_("Ngày quyết định"))
    year = models.PositiveSmallIntegerField(_("Năm khen thưởng"), editable=False)
    note = models.CharField(_("Ghi chú"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["decided_on", "pk"]
        indexes = [models.Index(fields=["case", "form", "level"])]  # stats by form, level

    def __str__(self) -> str:
        return f"{self.form_id} {self.decision or self.decided_on}"

    def save(self, *args, **kwargs):
        self.year = self.decided_on.year
        super().save(*args, **kwargs)

    @property
    def audit_unit_id(self):
        return self.case.unit_id


class Replication(models.Model):
    """A unit that took up a case's model (nhân rộng), from a date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="replications")
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị nhân rộng")
    )
    since = models.DateField(_("Từ ngày"))
    note = models.CharField(_("Ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("đơn vị nhân rộng")
        verbose_name_plural = _("đơn vị nhân rộng")
        ordering = ["since", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "unit"], name="honours_replicated_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.unit_id}"

    @property
    def audit_unit_id(self):
        return self.case.unit_id
