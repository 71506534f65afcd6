"""One of each reporting record for a unit, for the generic access and attack tests
(lamtheo/tests): a template, a request of the unit to one of its cells (`cell`, from the plans
records), the cell's submission saved as a draft, a report and a finished rendering whose
files are small stand-ins (the renderer has its own tests)."""

from datetime import date

from django.core.files.base import ContentFile

from lamtheo.plans.models import Indicator
from lamtheo.reporting import services
from lamtheo.reporting.models import Rendering, Report, SectionKind, Submission


def make_records(unit, user, cell) -> dict:
    indicator = Indicator.objects.create(
        code=f"dv-moi-{unit.code.lower()}",
        name="Đảng viên mới kết nạp",
        measure="người",
        unit=unit,
    )
    template = services.create_template(
        unit=unit,
        code="bao-cao-nam",
        name=f"Báo cáo năm của {unit.name}",
        sections=services.standard_sections([indicator], ["commitments"]),
        by=user,
    )
    request = services.issue_request(
        unit=unit,
        template=template,
        title=f"Báo cáo kết quả năm 2026 của {unit.name}",
        period="2026",
        deadline=date(2026, 12, 15),
        units=[cell],
        by=user,
        as_of=date(2026, 1, 15),
    )
    submission = Submission.objects.get(request=request)
    results = template.sections.filter(kind=SectionKind.NARRATIVE).first()
    services.save_draft(
        submission=submission,
        by=user,
        values={indicator.pk: "3"},
        narratives={results.pk: "Kết nạp 3 đảng viên."},
        version=submission.version,
    )
    # Written straight, not compiled: the body's links are reversed from the project's URLs,
    # and a test may run this under URLs of its own (the CSRF probe's).
    report = Report.objects.create(
        request=request,
        unit=unit,
        place=unit.name,
        signed_on=date(2026, 12, 20),
        issuer=unit.name.upper(),
        abstract=request.title,
        body=[{"t": "heading", "text": "I. KẾT QUẢ ĐẠT ĐƯỢC", "level": 1}],
    )
    rendering = Rendering.objects.create(
        report=report, state=Rendering.State.DONE, done=1, total=1, requested_by=user
    )
    for kind in ("docx", "pdf", "xlsx"):
        getattr(rendering, kind).save(f"bao-cao.{kind}", ContentFile(b"stand-in"), save=False)
    rendering.save()
    return {
        "template": template.pk,
        "report_request": request.pk,
        "submission": submission.pk,
        "rendering": rendering.pk,
        "kind": "docx",
    }


def submission_at(pk: int, status: str) -> dict:
    """The records' submission put in `status` (draft, submitted or accepted) at version 1,
    as the step an API write takes needs it; the body of that write then names version 1."""
    from django.utils import timezone

    from lamtheo.reporting.models import Revision

    submission = Submission.objects.get(pk=pk)
    revision = submission.revisions.order_by("-number").first()
    handed = timezone.now() if status in ("submitted", "accepted") else None
    Revision.objects.filter(pk=revision.pk).update(
        submitted_at=handed, accepted_at=handed if status == "accepted" else None
    )
    Submission.objects.filter(pk=pk).update(
        status=status,
        version=1,
        accepted=revision if status == "accepted" else None,
        first_submitted_at=handed,
        submitted_at=handed,
    )
    return {"version": 1}
