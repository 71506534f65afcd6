"""Background tasks of the reporting area (run by `lamtheo worker`): notices of new and due
reports to the recipients' editors, and the rendering of the official files."""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_noop

from lamtheo.plans.tasks import notify, recipients

log = logging.getLogger(__name__)

SUBJECTS = {
    "new": gettext_noop("Yêu cầu báo cáo: %(title)s (hạn %(deadline)s)"),
    "before": gettext_noop("Sắp đến hạn nộp báo cáo: %(title)s (hạn %(deadline)s)"),
    "after": gettext_noop("Quá hạn nộp báo cáo: %(title)s (hạn %(deadline)s)"),
}


@task()
def remind(submission_ids: list[int], kind: str) -> int:
    """Notify the editors of each recipient that a report is asked of it, due soon, or
    overdue; one notice per user, submission and kind (a retried task sends none twice)."""
    from .models import Status, Submission

    found = list(
        Submission.objects.filter(pk__in=submission_ids)
        .exclude(status__in=[Status.SUBMITTED, Status.ACCEPTED])
        .select_related("request", "unit")
    )
    people = recipients([s.unit_id for s in found])
    sent = 0
    for submission in found:
        text = SUBJECTS[kind] % {
            "title": submission.request.title[:300],
            "deadline": date_format(submission.deadline, "SHORT_DATE_FORMAT"),
        }
        url = reverse("reporting:submission", args=[submission.pk])
        body = f"{submission.unit.name}\n{submission.request.title}\n\n{settings.SITE_URL}{url}"
        for user in people.get(submission.unit_id, []):
            key = f"report:{submission.pk}:{kind}"
            sent += notify(user, unit=submission.unit, text=text, url=url, key=key, body=body)
    return sent


@task()
def render(rendering_id: int) -> str:
    """Make the .docx, then the .pdf and the .xlsx of a report, saving the progress as it
    goes so the page can show a bar."""
    from . import official
    from .models import Rendering
    from .render import render_docx, render_pdf, render_xlsx
    from .render.pdf import office_binary

    rendering = Rendering.objects.select_related("report", "report__unit").get(pk=rendering_id)
    report = rendering.report
    document = official.document_of(report)
    steps = len(document.blocks) + 2  # the blocks of the .docx, then the .pdf and the .xlsx
    Rendering.objects.filter(pk=rendering.pk).update(
        state=Rendering.State.RUNNING, total=steps, done=0
    )

    def progress(done: int, total: int) -> None:
        if done % 10 == 0 or done == total:
            Rendering.objects.filter(pk=rendering.pk).update(done=done)

    name = (report.number or f"bao-cao-{report.pk}").replace("/", "-")
    try:
        docx = render_docx(document, progress=progress)
        rendering.docx.save(f"{name}.docx", ContentFile(docx), save=False)
        pdf = render_pdf(docx, document)
        rendering.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        rendering.pdf_engine = "libreoffice" if office_binary() else "weasyprint"
        Rendering.objects.filter(pk=rendering.pk).update(done=steps - 1)
        rendering.xlsx.save(f"{name}.xlsx", ContentFile(render_xlsx(document)), save=False)
    except Exception as error:  # shown on the page; the files made so far are dropped
        log.exception("rendering %s failed", rendering.pk)
        Rendering.objects.filter(pk=rendering.pk).update(
            state=Rendering.State.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        return "failed"
    rendering.state, rendering.done, rendering.total = Rendering.State.DONE, steps, steps
    rendering.finished_at = timezone.now()
    rendering.save()
    return "done"
