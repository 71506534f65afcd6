"""/api/v1/oversight/inspections: each inspection, supervision or working delegation with its
team, its scope (the documents and plans it checks), the conclusion's findings and the
conclusion's header."""

from datetime import date, datetime
from typing import Literal

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema, Status

from lamtheo.api_types import Body, IsoDate, RecordId
from lamtheo.org import selectors as org
from lamtheo.plans.models import Programme as PlanProgramme
from lamtheo.vn.errors import gettext_noop

from .. import services
from ..domain import OversightError
from ..models import Finding, Inspection, Kind, Programme, Section, Stage
from ..services.inspections import MAX_TARGETS, MAX_TEAM, MAX_TEXT, TEAM_ROLES
from .common import (
    ERRORS,
    NOT_FOUND,
    OversightDocument,
    OversightUnit,
    Symbols,
    Version,
    Window,
    bad,
    document_named,
    document_ref,
    documents_named,
    page,
    router,
    unit_filter,
    unit_ref,
    visible_unit,
    visible_units,
)

KindValue = Literal[tuple(Kind.values)]
MAX_FINDINGS = 2000


class TeamMember(Schema):
    name: str = Field(..., max_length=120, description="Họ và tên")
    title: str = Field("", max_length=300, description="Chức vụ")
    role: Literal[TEAM_ROLES] = Field("member", description="lead, deputy, member, secretary")


class InspectionProgrammeRef(Schema):
    id: int
    year: int
    title: str


class PlanBrief(Schema):
    id: int
    title: str
    unit: OversightUnit


class InspectionOut(Schema):
    id: int
    unit: OversightUnit = Field(..., description="The inspecting unit")
    programme: InspectionProgrammeRef | None
    kind: str = Field(..., description="inspection (kiểm tra), supervision, delegation")
    title: str
    starts_on: date
    ends_on: date
    stage: str = Field(..., description="planned, running, concluded")
    targets: list[OversightUnit] = Field(..., description="The inspected units")
    team: list[TeamMember]
    documents: list[OversightDocument] = Field(..., description="The documents it checks")
    plans: list[PlanBrief] = Field(..., description="The plans it checks")
    decision: OversightDocument | None = Field(None, description="Quyết định kiểm tra")
    created_by: str | None
    created_at: datetime
    version: int


class ConclusionOut(Schema):
    number: str = Field(..., description="Số, ký hiệu: 05-TB/TU ('' until numbered)")
    signed_on: date | None
    place: str
    issuer: str
    superior: str
    authority: str = Field(..., description="T/M BAN THƯỜNG VỤ...")
    signer_title: str
    signer: str
    recipients: str = Field(..., description="Nơi nhận, one per line")


class FindingOut(Schema):
    id: int
    section: str = Field(..., description="results, limitations or causes")
    unit: OversightUnit | None = Field(None, description="The inspected unit it is about")
    text: str


class InspectionDetail(InspectionOut):
    conclusion: ConclusionOut
    findings: list[FindingOut] = Field(..., description="Those the caller may see")


class InspectionPage(Schema):
    items: list[InspectionOut]
    count: int


class InspectionFilters(Window):
    year: int | None = Field(None, ge=1945, le=2100, description="Running some time that year")
    unit: str = Field(
        "", max_length=40, description="Inspecting or inspected: this unit or one under it"
    )
    kind: Literal[tuple(["", *Kind.values])] = ""
    stage: Literal[tuple(["", *Stage.values])] = ""
    programme: RecordId | None = Field(None, description="An inspection programme's id")


class InspectionFields(Body):
    kind: KindValue = Field(..., description="inspection, supervision or delegation")
    title: str = Field(..., max_length=500)
    starts_on: IsoDate
    ends_on: IsoDate
    targets: list[str] = Field(
        ..., max_length=MAX_TARGETS, description="The inspected units' codes"
    )
    team: list[TeamMember] = Field(default_factory=list, max_length=MAX_TEAM)
    programme: RecordId | None = Field(None, description="The programme's id")
    documents: list[str] = Symbols
    plans: list[RecordId] = Field(
        default_factory=list, max_length=200, description="Ids of the plans it checks"
    )
    decision: str = Field("", max_length=120, description="The decision's number: 12-QĐ/TU")


class InspectionIn(InspectionFields):
    unit: str = Field(..., min_length=1, max_length=40, description="The inspecting unit's code")


class InspectionUpdate(InspectionFields):
    version: int | None = Version


class FindingIn(Schema):
    section: Literal[tuple(Section.values)]
    unit: str | None = Field(None, max_length=40, description="An inspected unit's code, or null")
    text: str = Field(..., max_length=MAX_TEXT)


