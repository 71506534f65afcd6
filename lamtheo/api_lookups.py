"""Lookups the areas' API routers share: the unit a question is about, the units and the
document a body names, and how records refer to them. A refusal is raised as the calling
area's error (`error=PlansError`, `error=HonoursError`), so each router answers it its way."""

from django import forms as django_forms
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from lamtheo.documents.forms import resolve
from lamtheo.org import selectors as org
from lamtheo.org.models import Membership, OrgUnit
from lamtheo.vn.errors import gettext_noop


def unit_ref(unit: OrgUnit | None) -> dict | None:
    return None if unit is None else {"code": unit.code, "name": unit.name}


def document_ref(document) -> dict | None:
    if document is None:
        return None
    return {
        "id": document.pk,
        "symbol": document.symbol,
        "title": document.title,
        "issued_on": document.issued_on,
    }


def under(unit: OrgUnit, via: str = "unit") -> Q:
    """Records of the unit and of every unit below it today (`via`: the path to their unit)."""
    return Q(**{via: unit}) | Q(**{f"{via}_id__in": org.subtree_ids(unit)})


def home_unit(user, code: str) -> OrgUnit:
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


def visible_units(user, codes: list[str], field: str, *, error) -> list[OrgUnit]:
    """The units of `codes` in their order, each once and each one the caller may see."""
    found = {u.code: u for u in OrgUnit.objects.visible_to(user).filter(code__in=codes)}
    for code in codes:
        if code not in found:
            raise error(
                gettext_noop("Không có đơn vị '%(code)s' mà bạn được xem."), field=field, code=code
            )
    return [found[code] for code in dict.fromkeys(codes)]


def document_named(user, symbol: str, field: str, *, error):
    """The registered document the caller means by its symbol; None for ''."""
    if not (symbol or "").strip():
        return None
    try:
        return resolve(user, symbol)
    except django_forms.ValidationError as refused:
        raise error(
            gettext_noop("%(reason)s"), field=field, reason=" ".join(refused.messages)
        ) from None
