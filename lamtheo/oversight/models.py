"""Oversight: inspections and supervision with their findings and recommendations; evaluation
criteria (versioned), rounds, each unit's scores and its classification.

Who sees what:
- A programme of inspections belongs to the inspecting unit and is seen from it and above.
- An inspection is seen by the inspecting unit's people (and above) and by the people of each
  unit it inspects (and above); a finding or recommendation about one inspected unit only by
  that unit's people (and above) and the inspecting unit's: a district never reads what was
  found in its neighbour.
- A criteria set is seen below the unit that builds it (what a province asks of its districts).
- A round belongs to the unit that opens it; each evaluation to the unit evaluated, seen by it
  (and above) and by the round's unit, whose reviewers score it.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.models import Document
from lamtheo.org.models import Membership, OrgUnit, visible_unit_ids
from lamtheo.plans.models import OwnScopedQuerySet, ScopedQuerySet
from lamtheo.plans.models import Programme as PlanProgramme

from . import domain

REVIEWERS = [Membership.Role.ADMIN, Membership.Role.REVIEWER]
POINTS = {"max_digits": 7, "decimal_places": 2}


def _people(user):
    """None when the user sees nothing, True for everything, else the visible-unit subquery."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return True
    return visible_unit_ids(user)


class Kind(models.TextChoices):
    INSPECTION = "inspection", _("Kiểm tra")
    SUPERVISION = "supervision", _("Giám sát")
    DELEGATION = "delegation", _("Đoàn công tác")


class Stage(models.TextChoices):
    PLANNED = "planned", _("Theo kế hoạch")
    RUNNING = "running", _("Đang tiến hành")
    CONCLUDED = "concluded", _("Đã kết luận")


class Section(models.TextChoices):
    RESULTS = "results", _("Kết quả, ưu điểm")
    LIMITATIONS = "limitations", _("Hạn chế, khuyết điểm")
    CAUSES = "causes", _("Nguyên nhân")


class FixState(models.TextChoices):
    OPEN = domain.FixState.OPEN, _("Chưa khắc phục")
    FIXING = domain.FixState.FIXING, _("Đang khắc phục")
    REPORTED = domain.FixState.REPORTED, _("Báo cáo đã khắc phục")
    FIXED = domain.FixState.FIXED, _("Đã khắc phục")


class Programme(models.Model):
    """Chương trình kiểm tra, giám sát năm of an inspecting unit."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị kiểm tra")
    )
    year = models.PositiveSmallIntegerField(_("Năm"))
    title = models.CharField(_("Tên chương trình"), max_length=500)
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Văn bản ban hành chương trình"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OwnScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chương trình kiểm tra, giám sát")
        verbose_name_plural = _("chương trình kiểm tra, giám sát")
        ordering = ["-year", "title"]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return self.title


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        mine = _people(user)
        if mine is None:
            return self.none()
        if mine is True:
            return self
        return self.filter(Q(unit_id__in=mine) | Q(targets__unit_id__in=mine)).distinct()

    def editable_by(self, user):
        """The inspecting unit's editors and admins (and above) write an inspection."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        from lamtheo.plans.models import WRITERS

        return self.filter(unit_id__in=visible_unit_ids(user, roles=WRITERS))


