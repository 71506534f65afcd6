"""Honours: the rules of exemplary cases (điển hình tiên tiến, mô hình, cách làm hay), their
commendations (biểu dương, giấy khen, bằng khen...) and emulation movements, in pure Python.

A case moves through a small workflow; `next_status` is the one place that says which step
may follow which. A commendation's decision number is read with the document toolkit and held
to the format profile of its style in force on the decision's date. Two cases are likely the
same when their honoree's name, folded (accents, đ, case and spacing ignored), and their field
agree.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from lamtheo.vn.docnum import DocNumber, format_doc_number, parse_doc_number, validate_doc_number
from lamtheo.vn.errors import VnError, gettext_noop
from lamtheo.vn.profiles import profile_for
from lamtheo.vn.text import fold


class HonoursError(Exception):
    """A rule was broken; `template` % `params` is the Vietnamese message for the catalogue,
    `field` the form field (or spreadsheet column) it is about."""

    def __init__(self, template: str, *, field: str | None = None, **params):
        self.template = template
        self.field = field
        self.params = params
        super().__init__(template % params if params else template)


class Kind(StrEnum):
    COLLECTIVE = "collective"  # tập thể: a unit, a group, a household
    INDIVIDUAL = "individual"  # cá nhân


class Status(StrEnum):
    PROPOSED = "proposed"  # đề xuất
    VERIFIED = "verified"  # đã xác minh
    COMMENDED = "commended"  # đã biểu dương, khen thưởng
    REPLICATED = "replicated"  # được nhân rộng
    RETURNED = "returned"  # trả lại, with a reason


class Action(StrEnum):
    RESUBMIT = "resubmit"  # the owner sends a returned case again
    VERIFY = "verify"
    COMMEND = "commend"
    REPLICATE = "replicate"
    RETURN = "return"


# Who may take each step: the owner unit's writers resubmit; reviewers do the rest.
REVIEW_ACTIONS = frozenset({Action.VERIFY, Action.COMMEND, Action.REPLICATE, Action.RETURN})

_STEPS: dict[Action, tuple[frozenset[Status], Status]] = {
    Action.RESUBMIT: (frozenset({Status.RETURNED}), Status.PROPOSED),
    Action.VERIFY: (frozenset({Status.PROPOSED}), Status.VERIFIED),
    # A case may hold several commendations: a replicated one commended again stays so.
    Action.COMMEND: (
        frozenset({Status.VERIFIED, Status.COMMENDED, Status.REPLICATED}),
        Status.COMMENDED,
    ),
    Action.REPLICATE: (frozenset({Status.COMMENDED, Status.REPLICATED}), Status.REPLICATED),
    Action.RETURN: (frozenset({Status.PROPOSED, Status.VERIFIED}), Status.RETURNED),
}

# What the statistics count as a case "được biểu dương, khen thưởng".
COUNTED = (Status.COMMENDED, Status.REPLICATED)
# What a unit may publish: checked by someone above the nominator at least once.
PUBLISHABLE = frozenset({Status.VERIFIED, Status.COMMENDED, Status.REPLICATED})
# What the owner may still edit: not yet verified.
EDITABLE = frozenset({Status.PROPOSED, Status.RETURNED})

_STEP_NAMES = {
    Action.RESUBMIT: gettext_noop("gửi lại"),
    Action.VERIFY: gettext_noop("xác minh"),
    Action.COMMEND: gettext_noop("biểu dương, khen thưởng"),
    Action.REPLICATE: gettext_noop("ghi nhận nhân rộng"),
    Action.RETURN: gettext_noop("trả lại"),
}


def next_status(current: Status, action: Action) -> Status:
    """The status a case takes after `action`, or HonoursError when the step does not follow.

    >>> next_status(Status.PROPOSED, Action.VERIFY)
    <Status.VERIFIED: 'verified'>
    >>> next_status(Status.REPLICATED, Action.COMMEND)
    <Status.REPLICATED: 'replicated'>
    >>> next_status(Status.PROPOSED, Action.COMMEND)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lamtheo.honours.domain.HonoursError: Không thể biểu dương, khen thưởng ... bước 'proposed'.
    """
    allowed, after = _STEPS[action]
    if current not in allowed:
        raise HonoursError(
            gettext_noop("Không thể %(step)s một điển hình đang ở bước '%(status)s'."),
            field="status",
            step=_STEP_NAMES[action],
            status=current.value,
        )
    if action == Action.COMMEND and current == Status.REPLICATED:
        return current
    return after


_HONORIFICS = re.compile(r"^(dong chi|d/c|ong|ba)\s+")
_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """The honoree's name as likely duplicates are found by: folded, one space between words,
    without a leading honorific.

    >>> name_key("  Ông  Hoàng Văn Đức ") == name_key("hoang van duc")
    True
    >>> name_key("Đoàn Thanh niên xã Mường Luân")
    'doan thanh nien xa muong luan'
    """
    key = _SPACES.sub(" ", fold(name or "").lower()).strip()
    return _HONORIFICS.sub("", key)


def search_key(text: str) -> str:
    """Text as the accent-insensitive search compares it: folded, one space between words.

    >>> search_key("Chuyến xe  KHÔNG đồng")
    'chuyen xe khong dong'
    """
    return _SPACES.sub(" ", fold(text or "").lower()).strip()


def search_text(*parts: str) -> str:
    """What a case is found by: its honoree, position, title and story, folded."""
    return " | ".join(search_key(part) for part in parts if part)


@dataclass(frozen=True)
class Decision:
    """A commendation's decision number as lamtheo stores it."""

    symbol: str  # as lamtheo writes it: 123-QĐ/TU, 15/QĐ-UBND
    style: str  # party | state
    number: int
    issuer: str


