"""The writers of evaluation rounds, one rule at a time: a round's opening and scale, every
move of a unit's sheet (each refused one changes nothing), the totals and grades, a new scale's
regrading, and closing the round."""

from datetime import date
from decimal import Decimal

import pytest

from lamtheo.org import services as org
from lamtheo.oversight import domain, services
from lamtheo.oversight.domain import Node
from lamtheo.oversight.models import (
    CriteriaSet,
    Evaluation,
    EvaluationStatus,
    Grade,
    Round,
    RoundState,
    Score,
)

from .checks import (
    BOTH,
    FULL,
    criterion_ids,
    entries,
    handed_in,
    open_round,
    refused,
    sheet,
)
from .conftest import OUTLINE

pytestmark = pytest.mark.django_db


def _outline():
    return [Node(n.code, n.title, n.max_points, n.evidence) for n in OUTLINE]


def _state(evaluation):
    e = Evaluation.objects.get(pk=evaluation.pk)
    scores = sorted(
        Score.objects.filter(evaluation=e).values_list(
            "criterion__code", "self_points", "evidence", "review_points", "review_comment"
        )
    )
    return e.status, e.version, e.self_total, e.review_total, e.grade, e.conditions, scores


# --- Opening a round ------------------------------------------------------------------------


def test_a_round_opens_one_sheet_per_unit_on_the_default_scale(
    evaluation_round, criteria_set, commune_a, commune_b
):
    assert evaluation_round.scale == domain.scale_to_json(domain.QD_366)
    assert evaluation_round.domain_scale == domain.QD_366
    assert evaluation_round.scale[0] == {
        "grade": "excellent",
        "minimum": "90",
        "conditions": BOTH,
    }
    assert (evaluation_round.quotas, evaluation_round.state, evaluation_round.period) == (
        {},
        RoundState.OPEN,
        "2024",
    )
    sheets = evaluation_round.evaluations.order_by("unit__code")
    assert list(sheets.values_list("unit", "status", "self_total")) == [
        (commune_a.pk, EvaluationStatus.PENDING, Decimal(0)),
        (commune_b.pk, EvaluationStatus.PENDING, Decimal(0)),
    ]


def test_a_commune_may_use_its_provinces_set_never_a_neighbours(
    criteria_set, province, commune_a, commune_b, admin_a, provincial_admin
):
    cell = org.create_unit(
        code="X25-A-CB1",
        name="Chi bộ thôn 1",
        kind="cell",
        valid_from=date(2025, 7, 1),
        parent=commune_a,
    )
    assert open_round(commune_a, criteria_set, [cell], admin_a).evaluations.get().unit == cell
    neighbours = services.create_criteria_set(
        unit=commune_b,
        code="xa-b",
        name="Tiêu chí của xã B",
        criteria=_outline(),
        by=provincial_admin,
    )
    refused(lambda: open_round(commune_a, neighbours, [cell], admin_a), "criteria_set", "xã B")
    refused(
        lambda: open_round(province, neighbours, [commune_a], provincial_admin),
        "criteria_set",
        "xã B",
    )
    refused(
        lambda: open_round(commune_a, criteria_set, [commune_b], admin_a), "rule", "Mường Phăng"
    )


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"self_deadline": None}, "self_deadline", "hạn tự chấm"),
        ({"review_deadline": None}, "review_deadline", "hạn thẩm định"),
        ({"review_deadline": date(2026, 12, 14)}, "review_deadline", "không được trước"),
        ({"units": []}, "rule", "đơn vị được đánh giá"),
        ({"period": "2026-13"}, "period", "tháng 13"),
        ({"title": ""}, "title", "tên đợt đánh giá"),
        (
            {"scale": [{"grade": "good", "minimum": "50"}, {"grade": "done", "minimum": "70"}]},
            "scale",
            "giảm dần",
        ),
        ({"scale": [{"grade": "good", "minimum": "50"}]}, "scale", "mức cuối là 0"),
        ({"scale": [{"grade": "best", "minimum": "0"}]}, "scale", "không hợp lệ"),
        ({"quotas": {"excellent": "120"}}, "quotas", "từ 0 đến 100%"),
    ],
)
def test_a_wrong_round_is_refused_with_its_field(
    changes, field, words, criteria_set, province, commune_a, provincial_admin
):
    units = changes.pop("units", [commune_a])
    refused(
        lambda: open_round(province, criteria_set, units, provincial_admin, **changes), field, words
    )
    assert not Round.objects.exists()
    assert not CriteriaSet.objects.get(pk=criteria_set.pk).in_use


