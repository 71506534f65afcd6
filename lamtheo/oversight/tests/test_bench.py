"""`lamtheo bench-oversight` at a small size, so that it cannot rot: on an empty database it
builds its own province; on the bench tree it takes the first province's communes. Either way
the ranking agrees with the score rows summed in Python, the bulk-written sheets and
recommendations look like those made through the services, it prints the timings `make bench`
reports, and a rerun replaces what the first run wrote."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lamtheo.org.models import OrgUnit
from lamtheo.oversight.models import (
    CriteriaSet,
    Criterion,
    Evaluation,
    EvaluationStatus,
    Inspection,
    Recommendation,
    Round,
    Score,
)

SMALL = ("--units", "5", "--criteria", "8", "--recommendations", "50", "--runs", "2")
LABELS = (
    "selectors.ranking (the round)",
    "services.review (one cell of a sheet)",
    "selectors.sheet (a sheet's rows)",
    "selectors.board (the province)",
    "selectors.inbox (a commune)",
    "visible_to: count + first 50, province",
    "visible_to: count + first 50, commune",
    "selectors.overdue_counts (every commune)",
)


def _run(*args) -> str:
    out = StringIO()
    call_command("bench-oversight", *SMALL, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_bench_oversight_builds_its_province_checks_the_ranking_and_prints_the_timings():
    printed = _run()
    assert "Tỉnh ủy Đánh giá (built here), a round of 5 communes on 8 criteria" in printed
    assert "(40 scores, every sheet self-scored and reviewed) and 50 recommendations" in printed
    assert "checked against the same sums in Python: 5 totals, ranks and grades" in printed
    assert "hold the same fields as the bulk-written ones" in printed
    for label in LABELS:
        assert label in printed
    assert "goals: p95 under 200 ms for a reviewer's save" in printed
    round_ = Round.objects.get()
    assert round_.criteria_set.max_points == 100
    assert Criterion.objects.filter(is_group=False).count() == 8
    assert Score.objects.count() == 40
    statuses = list(round_.evaluations.values_list("status", flat=True))
    assert statuses.count(EvaluationStatus.ACCEPTED) == 4  # and the one the timed save reviews
    assert statuses.count(EvaluationStatus.SUBMITTED) == 1
    assert not Score.objects.filter(self_points__isnull=True).exists()
    assert Recommendation.objects.count() == 50
    assert Recommendation.objects.values("state").distinct().count() == 4
    assert not Evaluation.objects.filter(decided_by__is_superuser=True).exists()

    again = _run()  # a rerun replaces the first run's data
    assert "the previous run's round deleted (1)" in again
    assert (Round.objects.count(), CriteriaSet.objects.count(), Score.objects.count()) == (1, 1, 40)
    assert Recommendation.objects.count() == 50
    assert Inspection.objects.count() == 2
    assert OrgUnit.objects.filter(kind="commune").count() == 5

    Inspection.objects.update(title="Kiểm tra chuyên đề")  # real records: the bench refuses
    with pytest.raises(CommandError, match="holds real oversight records"):
        _run()


@pytest.mark.django_db
def test_bench_oversight_refuses_a_database_with_units_but_no_bench_tree(province):
    with pytest.raises(CommandError, match="no bench tree"):
        _run()


# bench-org --keep vacuums: not inside a transaction. The fixture named too, for
# lamtheo/conftest.py to put back the fields and forms that another test's flush took.
@pytest.mark.django_db(transaction=True)
def test_bench_oversight_takes_the_first_province_of_the_bench_tree(transactional_db):
    call_command(
        "bench-org", "--keep", "--provinces", "2", "--communes", "6", "--cells", "1", "--runs", "1",
        stdout=StringIO(),
    )  # fmt: skip
    printed = _run()
    assert "Tỉnh ủy 0 (of the bench tree), a round of 5 communes" in printed
    assert "checked against the same sums in Python" in printed
    round_ = Round.objects.get()
    assert {e.unit.code.split("-")[1] for e in round_.evaluations.select_related("unit")} == {"X0"}
