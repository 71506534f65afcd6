"""The scoring sheet through the test client: what each person may type on it, the whole sheet
posted without JavaScript (save, hand in, review, return with a reason, accept, reopen), and
the autosave endpoint the page's script calls cell by cell, with its refusals: a stale
version (the second of two reviewers), points over the maximum or not a number, someone
without the role."""

import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from lamtheo.oversight import services
from lamtheo.oversight.models import Criterion, Evaluation, Score

pytestmark = pytest.mark.django_db

SELF = {"1.1": "10", "1.2": "20", "2.1": "40", "2.2": "25"}


@pytest.fixture
def leaves(evaluation_round) -> dict[str, int]:
    return {
        c.code: c.pk
        for c in Criterion.objects.filter(
            criteria_set=evaluation_round.criteria_set, is_group=False
        )
    }


@pytest.fixture
def sheet_a(evaluation_round, commune_a) -> Evaluation:
    return evaluation_round.evaluations.get(unit=commune_a)


@pytest.fixture
def submitted_a(sheet_a, leaves, editor_a) -> Evaluation:
    scores = {
        leaves[code]: {"points": points, "evidence": f"MC {code}"} for code, points in SELF.items()
    }
    return services.submit(evaluation=sheet_a, by=editor_a, version=sheet_a.version, scores=scores)


def _page(evaluation) -> str:
    return reverse("oversight:sheet", args=[evaluation.pk])


def _save_url(evaluation) -> str:
    return reverse("oversight:sheet_save", args=[evaluation.pk])


def _autosave(client, evaluation, body):
    return client.post(_save_url(evaluation), json.dumps(body), content_type="application/json")


def _text(response) -> str:
    return response.content.decode()


def _form(evaluation, leaves, values: dict, key: str = "points", **extra) -> dict:
    data = {"version": evaluation.version, **extra}
    for code, value in values.items():
        data[f"{key}-{leaves[code]}"] = value
    return data


def _score(evaluation, leaves, code) -> Score | None:
    return Score.objects.filter(evaluation=evaluation, criterion_id=leaves[code]).first()


# --- Who sees which inputs ------------------------------------------------------------------


def test_the_units_editor_gets_a_points_box_and_an_evidence_box_per_criterion(
    client, editor_a, sheet_a, leaves
):
    client.force_login(editor_a)
    response = client.get(_page(sheet_a))
    assert response.status_code == 200
    page = _text(response)
    for pk in leaves.values():
        assert f'name="points-{pk}"' in page
        assert f'name="evidence-{pk}"' in page
        assert f'name="comment-{pk}"' not in page
    assert page.count('inputmode="decimal"') == len(leaves)
    assert "Gửi tự chấm" in page
    assert "Thẩm định xong" not in page
    assert "Công tác lãnh đạo, chỉ đạo" in page  # the group's heading row
    assert "Minh chứng yêu cầu: Kế hoạch" in page
    assert "oversight/sheet.js" in page
    assert f'name="version" value="{sheet_a.version}"' in page
    assert "<script>" not in page  # CSP: no inline script


def test_the_reviewer_scores_a_submitted_sheet_beside_the_units_own_points(
    client, reviewer, submitted_a, leaves
):
    client.force_login(reviewer)
    page = _text(client.get(_page(submitted_a)))
    for pk in leaves.values():
        assert f'name="points-{pk}"' in page
        assert f'name="comment-{pk}"' in page
        assert f'name="evidence-{pk}"' not in page
    assert "MC 2.2" in page  # the unit's evidence, read-only
    assert 'name="conditions" value="all_on_time"' in page
    assert 'name="conditions" value="exceeded_30"' in page
    for button in ("Lưu điểm thẩm định", "Trả lại", "Thẩm định xong"):
        assert button in page
    assert "Gửi tự chấm" not in page


def test_the_reviewer_reads_a_sheet_still_being_scored_without_inputs(client, reviewer, sheet_a):
    client.force_login(reviewer)
    response = client.get(_page(sheet_a))
    assert response.status_code == 200
    page = _text(response)
    assert 'name="points-' not in page
    assert "sheet.js" not in page


def test_the_unit_reads_its_handed_in_sheet_without_inputs(client, editor_a, submitted_a):
    client.force_login(editor_a)
    page = _text(client.get(_page(submitted_a)))
    assert 'name="points-' not in page
    assert 'name="evidence-' not in page
    assert "Đã gửi tự chấm" in page
    assert "95" in page


