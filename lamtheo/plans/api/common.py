"""What the plans API's routes share: the router, errors, unit and document lookups, pages."""

from datetime import date
from typing import Literal

from ninja import Field, Router, Schema, Status

from lamtheo import api_lookups as lookups
from lamtheo.api_types import Window as Window  # re-exported for the routers
from lamtheo.api_types import page
from lamtheo.documents.models import writable_unit_ids
from lamtheo.org.models import OrgUnit
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
    return lookups.visible_units(user, codes, field, error=PlansError)


def _document(user, symbol: str, field: str):
    return lookups.document_named(user, symbol, field, error=PlansError)


_page = page  # the names the routers use
_under, _home, _document_ref = lookups.under, lookups.home_unit, lookups.document_ref
