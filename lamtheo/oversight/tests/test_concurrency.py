"""People acting at the same moment, from threads with their own database connections on
committed data: of two reviewers scoring one sheet, exactly one save lands and the other is
told (what the later one typed is never merged over the first's); of two editors answering one
recommendation, one; thirty units scoring themselves at once all land with their own totals.

PostgreSQL only: SQLite serialises whole transactions, so there is no race to lose."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, connections

from lamtheo.conftest import _role, _user
from lamtheo.org import services as org
from lamtheo.oversight import services
from lamtheo.oversight.domain import OversightError
from lamtheo.oversight.models import (
    Criterion,
    Evaluation,
    EvaluationStatus,
    FixState,
    Recommendation,
    Response,
    Score,
)
from lamtheo.vn.numbers import parse_number

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 60
UNITS = 30
WORKERS = 8


@pytest.fixture
def postgres_only(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip(
            "two saves of one row at the same moment need PostgreSQL's row locks; SQLite "
            "serialises whole transactions"
        )


def _race(*actions):
    """Run each (prepare, act) in its own thread: each reads what its person has on screen,
    then a barrier releases them together. What each act returned or raised, in order."""
    barrier = threading.Barrier(len(actions), timeout=TIMEOUT)
    outcomes: list = [None] * len(actions)

    def run(index, action):
        try:
            prepared = action[0]()
            barrier.wait()
            outcomes[index] = action[1](prepared)
        except Exception as error:  # the outcome under test
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "a thread hung"
    return outcomes


def _ids(criteria_set) -> dict[str, int]:
    return dict(Criterion.objects.filter(criteria_set=criteria_set).values_list("code", "pk"))


def _sheet(pk):
    return lambda: Evaluation.objects.select_related("round__unit", "unit").get(pk=pk)


def _split(outcomes, kind):
    winners = [o for o in outcomes if isinstance(o, kind)]
    losers = [o for o in outcomes if isinstance(o, OversightError)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    assert losers[0].field == "version"
    return winners[0]


def test_of_two_reviewers_scoring_one_sheet_at_once_the_later_is_refused(
    transactional_db,
    postgres_only,
    evaluation_round,
    commune_a,
    editor_a,
    reviewer,
    second_reviewer,
):
    ids = _ids(evaluation_round.criteria_set)
    e = Evaluation.objects.get(round=evaluation_round, unit=commune_a)
    typed = {"1.1": "10", "1.2": "20", "2.1": "40", "2.2": "28"}
    e = services.submit(
        evaluation=e,
        by=editor_a,
        version=e.version,
        scores={ids[c]: {"points": p} for c, p in typed.items()},
    )
    seen = e.version
    given = {reviewer: "15", second_reviewer: "25"}
    outcomes = _race(
        *[
            (
                _sheet(e.pk),
                lambda sheet, who=who: services.review(
                    evaluation=sheet,
                    by=who,
                    version=seen,
                    scores={ids["2.2"]: {"points": given[who], "comment": who.full_name}},
                ),
            )
            for who in given
        ]
    )
    winner = _split(outcomes, Evaluation)
    who = list(given)[outcomes.index(winner)]
    final = Evaluation.objects.get(pk=e.pk)
    score = Score.objects.get(evaluation=e, criterion_id=ids["2.2"])
    assert (score.review_points, score.reviewed_by, score.review_comment) == (
        parse_number(given[who]),
        who,
        who.full_name,
    )
    assert (final.version, final.status) == (seen + 1, EvaluationStatus.SUBMITTED)
    assert final.review_total == Decimal(70) + parse_number(given[who])
    assert final.self_total == Decimal(98)


def test_of_two_editors_answering_one_recommendation_at_once_one_answer_lands(
    transactional_db, postgres_only, recommendations, editor_a, admin_a
):
    a, _b = recommendations
    seen = a.version
    outcomes = _race(
        (
            lambda: Recommendation.objects.select_related("owner", "inspection__unit").get(pk=a.pk),
            lambda r: services.respond(
                recommendation=r,
                step="progress",
                text_="Đang khắc phục",
                by=editor_a,
                version=seen,
            ),
        ),
        (
            lambda: Recommendation.objects.select_related("owner", "inspection__unit").get(pk=a.pk),
            lambda r: services.respond(
                recommendation=r,
                step="report",
                text_="Đã khắc phục",
                by=admin_a,
                version=seen,
                evidence="Kế hoạch số 12-KH/ĐU",
            ),
        ),
    )
    winner = _split(outcomes, Response)
    final = Recommendation.objects.get(pk=a.pk)
    assert list(Response.objects.filter(recommendation=a).values_list("pk", flat=True)) == [
        winner.pk
    ]
    expected = FixState.FIXING if winner.step == "progress" else FixState.REPORTED
    assert (final.state, final.version) == (expected, seen + 1)


@pytest.fixture
def thirty(province, provincial_admin, criteria_set):
    """A round over thirty communes of the province, each with its own editor."""
    units, editors = [], {}
    for n in range(UNITS):
        unit = org.create_unit(
            code=f"X-{n:02d}",
            name=f"Đảng ủy xã Thử Nghiệm {n:02d}",
            kind="commune",
            valid_from=date(2025, 7, 1),
            parent=province,
        )
        editors[unit.pk] = _role(_user(f"xa_{n:02d}", f"Biên tập viên {n:02d}"), unit, "editor")
        units.append(unit)
    round_ = services.open_round(
        unit=province,
        criteria_set=criteria_set,
        title="Đánh giá năm 2026 (30 xã)",
        period="2026",
        self_deadline=date(2030, 1, 15),
        review_deadline=date(2030, 1, 31),
        units=units,
        by=provincial_admin,
        as_of=date(2026, 12, 1),
    )
    return round_, units, editors


def test_thirty_units_scoring_themselves_at_once_all_land_with_their_own_totals(
    transactional_db, postgres_only, thirty
):
    round_, units, editors = thirty
    ids = _ids(round_.criteria_set)
    typed = {
        unit.pk: {
            "1.1": f"{n % 10},5",
            "1.2": f"{n % 20}",
            "2.1": f"{(n * 7) % 40}",
            "2.2": f"{n % 30},25",
        }
        for n, unit in enumerate(units)
    }
    sheets = dict(round_.evaluations.values_list("unit_id", "pk"))
    start = threading.Event()

    def score(unit_id):
        try:
            start.wait(TIMEOUT)
            sheet = _sheet(sheets[unit_id])()
            points = typed[unit_id]
            first = {
                ids[c]: {"points": points[c], "evidence": f"Minh chứng {c}"} for c in ("1.1", "1.2")
            }
            sheet = services.save_self(
                evaluation=sheet, by=editors[unit_id], version=sheet.version, scores=first
            )
            rest = {ids[c]: {"points": points[c]} for c in ("2.1", "2.2")}
            return services.submit(
                evaluation=sheet, by=editors[unit_id], version=sheet.version, scores=rest
            ).status
        except Exception as error:  # reported below
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(score, unit.pk) for unit in units]
        start.set()
        outcomes = [f.result(TIMEOUT * 3) for f in futures]
    assert outcomes == [EvaluationStatus.SUBMITTED] * UNITS, [
        o for o in outcomes if o != EvaluationStatus.SUBMITTED
    ][:5]
    stored = {e.unit_id: (e.self_total, e.version) for e in Evaluation.objects.filter(round=round_)}
    assert stored == {
        unit_id: (sum(parse_number(p) for p in points.values()), 3)
        for unit_id, points in typed.items()
    }
    assert Score.objects.filter(evaluation__round=round_).count() == UNITS * 4
    evidence = Score.objects.filter(evaluation__round=round_, criterion_id=ids["1.2"])
    assert set(evidence.values_list("evidence", flat=True)) == {"Minh chứng 1.2"}
