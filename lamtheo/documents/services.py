"""The only writers of the document registry: register and edit a document, link documents,
attach files. Each write checks the rules (domain.py), saves in one transaction and rewrites
the document's search index row in it."""

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from lamtheo.files import services as files
from lamtheo.org.models import OrgUnit
from lamtheo.vn import docnum
from lamtheo.vn.errors import gettext_noop

from . import domain, search
from .domain import DocumentError
from .models import Document, Relation


@dataclass
class Draft:
    """What a form or an API client sends to register or edit a document."""

    unit: OrgUnit
    kind: str  # "party:ke-hoach" (domain.kind_value)
    issued_on: date
    title: str
    symbol: str = ""  # as printed ("129-KH/TU"); empty for a document without a number
    term: str = ""  # proposed from the date when empty
    place: str = ""
    signer_name: str = ""
    signer_title: str = ""
    signing_authority: str = ""
    signing_body: str = ""
    body: str = ""
    is_public: bool = False
    # Created with the document: (kind, target) pairs, targets the user may see.
    relations: list[tuple[str, Document]] = field(default_factory=list)


def _clean(text: str) -> str:
    """NFC, so that the search snippets (cut by position from the folded text) line up."""
    return unicodedata.normalize("NFC", text or "").strip()


def _fill(document: Document, draft: Draft) -> None:
    unit = draft.unit
    style, key = domain.split_kind_value(draft.kind)
    if draft.issued_on is None:
        raise DocumentError(gettext_noop("Hãy nhập ngày ban hành."), field="issued_on")
    if not unit.is_valid_on(draft.issued_on):
        raise DocumentError(
            gettext_noop("%(unit)s không hoạt động vào ngày %(date)s."),
            field="issued_on",
            unit=unit.name,
            date=draft.issued_on.strftime("%d/%m/%Y"),
        )
    title = _clean(draft.title)
    if not title:
        raise DocumentError(gettext_noop("Hãy nhập trích yếu của văn bản."), field="title")
    term = domain.check_term(
        draft.term
        or domain.default_term(
            style=style, issued_on=draft.issued_on, central=unit.kind == "central"
        ),
        style=style,
    )
    symbol = _clean(draft.symbol)
    if symbol:
        checked = domain.check_symbol(
            symbol,
            style=style,
            kind_key=key,
            issued_on=draft.issued_on,
            issuer_code=unit.issuer_code,
            unit_name=unit.name,
        )
        value = checked.value
        document.profile = checked.profile.key
        document.number = value.value
        document.number_text = value.number
        document.type_code = value.kind or ""
        document.issuer_code = value.issuer
        document.sub_body = value.sub_body or ""
        document.year = value.year
        document.symbol = checked.text
    else:
        profile = docnum.profile_for(style, draft.issued_on)
        doc_type = domain.type_of(profile, key)
        document.profile = profile.key
        document.number = None
        document.number_text = document.sub_body = document.symbol = ""
        document.type_code = doc_type.code
        document.issuer_code = unit.issuer_code
        document.year = None
    document.unit = unit
    document.province_code = unit.province_code
    document.style = style
    document.kind = key
    document.term = term
    document.issued_on = draft.issued_on
    document.title = title
    document.place = _clean(draft.place)
    document.signer_name = _clean(draft.signer_name)
    document.signer_title = _clean(draft.signer_title)
    document.signing_authority = draft.signing_authority or ""
    document.signing_body = _clean(draft.signing_body)
    document.body = unicodedata.normalize("NFC", draft.body or "")
    document.is_public = bool(draft.is_public)


def _term(unit: OrgUnit, style: str, issued_on: date, term: str = "") -> str:
    """The term written, or the one the date falls in for this unit."""
    return term.strip() or domain.default_term(
        style=style, issued_on=issued_on, central=unit.kind == "central"
    )


def highest_number(*, unit: OrgUnit, type_code: str, term: str, exclude: int | None = None):
    taken = Document.objects.filter(unit=unit, type_code=type_code, term=term)
    if exclude:
        taken = taken.exclude(pk=exclude)
    return taken.aggregate(m=Max("number"))["m"]


def propose_symbol(*, unit: OrgUnit, kind: str, issued_on: date, term: str = "") -> str | None:
    """The next free number and symbol of the unit's register for that kind and term."""
    style, key = domain.split_kind_value(kind)
    profile = docnum.profile_for(style, issued_on)
    try:
        doc_type = profile.type_by_key(key)
    except LookupError:
        return None
    term = _term(unit, style, issued_on, term)
    return domain.propose_symbol(
        profile=profile,
        kind_key=key,
        highest=highest_number(unit=unit, type_code=doc_type.code, term=term),
        issuer_code=unit.issuer_code,
        on=issued_on,
    )


