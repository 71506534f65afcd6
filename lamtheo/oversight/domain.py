"""Oversight: the rules of inspections' follow-up and of evaluation rounds, without Django.

A criteria set is a tree of groups and criteria with maximum points; a unit's total is the sum
of its criteria's scores, each held to its maximum. Classification follows a scale of
thresholds, highest first, where the top grade may ask for extra conditions (Quy định
366-QĐ/TW: "Hoàn thành xuất sắc nhiệm vụ" from 90 points when every task was done on time and
at least 30% exceeded); an optional quota caps a grade's share (at most 20% excellent). A
quota breach is reported, never fixed by moving units down.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from lamtheo.vn.errors import gettext_noop


class OversightError(Exception):
    """A rule was broken; `template` % `params` is the Vietnamese message for the catalogue,
    `field` the form field it is about."""

    def __init__(self, template: str, *, field: str | None = None, **params):
        self.template = template
        self.field = field
        self.params = params
        super().__init__(template % params if params else template)


class Grade(StrEnum):
    EXCELLENT = "excellent"  # Hoàn thành xuất sắc nhiệm vụ
    GOOD = "good"  # Hoàn thành tốt nhiệm vụ
    DONE = "done"  # Hoàn thành nhiệm vụ
    NOT_DONE = "not_done"  # Không hoàn thành nhiệm vụ


@dataclass(frozen=True)
class Band:
    grade: Grade
    minimum: Decimal
    conditions: tuple[str, ...] = ()  # keys of conditions the unit must meet too


@dataclass(frozen=True)
class Scale:
    """Bands from the highest; a unit takes the first band whose minimum it reaches and whose
    conditions it meets. `quotas`: a grade's largest share of the units, in percent."""

    bands: tuple[Band, ...]
    quotas: dict = field(default_factory=dict)


QD_366 = Scale(
    bands=(
        Band(Grade.EXCELLENT, Decimal(90), ("all_on_time", "exceeded_30")),
        Band(Grade.GOOD, Decimal(70)),
        Band(Grade.DONE, Decimal(50)),
        Band(Grade.NOT_DONE, Decimal(0)),
    )
)


def total(scores: dict, maxima: dict) -> Decimal:
    """A unit's total: each criterion's score, held to 0..its maximum, added up.

    >>> total({"a": Decimal(8), "b": Decimal(25)}, {"a": Decimal(10), "b": Decimal(20)})
    Decimal('28')
    """
    result = Decimal(0)
    for key, score in scores.items():
        if key not in maxima:
            raise OversightError(gettext_noop("Tiêu chí %(key)s không có trong bộ tiêu chí."),
                                 field="scores", key=key)  # fmt: skip
        result += min(max(Decimal(score), Decimal(0)), Decimal(maxima[key]))
    return result


def classify(points: Decimal, scale: Scale, met: frozenset[str] = frozenset()) -> Grade:
    """The grade a total earns on a scale, given the conditions the unit meets.

    >>> classify(Decimal(92), QD_366, frozenset({"all_on_time", "exceeded_30"}))
    <Grade.EXCELLENT: 'excellent'>
    >>> classify(Decimal(92), QD_366, frozenset({"all_on_time"}))  # not 30% exceeded
    <Grade.GOOD: 'good'>
    >>> classify(Decimal("69.5"), QD_366), classify(Decimal(49), QD_366)
    (<Grade.DONE: 'done'>, <Grade.NOT_DONE: 'not_done'>)
    """
    for band in scale.bands:
        if points >= band.minimum and set(band.conditions) <= met:
            return band.grade
    return scale.bands[-1].grade


@dataclass(frozen=True)
class Breach:
    grade: Grade
    count: int
    allowed: int


def quota_breaches(grades: list[Grade], scale: Scale) -> list[Breach]:
    """Each grade given to more units than its quota allows (the allowance rounded down).

    >>> scale = Scale(QD_366.bands, quotas={Grade.EXCELLENT: Decimal(20)})
    >>> quota_breaches([Grade.EXCELLENT] * 3 + [Grade.GOOD] * 7, scale)
    [Breach(grade=<Grade.EXCELLENT: 'excellent'>, count=3, allowed=2)]
    >>> quota_breaches([Grade.EXCELLENT] * 2 + [Grade.GOOD] * 8, scale)
    []
    """
    breaches = []
    for grade, share in scale.quotas.items():
        count = sum(1 for g in grades if g == grade)
        allowed = int(Decimal(len(grades)) * Decimal(share) / 100)
        if count > allowed:
            breaches.append(Breach(Grade(grade), count, allowed))
    return breaches


