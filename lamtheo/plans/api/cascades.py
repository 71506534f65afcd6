"""/api/v1/cascades, /cascade-items and /inbox: what each unit must do by a deadline."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Schema, Status

from lamtheo.api_types import Body, IsoDate, RecordId
from lamtheo.vn.errors import gettext_noop

from .. import selectors, services
from ..domain import PlansError
from ..models import (
    Cascade,
    CascadeItem,
    Programme,
    Theme,
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
    _home,
    _page,
    _unit_ref,
    router,
)
from .programmes import ChooseIn, TaskOut, _chosen, _task


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