class FindingsIn(Body):
    findings: list[FindingIn] = Field(..., max_length=MAX_FINDINGS)
    version: int | None = Version


class ConclusionIn(Body):
    number: str = Field("", max_length=60, description="05-TB/TU (TB, KL or BC)")
    signed_on: IsoDate
    place: str = Field(..., max_length=100, description="Địa danh")
    signer: str = Field(..., max_length=120)
    signer_title: str = Field("", max_length=120)
    authority: str = Field("", max_length=60, description="T/M BAN THƯỜNG VỤ")
    issuer: str | None = Field(None, max_length=200, description="Default: the unit's name")
    superior: str = Field("", max_length=200)
    recipients: str = Field("", max_length=2000, description="One per line")
    version: int | None = Version


RELATED = ("unit", "programme", "decision", "created_by")
PREFETCH = ("targets__unit", "documents", "plans__unit")


def _inspection(found: Inspection) -> dict:
    programme = found.programme
    return {
        "id": found.pk,
        "unit": unit_ref(found.unit),
        "programme": (
            {"id": programme.pk, "year": programme.year, "title": programme.title}
            if programme
            else None
        ),
        "kind": found.kind,
        "title": found.title,
        "starts_on": found.starts_on,
        "ends_on": found.ends_on,
        "stage": found.stage,
        "targets": [unit_ref(t.unit) for t in sorted(found.targets.all(), key=_by_name)],
        "team": found.team,
        "documents": [document_ref(d) for d in sorted(found.documents.all(), key=lambda d: d.pk)],
        "plans": [
            {"id": p.pk, "title": p.title, "unit": unit_ref(p.unit)}
            for p in sorted(found.plans.all(), key=lambda p: p.pk)
        ],
        "decision": document_ref(found.decision),
        "created_by": found.created_by.username if found.created_by else None,
        "created_at": found.created_at,
        "version": found.version,
    }


def _by_name(target):
    return (target.unit.name, target.unit.pk)


def inspection_detail(user, pk: int) -> dict:
    found = Inspection.objects.select_related(*RELATED).prefetch_related(*PREFETCH).get(pk=pk)
    findings = (
        Finding.objects.visible_to(user)
        .filter(inspection=found)
        .select_related("unit")
        .order_by("section", "position", "pk")
    )
    order = {s: i for i, s in enumerate(Section.values)}
    return {
        **_inspection(found),
        "conclusion": {
            "number": found.number,
            "signed_on": found.signed_on,
            "place": found.place,
            "issuer": found.issuer,
            "superior": found.superior,
            "authority": found.authority,
            "signer_title": found.signer_title,
            "signer": found.signer,
            "recipients": found.recipients,
        },
        "findings": [
            {"id": f.pk, "section": f.section, "unit": unit_ref(f.unit), "text": f.text}
            for f in sorted(findings, key=lambda f: (order[f.section], f.position, f.pk))
        ],
    }


def _editable(user, pk: int) -> Inspection:
    return get_object_or_404(Inspection.objects.editable_by(user).select_related("unit"), pk=pk)


def _scope(user, payload: InspectionFields) -> dict:
    """The body's references as the services take them: units by code, documents by number,
    the programme and the plans by id (each one the caller may see)."""
    programme = None
    if payload.programme is not None:
        programme = Programme.objects.visible_to(user).filter(pk=payload.programme).first()
        if programme is None:
            raise OversightError(
                gettext_noop("Không có chương trình kiểm tra số %(id)s mà bạn được xem."),
                field="programme",
                id=payload.programme,
            )
    plans = {p.pk: p for p in PlanProgramme.objects.visible_to(user).filter(pk__in=payload.plans)}
    for pk in payload.plans:
        if pk not in plans:
            raise OversightError(
                gettext_noop("Không có kế hoạch số %(id)s mà bạn được xem."), field="plans", id=pk
            )
    return {
        "kind": payload.kind,
        "title": payload.title,
        "starts_on": payload.starts_on,
        "ends_on": payload.ends_on,
        "targets": visible_units(user, payload.targets, "targets"),
        "team": [m.model_dump() for m in payload.team],
        "programme": programme,
        "documents": documents_named(user, payload.documents, "documents"),
        "plans": list(plans.values()),
        "decision": document_named(user, payload.decision, "decision"),
    }


