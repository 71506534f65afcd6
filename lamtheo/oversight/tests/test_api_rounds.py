"""The oversight API as a client uses it, evaluation side: a criteria set built from a flat
outline and revised into its next version once a round uses it; a round opened for the two
communes; each scores itself by criterion code (Vietnamese text and JSON numbers alike) and
hands in; reviewers score, return, accept; the ranking with its grades, distribution and quota
breach; the round closed. Two reviewers saving from one version: the later is refused and the
earlier's points stay. Bad points, unknown codes and stale versions are refused with the field
named and nothing saved; commune B never reaches commune A's sheet."""

from datetime import date
from decimal import Decimal

import pytest

from lamtheo.documents import services as documents
from lamtheo.oversight import services
from lamtheo.oversight.models import CriteriaSet, Criterion, Evaluation, Score

from .test_api import Api, ok, refused

pytestmark = pytest.mark.django_db

FULL_A = {"1.1": "9,5", "1.2": 20, "2.1": "40", "2.2": 25}  # 94.5
FULL_B = {"1.1": 5, "1.2": 10, "2.1": 30, "2.2": 20}  # 65


@pytest.fixture
def api(client):
    return Api(client)


def _sheet(evaluation_round, unit) -> Evaluation:
    return Evaluation.objects.get(round=evaluation_round, unit=unit)


def _self(api, sheet, points: dict, version=None, **evidence):
    scores = {code: {"points": p, "evidence": evidence.get(code, "")} for code, p in points.items()}
    version = sheet.version if version is None else version
    return api.put(f"/evaluations/{sheet.pk}/self-scores", {"scores": scores, "version": version})


def _handed_in(api, user, sheet, points):
    """`sheet` scored with `points` and handed in by `user`; its version after."""
    api.as_(user)
    saved = ok(_self(api, sheet, points))
    body = {"action": "submit", "version": saved["version"]}
    return ok(api.post(f"/evaluations/{sheet.pk}/steps", body))["version"]


# --- Criteria sets --------------------------------------------------------------------------


OUTLINE = [
    {"code": "1", "title": "Lãnh đạo, chỉ đạo", "max_points": None},
    {"code": "1.1", "title": "Ban hành kế hoạch", "max_points": "7,5", "evidence": "Kế hoạch"},
    {"code": "1.2", "title": "Quán triệt", "max_points": 12.5, "sources": ["01-KL/TU"]},
    {"code": "2", "title": "Kết quả", "max_points": "80"},
]


@pytest.fixture
def source(province, provincial_admin):
    return documents.create_document(
        draft=documents.Draft(
            unit=province,
            kind="party:ket-luan",
            symbol="01-KL/TU",
            issued_on=date(2026, 1, 10),
            title="Kết luận về học tập và làm theo",
        ),
        by=provincial_admin,
    )


def test_a_criteria_set_is_built_from_a_flat_outline(
    api, province, provincial_admin, editor_b, source
):
    api.as_(provincial_admin, token=True)
    body = {
        "unit": province.code,
        "code": "KL01",
        "name": "Tiêu chí KL 01",
        "sources": ["01-KL/TU"],
        "criteria": OUTLINE,
    }
    made = ok(api.post("/criteria-sets", body), 201)
    assert (made["code"], made["number"], made["total"], made["in_use"]) == (
        "kl01",
        1,
        "100",
        False,
    )
    assert [s["symbol"] for s in made["sources"]] == ["01-KL/TU"]
    rows = [(c["code"], c["parent"], c["is_group"], c["max_points"]) for c in made["criteria"]]
    assert rows == [
        ("1", None, True, "20"),
        ("1.1", "1", False, "7.5"),
        ("1.2", "1", False, "12.5"),
        ("2", None, False, "80"),
    ]
    assert made["criteria"][1]["evidence"] == "Kế hoạch"
    assert [s["symbol"] for s in made["criteria"][2]["sources"]] == ["01-KL/TU"]

    api.as_(editor_b)  # a province's set reaches its communes
    assert ok(api.get(f"/criteria-sets/{made['id']}"))["total"] == "100"
    assert [s["id"] for s in ok(api.get("/criteria-sets"))["items"]] == [made["id"]]
    update = {"name": "Sửa", "criteria": OUTLINE, "version": 1}
    assert api.put(f"/criteria-sets/{made['id']}", update).status_code == 404


