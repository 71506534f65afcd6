"""/api/v1/documents: search and filter the registry, read a document with its links, register
one; /api/v1/vn/parse-number reads a number and symbol with the toolkit.

Every document is fetched through `Document.objects.visible_to(user)`: another commune's
internal document is 404.
"""

from datetime import date
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from pydantic import conint

from lamtheo.api_types import MAX_LIMIT, MAX_OFFSET, Body, IsoDate, RecordId
from lamtheo.org.models import OrgUnit
from lamtheo.vn.docnum import all_profiles, format_doc_number, parse_doc_number
from lamtheo.vn.errors import VnError, gettext_noop

from . import search, selectors, services
from .domain import DocumentError
from .forms import message
from .models import Document, Relation, SigningAuthority, writable_unit_ids

router = Router(tags=["documents"])


class UnitRef(Schema):
    code: str
    name: str


class DocumentBrief(Schema):
    id: int
    symbol: str = Field(..., description="Số và ký hiệu, e.g. 129-KH/TU; empty without a number")
    heading: str = Field(..., description="Kế hoạch số 129-KH/TU")
    style: str
    kind: str
    kind_name: str
    title: str
    issued_on: date
    unit: UnitRef
    is_public: bool


class SearchHit(DocumentBrief):
    snippet: str = Field(
        "", description="HTML: the passage of the body that matches, escaped, matches in <mark>"
    )


class SearchPage(Schema):
    items: list[SearchHit]
    count: int


class RelationOut(Schema):
    kind: str
    label: str
    document: DocumentBrief


class FileOut(Schema):
    uid: str
    name: str
    size: int
    content_type: str


class DocumentDetail(DocumentBrief):
    profile: str
    number: int | None
    number_text: str
    type_code: str
    issuer_code: str
    sub_body: str
    year: int | None
    term: str
    place: str
    signer_name: str
    signer_title: str
    signing_authority: str
    signing_body: str
    body: str
    version: int
    implements: list[RelationOut]
    implemented_by: list[RelationOut]
    relations_out: list[RelationOut]
    relations_in: list[RelationOut]
    files: list[FileOut]


class DocumentFilters(Schema):
    q: str = Field("", max_length=200, description="Không cần dấu: 'ke hoach 129', '499-BC/TU'")
    kind: str = Field("", max_length=40, description="A kind (ke-hoach) or a type code (KH)")
    issuer: str = Field("", max_length=40, description="The issuing unit's code")
    unit: str = Field("", max_length=40, description="Documents of this unit and units under it")
    date_from: IsoDate | None = Field(None, alias="from")
    date_to: IsoDate | None = Field(None, alias="to")
    limit: conint(ge=1, le=MAX_LIMIT) = 20
    offset: conint(ge=0, le=MAX_OFFSET) = 0


# The values, not the enum: its class name (Kind) would take the place of org's Kind in the
# description's components.
RelationKind = Literal[tuple(Relation.Kind.values)]


class RelationIn(Body):
    kind: RelationKind
    target: RecordId = Field(..., description="The id of a document the caller may see")


# Every kind some format profile knows ("ke-hoach"); the profile in force on the date decides.
KindKey = Literal[tuple(sorted({t.key for p in all_profiles().values() for t in p.types}))]


class DocumentIn(Body):
    unit: str = Field(..., max_length=40, description="The issuing unit's code")
    style: Literal["party", "state"]
    kind: KindKey = Field(..., description="The kind's key in the format profile")
    symbol: str = Field("", max_length=60, description="As printed: 129-KH/TU; '' for none")
    issued_on: IsoDate
    title: str = Field(..., max_length=500)
    term: str = Field("", max_length=20, description="'' to take it from the date")
    place: str = Field("", max_length=100)
    signer_name: str = Field("", max_length=120)
    signer_title: str = Field("", max_length=120)
    signing_authority: SigningAuthority = SigningAuthority.NONE
    signing_body: str = Field("", max_length=120)
    body: str = Field("", max_length=1_000_000)
    is_public: bool = False
    relations: list[RelationIn] = Field(default_factory=list, max_length=50)


class RegistryError(Schema):
    detail: str
    field: str | None = None


class DocNumberOut(Schema):
    style: str
    number: str
    value: int
    kind: str | None
    issuer: str
    year: int | None
    sub_body: str | None
    formatted: str


class ParseError(Schema):
    message: str
    code: str
    position: int | None


class ParseOut(Schema):
    text: str
    value: DocNumberOut | None
    error: ParseError | None


def _brief(document: Document) -> dict:
    return {
        "id": document.pk,
        "symbol": document.symbol,
        "heading": document.heading,
        "style": document.style,
        "kind": document.kind,
        "kind_name": document.kind_name,
        "title": document.title,
        "issued_on": document.issued_on,
        "unit": {"code": document.unit.code, "name": document.unit.name},
        "is_public": document.is_public,
    }


