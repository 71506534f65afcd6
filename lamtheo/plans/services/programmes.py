"""The writers of programmes and plans, their focus programmes and tasks."""

import uuid
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lamtheo.audit import bulk
from lamtheo.documents.models import Document
from lamtheo.files import services as files
from lamtheo.files.checks import inspect
from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit
from lamtheo.vn.errors import gettext_noop

from ..domain import PlansError
from ..models import (
    Focus,
    Programme,
    ProgressNote,
    Task,
)
from .common import _inside, _locked, _text, period_of


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
    for upload in uploads:  # every file checked before any is stored: none left on disk
        inspect(upload.name, upload, upload.size, settings.UPLOAD_MAX_BYTES)
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