def _holder(*, unit, type_code: str, number: int, term: str, exclude: int | None):
    """The document of the register that already has this number, if any."""
    return (
        Document.objects.filter(unit=unit, type_code=type_code, number=number, term=term)
        .exclude(pk=exclude)
        .first()
    )


def _check_free(document: Document) -> None:
    if document.number is None:
        return
    taken = _holder(
        unit=document.unit,
        type_code=document.type_code,
        number=document.number,
        term=document.term,
        exclude=document.pk,
    )
    if taken is not None:
        raise _taken(document, taken)


@dataclass
class NumberCheck:
    """What the live check of the form says of a number typed for a unit, kind and date."""

    unit: OrgUnit | None = None
    error: DocumentError | None = None
    reading: domain.CheckedSymbol | None = None
    kind_name: str = ""
    term: str = ""
    taken: Document | None = None  # the document that already has this number
    proposal: str | None = None  # the next free number of the register


def check_number(
    *,
    unit: OrgUnit | None,
    kind: str,
    symbol: str,
    issued_on: date,
    term: str = "",
    exclude=None,
    language: str = "vi",
) -> NumberCheck:
    result = NumberCheck(unit=unit)
    try:
        style, key = domain.split_kind_value(kind)
        if unit is None:
            return result
        result.proposal = propose_symbol(unit=unit, kind=kind, issued_on=issued_on, term=term)
        if not symbol:
            return result
        result.reading = domain.check_symbol(
            symbol,
            style=style,
            kind_key=key,
            issued_on=issued_on,
            issuer_code=unit.issuer_code,
            unit_name=unit.name,
        )
        result.kind_name = domain.kind_name(style, key, issued_on, language)
        result.term = _term(unit, style, issued_on, term)
        result.taken = _holder(
            unit=unit,
            type_code=result.reading.value.kind or "",
            number=result.reading.value.value,
            term=result.term,
            exclude=exclude,
        )
    except DocumentError as error:
        result.error = error
    return result


def _taken(document: Document, taken: Document | None) -> DocumentError:
    proposal = propose_symbol(
        unit=document.unit,
        kind=document.kind_value,
        issued_on=document.issued_on,
        term=document.term,
    )
    return DocumentError(
        gettext_noop(
            "Số %(symbol)s đã được dùng trong nhiệm kỳ %(term)s (%(existing)s); "
            "số tiếp theo còn trống: %(next)s."
        ),
        field="symbol",
        symbol=document.symbol,
        term=document.term,
        existing=(
            f"{taken.title[:80]}, {date_format(taken.issued_on, 'SHORT_DATE_FORMAT')}"
            if taken
            else ""
        ),
        next=proposal or "-",
    )


def _save(document: Document) -> None:
    _check_free(document)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # Two clerks took the same number at the same moment: the second is told, as above.
        raise _taken(document, None) from None
    search.reindex([document.pk])


@transaction.atomic
def create_document(*, draft: Draft, by) -> Document:
    document = Document(created_by=by)
    _fill(document, draft)
    _save(document)
    for kind, target in draft.relations:
        add_relation(source=document, target=target, kind=kind, by=by)
    return document


@transaction.atomic
def update_document(*, document: Document, draft: Draft, version: int, by) -> Document:
    """Edit a document as the user last saw it (`version`): a change saved meanwhile by someone
    else is not overwritten; the user is told to reload."""
    current = Document.objects.select_for_update().get(pk=document.pk)
    if current.version != version:
        raise DocumentError(
            gettext_noop(
                "Văn bản này đã được sửa lúc %(at)s, sau khi bạn mở nó; những gì bạn vừa nhập "
                "chưa được lưu. Hãy mở lại văn bản để xem bản mới rồi sửa tiếp."
            ),
            at=timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y"),
        )
    _fill(current, draft)
    current.version += 1
    current.updated_at = timezone.now()
    _save(current)
    return current


@transaction.atomic
def add_relation(*, source: Document, target: Document, kind: str, by) -> Relation:
    if kind not in Relation.Kind.values:
        raise DocumentError(gettext_noop("Hãy chọn quan hệ giữa hai văn bản."), field="kind")
    existing = set(source.relations_out.values_list("target_id", "kind"))
    domain.check_relation(source_id=source.pk, target_id=target.pk, existing=existing, kind=kind)
    return Relation.objects.create(source=source, target=target, kind=kind, created_by=by)


@transaction.atomic
def remove_relation(*, relation: Relation) -> None:
    relation.delete()


def attach_file(*, document: Document, upload, by, key: str = ""):
    """A file of the document (its signed scan, an annex), checked by content and size."""
    return files.attach(unit=document.unit, upload=upload, user=by, key=key, owner=document)