@router.get("/documents", response=SearchPage, summary="Search and filter documents")
def list_documents(request, filters: Query[DocumentFilters]):
    page = selectors.find(
        request.auth,
        selectors.Filters(
            q=filters.q,
            kind=filters.kind,
            issuer=filters.issuer,
            unit=filters.unit,
            date_from=filters.date_from,
            date_to=filters.date_to,
        ),
        limit=filters.limit,
        offset=filters.offset,
    )
    items = []
    for document in page.documents:
        hit = _brief(document)
        if page.query:
            hit["snippet"] = str(
                search.highlight(document.body, page.query, width=search.SNIPPET_WIDTH)
            )
        items.append(hit)
    return {"items": items, "count": page.total}


DETAIL_FIELDS = (
    "profile", "number", "number_text", "type_code", "issuer_code", "sub_body", "year", "term",
    "place", "signer_name", "signer_title", "signing_authority", "signing_body", "body", "version",
)  # fmt: skip


def _detail(document: Document, user) -> dict:
    out, incoming = selectors.relations(document, user)

    def rel(relation, other, label):
        return {"kind": relation.kind, "label": label, "document": _brief(other)}

    outgoing = [rel(r, r.target, r.get_kind_display()) for r in out]
    inward = [rel(r, r.source, r.inverse_label) for r in incoming]
    files = selectors.attachments(document)
    return {
        **_brief(document),
        **{name: getattr(document, name) for name in DETAIL_FIELDS},
        "implements": [r for r in outgoing if r["kind"] == Relation.Kind.IMPLEMENTS],
        "implemented_by": [r for r in inward if r["kind"] == Relation.Kind.IMPLEMENTS],
        "relations_out": outgoing,
        "relations_in": inward,
        "files": [
            {"uid": str(f.uid), "name": f.name, "size": f.size, "content_type": f.content_type}
            for f in files
        ],
    }


@router.get(
    "/documents/{int:id}", response=DocumentDetail, summary="A document with its links and files"
)
def get_document(request, id: RecordId):
    document = get_object_or_404(
        Document.objects.visible_to(request.auth).select_related("unit"), pk=id
    )
    return _detail(document, request.auth)


@router.post(
    "/documents",
    response={201: DocumentDetail, 400: RegistryError},
    summary="Register a document (its number is checked against its kind and unit)",
)
def create_document(request, payload: DocumentIn):
    user = request.auth
    units = (
        OrgUnit.objects.all()
        if user.is_superuser
        else OrgUnit.objects.filter(pk__in=writable_unit_ids(user))
    )
    unit = units.filter(code=payload.unit).first()
    if unit is None:
        return Status(
            400,
            {
                "detail": message(
                    DocumentError(
                        gettext_noop("Không có đơn vị '%(code)s' mà bạn được nhập văn bản."),
                        code=payload.unit,
                    )
                ),
                "field": "unit",
            },
        )
    visible = Document.objects.visible_to(user).in_bulk([r.target for r in payload.relations])
    missing = [r.target for r in payload.relations if r.target not in visible]
    if missing:
        error = DocumentError(
            gettext_noop("Không có văn bản số hiệu %(id)s mà bạn được xem."),
            field="relations",
            id=missing[0],
        )
        return Status(400, {"detail": message(error), "field": error.field})
    draft = services.Draft(
        unit=unit,
        kind=f"{payload.style}:{payload.kind}",
        symbol=payload.symbol,
        issued_on=payload.issued_on,
        title=payload.title,
        term=payload.term,
        place=payload.place,
        signer_name=payload.signer_name,
        signer_title=payload.signer_title,
        signing_authority=payload.signing_authority,
        signing_body=payload.signing_body,
        body=payload.body,
        is_public=payload.is_public,
        relations=[(r.kind, visible[r.target]) for r in payload.relations],
    )
    try:
        document = services.create_document(draft=draft, by=user)
    except DocumentError as error:
        return Status(400, {"detail": message(error), "field": error.field})
    return Status(201, _detail(document, user))


@router.get(
    "/vn/parse-number",
    response=ParseOut,
    summary="Read a document's number and symbol: the structured value, or what is wrong",
)
def parse_number(request, text: str = Query("", max_length=200)):
    try:
        value = parse_doc_number(text)
    except VnError as error:
        return {
            "text": text,
            "value": None,
            "error": {"message": message(error), "code": error.code, "position": error.position},
        }
    return {
        "text": text,
        "value": {
            "style": value.style,
            "number": value.number,
            "value": value.value,
            "kind": value.kind,
            "issuer": value.issuer,
            "year": value.year,
            "sub_body": value.sub_body,
            "formatted": format_doc_number(value),
        },
        "error": None,
    }
