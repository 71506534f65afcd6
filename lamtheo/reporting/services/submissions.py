"""The writers of submissions: a unit saves and hands in its report, the issuing unit returns
or accepts it, and an accepted report is amended by a new revision.

Every step locks the submission's row and checks the version the person read, so of two
reviewers acting at once one wins and the other is told; a save that raced a decision is
refused, never merged. Drafts rewrite the open revision; a revision once handed in is kept as
it was (the reviewer compares it with the next one)."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.vn.errors import VnError, gettext_noop
from lamtheo.vn.numbers import parse_number

from .. import domain
from ..domain import Action, ReportingError
from ..models import Narrative, Revision, SectionKind, Status, Submission, Value
from .common import locked, may_review, may_write

MAX_TEXT = 100_000
_LABELS = dict(Status.choices)


def _move(submission: Submission, action: Action) -> str:
    status = domain.Status(submission.status)
    return domain.move(status, action, label=str(_LABELS[status])).value


def _open_revision(submission: Submission, by) -> Revision:
    """The revision a save writes: the latest if it was never handed in, else a new one that
    starts as a copy of the latest."""
    latest = submission.revisions.order_by("-number").first()
    if latest is not None and latest.submitted_at is None:
        return latest
    revision = Revision.objects.create(
        submission=submission, number=(latest.number if latest else 0) + 1, saved_by=by
    )
    if latest is not None:
        Value.objects.bulk_create(
            [
                Value(revision=revision, indicator_id=v.indicator_id, value=v.value)
                for v in latest.values.all()
            ]
        )
        Narrative.objects.bulk_create(
            [
                Narrative(revision=revision, section_id=n.section_id, text=n.text)
                for n in latest.narratives.all()
            ]
        )
    submission.revision = revision.number
    return revision


def _clean_values(submission: Submission, values: dict) -> dict[int, Decimal | None]:
    """Indicator id -> value; each must be one the template asks for. A value is a number or
    Vietnamese text ("1.567", "12,8"); blank clears it."""
    allowed = {
        indicator.pk: indicator
        for section in submission.request.template.sections.filter(kind=SectionKind.INDICATORS)
        for indicator in section.indicators.all()
    }
    cleaned: dict[int, Decimal | None] = {}
    for key, raw in values.items():
        indicator = allowed.get(int(key)) if str(key).isdigit() else None
        if indicator is None:
            raise ReportingError(
                gettext_noop("Chỉ tiêu %(key)s không có trong mẫu báo cáo này."),
                field="values",
                key=key,
            )
        where = {"field": f"value-{indicator.pk}", "name": indicator.name}
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            cleaned[indicator.pk] = None
            continue
        try:
            number = raw if isinstance(raw, Decimal) else parse_number(str(raw))
        except VnError:
            raise ReportingError(
                gettext_noop("Chỉ tiêu «%(name)s»: «%(text)s» không phải là số."),
                text=str(raw)[:40],
                **where,
            ) from None
        if abs(number) < Decimal("1e16"):  # the column's four decimals (rounding may carry)
            number = number.quantize(Decimal("0.0001"))
        if abs(number) >= Decimal("1e16"):
            raise ReportingError(gettext_noop("Chỉ tiêu «%(name)s»: số quá lớn."), **where)
        cleaned[indicator.pk] = number
    return cleaned


def _clean_texts(submission: Submission, narratives: dict) -> dict[int, str]:
    allowed = set(
        submission.request.template.sections.filter(kind=SectionKind.NARRATIVE).values_list(
            "pk", flat=True
        )
    )
    cleaned = {}
    for key, value in narratives.items():
        pk = int(key) if str(key).isdigit() else None
        if pk not in allowed:
            raise ReportingError(
                gettext_noop("Phần %(key)s không có trong mẫu báo cáo này."),
                field="narratives",
                key=key,
            )
        value = (value or "").replace("\r\n", "\n").strip()
        if len(value) > MAX_TEXT:
            raise ReportingError(
                gettext_noop("Một phần dài quá %(limit)s ký tự."),
                field=f"section-{pk}",
                limit=MAX_TEXT,
            )
        cleaned[pk] = value
    return cleaned


def _write(revision: Revision, values: dict, narratives: dict, by, note: str) -> None:
    for indicator_id, value in values.items():
        if value is None:
            Value.objects.filter(revision=revision, indicator_id=indicator_id).delete()
        else:
            Value.objects.update_or_create(
                revision=revision, indicator_id=indicator_id, defaults={"value": value}
            )
    for section_id, value in narratives.items():
        Narrative.objects.update_or_create(
            revision=revision, section_id=section_id, defaults={"text": value}
        )
    revision.saved_by, revision.saved_at = by, timezone.now()
    revision.note = (note or "").strip()[:500] or revision.note
    revision.save(update_fields=["saved_by", "saved_at", "note"])


@transaction.atomic
def save_draft(
    *,
    submission: Submission,
    by,
    values: dict | None = None,
    narratives: dict | None = None,
    version: int | None,
    note: str = "",
) -> Submission:
    """Write the unit's draft; refused once handed in (wait for the decision) or accepted
    (amend it). Nothing is written when one value is wrong."""
    may_write(submission.unit, by)
    current = locked(Submission, submission, version, _("Báo cáo của đơn vị"))
    current.status = _move(current, Action.SAVE)
    cleaned_values = _clean_values(current, values or {})
    cleaned_texts = _clean_texts(current, narratives or {})
    revision = _open_revision(current, by)
    _write(revision, cleaned_values, cleaned_texts, by, note)
    current.save(update_fields=["status", "revision", "version"])
    return current


@transaction.atomic
def submit(
    *,
    submission: Submission,
    by,
    version: int | None,
    values: dict | None = None,
    narratives: dict | None = None,
    note: str = "",
) -> Submission:
    """Hand the report in (with what was typed last, if given). The first hand-in is the day
    timeliness is judged by."""
    may_write(submission.unit, by)
    current = locked(Submission, submission, version, _("Báo cáo của đơn vị"))
    status = _move(current, Action.SUBMIT)
    cleaned_values = _clean_values(current, values or {})
    cleaned_texts = _clean_texts(current, narratives or {})
    revision = _open_revision(current, by)
    _write(revision, cleaned_values, cleaned_texts, by, note)
    if not revision.values.exists() and not revision.narratives.exclude(text="").exists():
        raise ReportingError(
            gettext_noop("Báo cáo chưa có nội dung nào: hãy nhập số liệu hoặc nội dung trước."),
            field="values",
        )
    now = timezone.now()
    revision.submitted_at = now
    revision.save(update_fields=["submitted_at"])
    current.status = status
    current.submitted_at = now
    current.first_submitted_at = current.first_submitted_at or now
    current.reason = ""
    current.save(
        update_fields=[
            "status",
            "revision",
            "submitted_at",
            "first_submitted_at",
            "reason",
            "version",
        ]
    )
    return current


@transaction.atomic
def return_submission(
    *, submission: Submission, by, reason: str, version: int | None
) -> Submission:
    may_review(submission.request.unit, by)
    reason = (reason or "").strip()
    if not reason:
        raise ReportingError(
            gettext_noop("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."), field="reason"
        )
    current = locked(Submission, submission, version, _("Báo cáo của đơn vị"))
    current.status = _move(current, Action.RETURN)
    current.reason = reason[:2000]
    current.decided_at, current.decided_by = timezone.now(), by
    current.save(update_fields=["status", "reason", "decided_at", "decided_by", "version"])
    return current


@transaction.atomic
def accept(*, submission: Submission, by, version: int | None) -> Submission:
    """Accept the handed-in revision: from now on it is the one consolidation counts, and it
    is never written again."""
    may_review(submission.request.unit, by)
    current = locked(Submission, submission, version, _("Báo cáo của đơn vị"))
    current.status = _move(current, Action.ACCEPT)
    revision = current.revisions.get(number=current.revision)
    now = timezone.now()
    revision.accepted_at = now
    revision.save(update_fields=["accepted_at"])
    current.accepted = revision
    current.decided_at, current.decided_by = now, by
    current.reason = ""
    current.save(
        update_fields=["status", "accepted", "decided_at", "decided_by", "reason", "version"]
    )
    return current


@transaction.atomic
def amend(*, submission: Submission, by, version: int | None, note: str = "") -> Submission:
    """Open a new revision of an accepted report; the accepted one stays readable and counted
    until the amendment is accepted in its turn."""
    may_write(submission.unit, by)
    current = locked(Submission, submission, version, _("Báo cáo của đơn vị"))
    current.status = _move(current, Action.AMEND)
    revision = _open_revision(current, by)
    if note:
        revision.note = note.strip()[:500]
        revision.save(update_fields=["note"])
    current.save(update_fields=["status", "revision", "version"])
    return current
