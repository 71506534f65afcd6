"""The whole cycle through the services: issue, save, submit, return, resubmit, accept,
amend, consolidate."""

from datetime import date
from decimal import Decimal

import pytest

from lamtheo.reporting import selectors, services
from lamtheo.reporting.models import Status, Submission

pytestmark = pytest.mark.django_db


def _sections(template):
    return {s.role: s for s in template.sections.filter(kind="narrative")}


def test_a_cycle_from_request_to_consolidated_figures(
    report_request,
    editor_a,
    editor_b,
    reviewer,
    provincial_admin,
    indicators,
    template,
    commune_a,
    commune_b,
):
    members, rate = indicators
    results = _sections(template)["results"]
    a = Submission.objects.get(request=report_request, unit=commune_a)
    b = Submission.objects.get(request=report_request, unit=commune_b)
    a = services.save_draft(
        submission=a,
        by=editor_a,
        values={members.pk: "12", rate.pk: "8,5"},
        narratives={results.pk: "Kết nạp 12 đảng viên."},
        version=a.version,
    )
    a = services.submit(submission=a, by=editor_a, version=a.version)
    b = services.submit(
        submission=b,
        by=editor_b,
        values={members.pk: "1.000", rate.pk: "4,5"},
        version=b.version,
    )
    b = services.return_submission(
        submission=b, by=reviewer, reason="Số quá lớn", version=b.version
    )
    b = services.submit(submission=b, by=editor_b, values={members.pk: "9"}, version=b.version)
    assert b.revision == 2
    for s in (a, b):
        services.accept(submission=s, by=reviewer, version=s.version)
    result = selectors.consolidate(report_request, today=date(2026, 12, 20))
    assert result.totals[members.pk].value == Decimal("21")
    assert result.totals[rate.pk].value == Decimal("6.5")
    assert result.cells[(members.pk, commune_a.pk)].value == Decimal("12")
    changes = selectors.diff(b.revisions.get(number=1), b.revisions.get(number=2))
    assert [(c.label, c.old, c.new) for c in changes] == [("Đảng viên mới kết nạp", "1.000", "9")]
    done = selectors.completeness(report_request, today=date(2026, 12, 20))
    assert done.by_status[Status.ACCEPTED] == 2
    report = services.consolidate(request=report_request, by=provincial_admin)
    texts = [b["text"] for b in report.body if b["t"] == "paragraph"]
    assert "Kết nạp 12 đảng viên." in texts
    a.refresh_from_db()
    a = services.amend(submission=a, by=editor_a, version=a.version)
    assert a.status == Status.DRAFT
    assert a.accepted.number == 1
