"""The writers of exemplary cases: nominated (and edited until verified), verified, commended,
replicated, returned with a reason, published. Each step is one transaction, takes the case
under a row lock from the version the user saw, and is refused to a user without the role."""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lamtheo.documents.models import writable_unit_ids
from lamtheo.files import services as files
from lamtheo.files.checks import UploadError, inspect
from lamtheo.org.models import OrgUnit
from lamtheo.plans.models import Programme
from lamtheo.vn.errors import gettext_noop

from .. import domain
from ..domain import Action, HonoursError
from ..models import (
    Case,
    Commendation,
    Field,
    Form,
    Kind,
    Level,
    Movement,
    Replication,
    Status,
)
from .common import inside, locked, text

CASE = pgettext_lazy("the record changed meanwhile", "Điển hình")


def _today() -> date:
    return timezone.localdate()


def _check_uploads(uploads) -> None:
    """Every file checked (type by content, size) before any is stored: none left on disk."""
    for upload in uploads:
        try:
            inspect(upload.name, upload, upload.size, settings.UPLOAD_MAX_BYTES)
        except UploadError as error:
            raise HonoursError(
                gettext_noop("%(reason)s"), field="files", reason=str(error)
            ) from None


def _store(case: Case, uploads, by) -> None:
    for upload in uploads:
        files.attach(unit=case.unit, upload=upload, user=by, owner=case)


def _allowed(case: Case, by, *, review: bool) -> None:
    scope = Case.objects.reviewable_by(by) if review else Case.objects.editable_by(by)
    if not scope.filter(pk=case.pk).exists():
        raise HonoursError(
            gettext_noop("Bạn không có quyền %(step)s điển hình của %(unit)s."),
            field="status",
            step=_("thẩm định") if review else _("cập nhật"),
            unit=case.unit.name,
        )


def may_write(unit: OrgUnit, by) -> None:
    """A case (or a movement) is recorded for a unit by its editors and admins or above."""
    if by.is_superuser:
        return
    if not OrgUnit.objects.filter(pk=unit.pk, pk__in=writable_unit_ids(by)).exists():
        raise HonoursError(
            gettext_noop("Bạn không được ghi nhận điển hình cho %(unit)s."),
            field="unit",
            unit=unit.name,
        )


def _step(case: Case, action: Action, by, version: int | None) -> Case:
    current = locked(Case, case, version, CASE)
    _allowed(current, by, review=action in domain.REVIEW_ACTIONS)
    current.status = domain.next_status(Status(current.status), action)
    return current


def count_duplicates(*, name: str, field: Field, exclude: int | None = None) -> int:
    """Cases of any unit and year with the same honoree (folded) in the same field."""
    found = Case.objects.filter(name_key=domain.name_key(name), field=field)
    return found.exclude(pk=exclude).count() if exclude else found.count()


@transaction.atomic
def nominate_case(
    *,
    unit: OrgUnit,
    kind: str,
    name: str,
    field: Field,
    year: int,
    title: str,
    by,
    story: str = "",
    position: str = "",
    honoree_unit: OrgUnit | None = None,
    movement: Movement | None = None,
    programme: Programme | None = None,
    source: str = "",
    uploads=(),
    case: Case | None = None,
    version: int | None = None,
) -> Case:
    """Đề xuất: a unit's editor records a case with its evidence. The same call edits a case
    not yet verified; a returned case edited is sent again (đề xuất)."""
    if kind not in Kind.values:
        raise HonoursError(gettext_noop("Hãy chọn tập thể hay cá nhân."), field="kind")
    name = text(name, "name", _("tên tập thể, cá nhân"), 200)
    position = text(position, "position", _("chức vụ, nơi công tác"), 200, required=False)
    title = text(title, "title", _("tên mô hình, cách làm"), 300)
    story = text(story, "story", _("nội dung, kết quả"), 20000, required=False)
    source = text(source, "source", _("nguồn"), 300, required=False)
    if not isinstance(year, int):
        raise HonoursError(gettext_noop("Năm không hợp lệ: %(year)s."), field="year", year=year)
    domain.check_year(year, today=_today())
    if not field.active:
        raise HonoursError(
            gettext_noop("Lĩnh vực '%(name)s' không còn dùng."), field="field", name=field.name
        )
    counted = domain.counted_on(year, unit.valid_from, unit.valid_to)  # the unit existed then
    if honoree_unit is not None:  # under the unit as the hierarchy stood that year
        inside(honoree_unit, unit, field="honoree_unit", day=counted)
    _check_links(by, movement, programme)
    _check_uploads(uploads)
    may_write(unit, by)
    if case is None:
        record = Case(unit=unit, proposed_by=by, proposed_at=timezone.now())
    else:
        record = locked(Case, case, version, CASE)
        _allowed(record, by, review=False)
        if record.status not in domain.EDITABLE:
            raise HonoursError(
                gettext_noop(
                    "Điển hình đã được xác minh, không sửa được nữa; hãy đề nghị người thẩm "
                    "định trả lại nếu cần sửa."
                ),
                field="title",
            )
        if record.status == Status.RETURNED:
            record.status = domain.next_status(Status.RETURNED, Action.RESUBMIT)
            record.return_reason = ""
    record.unit, record.province_code = unit, unit.province_code
    record.kind, record.name, record.position = kind, name, position
    record.honoree_unit, record.field, record.year = honoree_unit, field, year
    record.title, record.story = title, story
    record.movement, record.programme = movement, programme
    record.source = source
    record.duplicates_found = count_duplicates(name=name, field=field, exclude=record.pk)
    record.save()
    _store(record, uploads, by)
    return record


