"""Pure rules of the document registry: kinds and codes from the format profiles, a number and
symbol checked against its kind and issuing unit, numbering terms, the next free number, and
the relations between documents. No Django here.

A document's symbol is what the clerk types as printed ("129-KH/TU", "15/QĐ-UBND"); it is read
with the toolkit (`lamtheo.vn.docnum`) and must agree with the chosen kind (KH is a Kế hoạch) and
with the issuing unit's own code (a Tỉnh ủy signs /TU).
"""

import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from lamtheo.vn import docnum
from lamtheo.vn.docnum import DocNumber, Profile
from lamtheo.vn.errors import VnError, gettext_noop


class DocumentError(Exception):
    """A rule was broken. `template` % `params` is the Vietnamese message (translated by the
    web layer through the catalogue); `field` names the form field it is about, if any."""

    def __init__(self, template: str, *, field: str | None = None, **params):
        self.template = template
        self.field = field
        self.params = params
        super().__init__(template % params if params else template)

    @classmethod
    def from_vn(cls, error: VnError, *, field: str) -> "DocumentError":
        return cls(error.template, field=field, **error.params)


class Style(StrEnum):
    PARTY = "party"
    STATE = "state"


# Units of these kinds write in the State style (Nghị định 30/2020/NĐ-CP); the rest in the
# Party's. Only the default of the form: the clerk picks the kind, and with it the style.
STATE_UNIT_KINDS = frozenset({"council", "peoples_committee", "department"})


def style_of_unit(unit_kind: str) -> Style:
    """
    >>> style_of_unit("province"), style_of_unit("peoples_committee")
    (<Style.PARTY: 'party'>, <Style.STATE: 'state'>)
    """
    return Style.STATE if unit_kind in STATE_UNIT_KINDS else Style.PARTY


def kind_value(style: str, key: str) -> str:
    """The form's value for a kind: its style and its key in the profile ("party:ke-hoach")."""
    return f"{style}:{key}"


def split_kind_value(value: str) -> tuple[str, str]:
    """
    >>> split_kind_value("party:ke-hoach")
    ('party', 'ke-hoach')
    """
    style, _, key = (value or "").partition(":")
    if style not in {s.value for s in Style} or not key:
        raise DocumentError(gettext_noop("Hãy chọn loại văn bản."), field="kind")
    return style, key


def _name(doc_type, language: str) -> str:
    return doc_type.name_en if language == "en" and doc_type.name_en else doc_type.name


def kind_groups(on: date, language: str = "vi") -> list[tuple[Style, list[tuple[str, str]]]]:
    """The kinds a clerk may choose on a day, per style, from the profile in force then."""
    groups = []
    for style in Style:
        profile = docnum.profile_for(style.value, on)
        groups.append(
            (style, [(kind_value(style, t.key), _name(t, language)) for t in profile.types])
        )
    return groups


def kind_name(style: str, key: str, on: date, language: str = "vi") -> str:
    """The type name of a stored kind ("Kế hoạch"; "Plan" in English); the key itself if no
    profile knows it.

    >>> kind_name("party", "ke-hoach", date(2022, 12, 2)), kind_name("party", "ke-hoach",
    ...     date(2022, 12, 2), "en")
    ('Kế hoạch', 'Plan')
    """
    try:
        return _name(docnum.profile_for(style, on).type_by_key(key), language)
    except LookupError:
        return key


def _norm(code: str) -> str:
    code = unicodedata.normalize("NFC", code or "").strip().upper()
    return "TW" if code == "TƯ" else code


def type_of(profile: Profile, kind_key: str):
    """The profile's type of that key, or the error a clerk sees on the kind field."""
    try:
        return profile.type_by_key(kind_key)
    except LookupError:
        raise DocumentError(
            gettext_noop("Loại văn bản '%(kind)s' không có trong %(profile)s."),
            field="kind",
            kind=kind_key,
            profile=profile.name,
        ) from None


@dataclass(frozen=True)
class CheckedSymbol:
    value: DocNumber
    profile: Profile
    text: str  # the symbol as lamtheo writes it ("129-KH/TU")


def check_symbol(
    text: str, *, style: str, kind_key: str, issued_on: date, issuer_code: str, unit_name: str
) -> CheckedSymbol:
    """Read the number and symbol as typed and hold it to the kind and the issuing unit.

    `issuer_code` is the issuing unit's own code ("TU"); empty when the unit has none, and then
    any code is taken as written.
    """
    profile = docnum.profile_for(style, issued_on)
    doc_type = type_of(profile, kind_key)
    try:
        value = docnum.validate_doc_number(text, profile)
    except VnError as error:
        raise DocumentError.from_vn(error, field="symbol") from None
    written = docnum.format_doc_number(value)
    if _norm(value.kind or "") != _norm(doc_type.code):
        raise DocumentError(
            gettext_noop(
                "'%(symbol)s': ký hiệu '%(code)s' không phải của %(kind)s (%(expected)s)."
            ),
            field="symbol",
            symbol=written,
            code=value.kind or "",
            kind=doc_type.name,
            expected=doc_type.code or "-",
        )
    if issuer_code and _norm(value.issuer) != _norm(issuer_code):
        raise DocumentError(
            gettext_noop(
                "'%(symbol)s': cơ quan ban hành '%(issuer)s' không khớp với %(unit)s, "
                "đơn vị ký hiệu là '%(expected)s'."
            ),
            field="symbol",
            symbol=written,
            issuer=value.issuer,
            unit=unit_name,
            expected=issuer_code,
        )
    if doc_type.legal and value.year is not None and value.year != issued_on.year:
        raise DocumentError(
            gettext_noop(
                "'%(symbol)s': năm trong ký hiệu (%(year)s) khác năm ban hành (%(issued)s)."
            ),
            field="symbol",
            symbol=written,
            year=value.year,
            issued=issued_on.year,
        )
    return CheckedSymbol(value, profile, written)


