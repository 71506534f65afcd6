"""The writers of figures, indicators and targets."""

import re
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.org.models import OrgUnit
from lamtheo.vn.dates import Period
from lamtheo.vn.errors import DateError, gettext_noop, shown
from lamtheo.vn.numbers import format_number

from .. import domain
from ..domain import PlansError
from ..models import (
    Aggregation,
    Direction,
    Indicator,
    Measurement,
    Target,
)
from .common import _locked, _text, period_of


@transaction.atomic
def record_measurement(
    *,
    indicator: Indicator,
    unit: OrgUnit,
    period: str,
    value: Decimal,
    by,
    source: str = "",
    version: int | None = None,
) -> Measurement:
    """A unit's figure for a period: stored, or changed when `version` is the one the user saw
    (a figure changed meanwhile by someone else is not overwritten)."""
    span = period_of(period)
    _amount(value, "value")
    if not (unit.valid_from < span.end and (unit.valid_to is None or unit.valid_to > span.start)):
        raise PlansError(
            gettext_noop("%(unit)s không hoạt động trong kỳ %(period)s."),
            field="period",
            unit=unit.name,
            period=span.code,
        )
    current = (
        Measurement.objects.select_for_update()
        .filter(indicator=indicator, unit=unit, period=span.code)
        .first()
    )
    if current is None:
        return Measurement.objects.create(
            indicator=indicator,
            unit=unit,
            province_code=unit.province_code,
            period=span.code,
            period_end=span.end,
            value=value,
            source=source,
            entered_by=by,
        )
    if version != current.version:
        raise PlansError(
            gettext_noop(
                "Số liệu %(indicator)s kỳ %(period)s của %(unit)s đã được nhập lúc %(at)s; "
                "hãy tải lại để xem rồi sửa."
            ),
            field="value",
            indicator=indicator.code,
            period=span.code,
            unit=unit.name,
            at=timezone.localtime(current.entered_at).strftime("%H:%M %d/%m/%Y"),
        )
    current.value, current.source, current.entered_by = value, source, by
    current.entered_at = timezone.now()
    current.version += 1
    current.save()
    return current


CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# Codes that name a page of the catalogue rather than an indicator (/ke-hoach/chi-tieu/moi/).
RESERVED_CODES = {"moi", "nhap"}


# What a figure or a target is stored with (max_digits 20, decimal_places 4).
PLACES = 4


LIMIT = Decimal(10) ** 16


@transaction.atomic
def save_indicator(
    *,
    unit: OrgUnit,
    code: str,
    name: str,
    by,
    measure: str = "",
    aggregation: str = Aggregation.SUM,
    direction: str = Direction.HIGHER,
    weight: Indicator | None = None,
    indicator: Indicator | None = None,
    version: int | None = None,
) -> Indicator:
    """An indicator of the catalogue, defined by `unit`: created, or edited as the user saw it.
    Its code is its name in the API and in imports and does not change once created."""
    name = _text(name, "name", _("tên chỉ tiêu"), 300)
    if indicator is None:
        code = (code or "").strip().lower()
        if not CODE.fullmatch(code) or len(code) > 40:
            raise PlansError(
                gettext_noop(
                    "Mã chỉ tiêu '%(code)s' chỉ gồm chữ thường không dấu, số và dấu gạch ngang "
                    "(như dang-vien-moi), tối đa 40 ký tự."
                ),
                field="code",
                code=shown(code),
            )
        if code in RESERVED_CODES:
            raise PlansError(
                gettext_noop("Mã chỉ tiêu '%(code)s' đã dùng cho một trang; hãy chọn mã khác."),
                field="code",
                code=code,
            )
    if aggregation not in Aggregation.values:
        raise PlansError(gettext_noop("Hãy chọn cách tổng hợp."), field="aggregation")
    if direction not in Direction.values:
        raise PlansError(gettext_noop("Hãy chọn chiều đánh giá."), field="direction")
    if aggregation == Aggregation.WEIGHTED_AVERAGE:
        if weight is None:
            raise PlansError(
                gettext_noop("Trung bình có trọng số cần chỉ tiêu làm trọng số."), field="weight"
            )
        if indicator is not None and weight.pk == indicator.pk:
            raise PlansError(
                gettext_noop("Một chỉ tiêu không thể là trọng số của chính nó."), field="weight"
            )
        if weight.aggregation == Aggregation.WEIGHTED_AVERAGE:
            raise PlansError(
                gettext_noop("Chỉ tiêu trọng số %(code)s cũng là trung bình có trọng số."),
                field="weight",
                code=weight.code,
            )
        if indicator is not None and Indicator.objects.filter(weight=indicator).exists():
            raise PlansError(
                gettext_noop(
                    "Chỉ tiêu %(code)s là trọng số của chỉ tiêu khác nên không thể là trung bình "
                    "có trọng số."
                ),
                field="aggregation",
                code=indicator.code,
            )
    else:
        weight = None
    measure = (measure or "").strip()
    if len(measure) > 40:
        raise PlansError(
            gettext_noop("%(label)s dài quá %(limit)s ký tự."),
            field="measure",
            label=_("Đơn vị tính"),
            limit=40,
        )
    record = indicator and _locked(Indicator, indicator, version, _("Chỉ tiêu"))
    if record is None:
        if Indicator.objects.filter(code=code).exists():
            raise PlansError(gettext_noop("Đã có chỉ tiêu mã %(code)s."), field="code", code=code)
        record = Indicator(code=code, unit=unit)
    record.name, record.measure, record.weight = name, measure, weight
    record.aggregation, record.direction = aggregation, direction
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise PlansError(
            gettext_noop("Đã có chỉ tiêu mã %(code)s."), field="code", code=record.code
        ) from None
    return record