def test_commune_bs_editor_cannot_see_or_change_commune_as_sheet(client, editor_b, sheet_a, leaves):
    client.force_login(editor_b)
    assert client.get(_page(sheet_a)).status_code == 404
    form = _form(sheet_a, leaves, {"1.1": "5"}, action="save")
    assert client.post(_page(sheet_a), form).status_code == 404
    body = {"version": sheet_a.version, "as": "self", "scores": {leaves["1.1"]: {"points": "5"}}}
    assert _autosave(client, sheet_a, body).status_code == 404
    assert not Score.objects.exists()


# --- The whole sheet posted without JavaScript -----------------------------------------------


def test_the_unit_saves_the_whole_sheet_without_javascript(client, editor_a, sheet_a, leaves):
    client.force_login(editor_a)
    data = _form(sheet_a, leaves, {"1.1": "8,5", "1.2": "15"}, action="save")
    data[f"evidence-{leaves['1.1']}"] = "Kế hoạch số 12-KH/ĐU"
    response = client.post(_page(sheet_a), data)
    assert response.status_code == 302
    assert response["Location"] == _page(sheet_a)
    sheet_a.refresh_from_db()
    assert sheet_a.status == "draft"
    assert sheet_a.self_total == Decimal("23.5")
    assert _score(sheet_a, leaves, "1.1").evidence == "Kế hoạch số 12-KH/ĐU"
    page = _text(client.get(_page(sheet_a)))
    assert "Đã lưu phiếu tự chấm." in page
    assert 'value="8,5"' in page
    assert "23,5" in page


def test_a_refused_save_names_the_field_and_keeps_everything_typed(
    client, editor_a, sheet_a, leaves
):
    client.force_login(editor_a)
    data = _form(sheet_a, leaves, {"1.1": "12", "1.2": "15", "2.1": "abc"}, action="save")
    data[f"evidence-{leaves['1.2']}"] = "Danh sách học tập"
    response = client.post(_page(sheet_a), data)
    assert response.status_code == 200
    page = _text(response)
    assert "Điểm tiêu chí 1.1 phải từ 0 đến 10." in page
    assert f'id="id_points-{leaves["1.1"]}_error"' in page  # beside its box
    assert f'href="#id_points-{leaves["1.1"]}"' in page  # and linked from the top
    assert 'data-bound="1"' in page  # the script keeps what it stored: nothing saved yet
    for typed in ('value="12"', 'value="15"', 'value="abc"', "Danh sách học tập"):
        assert typed in page
    sheet_a.refresh_from_db()
    assert sheet_a.version == 1
    assert sheet_a.status == "pending"
    assert not Score.objects.exists()


def test_handing_in_an_incomplete_sheet_names_the_criteria_without_points(
    client, editor_a, sheet_a, leaves
):
    client.force_login(editor_a)
    response = client.post(_page(sheet_a), _form(sheet_a, leaves, {"1.1": "9"}, action="submit"))
    assert response.status_code == 200
    page = _text(response)
    assert "chưa có điểm: 1.2, 2.1, 2.2." in page
    assert f'id="id_points-{leaves["1.2"]}_error"' in page
    assert 'value="9"' in page
    sheet_a.refresh_from_db()
    assert sheet_a.status == "pending"
    assert not Score.objects.exists()


def test_a_stale_page_is_refused_with_the_message_and_keeps_what_was_typed(
    client, editor_a, admin_a, sheet_a, leaves
):
    services.save_self(
        evaluation=sheet_a, by=admin_a, version=1, scores={leaves["1.1"]: {"points": "7"}}
    )
    client.force_login(editor_a)
    response = client.post(_page(sheet_a), _form(sheet_a, leaves, {"1.1": "9"}, action="save"))
    page = _text(response)
    assert response.status_code == 200
    assert "đã được người khác thay đổi" in page
    assert 'value="9"' in page
    assert _score(sheet_a, leaves, "1.1").self_points == Decimal(7)


