"""The result of a round: the ranking (ties share a rank, only sheets handed in, a quota breach
shown and left as it is), the count of sheets per status, and a sheet's tree of criteria."""

from datetime import date
from decimal import Decimal

import pytest

from lamtheo.org import services as org
from lamtheo.oversight import domain, selectors, services
from lamtheo.oversight.models import Evaluation

from .checks import BOTH, FULL, entries, handed_in, open_round, sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(province, provincial_admin, criteria_set):
    """A round over five communes of the province, scored by the province's admin."""
    units = [
        org.create_unit(
            code=f"X-{n}",
            name=f"Đảng ủy xã Thử {n}",
            kind="commune",
            valid_from=date(2025, 7, 1),
            parent=province,
        )
        for n in range(1, 6)
    ]
    round_ = open_round(province, criteria_set, units, provincial_admin, quotas={"excellent": "20"})
    return round_, units


def test_the_ranking_shares_ties_shows_a_quota_breach_and_leaves_it(
    five, provincial_admin, reviewer
):
    round_, (u1, u2, u3, u4, u5) = five
    for unit, typed in (
        (u1, FULL),  # 92
        (u2, FULL),  # 92
        (u3, {**FULL, "2.1": "10"}),  # 62
        (u4, {**FULL, "2.1": "10", "2.2": "0"}),  # 40
    ):
        e = handed_in(round_, unit, provincial_admin, typed)
        if unit != u4:
            services.accept(evaluation=e, by=reviewer, version=e.version, conditions=BOTH)
    services.save_self(
        evaluation=sheet(round_, u5),
        by=provincial_admin,
        version=1,
        scores=entries(round_, {"1.1": "10"}),
    )
    result = selectors.ranking(round_)
    assert [(r.evaluation.unit, r.rank, r.total, r.grade) for r in result.rows] == [
        (u1, 1, Decimal(92), "excellent"),
        (u2, 1, Decimal(92), "excellent"),
        (u3, 3, Decimal(62), "done"),
        (u4, 4, Decimal(40), "not_done"),
    ]
    assert [e.unit for e in result.waiting] == [u5]
    assert result.distribution == {"excellent": 2, "good": 0, "done": 1, "not_done": 1}
    assert result.breaches == [domain.Breach(domain.Grade.EXCELLENT, 2, 0)]
    assert result.provisional == 1
    # Shown, not fixed: both keep their grade.
    assert set(
        Evaluation.objects.filter(round=round_, unit__in=[u1, u2]).values_list("grade", flat=True)
    ) == {"excellent"}
    assert selectors.progress(round_) == {
        "pending": 0,
        "draft": 1,
        "submitted": 1,
        "returned": 0,
        "accepted": 3,
    }


def test_the_sheet_lists_every_criterion_with_its_depth_and_score(
    evaluation_round, commune_a, editor_a
):
    e = sheet(evaluation_round, commune_a)
    services.save_self(
        evaluation=e, by=editor_a, version=1, scores=entries(evaluation_round, {"1.2": "12,5"})
    )
    rows = selectors.sheet(e)
    assert [(r.criterion.code, r.depth) for r in rows] == [
        ("1", 0),
        ("1.1", 1),
        ("1.2", 1),
        ("2", 0),
        ("2.1", 1),
        ("2.2", 1),
    ]
    assert [r.score.self_points if r.score else None for r in rows] == [
        None,
        None,
        Decimal("12.5"),
        None,
        None,
        None,
    ]