def test_a_unit_outside_the_province_is_not_evaluated(criteria_set, province, provincial_admin):
    other = org.create_unit(
        code="T12", name="Tỉnh ủy Lai Châu", kind="province", valid_from=date(2008, 8, 1)
    )
    refused(
        lambda: open_round(province, criteria_set, [other], provincial_admin), "rule", "Lai Châu"
    )


# --- The sheet's moves ----------------------------------------------------------------------


def test_a_unit_scores_itself_as_it_goes_then_hands_in_every_criterion(
    evaluation_round, commune_a, editor_a
):
    e = sheet(evaluation_round, commune_a)
    ids = criterion_ids(evaluation_round.criteria_set)
    e = services.save_self(
        evaluation=e,
        by=editor_a,
        version=1,
        scores={ids["1.1"]: {"points": "8,5", "evidence": " Kế hoạch số 12-KH/ĐU "}},
    )
    assert (e.status, e.self_total, e.review_total, e.version) == (
        EvaluationStatus.DRAFT,
        Decimal("8.5"),
        Decimal("8.5"),
        2,
    )
    e = services.save_self(evaluation=e, by=editor_a, version=2, scores={ids["1.1"]: "9"})
    assert e.scores.get().evidence == "Kế hoạch số 12-KH/ĐU"  # kept: not given this time
    before = _state(e)
    refused(
        lambda: services.submit(
            evaluation=e, by=editor_a, version=3, scores=entries(evaluation_round, {"1.2": "15"})
        ),
        f"points-{ids['2.1']}",
        "chưa có điểm: 2.1, 2.2",
    )
    assert _state(e) == before  # the points given with the refused hand-in are not kept
    e = handed_in(evaluation_round, commune_a, editor_a, {"1.2": "15", "2.1": "40", "2.2": "30"})
    assert (e.status, e.self_total, e.grade) == (EvaluationStatus.SUBMITTED, Decimal(94), "good")
    assert e.submitted_at is not None


@pytest.mark.parametrize(
    ("typed", "field_code", "words"),
    [
        ({"1.1": "10,5"}, "1.1", "Điểm tiêu chí 1.1 phải từ 0 đến 10."),
        ({"1.1": "-1"}, "1.1", "Điểm tiêu chí 1.1 phải từ 0 đến 10."),
        ({"1.1": "7,255"}, "1.1", "Điểm tiêu chí 1.1 phải từ 0 đến 10."),
        ({"2.2": "nhiều"}, "2.2", "Tiêu chí 2.2: «nhiều» không phải là số điểm."),
    ],
)
def test_a_wrong_score_is_refused_naming_its_criterion(
    typed, field_code, words, evaluation_round, commune_a, editor_a
):
    e = sheet(evaluation_round, commune_a)
    before = _state(e)
    field = f"points-{criterion_ids(evaluation_round.criteria_set)[field_code]}"
    scores = entries(evaluation_round, {"1.2": "5", **typed})
    refused(
        lambda: services.save_self(evaluation=e, by=editor_a, version=1, scores=scores),
        field,
        words,
    )
    assert _state(e) == before


def test_a_group_or_another_sets_criterion_is_not_scored(
    evaluation_round, commune_a, editor_a, province, provincial_admin
):
    e = sheet(evaluation_round, commune_a)
    group = criterion_ids(evaluation_round.criteria_set)["1"]
    other = services.create_criteria_set(
        unit=province, code="khac", name="Khác", criteria=_outline(), by=provincial_admin
    )
    foreign = criterion_ids(other)["1.1"]
    for key in (group, foreign, "abc"):
        refused(
            lambda key=key: services.save_self(
                evaluation=e, by=editor_a, version=1, scores={key: {"points": "1"}}
            ),
            "scores",
            f"Tiêu chí {key} không có trong bộ tiêu chí của đợt này",
        )
    assert not Score.objects.exists()


def test_only_the_units_writers_score_it_and_only_from_the_version_read(
    evaluation_round, commune_a, editor_a, editor_b, reviewer
):
    e = sheet(evaluation_round, commune_a)
    scores = entries(evaluation_round, {"1.1": "5"})
    for outsider in (editor_b, reviewer):
        refused(
            lambda by=outsider: services.save_self(evaluation=e, by=by, version=1, scores=scores),
            "unit",
            "Đảng ủy xã Mường Luân",
        )
    services.save_self(evaluation=e, by=editor_a, version=1, scores=scores)
    before = _state(e)
    refused(
        lambda: services.save_self(evaluation=e, by=editor_a, version=1, scores=scores),
        "version",
        "Phiếu đánh giá",
    )
    assert _state(e) == before


