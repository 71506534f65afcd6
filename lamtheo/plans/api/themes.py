"""/api/v1/themes: a unit's themes for a year or a term."""

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema, Status

from lamtheo.api_types import Body, RecordId
from lamtheo.org.models import OrgUnit
from lamtheo.vn.errors import gettext_noop

from .. import services
from ..domain import PlansError
from ..models import Theme
from .common import (
    ERRORS,
    Period,
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
    _writable_unit,
    router,
)


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
        themes = themes.filter(_under(unit))
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
