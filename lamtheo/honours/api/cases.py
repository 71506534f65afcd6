"""/api/v1/honours/cases: exemplary cases found, nominated, read with their commendations,
replications and evidence, edited until verified, and given more evidence files."""

from datetime import date, datetime
from typing import Literal

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, File, Query, Schema, Status
from ninja.files import UploadedFile
from pydantic import conint

from lamtheo.api_types import Body, RecordId
from lamtheo.files.models import Attachment
from lamtheo.org.models import OrgUnit
from lamtheo.plans.models import Programme
from lamtheo.vn.errors import gettext_noop

from .. import domain, selectors, services
from ..domain import HonoursError
from ..models import Case, Kind, Movement
from ..models import Status as CaseStatus
from .common import (
    ERRORS,
    FIRST_YEAR,
    LAST_YEAR,
    HonoursErrorOut,
    HonoursRef,
    HonoursUnit,
    Window,
    _bad,
    _named,
    _page,
    _under,
    _unit_ref,
    _visible_unit,
    _work_field,
    router,
)

Year = conint(ge=FIRST_YEAR, le=LAST_YEAR)
KindValue = Literal[tuple(Kind.values)]


class CaseOut(Schema):
    id: int
    unit: HonoursUnit = Field(..., description="The unit that records it")
    kind: str = Field(..., description="collective (tập thể) or individual (cá nhân)")
    name: str
    position: str
    honoree_unit: HonoursUnit | None = Field(None, description="The organisation recognised")
    field: HonoursRef
    year: int
    title: str
    source: str
    movement: int | None
    programme: int | None
    status: str = Field(..., description="proposed, verified, commended, replicated, returned")
    return_reason: str
    published: bool
    duplicates_found: int = Field(..., description="Cases of the same honoree and field found")
    proposed_by: str | None
    proposed_at: datetime
    verified_by: str | None
    verified_at: datetime | None
    version: int


class CasePage(Schema):
    items: list[CaseOut]
    count: int


class CommendationOut(Schema):
    id: int
    form: HonoursRef
    level: str = Field(..., description="central, province, district, commune, grassroots")
    issuer: HonoursUnit | None
    issuer_name: str
    decision: str = Field(..., description="As lamtheo writes it: 123-QĐ/TU, 15/QĐ-UBND")
    decision_style: str = Field(..., description="party, state, or '' without a decision")
    decided_on: date
    year: int
    note: str


class ReplicationOut(Schema):
    unit: HonoursUnit
    since: date
    note: str


class EvidenceOut(Schema):
    uid: str
    name: str
    content_type: str
    size: int
    url: str = Field(..., description="Where it is downloaded")


class CaseDetail(CaseOut):
    story: str
    commendations: list[CommendationOut]
    replications: list[ReplicationOut]
    files: list[EvidenceOut]
    likely_duplicates: list[int] = Field(
        ..., description="Ids of the cases the caller may see with the same honoree and field"
    )


class CaseFilters(Window):
    unit: str = Field("", max_length=40, description="Cases of this unit and those under it")
    year: Year | None = None
    year_from: Year | None = None
    year_to: Year | None = None
    field: str = Field("", max_length=40, description="A field's code: thien-nguyen")
    status: Literal[tuple(["", *CaseStatus.values])] = ""
    kind: Literal[tuple(["", *Kind.values])] = ""
    q: str = Field("", max_length=200, description="Tên, mô hình, không cần dấu: 'hoang van duc'")


class CaseFields(Body):
    kind: KindValue
    name: str = Field(..., max_length=200)
    position: str = Field("", max_length=200)
    honoree_unit: str | None = Field(None, max_length=40, description="A unit's code")
    field: str = Field(..., max_length=40, description="A field's code: thien-nguyen")
    year: Year
    title: str = Field(..., max_length=300)
    story: str = Field("", max_length=20000)
    source: str = Field("", max_length=300, description="The report or article that tells it")
    movement: RecordId | None = Field(None, description="The emulation movement it answers")
    programme: RecordId | None = Field(None, description="The plan or programme it carries out")


class CaseIn(CaseFields):
    unit: str = Field(
        ..., min_length=1, max_length=40, description="The code of the unit that records it"
    )


class CaseUpdate(CaseFields):
    version: int | None = Field(None, ge=1, description="Required: the version read")


CASE_RELATED = ("unit", "honoree_unit", "field", "proposed_by", "verified_by")


def _case(case: Case) -> dict:
    return {
        "id": case.pk,
        "unit": _unit_ref(case.unit),
        "kind": case.kind,
        "name": case.name,
        "position": case.position,
        "honoree_unit": _unit_ref(case.honoree_unit),
        "field": _named(case.field),
        "year": case.year,
        "title": case.title,
        "source": case.source,
        "movement": case.movement_id,
        "programme": case.programme_id,
        "status": case.status,
        "return_reason": case.return_reason,
        "published": case.published,
        "duplicates_found": case.duplicates_found,
        "proposed_by": case.proposed_by.username if case.proposed_by else None,
        "proposed_at": case.proposed_at,
        "verified_by": case.verified_by.username if case.verified_by else None,
        "verified_at": case.verified_at,
        "version": case.version,
    }


def _commendation(given) -> dict:
    return {
        "id": given.pk,
        "form": _named(given.form),
        "level": given.level,
        "issuer": _unit_ref(given.issuer),
        "issuer_name": given.issuer_name,
        "decision": given.decision,
        "decision_style": given.decision_style,
        "decided_on": given.decided_on,
        "year": given.year,
        "note": given.note,
    }


