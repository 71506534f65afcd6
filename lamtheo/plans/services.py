"""The only writers of the plans area: themes, programmes and their tasks, cascades and their
items, commitments, figures and targets. Each write is one transaction; an edit names the
version the user saw, and a record changed meanwhile by someone else is not overwritten."""

import re
import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lamtheo.audit import bulk
from lamtheo.documents.models import Document
from lamtheo.files import services as files
from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit
from lamtheo.vn.dates import Period
from lamtheo.vn.errors import DateError, gettext_noop, shown
from lamtheo.vn.numbers import format_number

from . import domain, tasks
from .domain import PlansError
from .models import (
    Aggregation,
    Cascade,
    CascadeItem,
    Commitment,
    Direction,
    Focus,
    Indicator,
    Measurement,
    Programme,
    ProgressNote,
    Target,
    Task,
    Theme,
)


def period_of(code: str) -> Period:
    try:
        return Period.from_code(code)
    except DateError as error:
        raise PlansError(error.template, field="period", **error.params) from None


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


def _stale(record, what: str) -> PlansError:
    return PlansError(
        gettext_noop(
            "%(what)s này đã được người khác sửa sau khi bạn mở; những gì bạn vừa nhập chưa "
            "được lưu. Hãy tải lại trang để xem bản mới rồi sửa tiếp."
        ),
        what=what,
    )


def _locked(model, record, version: int | None, what: str):
    current = model.objects.select_for_update().get(pk=record.pk)
    if version is not None and current.version != version:
        raise _stale(current, what)
    current.version += 1
    return current