def _check_links(by, movement, programme) -> None:
    if movement is not None and not Movement.objects.visible_to(by).filter(pk=movement.pk).exists():
        raise HonoursError(gettext_noop("Không có phong trào thi đua này."), field="movement")
    if (
        programme is not None
        and not Programme.objects.visible_to(by).filter(pk=programme.pk).exists()
    ):
        raise HonoursError(gettext_noop("Không có kế hoạch, chương trình này."), field="programme")


@transaction.atomic
def add_evidence(*, case: Case, uploads, by) -> Case:
    """More photos and files on a case; its unit's editors add them at any step."""
    if not uploads:
        raise HonoursError(gettext_noop("Hãy chọn ít nhất một tệp."), field="files")
    _check_uploads(uploads)
    _allowed(case, by, review=False)
    _store(case, uploads, by)
    return case


@transaction.atomic
def verify_case(*, case: Case, by, version: int | None = None) -> Case:
    """Đã xác minh: a reviewer of the unit or above checked the case."""
    current = _step(case, Action.VERIFY, by, version)
    current.verified_by, current.verified_at = by, timezone.now()
    current.save()
    return current


@transaction.atomic
def return_case(*, case: Case, reason: str, by, version: int | None = None) -> Case:
    """Trả lại: back to the unit with the reason, to be edited and sent again."""
    reason = text(reason, "reason", _("lý do trả lại"), 2000)
    current = _step(case, Action.RETURN, by, version)
    current.return_reason = reason
    current.published = False
    current.save()
    return current


@transaction.atomic
def commend_case(
    *,
    case: Case,
    form: Form,
    level: str,
    decided_on: date,
    by,
    issuer: OrgUnit | None = None,
    issuer_name: str = "",
    decision: str = "",
    note: str = "",
    version: int | None = None,
) -> Commendation:
    """Biểu dương, khen thưởng: one more commendation of a verified case. Its decision number
    is read with the document toolkit, in the Party or the State style."""
    if level not in Level.values:
        raise HonoursError(gettext_noop("Hãy chọn cấp khen thưởng."), field="level")
    if not form.active:
        raise HonoursError(gettext_noop("Hình thức này không còn dùng."), field="form")
    if decided_on > _today():
        raise HonoursError(
            gettext_noop("Ngày quyết định không thể sau hôm nay."), field="decided_on"
        )
    issuer_name = text(
        issuer_name or (issuer.name if issuer else ""), "issuer_name", _("cơ quan khen thưởng"), 200
    )
    note = text(note, "note", _("ghi chú"), 300, required=False)
    symbol, style = "", ""
    if (decision or "").strip() or form.needs_decision:
        read = domain.read_decision(decision, on=decided_on)
        symbol, style = read.symbol, read.style
    current = _step(case, Action.COMMEND, by, version)
    if decided_on.year < current.year:
        raise HonoursError(
            gettext_noop("Ngày quyết định trước năm %(year)s của điển hình."),
            field="decided_on",
            year=current.year,
        )
    current.save()
    return Commendation.objects.create(
        case=current,
        form=form,
        level=level,
        issuer=issuer,
        issuer_name=issuer_name,
        decision=symbol,
        decision_style=style,
        decided_on=decided_on,
        note=note,
        recorded_by=by,
    )


@transaction.atomic
def replicate_case(
    *,
    case: Case,
    units: list[OrgUnit],
    since: date,
    by,
    note: str = "",
    version: int | None = None,
) -> list[Replication]:
    """Được nhân rộng: the units that took up a commended case's model, from a date."""
    if not units:
        raise HonoursError(gettext_noop("Hãy chọn đơn vị nhân rộng."), field="units")
    note = text(note, "note", _("ghi chú"), 300, required=False)
    if since > _today():
        raise HonoursError(gettext_noop("Ngày nhân rộng không thể sau hôm nay."), field="since")
    current = _step(case, Action.REPLICATE, by, version)
    for unit in units:
        if unit.pk == current.unit_id:
            raise HonoursError(
                gettext_noop("%(unit)s là đơn vị của chính điển hình này."),
                field="units",
                unit=unit.name,
            )
    current.save()
    made = []
    for unit in units:
        try:
            with transaction.atomic():
                made.append(
                    Replication.objects.create(case=current, unit=unit, since=since, note=note)
                )
        except IntegrityError:
            raise HonoursError(
                gettext_noop("%(unit)s đã được ghi nhận nhân rộng điển hình này."),
                field="units",
                unit=unit.name,
            ) from None
    return made


@transaction.atomic
def publish_case(*, case: Case, published: bool, by, version: int | None = None) -> Case:
    """The unit chooses to show a verified case on the public page, or takes it off."""
    current = locked(Case, case, version, CASE)
    _allowed(current, by, review=False)
    if published and current.status not in domain.PUBLISHABLE:
        raise HonoursError(
            gettext_noop("Chỉ công khai điển hình đã được xác minh."), field="published"
        )
    current.published = published
    current.published_at = timezone.now() if published else None
    current.save()
    return current
