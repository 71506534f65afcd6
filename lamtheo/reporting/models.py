"""Periodic reporting: templates (versioned), requests to units, their submissions with every
revision kept, and the consolidated report with its rendered files.

A template belongs to the unit that builds it and is seen below it (what a province asks of
its communes). A request belongs to the issuing unit. A submission belongs to the unit that
reports: seen by that unit's subtree and the levels above (the issuing unit reviews it), never
by a sibling. Values and narratives hang off a revision; the submission points at the revision
that was accepted, which is the one consolidation counts.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.models import Document
from lamtheo.org.models import Membership, OrgUnit, visible_unit_ids
from lamtheo.plans.models import Indicator, OwnScopedQuerySet, ScopedQuerySet

from . import domain

REVIEWERS = [Membership.Role.ADMIN, Membership.Role.REVIEWER]


class Kind(models.TextChoices):
    HALF = domain.Kind.HALF, _("Báo cáo 6 tháng")
    YEAR = domain.Kind.YEAR, _("Báo cáo năm")
    INTERIM = domain.Kind.INTERIM, _("Sơ kết")
    FINAL = domain.Kind.FINAL, _("Tổng kết")
    OTHER = domain.Kind.OTHER, _("Báo cáo khác")


class SectionKind(models.TextChoices):
    NARRATIVE = domain.SectionKind.NARRATIVE, _("Phần lời")
    INDICATORS = domain.SectionKind.INDICATORS, _("Bảng chỉ tiêu")
    FIGURES = domain.SectionKind.FIGURES, _("Số liệu tự động")


class Role(models.TextChoices):
    RESULTS = domain.Role.RESULTS, _("Kết quả đạt được")
    LIMITATIONS = domain.Role.LIMITATIONS, _("Hạn chế")
    CAUSES = domain.Role.CAUSES, _("Nguyên nhân")
    TASKS = domain.Role.TASKS, _("Nhiệm vụ, giải pháp thời gian tới")
    OTHER = domain.Role.OTHER, _("Phần khác")


class Status(models.TextChoices):
    PENDING = domain.Status.PENDING, _("Chưa làm")
    DRAFT = domain.Status.DRAFT, _("Đang soạn")
    SUBMITTED = domain.Status.SUBMITTED, _("Đã gửi")
    RETURNED = domain.Status.RETURNED, _("Bị trả lại")
    ACCEPTED = domain.Status.ACCEPTED, _("Đã tiếp nhận")


class Template(models.Model):
    """A report template, one version of it: `code` names the template, `number` the version.
    A version used by a request is never changed; editing it makes the next version."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị xây dựng")
    )
    code = models.SlugField(_("Mã mẫu"), max_length=40)
    number = models.PositiveIntegerField(_("Phiên bản"), default=1)
    name = models.CharField(_("Tên mẫu báo cáo"), max_length=300)
    in_use = models.BooleanField(_("Đã dùng"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mẫu báo cáo")
        verbose_name_plural = _("mẫu báo cáo")
        ordering = ["code", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "code", "number"], name="reporting_one_template_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"


class Section(models.Model):
    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("Thứ tự"))
    kind = models.CharField(_("Loại phần"), max_length=12, choices=SectionKind.choices)
    role = models.CharField(_("Vai trò"), max_length=12, choices=Role.choices, default=Role.OTHER)
    title = models.CharField(_("Tiêu đề"), max_length=300)
    guidance = models.TextField(_("Hướng dẫn"), blank=True)
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("Chỉ tiêu")
    )
    figures = models.JSONField(_("Số liệu tự động"), default=list, blank=True)

    class Meta:
        verbose_name = _("phần của mẫu")
        verbose_name_plural = _("phần của mẫu")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="reporting_one_section_per_position"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit_id(self) -> int:
        return self.template.unit_id


