"""The reporting API as a client uses it: the province issues a request, each commune saves
(Vietnamese text and JSON numbers alike) and submits, one is returned and sent again, both
accepted and consolidated with the right totals; a bad value or a stale version refused with
the field named and nothing stored; commune B kept out of commune A's report and figures; the
report rendered by the task and its .docx downloaded."""

import io
import json
import zipfile
from datetime import date

import pytest

from lamtheo.accounts.services import issue_api_token
from lamtheo.documents import services as documents
from lamtheo.reporting.models import Revision, Submission, Value

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, client):
        self.client = client
        self.headers = {}

    def as_(self, user, *, token=False):
        """Signed in as `user`: with a bearer token, or the browser's session."""
        self.client.logout()
        self.headers = {}
        if token:
            _, raw = issue_api_token(user=user, name="tests")
            self.headers = {"Authorization": f"Bearer {raw}"}
        else:
            self.client.force_login(user)
        return self

    def get(self, path, **query):
        return self.client.get(f"/api/v1/reporting{path}", query, headers=self.headers)

    def send(self, method, path, body):
        return self.client.generic(
            method,
            f"/api/v1/reporting{path}",
            json.dumps(body),
            content_type="application/json",
            headers=self.headers,
        )

    def post(self, path, body=None):
        return self.send("POST", path, {} if body is None else body)

    def put(self, path, body):
        return self.send("PUT", path, body)


@pytest.fixture
def api(client):
    return Api(client)


def _ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def _section(template, role):
    return template.sections.get(kind="narrative", role=role).pk


def _submission_of(request_id, unit):
    return Submission.objects.get(request_id=request_id, unit=unit)


def _issue(api, province, template, **extra):
    body = {
        "unit": province.code,
        "template": template.pk,
        "title": "Báo cáo kết quả năm 2026",
        "kind": "year",
        "period": "2026",
        "deadline": "2026-12-15",
        "units": ["X25-A", "X25-B"],
    } | extra
    return api.post("/requests", body)


def test_the_cycle_from_request_to_the_consolidated_totals(
    api, province, commune_a, commune_b, provincial_admin, editor_a, editor_b, reviewer, template
):
    listed = _ok(api.as_(editor_a, token=True).get("/templates"))  # the province's, seen below
    assert [t["code"] for t in listed["items"]] == ["bao-cao-nam"]
    assert _ok(api.get("/templates", unit=commune_a.code))["count"] == 0
    assert api.get("/templates", unit=province.code).status_code == 404  # not a unit it sees
    detail = _ok(api.get(f"/templates/{template.pk}"))
    table = next(s for s in detail["sections"] if s["kind"] == "indicators")
    assert [i["code"] for i in table["indicators"]] == ["dang-vien-moi", "ty-le-ho-ngheo"]
    assert next(s for s in detail["sections"] if s["kind"] == "figures")["figures"] == [
        "cases_commended"
    ]

    issued = _ok(_issue(api.as_(provincial_admin, token=True), province, template), 201)
    assert (issued["recipients"], issued["unit"]["code"], issued["ends_on"]) == (
        2,
        "T11",
        "2026-12-31",
    )
    request_id = issued["id"]
    results = str(_section(template, "results"))

    mine = _ok(api.as_(editor_a, token=True).get("/submissions", request=request_id))
    [a] = mine["items"]
    assert (a["unit"]["code"], a["status"], a["version"]) == ("X25-A", "pending", 1)
    saved = _ok(
        api.put(
            f"/submissions/{a['id']}",
            {
                "values": {"dang-vien-moi": "1.567", "ty-le-ho-ngheo": 8.5},
                "narratives": {results: "Kết nạp 1.567 đảng viên."},
                "version": 1,
            },
        )
    )
    assert saved["values"] == {"dang-vien-moi": "1567", "ty-le-ho-ngheo": "8.5"}
    assert (saved["narratives"], saved["status"], saved["revision"]) == (
        {results: "Kết nạp 1.567 đảng viên."},
        "draft",
        1,
    )
    sent = _ok(api.post(f"/submissions/{a['id']}/submit", {"version": saved["version"]}))
    assert sent["status"] == "submitted"
    assert sent["first_submitted_at"]

    b = _submission_of(request_id, commune_b)
    path_b = f"/submissions/{b.pk}"
    api.as_(editor_b)
    first = _ok(
        api.post(
            f"{path_b}/submit",
            {"values": {"dang-vien-moi": 12, "ty-le-ho-ngheo": "4,5"}, "version": b.version},
        )
    )
    returned = _ok(
        api.as_(reviewer).post(
            f"{path_b}/return", {"reason": "Số đảng viên chưa khớp", "version": first["version"]}
        )
    )
    assert (returned["status"], returned["reason"]) == ("returned", "Số đảng viên chưa khớp")
    again = _ok(
        api.as_(editor_b).post(
            f"{path_b}/submit", {"values": {"dang-vien-moi": "9"}, "version": returned["version"]}
        )
    )
    assert (again["revision"], again["values"]["dang-vien-moi"]) == (2, "9")

    api.as_(reviewer, token=True)
    for found in (sent, again):
        accepted = _ok(
            api.post(f"/submissions/{found['id']}/accept", {"version": found["version"]})
        )
        assert (accepted["status"], accepted["accepted_revision"]) == (
            "accepted",
            found["revision"],
        )
    older = _ok(api.get(path_b, revision=1))
    assert (older["shown_revision"], older["values"]["dang-vien-moi"]) == (1, "12")
    assert api.get(path_b, revision=9).status_code == 404

    api.as_(provincial_admin, token=True)
    figures = _ok(api.get(f"/requests/{request_id}/consolidated"))
    assert (figures["top"]["code"], figures["restated"]) == ("T11", False)
    by_code = {i["code"]: i for i in figures["indicators"]}
    members, rate = by_code["dang-vien-moi"], by_code["ty-le-ho-ngheo"]
    assert members["total"] == {"value": "1576", "reporters": 2}
    assert (rate["aggregation"], rate["total"]["value"]) == ("average", "6.5")
    rows = {r["unit"]["code"]: (r["value"], r["reporters"]) for r in members["rows"]}
    assert rows == {"X25-A": ("1567", 1), "X25-B": ("9", 1)}

    done = _ok(api.get(f"/requests/{request_id}/completeness"))
    assert done["by_status"]["accepted"] == 2
    assert sum(done["by_timeliness"].values()) == 2
    assert done["rate"] == "100.0"
    assert [r["unit"]["code"] for r in done["rows"]] == ["X25-A", "X25-B"]

    assert api.get(f"/requests/{request_id}/report").status_code == 404  # not compiled yet
    report = _ok(api.post(f"/requests/{request_id}/report", {"restated": False}))
    texts = [block["text"] for block in report["body"] if block["t"] == "paragraph"]
    assert "Kết nạp 1.567 đảng viên." in texts
    assert (report["issuer"], report["version"]) == ("TỈNH ỦY ĐIỆN BIÊN", 1)
    assert _ok(api.get(f"/requests/{request_id}/report"))["id"] == report["id"]

    version = Submission.objects.get(pk=a["id"]).version
    amended = _ok(api.as_(editor_a).post(f"/submissions/{a['id']}/amend", {"version": version}))
    assert (amended["status"], amended["accepted_revision"], amended["revision"]) == (
        "draft",
        1,
        2,
    )