@pytest.mark.parametrize(
    ("rows", "field", "said"),
    [
        ([{"code": "1.1", "title": "Mồ côi", "max_points": 5}], "criteria", "Dòng 1"),
        (
            [
                {"code": "1", "title": "Nhóm", "max_points": 50},
                {"code": "1.1", "title": "Con", "max_points": 10},
            ],
            "criteria",
            "Dòng 1",
        ),
        ([{"code": "1", "title": "Lá", "max_points": "mười"}], "criteria.1.max_points", "mười"),
        (
            [
                {"code": "1", "title": "Lá", "max_points": 5},
                {"code": "2", "title": "Lá", "max_points": "0,005"},
            ],
            "criteria.2.max_points",
            "Dòng 2",
        ),
        ([{"code": "1", "title": "Lá", "max_points": None}], "criteria", "Dòng 1"),
        (
            [{"code": "1", "title": "Lá", "max_points": 5, "sources": ["99-KL/TU"]}],
            "criteria.1.sources",
            "99-KL/TU",
        ),
        ([], "criteria", ""),
    ],
)
def test_a_bad_outline_is_refused_naming_its_row(
    api, province, provincial_admin, rows, field, said
):
    api.as_(provincial_admin)
    body = {"unit": province.code, "code": "kl01", "name": "Bộ", "criteria": rows}
    assert said in refused(api.post("/criteria-sets", body), field)
    assert not CriteriaSet.objects.exists()


def test_a_set_in_use_is_revised_into_its_next_version(
    api, provincial_admin, criteria_set, evaluation_round, source
):
    api.as_(provincial_admin)
    criteria_set.refresh_from_db()
    body = {"name": "Tiêu chí KL 01 (2027)", "criteria": OUTLINE, "version": criteria_set.version}
    revised = ok(api.put(f"/criteria-sets/{criteria_set.pk}", body))
    assert revised["id"] != criteria_set.pk
    assert (revised["number"], revised["code"], revised["in_use"]) == (2, "kl01", False)
    assert [c["code"] for c in revised["criteria"]] == ["1", "1.1", "1.2", "2"]
    kept = ok(api.get(f"/criteria-sets/{criteria_set.pk}"))
    assert (kept["in_use"], kept["total"], len(kept["criteria"])) == (True, "100", 6)
    refused(api.put(f"/criteria-sets/{criteria_set.pk}", body), "version")  # not the latest
    listed = ok(api.get("/criteria-sets", code="kl01"))["items"]
    assert [s["number"] for s in listed] == [2, 1]


def test_a_set_not_in_use_is_revised_in_place_from_the_version_read(
    api, provincial_admin, criteria_set, source
):
    api.as_(provincial_admin)
    body = {"name": "Tên mới", "criteria": OUTLINE, "version": 1}
    revised = ok(api.put(f"/criteria-sets/{criteria_set.pk}", body))
    assert (revised["id"], revised["number"], revised["version"]) == (criteria_set.pk, 1, 2)
    refused(api.put(f"/criteria-sets/{criteria_set.pk}", {**body, "name": "Ghi đè"}), "version")
    assert CriteriaSet.objects.get(pk=criteria_set.pk).name == "Tên mới"


# --- Rounds ---------------------------------------------------------------------------------


def _round_body(province, criteria_set, *units, **extra):
    return {
        "unit": province.code,
        "criteria_set": criteria_set.pk,
        "title": "Đánh giá năm 2026",
        "period": "2026",
        "self_deadline": "2027-01-15",
        "review_deadline": "2027-01-31",
        "units": [u.code for u in units],
        **extra,
    }


def test_a_round_is_opened_for_units_by_code_with_the_default_scale(
    api, province, commune_a, commune_b, provincial_admin, criteria_set
):
    api.as_(provincial_admin, token=True)
    made = ok(api.post("/rounds", _round_body(province, criteria_set, commune_a, commune_b)), 201)
    assert (made["criteria_set"]["id"], made["state"], made["period"]) == (
        criteria_set.pk,
        "open",
        "2026",
    )
    assert made["scale"] == [
        {"grade": "excellent", "minimum": "90", "conditions": ["all_on_time", "exceeded_30"]},
        {"grade": "good", "minimum": "70", "conditions": []},
        {"grade": "done", "minimum": "50", "conditions": []},
        {"grade": "not_done", "minimum": "0", "conditions": []},
    ]
    assert made["quotas"] == {}
    assert made["progress"]["pending"] == 2
    sheets = ok(api.get(f"/rounds/{made['id']}/evaluations"))["items"]
    assert [s["unit"]["code"] for s in sheets] == [commune_a.code, commune_b.code]
    assert CriteriaSet.objects.get(pk=criteria_set.pk).in_use

    by_rule = _round_body(province, criteria_set, rule="children")
    del by_rule["units"]
    assert ok(api.post("/rounds", by_rule), 201)["progress"]["pending"] == 2


