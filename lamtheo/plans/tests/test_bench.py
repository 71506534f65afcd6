"""`lamtheo bench-plans` on a small generated tree: the figures it generates are added up by
`selectors.rollup` exactly as the same sums done in Python (plain sums, reported totals that
supersede their parts, a weighted average), and it prints the timings `make bench` reports."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


@pytest.mark.django_db(transaction=True)  # bench-org --keep vacuums: not inside a transaction
def test_bench_plans_checks_its_rollups_and_prints_the_timings():
    call_command(
        "bench-org", "--keep", "--provinces", "3", "--communes", "4", "--cells", "2", "--runs", "2",
        stdout=StringIO(),
    )  # fmt: skip
    out = StringIO()
    call_command("bench-plans", "--runs", "3", "--cell-share", "1", stdout=out)
    printed = out.getvalue()
    assert "checked against the generated figures" in printed
    assert "sum, the country, 2024 restated to today" in printed
    assert "goals on PostgreSQL: p95 under 200 ms for a province" in printed
    with pytest.raises(CommandError, match="holds indicators"):
        call_command("bench-plans", stdout=StringIO())
