"""What the plans API's routes share: the router, errors, unit and document lookups, pages."""

from datetime import date
from typing import Literal

from django import forms as django_forms
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from lamtheo.api_types import MAX_LIMIT, MAX_OFFSET
from lamtheo.documents.forms import resolve
from lamtheo.documents.models import writable_unit_ids
from lamtheo.org import selectors as org
from lamtheo.org.models import Membership, OrgUnit
from lamtheo.vn.errors import gettext_noop
from lamtheo.web import translated

from ..domain import PlansError
from ..models import Rating

router = Router(tags=["plans"])


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


def _under(unit: OrgUnit) -> Q:
    """Records of the unit and of every unit below it today."""
    return Q(unit=unit) | Q(unit_id__in=org.subtree_ids(unit))


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