def test_submit_review_return_with_reason_hand_in_again_accept_and_reopen(
    client, editor_a, reviewer, sheet_a, leaves
):
    client.force_login(editor_a)
    response = client.post(_page(sheet_a), _form(sheet_a, leaves, SELF, action="submit"))
    assert response.status_code == 302
    sheet_a.refresh_from_db()
    assert sheet_a.status == "submitted"
    assert sheet_a.self_total == Decimal(95)
    assert (
        client.post(_page(sheet_a), _form(sheet_a, leaves, {}, action="review")).status_code == 404
    )

    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    data = _form(sheet_a, leaves, {"2.2": "18"}, action="review")
    data[f"comment-{leaves['2.2']}"] = "Chưa kiểm tra chi bộ nào"
    assert reviewer_client.post(_page(sheet_a), data).status_code == 302
    sheet_a.refresh_from_db()
    score = _score(sheet_a, leaves, "2.2")
    assert (score.review_points, score.review_comment) == (Decimal(18), "Chưa kiểm tra chi bộ nào")
    assert score.reviewed_by == reviewer
    assert _score(sheet_a, leaves, "1.1").reviewed_by is None  # untouched rows stay unsigned
    assert sheet_a.review_total == Decimal(88)

    refused = reviewer_client.post(_page(sheet_a), _form(sheet_a, leaves, {}, action="return"))
    assert refused.status_code == 200
    assert "Hãy ghi lý do trả lại" in _text(refused)
    reason = "Tiêu chí 2.2 thiếu biên bản kiểm tra."
    data = _form(sheet_a, leaves, {}, action="return", reason=reason)
    assert reviewer_client.post(_page(sheet_a), data).status_code == 302
    sheet_a.refresh_from_db()
    assert sheet_a.status == "returned"
    assert sheet_a.reason == reason

    page = _text(client.get(_page(sheet_a)))
    assert reason in page
    assert 'name="points-' in page
    resend = _form(sheet_a, leaves, {"2.2": "20"}, action="submit")
    assert client.post(_page(sheet_a), resend).status_code == 302

    sheet_a.refresh_from_db()
    data = _form(sheet_a, leaves, {"2.2": "28"}, action="accept")
    data["conditions"] = ["all_on_time", "exceeded_30"]
    data["comment"] = "Đơn vị thực hiện tốt."
    assert reviewer_client.post(_page(sheet_a), data).status_code == 302
    sheet_a.refresh_from_db()
    assert sheet_a.status == "accepted"
    assert sheet_a.review_total == Decimal(98)
    assert sheet_a.grade == "excellent"
    assert sheet_a.conditions == ["all_on_time", "exceeded_30"]
    page = _text(reviewer_client.get(_page(sheet_a)))
    assert "Hoàn thành xuất sắc nhiệm vụ" in page
    assert "Mở lại" in page
    assert "Đã thẩm định xong phiếu." in page
    assert "Đơn vị thực hiện tốt." in page

    data = {"version": sheet_a.version, "action": "reopen"}
    assert client.post(_page(sheet_a), data).status_code == 404  # the unit may not
    assert reviewer_client.post(_page(sheet_a), data).status_code == 302
    sheet_a.refresh_from_db()
    assert sheet_a.status == "submitted"


# --- The autosave endpoint ------------------------------------------------------------------


def test_autosave_saves_one_cell_and_answers_the_new_version_and_totals(
    client, editor_a, sheet_a, leaves
):
    client.force_login(editor_a)
    body = {"version": 1, "as": "self", "scores": {str(leaves["1.1"]): {"points": "8,5"}}}
    response = _autosave(client, sheet_a, body)
    assert response.status_code == 200
    answer = response.json()
    assert answer["version"] == 2
    assert answer["self_total"] == "8,5"
    assert answer["review_total"] == "8,5"
    assert answer["status"] == "draft"
    assert answer["status_label"] == "Đang tự chấm"
    assert answer["grade"] == "not_done"
    assert answer["grade_label"] == "Không hoàn thành nhiệm vụ"
    assert answer["saved_at"]
    assert _score(sheet_a, leaves, "1.1").self_points == Decimal("8.5")

    body = {"version": 2, "as": "self", "scores": {str(leaves["1.1"]): {"evidence": "KH 12"}}}
    answer = _autosave(client, sheet_a, body).json()
    assert answer["version"] == 3
    assert answer["self_total"] == "8,5"
    score = _score(sheet_a, leaves, "1.1")
    assert (score.self_points, score.evidence) == (Decimal("8.5"), "KH 12")  # points kept