def test_reviewers_score_after_the_hand_in_and_their_points_count(
    evaluation_round, commune_a, editor_a, reviewer
):
    e = sheet(evaluation_round, commune_a)
    refused(
        lambda: services.review(evaluation=e, by=reviewer, version=1, scores={}),
        "status",
        "«Chưa chấm»",
    )
    e = handed_in(evaluation_round, commune_a, editor_a)
    refused(
        lambda: services.review(evaluation=e, by=editor_a, version=e.version, scores={}),
        "status",
        "Bạn không có quyền thẩm định",
    )
    scores = entries(evaluation_round, {"2.2": "15"})
    scores[criterion_ids(evaluation_round.criteria_set)["2.2"]]["comment"] = "Thiếu biên bản"
    e = services.review(
        evaluation=e,
        by=reviewer,
        version=e.version,
        scores=scores,
        conditions=BOTH,
        comment="Cơ bản đạt",
    )
    assert (e.self_total, e.review_total, e.grade, e.comment) == (
        Decimal(92),
        Decimal(85),
        "good",
        "Cơ bản đạt",
    )
    score = e.scores.get(criterion__code="2.2")
    assert (score.self_points, score.review_points, score.review_comment, score.reviewed_by) == (
        Decimal(22),
        Decimal(15),
        "Thiếu biên bản",
        reviewer,
    )
    refused(
        lambda: services.review(
            evaluation=e, by=reviewer, version=e.version, conditions=["on_time"]
        ),
        "conditions",
        "«on_time»",
    )
    e = services.review(
        evaluation=e, by=reviewer, version=e.version, scores=entries(evaluation_round, {"2.2": ""})
    )
    assert (e.review_total, e.grade) == (Decimal(92), "excellent")  # back to the unit's own


def test_a_returned_sheet_is_scored_again_and_handed_in_anew(
    evaluation_round, commune_a, editor_a, reviewer
):
    e = handed_in(evaluation_round, commune_a, editor_a)
    refused(
        lambda: services.return_evaluation(evaluation=e, by=reviewer, reason=" ", version=2),
        "reason",
        "lý do trả lại",
    )
    e = services.return_evaluation(evaluation=e, by=reviewer, reason="Thiếu minh chứng", version=2)
    assert (e.status, e.reason, e.decided_by) == (
        EvaluationStatus.RETURNED,
        "Thiếu minh chứng",
        reviewer,
    )
    e = services.save_self(
        evaluation=e,
        by=editor_a,
        version=e.version,
        scores={criterion_ids(evaluation_round.criteria_set)["2.2"]: {"evidence": "Biên bản số 3"}},
    )
    assert e.status == EvaluationStatus.RETURNED
    e = services.submit(evaluation=e, by=editor_a, version=e.version)
    assert (e.status, e.reason) == (EvaluationStatus.SUBMITTED, "")


def test_an_accepted_sheet_is_final_until_a_reviewer_reopens_it(
    evaluation_round, commune_a, editor_a, reviewer, second_reviewer
):
    e = handed_in(evaluation_round, commune_a, editor_a)
    e = services.accept(evaluation=e, by=reviewer, version=e.version, conditions=BOTH)
    assert (e.status, e.grade, e.decided_by) == (EvaluationStatus.ACCEPTED, "excellent", reviewer)
    before = _state(e)
    for call in (
        lambda: services.review(evaluation=e, by=second_reviewer, version=e.version, scores={}),
        lambda: services.save_self(evaluation=e, by=editor_a, version=e.version, scores={}),
        lambda: services.submit(evaluation=e, by=editor_a, version=e.version),
        lambda: services.return_evaluation(
            evaluation=e, by=reviewer, reason="X", version=e.version
        ),
        lambda: services.accept(evaluation=e, by=reviewer, version=e.version),
    ):
        refused(call, "status", "«Đã thẩm định», không thực hiện được thao tác này")
    assert _state(e) == before
    refused(
        lambda: services.reopen(evaluation=e, by=editor_a, version=e.version),
        "status",
        "quyền thẩm định",
    )
    e = services.reopen(evaluation=e, by=second_reviewer, version=e.version)
    assert (e.status, e.decided_by) == (EvaluationStatus.SUBMITTED, None)
    refused(
        lambda: services.reopen(evaluation=e, by=reviewer, version=e.version),
        "status",
        "«Đã gửi tự chấm»",
    )


