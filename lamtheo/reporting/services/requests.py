"""The writers of report requests: one submission per recipient, written in one statement, and
the reminders of what is due and overdue."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.audit import bulk
from lamtheo.documents.models import Document
from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit
from lamtheo.vn.dates import Period
from lamtheo.vn.errors import DateError, gettext_noop

from .. import tasks
from ..domain import ReportingError
from ..models import Kind, Request, Status, Submission, Template
from .common import locked, may_write, text

MAX_RECIPIENTS = 5000


def period_of(code: str) -> Period:
    try:
        return Period.from_code((code or "").strip())
    except DateError as error:
        raise ReportingError(error.template, field="period", **error.params) from None


@transaction.atomic
def issue_request(
    *,
    unit: OrgUnit,
    template: Template,
    title: str,
    period: str,
    deadline: date | None,
    units: list[OrgUnit],
    by,
    kind: str = Kind.YEAR,
    as_of: date | None = None,
    document: Document | None = None,
) -> Request:
    """Ask units under `unit` (as the hierarchy stands on `as_of`, today by default) for a
    report on `template` by `deadline`. The template version is frozen from then on."""
    may_write(unit, by)
    title = text(title, "title", _("tên báo cáo"), 500)
    if kind not in Kind.values:
        raise ReportingError(gettext_noop("Hãy chọn loại báo cáo."), field="kind")
    span = period_of(period)
    if deadline is None:
        raise ReportingError(gettext_noop("Hãy nhập hạn nộp."), field="deadline")
    as_of = as_of or timezone.localdate()
    reachable = Template.objects.filter(
        pk=template.pk, unit_id__in=org.ancestors(unit, as_of=as_of).values("pk")
    ).exists()
    if template.unit_id != unit.pk and not reachable:
        raise ReportingError(
            gettext_noop("Mẫu «%(name)s» không phải của đơn vị hay cấp trên của đơn vị."),
            field="template",
            name=template.name,
        )
    if not units:
        raise ReportingError(gettext_noop("Hãy chọn đơn vị gửi báo cáo."), field="rule")
    if len(units) > MAX_RECIPIENTS:
        raise ReportingError(
            gettext_noop("Một yêu cầu gửi nhiều nhất %(limit)s đơn vị."),
            field="rule",
            limit=MAX_RECIPIENTS,
        )
    inside = set(
        org.subtree_ids(unit, as_of=as_of)
        .filter(descendant_id__in=[u.pk for u in units])
        .exclude(descendant_id=unit.pk)
    )
    for recipient in units:
        if recipient.pk not in inside:
            raise ReportingError(
                gettext_noop("%(unit)s không phải đơn vị cấp dưới của %(root)s ngày %(day)s."),
                field="rule",
                unit=recipient.name,
                root=unit.name,
                day=as_of.strftime("%d/%m/%Y"),
            )
    request = Request.objects.create(
        unit=unit,
        province_code=unit.province_code,
        template=template,
        title=title,
        kind=kind,
        period=span.code,
        period_start=span.start,
        period_end=span.end,
        document=document,
        as_of=as_of,
        deadline=deadline,
        created_by=by,
    )
    if not template.in_use:
        bulk.update(Template.objects.filter(pk=template.pk), in_use=True)
    created = bulk.bulk_create(
        Submission,
        [
            Submission(
                request=request,
                unit=recipient,
                province_code=recipient.province_code,
                deadline=deadline,
            )
            for recipient in {u.pk: u for u in units}.values()
        ],
    )
    ids = [submission.pk for submission in created]
    transaction.on_commit(lambda: tasks.remind.enqueue(ids, "new"))
    return request


@transaction.atomic
def extend_deadline(*, submission: Submission, deadline: date, by, version: int | None):
    """The issuing unit gives one recipient more time."""
    may_write(submission.request.unit, by)
    current = locked(Submission, submission, version, _("Báo cáo của đơn vị"))
    current.deadline = deadline
    current.reminded_before = current.reminded_after = None
    current.save(update_fields=["deadline", "reminded_before", "reminded_after", "version"])
    return current


def queue_reminders(*, today: date | None = None, days_before: int = 3) -> int:
    """Queue the reminders owed today: once when a deadline is `days_before` days away or
    less, once when it has passed, for every submission not yet handed in. Returns how many."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=days_before)
    now = timezone.now()
    queued = 0
    waiting = [Status.PENDING, Status.DRAFT, Status.RETURNED]
    with transaction.atomic():
        open_ = Submission.objects.select_for_update().filter(status__in=waiting)
        kinds = {
            "after": open_.filter(deadline__lt=today, reminded_after__isnull=True),
            "before": open_.filter(
                deadline__gte=today, deadline__lte=soon, reminded_before__isnull=True
            ),
        }
        for kind, found in kinds.items():
            ids = list(found.values_list("pk", flat=True))
            if not ids:
                continue
            bulk.update(Submission.objects.filter(pk__in=ids), **{f"reminded_{kind}": now})
            transaction.on_commit(lambda ids=ids, kind=kind: tasks.remind.enqueue(ids, kind))
            queued += len(ids)
    return queued