def test_a_bad_value_is_refused_naming_its_field_and_nothing_is_stored(
    api, editor_a, commune_a, report_request
):
    submission = _submission_of(report_request.pk, commune_a)
    path = f"/submissions/{submission.pk}"
    api.as_(editor_a)
    refused = api.put(
        path, {"values": {"dang-vien-moi": "7", "ty-le-ho-ngheo": "1.56"}, "version": 1}
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "values.ty-le-ho-ngheo"
    assert "1.56" in refused.json()["detail"]
    unknown = api.put(path, {"values": {"khong-co": "1"}, "version": 1})
    assert (unknown.status_code, unknown.json()["field"]) == (400, "values")
    no_version = api.put(path, {"values": {"dang-vien-moi": "7"}})
    assert (no_version.status_code, no_version.json()["field"]) == (400, "version")
    not_json_number = api.put(path, {"values": {"dang-vien-moi": [1]}, "version": 1})
    assert not_json_number.status_code == 422
    assert not Revision.objects.filter(submission=submission).exists()
    assert not Value.objects.exists()
    submission.refresh_from_db()
    assert (submission.status, submission.version) == ("pending", 1)


def test_of_two_accepts_from_one_version_one_is_refused(
    api, editor_a, reviewer, commune_a, report_request
):
    submission = _submission_of(report_request.pk, commune_a)
    sent = _ok(
        api.as_(editor_a).post(
            f"/submissions/{submission.pk}/submit",
            {"values": {"dang-vien-moi": "3"}, "version": submission.version},
        )
    )
    stale = api.put(
        f"/submissions/{submission.pk}", {"values": {"dang-vien-moi": "4"}, "version": 1}
    )
    assert (stale.status_code, stale.json()["field"]) == (400, "version")
    api.as_(reviewer)
    answers = [
        api.post(f"/submissions/{submission.pk}/accept", {"version": sent["version"]})
        for _ in range(2)
    ]
    assert [r.status_code for r in answers] == [200, 400]
    assert answers[1].json()["field"] == "version"
    submission.refresh_from_db()
    assert (submission.status, submission.version) == ("accepted", sent["version"] + 1)
    assert Value.objects.get(revision=submission.accepted).value == 3


def test_commune_b_reaches_neither_communes_a_submission_nor_the_figures(
    api, editor_a, editor_b, reviewer, commune_a, commune_b, report_request
):
    a = _submission_of(report_request.pk, commune_a)
    b = _submission_of(report_request.pk, commune_b)
    api.as_(editor_a).post(
        f"/submissions/{a.pk}/submit", {"values": {"dang-vien-moi": "5"}, "version": 1}
    )
    api.as_(reviewer).post(f"/submissions/{a.pk}/accept", {"version": 2})
    api.as_(editor_b, token=True)
    assert api.get(f"/submissions/{a.pk}").status_code == 404
    assert api.put(f"/submissions/{a.pk}", {"values": {}, "version": 3}).status_code == 404
    assert api.post(f"/submissions/{a.pk}/amend", {"version": 3}).status_code == 404
    assert api.post(f"/submissions/{b.pk}/accept", {}).status_code == 404  # not a reviewer
    listed = _ok(api.get("/submissions"))
    assert [s["id"] for s in listed["items"]] == [b.pk]
    request_path = f"/requests/{report_request.pk}"
    assert _ok(api.get(request_path))["id"] == report_request.pk  # addressed to B
    assert api.get(f"{request_path}/consolidated").status_code == 404
    assert api.post(f"{request_path}/report", {}).status_code == 404
    done = _ok(api.get(f"{request_path}/completeness"))
    assert [r["unit"]["code"] for r in done["rows"]] == ["X25-B"]
    a.refresh_from_db()
    assert (a.status, a.version) == ("accepted", 3)


def test_recipients_by_rule_and_the_refusals_of_a_request(
    api, province, commune_a, commune_b, provincial_admin, editor_a, template
):
    api.as_(provincial_admin)
    by_kind = _ok(
        _issue(api, province, template, units=None, rule="kind", unit_kind="commune"), 201
    )
    assert by_kind["recipients"] == 2
    children = _ok(_issue(api, province, template, units=None, rule="children"), 201)
    assert children["recipients"] == 2
    no_kind = _issue(api, province, template, units=None, rule="kind")
    assert (no_kind.status_code, no_kind.json()["field"]) == (400, "unit_kind")
    nobody = _issue(api, province, template, units=None)
    assert (nobody.status_code, nobody.json()["field"]) == (400, "rule")
    upward = _issue(api, province, template, units=["T11"])
    assert (upward.status_code, upward.json()["field"]) == (400, "units")
    period = _issue(api, province, template, period="2026-H3")
    assert (period.status_code, period.json()["field"]) == (400, "period")
    unknown = _issue(api, province, template, document="99-KL/TW")
    assert (unknown.status_code, unknown.json()["field"]) == (400, "document")
    documents.create_document(
        draft=documents.Draft(
            unit=province,
            kind="party:ket-luan",
            symbol="01-KL/TU",
            issued_on=date(2026, 1, 10),
            title="Kết luận về công tác năm 2026",
        ),
        by=provincial_admin,
    )
    reviewed = _ok(_issue(api, province, template, kind="final", document="01-KL/TU"), 201)
    assert (reviewed["kind"], reviewed["document"]["symbol"]) == ("final", "01-KL/TU")
    listed = _ok(api.get("/requests", unit=commune_a.code, kind="year", period="2026"))
    assert listed["count"] == 2
    not_mine = _issue(api.as_(editor_a), province, template)
    assert (not_mine.status_code, not_mine.json()["field"]) == (400, "unit")


def test_the_report_is_rendered_by_the_task_and_its_docx_downloaded(
    api, settings, tmp_path, django_capture_on_commit_callbacks, provincial_admin, report_request
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    api.as_(provincial_admin, token=True)
    path = f"/requests/{report_request.pk}"
    refused = api.post(f"{path}/renderings")
    assert (refused.status_code, refused.json()["field"]) == (400, "report")
    _ok(api.post(f"{path}/report", {}))
    with django_capture_on_commit_callbacks(execute=True):
        queued = _ok(api.post(f"{path}/renderings"), 202)
    assert queued["state"] == "queued"
    rendering = _ok(api.get(f"/renderings/{queued['id']}"))
    assert (rendering["state"], rendering["percent"]) == ("done", 100), rendering["error"]
    url = rendering["files"]["docx"]
    assert url == f"/api/v1/reporting/renderings/{queued['id']}/docx"
    response = api.client.get(url, headers=api.headers)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    word = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "TỈNH ỦY ĐIỆN BIÊN" in word.read("word/document.xml").decode()