def test_a_round_takes_a_scale_and_quotas_in_vietnamese_numbers(
    api, province, commune_a, provincial_admin, criteria_set
):
    api.as_(provincial_admin)
    scale = [
        {"grade": "excellent", "minimum": "89,5"},
        {"grade": "good", "minimum": 70},
        {"grade": "not_done", "minimum": "0"},
    ]
    body = _round_body(province, criteria_set, commune_a, scale=scale, quotas={"excellent": "20"})
    made = ok(api.post("/rounds", body), 201)
    assert [(b["grade"], b["minimum"]) for b in made["scale"]] == [
        ("excellent", "89.5"),
        ("good", "70"),
        ("not_done", "0"),
    ]
    assert made["quotas"] == {"excellent": "20"}

    changed = ok(
        api.put(
            f"/rounds/{made['id']}",
            {
                "title": "Đánh giá năm 2026 (sửa)",
                "self_deadline": "2027-01-20",
                "review_deadline": "2027-02-05",
                "quotas": {},
                "version": 1,
            },
        )
    )
    assert (changed["quotas"], changed["scale"][0]["minimum"], changed["version"]) == (
        {},
        "89.5",
        2,
    )
    stale = {"title": "x", "self_deadline": "2027-01-20", "review_deadline": "2027-02-05"}
    refused(api.put(f"/rounds/{made['id']}", {**stale, "version": 1}), "version")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"criteria_set": 10**9}, "criteria_set"),
        ({"units": ["KHONG-CO"]}, "units"),
        ({"units": ["T11"]}, "units"),  # the evaluating unit itself
        ({"units": [], "rule": None}, "rule"),
        ({"period": "2026-H3"}, "period"),
        ({"review_deadline": "2027-01-01"}, "review_deadline"),
        ({"scale": [{"grade": "good", "minimum": 50}, {"grade": "done", "minimum": 70}]}, "scale"),
        ({"scale": [{"grade": "good", "minimum": "năm mươi"}]}, "scale.1.minimum"),
        ({"quotas": {"excellent": "120"}}, "quotas"),
        ({"quotas": {"excellent": "hai mươi"}}, "quotas.excellent"),
    ],
)
def test_a_bad_round_is_refused_with_its_field(
    api, province, commune_a, provincial_admin, criteria_set, extra, field
):
    api.as_(provincial_admin)
    refused(api.post("/rounds", {**_round_body(province, criteria_set, commune_a), **extra}), field)
    assert not Evaluation.objects.exists()


def test_an_evaluated_commune_reads_its_round_and_its_own_sheet_only(
    api, province, commune_a, commune_b, provincial_admin, editor_a, editor_b, criteria_set,
    evaluation_round,
):  # fmt: skip
    only_a = services.open_round(
        unit=province,
        criteria_set=criteria_set,
        title="Đánh giá riêng xã A",
        period="2026",
        self_deadline=date(2030, 1, 15),
        review_deadline=date(2030, 1, 31),
        units=[commune_a],
        by=provincial_admin,
    )
    sheet_a = _sheet(evaluation_round, commune_a)
    api.as_(editor_a)
    assert {r["id"] for r in ok(api.get("/rounds"))["items"]} == {evaluation_round.pk, only_a.pk}
    seen = ok(api.get(f"/rounds/{evaluation_round.pk}"))
    assert sum(seen["progress"].values()) == 1
    sheets = ok(api.get(f"/rounds/{evaluation_round.pk}/evaluations"))["items"]
    assert [s["id"] for s in sheets] == [sheet_a.pk]
    assert api.get(f"/rounds/{evaluation_round.pk}/ranking").status_code == 404
    assert api.post(f"/rounds/{evaluation_round.pk}/close", {}).status_code == 404

    api.as_(editor_b)
    assert api.get(f"/rounds/{only_a.pk}").status_code == 404
    assert api.get(f"/rounds/{only_a.pk}/evaluations").status_code == 404
    assert api.get(f"/evaluations/{sheet_a.pk}").status_code == 404
    assert _self(api, sheet_a, {"1.1": 5}).status_code == 404
    assert api.post(f"/evaluations/{sheet_a.pk}/steps", {"action": "submit"}).status_code == 404
    assert not Score.objects.exists()


# --- Sheets ---------------------------------------------------------------------------------