def _text(value: str, field: str, label: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise PlansError(gettext_noop("Hãy nhập %(label)s."), field=field, label=label)
    if len(value) > limit:
        raise PlansError(
            gettext_noop("%(label)s dài quá %(limit)s ký tự."),
            field=field,
            label=label,
            limit=limit,
        )
    return value


def _inside(unit: OrgUnit, root: OrgUnit, *, field: str, day: date | None = None) -> None:
    """A unit a record of `root` may name: `root` itself or a unit under it (on `day`)."""
    if not org.subtree_ids(root, as_of=day).filter(descendant_id=unit.pk).exists():
        raise PlansError(
            gettext_noop("%(unit)s không thuộc %(root)s."),
            field=field,
            unit=unit.name,
            root=root.name,
        )


# --- Themes -----------------------------------------------------------------------------------


@transaction.atomic
def save_theme(
    *,
    unit: OrgUnit,
    period: str,
    text: str,
    by,
    parent: Theme | None = None,
    document: Document | None = None,
    theme: Theme | None = None,
    version: int | None = None,
) -> Theme:
    """A unit's theme for a year or a term: created, or edited as the user saw it."""
    span = period_of(period)
    text = _text(text, "text", _("chủ đề"), 2000)
    if parent is not None and parent.unit_id == unit.pk:
        raise PlansError(
            gettext_noop("Chủ đề cấp trên phải là của một đơn vị cấp trên."), field="parent"
        )
    if parent is not None:
        _inside(unit, parent.unit, field="parent", day=span.end - timedelta(days=1))
    if document is not None and document.unit_id != unit.pk:
        _inside(document.unit, unit, field="document")
    record = theme and _locked(Theme, theme, version, _("Chủ đề"))
    if record is None:
        if Theme.objects.filter(unit=unit, period=span.code).exists():
            raise PlansError(
                gettext_noop("%(unit)s đã có chủ đề kỳ %(period)s; hãy sửa chủ đề đó."),
                field="period",
                unit=unit.name,
                period=span.code,
            )
        record = Theme(unit=unit, created_by=by)
    record.period, record.period_end, record.text = span.code, span.end, text
    record.parent, record.document = parent, document
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise PlansError(
            gettext_noop("%(unit)s đã có chủ đề kỳ %(period)s; hãy sửa chủ đề đó."),
            field="period",
            unit=unit.name,
            period=span.code,
        ) from None
    return record


# --- Programmes, focus programmes and tasks ---------------------------------------------------


@transaction.atomic
def save_programme(
    *,
    unit: OrgUnit,
    title: str,
    by,
    kind: str = Programme.Kind.PLAN,
    period: str = "",
    document: Document | None = None,
    implements: Document | None = None,
    parent: Programme | None = None,
    programme: Programme | None = None,
    version: int | None = None,
) -> Programme:
    title = _text(title, "title", _("tên chương trình, kế hoạch"), 500)
    if kind not in Programme.Kind.values:
        raise PlansError(gettext_noop("Hãy chọn loại chương trình, kế hoạch."), field="kind")
    if period:
        period = period_of(period).code
    if document is not None and document.unit_id != unit.pk:
        _inside(document.unit, unit, field="document")
    if parent is not None:
        _inside(unit, parent.unit, field="parent")
    record = programme and _locked(Programme, programme, version, _("Chương trình, kế hoạch"))
    if record is None:
        record = Programme(unit=unit, created_by=by)
    record.province_code = unit.province_code
    record.kind, record.title, record.period = kind, title, period
    record.document, record.implements, record.parent = document, implements, parent
    record.save()
    return record


@transaction.atomic
def add_focus(*, programme: Programme, title: str) -> Focus:
    title = _text(title, "title", _("tên chương trình trọng tâm"), 500)
    last = programme.focuses.order_by("-position").values_list("position", flat=True).first()
    return Focus.objects.create(programme=programme, title=title, position=(last or 0) + 1)


def choose_units(
    *, root: OrgUnit, rule: str, as_of: date | None = None, kind: str = ""
) -> list[OrgUnit]:
    """The units a task or a cascade goes to: the children of `root` on `as_of`, or every unit
    of a kind in its subtree (all the communes of a province on a date). One query."""
    if rule == "children":
        units = org.children(root, as_of=as_of)
    elif rule == "kind":
        if not kind:
            raise PlansError(gettext_noop("Hãy chọn loại đơn vị."), field="kind")
        units = org.subtree(root, as_of=as_of, include_self=False).filter(kind=kind)
    else:
        raise PlansError(gettext_noop("Hãy chọn cách chọn đơn vị."), field="rule")
    found = list(units.order_by("name"))
    if not found:
        raise PlansError(
            gettext_noop("Không có đơn vị nào như vậy thuộc %(root)s ngày %(day)s."),
            field="rule",
            root=root.name,
            day=date_format(as_of or timezone.localdate(), "SHORT_DATE_FORMAT"),
        )
    return found


@transaction.atomic
def assign_task(
    *,
    programme: Programme,
    title: str,
    units: list[OrgUnit],
    by,
    focus: Focus | None = None,
    description: str = "",
    deadline: date | None = None,
    partners: list[OrgUnit] = (),
    as_of: date | None = None,
) -> list[Task]:
    """One task per owner unit (all of them sharing a batch), each unit inside the programme's
    unit's subtree on `as_of` (today by default: a programme of 2023 is checked against the
    hierarchy of 2023), with the same co-operating units. Three statements whatever the count."""
    title = _text(title, "title", _("tên nhiệm vụ"), 500)
    if not units:
        raise PlansError(gettext_noop("Hãy chọn đơn vị chủ trì."), field="units")
    if focus is not None and focus.programme_id != programme.pk:
        raise PlansError(
            gettext_noop("Chương trình trọng tâm không thuộc kế hoạch này."), field="focus"
        )
    wanted = {unit.pk for unit in units} | {unit.pk for unit in partners}
    inside = set(org.subtree_ids(programme.unit, as_of=as_of).filter(descendant_id__in=wanted))
    for unit in [*units, *partners]:
        if unit.pk not in inside:
            raise PlansError(
                gettext_noop("%(unit)s không thuộc %(root)s."),
                field="units" if unit in units else "partners",
                unit=unit.name,
                root=programme.unit.name,
            )
    batch = uuid.uuid4() if len(units) > 1 else None
    tasks = bulk.bulk_create(
        Task,
        [
            Task(
                programme=programme,
                focus=focus,
                unit=unit,
                province_code=unit.province_code,
                title=title,
                description=description.strip(),
                deadline=deadline,
                batch=batch,
                created_by=by,
            )
            for unit in units
        ],
    )
    if partners:
        Task.partners.through.objects.bulk_create(
            [
                Task.partners.through(task_id=task.pk, orgunit_id=partner.pk)
                for task in tasks
                for partner in partners
            ]
        )
    return tasks


@transaction.atomic
def report_progress(
    *,
    task: Task,
    text: str,
    status: str,
    by,
    percent: int | None = None,
    uploads=(),
    version: int | None = None,
) -> ProgressNote:
    """A progress note on a task, with its evidence files; the task takes its status and
    percentage. Done sets the day of completion and 100%."""
    text = _text(text, "text", _("kết quả thực hiện"), 5000)
    if status not in Task.Status.values:
        raise PlansError(gettext_noop("Hãy chọn trạng thái."), field="status")
    if status == Task.Status.DONE:
        percent = 100
    if percent is None or not 0 <= percent <= 100:
        raise PlansError(gettext_noop("Tiến độ là một số từ 0 đến 100."), field="percent")
    current = _locked(Task, task, version, _("Nhiệm vụ"))
    current.status, current.percent = status, percent
    current.completed_on = timezone.localdate() if status == Task.Status.DONE else None
    current.save()
    note = ProgressNote.objects.create(
        task=current, unit=current.unit, text=text, percent=percent, status=status, written_by=by
    )
    for upload in uploads:
        files.attach(unit=current.unit, upload=upload, user=by, owner=note)
    return note


# --- Cascades ---------------------------------------------------------------------------------


@transaction.atomic
def create_cascade(
    *,
    programme: Programme,
    action: str,
    title: str,
    deadline: date,
    units: list[OrgUnit],
    chosen: str,
    by,
    as_of: date | None = None,
) -> Cascade:
    """Require each unit of a set to do something by a deadline: one item per unit, written in
    one statement, each unit under the programme's unit on `as_of` (today by default)."""
    if action not in Cascade.Action.values:
        raise PlansError(gettext_noop("Hãy chọn việc yêu cầu."), field="action")
    title = _text(title, "title", _("nội dung yêu cầu"), 500)
    if deadline is None:
        raise PlansError(gettext_noop("Hãy nhập thời hạn."), field="deadline")
    if not units:
        raise PlansError(gettext_noop("Hãy chọn đơn vị thực hiện."), field="rule")
    inside = set(
        org.subtree_ids(programme.unit, as_of=as_of)
        .filter(descendant_id__in=[u.pk for u in units])
        .exclude(descendant_id=programme.unit_id)
    )
    for unit in units:
        if unit.pk not in inside:
            raise PlansError(
                gettext_noop("%(unit)s không phải đơn vị cấp dưới của %(root)s."),
                field="rule",
                unit=unit.name,
                root=programme.unit.name,
            )
    cascade = Cascade.objects.create(
        programme=programme,
        unit=programme.unit,
        action=action,
        title=title,
        deadline=deadline,
        chosen=chosen[:300],
        created_by=by,
    )
    items = bulk.bulk_create(
        CascadeItem,
        [
            CascadeItem(
                cascade=cascade,
                unit=unit,
                province_code=unit.province_code,
                deadline=deadline,
            )
            for unit in units
        ],
    )
    ids = [item.pk for item in items]
    transaction.on_commit(lambda: tasks.remind.enqueue(ids, domain.Reminder.NEW.value))
    return cascade


@transaction.atomic
def complete_item(
    *,
    item: CascadeItem,
    by,
    document: Document | None = None,
    theme: Theme | None = None,
    event: str = "",
    done_on: date | None = None,
    note: str = "",
    version: int | None = None,
) -> CascadeItem:
    """A unit completes its item by linking what shows it: a document it issued (its plan, its
    report), the theme it set, or the event it held. The evidence must be the unit's own."""
    action = item.cascade.action
    event = (event or "").strip()[:300]
    if document is None and theme is None and not event:
        raise PlansError(
            gettext_noop(
                "Hãy chọn văn bản, chủ đề hoặc ghi sự kiện chứng minh việc đã hoàn thành."
            ),
            field="document",
        )
    if action == Cascade.Action.PLAN and document is None:
        raise PlansError(gettext_noop("Hãy chọn kế hoạch đơn vị đã ban hành."), field="document")
    if action == Cascade.Action.THEME and theme is None:
        raise PlansError(gettext_noop("Hãy chọn chủ đề đơn vị đã xác định."), field="theme")
    if document is not None and document.unit_id != item.unit_id:
        raise PlansError(
            gettext_noop("Văn bản %(document)s không phải của %(unit)s."),
            field="document",
            document=document.symbol or document.title[:60],
            unit=item.unit.name,
        )
    if theme is not None and theme.unit_id != item.unit_id:
        raise PlansError(
            gettext_noop("Chủ đề này không phải của %(unit)s."), field="theme", unit=item.unit.name
        )
    today = timezone.localdate()
    done_on = done_on or (document.issued_on if document is not None else today)
    if done_on > today:
        raise PlansError(gettext_noop("Ngày hoàn thành không thể sau hôm nay."), field="done_on")
    current = _locked(CascadeItem, item, version, _("Việc"))
    current.document, current.theme, current.event = document, theme, event
    current.done_on, current.done_by, current.note = done_on, by, (note or "").strip()
    current.save()
    return current


@transaction.atomic
def reopen_item(*, item: CascadeItem, version: int | None = None) -> CascadeItem:
    """Undo a completion linked by mistake: the item is pending (or overdue) again."""
    current = _locked(CascadeItem, item, version, _("Việc"))
    current.document = current.theme = current.done_on = current.done_by = None
    current.event = ""
    current.save()
    return current


# --- Commitments ------------------------------------------------------------------------------


def _year(year) -> int:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise PlansError(gettext_noop("Năm không hợp lệ: %(year)s."), field="year", year=year)
    return year


@transaction.atomic
def register_commitment(
    *,
    unit: OrgUnit,
    year: int,
    content: str,
    by,
    member: str = "",
    user=None,
    commitment: Commitment | None = None,
    version: int | None = None,
) -> Commitment:
    """A member's (or, with no member named, the unit's) commitments for a year. Editable
    until a reviewer has rated them."""
    year = _year(year)
    content = _text(content, "content", _("nội dung đăng ký"), 5000)
    member = (member or "").strip()[:120]
    record = commitment and _locked(Commitment, commitment, version, _("Bản đăng ký"))
    if record is not None and record.rating:
        raise PlansError(
            gettext_noop("Bản đăng ký đã được xếp loại, không sửa được nữa."), field="content"
        )
    if record is None:
        record = Commitment(unit=unit, created_at=timezone.now())
    record.unit, record.province_code = unit, unit.province_code
    record.year, record.member, record.content = year, member, content
    if user is not None:
        record.user = user
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise PlansError(
            gettext_noop("%(who)s đã đăng ký năm %(year)s; hãy sửa bản đăng ký đó."),
            field="member",
            who=member or unit.name,
            year=year,
        ) from None
    return record


@transaction.atomic
def assess_commitment(
    *,
    commitment: Commitment,
    midyear: str | None = None,
    yearend: str | None = None,
    self_rating: str | None = None,
    version: int | None = None,
) -> Commitment:
    """The member's own assessment at mid-year and at year end, with the level they claim."""
    if self_rating and self_rating not in domain.Rating:
        raise PlansError(gettext_noop("Hãy chọn mức tự xếp loại."), field="self_rating")
    current = _locked(Commitment, commitment, version, _("Bản đăng ký"))
    if current.rating:
        raise PlansError(
            gettext_noop("Bản đăng ký đã được xếp loại, không sửa được nữa."), field="yearend"
        )
    if midyear is not None:
        current.midyear = midyear.strip()
    if yearend is not None:
        current.yearend = yearend.strip()
    if self_rating is not None:
        if self_rating and not current.yearend:
            raise PlansError(
                gettext_noop("Hãy tự đánh giá cuối năm trước khi tự xếp loại."), field="yearend"
            )
        current.self_rating = self_rating
    current.save()
    return current


@transaction.atomic
def review_commitment(
    *, commitment: Commitment, rating: str, by, version: int | None = None
) -> Commitment:
    """The reviewer's rating, after the year-end self-assessment."""
    if rating not in domain.Rating:
        raise PlansError(gettext_noop("Hãy chọn mức xếp loại."), field="rating")
    current = _locked(Commitment, commitment, version, _("Bản đăng ký"))
    if not current.yearend:
        raise PlansError(gettext_noop("Chưa có tự đánh giá cuối năm để xếp loại."), field="rating")
    current.rating, current.reviewed_by, current.reviewed_at = rating, by, timezone.now()
    current.save()
    return current


# --- Reminders --------------------------------------------------------------------------------


def queue_reminders(*, today: date | None = None, days_before: int = 3) -> int:
    """Queue the reminders owed today: for every unfinished cascade item whose deadline is
    `days_before` days away or less (once) and whose deadline has passed (once). The items are
    marked in one statement per kind and one background task per cascade and kind sends the
    notices and mails. Returns how many items were queued."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=days_before)
    now = timezone.now()
    queued = 0
    with transaction.atomic():
        open_ = CascadeItem.objects.select_for_update().filter(done_on__isnull=True)
        kinds = {
            domain.Reminder.AFTER: open_.filter(deadline__lt=today, reminded_after__isnull=True),
            domain.Reminder.BEFORE: open_.filter(
                deadline__gte=today, deadline__lte=soon, reminded_before__isnull=True
            ),
        }
        for kind, items in kinds.items():
            rows = list(items.values_list("pk", "cascade_id"))
            if not rows:
                continue
            field = "reminded_after" if kind == domain.Reminder.AFTER else "reminded_before"
            bulk.update(CascadeItem.objects.filter(pk__in=[pk for pk, _ in rows]), **{field: now})
            per_cascade: dict[int, list[int]] = {}
            for pk, cascade_id in rows:
                per_cascade.setdefault(cascade_id, []).append(pk)
            for ids in per_cascade.values():
                transaction.on_commit(
                    lambda ids=ids, kind=kind: tasks.remind.enqueue(ids, kind.value)
                )
            queued += len(rows)
    return queued
