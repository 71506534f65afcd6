"""Plans: themes, programmes and plans with their focus programmes and tasks, cascades to
lower levels, commitments, and the indicator catalogue with targets and measurements.

A measurement belongs to the unit that reported it, for a period by its code (2024, 2024-H1,
2024-Q2, 2024-05, 2020-2025: lamtheo.vn.dates.Period) with the period's end kept as a date,
so that roll-ups take the hierarchy as it stood then (`selectors.rollup`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.models import Document
from lamtheo.org.models import Membership, OrgUnit, visible_unit_ids
from lamtheo.vn.dates import Period
from lamtheo.vn.errors import DateError

from . import domain


class Aggregation(models.TextChoices):
    SUM = domain.Aggregation.SUM, _("Tổng")
    AVERAGE = domain.Aggregation.AVERAGE, _("Trung bình")
    WEIGHTED_AVERAGE = domain.Aggregation.WEIGHTED_AVERAGE, _("Trung bình có trọng số")
    MIN = domain.Aggregation.MIN, _("Nhỏ nhất")
    MAX = domain.Aggregation.MAX, _("Lớn nhất")
    NONE = domain.Aggregation.NONE, _("Không cộng dồn")


class Direction(models.TextChoices):
    HIGHER = domain.Direction.HIGHER, _("Càng cao càng tốt")
    LOWER = domain.Direction.LOWER, _("Càng thấp càng tốt")
    WITHIN = domain.Direction.WITHIN, _("Trong khoảng")


WRITERS = [Membership.Role.ADMIN, Membership.Role.EDITOR]


class ScopedQuerySet(models.QuerySet):
    """Records of a unit: seen by the users of its subtree's roots and by the levels above
    (what a province sets reaches its communes); written by the editors and admins of the unit
    or above it."""

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(unit_id__in=visible_unit_ids(user, upward=True))

    def editable_by(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(unit_id__in=visible_unit_ids(user, roles=WRITERS))


class OwnScopedQuerySet(ScopedQuerySet):
    """Records a unit keeps about itself (its figures, its members' commitments): seen in its
    subtree and from above, not by the units below it."""

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(unit_id__in=visible_unit_ids(user))


class Indicator(models.Model):
    code = models.SlugField(_("Mã chỉ tiêu"), max_length=40, unique=True)
    name = models.CharField(_("Tên chỉ tiêu"), max_length=300)
    measure = models.CharField(_("Đơn vị tính"), max_length=40, blank=True)
    aggregation = models.CharField(
        _("Cách tổng hợp"), max_length=20, choices=Aggregation.choices, default=Aggregation.SUM
    )
    direction = models.CharField(
        _("Chiều đánh giá"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    # For a weighted average: the indicator whose figure weighs each unit's (households...).
    weight = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Trọng số"),
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị xây dựng")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("danh mục chỉ tiêu")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} - {self.name}"


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="measurements")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=8, blank=True, db_index=True, editable=False)
    period = models.CharField(_("Kỳ"), max_length=12)
    period_end = models.DateField(editable=False)  # exclusive, as Period.end
    value = models.DecimalField(_("Giá trị"), max_digits=20, decimal_places=4)
    source = models.CharField(_("Nguồn số liệu"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu thực hiện")
        verbose_name_plural = _("số liệu thực hiện")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"], name="plans_one_figure_per_period"
            )
        ]
        indexes = [models.Index(fields=["indicator", "period", "unit"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_id} {self.period}: {self.value}"


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("Kỳ"), max_length=12)
    kind = models.CharField(
        _("Loại chỉ tiêu"),
        max_length=10,
        choices=[
            (domain.TargetKind.VALUE, _("Giá trị")),
            (domain.TargetKind.RANGE, _("Khoảng")),
            (domain.TargetKind.GROWTH, _("Tăng trưởng so với kỳ gốc")),
        ],
    )
    value = models.DecimalField(_("Giá trị"), max_digits=20, decimal_places=4)
    value_max = models.DecimalField(
        _("Giá trị cuối khoảng"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_period = models.CharField(_("Kỳ gốc"), max_length=12, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu giao")
        verbose_name_plural = _("chỉ tiêu giao")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"], name="plans_one_target_per_period"
            ),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gte=models.F("value")),
                name="plans_target_band",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_id} {self.period}"


class Theme(models.Model):
    """Chủ đề năm / chuyên đề toàn khóa: a unit's theme for a year or a whole term, under the
    theme of the unit above, announced by a document."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị")
    )
    period = models.CharField(_("Năm hoặc nhiệm kỳ"), max_length=12)
    period_end = models.DateField(editable=False)
    text = models.TextField(_("Chủ đề"))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("Theo chủ đề của cấp trên"),
    )
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Văn bản xác định chủ đề"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề năm và toàn khóa")
        ordering = ["-period_end", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="plans_one_theme_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period}"

    @property
    def is_term(self) -> bool:
        try:
            return Period.from_code(self.period).kind == "term"
        except DateError:  # a period the services would not have stored
            return False


class Programme(models.Model):
    """A programme, plan or project of a unit (chương trình hành động, kế hoạch, đề án),
    registered as a document and implementing one (a resolution, a conclusion)."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Chương trình hành động")
        PLAN = "plan", _("Kế hoạch")
        PROJECT = "project", _("Đề án")

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị")
    )
    province_code = models.CharField(max_length=8, blank=True, editable=False)
    kind = models.CharField(_("Loại"), max_length=12, choices=Kind.choices, default=Kind.PLAN)
    title = models.CharField(_("Tên"), max_length=500)
    period = models.CharField(_("Năm hoặc nhiệm kỳ"), max_length=12, blank=True)
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Văn bản ban hành"),
    )
    implements = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Thực hiện văn bản"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("Thực hiện chương trình, kế hoạch của cấp trên"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chương trình, kế hoạch")
        verbose_name_plural = _("chương trình, kế hoạch")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["unit", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class Focus(models.Model):
    """A focus programme (chương trình trọng tâm) or group of tasks of a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="focuses")
    position = models.PositiveSmallIntegerField(_("Thứ tự"), default=1)
    title = models.CharField(_("Tên"), max_length=500)

    class Meta:
        verbose_name = _("chương trình trọng tâm")
        verbose_name_plural = _("chương trình trọng tâm")
        ordering = ["programme", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit_id(self):
        return self.programme.unit_id


class Task(models.Model):
    """A task of a programme, owned by one unit with others co-operating. Assigned to many
    units at once, it is one task per unit sharing a `batch`, each with its own status."""

    class Status(models.TextChoices):
        NOT_STARTED = domain.TaskStatus.NOT_STARTED, _("Chưa bắt đầu")
        IN_PROGRESS = domain.TaskStatus.IN_PROGRESS, _("Đang thực hiện")
        DONE = domain.TaskStatus.DONE, _("Hoàn thành")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tasks")
    focus = models.ForeignKey(
        Focus,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("Chương trình trọng tâm"),
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị chủ trì")
    )
    province_code = models.CharField(max_length=8, blank=True, editable=False)
    partners = models.ManyToManyField(
        OrgUnit, blank=True, related_name="+", verbose_name=_("Đơn vị phối hợp")
    )
    title = models.CharField(_("Nhiệm vụ"), max_length=500)
    description = models.TextField(_("Nội dung"), blank=True)
    deadline = models.DateField(_("Thời hạn"), null=True, blank=True)
    status = models.CharField(
        _("Trạng thái"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(_("Tiến độ (%)"), default=0)
    batch = models.UUIDField(null=True, blank=True, editable=False, db_index=True)
    completed_on = models.DateField(_("Ngày hoàn thành"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["unit", "status", "deadline"]),
            models.Index(fields=["programme", "focus"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="plans_task_percent")
        ]

    def __str__(self) -> str:
        return self.title

    def state(self, today=None) -> domain.TaskStatus:
        return domain.task_state(self.status, self.deadline, today or timezone.localdate())


class ProgressNote(models.Model):
    """A report on a task's progress; its evidence files are attachments owned by the note."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notes")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("Kết quả thực hiện"))
    percent = models.PositiveSmallIntegerField(_("Tiến độ (%)"), default=0)
    status = models.CharField(_("Trạng thái"), max_length=12, choices=Task.Status.choices)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-written_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.written_at:%d/%m/%Y}"


class Cascade(models.Model):
    """What a plan requires of each unit of a set by a deadline: issue its own plan, set its
    theme, hold a conference, send a report. One item per unit tracks it."""

    class Action(models.TextChoices):
        PLAN = domain.CascadeAction.PLAN, _("Ban hành kế hoạch thực hiện")
        THEME = domain.CascadeAction.THEME, _("Xác định chủ đề năm")
        CONFERENCE = domain.CascadeAction.CONFERENCE, _("Tổ chức hội nghị quán triệt")
        REPORT = domain.CascadeAction.REPORT, _("Gửi báo cáo")
        OTHER = domain.CascadeAction.OTHER, _("Việc khác")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cascades")
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị yêu cầu")
    )
    action = models.CharField(_("Yêu cầu"), max_length=12, choices=Action.choices)
    title = models.CharField(_("Nội dung yêu cầu"), max_length=500)
    deadline = models.DateField(_("Thời hạn"))
    # How the units were chosen, kept to say so on the board.
    chosen = models.CharField(_("Đơn vị thực hiện"), max_length=300, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("yêu cầu cấp dưới")
        verbose_name_plural = _("yêu cầu cấp dưới")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.title


class CascadeItem(models.Model):
    """One unit's part of a cascade, done when the unit links what shows it: a document it
    issued, the theme it set, or the event it held (a conference on a date)."""

    cascade = models.ForeignKey(Cascade, on_delete=models.CASCADE, related_name="items")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=8, blank=True, editable=False)
    deadline = models.DateField(editable=False)  # the cascade's, kept here for the inbox
    done_on = models.DateField(_("Ngày hoàn thành"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Văn bản"),
    )
    theme = models.ForeignKey(
        Theme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Chủ đề"),
    )
    event = models.CharField(_("Sự kiện (hội nghị...)"), max_length=300, blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)
    reminded_before = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_after = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("việc của đơn vị")
        verbose_name_plural = _("việc của đơn vị")
        ordering = ["cascade", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["cascade", "unit"], name="plans_one_item_per_unit"),
        ]
        indexes = [
            models.Index(fields=["unit", "done_on", "deadline"]),
            models.Index(fields=["done_on", "deadline"]),
        ]

    def __str__(self) -> str:
        return f"{self.cascade_id} {self.unit_id}"

    def state(self, today=None) -> domain.ItemState:
        return domain.item_state(self.done_on, self.deadline, today or timezone.localdate())


class Rating(models.TextChoices):
    EXCELLENT = domain.Rating.EXCELLENT, _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = domain.Rating.GOOD, _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = domain.Rating.COMPLETED, _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = domain.Rating.NOT_COMPLETED, _("Không hoàn thành nhiệm vụ")


class CommitmentQuerySet(OwnScopedQuerySet):
    def reviewable_by(self, user):
        """Reviewers and admins of the unit or above it rate its commitments."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        roles = [Membership.Role.REVIEWER, Membership.Role.ADMIN]
        return self.filter(unit_id__in=visible_unit_ids(user, roles=roles))


class Commitment(models.Model):
    """Đăng ký làm theo: what a member (or the unit itself, with no member named) commits to do
    in a year; assessed by themselves at mid-year and year end, then rated by a reviewer."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Chi bộ / đơn vị")
    )
    province_code = models.CharField(max_length=8, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(_("Năm"))
    member = models.CharField(_("Đảng viên"), max_length=120, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Tài khoản"),
    )
    content = models.TextField(_("Nội dung đăng ký"))
    midyear = models.TextField(_("Tự đánh giá 6 tháng"), blank=True)
    yearend = models.TextField(_("Tự đánh giá cuối năm"), blank=True)
    self_rating = models.CharField(
        _("Tự xếp loại"), max_length=16, choices=Rating.choices, blank=True
    )
    rating = models.CharField(
        _("Xếp loại của người thẩm định"), max_length=16, choices=Rating.choices, blank=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("đăng ký làm theo")
        verbose_name_plural = _("đăng ký làm theo")
        ordering = ["-year", "unit__name", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "member"], name="plans_one_commitment_per_year"
            )
        ]
        indexes = [models.Index(fields=["year", "unit"])]

    def __str__(self) -> str:
        return f"{self.member or self.unit} {self.year}"