def test_a_unit_scores_itself_by_criterion_code_and_hands_in(
    api, commune_a, editor_a, reviewer, evaluation_round
):
    sheet = _sheet(evaluation_round, commune_a)
    api.as_(editor_a)
    saved = ok(_self(api, sheet, {"1.1": "9,5", "2.1": 38}, **{"1.1": "Kế hoạch 12-KH/ĐU"}))
    assert (saved["status"], saved["self_total"], saved["version"]) == ("draft", "47.5", 2)
    assert saved["scores"]["1.1"]["self_points"] == "9.5"
    assert saved["scores"]["1.1"]["evidence"] == "Kế hoạch 12-KH/ĐU"
    assert (saved["scores"]["1.2"]["self_points"], saved["scores"]["1.2"]["parent"]) == (None, "1")
    assert list(saved["scores"]) == ["1.1", "1.2", "2.1", "2.2"]  # groups carry no points
    assert saved["scores"]["2.2"]["max_points"] == "30"

    # The evidence left out is kept; points sent as null are cleared.
    body = {"scores": {"1.1": {"points": "10"}, "2.1": {"points": None}}, "version": 2}
    again = ok(api.put(f"/evaluations/{sheet.pk}/self-scores", body))
    assert again["scores"]["1.1"]["evidence"] == "Kế hoạch 12-KH/ĐU"
    assert (again["self_total"], again["scores"]["2.1"]["self_points"]) == ("10", None)

    submit = {"action": "submit", "version": 3}
    detail = refused(api.post(f"/evaluations/{sheet.pk}/steps", submit), "scores.1.2.points")
    assert "1.2, 2.1, 2.2" in detail
    assert Evaluation.objects.get(pk=sheet.pk).status == "draft"
    sheet.refresh_from_db()
    ok(_self(api, sheet, FULL_A))
    handed = ok(api.post(f"/evaluations/{sheet.pk}/steps", {"action": "submit", "version": 4}))
    assert (handed["status"], handed["self_total"], handed["review_total"]) == (
        "submitted",
        "94.5",
        "94.5",
    )
    assert handed["submitted_at"] is not None
    sheet.refresh_from_db()
    refused(_self(api, sheet, {"1.1": 1}), "status")  # handed in: the reviewers' now
    api.as_(reviewer)
    assert _self(api, sheet, {"1.1": 1}).status_code == 404


@pytest.mark.parametrize(
    ("scores", "field", "said"),
    [
        ({"1.1": {"points": 11}}, "scores.1.1.points", "10"),
        ({"1.1": {"points": "-1"}}, "scores.1.1.points", "1.1"),
        ({"1.1": {"points": "9,555"}}, "scores.1.1.points", "1.1"),
        ({"1.1": {"points": "chín"}}, "scores.1.1.points", "chín"),
        ({"9.9": {"points": 1}}, "scores", "9.9"),
        ({"1": {"points": 1}}, "scores.1", "1"),  # a group's points are its criteria's
    ],
)
def test_bad_points_are_refused_naming_the_criterion_and_nothing_is_saved(
    api, commune_a, editor_a, evaluation_round, scores, field, said
):
    sheet = _sheet(evaluation_round, commune_a)
    api.as_(editor_a)
    body = {"scores": {"2.1": {"points": 30}, **scores}, "version": 1}
    assert said in refused(api.put(f"/evaluations/{sheet.pk}/self-scores", body), field)
    assert not Score.objects.exists()
    assert Evaluation.objects.get(pk=sheet.pk).version == 1


def test_a_save_of_points_needs_the_version_read(api, commune_a, editor_a, evaluation_round):
    sheet = _sheet(evaluation_round, commune_a)
    api.as_(editor_a)
    body = {"scores": {"1.1": {"points": 5}}}
    refused(api.put(f"/evaluations/{sheet.pk}/self-scores", body), "version")
    refused(api.put(f"/evaluations/{sheet.pk}/self-scores", {**body, "version": 9}), "version")
    assert not Score.objects.exists()


def test_of_two_reviewers_saving_from_one_version_the_later_is_refused(
    api, commune_a, editor_a, reviewer, second_reviewer, evaluation_round
):
    sheet = _sheet(evaluation_round, commune_a)
    read = _handed_in(api, editor_a, sheet, FULL_A)
    api.as_(reviewer)
    first = {"scores": {"2.2": {"points": "20", "comment": "Thiếu biên bản"}}, "version": read}
    saved = ok(api.put(f"/evaluations/{sheet.pk}/review", first))
    assert (saved["review_total"], saved["self_total"]) == ("89.5", "94.5")
    assert saved["scores"]["2.2"]["reviewed_by"] == reviewer.username

    api.as_(second_reviewer)
    later = {"scores": {"2.2": {"points": 30}}, "version": read}
    assert "người khác" in refused(api.put(f"/evaluations/{sheet.pk}/review", later), "version")
    score = Score.objects.get(evaluation=sheet, criterion__code="2.2")
    assert (score.review_points, score.review_comment) == (Decimal(20), "Thiếu biên bản")
    assert ok(api.get(f"/evaluations/{sheet.pk}"))["review_total"] == "89.5"


