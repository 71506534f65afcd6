"""The writers of evaluation rounds: opening one, each unit's self-scores, the reviewers' scores
and decisions, and the published result.

Every save locks the sheet's row and checks the version the person read: the scoring sheet
saves each cell as it is typed, so of two reviewers scoring one unit at once the later save is
refused with a message and kept in that person's browser, never merged over the other's. The
totals and the grade are kept on the sheet with each save, so the ranking is one query."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.audit import bulk
from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit
from lamtheo.vn.dates import Period
from lamtheo.vn.errors import DateError, VnError, gettext_noop
from lamtheo.vn.numbers import parse_number

from .. import domain, tasks
from ..domain import Action, OversightError
from ..models import (
    CriteriaSet,
    Criterion,
    Evaluation,
    EvaluationStatus,
    Round,
    RoundState,
    Score,
)
from .common import locked, may_review, may_write, reach, text

MAX_UNITS = 5000
MAX_TEXT = 20_000
CONDITIONS = ("all_on_time", "exceeded_30")
_LABELS = dict(EvaluationStatus.choices)


def _move(evaluation: Evaluation, action: Action) -> str:
    status = domain.Status(evaluation.status)
    return domain.move(status, action, label=str(_LABELS[status])).value


def _period(code: str) -> Period:
    try:
        return Period.from_code((code or "").strip())
    except DateError as error:
        raise OversightError(error.template, field="period", **error.params) from None


@transaction.atomic
def open_round(
    *,
    unit: OrgUnit,
    criteria_set: CriteriaSet,
    title: str,
    period: str,
    self_deadline: date | None,
    review_deadline: date | None,
    units: list[OrgUnit],
    by,
    as_of: date | None = None,
    scale: list | None = None,
    quotas: dict | None = None,
) -> Round:
    """Open a round: `units` (under `unit`, or under its parent for a committee's
    department, as they stood on `as_of`) score themselves on `criteria_set` by
    `self_deadline`; the reviewers of `unit` score after them by `review_deadline`. The
    scale defaults to Quy định 366-QĐ/TW's; the set's version is frozen from then on."""
    may_write(unit, by)
    title = text(title, "title", _("tên đợt đánh giá"), 500)
    span = _period(period)
    as_of = as_of or timezone.localdate()
    own = (
        criteria_set.unit_id == unit.pk
        or org.ancestors(unit, as_of=as_of).filter(pk=criteria_set.unit_id).exists()
    )
    if not own:
        raise OversightError(
            gettext_noop("Bộ tiêu chí «%(name)s» không phải của đơn vị hay cấp trên của đơn vị."),
            field="criteria_set",
            name=criteria_set.name,
        )
    if self_deadline is None:
        raise OversightError(gettext_noop("Hãy nhập hạn tự chấm."), field="self_deadline")
    if review_deadline is None:
        raise OversightError(gettext_noop("Hãy nhập hạn thẩm định."), field="review_deadline")
    if review_deadline < self_deadline:
        raise OversightError(
            gettext_noop("Hạn thẩm định không được trước hạn tự chấm."), field="review_deadline"
        )
    found = list({u.pk: u for u in units}.values())
    if not found:
        raise OversightError(gettext_noop("Hãy chọn đơn vị được đánh giá."), field="rule")
    if len(found) > MAX_UNITS:
        raise OversightError(
            gettext_noop("Một đợt đánh giá nhiều nhất %(limit)s đơn vị."),
            field="rule",
            limit=MAX_UNITS,
        )
    reach(unit, found, field="rule", day=as_of)
    checked = domain.scale_from(
        scale if scale is not None else domain.scale_to_json(domain.QD_366), quotas or {}
    )
    round_ = Round.objects.create(
        unit=unit,
        province_code=unit.province_code,
        criteria_set=criteria_set,
        title=title,
        period=span.code,
        as_of=as_of,
        self_deadline=self_deadline,
        review_deadline=review_deadline,
        scale=domain.scale_to_json(checked),
        quotas=domain.quotas_to_json(checked),
        created_by=by,
    )
    if not criteria_set.in_use:
        bulk.update(CriteriaSet.objects.filter(pk=criteria_set.pk), in_use=True)
    created = bulk.bulk_create(
        Evaluation,
        [Evaluation(round=round_, unit=u, province_code=u.province_code) for u in found],
    )
    ids = [e.pk for e in created]
    transaction.on_commit(lambda: tasks.remind_evaluations.enqueue(ids, "new"))
    return round_


@transaction.atomic
def update_round(
    *,
    round_: Round,
    by,
    version: int | None,
    title: str,
    self_deadline: date | None,
    review_deadline: date | None,
    scale: list | None = None,
    quotas: dict | None = None,
) -> Round:
    """Rename a round, move its deadlines or change its scale and quotas (the grades are
    worked out again); the criteria and the units stay."""
    may_write(round_.unit, by)
    current = locked(Round, round_, version, _("Đợt đánh giá"))
    if current.state != RoundState.OPEN:
        raise OversightError(gettext_noop("Đợt đánh giá đã công bố kết quả."), field="state")
    current.title = text(title, "title", _("tên đợt đánh giá"), 500)
    if self_deadline is None or review_deadline is None or review_deadline < self_deadline:
        raise OversightError(
            gettext_noop("Hạn thẩm định không được trước hạn tự chấm."), field="review_deadline"
        )
    current.self_deadline, current.review_deadline = self_deadline, review_deadline
    checked = domain.scale_from(
        scale if scale is not None else current.scale,
        quotas if quotas is not None else current.quotas,
    )
    current.scale = domain.scale_to_json(checked)
    current.quotas = domain.quotas_to_json(checked)
    current.save()
    regrade(current)
    return current


def regrade(round_: Round) -> None:
    """Every sheet's grade on the round's scale (after the scale changed)."""
    scale = round_.domain_scale
    for evaluation in round_.evaluations.all():
        grade = domain.classify(evaluation.review_total, scale, frozenset(evaluation.conditions))
        if evaluation.grade != grade.value:
            bulk.update(Evaluation.objects.filter(pk=evaluation.pk), grade=grade.value)


def _open(evaluation: Evaluation) -> None:
    if evaluation.round.state != RoundState.OPEN:
        raise OversightError(
            gettext_noop("Đợt đánh giá đã công bố kết quả, không chấm thêm được."), field="status"
        )


def _points(raw, criterion: Criterion, field: str) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = raw if isinstance(raw, Decimal) else parse_number(str(raw).strip())
    except VnError:
        raise OversightError(
            gettext_noop("Tiêu chí %(code)s: «%(text)s» không phải là số điểm."),
            field=field,
            code=criterion.code,
            text=str(raw)[:40],
        ) from None
    return domain.check_points(value, criterion.max_points, code=criterion.code, field=field)


def _leaves(evaluation: Evaluation) -> dict[int, Criterion]:
    return {
        c.pk: c
        for c in Criterion.objects.filter(
            criteria_set_id=evaluation.round.criteria_set_id, is_group=False
        )
    }


def _clean(evaluation: Evaluation, scores: dict, points_key: str, text_key: str) -> dict:
    """Criterion id -> (points or None, text or None); each must be a criterion of the set.
    A key missing from an entry leaves that part as it is."""
    leaves = _leaves(evaluation)
    cleaned = {}
    for key, entry in (scores or {}).items():
        criterion = leaves.get(int(key)) if str(key).isdigit() else None
        if criterion is None:
            raise OversightError(
                gettext_noop("Tiêu chí %(key)s không có trong bộ tiêu chí của đợt này."),
                field="scores",
                key=str(key)[:20],
            )
        entry = entry if isinstance(entry, dict) else {points_key: entry}
        field = f"{points_key}-{criterion.pk}"
        points = (
            _points(entry[points_key], criterion, field) if points_key in entry else ...
        )  # ... : not given
        note = entry.get(text_key, ...)
        if note is not ...:
            note = (note or "").replace("\r\n", "\n").strip()
            if len(note) > MAX_TEXT:
                raise OversightError(
                    gettext_noop("Tiêu chí %(code)s: nội dung dài quá %(limit)s ký tự."),
                    field=f"{text_key}-{criterion.pk}",
                    code=criterion.code,
                    limit=MAX_TEXT,
                )
        cleaned[criterion.pk] = (points, note)
    return cleaned


def _write(evaluation: Evaluation, cleaned: dict, points_field: str, text_field: str, by=None):
    existing = {s.criterion_id: s for s in evaluation.scores.filter(criterion_id__in=cleaned)}
    now = timezone.now()
    for criterion_id, (points, note) in cleaned.items():
        score = existing.get(criterion_id) or Score(
            evaluation=evaluation, criterion_id=criterion_id
        )
        if points is not ...:
            setattr(score, points_field, points)
        if note is not ...:
            setattr(score, text_field, note)
        if by is not None:
            score.reviewed_by, score.reviewed_at = by, now
        score.save()


def _totals(evaluation: Evaluation) -> None:
    """The sheet's totals (one aggregate) and its grade on the round's scale."""
    sums = evaluation.scores.aggregate(
        own=Sum("self_points"), final=Sum(Coalesce("review_points", "self_points"))
    )
    evaluation.self_total = sums["own"] or Decimal(0)
    evaluation.review_total = sums["final"] or Decimal(0)
    grade = domain.classify(
        evaluation.review_total, evaluation.round.domain_scale, frozenset(evaluation.conditions)
    )
    evaluation.grade = grade.value


def _conditions(conditions) -> list[str]:
    conditions = sorted(set(conditions or []))
    for key in conditions:
        if key not in CONDITIONS:
            raise OversightError(
                gettext_noop("Điều kiện «%(key)s» không có trong thang xếp loại."),
                field="conditions",
                key=str(key)[:40],
            )
    return conditions


@transaction.atomic
def save_self(
    *, evaluation: Evaluation, by, version: int | None, scores: dict | None = None
) -> Evaluation:
    """The unit's own points and evidence: {criterion id: {"points": "8,5", "evidence": ...}};
    nothing is written when one entry is wrong."""
    may_write(evaluation.unit, by)
    current = locked(Evaluation, evaluation, version, _("Phiếu đánh giá"))
    _open(current)
    current.status = _move(current, Action.SAVE)
    _write(current, _clean(current, scores, "points", "evidence"), "self_points", "evidence")
    _totals(current)
    current.save()
    return current


@transaction.atomic
def submit(
    *, evaluation: Evaluation, by, version: int | None, scores: dict | None = None
) -> Evaluation:
    """Hand the self-scores in (with the last entries, if given): every criterion needs its
    points."""
    may_write(evaluation.unit, by)
    current = locked(Evaluation, evaluation, version, _("Phiếu đánh giá"))
    _open(current)
    status = _move(current, Action.SUBMIT)
    _write(current, _clean(current, scores, "points", "evidence"), "self_points", "evidence")
    scored = set(
        current.scores.filter(self_points__isnull=False).values_list("criterion_id", flat=True)
    )
    missing = sorted(
        (c for pk, c in _leaves(current).items() if pk not in scored), key=lambda c: c.position
    )
    if missing:
        raise OversightError(
            gettext_noop("Hãy chấm đủ các tiêu chí trước khi gửi; chưa có điểm: %(codes)s."),
            field=f"points-{missing[0].pk}",
            codes=", ".join(c.code for c in missing[:20]),
        )
    _totals(current)
    current.status = status
    current.submitted_at = timezone.now()
    current.reason = ""
    current.save()
    return current


@transaction.atomic
def review(
    *,
    evaluation: Evaluation,
    by,
    version: int | None,
    scores: dict | None = None,
    conditions: list | None = None,
    comment: str | None = None,
) -> Evaluation:
    """A reviewer's points and comments ({criterion id: {"points", "comment"}}), the
    conditions of the top grade the unit meets, and an overall comment."""
    may_review(evaluation.round.unit, by)
    current = locked(Evaluation, evaluation, version, _("Phiếu đánh giá"))
    _open(current)
    current.status = _move(current, Action.REVIEW)
    cleaned = _clean(current, scores, "points", "comment")
    _write(current, cleaned, "review_points", "review_comment", by=by)
    if conditions is not None:
        current.conditions = _conditions(conditions)
    if comment is not None:
        current.comment = text(comment, "comment", _("nhận xét chung"), MAX_TEXT, required=False)
    _totals(current)
    current.save()
    return current


@transaction.atomic
def return_evaluation(
    *, evaluation: Evaluation, by, reason: str, version: int | None
) -> Evaluation:
    may_review(evaluation.round.unit, by)
    reason = (reason or "").strip()
    if not reason:
        raise OversightError(
            gettext_noop("Hãy ghi lý do trả lại để đơn vị biết cần chấm lại gì."), field="reason"
        )
    current = locked(Evaluation, evaluation, version, _("Phiếu đánh giá"))
    _open(current)
    current.status = _move(current, Action.RETURN)
    current.reason = reason[:2000]
    current.decided_at, current.decided_by = timezone.now(), by
    current.save()
    return current


@transaction.atomic
def accept(
    *, evaluation: Evaluation, by, version: int | None, conditions: list | None = None
) -> Evaluation:
    """Accept the sheet: its total (the reviewers' points where given) and grade count."""
    may_review(evaluation.round.unit, by)
    current = locked(Evaluation, evaluation, version, _("Phiếu đánh giá"))
    _open(current)
    current.status = _move(current, Action.ACCEPT)
    if conditions is not None:
        current.conditions = _conditions(conditions)
    _totals(current)
    current.decided_at, current.decided_by = timezone.now(), by
    current.reason = ""
    current.save()
    return current


@transaction.atomic
def reopen(*, evaluation: Evaluation, by, version: int | None) -> Evaluation:
    """Take an accepted sheet back into review (before the result is published)."""
    may_review(evaluation.round.unit, by)
    current = locked(Evaluation, evaluation, version, _("Phiếu đánh giá"))
    _open(current)
    current.status = _move(current, Action.REOPEN)
    current.decided_at, current.decided_by = None, None
    current.save()
    return current


@transaction.atomic
def close_round(*, round_: Round, by, version: int | None) -> Round:
    """Publish the result: no sheet may still wait for review; sheets never handed in stay
    out of the ranking."""
    may_write(round_.unit, by)
    current = locked(Round, round_, version, _("Đợt đánh giá"))
    if current.state != RoundState.OPEN:
        raise OversightError(gettext_noop("Đợt đánh giá đã công bố kết quả."), field="state")
    waiting = current.evaluations.filter(status=EvaluationStatus.SUBMITTED).count()
    if waiting:
        raise OversightError(
            gettext_noop("Còn %(count)s phiếu đã gửi chưa thẩm định xong."),
            field="state",
            count=waiting,
        )
    current.state = RoundState.CLOSED
    current.save(update_fields=["state", "version"])
    return current
