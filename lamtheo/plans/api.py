"""/api/v1 of the plans area: themes, programmes with their focus programmes and tasks, cascades
with their board and items, the indicator catalogue with targets, figures and roll-ups, and
members' commitments.

Reads go through `visible_to`, writes through `editable_by`: a record the caller may not see
is 404, one they may see but not write is 404 for the write too (nothing tells them more).
A unit named in a body is a unit code the caller may see; a document is named by its symbol as
officials write it ("129-KH/TU", or "129-KH/TU ngày 10/01/2023" when two share it). Every edit
takes the `version` the caller read: a record changed since is refused with 400 and its message,
never overwritten (null skips the check, for a client that knowingly overwrites).
"""

from datetime import date
from decimal import Decimal
from typing import Literal

from django import forms as django_forms
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import conint

from lamtheo.api_types import MAX_LIMIT, MAX_OFFSET, Body, IsoDate, RecordId
from lamtheo.documents.forms import resolve
from lamtheo.documents.models import writable_unit_ids
from lamtheo.org import selectors as org
from lamtheo.org.models import Kind, Membership, OrgUnit
from lamtheo.vn.errors import gettext_noop
from lamtheo.web import translated

from . import domain, selectors, services
from .domain import PlansError
from .models import (
    Aggregation,
    Cascade,
    CascadeItem,
    Commitment,
    Direction,
    Indicator,
    Measurement,
    Programme,
    Rating,
    Target,
    Task,
    Theme,
)

router = Router(tags=["plans"])


# --- Shared pieces ----------------------------------------------------------------------------


class PlansErrorOut(Schema):
    detail: str
    field: str | None = None


class PlansUnit(Schema):
    code: str
    name: str


class PlansDocument(Schema):
    id: int
    symbol: str
    title: str
    issued_on: date


ERRORS = {400: PlansErrorOut, 404: PlansErrorOut}
Version = Field(None, ge=1, description="The version read; a record changed since is refused")
Period = Field(..., max_length=12, description="2024, 2024-H1, 2024-Q2, 2024-05, 2020-2025")
RatingValue = Literal[tuple(Rating.values)]


def _bad(error: PlansError):
    return Status(400, {"detail": translated(error), "field": error.field})


def _unit_ref(unit: OrgUnit) -> dict:
    return {"code": unit.code, "name": unit.name}


def _document_ref(document) -> dict | None:
    if document is None:
        return None
    return {
        "id": document.pk,
        "symbol": document.symbol,
        "title": document.title,
        "issued_on": document.issued_on,
    }


def _writable_units(user):
    if user.is_superuser:
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(pk__in=writable_unit_ids(user))


def _writable_unit(user, code: str, field: str = "unit") -> OrgUnit:
    unit = _writable_units(user).filter(code=code).first()
    if unit is None:
        raise PlansError(
            gettext_noop("Không có đơn vị '%(code)s' mà bạn được nhập số liệu, kế hoạch."),
            field=field,
            code=code,
        )
    return unit


def _visible_units(user, codes: list[str], field: str) -> list[OrgUnit]:
    """The units of `codes` in their order, each one the caller may see."""
    found = {u.code: u for u in OrgUnit.objects.visible_to(user).filter(code__in=codes)}
    for code in codes:
        if code not in found:
            raise PlansError(
                gettext_noop("Không có đơn vị '%(code)s' mà bạn được xem."), field=field, code=code
            )
    return [found[code] for code in dict.fromkeys(codes)]


def _home(user, code: str) -> OrgUnit:
    """The unit a question is about: the one named, else the unit of the caller's first role
    (the highest), 404 when there is none."""
    units = OrgUnit.objects.visible_to(user)
    if code:
        return get_object_or_404(units, code=code)
    membership = (
        Membership.objects.active()
        .filter(user=user)
        .select_related("unit")
        .order_by("unit__kind", "pk")
        .first()
    )
    if membership is None:
        raise Http404
    return membership.unit


def _document(user, symbol: str, field: str):
    """The registered document the caller means by its symbol; None for ''."""
    if not (symbol or "").strip():
        return None
    try:
        return resolve(user, symbol)
    except django_forms.ValidationError as error:
        raise PlansError(
            gettext_noop("%(reason)s"), field=field, reason=" ".join(error.messages)
        ) from None


