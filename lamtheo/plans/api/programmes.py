"""/api/v1/programmes and /api/v1/tasks: programmes and plans, focus programmes, tasks."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Schema, Status
from pydantic import conint

from lamtheo.api_types import Body, IsoDate, RecordId
from lamtheo.org.models import Kind, OrgUnit
from lamtheo.vn.errors import gettext_noop

from .. import domain, selectors, services
from ..domain import PlansError
from ..models import (
    Programme,
    Task,
)
from .common import (
    ERRORS,
    PlansDocument,
    PlansErrorOut,
    PlansUnit,
    Version,
    Window,
    _bad,
    _document,
    _document_ref,
    _page,
    _under,
    _unit_ref,
    _visible_units,
    _writable_unit,
    router,
)


class FocusOut(Schema):
    id: int
    position: int
    title: str


class ProgressOut(Schema):
    done: int
    all: int
    share: Decimal | None = Field(None, description="Percent of the tasks done")


class ProgrammeOut(Schema):
    id: int
    unit: PlansUnit
    kind: str
    title: str
    period: str
    document: PlansDocument | None
    implements: PlansDocument | None
    parent: int | None
    version: int
    progress: ProgressOut


class TaskOut(Schema):
    id: int
    programme: int
    focus: int | None
    unit: PlansUnit
    partners: list[PlansUnit]
    title: str
    description: str
    deadline: date | None
    status: str
    state: str = Field(..., description="Today's: not_started, in_progress, done, overdue")
    percent: int
    completed_on: date | None
    batch: str | None = Field(None, description="Tasks given to many units at once share it")
    version: int


class ProgrammeDetail(ProgrammeOut):
    focuses: list[FocusOut]
    tasks: list[TaskOut]


class ProgrammePage(Schema):
    items: list[ProgrammeOut]
    count: int


class ProgrammeFilters(Window):
    unit: str = Field("", max_length=40, description="Programmes of this unit and those under it")
    kind: Literal["", "programme", "plan", "project"] = ""
    period: str = Field("", max_length=12)


ProgrammeKind = Literal[tuple(Programme.Kind.values)]


class ProgrammeIn(Body):
    unit: str = Field(..., max_length=40)
    programme_kind: ProgrammeKind = Field(
        Programme.Kind.PLAN, description="programme, plan or project"
    )
    title: str = Field(..., max_length=500)
    period: str = Field("", max_length=12)
    document: str = Field("", max_length=120, description="Its own document: 129-KH/TU")
    implements: str = Field("", max_length=120, description="What it implements: 01-KL/TW")
    parent: RecordId | None = Field(None, description="The programme of a unit above it follows")


class ProgrammeUpdate(Body):
    programme_kind: ProgrammeKind = Programme.Kind.PLAN
    title: str = Field(..., max_length=500)
    period: str = Field("", max_length=12)
    document: str = Field("", max_length=120)
    implements: str = Field("", max_length=120)
    parent: RecordId | None = None
    version: int | None = Version


class FocusIn(Body):
    title: str = Field(..., max_length=500)


UnitRule = Literal["one", "children", "kind"]


class ChooseIn(Body):
    rule: UnitRule = Field(
        "one",
        description="one: the units listed; children: the children of the programme's unit "
        "on as_of; kind: every unit of unit_kind under it on as_of",
    )
    units: list[str] = Field(default_factory=list, max_length=5000, description="Unit codes")
    unit_kind: Literal[tuple(["", *Kind.values])] = ""
    as_of: IsoDate | None = Field(None, description="The hierarchy of this day; default today")


class TaskIn(ChooseIn):
    title: str = Field(..., max_length=500)
    focus: RecordId | None = None
    description: str = Field("", max_length=5000)
    deadline: IsoDate | None = None
    partners: list[str] = Field(default_factory=list, max_length=200)


class ProgressIn(Body):
    status: Literal[tuple(Task.Status.values)]
    percent: conint(ge=0, le=100) | None = None
    text: str = Field(..., max_length=5000)
    version: int | None = Version


class TaskPage(Schema):
    items: list[TaskOut]
    count: int


class TaskFilters(Window):
    programme: RecordId | None = None
    unit: str = Field("", max_length=40, description="The owner unit's code")
    state: Literal["", "not_started", "in_progress", "done", "overdue"] = ""


def _progress(done: int, total: int) -> dict:
    return {"done": done, "all": total, "share": domain.share(done, total)}


def _programme(programme: Programme, progress: tuple[int, int]) -> dict:
    return {
        "id": programme.pk,
        "unit": _unit_ref(programme.unit),
        "kind": programme.kind,
        "title": programme.title,
        "period": programme.period,
        "document": _document_ref(programme.document),
        "implements": _document_ref(programme.implements),
        "parent": programme.parent_id,
        "version": programme.version,
        "progress": _progress(*progress),
    }


def _task(task: Task, today: date) -> dict:
    return {
        "id": task.pk,
        "programme": task.programme_id,
        "focus": task.focus_id,
        "unit": _unit_ref(task.unit),
        "partners": [_unit_ref(p) for p in task.partners.all()],
        "title": task.title,
        "description": task.description,
        "deadline": task.deadline,
        "status": task.status,
        "state": task.state(today),
        "percent": task.percent,
        "completed_on": task.completed_on,
        "batch": str(task.batch) if task.batch else None,
        "version": task.version,
    }


PROGRAMME_RELATED = ("unit", "document", "implements")


def _programme_detail(programme: Programme, user) -> dict:
    today = timezone.localdate()
    _branches, whole = selectors.programme_tree(programme, user=user, today=today)
    done = sum(1 for t in whole.tasks if t.today == domain.TaskStatus.DONE)
    return {
        **_programme(programme, (done, len(whole.tasks))),
        "focuses": [
            {"id": f.pk, "position": f.position, "title": f.title} for f in programme.focuses.all()
        ],
        "tasks": [_task(t, today) for t in whole.tasks],
    }


def _parent_programme(user, pk: int | None) -> Programme | None:
    if pk is None:
        return None
    parent = Programme.objects.visible_to(user).select_related("unit").filter(pk=pk).first()
    if parent is None:
        raise PlansError(
            gettext_noop("Không có chương trình, kế hoạch số %(id)s mà bạn được xem."),
            field="parent",
            id=pk,
        )
    return parent


@router.get(
    "/programmes", response={200: ProgrammePage, 404: PlansErrorOut}, summary="Programmes and plans"
)
def list_programmes(request, filters: Query[ProgrammeFilters]):
    programmes = Programme.objects.visible_to(request.auth).select_related(*PROGRAMME_RELATED)
    if filters.unit:
        unit = get_object_or_404(OrgUnit.objects.visible_to(request.auth), code=filters.unit)
        programmes = programmes.filter(_under(unit))
    if filters.kind:
        programmes = programmes.filter(kind=filters.kind)
    if filters.period:
        programmes = programmes.filter(period=filters.period)
    page = _page(programmes.order_by("-created_at", "-pk"), filters, lambda p: p)
    progress = selectors.programme_progress([p.pk for p in page["items"]])
    page["items"] = [_programme(p, progress.get(p.pk, (0, 0))) for p in page["items"]]
    return page


@router.post(
    "/programmes", response={201: ProgrammeDetail, **ERRORS}, summary="Create a programme or plan"
)
def create_programme(request, payload: ProgrammeIn):
    user = request.auth
    try:
        programme = services.save_programme(
            unit=_writable_unit(user, payload.unit),
            kind=payload.programme_kind,
            title=payload.title,
            period=payload.period,
            document=_document(user, payload.document, "document"),
            implements=_document(user, payload.implements, "implements"),
            parent=_parent_programme(user, payload.parent),
            by=user,
        )
    except PlansError as error:
        return _bad(error)
    return Status(201, _programme_detail(programme, user))


@router.get(
    "/programmes/{int:programme}",
    response={200: ProgrammeDetail, 404: PlansErrorOut},
    summary="A programme with its focus programmes and tasks (those the caller may see)",
)
def get_programme(request, programme: RecordId):
    found = get_object_or_404(
        Programme.objects.visible_to(request.auth).select_related(*PROGRAMME_RELATED),
        pk=programme,
    )
    return _programme_detail(found, request.auth)


@router.put(
    "/programmes/{int:programme}",
    response={200: ProgrammeDetail, **ERRORS},
    summary="Edit a programme or plan",
)
def update_programme(request, programme: RecordId, payload: ProgrammeUpdate):
    user = request.auth
    record = get_object_or_404(
        Programme.objects.editable_by(user).select_related(*PROGRAMME_RELATED), pk=programme
    )
    try:
        saved = services.save_programme(
            unit=record.unit,
            kind=payload.programme_kind,
            title=payload.title,
            period=payload.period,
            document=_document(user, payload.document, "document"),
            implements=_document(user, payload.implements, "implements"),
            parent=_parent_programme(user, payload.parent),
            by=user,
            programme=record,
            version=payload.version,
        )
    except PlansError as error:
        return _bad(error)
    return _programme_detail(saved, user)


@router.post(
    "/programmes/{int:programme}/focuses",
    response={201: FocusOut, **ERRORS},
    summary="Add a focus programme",
)
def add_focus(request, programme: RecordId, payload: FocusIn):
    record = get_object_or_404(Programme.objects.editable_by(request.auth), pk=programme)
    try:
        focus = services.add_focus(programme=record, title=payload.title)
    except PlansError as error:
        return _bad(error)
    return Status(201, {"id": focus.pk, "position": focus.position, "title": focus.title})


def _chosen(user, root: OrgUnit, payload: ChooseIn) -> tuple[list[OrgUnit], str]:
    """The units a task or cascade goes to, and the words saying how they were chosen."""
    day = payload.as_of or timezone.localdate()
    if payload.rule == "one":
        if not payload.units:
            raise PlansError(gettext_noop("Hãy chọn đơn vị."), field="units")
        units = _visible_units(user, payload.units, "units")
        return units, ", ".join(u.name for u in units)[:300]
    units = services.choose_units(root=root, rule=payload.rule, as_of=day, kind=payload.unit_kind)
    return units, f"{payload.rule} · {root.name} · {day:%d/%m/%Y} ({len(units)})"


@router.post(
    "/programmes/{int:programme}/tasks",
    response={201: list[TaskOut], **ERRORS},
    summary="Give a task to one unit or to many at once (all communes of a province on a day)",
)
def assign_task(request, programme: RecordId, payload: TaskIn):
    user = request.auth
    record = get_object_or_404(
        Programme.objects.editable_by(user).select_related("unit"), pk=programme
    )
    try:
        units, _how = _chosen(user, record.unit, payload)
        focus = None
        if payload.focus is not None:
            focus = record.focuses.filter(pk=payload.focus).first()
            if focus is None:
                raise PlansError(
                    gettext_noop("Chương trình trọng tâm không thuộc kế hoạch này."),
                    field="focus",
                )
        tasks = services.assign_task(
            programme=record,
            title=payload.title,
            units=units,
            focus=focus,
            description=payload.description,
            deadline=payload.deadline,
            partners=_visible_units(user, payload.partners, "partners"),
            by=user,
            as_of=payload.as_of,
        )
    except PlansError as error:
        return _bad(error)
    today = timezone.localdate()
    found = Task.objects.filter(pk__in=[t.pk for t in tasks]).select_related("unit")
    return Status(201, [_task(t, today) for t in found.prefetch_related("partners").order_by("pk")])


@router.get("/tasks", response={200: TaskPage, 404: PlansErrorOut}, summary="Tasks, by deadline")
def list_tasks(request, filters: Query[TaskFilters]):
    tasks = Task.objects.visible_to(request.auth).select_related("unit")
    if filters.programme is not None:
        tasks = tasks.filter(programme_id=filters.programme)
    if filters.unit:
        tasks = tasks.filter(unit__code=filters.unit)
    today = timezone.localdate()
    if filters.state == "done":
        tasks = tasks.filter(status=Task.Status.DONE)
    elif filters.state == "overdue":
        tasks = tasks.exclude(status=Task.Status.DONE).filter(deadline__lt=today)
    elif filters.state:
        tasks = tasks.filter(status=filters.state).filter(
            Q(deadline__isnull=True) | Q(deadline__gte=today)
        )
    tasks = tasks.prefetch_related("partners").order_by("deadline", "pk")
    return _page(tasks, filters, lambda t: _task(t, today))


@router.get("/tasks/{int:task}", response={200: TaskOut, 404: PlansErrorOut}, summary="A task")
def get_task(request, task: RecordId):
    found = get_object_or_404(Task.objects.visible_to(request.auth).select_related("unit"), pk=task)
    return _task(found, timezone.localdate())


@router.post(
    "/tasks/{int:task}/progress",
    response={201: TaskOut, **ERRORS},
    summary="Report progress on a task (done sets 100% and the day of completion)",
)
def report_progress(request, task: RecordId, payload: ProgressIn):
    record = get_object_or_404(Task.objects.editable_by(request.auth), pk=task)
    try:
        services.report_progress(
            task=record,
            text=payload.text,
            status=payload.status,
            percent=payload.percent,
            by=request.auth,
            version=payload.version,
        )
    except PlansError as error:
        return _bad(error)
    saved = Task.objects.select_related("unit").get(pk=record.pk)
    return Status(201, _task(saved, timezone.localdate()))