def test_reviewers_return_accept_and_reopen_a_sheet(
    api, commune_a, editor_a, reviewer, evaluation_round
):
    sheet = _sheet(evaluation_round, commune_a)
    version = _handed_in(api, editor_a, sheet, FULL_A)
    url = f"/evaluations/{sheet.pk}/steps"
    assert api.post(url, {"action": "return", "reason": "Tự trả"}).status_code == 404
    api.as_(reviewer)
    assert api.post(url, {"action": "submit", "version": version}).status_code == 404
    refused(api.post(url, {"action": "return", "version": version}), "reason")
    back = ok(api.post(url, {"action": "return", "reason": "Thiếu minh chứng", "version": version}))
    assert (back["status"], back["reason"]) == ("returned", "Thiếu minh chứng")
    refused(api.post(url, {"action": "accept", "version": back["version"]}), "status")

    version = _handed_in(api, editor_a, Evaluation.objects.get(pk=sheet.pk), {"1.1": 10})
    api.as_(reviewer)
    conditions = ["all_on_time", "exceeded_30"]
    review = {"scores": {"1.1": {"points": 10, "comment": "Đạt"}}, "version": version}
    version = ok(api.put(f"/evaluations/{sheet.pk}/review", review))["version"]
    body = {"action": "accept", "conditions": conditions, "version": version}
    accepted = ok(api.post(url, body))
    assert (accepted["status"], accepted["review_total"], accepted["grade"]) == (
        "accepted",
        "95",
        "excellent",
    )
    assert (accepted["conditions"], accepted["decided_by"]) == (conditions, reviewer.username)
    reopened = ok(api.post(url, {"action": "reopen", "version": accepted["version"]}))
    assert reopened["status"] == "submitted"


def test_the_ranking_shows_totals_grades_distribution_and_a_quota_breach(
    api, province, commune_a, commune_b, provincial_admin, editor_a, editor_b, reviewer,
    criteria_set,
):  # fmt: skip
    api.as_(provincial_admin)
    body = _round_body(province, criteria_set, commune_a, commune_b, quotas={"excellent": 20})
    made = ok(api.post("/rounds", body), 201)
    round_ = Evaluation.objects.filter(round_id=made["id"])
    a, b = round_.get(unit=commune_a), round_.get(unit=commune_b)
    empty = ok(api.get(f"/rounds/{made['id']}/ranking"))
    assert (empty["rows"], len(empty["waiting"]), empty["provisional"]) == ([], 2, 0)

    version_a = _handed_in(api, editor_a, a, FULL_A)
    _handed_in(api, editor_b, b, FULL_B)
    api.as_(reviewer)
    accept = {"action": "accept", "conditions": ["all_on_time", "exceeded_30"]}
    ok(api.post(f"/evaluations/{a.pk}/steps", {**accept, "version": version_a}))

    ranking = ok(api.get(f"/rounds/{made['id']}/ranking"))
    assert [
        (r["rank"], r["unit"]["code"], r["self_total"], r["total"], r["grade"], r["status"])
        for r in ranking["rows"]
    ] == [
        (1, commune_a.code, "94.5", "94.5", "excellent", "accepted"),
        (2, commune_b.code, "65", "65", "done", "submitted"),
    ]
    assert ranking["distribution"] == {"excellent": 1, "good": 0, "done": 1, "not_done": 0}
    assert ranking["breaches"] == [{"grade": "excellent", "count": 1, "allowed": 0}]
    assert (ranking["provisional"], ranking["waiting"], ranking["state"]) == (1, [], "open")

    api.as_(provincial_admin)
    refused(api.post(f"/rounds/{made['id']}/close", {}), "state")  # B still waits for review
    b.refresh_from_db()
    api.as_(reviewer)
    ok(api.post(f"/evaluations/{b.pk}/steps", {"action": "accept", "version": b.version}))
    assert api.post(f"/rounds/{made['id']}/close", {}).status_code == 404  # a reviewer: no
    api.as_(provincial_admin)
    closed = ok(api.post(f"/rounds/{made['id']}/close", {"version": 1}))
    assert (closed["state"], closed["progress"]["accepted"]) == ("closed", 2)
    api.as_(editor_a)
    a.refresh_from_db()
    refused(_self(api, a, {"1.1": 1}), "status")
    assert Criterion.objects.filter(criteria_set=criteria_set).count() == 6