@pytest.mark.parametrize(
    ("conditions", "grade"),
    [(BOTH, Grade.EXCELLENT), (["all_on_time"], Grade.GOOD), ([], Grade.GOOD)],
)
def test_92_points_are_excellent_only_with_both_conditions(
    conditions, grade, evaluation_round, commune_a, editor_a, reviewer
):
    e = handed_in(evaluation_round, commune_a, editor_a)
    e = services.accept(evaluation=e, by=reviewer, version=e.version, conditions=conditions)
    assert (e.review_total, e.grade, e.conditions) == (Decimal(92), grade, sorted(conditions))


def test_a_new_scale_regrades_everysheet(
    evaluation_round, commune_a, commune_b, editor_a, editor_b, reviewer, provincial_admin
):
    a = handed_in(evaluation_round, commune_a, editor_a)
    services.accept(evaluation=a, by=reviewer, version=a.version, conditions=BOTH)
    b = handed_in(evaluation_round, commune_b, editor_b, {**FULL, "2.1": "20"})  # 72
    assert [sheet(evaluation_round, u).grade for u in (commune_a, commune_b)] == [
        "excellent",
        "good",
    ]
    stricter = [
        {"grade": "excellent", "minimum": "95", "conditions": []},
        {"grade": "good", "minimum": "80"},
        {"grade": "done", "minimum": "60"},
        {"grade": "not_done", "minimum": "0"},
    ]
    changed = services.update_round(
        round_=evaluation_round,
        by=provincial_admin,
        version=1,
        title="Đánh giá (thang mới)",
        self_deadline=date(2030, 1, 20),
        review_deadline=date(2030, 2, 5),
        scale=stricter,
        quotas={"excellent": "20"},
    )
    assert (changed.version, changed.quotas, changed.self_deadline) == (
        2,
        {"excellent": "20"},
        date(2030, 1, 20),
    )
    assert [sheet(evaluation_round, u).grade for u in (commune_a, commune_b)] == ["good", "done"]
    assert b.status == EvaluationStatus.SUBMITTED
    refused(
        lambda: services.update_round(
            round_=evaluation_round,
            by=provincial_admin,
            version=2,
            title="X",
            self_deadline=date(2030, 2, 1),
            review_deadline=date(2030, 1, 1),
        ),
        "review_deadline",
        "không được trước hạn tự chấm",
    )
    refused(
        lambda: services.update_round(
            round_=evaluation_round,
            by=reviewer,
            version=2,
            title="X",
            self_deadline=date(2030, 1, 1),
            review_deadline=date(2030, 2, 1),
        ),
        "unit",
        "Tỉnh ủy Điện Biên",
    )


def test_a_round_closes_once_no_sheet_waits_and_then_takes_no_more_scores(
    evaluation_round, commune_a, commune_b, editor_a, editor_b, reviewer, provincial_admin
):
    a = handed_in(evaluation_round, commune_a, editor_a)
    refused(
        lambda: services.close_round(round_=evaluation_round, by=provincial_admin, version=1),
        "state",
        "Còn 1 phiếu đã gửi chưa thẩm định xong.",
    )
    assert Round.objects.get(pk=evaluation_round.pk).state == RoundState.OPEN
    a = services.accept(evaluation=a, by=reviewer, version=a.version)
    refused(
        lambda: services.close_round(round_=evaluation_round, by=reviewer, version=1),
        "unit",
        "Tỉnh ủy Điện Biên",
    )
    closed = services.close_round(round_=evaluation_round, by=provincial_admin, version=1)
    assert (closed.state, closed.version) == (RoundState.CLOSED, 2)
    b = sheet(evaluation_round, commune_b)
    for call in (
        lambda: services.save_self(evaluation=b, by=editor_b, version=b.version, scores={}),
        lambda: services.reopen(evaluation=a, by=reviewer, version=a.version),
    ):
        refused(call, "status", "Đợt đánh giá đã công bố kết quả")
    refused(
        lambda: services.close_round(round_=evaluation_round, by=provincial_admin, version=2),
        "state",
        "đã công bố kết quả",
    )
    refused(
        lambda: services.update_round(
            round_=evaluation_round,
            by=provincial_admin,
            version=2,
            title="X",
            self_deadline=date(2030, 1, 1),
            review_deadline=date(2030, 2, 1),
            scale=[{"grade": "excellent", "minimum": "0"}],
        ),
        "state",
        "đã công bố kết quả",
    )
    assert sheet(evaluation_round, commune_a).grade == "good"
