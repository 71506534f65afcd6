"""People acting at the same moment, from threads with their own database connections on
committed data: of two reviewers deciding one report, exactly one wins and the other is told;
a hundred communes handing in within the same minute all land, each with its own figures."""

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from django.db import OperationalError, connection, connections

from lamtheo.conftest import _role, _user
from lamtheo.org import services as org
from lamtheo.reporting import selectors, services
from lamtheo.reporting.domain import ReportingError
from lamtheo.reporting.models import Revision, Status, Submission, Value
from lamtheo.vn.numbers import parse_number

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 60


@pytest.fixture
def postgres_only(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip(
            "two decisions on one row at the same moment need PostgreSQL's row locks; SQLite "
            "serialises whole transactions"
        )


@pytest.fixture
def second_reviewer(province):
    return _role(_user("tinh_tham_dinh_2", "Cầm Thị Lan"), province, "reviewer")


def _race(*actions):
    """Run each action in its own thread, released together by a barrier; what each returned
    or raised, in order."""
    barrier = threading.Barrier(len(actions), timeout=TIMEOUT)
    outcomes: list = [None] * len(actions)

    def run(index, action):
        try:
            prepared = action[0]()  # read what the person has on screen, before the race
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


def _handed_in(report_request, unit, editor, members):
    s = Submission.objects.get(request=report_request, unit=unit)
    return services.submit(submission=s, by=editor, values={members.pk: "12"}, version=s.version)


def _load(pk):
    return lambda: Submission.objects.select_related("request__unit").get(pk=pk)


def test_of_a_reviewer_accepting_and_another_returning_at_once_exactly_one_wins(
    transactional_db, postgres_only, report_request, commune_a, editor_a, reviewer,
    second_reviewer, indicators,
):  # fmt: skip
    members, _rate = indicators
    s = _handed_in(report_request, commune_a, editor_a, members)
    seen = s.version
    accepted, returned = _race(
        (_load(s.pk), lambda sub: services.accept(submission=sub, by=reviewer, version=seen)),
        (
            _load(s.pk),
            lambda sub: services.return_submission(
                submission=sub, by=second_reviewer, reason="Thiếu số liệu", version=seen
            ),
        ),
    )
    outcomes = [accepted, returned]
    winners = [o for o in outcomes if isinstance(o, Submission)]
    losers = [o for o in outcomes if isinstance(o, ReportingError)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    assert losers[0].field == "version"
    final = Submission.objects.get(pk=s.pk)
    assert final.version == seen + 1
    if winners[0] is accepted:
        assert (final.status, final.decided_by, final.reason) == (Status.ACCEPTED, reviewer, "")
        assert final.accepted.number == 1
    else:
        assert (final.status, final.decided_by) == (Status.RETURNED, second_reviewer)
        assert (final.reason, final.accepted) == ("Thiếu số liệu", None)
    # No revision lost or added; the one handed in holds what was handed in.
    [revision] = Revision.objects.filter(submission=s)
    assert revision.submitted_at is not None
    assert list(revision.values.values_list("indicator_id", "value")) == [(members.pk, 12)]


def test_of_two_reviewers_accepting_at_once_exactly_one_does(
    transactional_db, postgres_only, report_request, commune_b, editor_b, reviewer,
    second_reviewer, indicators,
):  # fmt: skip
    members, _rate = indicators
    s = _handed_in(report_request, commune_b, editor_b, members)
    seen = s.version
    outcomes = _race(
        *[
            (
                _load(s.pk),
                lambda sub, who=who: services.accept(submission=sub, by=who, version=seen),
            )
            for who in (reviewer, second_reviewer)
        ]
    )
    winners = [o for o in outcomes if isinstance(o, Submission)]
    losers = [o for o in outcomes if isinstance(o, ReportingError)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    final = Submission.objects.get(pk=s.pk)
    assert (final.status, final.version, final.decided_by) == (
        Status.ACCEPTED,
        seen + 1,
        winners[0].decided_by,
    )
    assert Revision.objects.filter(submission=s).count() == 1
    assert Revision.objects.get(submission=s).accepted_at == final.decided_at


# --- A hundred communes in the same minute ----------------------------------------------------

COMMUNES = 100


@pytest.fixture
def hundred(province, provincial_admin, template):
    """A request to a hundred communes of the province, each with its own editor."""
    units, editors = [], {}
    for n in range(COMMUNES):
        unit = org.create_unit(
            code=f"X-{n:03d}", name=f"Đảng ủy xã Thử Nghiệm {n:03d}", kind="commune",
            valid_from=date(2025, 7, 1), parent=province,
        )  # fmt: skip
        editors[unit.pk] = _role(_user(f"xa_{n:03d}", f"Biên tập viên {n:03d}"), unit, "editor")
        units.append(unit)
    request = services.issue_request(
        unit=province, template=template, title="Báo cáo năm 2026 (100 xã)", period="2026",
        deadline=date(2026, 12, 15), units=units, by=provincial_admin, as_of=date(2026, 12, 1),
    )  # fmt: skip
    return request, units, editors


def _workers() -> int:
    # The machine has 2 cores; 16 workers keep many transactions in flight at once without
    # going near PostgreSQL's connection limit (100). On SQLite fewer: see `_waiting`.
    return 16 if connection.vendor == "postgresql" else 4


RETRIED = []  # the calls `_waiting` had to repeat (SQLite only)


def _waiting(call):
    """`call()`, and on SQLite, again while the database is locked, for up to 20 s.

    A file database (the production setup: WAL, BEGIN IMMEDIATE, busy timeout 20 s) makes a
    second writer wait for the first. The test database is SQLite's in-memory database with a
    shared cache, whose table locks answer at once, "database table is locked", however few the
    threads (two are enough), and the busy timeout does not apply to them. This waits the same
    way the busy timeout would; every service call is one transaction, rolled back whole when
    refused, so calling it again is what the waiting writer does."""
    deadline = time.monotonic() + 20
    while True:
        try:
            return call()
        except OperationalError as error:
            locked = connection.vendor == "sqlite" and "locked" in str(error)
            if not locked or time.monotonic() > deadline:
                raise
            RETRIED.append(str(error))
            time.sleep(random.uniform(0.001, 0.02))


def test_a_hundred_communes_handing_in_at_once_all_land_with_their_own_figures(
    transactional_db, hundred, indicators, reviewer
):
    request, units, editors = hundred
    members, rate = indicators
    RETRIED.clear()
    typed = {
        unit.pk: {members.pk: f"{n * 7 + 1}", rate.pk: f"{n % 10},{n % 7}5"}
        for n, unit in enumerate(units)
    }
    submissions = {s.unit_id: s.pk for s in request.submissions.all()}
    start = threading.Event()

    def submit(unit_id):
        try:
            start.wait(TIMEOUT)
            s = _waiting(
                lambda: Submission.objects.select_related("request__unit").get(
                    pk=submissions[unit_id]
                )
            )
            seen = s.version  # as the editor read it: a retry must not read it again
            return _waiting(
                lambda: services.submit(
                    submission=s, by=editors[unit_id], values=typed[unit_id], version=seen
                )
            ).status
        except Exception as error:  # reported below
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=_workers()) as pool:
        futures = [pool.submit(submit, unit.pk) for unit in units]
        start.set()
        outcomes = [f.result(TIMEOUT * 3) for f in futures]
    failures = [o for o in outcomes if o != Status.SUBMITTED]
    assert not failures, failures[:5]

    rows = Submission.objects.filter(request=request)
    assert rows.count() == COMMUNES
    assert set(rows.values_list("status", flat=True)) == {Status.SUBMITTED}
    assert not rows.filter(first_submitted_at__isnull=True).exists()
    assert Revision.objects.filter(submission__request=request).count() == COMMUNES
    stored: dict[int, dict] = {}
    for unit_id, indicator_id, value in Value.objects.filter(
        revision__submission__request=request
    ).values_list("revision__submission__unit_id", "indicator_id", "value"):
        stored.setdefault(unit_id, {})[indicator_id] = value
    assert stored == {
        unit_id: {pk: parse_number(text) for pk, text in values.items()}
        for unit_id, values in typed.items()
    }

    # The reviewer accepts them all, as fast; then the total is the sum of what was typed.
    def accept(pk):
        try:
            s = _waiting(lambda: Submission.objects.select_related("request__unit").get(pk=pk))
            seen = s.version
            return _waiting(lambda: services.accept(submission=s, by=reviewer, version=seen)).status
        except Exception as error:  # reported below
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=_workers()) as pool:
        decided = list(pool.map(accept, submissions.values(), timeout=TIMEOUT * 3))
    assert decided == [Status.ACCEPTED] * COMMUNES, [d for d in decided if d != "accepted"][:5]

    result = selectors.consolidate(request, today=date(2026, 12, 20))
    expected_members = sum(parse_number(v[members.pk]) for v in typed.values())
    expected_rate = sum(parse_number(v[rate.pk]) for v in typed.values()) / COMMUNES
    assert result.totals[members.pk] == selectors.Cell(expected_members, COMMUNES)
    assert result.totals[rate.pk].reporters == COMMUNES
    assert result.totals[rate.pk].value.quantize(Decimal("0.0001")) == expected_rate.quantize(
        Decimal("0.0001")
    )
    assert sum(result.cells[(members.pk, u.pk)].value for u in units) == expected_members
    if connection.vendor == "postgresql":
        assert not RETRIED  # row locks and the version check alone: nothing waited on
    print(f"{len(RETRIED)} calls waited for the lock on {connection.vendor}")