class Window(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def _page(records, window: Window, convert) -> dict:
    """One page of a queryset, counted in the database: `{items, count}` as ninja's pagination
    answers elsewhere in the API, without reading the rows past the page."""
    rows = records[window.offset : window.offset + window.limit]
    return {"items": [convert(r) for r in rows], "count": records.count()}


# --- Themes -----------------------------------------------------------------------------------


class ThemeOut(Schema):
    id: int
    unit: PlansUnit
    period: str
    is_term: bool
    text: str
    parent: int | None
    document: PlansDocument | None
    version: int


class ThemePage(Schema):
    items: list[ThemeOut]
    count: int


class ThemeFilters(Window):
    unit: str = Field("", max_length=40, description="Themes of this unit and the units under it")
    period: str = Field("", max_length=12)


class ThemeIn(Body):
    unit: str = Field(..., max_length=40)
    period: str = Period
    text: str = Field(..., max_length=2000)
    parent: RecordId | None = Field(None, description="The id of the theme of a unit above")
    document: str = Field("", max_length=120, description="The document that announced it")


class ThemeUpdate(Body):
    period: str = Period
    text: str = Field(..., max_length=2000)
    parent: RecordId | None = None
    document: str = Field("", max_length=120)
    version: int | None = Version


def _theme(theme: Theme) -> dict:
    return {
        "id": theme.pk,
        "unit": _unit_ref(theme.unit),
        "period": theme.period,
        "is_term": theme.is_term,
        "text": theme.text,
        "parent": theme.parent_id,
        "document": _document_ref(theme.document),
        "version": theme.version,
    }


def _parent_theme(user, pk: int | None) -> Theme | None:
    if pk is None:
        return None
    parent = Theme.objects.visible_to(user).select_related("unit").filter(pk=pk).first()
    if parent is None:
        raise PlansError(
            gettext_noop("Không có chủ đề số %(id)s mà bạn được xem."), field="parent", id=pk
        )
    return parent


@router.get(
    "/themes", response={200: ThemePage, 404: PlansErrorOut}, summary="Themes, newest period first"
)
def list_themes(request, filters: Query[ThemeFilters]):
    themes = Theme.objects.visible_to(request.auth).select_related("unit", "document")
    if filters.unit:
        unit = get_object_or_404(OrgUnit.objects.visible_to(request.auth), code=filters.unit)
        themes = themes.filter(Q(unit=unit) | Q(unit_id__in=org.subtree_ids(unit)))
    if filters.period:
        themes = themes.filter(period=filters.period)
    return _page(themes.order_by("-period_end", "unit__name", "pk"), filters, _theme)


@router.post("/themes", response={201: ThemeOut, **ERRORS}, summary="Set a unit's theme")
def create_theme(request, payload: ThemeIn):
    user = request.auth
    try:
        theme = services.save_theme(
            unit=_writable_unit(user, payload.unit),
            period=payload.period,
            text=payload.text,
            parent=_parent_theme(user, payload.parent),
            document=_document(user, payload.document, "document"),
            by=user,
        )
    except PlansError as error:
        return _bad(error)
    return Status(201, _theme(theme))


@router.put("/themes/{int:theme}", response={200: ThemeOut, **ERRORS}, summary="Edit a theme")
def update_theme(request, theme: RecordId, payload: ThemeUpdate):
    user = request.auth
    record = get_object_or_404(
        Theme.objects.editable_by(user).select_related("unit", "document"), pk=theme
    )
    try:
        saved = services.save_theme(
            unit=record.unit,
            period=payload.period,
            text=payload.text,
            parent=_parent_theme(user, payload.parent),
            document=_document(user, payload.document, "document"),
            by=user,
            theme=record,
            version=payload.version,
        )
    except PlansError as error:
        return _bad(error)
    return _theme(saved)


# --- Programmes, focus programmes, tasks ------------------------------------------------------


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
        programmes = programmes.filter(Q(unit=unit) | Q(unit_id__in=org.subtree_ids(unit)))
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


# --- Cascades ---------------------------------------------------------------------------------


class ItemOut(Schema):
    id: int
    unit: PlansUnit
    deadline: date
    state: str = Field(..., description="Today's: done, late, pending, overdue")
    done_on: date | None
    document: PlansDocument | None
    theme: int | None
    event: str
    note: str
    version: int


class CascadeOut(Schema):
    id: int
    programme: int
    unit: PlansUnit
    action: str
    title: str
    deadline: date
    chosen: str


class BoardCounts(Schema):
    done: int
    late: int
    pending: int
    overdue: int


class BoardOut(CascadeOut):
    counts: BoardCounts
    done_share: Decimal | None = Field(None, description="Percent done, on time or late")
    items: list[ItemOut]


class CascadeIn(ChooseIn):
    action: Literal[tuple(Cascade.Action.values)]
    title: str = Field(..., max_length=500)
    deadline: IsoDate


class CompleteIn(Body):
    document: str = Field("", max_length=120, description="The unit's own document")
    theme: RecordId | None = Field(None, description="The id of the theme the unit set")
    event: str = Field("", max_length=300, description="The event held (conference...)")
    done_on: IsoDate | None = Field(None, description="Default: the document's date, or today")
    note: str = Field("", max_length=5000)
    version: int | None = Version


class ReopenIn(Body):
    version: int | None = Version


class CascadePage(Schema):
    items: list[CascadeOut]
    count: int


class CascadeFilters(Window):
    programme: RecordId | None = None


def _cascade(cascade: Cascade) -> dict:
    return {
        "id": cascade.pk,
        "programme": cascade.programme_id,
        "unit": _unit_ref(cascade.unit),
        "action": cascade.action,
        "title": cascade.title,
        "deadline": cascade.deadline,
        "chosen": cascade.chosen,
    }


def _item(item: CascadeItem, today: date) -> dict:
    return {
        "id": item.pk,
        "unit": _unit_ref(item.unit),
        "deadline": item.deadline,
        "state": getattr(item, "today", None) or item.state(today),
        "done_on": item.done_on,
        "document": _document_ref(item.document),
        "theme": item.theme_id,
        "event": item.event,
        "note": item.note,
        "version": item.version,
    }


def _board(cascade: Cascade, user) -> dict:
    today = timezone.localdate()
    result = selectors.board(cascade, user=user, today=today)
    return {
        **_cascade(cascade),
        "counts": {str(state): count for state, count in result.counts.items()},
        "done_share": result.done_share,
        "items": [_item(i, today) for i in result.items],
    }


@router.get(
    "/cascades",
    response={200: CascadePage, 404: PlansErrorOut},
    summary="Cascades, latest deadline first",
)
def list_cascades(request, filters: Query[CascadeFilters]):
    cascades = Cascade.objects.visible_to(request.auth).select_related("unit")
    if filters.programme is not None:
        cascades = cascades.filter(programme_id=filters.programme)
    return _page(cascades.order_by("-deadline", "-pk"), filters, _cascade)


@router.post(
    "/programmes/{int:programme}/cascades",
    response={201: BoardOut, **ERRORS},
    summary="Require each unit of a set to do something by a deadline",
)
def create_cascade(request, programme: RecordId, payload: CascadeIn):
    user = request.auth
    record = get_object_or_404(
        Programme.objects.editable_by(user).select_related("unit"), pk=programme
    )
    try:
        units, how = _chosen(user, record.unit, payload)
        cascade = services.create_cascade(
            programme=record,
            action=payload.action,
            title=payload.title,
            deadline=payload.deadline,
            units=units,
            chosen=how,
            by=user,
            as_of=payload.as_of,
        )
    except PlansError as error:
        return _bad(error)
    return Status(201, _board(cascade, user))


@router.get(
    "/cascades/{int:cascade}",
    response={200: BoardOut, 404: PlansErrorOut},
    summary="The board: per unit, done (with what shows it), late, not yet, overdue",
)
def get_board(request, cascade: RecordId):
    found = get_object_or_404(
        Cascade.objects.visible_to(request.auth).select_related("unit"), pk=cascade
    )
    return _board(found, request.auth)


ITEM_RELATED = ("cascade", "unit", "document", "theme")


@router.post(
    "/cascade-items/{int:item}/complete",
    response={200: ItemOut, **ERRORS},
    summary="A unit completes its item by linking its document, theme or event",
)
def complete_item(request, item: RecordId, payload: CompleteIn):
    user = request.auth
    record = get_object_or_404(
        CascadeItem.objects.editable_by(user).select_related(*ITEM_RELATED), pk=item
    )
    theme = None
    try:
        if payload.theme is not None:
            theme = Theme.objects.visible_to(user).filter(pk=payload.theme).first()
            if theme is None:
                raise PlansError(
                    gettext_noop("Không có chủ đề số %(id)s mà bạn được xem."),
                    field="theme",
                    id=payload.theme,
                )
        saved = services.complete_item(
            item=record,
            by=user,
            document=_document(user, payload.document, "document"),
            theme=theme,
            event=payload.event,
            done_on=payload.done_on,
            note=payload.note,
            version=payload.version,
        )
    except PlansError as error:
        return _bad(error)
    return _item(saved, timezone.localdate())


@router.post(
    "/cascade-items/{int:item}/reopen",
    response={200: ItemOut, **ERRORS},
    summary="Undo a completion linked by mistake",
)
def reopen_item(request, item: RecordId, payload: ReopenIn):
    record = get_object_or_404(
        CascadeItem.objects.editable_by(request.auth).select_related(*ITEM_RELATED), pk=item
    )
    try:
        saved = services.reopen_item(item=record, version=payload.version)
    except PlansError as error:
        return _bad(error)
    return _item(saved, timezone.localdate())


class InboxOut(Schema):
    unit: PlansUnit
    overdue_tasks: list[TaskOut]
    due_tasks: list[TaskOut]
    overdue_items: list[ItemOut]
    due_items: list[ItemOut]


@router.get(
    "/inbox",
    response={200: InboxOut, 404: PlansErrorOut},
    summary="What a unit has to do: overdue first, then by deadline",
)
def get_inbox(request, unit: str = Query("", max_length=40, description="Default: the caller's")):
    found = _home(request.auth, unit)
    today = timezone.localdate()
    box = selectors.inbox(found, today=today)
    tasks = [r for r in (*box.overdue, *box.due) if r.kind == "task"]
    prefetch_related_objects(tasks, "partners")
    return {
        "unit": _unit_ref(found),
        "overdue_tasks": [_task(r, today) for r in tasks if r in box.overdue],
        "due_tasks": [_task(r, today) for r in tasks if r not in box.overdue],
        "overdue_items": [_item(r, today) for r in box.overdue if r.kind == "item"],
        "due_items": [_item(r, today) for r in box.due if r.kind == "item"],
    }


# --- Indicators, targets, figures, roll-ups ---------------------------------------------------


class IndicatorOut(Schema):
    code: str
    name: str
    measure: str
    aggregation: str
    direction: str
    weight: str | None = Field(None, description="The weighing indicator's code")
    unit: str = Field(..., description="The code of the unit that defined it")
    version: int


class IndicatorIn(Body):
    unit: str = Field(..., max_length=40)
    code: str = Field(..., max_length=40, description="dang-vien-moi: lower case, no accents")
    name: str = Field(..., max_length=300)
    measure: str = Field("", max_length=40)
    aggregation: Literal[tuple(Aggregation.values)] = Aggregation.SUM
    direction: Literal[tuple(Direction.values)] = Direction.HIGHER
    weight: str = Field("", max_length=40, description="For a weighted average")


class IndicatorUpdate(Body):
    name: str = Field(..., max_length=300)
    measure: str = Field("", max_length=40)
    aggregation: Literal[tuple(Aggregation.values)] = Aggregation.SUM
    direction: Literal[tuple(Direction.values)] = Direction.HIGHER
    weight: str = Field("", max_length=40)
    version: int | None = Version


class RollupFilters(Schema):
    unit: str = Field("", max_length=40, description="Default: the unit that defined it")
    period: str = Field(
        "",
        max_length=12,
        description="2024, 2024-H1, 2024-Q2, 2024-05, 2020-2025; default: this year",
    )
    as_of: IsoDate | None = Field(None, description="Restated: today's units as of this day")
    restated: bool = Field(False, description="Follow lineage to today's units")


class RollupOut(Schema):
    indicator: str
    unit: str
    period: str
    value: Decimal | None
    reporters: int
    as_of: date
    restated: bool


class TargetIn(Body):
    unit: str = Field(..., max_length=40)
    period: str = Period
    target_kind: Literal[tuple(t.value for t in domain.TargetKind)] = domain.TargetKind.VALUE
    value: Decimal = Field(..., max_digits=20, decimal_places=4)
    value_max: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    baseline_period: str = Field("", max_length=12, description="Growth: the base period")
    version: int | None = Field(None, ge=1, description="Editing a target: the version read")


class TargetOut(Schema):
    unit: PlansUnit
    period: str
    target_kind: str
    value: Decimal
    value_max: Decimal | None
    baseline_period: str
    version: int


class TargetsFilters(Schema):
    unit: str = Field("", max_length=40, description="The unit and its children; default: its own")
    period: str = Field("", max_length=12, description="Default: last year")
    restated: bool = False


class TargetRowOut(Schema):
    unit: PlansUnit
    value: Decimal | None
    reporters: int
    target: TargetOut | None
    band: list[Decimal] | None = Field(None, description="The lowest and highest figure asked")
    status: str = Field(..., description="exceeded (vượt), met (đạt), missed, no_data")


class TargetsTableOut(Schema):
    indicator: str
    period: str
    restated: bool
    rows: list[TargetRowOut]


class MeasurementIn(Body):
    unit: str = Field(..., max_length=40)
    period: str = Period
    value: Decimal = Field(..., max_digits=20, decimal_places=4)
    source: str = Field("", max_length=300)
    version: int | None = Field(None, ge=1, description="Changing a figure: the version read")


class MeasurementOut(Schema):
    unit: PlansUnit
    period: str
    value: Decimal
    source: str
    entered_by: str | None
    entered_at: str
    version: int


class MeasurementPage(Schema):
    items: list[MeasurementOut]
    count: int


class MeasurementFilters(Window):
    unit: str = Field("", max_length=40, description="Figures of this unit and those under it")
    period: str = Field("", max_length=12)


def _indicator(indicator: Indicator) -> dict:
    return {
        "code": indicator.code,
        "name": indicator.name,
        "measure": indicator.measure,
        "aggregation": indicator.aggregation,
        "direction": indicator.direction,
        "weight": indicator.weight.code if indicator.weight else None,
        "unit": indicator.unit.code,
        "version": indicator.version,
    }


def _weight(user, code: str) -> Indicator | None:
    if not code:
        return None
    weight = Indicator.objects.visible_to(user).filter(code=code).first()
    if weight is None:
        raise PlansError(
            gettext_noop("Không có chỉ tiêu mã %(code)s mà bạn được xem."),
            field="weight",
            code=code,
        )
    return weight


def _target(target: Target, unit: OrgUnit) -> dict:
    return {
        "unit": _unit_ref(unit),
        "period": target.period,
        "target_kind": target.kind,
        "value": target.value,
        "value_max": target.value_max,
        "baseline_period": target.baseline_period,
        "version": target.version,
    }


def _measurement(figure: Measurement) -> dict:
    return {
        "unit": _unit_ref(figure.unit),
        "period": figure.period,
        "value": figure.value,
        "source": figure.source,
        "entered_by": figure.entered_by.username if figure.entered_by else None,
        "entered_at": timezone.localtime(figure.entered_at).isoformat(),
        "version": figure.version,
    }


def _visible_indicator(user, code: str) -> Indicator:
    return get_object_or_404(
        Indicator.objects.visible_to(user).select_related("unit", "weight"), code=code
    )


@router.get("/indicators", response=list[IndicatorOut], summary="The indicator catalogue")
def list_indicators(request):
    found = Indicator.objects.visible_to(request.auth).select_related("unit", "weight")
    return [_indicator(i) for i in found[:1000]]


@router.post("/indicators", response={201: IndicatorOut, **ERRORS}, summary="Add an indicator")
def create_indicator(request, payload: IndicatorIn):
    user = request.auth
    try:
        indicator = services.save_indicator(
            unit=_writable_unit(user, payload.unit),
            code=payload.code,
            name=payload.name,
            measure=payload.measure,
            aggregation=payload.aggregation,
            direction=payload.direction,
            weight=_weight(user, payload.weight),
            by=user,
        )
    except PlansError as error:
        return _bad(error)
    return Status(201, _indicator(indicator))


@router.put(
    "/indicators/{indicator}", response={200: IndicatorOut, **ERRORS}, summary="Edit an indicator"
)
def update_indicator(request, indicator: str, payload: IndicatorUpdate):
    user = request.auth
    record = get_object_or_404(
        Indicator.objects.editable_by(user).select_related("unit"), code=indicator
    )
    try:
        saved = services.save_indicator(
            unit=record.unit,
            code=record.code,
            name=payload.name,
            measure=payload.measure,
            aggregation=payload.aggregation,
            direction=payload.direction,
            weight=_weight(user, payload.weight),
            by=user,
            indicator=record,
            version=payload.version,
        )
    except PlansError as error:
        return _bad(error)
    return _indicator(Indicator.objects.select_related("unit", "weight").get(pk=saved.pk))


@router.get(
    "/indicators/{indicator}/rollup",
    response={200: RollupOut, **ERRORS},
    summary="An indicator added up for a unit and period, as of its end or restated",
)
def get_rollup(request, indicator: str, filters: Query[RollupFilters]):
    found = _visible_indicator(request.auth, indicator)
    unit = (
        get_object_or_404(OrgUnit.objects.visible_to(request.auth), code=filters.unit)
        if filters.unit
        else found.unit
    )
    period = filters.period or str(timezone.localdate().year)
    try:
        result = selectors.rollup(
            found, unit, period, restated=filters.restated, today=filters.as_of
        )
    except PlansError as error:
        return _bad(error)
    return {
        "indicator": found.code,
        "unit": unit.code,
        "period": period,
        "value": result.value,
        "reporters": result.reporters,
        "as_of": result.as_of,
        "restated": filters.restated,
    }


@router.get(
    "/indicators/{indicator}/targets",
    response={200: TargetsTableOut, **ERRORS},
    summary="The targets table: a unit and its children, figure, target and status",
)
def get_targets(request, indicator: str, filters: Query[TargetsFilters]):
    user = request.auth
    found = _visible_indicator(user, indicator)
    unit = (
        get_object_or_404(OrgUnit.objects.visible_to(user), code=filters.unit)
        if filters.unit
        else found.unit
    )
    try:
        span = services.period_of(filters.period or str(timezone.localdate().year - 1))
    except PlansError as error:
        return _bad(error)
    as_of = timezone.localdate() if filters.restated else date.fromordinal(span.end.toordinal() - 1)
    below = list(org.children(unit, as_of=as_of).visible_to(user).order_by("name"))
    rows = selectors.targets_table(found, [unit, *below], span.code, restated=filters.restated)
    return {
        "indicator": found.code,
        "period": span.code,
        "restated": filters.restated,
        "rows": [
            {
                "unit": _unit_ref(row.unit),
                "value": row.figure.value if row.figure else None,
                "reporters": row.figure.reporters if row.figure else 0,
                "target": _target(row.target, row.unit) if row.target else None,
                "band": list(row.band) if row.band else None,
                "status": row.status,
            }
            for row in rows
        ],
    }


@router.post(
    "/indicators/{indicator}/targets",
    response={200: TargetOut, 201: TargetOut, **ERRORS},
    summary="Set a unit's target for a period: a value, a range (12,8 - 13) or growth a year",
)
def save_target(request, indicator: str, payload: TargetIn):
    user = request.auth
    found = _visible_indicator(user, indicator)
    try:
        unit = _writable_unit(user, payload.unit)
        current = Target.objects.filter(
            indicator=found, unit=unit, period=services.period_of(payload.period).code
        ).first()
        saved = services.save_target(
            indicator=found,
            unit=unit,
            period=payload.period,
            kind=payload.target_kind,
            value=payload.value,
            value_max=payload.value_max,
            baseline_period=payload.baseline_period,
            by=user,
            # Editing needs the version read: without it, an existing target is refused as a
            # duplicate rather than overwritten unseen.
            target=current if payload.version is not None else None,
            version=payload.version,
        )
    except PlansError as error:
        return _bad(error)
    return Status(200 if current else 201, _target(saved, unit))


@router.get(
    "/indicators/{indicator}/measurements",
    response={200: MeasurementPage, 404: PlansErrorOut},
    summary="The figures reported, newest period first",
)
def list_measurements(request, indicator: str, filters: Query[MeasurementFilters]):
    user = request.auth
    found = _visible_indicator(user, indicator)
    figures = Measurement.objects.visible_to(user).filter(indicator=found)
    if filters.unit:
        unit = get_object_or_404(OrgUnit.objects.visible_to(user), code=filters.unit)
        figures = figures.filter(Q(unit=unit) | Q(unit_id__in=org.subtree_ids(unit)))
    if filters.period:
        figures = figures.filter(period=filters.period)
    figures = figures.select_related("unit", "entered_by").order_by("-period_end", "unit__name")
    return _page(figures, filters, _measurement)


@router.post(
    "/indicators/{indicator}/measurements",
    response={200: MeasurementOut, 201: MeasurementOut, **ERRORS},
    summary="Enter a unit's figure for a period (changing one needs the version read)",
)
def record_measurement(request, indicator: str, payload: MeasurementIn):
    user = request.auth
    found = _visible_indicator(user, indicator)
    try:
        unit = _writable_unit(user, payload.unit)
        known = Measurement.objects.filter(
            indicator=found, unit=unit, period=services.period_of(payload.period).code
        ).exists()
        figure = services.record_measurement(
            indicator=found,
            unit=unit,
            period=payload.period,
            value=payload.value,
            source=payload.source.strip(),
            by=user,
            version=payload.version,
        )
    except PlansError as error:
        return _bad(error)
    figure = Measurement.objects.select_related("unit", "entered_by").get(pk=figure.pk)
    return Status(200 if known else 201, _measurement(figure))


# --- Commitments ------------------------------------------------------------------------------


class CommitmentOut(Schema):
    id: int
    unit: PlansUnit
    year: int
    member: str = Field(..., description="The member named; '' for the unit's own")
    user: str | None = Field(None, description="The member's account, when they registered")
    content: str
    midyear: str
    yearend: str
    self_rating: str
    rating: str
    reviewed_by: str | None
    version: int


class CommitmentPage(Schema):
    items: list[CommitmentOut]
    count: int


class CommitmentFilters(Window):
    unit: str = Field("", max_length=40, description="Commitments of this unit's members")
    year: conint(ge=2000, le=2100) | None = None


class CommitmentIn(Body):
    unit: str = Field(..., max_length=40, description="The cell or unit")
    year: conint(ge=2000, le=2100)
    member: str = Field("", max_length=120, description="'' registers for the caller")
    content: str = Field(..., max_length=5000)


class CommitmentUpdate(Body):
    content: str = Field(..., max_length=5000)
    member: str = Field("", max_length=120)
    version: int | None = Version


class AssessIn(Body):
    midyear: str | None = Field(None, max_length=5000)
    yearend: str | None = Field(None, max_length=5000)
    self_rating: Literal[tuple(["", *Rating.values])] | None = None
    version: int | None = Version


class ReviewIn(Body):
    rating: RatingValue
    version: int | None = Version


class CountsOut(Schema):
    unit: PlansUnit
    registered: int
    midyear: int
    yearend: int
    rated: int
    completing: int = Field(..., description="Rated hoàn thành or better")
    excellent: int
    completion: Decimal | None = Field(None, description="Percent of the rated that completed")


class SummaryFilters(Schema):
    unit: str = Field("", max_length=40, description="Default: the unit of the caller's role")
    year: conint(ge=2000, le=2100) | None = Field(None, description="Default: this year")


class SummaryOut(Schema):
    year: int
    total: CountsOut
    children: list[CountsOut]


def _commitment(record: Commitment) -> dict:
    return {
        "id": record.pk,
        "unit": _unit_ref(record.unit),
        "year": record.year,
        "member": record.member,
        "user": record.user.username if record.user else None,
        "content": record.content,
        "midyear": record.midyear,
        "yearend": record.yearend,
        "self_rating": record.self_rating,
        "rating": record.rating,
        "reviewed_by": record.reviewed_by.username if record.reviewed_by else None,
        "version": record.version,
    }


COMMITMENT_RELATED = ("unit", "user", "reviewed_by")


def _saved(record: Commitment) -> dict:
    return _commitment(Commitment.objects.select_related(*COMMITMENT_RELATED).get(pk=record.pk))


@router.get(
    "/commitments",
    response={200: CommitmentPage, 404: PlansErrorOut},
    summary="Members' commitments",
)
def list_commitments(request, filters: Query[CommitmentFilters]):
    found = Commitment.objects.visible_to(request.auth).select_related(*COMMITMENT_RELATED)
    if filters.unit:
        found = found.filter(unit__code=filters.unit)
    if filters.year is not None:
        found = found.filter(year=filters.year)
    return _page(found.order_by("-year", "unit__name", "member", "pk"), filters, _commitment)


@router.get(
    "/commitments/summary",
    response={200: SummaryOut, 404: PlansErrorOut},
    summary="Counts and completion rate of a unit's subtree and of each of its children",
)
def commitments_summary(request, filters: Query[SummaryFilters]):
    user, year = request.auth, filters.year or timezone.localdate().year
    top = _home(user, filters.unit)
    below = list(org.children(top, as_of=date(year, 12, 31)).visible_to(user).order_by("name"))
    counts = selectors.commitment_counts([top, *below], year)

    def row(each: OrgUnit) -> dict:
        found = counts.get(each.pk, selectors.CommitmentCounts())
        return {
            "unit": _unit_ref(each),
            "registered": found.registered,
            "midyear": found.midyear,
            "yearend": found.yearend,
            "rated": found.rated,
            "completing": found.completing,
            "excellent": found.excellent,
            "completion": found.completion,
        }

    return {"year": year, "total": row(top), "children": [row(u) for u in below]}


@router.post(
    "/commitments", response={201: CommitmentOut, **ERRORS}, summary="Register commitments"
)
def create_commitment(request, payload: CommitmentIn):
    user = request.auth
    try:
        record = services.register_commitment(
            unit=_writable_unit(user, payload.unit),
            year=payload.year,
            member=payload.member,
            content=payload.content,
            user=user if not payload.member.strip() else None,
            by=user,
        )
    except PlansError as error:
        return _bad(error)
    return Status(201, _saved(record))


@router.put(
    "/commitments/{int:commitment}",
    response={200: CommitmentOut, **ERRORS},
    summary="Edit commitments not yet rated",
)
def update_commitment(request, commitment: RecordId, payload: CommitmentUpdate):
    user = request.auth
    record = get_object_or_404(
        Commitment.objects.editable_by(user).select_related("unit"), pk=commitment
    )
    try:
        saved = services.register_commitment(
            unit=record.unit,
            year=record.year,
            member=payload.member,
            content=payload.content,
            by=user,
            commitment=record,
            version=payload.version,
        )
    except PlansError as error:
        return _bad(error)
    return _saved(saved)


@router.post(
    "/commitments/{int:commitment}/assessment",
    response={200: CommitmentOut, **ERRORS},
    summary="The member's mid-year and year-end self-assessment (null leaves a field as is)",
)
def assess_commitment(request, commitment: RecordId, payload: AssessIn):
    record = get_object_or_404(Commitment.objects.editable_by(request.auth), pk=commitment)
    try:
        saved = services.assess_commitment(
            commitment=record,
            midyear=payload.midyear,
            yearend=payload.yearend,
            self_rating=payload.self_rating,
            version=payload.version,
        )
    except PlansError as error:
        return _bad(error)
    return _saved(saved)


@router.post(
    "/commitments/{int:commitment}/review",
    response={200: CommitmentOut, **ERRORS},
    summary="A reviewer's rating, after the year-end self-assessment",
)
def review_commitment(request, commitment: RecordId, payload: ReviewIn):
    user = request.auth
    record = get_object_or_404(Commitment.objects.reviewable_by(user), pk=commitment)
    try:
        saved = services.review_commitment(
            commitment=record, rating=payload.rating, by=user, version=payload.version
        )
    except PlansError as error:
        return _bad(error)
    return _saved(saved)
