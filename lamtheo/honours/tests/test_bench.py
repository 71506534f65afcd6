"""`lamtheo bench-honours` on a small generated tree: the statistics of the cases it generates
agree with the same counts done in Python (as the hierarchy stood, restated, by field, unit and
form), it prints the timings `make bench` reports, and it runs again over its own cases."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lamtheo.honours import domain
from lamtheo.honours.models import Case, Commendation


# bench-org --keep vacuums: not inside a transaction. The fixture named too, for
# lamtheo/conftest.py to put back the fields and forms that another test's flush took.
@pytest.mark.django_db(transaction=True)
def test_bench_honours_checks_its_statistics_and_prints_the_timings(transactional_db):
    call_command(
        "bench-org", "--keep", "--provinces", "3", "--communes", "4", "--cells", "2", "--runs", "2",
        stdout=StringIO(),
    )  # fmt: skip
    out = StringIO()
    call_command("bench-honours", "--cases", "800", "--runs", "3", stdout=out)
    printed = out.getvalue()
    assert "800 cases" in printed
    assert "9 districts dissolved into their provinces" in printed
    assert "checked against the same counts in Python" in printed
    assert "the country, 2021-2024 restated, by field" in printed
    assert "goals on PostgreSQL: p95 under 200 ms for a province" in printed
    commendations = Commendation.objects.count()
    assert commendations > 800  # 1.6 per commended case, and most are
    for case in Case.objects.all()[:100]:  # what Case.save would have set
        assert case.year_end == domain.counted_on(
            case.year, case.unit.valid_from, case.unit.valid_to
        )
        assert case.name_key == domain.name_key(case.name)
        assert case.search_text == domain.search_text(
            case.name, case.position, case.title, case.story
        )
    # A district's cases of 2025 count on its last day, 30/6/2025, when it stood in the tree.
    assert Case.objects.filter(
        unit__kind="district", year=2025, year_end=date(2025, 6, 30)
    ).exists()
    for commendation in Commendation.objects.exclude(decision=""):  # as commend_case reads them
        read = domain.read_decision(commendation.decision, on=commendation.decided_on)
        assert (read.symbol, read.style) == (commendation.decision, commendation.decision_style)
        assert commendation.year == commendation.decided_on.year

    again = StringIO()  # a rerun replaces the cases of the first
    call_command("bench-honours", "--cases", "800", "--runs", "1", stdout=again)
    assert "800 cases of a previous run deleted" in again.getvalue()
    assert (Case.objects.count(), Commendation.objects.count()) == (800, commendations)
    reused = StringIO()
    call_command("bench-honours", "--reuse", "--runs", "1", stdout=reused)
    assert "reusing 800 cases" in reused.getvalue()

    Case.objects.filter(pk=Case.objects.first().pk).update(source="")
    with pytest.raises(CommandError, match="holds real cases"):
        call_command("bench-honours", stdout=StringIO())
