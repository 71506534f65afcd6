"""Periodic reporting: the rules, without Django.

A request asks units for a report on a template; each recipient's submission moves
draft -> submitted -> accepted, or back to returned with a reason; an accepted submission is
locked, and amending it opens a new revision while the accepted one stays counted and readable.
Timeliness compares the day a submission was first handed in with the deadline.
"""

from dataclasses import dataclass
from datetime import date, datetime
from difflib import SequenceMatcher
from enum import StrEnum
from zoneinfo import ZoneInfo

from lamtheo.vn.errors import gettext_noop

# Deadlines are days on Vietnam's calendar; the database gives moments back in UTC.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class ReportingError(Exception):
    """A rule was broken; `template` % `params` is the Vietnamese message for the catalogue,
    `field` the form field (or API field) it is about."""

    def __init__(self, template: str, *, field: str | None = None, **params):
        self.template = template
        self.field = field
        self.params = params
        super().__init__(template % params if params else template)


class Kind(StrEnum):
    """What a request asks for: a 6-month or yearly report, an interim or final review of a
    document (sơ kết, tổng kết)."""

    HALF = "half"
    YEAR = "year"
    INTERIM = "interim"
    FINAL = "final"
    OTHER = "other"


class SectionKind(StrEnum):
    NARRATIVE = "narrative"  # text written by each unit, compiled section by section
    INDICATORS = "indicators"  # a table of catalogue indicators each unit fills in
    FIGURES = "figures"  # figures computed from the other areas, filled in when consolidating


class Role(StrEnum):
    """The place of a narrative section in the report's usual order."""

    RESULTS = "results"  # Kết quả đạt được
    LIMITATIONS = "limitations"  # Hạn chế
    CAUSES = "causes"  # Nguyên nhân
    TASKS = "tasks"  # Nhiệm vụ, giải pháp thời gian tới
    OTHER = "other"


class Status(StrEnum):
    PENDING = "pending"  # nothing written yet
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class Action(StrEnum):
    SAVE = "save"
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"
    AMEND = "amend"


# Which status each action may start from, and where it leads.
_MOVES: dict[Action, tuple[frozenset[Status], Status]] = {
    Action.SAVE: (frozenset({Status.PENDING, Status.DRAFT, Status.RETURNED}), Status.DRAFT),
    Action.SUBMIT: (frozenset({Status.PENDING, Status.DRAFT, Status.RETURNED}), Status.SUBMITTED),
    Action.RETURN: (frozenset({Status.SUBMITTED}), Status.RETURNED),
    Action.ACCEPT: (frozenset({Status.SUBMITTED}), Status.ACCEPTED),
    Action.AMEND: (frozenset({Status.ACCEPTED}), Status.DRAFT),
}

_REFUSED = {
    Action.SAVE: gettext_noop(
        "Báo cáo đang ở trạng thái «%(status)s»: không sửa được. Báo cáo đã được tiếp nhận thì "
        "phải mở bản bổ sung; báo cáo đã gửi thì chờ cấp trên xem xét."
    ),
    Action.SUBMIT: gettext_noop("Báo cáo đang ở trạng thái «%(status)s»: không gửi lại được."),
    Action.RETURN: gettext_noop("Chỉ trả lại được báo cáo đã gửi; báo cáo này đang «%(status)s»."),
    Action.ACCEPT: gettext_noop(
        "Chỉ tiếp nhận được báo cáo đã gửi; báo cáo này đang «%(status)s»."
    ),
    Action.AMEND: gettext_noop(
        "Chỉ mở bản bổ sung cho báo cáo đã được tiếp nhận; báo cáo này đang «%(status)s»."
    ),
}


def move(status: Status, action: Action, *, label: str) -> Status:
    """The status after `action`, or the reason it is refused (`label`: the status's name).

    >>> move(Status.DRAFT, Action.SUBMIT, label="Dự thảo")
    <Status.SUBMITTED: 'submitted'>
    >>> move(Status.ACCEPTED, Action.AMEND, label="Đã tiếp nhận")
    <Status.DRAFT: 'draft'>
    >>> move(Status.ACCEPTED, Action.SAVE, label="Đã tiếp nhận")
    Traceback (most recent call last):
    ...
    lamtheo.reporting.domain.ReportingError: Báo cáo đang ở trạng thái «Đã tiếp nhận»: ...
    """
    sources, target = _MOVES[action]
    if status not in sources:
        raise ReportingError(_REFUSED[action], field="status", status=label)
    return target


class Timeliness(StrEnum):
    ON_TIME = "on_time"  # handed in by the deadline
    LATE = "late"  # handed in after it
    MISSING = "missing"  # not handed in, and the deadline has passed
    WAITING = "waiting"  # not handed in, still time


def timeliness(first_submitted: datetime | date | None, deadline: date, today: date) -> Timeliness:
    """Judged by the first time the unit handed its report in: a report returned for
    correction and sent again is still on time if it first came by the deadline.

    >>> d = date(2024, 4, 30)
    >>> timeliness(date(2024, 4, 30), d, date(2024, 6, 1)), timeliness(date(2024, 5, 2), d, d)
    (<Timeliness.ON_TIME: 'on_time'>, <Timeliness.LATE: 'late'>)
    >>> timeliness(None, d, date(2024, 5, 1)), timeliness(None, d, date(2024, 4, 30))
    (<Timeliness.MISSING: 'missing'>, <Timeliness.WAITING: 'waiting'>)
    >>> from datetime import UTC  # 06:00 on 1/5 in Hà Nội is 23:00 on 30/4 in UTC: late
    >>> timeliness(datetime(2024, 4, 30, 23, tzinfo=UTC), d, d)
    <Timeliness.LATE: 'late'>
    """
    if first_submitted is None:
        return Timeliness.MISSING if today > deadline else Timeliness.WAITING
    day = first_submitted
    if isinstance(first_submitted, datetime):
        aware = first_submitted.tzinfo is not None
        day = (first_submitted.astimezone(VIETNAM) if aware else first_submitted).date()
    return Timeliness.ON_TIME if day <= deadline else Timeliness.LATE


@dataclass(frozen=True)
class Piece:
    """A run of a text diff: `op` is "same", "added" or "removed"."""

    op: str
    text: str


def text_diff(old: str, new: str) -> list[Piece]:
    """Word by word, what changed between two versions of a narrative.

    >>> [(p.op, p.text) for p in text_diff("Đạt 90% kế hoạch", "Đạt 95% kế hoạch năm")]
    [('same', 'Đạt'), ('removed', '90%'), ('added', '95%'), ('same', 'kế hoạch'), ('added', 'năm')]
    """
    a, b = old.split(), new.split()
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", " ".join(a[i1:i2])))
            continue
        if op in ("replace", "delete"):
            pieces.append(Piece("removed", " ".join(a[i1:i2])))
        if op in ("replace", "insert"):
            pieces.append(Piece("added", " ".join(b[j1:j2])))
    return pieces


def fill(text: str, values: dict[str, str]) -> str:
    """A narrative's placeholders, `{{key}}`, replaced by the computed figures; an unknown key
    is left as it is written so the author sees it.

    >>> fill("Có {{cases_commended}} điển hình, {{x}}.", {"cases_commended": "1.567"})
    'Có 1.567 điển hình, {{x}}.'
    """
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text
