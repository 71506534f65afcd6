"""`lamtheo bench-reporting` at a small size, so that it cannot rot: on an empty database it
builds its own province; on the bench tree it takes the first province's communes. Either way
the consolidation agrees with the same sums in Python, the bulk-written answers look like those
made through the services, it prints the timings `make bench` reports, and a rerun replaces
what the first run wrote."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lamtheo.org.models import OrgUnit
from lamtheo.plans.models import Indicator
from lamtheo.reporting.models import Report, Request, Status, Submission, Template, Value

SMALL = ("--communes", "5", "--indicators", "7", "--runs", "2")


def _run(*args) -> str:
    out = StringIO()
    call_command("bench-reporting", *SMALL, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_bench_reporting_builds_its_province_checks_the_sums_and_prints_the_timings():
    printed = _run("--pdf-runs", "0")
    assert "Tỉnh ủy Thử nghiệm (built here), a request to 5 communes on 7 indicators" in printed
    assert "35 values and 20 texts" in printed
    assert "checked against the same sums in Python" in printed
    assert "hold the same fields as the bulk-written ones" in printed
    for label in (
        "selectors.consolidate, as it stood",
        "selectors.consolidate, restated",
        "services.reports.compile_body (whole body)",
        "render_docx(official.document_of(report))",
        "render_xlsx",
    ):
        assert label in printed
    assert "render_pdf" not in printed  # --pdf-runs 0
    assert "goals: p95 under 1000 ms for the consolidation" in printed
    request = Request.objects.get()
    assert set(request.submissions.values_list("status", flat=True)) == {Status.ACCEPTED}
    assert Value.objects.count() == 35
    assert Report.objects.get().number == "15-BC/TU"
    assert not Submission.objects.filter(decided_by__is_superuser=True).exists()

    again = _run("--pdf-runs", "1")  # a rerun replaces the first run's data
    assert "the previous run's request deleted (1)" in again
    assert "render_pdf (" in again
    assert (Request.objects.count(), Value.objects.count(), Indicator.objects.count()) == (
        1,
        35,
        7,
    )
    assert OrgUnit.objects.filter(kind="commune").count() == 5

    Template.objects.update(code="bao-cao-nam")  # a real template: the bench refuses
    with pytest.raises(CommandError, match="holds real reports"):
        _run()


@pytest.mark.django_db
def test_bench_reporting_refuses_a_database_with_units_but_no_bench_tree(province):
    with pytest.raises(CommandError, match="no bench tree"):
        _run()


# bench-org --keep vacuums: not inside a transaction. The fixture named too, for
# lamtheo/conftest.py to put back the fields and forms that another test's flush took.
@pytest.mark.django_db(transaction=True)
def test_bench_reporting_takes_the_first_province_of_the_bench_tree(transactional_db):
    call_command(
        "bench-org", "--keep", "--provinces", "2", "--communes", "6", "--cells", "1", "--runs", "1",
        stdout=StringIO(),
    )  # fmt: skip
    printed = _run("--pdf-runs", "0")
    assert "Tỉnh ủy 0 (of the bench tree), a request to 5 communes" in printed
    assert "checked against the same sums in Python" in printed
    request = Request.objects.get()
    assert {s.unit.code.split("-")[1] for s in request.submissions.select_related("unit")} == {"X0"}