class Inspection(models.Model):
    """Một cuộc kiểm tra, giám sát or a working delegation: who checks whom, when, on what."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị kiểm tra")
    )
    province_code = models.CharField(max_length=8, blank=True, editable=False)
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
        verbose_name=_("Chương trình"),
    )
    kind = models.CharField(_("Hình thức"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("Nội dung kiểm tra"), max_length=500)
    starts_on = models.DateField(_("Từ ngày"))
    ends_on = models.DateField(_("Đến ngày"))
    team = models.JSONField(_("Thành viên đoàn"), default=list, blank=True)  # [{name, title, role}]
    documents = models.ManyToManyField(
        Document, blank=True, related_name="+", verbose_name=_("Văn bản được kiểm tra")
    )
    plans = models.ManyToManyField(
        PlanProgramme, blank=True, related_name="+", verbose_name=_("Kế hoạch được kiểm tra")
    )
    decision = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Quyết định kiểm tra"),
    )
    stage = models.CharField(
        _("Tình trạng"), max_length=10, choices=Stage.choices, default=Stage.PLANNED
    )
    # The conclusion, the official document the .docx carries.
    number = models.CharField(_("Số, ký hiệu thông báo kết luận"), max_length=40, blank=True)
    place = models.CharField(_("Địa danh"), max_length=100, blank=True)
    signed_on = models.DateField(_("Ngày ký kết luận"), null=True, blank=True)
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=200, blank=True)
    superior = models.CharField(_("Cơ quan cấp trên"), max_length=200, blank=True)
    authority = models.CharField(_("Thẩm quyền ký"), max_length=60, blank=True)
    signer_title = models.CharField(_("Chức vụ người ký"), max_length=120, blank=True)
    signer = models.CharField(_("Người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("Nơi nhận"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc kiểm tra, giám sát")
        verbose_name_plural = _("cuộc kiểm tra, giám sát")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "starts_on"]),
            models.Index(fields=["province_code", "starts_on"]),
        ]

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    """An inspected unit of an inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị được kiểm tra")
    )
    visited_on = models.DateField(_("Ngày làm việc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị được kiểm tra")
        verbose_name_plural = _("đơn vị được kiểm tra")
        ordering = ["inspection", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "unit"], name="oversight_one_target")
        ]
        indexes = [models.Index(fields=["unit"])]

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.unit_id}"

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class AboutQuerySet(models.QuerySet):
    """Findings and recommendations about one inspected unit: seen by that unit's people (and
    above) and by the inspecting unit's; a general one (no unit) by everyone who sees the
    inspection."""

    about = "unit"

    def visible_to(self, user):
        mine = _people(user)
        if mine is None:
            return self.none()
        if mine is True:
            return self
        about = self.about
        return self.filter(
            Q(inspection__unit_id__in=mine)
            | Q(**{f"{about}_id__in": mine})
            | Q(**{f"{about}__isnull": True}, inspection__targets__unit_id__in=mine)
        ).distinct()