class Request(models.Model):
    """Yêu cầu báo cáo: the issuing unit asks its recipients for a report by a deadline."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị yêu cầu")
    )
    province_code = models.CharField(max_length=8, blank=True, editable=False)
    template = models.ForeignKey(
        Template, on_delete=models.PROTECT, related_name="requests", verbose_name=_("Mẫu")
    )
    title = models.CharField(_("Tên báo cáo"), max_length=500)
    kind = models.CharField(_("Loại"), max_length=10, choices=Kind.choices, default=Kind.YEAR)
    period = models.CharField(_("Kỳ báo cáo"), max_length=12)
    period_start = models.DateField(editable=False)
    period_end = models.DateField(editable=False)  # exclusive, as Period.end
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Văn bản được sơ kết, tổng kết"),
    )
    as_of = models.DateField(_("Đơn vị nhận theo cơ cấu ngày"))
    deadline = models.DateField(_("Hạn nộp"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("yêu cầu báo cáo")
        verbose_name_plural = _("yêu cầu báo cáo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class SubmissionQuerySet(OwnScopedQuerySet):
    def visible_to(self, user):
        """Its unit's subtree and the levels above; and the issuing unit's people (a
        recipient outside the issuer's own subtree, as a merged unit may be)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        mine = visible_unit_ids(user)
        return self.filter(Q(unit_id__in=mine) | Q(request__unit_id__in=mine))

    def reviewable_by(self, user):
        """Submissions the user may accept or return: reviewers and admins of the issuing
        unit or above it."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(request__unit_id__in=visible_unit_ids(user, roles=REVIEWERS))


class Submission(models.Model):
    """One recipient's answer to a request: its status, when it first came, who decided."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị báo cáo")
    )
    province_code = models.CharField(max_length=8, blank=True, editable=False)
    deadline = models.DateField(_("Hạn nộp"))
    status = models.CharField(
        _("Trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    revision = models.PositiveIntegerField(_("Lần"), default=0)  # the latest revision's number
    accepted = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("Lý do trả lại"), blank=True)
    reminded_before = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_after = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["request", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["request", "unit"], name="reporting_one_per_unit")
        ]
        indexes = [
            models.Index(fields=["unit", "status", "deadline"]),
            models.Index(fields=["request", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.unit_id}"

    def timeliness(self, today):
        """Judged by the local day of the first hand-in (a report sent at 06:00 in Hà Nội on
        the day after the deadline is late, though it is still the day before in UTC)."""
        first = self.first_submitted_at
        day = timezone.localtime(first).date() if first is not None else None
        return domain.timeliness(day, self.deadline, today)


class Revision(models.Model):
    """One version of a submission's content. Saved drafts rewrite the open revision; once a
    revision is accepted it is never written again."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("Lần"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    note = models.CharField(_("Ghi chú lần sửa"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("lần báo cáo")
        verbose_name_plural = _("lần báo cáo")
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"], name="reporting_one_revision_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} #{self.number}"

    @property
    def audit_unit_id(self) -> int:
        return self.submission.unit_id


class Value(models.Model):
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("Giá trị"), max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("số liệu báo cáo")
        verbose_name_plural = _("số liệu báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "indicator"], name="reporting_one_value_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"

    @property
    def audit_unit_id(self) -> int:
        return self.revision.submission.unit_id


class Narrative(models.Model):
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="narratives")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("Nội dung"), blank=True)

    class Meta:
        verbose_name = _("nội dung báo cáo")
        verbose_name_plural = _("nội dung báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "section"], name="reporting_one_text_per_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section_id}: {self.text[:40]}"

    @property
    def audit_unit_id(self) -> int:
        return self.revision.submission.unit_id


class Report(models.Model):
    """The issuing unit's consolidated report for a request: the official document's header
    and signature, and the compiled body (`body`: a list of blocks, see `consolidation`)."""

    request = models.OneToOneField(Request, on_delete=models.CASCADE, related_name="report")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("Số, ký hiệu"), max_length=40, blank=True)
    place = models.CharField(_("Địa danh"), max_length=100)
    signed_on = models.DateField(_("Ngày ban hành"))
    superior = models.CharField(_("Cơ quan cấp trên"), max_length=200, blank=True)
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=200)
    abstract = models.CharField(_("Trích yếu"), max_length=500)
    authority = models.CharField(_("Thẩm quyền ký"), max_length=60, default="T/M BAN THƯỜNG VỤ")
    signer_title = models.CharField(_("Chức vụ người ký"), max_length=120, blank=True)
    signer = models.CharField(_("Người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("Nơi nhận"), blank=True)
    restated = models.BooleanField(_("Theo cơ cấu hiện nay"), default=False)
    body = models.JSONField(default=list, editable=False)
    generated_at = models.DateTimeField(null=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OwnScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")

    def __str__(self) -> str:
        return self.number or self.abstract


class Rendering(models.Model):
    """One run of the official output: the .docx, its .pdf and the tables as .xlsx, made by a
    background task that reports its progress."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="renderings")
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    docx = models.FileField(upload_to="reporting/%Y/%m/", blank=True)
    pdf = models.FileField(upload_to="reporting/%Y/%m/", blank=True)
    xlsx = models.FileField(upload_to="reporting/%Y/%m/", blank=True)
    pdf_engine = models.CharField(max_length=20, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        verbose_name = _("bản in báo cáo")
        verbose_name_plural = _("bản in báo cáo")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report_id} ({self.state})"

    @property
    def audit_unit_id(self) -> int:
        return self.report.unit_id

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
