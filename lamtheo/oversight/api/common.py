"""What the oversight API's routes share: the router, errors, how units, documents, points and
dates are read from a body and written out, and the scopes a record is reached through."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from lamtheo import api_lookups as lookups
from lamtheo.api_types import Window as Window  # re-exported for the routers
from lamtheo.api_types import page as page
from lamtheo.org.models import OrgUnit
from lamtheo.vn.errors import VnError, gettext_noop
from lamtheo.vn.numbers import parse_number
from lamtheo.web import translated

from ..domain import OversightError
from ..models import Evaluation, Round

router = Router(tags=["Kiểm tra, giám sát, đánh giá"])


class OversightErrorOut(Schema):
    detail: str
    field: str | None = Field(None, description="The body's field at fault: scores.1.2.points")


class OversightUnit(Schema):
    code: str
    name: str


class OversightDocument(Schema):
    id: int
    symbol: str = Field(..., description="Số, ký hiệu: 01-KL/TW")
    title: str
    issued_on: date


ERRORS = {400: OversightErrorOut, 404: OversightErrorOut}
NOT_FOUND = {404: OversightErrorOut}

Version = Field(None, ge=1, description="The version read; a record changed since is refused")
NeededVersion = Field(
    None, ge=1, description="Required: the version read (a record changed since is refused)"
)
Symbol = Field("", max_length=120, description="A registered document's number: 01-KL/TW")
Symbols = Field(
    default_factory=list, max_length=200, description="Registered documents' numbers: 01-KL/TW"
)
# Points or a percent: a JSON number, or Vietnamese text as typed ("8,5", "12"); null clears.
Points = Annotated[str, Field(max_length=40, strict=True)] | Decimal | None

unit_ref = lookups.unit_ref
document_ref = lookups.document_ref
under = lookups.under


def bad(error: OversightError, fields: dict | None = None):
    """400 with the message in the caller's language and the body's field at fault (`fields`
    renames the services' form fields to the API's)."""
    field = (fields or {}).get(error.field, error.field)
    return Status(400, {"detail": translated(error), "field": field})


def plain(value: Decimal | None) -> str | None:
    """Stored points as text without trailing zeros: "90", "8.5" (never "9E+1")."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return str(value.normalize())


def number(raw, field: str) -> Decimal | None:
    """Points or a percent sent as a JSON number or as Vietnamese text ("8,5", "1.000")."""
    if raw is None or isinstance(raw, Decimal):
        return raw
    if not raw.strip():
        return None
    try:
        return parse_number(raw.strip())
    except VnError:
        raise OversightError(
            gettext_noop("«%(text)s» không phải là một số."), field=field, text=raw[:40]
        ) from None


def visible_unit(user, code: str, field: str) -> OrgUnit:
    unit = OrgUnit.objects.visible_to(user).filter(code=code).first()
    if unit is None:
        raise OversightError(
            gettext_noop("Không có đơn vị '%(code)s' mà bạn được xem."), field=field, code=code
        )
    return unit


def visible_units(user, codes: list[str], field: str) -> list[OrgUnit]:
    return lookups.visible_units(user, codes, field, error=OversightError)


def unit_filter(user, code: str) -> OrgUnit | None:
    """The unit a list is narrowed to (its subtree): 404 when the caller may not see it."""
    if not code:
        return None
    return get_object_or_404(OrgUnit.objects.visible_to(user), code=code)


def document_named(user, symbol: str, field: str):
    return lookups.document_named(user, symbol, field, error=OversightError)


def documents_named(user, symbols: list[str], field: str) -> list:
    found = [document_named(user, s, field) for s in symbols]
    return list({d.pk: d for d in found if d is not None}.values())


# --- Scopes -----------------------------------------------------------------------------------


def rounds_seen(user):
    """Rounds the user's units opened (or those above them), and those evaluating one of the
    user's units: an evaluated commune reads its round, though only its own sheet."""
    return Round.objects.filter(
        Q(pk__in=Round.objects.visible_to(user).values("pk"))
        | Q(pk__in=Evaluation.objects.visible_to(user).values("round_id"))
    )