# Party committees restart their counters at each term (nhiệm kỳ); the State at each calendar
# year. The centre's terms start with the national congress (early in 2001, 2006, ... 2021,
# 2026), a province's and its lower levels' with the provincial congress (autumn of 2000, 2005,
# ... 2020, 2025). Only a proposal: the clerk may write another term.
CENTRAL_TERMS = (2001, (2, 1))
LOCAL_TERMS = (2000, (10, 1))


def default_term(*, style: str, issued_on: date, central: bool) -> str:
    """The numbering term a document falls in.

    >>> default_term(style="party", issued_on=date(2021, 5, 18), central=True)
    '2021-2026'
    >>> default_term(style="party", issued_on=date(2016, 5, 15), central=True)
    '2016-2021'
    >>> default_term(style="party", issued_on=date(2022, 12, 2), central=False)
    '2020-2025'
    >>> default_term(style="party", issued_on=date(2020, 6, 1), central=False)
    '2015-2020'
    >>> default_term(style="state", issued_on=date(2024, 3, 1), central=False)
    '2024'
    """
    if style == Style.STATE:
        return str(issued_on.year)
    first, (month, day) = CENTRAL_TERMS if central else LOCAL_TERMS
    start = first + ((issued_on.year - first) // 5) * 5
    if issued_on < date(start, month, day):
        start -= 5
    return f"{start}-{start + 5}"


def check_term(term: str, *, style: str) -> str:
    """
    >>> check_term(" 2020-2025 ", style="party"), check_term("2024", style="state")
    ('2020-2025', '2024')
    """
    term = (term or "").replace(" ", "").replace("–", "-")
    if style == Style.STATE:
        ok = term.isdigit() and len(term) == 4
    else:
        start, _, end = term.partition("-")
        ok = start.isdigit() and end.isdigit() and len(start) == len(end) == 4
        ok = ok and int(end) > int(start)
    if not ok:
        example = "2024" if style == Style.STATE else "2020-2025"
        raise DocumentError(
            gettext_noop("Nhiệm kỳ đánh số '%(term)s' không hợp lệ; ví dụ: %(example)s."),
            field="term",
            term=term,
            example=example,
        )
    return term


def propose_symbol(
    *, profile: Profile, kind_key: str, highest: int | None, issuer_code: str, on: date
) -> str | None:
    """The next free number and symbol of a register, or None when lamtheo cannot write it
    whole (no issuer code, or a State công văn, whose symbol names the drafting unit).

    >>> from lamtheo.vn.docnum import profile_for
    >>> propose_symbol(profile=profile_for("party", date(2022, 12, 2)), kind_key="ke-hoach",
    ...                highest=128, issuer_code="TU", on=date(2022, 12, 2))
    '129-KH/TU'
    >>> propose_symbol(profile=profile_for("party", date(2021, 5, 18)), kind_key="ket-luan",
    ...                highest=None, issuer_code="TW", on=date(2021, 5, 18))
    '01-KL/TW'
    """
    doc_type = profile.type_by_key(kind_key)
    if not issuer_code or not doc_type.code:
        return None
    value = DocNumber(
        style=profile.style,
        number="1",
        kind=doc_type.code,
        issuer=issuer_code,
        year=on.year if doc_type.legal else None,
        sub_body=None,
    )
    return docnum.format_doc_number(docnum.with_number(value, (highest or 0) + 1, profile))


class RelationKind(StrEnum):
    IMPLEMENTS = "implements"
    GUIDES = "guides"
    REPORTS_ON = "reports_on"
    REPLACES = "replaces"
    AMENDS = "amends"
    CITES = "cites"


# What a relation says seen from its target: 129-KH/TU implements 01-KL/TW, so 01-KL/TW "is
# implemented by" 129-KH/TU.
INVERSE_LABELS = {
    RelationKind.IMPLEMENTS: gettext_noop("Được thực hiện bởi"),
    RelationKind.GUIDES: gettext_noop("Được hướng dẫn bởi"),
    RelationKind.REPORTS_ON: gettext_noop("Được báo cáo bởi"),
    RelationKind.REPLACES: gettext_noop("Bị thay thế bởi"),
    RelationKind.AMENDS: gettext_noop("Được sửa đổi, bổ sung bởi"),
    RelationKind.CITES: gettext_noop("Được trích dẫn bởi"),
}


def check_relation(*, source_id: int, target_id: int, existing: set[tuple[int, str]], kind: str):
    """`existing` holds (target id, kind) of the source's relations."""
    if source_id == target_id:
        raise DocumentError(
            gettext_noop("Một văn bản không thể liên kết với chính nó."), field="target"
        )
    if (target_id, kind) in existing:
        raise DocumentError(gettext_noop("Liên kết này đã có."), field="target")