@transaction.atomic
def save_target(
    *,
    indicator: Indicator,
    unit: OrgUnit,
    period: str,
    kind: str,
    value: Decimal | None,
    by,
    value_max: Decimal | None = None,
    baseline_period: str = "",
    target: Target | None = None,
    version: int | None = None,
) -> Target:
    """The target a unit is set for an indicator and a period or term: a value, a range
    (12,8 - 13) or growth a year over a baseline period. Created, or edited as the user saw it."""
    span = period_of(period)
    if kind not in domain.TargetKind.__members__.values():
        raise PlansError(gettext_noop("Hãy chọn loại chỉ tiêu giao."), field="kind")
    if value is None:
        raise PlansError(gettext_noop("Hãy nhập giá trị chỉ tiêu."), field="value")
    _amount(value, "value")
    if kind == domain.TargetKind.VALUE:
        value_max = None
    elif kind == domain.TargetKind.RANGE and value_max is None:
        raise PlansError(
            gettext_noop("Chỉ tiêu theo khoảng cần giá trị cuối khoảng."), field="value_max"
        )
    if value_max is not None:
        _amount(value_max, "value_max")
        if value_max < value:
            raise PlansError(
                gettext_noop("Chỉ tiêu: giá trị đầu %(low)s lớn hơn giá trị cuối %(high)s."),
                field="value_max",
                low=format_number(value),
                high=format_number(value_max),
            )
    baseline_period = (baseline_period or "").strip()
    if kind == domain.TargetKind.GROWTH:
        if not baseline_period:
            raise PlansError(
                gettext_noop("Chỉ tiêu tăng trưởng cần kỳ gốc."), field="baseline_period"
            )
        try:
            base = Period.from_code(baseline_period)
        except DateError as error:
            raise PlansError(error.template, field="baseline_period", **error.params) from None
        if base.end > span.start:
            raise PlansError(
                gettext_noop("Kỳ gốc %(base)s phải trước kỳ %(period)s."),
                field="baseline_period",
                base=base.code,
                period=span.code,
            )
        baseline_period = base.code
    else:
        baseline_period = ""
    record = target and _locked(Target, target, version, _("Chỉ tiêu giao"))
    duplicate = gettext_noop(
        "%(unit)s đã có chỉ tiêu %(indicator)s kỳ %(period)s; hãy sửa chỉ tiêu đó."
    )
    if record is None:
        if Target.objects.filter(indicator=indicator, unit=unit, period=span.code).exists():
            raise PlansError(
                duplicate,
                field="period",
                unit=unit.name,
                indicator=indicator.code,
                period=span.code,
            )
        record = Target(indicator=indicator, unit=unit)
    record.period, record.kind, record.value, record.value_max = span.code, kind, value, value_max
    record.baseline_period = baseline_period
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise PlansError(  # an edited target keeps the unit it was set for
            duplicate,
            field="period",
            unit=record.unit.name,
            indicator=indicator.code,
            period=span.code,
        ) from None
    return record


def _amount(value: Decimal, field: str) -> None:
    """A value the database keeps as it was typed: 16 whole digits, 4 decimal places."""
    if not value.is_finite() or abs(value) >= LIMIT:
        raise PlansError(
            gettext_noop("Giá trị %(value)s quá lớn."), field=field, value=shown(str(value))
        )
    if value != value.quantize(Decimal(1).scaleb(-PLACES)):
        raise PlansError(
            gettext_noop("Giá trị %(value)s có quá %(places)s chữ số thập phân."),
            field=field,
            value=format_number(value),
            places=PLACES,
        )
