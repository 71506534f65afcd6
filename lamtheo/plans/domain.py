"""Pure rules of the plans area, first part: what a target asks, whether a figure meets it,
and how figures add up the hierarchy. No Django here.

A target is a value ("95%"), a range ("12,8 - 13%") or growth over a baseline ("tăng
12,8 - 13%/năm" over the figure of a base year, compounded over the years between). The
indicator says which way is better: higher, lower, or within the band. A figure above the band
of a higher-is-better target exceeds it (vượt), inside it meets it (đạt), below it misses it
(không đạt); with no figure there is no status but "chưa có số liệu".
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from lamtheo.vn.errors import NumberError, gettext_noop
from lamtheo.vn.numbers import parse_number, parse_range

_UNIT = re.compile(r"\s*%?\s*(/\s*năm)?\s*$")


class PlansError(Exception):
    """A rule was broken; `template` % `params` is the Vietnamese message for the catalogue,
    `field` the form field it is about."""

    def __init__(self, template: str, *, field: str | None = None, **params):
        self.template = template
        self.field = field
        self.params = params
        super().__init__(template % params if params else template)


class Aggregation(StrEnum):
    SUM = "sum"
    AVERAGE = "average"
    WEIGHTED_AVERAGE = "weighted_average"
    MIN = "min"
    MAX = "max"
    NONE = "none"  # not added up: each unit's own figure only


class Direction(StrEnum):
    HIGHER = "higher"  # higher is better (income, share of new-rural communes)
    LOWER = "lower"  # lower is better (poverty rate)
    WITHIN = "within"  # the band itself is the aim (a growth rate to hold)


class TargetKind(StrEnum):
    VALUE = "value"
    RANGE = "range"
    GROWTH = "growth"  # percent a year over the baseline


class Status(StrEnum):
    EXCEEDED = "exceeded"  # vượt
    MET = "met"  # đạt
    MISSED = "missed"  # không đạt
    NO_DATA = "no_data"  # chưa có số liệu


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    value: Decimal
    value_max: Decimal | None = None  # the top of a range (or of a growth band)
    baseline: Decimal | None = None  # growth: the figure of the base period
    years: int = 1  # growth: years from the base period to the target's

    def __post_init__(self):
        if self.value_max is not None and self.value_max < self.value:
            raise PlansError(
                gettext_noop("Chỉ tiêu: giá trị đầu %(low)s lớn hơn giá trị cuối %(high)s."),
                field="value",
                low=self.value,
                high=self.value_max,
            )
        if self.kind == TargetKind.GROWTH and self.years < 1:
            raise PlansError(
                gettext_noop("Chỉ tiêu tăng trưởng: số năm so với kỳ gốc phải từ 1 trở lên."),
                field="years",
            )


def band(target: Target) -> tuple[Decimal, Decimal] | None:
    """The lowest and highest figure the target asks for; None for growth without a baseline.

    >>> band(Target(TargetKind.VALUE, Decimal("95")))
    (Decimal('95'), Decimal('95'))
    >>> band(Target(TargetKind.RANGE, Decimal("12.8"), Decimal("13")))
    (Decimal('12.8'), Decimal('13'))
    >>> band(Target(TargetKind.GROWTH, Decimal("10"), baseline=Decimal("200"), years=2))
    (Decimal('242.00'), Decimal('242.00'))
    """
    high = target.value_max if target.value_max is not None else target.value
    if target.kind != TargetKind.GROWTH:
        return target.value, high
    if target.baseline is None:
        return None

    def grown(rate: Decimal) -> Decimal:
        return (target.baseline * (1 + rate / 100) ** target.years).quantize(Decimal("0.01"))

    return grown(target.value), grown(high)


def status(target: Target, actual: Decimal | None, direction: Direction) -> Status:
    """Whether a figure meets its target.

    >>> plan = Target(TargetKind.RANGE, Decimal("12.8"), Decimal("13"))
    >>> [status(plan, Decimal(v), Direction.HIGHER).value for v in ("12.5", "12.8", "13", "14")]
    ['missed', 'met', 'met', 'exceeded']
    >>> poverty = Target(TargetKind.VALUE, Decimal("3"))
    >>> [status(poverty, v, Direction.LOWER).value for v in (Decimal("2.4"), None)]
    ['exceeded', 'no_data']
    """
    limits = band(target)
    if actual is None or limits is None:
        return Status.NO_DATA
    low, high = limits
    if direction == Direction.WITHIN:
        return Status.MET if low <= actual <= high else Status.MISSED
    if direction == Direction.LOWER:
        if actual < low:
            return Status.EXCEEDED
        return Status.MET if actual <= high else Status.MISSED
    if actual > high:
        return Status.EXCEEDED
    return Status.MET if actual >= low else Status.MISSED


def aggregate(figures: list[tuple[Decimal, Decimal | None]], how: Aggregation) -> Decimal | None:
    """Add up (figure, weight) pairs of the units under one: the reference for the roll-up the
    database does in one statement. Weights count only for a weighted average (a rate
    weighted by the population it is a rate of); figures without a weight are left out of it.

    >>> figures = [(Decimal("10"), Decimal("100")), (Decimal("20"), Decimal("300"))]
    >>> [aggregate(figures, how) for how in ("sum", "average", "weighted_average", "min", "max")]
    [Decimal('30'), Decimal('15'), Decimal('17.5'), Decimal('10'), Decimal('20')]
    >>> aggregate([], Aggregation.SUM) is None, aggregate(figures, Aggregation.NONE) is None
    (True, True)
    """
    values = [value for value, _ in figures]
    if not values or how == Aggregation.NONE:
        return None
    if how == Aggregation.SUM:
        return sum(values, Decimal(0))
    if how == Aggregation.AVERAGE:
        return sum(values, Decimal(0)) / len(values)
    if how == Aggregation.MIN:
        return min(values)
    if how == Aggregation.MAX:
        return max(values)
    weighted = [(value, weight) for value, weight in figures if weight is not None]
    total = sum((weight for _, weight in weighted), Decimal(0))
    if not total:
        return None
    return sum((value * weight for value, weight in weighted), Decimal(0)) / total


def parse_target(text: str, *, baseline: Decimal | None = None, years: int = 1) -> Target:
    """A target as plans write it: "95", "95%", "12,8 - 13%", "tăng 12,8 - 13%/năm" (growth
    over `baseline`, `years` years on).

    >>> target = parse_target("12,8 - 13%")
    >>> target.kind.value, target.value, target.value_max
    ('range', Decimal('12.8'), Decimal('13'))
    >>> parse_target("tăng 12,8 - 13%/năm", baseline=Decimal("1000"), years=5).kind.value
    'growth'
    >>> parse_target("95%").kind.value, parse_target("95%").value
    ('value', Decimal('95'))
    """
    raw = (text or "").strip()
    words = raw.split(maxsplit=1)
    growth = bool(words) and words[0].casefold() in {"tăng", "tang"}
    body = words[1] if growth and len(words) > 1 else raw
    try:
        if any(dash in body for dash in ("-", "–")):
            found = parse_range(body)
            low, high = found.low, found.high
        else:
            low = high = parse_number(_UNIT.sub("", body) or body)
    except NumberError as error:
        raise PlansError(error.template, field="value", **error.params) from None
    if growth:
        return Target(TargetKind.GROWTH, low, high, baseline=baseline, years=years)
    if low == high:
        return Target(TargetKind.VALUE, low)
    return Target(TargetKind.RANGE, low, high)


# --- Programmes, tasks, cascades, commitments -------------------------------------------------


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"  # chưa bắt đầu
    IN_PROGRESS = "in_progress"  # đang thực hiện
    DONE = "done"  # hoàn thành
    OVERDUE = "overdue"  # quá hạn: never stored, computed from the deadline


def task_state(status: str, deadline, today) -> TaskStatus:
    """What a task is today: its stored status, or overdue when its deadline has passed
    and it is not done.

    >>> from datetime import date
    >>> task_state("in_progress", date(2026, 3, 31), date(2026, 4, 1)).value
    'overdue'
    >>> task_state("done", date(2026, 3, 31), date(2026, 4, 1)).value
    'done'
    >>> task_state("not_started", None, date(2026, 4, 1)).value
    'not_started'
    """
    if status != TaskStatus.DONE and deadline is not None and deadline < today:
        return TaskStatus.OVERDUE
    return TaskStatus(status)


class CascadeAction(StrEnum):
    PLAN = "plan"  # ban hành kế hoạch thực hiện
    THEME = "theme"  # xác định chủ đề năm
    CONFERENCE = "conference"  # tổ chức hội nghị quán triệt
    REPORT = "report"  # gửi báo cáo
    OTHER = "other"


class ItemState(StrEnum):
    DONE = "done"  # đã hoàn thành (on time)
    LATE = "late"  # hoàn thành muộn
    PENDING = "pending"  # chưa hoàn thành, still in time
    OVERDUE = "overdue"  # quá hạn


def item_state(done_on, deadline, today) -> ItemState:
    """The state of one unit's item of a cascade, from the day it was done (None: not yet).

    >>> from datetime import date
    >>> due = date(2026, 3, 31)
    >>> days = (date(2026, 3, 20), date(2026, 4, 1), None)
    >>> [item_state(d, due, date(2026, 4, 2)).value for d in days]
    ['done', 'late', 'overdue']
    >>> item_state(None, due, due).value
    'pending'
    """
    if done_on is not None:
        return ItemState.LATE if done_on > deadline else ItemState.DONE
    return ItemState.OVERDUE if today > deadline else ItemState.PENDING


class Reminder(StrEnum):
    NEW = "new"  # the item was just required of the unit
    BEFORE = "before"  # the deadline is near
    AFTER = "after"  # the deadline has passed


def reminder_due(deadline, today, *, sent: set, days_before: int = 3):
    """Which reminder an unfinished item is owed today, if any: one when the deadline is
    `days_before` days away or less, one after it has passed; each is sent once.

    >>> from datetime import date
    >>> due = date(2026, 3, 31)
    >>> reminder_due(due, date(2026, 3, 20), sent=set()) is None
    True
    >>> reminder_due(due, date(2026, 3, 29), sent=set()).value
    'before'
    >>> reminder_due(due, date(2026, 4, 1), sent={"before"}).value
    'after'
    >>> reminder_due(due, date(2026, 4, 5), sent={"before", "after"}) is None
    True
    """
    if today > deadline:
        return None if Reminder.AFTER in sent else Reminder.AFTER
    if (deadline - today).days <= days_before and Reminder.BEFORE not in sent:
        return Reminder.BEFORE
    return None


class Rating(StrEnum):
    """The four levels of Quy định 366-QĐ/TW, used for a commitment's self-assessment and the
    reviewer's rating."""

    EXCELLENT = "excellent"  # Hoàn thành xuất sắc nhiệm vụ
    GOOD = "good"  # Hoàn thành tốt nhiệm vụ
    COMPLETED = "completed"  # Hoàn thành nhiệm vụ
    NOT_COMPLETED = "not_completed"  # Không hoàn thành nhiệm vụ


COMPLETING = (Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED)


def share(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal, None of nothing.

    >>> share(2, 3), share(0, 0)
    (Decimal('66.7'), None)
    """
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


def progress(states: list[str]) -> Decimal | None:
    """The share of done tasks among a programme's or focus programme's tasks.

    >>> progress(["done", "in_progress", "overdue", "done"])
    Decimal('50.0')
    """
    return share(sum(1 for s in states if s == TaskStatus.DONE), len(states))