def rank(totals: dict) -> dict:
    """Standard competition ranking, highest total first: ties share a rank (1, 2, 2, 4).

    >>> rank({"a": Decimal(90), "b": Decimal(85), "c": Decimal(85), "d": Decimal(70)})
    {'a': 1, 'b': 2, 'c': 2, 'd': 4}
    """
    ordered = sorted(totals.items(), key=lambda item: -item[1])
    ranks, previous, place = {}, None, 0
    for index, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            place, previous = index, value
        ranks[key] = place
    return ranks


def scale_from(bands: list, quotas: dict | None = None) -> Scale:
    """A scale from its stored form: [{"grade", "minimum", "conditions"}], highest first, and
    {grade: percent}. Refused when the minima do not fall or the last is not 0.

    >>> scale_from(scale_to_json(QD_366)) == QD_366
    True
    >>> scale_from([{"grade": "good", "minimum": "50"}, {"grade": "done", "minimum": "70"}])
    Traceback (most recent call last):
    ...
    lamtheo.oversight.domain.OversightError: Ngưỡng điểm phải giảm dần, mức cuối là 0.
    """
    try:
        built = tuple(
            Band(
                Grade(b["grade"]),
                Decimal(str(b["minimum"])),
                tuple(str(c) for c in b.get("conditions", ())),
            )
            for b in bands
        )
        shares = {Grade(k): Decimal(str(v)) for k, v in (quotas or {}).items()}
    except (KeyError, ValueError, TypeError, ArithmeticError) as error:
        raise OversightError(gettext_noop("Thang xếp loại không hợp lệ."), field="scale") from error
    minima = [b.minimum for b in built]
    if (
        not built
        or minima != sorted(minima, reverse=True)
        or len(set(minima)) != len(minima)
        or minima[-1] != 0
    ):
        raise OversightError(
            gettext_noop("Ngưỡng điểm phải giảm dần, mức cuối là 0."), field="scale"
        )  # fmt: skip
    for share in shares.values():
        if not 0 <= share <= 100:
            raise OversightError(
                gettext_noop("Tỷ lệ tối đa phải từ 0 đến 100%%."), field="quotas"
            )  # fmt: skip
    return Scale(built, shares)


def scale_to_json(scale: Scale) -> list:
    return [
        {"grade": b.grade.value, "minimum": str(b.minimum), "conditions": list(b.conditions)}
        for b in scale.bands
    ]


def quotas_to_json(scale: Scale) -> dict:
    return {Grade(k).value: str(v) for k, v in scale.quotas.items()}


# --- Recommendations ------------------------------------------------------------------------


class FixState(StrEnum):
    OPEN = "open"  # chưa khắc phục
    FIXING = "fixing"  # the owner reported progress
    REPORTED = "reported"  # the owner reports it fixed; the inspecting unit checks
    FIXED = "fixed"  # đã khắc phục, confirmed


class Step(StrEnum):
    PROGRESS = "progress"
    REPORT = "report"
    CONFIRM = "confirm"
    REOPEN = "reopen"


FIX_MOVES = {
    (FixState.OPEN, Step.PROGRESS): FixState.FIXING,
    (FixState.FIXING, Step.PROGRESS): FixState.FIXING,
    (FixState.OPEN, Step.REPORT): FixState.REPORTED,
    (FixState.FIXING, Step.REPORT): FixState.REPORTED,
    (FixState.REPORTED, Step.CONFIRM): FixState.FIXED,
    (FixState.REPORTED, Step.REOPEN): FixState.FIXING,
    (FixState.FIXED, Step.REOPEN): FixState.FIXING,  # the fix did not hold
}