class Finding(models.Model):
    """A paragraph of the conclusion in one of its sections, general or about one unit."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Về đơn vị"),
    )
    section = models.CharField(_("Phần"), max_length=12, choices=Section.choices)
    position = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)
    text = models.TextField(_("Nội dung"))

    objects = AboutQuerySet.as_manager()

    class Meta:
        verbose_name = _("nội dung kết luận")
        verbose_name_plural = _("nội dung kết luận")
        ordering = ["inspection", "section", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id or self.inspection.unit_id


class RecommendationQuerySet(AboutQuerySet):
    about = "owner"

    def visible_to(self, user):
        mine = _people(user)
        if mine is None:
            return self.none()
        if mine is True:
            return self
        return self.filter(Q(inspection__unit_id__in=mine) | Q(owner_id__in=mine))

    def answerable_by(self, user):
        """What the user may answer: the owner unit's editors and admins (and above)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        from lamtheo.plans.models import WRITERS

        return self.filter(owner_id__in=visible_unit_ids(user, roles=WRITERS))

    def judgeable_by(self, user):
        """What the user may confirm as fixed or reopen: the inspecting unit's reviewers,
        editors and admins (and above)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        from lamtheo.plans.models import WRITERS

        roles = sorted({*WRITERS, *REVIEWERS})
        return self.filter(inspection__unit_id__in=visible_unit_ids(user, roles=roles))


class Recommendation(models.Model):
    """Kiến nghị, yêu cầu khắc phục: what an inspected unit must fix, by when, followed until
    the inspecting unit confirms it fixed."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    owner = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị thực hiện")
    )
    province_code = models.CharField(max_length=8, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)
    text = models.TextField(_("Nội dung kiến nghị"))
    deadline = models.DateField(_("Hạn khắc phục"))
    state = models.CharField(
        _("Tình trạng"), max_length=10, choices=FixState.choices, default=FixState.OPEN
    )
    fixed_on = models.DateField(_("Ngày xác nhận đã khắc phục"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_before = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_after = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["inspection", "position", "pk"]
        indexes = [
            models.Index(fields=["owner", "state", "deadline"]),
            models.Index(fields=["inspection", "state"]),
            models.Index(fields=["state", "deadline"]),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def audit_unit_id(self) -> int:
        return self.owner_id

    def overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return domain.overdue(domain.FixState(self.state), self.deadline, today)


class Response(models.Model):
    """One step of a recommendation's follow-up: the owner's report (with its evidence) or the
    inspecting unit's decision; kept in order, never rewritten."""

    class Step(models.TextChoices):
        PROGRESS = "progress", _("Báo cáo tiến độ")
        REPORT = "report", _("Báo cáo đã khắc phục")
        CONFIRM = "confirm", _("Xác nhận đã khắc phục")
        REOPEN = "reopen", _("Yêu cầu tiếp tục khắc phục")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="responses"
    )
    step = models.CharField(_("Bước"), max_length=10, choices=Step.choices)
    text = models.TextField(_("Nội dung"))
    evidence = models.TextField(_("Minh chứng"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("phản hồi kiến nghị")
        verbose_name_plural = _("phản hồi kiến nghị")
        ordering = ["recommendation", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.step}"

    @property
    def audit_unit_id(self) -> int:
        return self.recommendation.owner_id


# --- Evaluation -----------------------------------------------------------------------------


class CriteriaSet(models.Model):
    """Bộ tiêu chí đánh giá, one version of it: `code` names the set, `number` the version. A
    version a round uses is never changed; editing it makes the next version."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị xây dựng")
    )
    code = models.SlugField(_("Mã bộ tiêu chí"), max_length=40)
    number = models.PositiveIntegerField(_("Phiên bản"), default=1)
    name = models.CharField(_("Tên bộ tiêu chí"), max_length=300)
    sources = models.ManyToManyField(
        Document, blank=True, related_name="+", verbose_name=_("Căn cứ")
    )
    in_use = models.BooleanField(_("Đã dùng"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["code", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "code", "number"], name="oversight_one_set_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"

    @property
    def max_points(self) -> Decimal:
        return sum((c.max_points for c in self.criteria.all() if c.parent_id is None), Decimal(0))


class Criterion(models.Model):
    """A group (with criteria under it) or a criterion scored up to its maximum. A group's
    maximum is the sum of its children's."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveSmallIntegerField(_("Thứ tự"))
    code = models.CharField(_("Số thứ tự"), max_length=20)
    title = models.CharField(_("Nội dung tiêu chí"), max_length=500)
    max_points = models.DecimalField(_("Điểm tối đa"), **POINTS)
    is_group = models.BooleanField(_("Nhóm tiêu chí"), default=False)
    evidence = models.TextField(_("Minh chứng yêu cầu"), blank=True)
    sources = models.ManyToManyField(
        Document, blank=True, related_name="+", verbose_name=_("Căn cứ")
    )

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "position"], name="oversight_one_criterion_position"
            ),
            models.UniqueConstraint(
                fields=["criteria_set", "code"], name="oversight_one_criterion_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def audit_unit_id(self) -> int:
        return self.criteria_set.unit_id


class Grade(models.TextChoices):
    EXCELLENT = domain.Grade.EXCELLENT, _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = domain.Grade.GOOD, _("Hoàn thành tốt nhiệm vụ")
    DONE = domain.Grade.DONE, _("Hoàn thành nhiệm vụ")
    NOT_DONE = domain.Grade.NOT_DONE, _("Không hoàn thành nhiệm vụ")


# The extra conditions a grade may ask for (Quy định 366-QĐ/TW's for the top one).
CONDITION_LABELS = {
    "all_on_time": _("Hoàn thành 100% chỉ tiêu, nhiệm vụ đúng tiến độ"),
    "exceeded_30": _("Có từ 30% chỉ tiêu, nhiệm vụ hoàn thành vượt mức trở lên"),
}


class RoundState(models.TextChoices):
    OPEN = "open", _("Đang đánh giá")
    CLOSED = "closed", _("Đã công bố kết quả")


class Round(models.Model):
    """Đợt đánh giá, xếp loại: the unit opening it evaluates the units below it (as the
    hierarchy stood on `as_of`) on one criteria set version, by a scale and its quotas."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị đánh giá")
    )
    province_code = models.CharField(max_length=8, blank=True, editable=False)
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("Bộ tiêu chí")
    )
    title = models.CharField(_("Tên đợt đánh giá"), max_length=500)
    period = models.CharField(_("Kỳ đánh giá"), max_length=12)
    as_of = models.DateField(_("Đơn vị theo cơ cấu ngày"))
    self_deadline = models.DateField(_("Hạn tự chấm"))
    review_deadline = models.DateField(_("Hạn thẩm định"))
    # The scale: [{grade, minimum, conditions}] from the highest; quotas: {grade: percent}.
    scale = models.JSONField(_("Thang xếp loại"), default=list)
    quotas = models.JSONField(_("Tỷ lệ tối đa"), default=dict, blank=True)
    state = models.CharField(
        _("Tình trạng"), max_length=8, choices=RoundState.choices, default=RoundState.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OwnScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def domain_scale(self) -> domain.Scale:
        return domain.scale_from(self.scale, self.quotas)


class EvaluationStatus(models.TextChoices):
    PENDING = domain.Status.PENDING, _("Chưa chấm")
    DRAFT = domain.Status.DRAFT, _("Đang tự chấm")
    SUBMITTED = domain.Status.SUBMITTED, _("Đã gửi tự chấm")
    RETURNED = domain.Status.RETURNED, _("Bị trả lại")
    ACCEPTED = domain.Status.ACCEPTED, _("Đã thẩm định")


class EvaluationQuerySet(OwnScopedQuerySet):
    def visible_to(self, user):
        mine = _people(user)
        if mine is None:
            return self.none()
        if mine is True:
            return self
        return self.filter(Q(unit_id__in=mine) | Q(round__unit_id__in=mine))

    def reviewable_by(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(round__unit_id__in=visible_unit_ids(user, roles=REVIEWERS))


class Evaluation(models.Model):
    """One unit's sheet in a round: its self-scores, the reviewers' scores, its status and
    the totals kept with each save (the ranking reads them in one query)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="evaluations")
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị được đánh giá")
    )
    province_code = models.CharField(max_length=8, blank=True, editable=False)
    status = models.CharField(
        _("Trạng thái"),
        max_length=10,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.PENDING,
    )
    self_total = models.DecimalField(_("Tổng điểm tự chấm"), default=Decimal(0), **POINTS)
    review_total = models.DecimalField(_("Tổng điểm thẩm định"), default=Decimal(0), **POINTS)
    conditions = models.JSONField(_("Điều kiện đạt"), default=list, blank=True)
    grade = models.CharField(_("Xếp loại"), max_length=10, blank=True, choices=Grade.choices)
    reason = models.TextField(_("Lý do trả lại"), blank=True)
    comment = models.TextField(_("Nhận xét chung"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiếu đánh giá")
        verbose_name_plural = _("phiếu đánh giá")
        ordering = ["round", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="oversight_one_per_unit")
        ]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["round", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.unit_id}"


class Score(models.Model):
    """A criterion's points on a sheet: the unit's own, with its evidence, and the reviewer's
    with a comment. The reviewer's count where given."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    self_points = models.DecimalField(_("Điểm tự chấm"), null=True, blank=True, **POINTS)
    evidence = models.TextField(_("Minh chứng"), blank=True)
    review_points = models.DecimalField(_("Điểm thẩm định"), null=True, blank=True, **POINTS)
    review_comment = models.TextField(_("Nhận xét"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="oversight_one_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id}/{self.criterion_id}"

    @property
    def audit_unit_id(self) -> int:
        return self.evaluation.unit_id
