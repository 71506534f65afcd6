"""Plans, first part: the indicator catalogue, targets and measurements per unit and period.

A measurement belongs to the unit that reported it, for a period by its code (2024, 2024-H1,
2024-Q2, 2024-05, 2020-2025: lamtheo.vn.dates.Period) with the period's end kept as a date,
so that roll-ups take the hierarchy as it stood then (`selectors.rollup`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.org.models import OrgUnit, visible_unit_ids

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


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Records of the units the user sees, and of the levels above them."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(unit_id__in=visible_unit_ids(user, upward=True))


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