def follow_up(state: FixState, step: Step, *, label: str = "") -> FixState:
    """The state a recommendation moves to.

    >>> follow_up(FixState.OPEN, Step.REPORT)
    <FixState.REPORTED: 'reported'>
    >>> follow_up(FixState.FIXED, Step.PROGRESS, label="Đã khắc phục")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lamtheo.oversight.domain.OversightError: Kiến nghị đang ở trạng thái «Đã khắc phục», ...
    """
    try:
        return FIX_MOVES[(state, step)]
    except KeyError:
        raise OversightError(
            gettext_noop("Kiến nghị đang ở trạng thái «%(state)s», không thực hiện được bước này."),
            field="step",
            state=label or state.value,
        ) from None


def overdue(state: FixState, deadline, today) -> bool:
    """Past its deadline and not yet confirmed fixed (a fix reported but not checked is still
    overdue: the inspecting unit has to look).

    >>> from datetime import date
    >>> overdue(FixState.OPEN, date(2021, 3, 31), date(2021, 4, 1))
    True
    >>> overdue(FixState.FIXED, date(2021, 3, 31), date(2021, 4, 1))
    False
    >>> overdue(FixState.FIXING, date(2021, 3, 31), date(2021, 3, 31))
    False
    """
    return state != FixState.FIXED and deadline < today


# --- Evaluation sheets ----------------------------------------------------------------------


class Status(StrEnum):
    PENDING = "pending"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class Action(StrEnum):
    SAVE = "save"  # the unit saves its self-scores
    SUBMIT = "submit"  # the unit hands them in
    REVIEW = "review"  # a reviewer saves scores
    RETURN = "return"
    ACCEPT = "accept"
    REOPEN = "reopen"  # a reviewer reopens an accepted sheet


MOVES = {
    (Status.PENDING, Action.SAVE): Status.DRAFT,
    (Status.DRAFT, Action.SAVE): Status.DRAFT,
    (Status.RETURNED, Action.SAVE): Status.RETURNED,
    (Status.PENDING, Action.SUBMIT): Status.SUBMITTED,
    (Status.DRAFT, Action.SUBMIT): Status.SUBMITTED,
    (Status.RETURNED, Action.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Action.REVIEW): Status.SUBMITTED,
    (Status.SUBMITTED, Action.RETURN): Status.RETURNED,
    (Status.SUBMITTED, Action.ACCEPT): Status.ACCEPTED,
    (Status.ACCEPTED, Action.REOPEN): Status.SUBMITTED,
}


def move(status: Status, action: Action, *, label: str = "") -> Status:
    """A sheet's next status; the unit scores until it hands in, the reviewers after.

    >>> move(Status.DRAFT, Action.SUBMIT)
    <Status.SUBMITTED: 'submitted'>
    >>> move(Status.ACCEPTED, Action.REVIEW, label="Đã thẩm định")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lamtheo.oversight.domain.OversightError: Phiếu đang ở trạng thái «Đã thẩm định», ...
    """
    try:
        return MOVES[(status, action)]
    except KeyError:
        raise OversightError(
            gettext_noop(
                "Phiếu đang ở trạng thái «%(status)s», không thực hiện được thao tác này."
            ),
            field="status",
            status=label or status.value,
        ) from None


def check_points(value: Decimal, maximum: Decimal, *, code: str, field: str) -> Decimal:
    """A score between 0 and the criterion's maximum, to two decimals.

    >>> check_points(Decimal("7.5"), Decimal(10), code="1.1", field="self")
    Decimal('7.5')
    >>> check_points(Decimal(12), Decimal(10), code="1.1", field="self")
    Traceback (most recent call last):
    ...
    lamtheo.oversight.domain.OversightError: Điểm tiêu chí 1.1 phải từ 0 đến 10.
    """
    if value < 0 or value > maximum or value != value.quantize(Decimal("0.01")):
        raise OversightError(
            gettext_noop("Điểm tiêu chí %(code)s phải từ 0 đến %(maximum)s."),
            field=field,
            code=code,
            maximum=f"{maximum.normalize():f}".replace(".", ","),
        )
    return value


# --- Criteria sets --------------------------------------------------------------------------