@router.get(
    "/inspections",
    response={200: InspectionPage, **NOT_FOUND},
    summary="Inspections, supervisions and working delegations the caller may see",
)
def list_inspections(request, filters: Query[InspectionFilters]):
    """Those of the caller's units as the inspecting unit, and those inspecting them, newest
    first. `year` keeps those running some time that year; `unit` those where that unit (or one
    under it) inspects or is inspected."""
    user = request.auth
    found = Inspection.objects.visible_to(user)
    unit = unit_filter(user, filters.unit)
    if unit is not None:
        inside = org.subtree_ids(unit)
        found = found.filter(Q(unit_id__in=inside) | Q(targets__unit_id__in=inside)).distinct()
    if filters.year is not None:
        found = found.filter(
            starts_on__lte=date(filters.year, 12, 31), ends_on__gte=date(filters.year, 1, 1)
        )
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.stage:
        found = found.filter(stage=filters.stage)
    if filters.programme is not None:
        found = found.filter(programme_id=filters.programme)
    found = found.select_related(*RELATED).prefetch_related(*PREFETCH)
    return page(found.order_by("-starts_on", "-pk"), filters, _inspection)


@router.post(
    "/inspections",
    response={201: InspectionDetail, **ERRORS},
    summary="Record an inspection, a supervision or a working delegation",
)
def create_inspection(request, payload: InspectionIn):
    """The inspecting unit and the inspected units (`targets`) by code: units under it, or
    under its parent for a committee's department, as they stood on the first day. The team
    as a list of members, the documents checked and the decision by number, the plans checked
    and the programme by id. For the inspecting unit's editors and admins."""
    user = request.auth
    try:
        unit = visible_unit(user, payload.unit, "unit")
        made = services.create_inspection(unit=unit, by=user, **_scope(user, payload))
    except OversightError as error:
        return bad(error)
    return Status(201, inspection_detail(user, made.pk))


@router.get(
    "/inspections/{int:inspection}",
    response={200: InspectionDetail, **NOT_FOUND},
    summary="An inspection with its scope, team, conclusion and the findings the caller sees",
)
def get_inspection(request, inspection: RecordId):
    """A finding about one inspected unit is shown to that unit's people (and above) and to
    the inspecting unit's, never to another inspected unit."""
    found = get_object_or_404(Inspection.objects.visible_to(request.auth), pk=inspection)
    return inspection_detail(request.auth, found.pk)


@router.put(
    "/inspections/{int:inspection}",
    response={200: InspectionDetail, **ERRORS},
    summary="Change an inspection's kind, title, dates, inspected units, team or scope",
)
def update_inspection(request, inspection: RecordId, payload: InspectionUpdate):
    """The whole record as for its creation, from the `version` read; a unit that has
    recommendations cannot be taken off. For the inspecting unit's editors (404 for others)."""
    user = request.auth
    found = _editable(user, inspection)
    try:
        services.update_inspection(
            inspection=found, by=user, version=payload.version, **_scope(user, payload)
        )
    except OversightError as error:
        return bad(error)
    return inspection_detail(user, found.pk)


@router.put(
    "/inspections/{int:inspection}/findings",
    response={200: InspectionDetail, **ERRORS},
    summary="Write the conclusion's findings: results, limitations, causes",
)
def set_findings(request, inspection: RecordId, payload: FindingsIn):
    """The list replaces the findings written before, in its order. Each finding is general
    (`unit` null) or about one inspected unit, named by its code; an error names the row in
    its message (field "findings"; an unknown unit "findings.2.unit"). For the inspecting
    unit's editors (404 for others)."""
    user = request.auth
    found = _editable(user, inspection)
    try:
        findings = [
            services.FindingSpec(
                section=f.section,
                text=f.text,
                unit=visible_unit(user, f.unit, f"findings.{n}.unit") if f.unit else None,
            )
            for n, f in enumerate(payload.findings, start=1)
        ]
        services.set_findings(inspection=found, findings=findings, by=user, version=payload.version)
    except OversightError as error:
        return bad(error)
    return inspection_detail(user, found.pk)


@router.put(
    "/inspections/{int:inspection}/conclusion",
    response={200: InspectionDetail, **ERRORS},
    summary="Set the conclusion's number, date, place and signature: the inspection concludes",
)
def conclude(request, inspection: RecordId, payload: ConclusionIn):
    """The header and signature block of the thông báo kết luận (its number a TB, KL or BC
    one); the inspection's stage becomes "concluded". For the inspecting unit's editors."""
    user = request.auth
    found = _editable(user, inspection)
    try:
        services.conclude(
            inspection=found,
            by=user,
            version=payload.version,
            number=payload.number,
            signed_on=payload.signed_on,
            place=payload.place,
            signer=payload.signer,
            signer_title=payload.signer_title,
            authority=payload.authority,
            issuer=payload.issuer or "",
            superior=payload.superior,
            recipients=payload.recipients,
        )
    except OversightError as error:
        return bad(error)
    return inspection_detail(user, found.pk)