def test_autosave_of_the_reviewers_conditions_and_comment(client, reviewer, submitted_a):
    client.force_login(reviewer)
    body = {
        "version": submitted_a.version,
        "as": "review",
        "conditions": ["all_on_time", "exceeded_30"],
        "comment": "Tốt",
    }
    answer = _autosave(client, submitted_a, body).json()
    assert answer["grade"] == "excellent"
    assert answer["review_total"] == "95"
    submitted_a.refresh_from_db()
    assert submitted_a.comment == "Tốt"
    assert submitted_a.status == "submitted"


def test_of_two_reviewers_on_one_version_the_later_is_refused_and_the_first_kept(
    reviewer, second_reviewer, submitted_a, leaves
):
    first, second = Client(), Client()
    first.force_login(reviewer)
    second.force_login(second_reviewer)
    read = submitted_a.version  # both opened the sheet at this version
    cell = str(leaves["2.2"])
    body = {"version": read, "as": "review", "scores": {cell: {"points": "20"}}}
    assert _autosave(first, submitted_a, body).status_code == 200
    body = {"version": read, "as": "review", "scores": {cell: {"points": "30"}}}
    refused = _autosave(second, submitted_a, body)
    assert refused.status_code == 400
    assert refused.json()["field"] == "version"
    assert "đã được người khác thay đổi" in refused.json()["detail"]
    submitted_a.refresh_from_db()
    assert submitted_a.version == read + 1
    assert submitted_a.review_total == Decimal(90)
    score = _score(submitted_a, leaves, "2.2")
    assert score.review_points == Decimal(20)
    assert score.reviewed_by == reviewer


@pytest.mark.parametrize(
    ("points", "message"),
    [("12", "Điểm tiêu chí 1.1 phải từ 0 đến 10."), ("abc", "«abc» không phải là số điểm")],
)
def test_bad_points_are_refused_naming_the_field(
    client, editor_a, sheet_a, leaves, points, message
):
    client.force_login(editor_a)
    scores = {str(leaves["1.2"]): {"points": "15"}, str(leaves["1.1"]): {"points": points}}
    response = _autosave(client, sheet_a, {"version": 1, "as": "self", "scores": scores})
    assert response.status_code == 400
    assert response.json()["field"] == f"points-{leaves['1.1']}"
    assert message in response.json()["detail"]
    sheet_a.refresh_from_db()
    assert sheet_a.version == 1
    assert not Score.objects.exists()


def test_a_malformed_body_is_refused_without_a_change(client, editor_a, sheet_a, leaves):
    client.force_login(editor_a)
    no_version = _autosave(client, sheet_a, {"as": "self", "scores": {}})
    assert no_version.status_code == 400
    assert no_version.json()["field"] == "version"
    odd = {"version": 1, "as": "self", "scores": {str(leaves["1.1"]): {"points": ["8"]}}}
    assert _autosave(client, sheet_a, odd).json()["field"] == f"points-{leaves['1.1']}"
    assert _autosave(client, sheet_a, {"version": 1}).json()["field"] == "as"
    assert client.post(_save_url(sheet_a), "{", content_type="application/json").status_code == 400
    sheet_a.refresh_from_db()
    assert sheet_a.version == 1


def test_autosave_answers_404_to_whoever_lacks_the_role(
    client, editor_a, reviewer, sheet_a, submitted_a, leaves
):
    cell = {str(leaves["1.1"]): {"points": "5"}}
    client.force_login(editor_a)  # the unit may not review its own sheet
    body = {"version": submitted_a.version, "as": "review", "scores": cell}
    assert _autosave(client, submitted_a, body).status_code == 404
    client.force_login(reviewer)  # nor the reviewer write the unit's own points
    body = {"version": submitted_a.version, "as": "self", "scores": cell}
    assert _autosave(client, submitted_a, body).status_code == 404
    client.logout()
    assert _autosave(client, submitted_a, body).status_code == 302  # to the sign-in page
    submitted_a.refresh_from_db()
    assert _score(submitted_a, leaves, "1.1").review_points is None


def test_autosave_takes_the_csrf_token_from_the_header(editor_a, sheet_a, leaves):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_a)
    page = _text(client.get(_page(sheet_a)))
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    body = json.dumps({"version": 1, "as": "self", "scores": {str(leaves["1.1"]): {"points": "6"}}})
    url = _save_url(sheet_a)
    assert client.post(url, body, content_type="application/json").status_code == 403
    response = client.post(
        url, body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200
    assert _score(sheet_a, leaves, "1.1").self_points == Decimal(6)