_DECISION_WORDS = re.compile(r"^\s*(quyết định|quyet dinh|qđ)\s*", re.IGNORECASE)


def read_decision(text: str, *, on: date) -> Decision:
    """Read a decision number as written ("Quyết định số 123-QĐ/TU", "Số: 15/QĐ-UBND"), in the
    Party or the State style, and hold it to the profile of that style in force on `on`: it must
    be a Quyết định (QĐ).

    >>> read_decision("Quyết định số 123-QĐ/TU", on=date(2024, 5, 16))
    Decision(symbol='123-QĐ/TU', style='party', number=123, issuer='TU')
    >>> read_decision("Số: 15/QĐ-UBND", on=date(2024, 5, 16)).style
    'state'
    >>> read_decision("499-BC/TU", on=date(2024, 5, 16))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lamtheo.honours.domain.HonoursError: '499-BC/TU' không phải số của một quyết định ...
    """
    written = _DECISION_WORDS.sub("", " ".join((text or "").split()))
    if not written:
        raise HonoursError(gettext_noop("Hãy nhập số quyết định."), field="decision")
    doc = _parsed(written, on)
    if doc.kind != "QĐ":
        raise HonoursError(
            gettext_noop(
                "'%(text)s' không phải số của một quyết định (ký hiệu QĐ): khen thưởng được ghi "
                "bằng quyết định, như 123-QĐ/TU hay 15/QĐ-UBND."
            ),
            field="decision",
            text=format_doc_number(doc),
        )
    return Decision(format_doc_number(doc), doc.style, doc.value, doc.issuer)


def _parsed(written: str, on: date) -> DocNumber:
    try:
        style = parse_doc_number(written).style
        return validate_doc_number(written, profile_for(style, on))
    except VnError as error:
        raise HonoursError(error.template, field="decision", **error.params) from None


def check_year(year: int, *, today: date) -> int:
    """A case's year: from 1945 (the first emulation movements) to this year.

    >>> check_year(2024, today=date(2026, 1, 1))
    2024
    >>> check_year(2027, today=date(2026, 1, 1))
    Traceback (most recent call last):
    ...
    lamtheo.honours.domain.HonoursError: Năm 2027 không hợp lệ: từ năm 1945 đến năm 2026.
    """
    if not 1945 <= year <= today.year:
        raise HonoursError(
            gettext_noop("Năm %(year)s không hợp lệ: từ năm 1945 đến năm %(last)s."),
            field="year",
            year=year,
            last=today.year,
        )
    return year


def counted_on(year: int, valid_from: date, valid_to: date | None) -> date:
    """The day whose hierarchy a case of `year` is counted under, as it stood: 31/12 of its
    year, or the last day of its unit when the unit ended during the year (a commune merged on
    1/7/2025 counts its 2025 cases under the district it had on 30/6/2025). HonoursError when
    the unit did not exist that year.

    >>> counted_on(2024, date(2008, 8, 1), date(2025, 7, 1))
    datetime.date(2024, 12, 31)
    >>> counted_on(2025, date(2008, 8, 1), date(2025, 7, 1))
    datetime.date(2025, 6, 30)
    >>> counted_on(2026, date(2008, 8, 1), date(2025, 7, 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lamtheo.honours.domain.HonoursError: Đơn vị không còn tồn tại trong năm 2026 ...
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    if valid_from > last or (valid_to is not None and valid_to <= first):
        raise HonoursError(
            gettext_noop(
                "Đơn vị không còn tồn tại trong năm %(year)s (hoặc chưa được thành lập): hãy "
                "chọn đơn vị của năm đó."
            ),
            field="year",
            year=year,
        )
    if valid_to is not None and valid_to <= last:
        return valid_to - timedelta(days=1)
    return last


class Level(StrEnum):
    """The level of the body that commends."""

    CENTRAL = "central"  # Trung ương, Chính phủ, Chủ tịch nước
    PROVINCE = "province"  # Tỉnh ủy, UBND tỉnh
    DISTRICT = "district"  # Huyện ủy (until 30/6/2025)
    COMMUNE = "commune"  # Đảng ủy xã, phường
    GRASSROOTS = "grassroots"  # chi bộ, cơ quan, đoàn thể cơ sở


class By(StrEnum):
    """How the statistics group the cases."""

    FIELD = "field"
    YEAR = "year"
    KIND = "kind"
    UNIT = "unit"  # the units directly under the one asked about
    FORM = "form"  # of commendation
    LEVEL = "level"  # of commendation
