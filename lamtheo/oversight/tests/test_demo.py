"""The oversight part of the demo holds what the founding texts say (../shared/DEMO.md): the
working delegations Thường trực Tỉnh ủy Bắc Kạn sent to its districts after Tết 2021 [004],
Ba Bể's findings and what it was asked to fix, followed up; an overdue recommendation of
today's Mường Luân; Hà Tĩnh's criteria set for Kết luận 01-KL/TW and its scored 2024 round.

The demo is loaded once for the module, inside a transaction rolled back at its end; each test
runs in a savepoint of it (the `db` fixture)."""

import re
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.test import override_settings
from django.utils import timezone

from lamtheo.accounts.models import User
from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit
from lamtheo.oversight import demo, domain, selectors
from lamtheo.oversight.models import (
    CriteriaSet,
    EvaluationStatus,
    Finding,
    FixState,
    Inspection,
    Kind,
    Programme,
    Recommendation,
    Response,
    Round,
    Section,
    Stage,
)
from lamtheo.reporting import figures

TET, ARTICLE = date(2021, 2, 12), date(2021, 3, 4)  # Tết Tân Sửu; the day [004] was published


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        call_command("load-demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _unit(name: str, on: date) -> OrgUnit:
    return OrgUnit.objects.valid_on(on).get(name=name)


@pytest.fixture
def bac_kan(loaded, db) -> OrgUnit:
    return _unit("Tỉnh ủy Bắc Kạn", TET)


@pytest.fixture
def ba_be(loaded, db) -> OrgUnit:
    return _unit("Huyện ủy Ba Bể", TET)


@pytest.fixture
def ba_be_visit(ba_be) -> Inspection:
    return Inspection.objects.get(targets__unit=ba_be)


@pytest.fixture
def ha_tinh_round(loaded, db) -> Round:
    return Round.objects.select_related("unit", "criteria_set").get(unit__name="Tỉnh ủy Hà Tĩnh")


def test_a_delegation_visits_each_of_bac_kans_districts_after_tet_2021(bac_kan):
    delegations = Inspection.objects.filter(unit=bac_kan, kind=Kind.DELEGATION)
    districts = {u.pk for u in org.children(bac_kan, as_of=TET) if u.kind == "district"}
    assert len(districts) == 8
    visited = [set(i.targets.values_list("unit_id", flat=True)) for i in delegations]
    assert sorted(map(min, visited)) == sorted(districts)
    assert all(len(v) == 1 for v in visited)
    programme = Programme.objects.get(unit=bac_kan, year=2021)
    assert programme.title.startswith("Chương trình kiểm tra, giám sát năm 2021")
    numbers = set()
    for inspection in delegations:
        assert TET < inspection.starts_on <= inspection.ends_on < ARTICLE
        assert inspection.programme == programme
        assert inspection.stage == Stage.CONCLUDED
        assert re.fullmatch(r"\d{2}-TB/TU", inspection.number)
        numbers.add(inspection.number)
        lead = next(m for m in inspection.team if m["role"] == "lead")
        assert lead["name"] in {"Hoàng Duy Chinh", "Phương Thị Thanh"}  # [004]; [000, 001]
        assert inspection.signer == lead["name"]
        assert (inspection.issuer, inspection.place) == ("TỈNH ỦY BẮC KẠN", "Bắc Kạn")
        assert inspection.signed_on > inspection.ends_on
        assert {d.title for d in inspection.documents.all()} >= {
            "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Bắc Kạn lần thứ XII, nhiệm kỳ 2020-2025"
        }
        assert inspection.plans.filter(unit=bac_kan, period="2020-2025").exists()
        assert inspection.created_by.username == "tinh"
        assert inspection.created_at.date() < inspection.starts_on
    assert len(numbers) == 8


def test_ba_bes_visit_was_led_by_the_provincial_secretary_and_found_in_three_sections(
    ba_be_visit, ba_be
):
    lead = ba_be_visit.team[0]
    assert (lead["name"], lead["title"], lead["role"]) == (
        "Hoàng Duy Chinh",
        "Bí thư Tỉnh ủy",
        "lead",
    )
    assert ba_be_visit.signer_title == "BÍ THƯ"
    findings = list(ba_be_visit.findings.order_by("position"))
    assert {f.section for f in findings} == set(Section.values)
    assert all(f.unit == ba_be for f in findings)
    results = " ".join(f.text for f in findings if f.section == Section.RESULTS)
    assert "bí xanh thơm" in results
    assert "60 ha" in results
    assert "Đại hội XIII" in results
    # What [004] does not say as a finding is marked.
    for finding in findings:
        if finding.section != Section.RESULTS:
            assert demo.DEMO in finding.text


def test_ba_be_was_asked_three_things_in_2021_one_confirmed_one_awaiting_one_under_way(
    ba_be_visit, ba_be
):
    asked = list(ba_be_visit.recommendations.order_by("position"))
    assert len(asked) == 3
    assert all(r.owner == ba_be and r.deadline.year == 2021 for r in asked)
    assert "phổ biến, quán triệt Nghị quyết" in asked[0].text  # [004]
    assert "Chương trình hành động" in asked[1].text
    assert "nhiệm kỳ trước" in asked[2].text
    states = [r.state for r in asked]
    assert states == [FixState.REPORTED, FixState.FIXED, FixState.FIXING]

    fixed = asked[1]
    assert fixed.confirmed_by.username == "tinh"
    assert fixed.fixed_on.year == 2021
    steps = list(fixed.responses.order_by("at"))
    assert [(s.step, s.by.username) for s in steps] == [("report", "babe"), ("confirm", "tinh")]
    assert steps[0].evidence
    assert steps[0].at.date() <= fixed.deadline
    awaiting = asked[0].responses.get()
    assert (awaiting.step, awaiting.by.username) == ("report", "babe")
    assert awaiting.evidence
    assert asked[0].fixed_on is None
    answers = Response.objects.filter(recommendation__inspection=ba_be_visit)
    assert not answers.exclude(text__contains=demo.DEMO).exists()  # invented: marked
    bac_kan = Response.objects.filter(recommendation__inspection__unit=ba_be_visit.unit)
    assert {r.at.year for r in bac_kan} == {2021}
    assert {r.by.username for r in bac_kan} == {"tinh", "babe"}  # no superuser


def test_the_ba_be_account_sees_its_recommendations_in_its_inbox_and_no_neighbours(ba_be):
    babe = User.objects.get(username="babe")
    box = selectors.inbox(ba_be)
    assert box.counts == {"overdue": 2, "open": 0, "reported": 0, "fixed": 1}
    assert all(r.is_overdue for r in box.overdue)  # 2021 deadlines, not yet confirmed
    mine = set(Recommendation.objects.filter(owner=ba_be))
    assert set(Recommendation.objects.visible_to(babe)) == mine
    assert set(Recommendation.objects.answerable_by(babe)) == mine
    assert set(Inspection.objects.visible_to(babe)) == {Inspection.objects.get(targets__unit=ba_be)}
    assert {f.unit_id for f in Finding.objects.visible_to(babe)} == {ba_be.pk}
    # The provincial admin follows all eight districts on the board.
    tinh = User.objects.get(username="tinh")
    board = selectors.board(_unit("Tỉnh ủy Bắc Kạn", TET))
    assert sum(board.counts.values()) == 3 + 7 * 2
    assert board.counts["fixed"] > board.counts["overdue"] > 0
    assert Recommendation.objects.visible_to(tinh).filter(owner__name="Huyện ủy Na Rì").count() == 2


def test_mung_luans_first_recommendation_is_overdue_today_on_its_inbox_and_the_board(loaded, db):
    today = timezone.localdate()
    commune = _unit("Đảng ủy xã Mường Luân", today)
    box = selectors.inbox(commune, today=today)
    assert box.counts == {"overdue": 1, "open": 1, "reported": 0, "fixed": 0}
    late = box.overdue[0]
    assert late.deadline < today
    assert late.state == FixState.FIXING
    assert late.overdue()
    assert not box.open[0].overdue()
    assert late.responses.get().by.username == "muongluan"
    inspecting = late.inspection.unit
    assert inspecting.name == "Ban Tuyên giáo và Dân vận Tỉnh ủy Điện Biên"
    assert selectors.board(inspecting, today=today).overdue == [late]
    assert selectors.overdue_counts([commune.pk]) == {commune.pk: 1}
    muongluan = User.objects.get(username="muongluan")
    assert set(Recommendation.objects.visible_to(muongluan)) == {late, box.open[0]}
    assert late in Recommendation.objects.judgeable_by(User.objects.get(username="thamdinh"))
    assert late.inspection.starts_on >= date(2025, 7, 1)


def test_the_kl01_criteria_set_gives_30_general_and_70_task_points_with_evidence(loaded, db):
    criteria_set = CriteriaSet.objects.get(code="kl01")
    assert criteria_set.name == "Bộ tiêu chí đánh giá kết quả thực hiện Kết luận 01-KL/TW"
    assert criteria_set.unit.name == "Tỉnh ủy Hà Tĩnh"
    assert criteria_set.max_points == 100
    assert {d.symbol for d in criteria_set.sources.all()} == {"01-KL/TW", "21-KL/TW", "144-QĐ/TW"}
    groups = {c.code: c for c in criteria_set.criteria.filter(parent=None)}
    assert {k: g.max_points for k, g in groups.items()} == {"1": 30, "2": 70}
    assert "lãnh đạo, chỉ đạo, quán triệt, tuyên truyền" in groups["1"].title
    leaves = list(criteria_set.criteria.filter(is_group=False))
    assert all(c.evidence for c in leaves)
    titles = " ".join(c.title for c in groups["2"].children.all())
    assert "nhân rộng điển hình" in titles
    assert "chuyên đề hằng năm" in titles
    assert "Kiểm tra, giám sát" in titles
    cited = {d.symbol for c in leaves for d in c.sources.all()}
    assert cited == {"01-KL/TW", "21-KL/TW", "144-QĐ/TW"}
    assert criteria_set.in_use  # the Hà Tĩnh round uses it: never changed again


def test_ha_tinhs_districts_are_all_scored_one_returned_the_rest_ranked(ha_tinh_round):
    round_ = ha_tinh_round
    assert (round_.period, round_.criteria_set.code) == ("2024", "kl01")
    assert round_.scale == domain.scale_to_json(domain.QD_366)
    assert round_.quotas == {"excellent": "20"}
    districts = {
        u.pk for u in org.children(round_.unit, as_of=round_.as_of) if u.kind == "district"
    }
    assert round_.as_of < date(2025, 7, 1)
    assert len(districts) >= 10
    evaluations = list(round_.evaluations.select_related("unit"))
    assert {e.unit_id for e in evaluations} == districts
    leaves = round_.criteria_set.criteria.filter(is_group=False).count()
    for evaluation in evaluations:
        scores = evaluation.scores.all()
        assert scores.filter(self_points__isnull=False).count() == leaves  # self-scored
        assert scores.filter(review_points__isnull=False).exists()  # reviewed
        assert scores.exclude(evidence="").count() == leaves
        sums = scores.aggregate(final=Sum(Coalesce("review_points", "self_points")))
        assert evaluation.review_total == sums["final"] < evaluation.self_total
    statuses = [e.status for e in evaluations]
    assert statuses.count(EvaluationStatus.RETURNED) == 1
    assert statuses.count(EvaluationStatus.ACCEPTED) == len(evaluations) - 1
    returned = next(e for e in evaluations if e.status == EvaluationStatus.RETURNED)
    assert "minh chứng" in returned.reason
    assert {e.decided_by.username for e in evaluations} == {"admin"}


def test_the_ranking_shares_tied_ranks_and_shows_the_excellent_quota_breached(ha_tinh_round):
    ranking = selectors.ranking(ha_tinh_round)
    assert len(ranking.rows) == ranking.round.evaluations.count() - 1
    assert [w.status for w in ranking.waiting] == [EvaluationStatus.RETURNED]
    assert ranking.provisional == 0
    totals = [row.total for row in ranking.rows]
    assert totals == sorted(totals, reverse=True)
    ranks = [row.rank for row in ranking.rows]
    assert ranks[0] == 1
    assert len(set(ranks)) < len(ranks)
    for row, following in zip(ranking.rows, ranking.rows[1:], strict=False):
        assert (following.rank == row.rank) == (following.total == row.total)
    # Each grade is the scale's for the total and the conditions granted.
    scale = ha_tinh_round.domain_scale
    for row in ranking.rows:
        met = frozenset(row.evaluation.conditions)
        assert row.grade == domain.classify(row.total, scale, met).value
    above_90 = [row for row in ranking.rows if row.total >= 90]
    assert {row.grade for row in above_90} == {"excellent", "good"}  # conditions matter
    excellent = ranking.distribution["excellent"]
    allowed = int(Decimal(len(ranking.rows)) * 20 / 100)
    assert excellent > allowed
    assert ranking.breaches == [domain.Breach(domain.Grade.EXCELLENT, excellent, allowed)]
    assert sum(ranking.distribution.values()) == len(ranking.rows)
    assert ranking.distribution["done"] >= 1


def test_the_inspections_figure_counts_the_delegations_for_bac_kans_report(bac_kan, loaded):
    span = figures.Span(bac_kan, date(2021, 1, 1), date(2022, 1, 1), restated=False)
    (figure,) = figures.compute(["inspections"], span)
    assert (figure.label, figure.value, figure.measure) == ("Cuộc kiểm tra, giám sát", 8, "cuộc")
    assert figure.url == "/kiem-tra/cuoc/"
    later = figures.Span(bac_kan, date(2022, 1, 1), date(2025, 1, 1), restated=False)
    assert figures.compute(["inspections"], later)[0].value == 0
    ba_be = _unit("Huyện ủy Ba Bể", TET)
    assert (
        figures.compute(["inspections"], figures.Span(ba_be, span.start, span.end, False))[0].value
        == 1
    )
    supervised = Inspection.objects.get(kind=Kind.SUPERVISION).starts_on
    dien_bien = _unit("Tỉnh ủy Điện Biên", supervised)
    year = figures.Span(
        dien_bien, date(supervised.year, 1, 1), date(supervised.year + 1, 1, 1), False
    )
    assert figures.compute(["inspections"], year)[0].value == 1
