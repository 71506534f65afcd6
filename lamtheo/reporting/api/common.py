"""What the reporting API's routes share: the router, errors, the scopes a record is reached
through, and how units, templates and numbers are written out."""

from decimal import Decimal

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from lamtheo import api_lookups as lookups
from lamtheo.api_types import Window as Window  # re-exported for the routers
from lamtheo.api_types import page as page
from lamtheo.org.models import OrgUnit, visible_unit_ids
from lamtheo.vn.errors import gettext_noop
from lamtheo.web import translated

from ..domain import ReportingError
from ..models import Rendering, Report, Request, Submission

router = Router(tags=["Báo cáo định kỳ"])


class ReportingErrorOut(Schema):
    detail: str
    field: str | None = None


class ReportingUnit(Schema):
    code: str
    name: str


ERRORS = {400: ReportingErrorOut, 404: ReportingErrorOut}
NOT_FOUND = {404: ReportingErrorOut}

Version = Field(None, ge=1, description="The version read; a record changed since is refused")

unit_ref = lookups.unit_ref


def bad(error: ReportingError, fields: dict | None = None):
    """400 with the message in the caller's language and the body's field at fault (`fields`
    renames the services' form fields to the API's)."""
    field = (fields or {}).get(error.field, error.field)
    return Status(400, {"detail": translated(error), "field": field})


def plain(value: Decimal | None) -> str | None:
    """A stored figure as text without its trailing zeros: "1567", "8.5" (never "1.567E+3")."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return str(value.normalize())


def visible_unit(user, code: str, field: str) -> OrgUnit:
    unit = OrgUnit.objects.visible_to(user).filter(code=code).first()
    if unit is None:
        raise ReportingError(
            gettext_noop("Không có đơn vị '%(code)s' mà bạn được xem."), field=field, code=code
        )
    return unit


def unit_filter(user, code: str) -> OrgUnit | None:
    """The unit a list is narrowed to (its subtree): 404 when the caller may not see it."""
    if not code:
        return None
    return get_object_or_404(OrgUnit.objects.visible_to(user), code=code)


under = lookups.under


# --- Scopes -----------------------------------------------------------------------------------


def requests_seen(user):
    """Requests issued by the user's units (or below them) or addressed to them."""
    if user.is_superuser:
        return Request.objects.all()
    return Request.objects.filter(
        Q(unit_id__in=visible_unit_ids(user))
        | Q(pk__in=Submission.objects.visible_to(user).values("request_id"))
    )


def requests_issued(user):
    """Requests whose issuing unit's records the user sees: the issuer's side, which reads the
    figures of every recipient (a recipient sees only its own)."""
    if user.is_superuser:
        return Request.objects.all()
    return Request.objects.filter(unit_id__in=visible_unit_ids(user))


def seen_request(user, pk: int) -> Request:
    related = requests_seen(user).select_related("unit", "template", "document", "created_by")
    return get_object_or_404(related, pk=pk)


def issued_request(user, pk: int) -> Request:
    related = requests_issued(user).select_related("unit", "template")
    return get_object_or_404(related, pk=pk)


def written_request(user, pk: int) -> Request:
    """A request whose issuing unit the user writes for (consolidates, prints)."""
    return get_object_or_404(Request.objects.editable_by(user).select_related("unit"), pk=pk)


def renderings_seen(user):
    return Rendering.objects.filter(report__in=Report.objects.visible_to(user))