@dataclass
class Node:
    """One row of a criteria set's outline. The code's dots make the tree ("1" holds "1.1",
    "1.1" holds "1.1.a"); a row with rows under it is a group, worth the sum of its own."""

    code: str
    title: str
    max_points: Decimal | None
    evidence: str = ""
    sources: tuple = ()
    parent: str | None = None
    is_group: bool = False


def outline(nodes: list[Node], *, limit: int = 500) -> list[Node]:
    """Check an outline and fill in its tree: each row's parent, whether it is a group, and a
    group's maximum (the sum under it; one written that differs is refused). Rows are named by
    their number in the list.

    >>> rows = outline([
    ...     Node("1", "Lãnh đạo", None),
    ...     Node("1.1", "Ban hành kế hoạch", Decimal(10)),
    ...     Node("1.2", "Tổ chức quán triệt", Decimal(20)),
    ...     Node("2", "Kết quả", Decimal(70)),
    ... ])
    >>> for r in rows:
    ...     print(r.code, r.parent, r.is_group, r.max_points)
    1 None True 30
    1.1 1 False 10
    1.2 1 False 20
    2 None False 70
    >>> outline([Node("1.1", "Mồ côi", Decimal(5))])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lamtheo.oversight.domain.OversightError: Dòng 1: tiêu chí 1.1 nằm dưới mục 1 ...
    """
    if not nodes:
        raise OversightError(
            gettext_noop("Bộ tiêu chí cần ít nhất một tiêu chí."), field="criteria"
        )
    if len(nodes) > limit:
        raise OversightError(
            gettext_noop("Bộ tiêu chí có nhiều nhất %(limit)s dòng."), field="criteria", limit=limit
        )
    seen: dict[str, Node] = {}
    for number, node in enumerate(nodes, start=1):
        where = {"field": "criteria", "number": number}
        node.code = (node.code or "").strip().rstrip(".")
        node.title = (node.title or "").strip()
        if not node.code or len(node.code) > 20 or " " in node.code:
            raise OversightError(
                gettext_noop(
                    "Dòng %(number)s: hãy nhập số thứ tự (như 1, 1.2), không có dấu cách."
                ),
                **where,
            )  # fmt: skip
        if node.code in seen:
            raise OversightError(
                gettext_noop("Dòng %(number)s: số thứ tự %(code)s đã có ở trên."), code=node.code,
                **where,
            )  # fmt: skip
        if not node.title or len(node.title) > 500:
            raise OversightError(
                gettext_noop("Dòng %(number)s: hãy nhập nội dung tiêu chí (tối đa 500 ký tự)."),
                **where,
            )  # fmt: skip
        if node.max_points is not None and not Decimal(0) <= node.max_points <= Decimal(1000):
            raise OversightError(
                gettext_noop("Dòng %(number)s: điểm tối đa phải từ 0 đến 1000."), **where
            )  # fmt: skip
        parent = node.code.rpartition(".")[0] or None
        if parent is not None and parent not in seen:
            raise OversightError(
                gettext_noop(
                    "Dòng %(number)s: tiêu chí %(code)s nằm dưới mục %(parent)s nhưng chưa có mục "
                    "%(parent)s ở trên."
                ),
                code=node.code,
                parent=parent,
                **where,
            )
        node.parent = parent
        node.is_group = False
        if parent is not None:
            seen[parent].is_group = True
        seen[node.code] = node
    for number, node in reversed(list(enumerate(nodes, start=1))):
        children = [n for n in nodes if n.parent == node.code]
        where = {"field": "criteria", "number": number, "code": node.code}
        if node.is_group:
            below = sum((c.max_points for c in children), Decimal(0))
            if node.max_points is not None and node.max_points != below:
                raise OversightError(
                    gettext_noop(
                        "Dòng %(number)s: mục %(code)s ghi %(written)s điểm nhưng các tiêu chí "
                        "dưới nó cộng lại %(below)s điểm."
                    ),
                    written=f"{node.max_points.normalize():f}".replace(".", ","),
                    below=f"{below.normalize():f}".replace(".", ","),
                    **where,
                )
            node.max_points = below
        elif node.max_points is None or node.max_points <= 0:
            raise OversightError(
                gettext_noop("Dòng %(number)s: tiêu chí %(code)s cần điểm tối đa lớn hơn 0."),
                **where,
            )
    return nodes
