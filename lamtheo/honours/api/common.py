"""What the honours API's routes share: the router, errors, lookups of the units, fields, forms,
documents and records a body names, and pages."""

from datetime import date

from ninja import Field, Router, Schema, Status

from lamtheo import api_lookups as lookups
from lamtheo.api_types import Window as Window  # re-exported for the routers
from lamtheo.api_types import page
from lamtheo.org.models import OrgUnit
from lamtheo.vn.errors import gettext_noop
from lamtheo.web import translated

from ..domain import HonoursError
from ..models import Field as WorkField
from ..models import Form

router = Router(tags=["honours"])


class HonoursErrorOut(Schema):
    detail: str
    field: str | None = None


class HonoursUnit(Schema):
    code: str
    name: str


class HonoursRef(Schema):
    code: str
    name: str


class HonoursDocument(Schema):
    id: int
    symbol: str
    title: str
    issued_on: date


ERRORS = {400: HonoursErrorOut, 404: HonoursErrorOut}


Version = Field(None, ge=1, description="The version read; a record changed since is refused")

# Years of emulation: from the first movements (1945) on.
FIRST_YEAR, LAST_YEAR = 1945, 2100


def _bad(error: HonoursError):
    return Status(400, {"detail": translated(error), "field": error.field})


def _unit_ref(unit: OrgUnit | None) -> dict | None:
    if unit is None:
        return None
    return {"code": unit.code, "name": unit.name}


def _named(record) -> dict:
    return {"code": record.code, "name": record.name}


def _visible_unit(user, code: str | None, field: str) -> OrgUnit | None:
    """The unit of `code` the caller may see; None for no code."""
    if not code:
        return None
    unit = OrgUnit.objects.visible_to(user).filter(code=code).first()
    if unit is None:
        raise HonoursError(
            gettext_noop("Không có đơn vị '%(code)s' mà bạn được xem."), field=field, code=code
        )
    return unit


def _work_field(code: str, field: str = "field") -> WorkField:
    found = WorkField.objects.filter(code=code).first()
    if found is None:
        raise HonoursError(gettext_noop("Không có lĩnh vực mã '%(code)s'."), field=field, code=code)
    return found


def _form(code: str) -> Form:
    found = Form.objects.filter(code=code).first()
    if found is None:
        raise HonoursError(
            gettext_noop("Không có hình thức khen thưởng mã '%(code)s'."), field="form", code=code
        )
    return found


def _visible_units(user, codes: list[str], field: str) -> list[OrgUnit]:
    return lookups.visible_units(user, codes, field, error=HonoursError)


def _document(user, symbol: str, field: str):
    return lookups.document_named(user, symbol, field, error=HonoursError)


_page = page  # the names the routers use
_under, _home, _document_ref = lookups.under, lookups.home_unit, lookups.document_ref