def _evidence(case: Case) -> list[dict]:
    files = Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(Case), owner_id=str(case.pk)
    )
    return [
        {
            "uid": str(a.uid),
            "name": a.name,
            "content_type": a.content_type,
            "size": a.size,
            "url": reverse("files:download", kwargs={"uid": a.uid}),
        }
        for a in files.order_by("uploaded_at", "pk")
    ]


def case_detail(pk: int, user) -> dict:
    """A case as saved, with all it holds, read again after a write."""
    case = Case.objects.select_related(*CASE_RELATED).get(pk=pk)
    commendations = case.commendations.select_related("form", "issuer")
    replications = case.replications.select_related("unit")
    return {
        **_case(case),
        "story": case.story,
        "commendations": [_commendation(c) for c in commendations],
        "replications": [
            {"unit": _unit_ref(r.unit), "since": r.since, "note": r.note} for r in replications
        ],
        "files": _evidence(case),
        "likely_duplicates": [c.pk for c in selectors.likely_duplicates(case, user)],
    }


def _movement(user, pk: int | None) -> Movement | None:
    if pk is None:
        return None
    found = Movement.objects.visible_to(user).filter(pk=pk).first()
    if found is None:
        raise HonoursError(gettext_noop("Không có phong trào thi đua này."), field="movement")
    return found


def _programme(user, pk: int | None) -> Programme | None:
    if pk is None:
        return None
    found = Programme.objects.visible_to(user).filter(pk=pk).first()
    if found is None:
        raise HonoursError(gettext_noop("Không có kế hoạch, chương trình này."), field="programme")
    return found


def _values(user, payload: CaseFields) -> dict:
    """What the services take from a body: the records it names, looked up for the caller."""
    return {
        "kind": payload.kind,
        "name": payload.name,
        "position": payload.position,
        "honoree_unit": _visible_unit(user, payload.honoree_unit, "honoree_unit"),
        "field": _work_field(payload.field),
        "year": payload.year,
        "title": payload.title,
        "story": payload.story,
        "source": payload.source,
        "movement": _movement(user, payload.movement),
        "programme": _programme(user, payload.programme),
    }


@router.get(
    "/honours/cases",
    response={200: CasePage, 404: HonoursErrorOut},
    summary="Exemplary cases the caller may see, newest year first",
)
def list_cases(request, filters: Query[CaseFilters]):
    user = request.auth
    cases = Case.objects.visible_to(user).select_related(*CASE_RELATED)
    if filters.unit:
        unit = get_object_or_404(OrgUnit.objects.visible_to(user), code=filters.unit)
        cases = cases.filter(_under(unit))
    if filters.year is not None:
        cases = cases.filter(year=filters.year)
    if filters.year_from is not None:
        cases = cases.filter(year__gte=filters.year_from)
    if filters.year_to is not None:
        cases = cases.filter(year__lte=filters.year_to)
    if filters.field:
        cases = cases.filter(field__code=filters.field)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    key = domain.search_key(filters.q)
    if key:  # name, position, title and story, folded as stored
        cases = cases.filter(search_text__contains=key)
    return _page(cases.order_by("-year", "name", "pk"), filters, _case)


@router.post(
    "/honours/cases",
    response={201: CaseDetail, **ERRORS},
    summary="Nominate a case (đề xuất); the answer lists likely duplicates the caller may see",
)
def nominate_case(request, payload: CaseIn):
    user = request.auth
    try:
        unit = _visible_unit(user, payload.unit, "unit")
        case = services.nominate_case(unit=unit, by=user, **_values(user, payload))
    except HonoursError as error:
        return _bad(error)
    return Status(201, case_detail(case.pk, user))


@router.get(
    "/honours/cases/{int:case}",
    response={200: CaseDetail, 404: HonoursErrorOut},
    summary="A case with its commendations, replications and evidence files",
)
def get_case(request, case: RecordId):
    found = get_object_or_404(Case.objects.visible_to(request.auth), pk=case)
    return case_detail(found.pk, request.auth)


@router.put(
    "/honours/cases/{int:case}",
    response={200: CaseDetail, **ERRORS},
    summary="Edit a case not yet verified, from the version read (a returned one is sent again)",
)
def update_case(request, case: RecordId, payload: CaseUpdate):
    user = request.auth
    record = get_object_or_404(Case.objects.editable_by(user).select_related("unit"), pk=case)
    try:
        if payload.version is None:
            raise HonoursError(
                gettext_noop(
                    "Hãy gửi kèm phiên bản (version) của điển hình mà bạn đã đọc: không ghi đè "
                    "một điển hình mà không biết bản đang lưu."
                ),
                field="version",
            )
        saved = services.nominate_case(
            unit=record.unit,
            by=user,
            case=record,
            version=payload.version,
            **_values(user, payload),
        )
    except HonoursError as error:
        return _bad(error)
    return case_detail(saved.pk, user)


@router.post(
    "/honours/cases/{int:case}/evidence",
    response={201: CaseDetail, **ERRORS},
    summary="Add an evidence file (photo, PDF...) to a case: multipart field `file`",
)
def add_evidence(request, case: RecordId, file: File[UploadedFile]):
    user = request.auth
    record = get_object_or_404(Case.objects.editable_by(user).select_related("unit"), pk=case)
    try:
        services.add_evidence(case=record, uploads=[file], by=user)
    except HonoursError as error:
        return _bad(error)
    return Status(201, case_detail(record.pk, user))
