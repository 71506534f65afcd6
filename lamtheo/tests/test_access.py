"""The generic access test: on every page and API route that reaches a record, an editor of
commune B gets 404 for commune A's records and changes nothing, while a provincial admin sees
the records of both communes. New areas join by naming their URL parameters in `records_of`."""

import json
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.accounts.models import Notification
from lamtheo.api import api
from lamtheo.documents import services as documents
from lamtheo.documents.models import Document, Relation
from lamtheo.files.models import Attachment
from lamtheo.files.services import attach
from lamtheo.honours.models import Case, Commendation, Movement, Replication
from lamtheo.honours.tests.records import make_records as honours_records
from lamtheo.org.models import Edge, Membership, OrgUnit
from lamtheo.oversight import models as oversight
from lamtheo.oversight.tests.records import make_records as oversight_records
from lamtheo.oversight.tests.steps import evaluation_at
from lamtheo.plans.models import (
    Cascade,
    CascadeItem,
    Commitment,
    Focus,
    Indicator,
    Measurement,
    Programme,
    ProgressNote,
    Target,
    Task,
    Theme,
)
from lamtheo.plans.tests.records import make_records
from lamtheo.reporting.models import Narrative, Report, Submission, Template, Value
from lamtheo.reporting.tests.records import make_records as reporting_records
from lamtheo.reporting.tests.records import submission_at
from lamtheo.web import allowed_methods

from .routes import all_routes

RECORD_ROUTES = [
    r for r in all_routes() if r.params and not r.path.startswith(("/quan-tri/", "/api/"))
]
API_RECORD_PATHS = [
    (path, method.upper())
    for path, operations in api.get_openapi_schema()["paths"].items()
    if "{" in path
    for method in operations
]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def sample_pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# What a form would send: enough for any write to succeed if access were wrongly granted.
FORM_DATA = {
    "username": "xa_b",
    "role": "admin",
    "valid_from": "01/07/2025",
    "kind": "cites",
    "target": "01-KH/ĐU",
    "title": "Văn bản đã bị sửa",
    "text": "Đã bị sửa",
    "status": "done",
    "percent": "100",
    "event": "Hội nghị quán triệt",
    "done_on": "01/07/2026",
    "version": "1",
    "period": "2027",
    "content": "Đã bị sửa",
    "yearend": "Đã bị sửa",
    "rating": "good",
    "step": "review",
    "reopen": "1",
    "name": "Đã bị sửa",
    "aggregation": "sum",
    "direction": "higher",
    "value": "12,8",
}
# What an API client would send to each JSON write: enough to succeed for the provincial
# admin on commune A's records ({code} is commune A's), so a 404 for editor B is the scope.
API_BODY = {
    ("/api/v1/themes/{theme}", "PUT"): {"period": "2026", "text": "Đã bị sửa"},
    ("/api/v1/programmes/{programme}", "PUT"): {"title": "Đã bị sửa", "period": "2026"},
    ("/api/v1/programmes/{programme}/focuses", "POST"): {"title": "Đã bị sửa"},
    ("/api/v1/programmes/{programme}/tasks", "POST"): {"title": "Việc mới", "units": ["{code}"]},
    ("/api/v1/tasks/{task}/progress", "POST"): {"status": "done", "text": "Đã bị sửa"},
    ("/api/v1/programmes/{programme}/cascades", "POST"): {
        "rule": "children",
        "action": "report",
        "title": "Gửi báo cáo năm",
        "deadline": "2026-12-15",
    },
    ("/api/v1/cascade-items/{item}/complete", "POST"): {"event": "Hội nghị quán triệt"},
    ("/api/v1/cascade-items/{item}/reopen", "POST"): {},
    ("/api/v1/indicators/{indicator}", "PUT"): {"name": "Đã bị sửa"},
    ("/api/v1/indicators/{indicator}/targets", "POST"): {
        "unit": "{code}",
        "period": "2027",
        "value": "12.8",
    },
    ("/api/v1/indicators/{indicator}/measurements", "POST"): {
        "unit": "{code}",
        "period": "2027",
        "value": "12",
    },
    ("/api/v1/commitments/{commitment}", "PUT"): {"content": "Đã bị sửa"},
    ("/api/v1/commitments/{commitment}/assessment", "POST"): {"midyear": "Đã bị sửa"},
    ("/api/v1/commitments/{commitment}/review", "POST"): {"rating": "good"},
    # The records' case is verified, version 2 (honours/tests/records.py); CASE_STEP below
    # puts it back where an edit, a verification or a replication starts from.
    ("/api/v1/reporting/requests/{report_request}/report", "POST"): {"restated": False},
    ("/api/v1/reporting/requests/{report_request}/renderings", "POST"): {},
    ("/api/v1/reporting/submissions/{submission}", "PUT"): {
        "values": {},
        "narratives": {},
        "version": 1,
    },
    ("/api/v1/reporting/submissions/{submission}/submit", "POST"): {"version": 1},
    ("/api/v1/reporting/submissions/{submission}/return", "POST"): {
        "reason": "Thiếu số liệu",
        "version": 1,
    },
    ("/api/v1/reporting/submissions/{submission}/accept", "POST"): {"version": 1},
    ("/api/v1/reporting/submissions/{submission}/amend", "POST"): {"version": 1},
    ("/api/v1/honours/cases/{case}", "PUT"): {
        "kind": "collective",
        "name": "Đã bị sửa",
        "field": "an-sinh",
        "year": 2025,
        "title": "Đã bị sửa",
        "version": 2,
    },
    ("/api/v1/honours/cases/{case}/verify", "POST"): {},
    ("/api/v1/honours/cases/{case}/return", "POST"): {"reason": "Thiếu ảnh minh chứng"},
    ("/api/v1/honours/cases/{case}/commendations", "POST"): {
        "form": "giay-khen",
        "level": "commune",
        "issuer_name": "Ban Thường vụ Đảng ủy xã",
        "decision": "Quyết định số 123-QĐ/TU",
        "decided_on": "2025-12-15",
    },
    ("/api/v1/honours/cases/{case}/replications", "POST"): {
        "units": ["{code}-CB1"],
        "since": "2026-01-15",
    },
    ("/api/v1/honours/cases/{case}/publish", "POST"): {"published": True},
    ("/api/v1/honours/movements/{movement}", "PUT"): {
        "name": "Đã bị sửa",
        "starts_on": "2025-07-01",
    },
    # The records' inspection is commune A's of its cell (oversight/tests/records.py), with a
    # recommendation under follow-up; its round evaluates the cell, whose sheet is a draft.
    ("/api/v1/oversight/programmes/{inspection_programme}", "PUT"): {
        "year": 2026,
        "title": "Đã bị sửa",
    },
    ("/api/v1/oversight/inspections/{inspection}", "PUT"): {
        "kind": "inspection",
        "title": "Đã bị sửa",
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-13",
        "targets": ["{code}-CB1"],
    },
    ("/api/v1/oversight/inspections/{inspection}/findings", "PUT"): {
        "findings": [{"section": "results", "unit": None, "text": "Đã bị sửa"}]
    },
    ("/api/v1/oversight/inspections/{inspection}/conclusion", "PUT"): {
        "signed_on": "2026-03-20",
        "place": "Đã bị sửa",
        "signer": "Đã bị sửa",
    },
    ("/api/v1/oversight/inspections/{inspection}/recommendations", "POST"): {
        "owner": "{code}-CB1",
        "text": "Đã bị sửa",
        "deadline": "2026-06-30",
    },
    ("/api/v1/oversight/recommendations/{recommendation}", "PUT"): {
        "text": "Đã bị sửa",
        "deadline": "2026-06-30",
    },
    ("/api/v1/oversight/recommendations/{recommendation}/responses", "POST"): {
        "step": "progress",
        "text": "Đã bị sửa",
    },
    ("/api/v1/oversight/criteria-sets/{criteria_set}", "PUT"): {
        "name": "Đã bị sửa",
        "criteria": [{"code": "1", "title": "Đã bị sửa", "max_points": 100}],
    },
    ("/api/v1/oversight/rounds/{evaluation_round}", "PUT"): {
        "title": "Đã bị sửa",
        "self_deadline": "2026-12-15",
        "review_deadline": "2026-12-31",
    },
    ("/api/v1/oversight/rounds/{evaluation_round}/close", "POST"): {},
    ("/api/v1/oversight/evaluations/{evaluation}/self-scores", "PUT"): {
        "scores": {"2": {"points": "50,5", "evidence": "Đã bị sửa"}},
        "version": 1,
    },
    ("/api/v1/oversight/evaluations/{evaluation}/review", "PUT"): {
        "scores": {"2": {"points": 10, "comment": "Đã bị sửa"}},
        "comment": "Đã bị sửa",
        "version": 1,
    },
    ("/api/v1/oversight/evaluations/{evaluation}/steps", "POST"): {
        "action": "return",
        "reason": "Đã bị sửa",
        "version": 1,
    },
}
# The step the records' case must be at for the admin's write to succeed.
CASE_STEP = {
    ("/api/v1/honours/cases/{case}", "PUT"): "proposed",
    ("/api/v1/honours/cases/{case}/verify", "POST"): "proposed",
    ("/api/v1/honours/cases/{case}/replications", "POST"): "commended",
}
# The records' submission is a draft (reporting/tests/records.py); each step below needs it
# in a state of its own, at version 1.
SUBMISSION_STEP = {
    ("/api/v1/reporting/submissions/{submission}", "PUT"): "draft",
    ("/api/v1/reporting/submissions/{submission}/submit", "POST"): "draft",
    ("/api/v1/reporting/submissions/{submission}/return", "POST"): "submitted",
    ("/api/v1/reporting/submissions/{submission}/accept", "POST"): "submitted",
    ("/api/v1/reporting/submissions/{submission}/amend", "POST"): "accepted",
}
# The records' evaluation sheet is a draft; these writes need it in a status, at version 1.
EVALUATION_STEP = {
    ("/api/v1/oversight/evaluations/{evaluation}/self-scores", "PUT"): "draft",
    ("/api/v1/oversight/evaluations/{evaluation}/review", "PUT"): "submitted",
    ("/api/v1/oversight/evaluations/{evaluation}/steps", "POST"): "submitted",
}
# Forms whose fields share a name with another form's, and what they would send there.
ROUTE_DATA = {
    "/ke-hoach/chi-tieu/{indicator}/chi-tieu-giao/": {"kind": "value", "target": ""},
}


@pytest.fixture
def records_of(editor_a, editor_b, admin_a, settings, tmp_path):
    """URL parameter values that reach each commune's records."""
    settings.MEDIA_ROOT = tmp_path

    def values(user) -> dict:
        membership = Membership.objects.get(user=user)
        attachment, _ = attach(unit=membership.unit, upload=sample_pdf(), user=user)
        plan, report = (
            documents.create_document(
                draft=documents.Draft(
                    unit=membership.unit,
                    kind=f"party:{kind}",
                    symbol=symbol,
                    issued_on=date(2025, 8, 1),
                    title=f"Văn bản nội bộ của {membership.unit.name}",
                ),
                by=user,
            )
            for kind, symbol in (("ke-hoach", "01-KH/ĐU"), ("bao-cao", "02-BC/ĐU"))
        )
        relation = documents.add_relation(source=report, target=plan, kind="reports_on", by=user)
        indicator = Indicator.objects.create(
            code=f"ho-ngheo-{membership.unit.code.lower()}",
            name="Số hộ nghèo",
            unit=membership.unit,
        )
        plans = make_records(membership.unit, user)
        cell = plans.pop("cell")
        return (
            plans
            | honours_records(membership.unit, user)
            | reporting_records(membership.unit, user, cell)
            | oversight_records(membership.unit, user, cell)
            | {
                "code": membership.unit.code,
                "pk": membership.pk,
                "uid": str(attachment.uid),
                "id": report.pk,
                "rel": relation.pk,
                "indicator": indicator.code,
            }
        )

    return {"a": values(editor_a), "b": values(editor_b)}


def _state():
    return (
        OrgUnit.objects.count(),
        Edge.objects.count(),
        sorted(Membership.objects.values_list("pk", "user_id", "role", "valid_to")),
        sorted(Attachment.objects.values_list("uid", "unit_id", "name")),
        sorted(Document.objects.values_list("pk", "unit_id", "symbol", "title", "version")),
        sorted(Relation.objects.values_list("pk", "source_id", "target_id", "kind")),
        sorted(Programme.objects.values_list("pk", "title", "version")),
        Focus.objects.count(),
        sorted(Task.objects.values_list("pk", "status", "percent", "version")),
        sorted(CascadeItem.objects.values_list("pk", "done_on", "event", "version")),
        sorted(Theme.objects.values_list("pk", "text", "version")),
        sorted(Commitment.objects.values_list("pk", "content", "rating", "version")),
        sorted(Notification.objects.values_list("pk", "read_at")),
        sorted(Indicator.objects.values_list("pk", "name", "aggregation", "version")),
        sorted(Target.objects.values_list("pk", "unit_id", "period", "value", "version")),
        sorted(Measurement.objects.values_list("pk", "unit_id", "period", "value", "version")),
        ProgressNote.objects.count(),
        Cascade.objects.count(),
        sorted(Case.objects.values_list("pk", "status", "title", "published", "version")),
        Commendation.objects.count(),
        Replication.objects.count(),
        sorted(Movement.objects.values_list("pk", "name", "version")),
        sorted(Template.objects.values_list("pk", "name", "number", "version")),
        sorted(Submission.objects.values_list("pk", "status", "revision", "version")),
        sorted(Value.objects.values_list("pk", "value")),
        sorted(Narrative.objects.values_list("pk", "text")),
        sorted(Report.objects.values_list("pk", "number", "version")),
        *_oversight_state(),
    )


def _oversight_state():
    return (
        sorted(oversight.Programme.objects.values_list("pk", "title", "version")),
        sorted(oversight.Inspection.objects.values_list("pk", "title", "stage", "version")),
        sorted(oversight.Target.objects.values_list("pk", "unit_id")),
        sorted(oversight.Finding.objects.values_list("pk", "text")),
        sorted(oversight.Recommendation.objects.values_list("pk", "text", "state", "version")),
        oversight.Response.objects.count(),
        sorted(oversight.CriteriaSet.objects.values_list("pk", "name", "number", "version")),
        sorted(oversight.Criterion.objects.values_list("pk", "title", "max_points")),
        sorted(oversight.Round.objects.values_list("pk", "title", "state", "version")),
        sorted(oversight.Evaluation.objects.values_list("pk", "status", "grade", "version")),
        sorted(oversight.Score.objects.values_list("pk", "self_points", "review_points")),
    )


def _every_method(client, route, values, user) -> dict[str, int]:
    """Send each method the route takes, with form data that would write if it were allowed
    (naming the user's own unit where a form asks for one)."""
    own = Membership.objects.get(user=user).unit_id
    data = FORM_DATA | {"unit": own} | ROUTE_DATA.get(route.template, {})
    statuses = {}
    for method in allowed_methods(route.callback):
        if method in ("HEAD", "OPTIONS"):
            continue
        response = client.generic(
            method,
            route.fill(**values),
            data="&".join(f"{k}={v}" for k, v in data.items()),
            content_type="application/x-www-form-urlencoded",
        )
        statuses[method] = response.status_code
    return statuses


def test_every_record_route_uses_parameters_the_test_knows(records_of):
    assert RECORD_ROUTES
    assert API_RECORD_PATHS
    for route in RECORD_ROUTES:
        assert set(route.params) <= set(records_of["a"]), route.template
    for path, _method in API_RECORD_PATHS:
        assert set(re.findall(r"{(\w+)}", path)) <= set(records_of["a"]), path


@pytest.mark.parametrize("route", RECORD_ROUTES, ids=lambda r: r.template)
def test_an_editor_of_commune_b_can_neither_see_nor_change_commune_a(
    route, client, editor_b, records_of
):
    before = _state()
    client.force_login(editor_b)
    statuses = _every_method(client, route, records_of["a"], editor_b)
    assert set(statuses.values()) == {404}, (route.template, statuses)
    assert _state() == before


@pytest.mark.parametrize("route", RECORD_ROUTES, ids=lambda r: r.template)
def test_a_provincial_admin_sees_the_records_of_both_communes(
    route, client, provincial_admin, records_of
):
    if "GET" not in allowed_methods(route.callback):
        pytest.skip("no page to see: a POST-only action")
    client.force_login(provincial_admin)
    for commune in ("a", "b"):
        response = client.get(route.fill(**records_of[commune]))
        assert response.status_code == 200, (commune, route.template)


@pytest.mark.parametrize("route", RECORD_ROUTES, ids=lambda r: r.template)
def test_an_admin_of_commune_a_reaches_a_but_not_b(route, client, admin_a, records_of):
    """The control: these routes are scoped per unit, not closed to everyone."""
    client.force_login(admin_a)
    if "GET" in allowed_methods(route.callback):
        assert client.get(route.fill(**records_of["a"])).status_code == 200
    before = _state()
    statuses = _every_method(client, route, records_of["b"], admin_a)
    assert set(statuses.values()) == {404}, (route.template, statuses)
    assert _state() == before


@pytest.mark.parametrize(("path", "method"), API_RECORD_PATHS, ids=lambda v: str(v))
def test_the_api_hides_commune_a_from_an_editor_of_commune_b(
    path, method, client, editor_b, provincial_admin, records_of
):
    url = "/api/v1" + path.removeprefix("/api/v1").format(**records_of["a"])
    body = _filled(API_BODY.get((path, method)), records_of["a"])
    if path.endswith("/reopen"):  # an item done, that the admin may reopen and B may not
        CascadeItem.objects.filter(pk=records_of["a"]["item"]).update(done_on=date(2026, 6, 1))
    if (path, method) in CASE_STEP:
        Case.objects.filter(pk=records_of["a"]["case"]).update(status=CASE_STEP[path, method])
    if (path, method) in SUBMISSION_STEP:
        submission_at(records_of["a"]["submission"], SUBMISSION_STEP[path, method])
    if (path, method) in EVALUATION_STEP:
        evaluation_at(records_of["a"]["evaluation"], EVALUATION_STEP[path, method])
    before = _state()
    client.force_login(editor_b)
    assert _api_call(client, method, url, body).status_code == 404
    assert _state() == before
    client.force_login(provincial_admin)
    response = _api_call(client, method, url, body)
    assert response.status_code in {200, 201, 202}, response.content


def test_every_json_write_of_the_api_has_a_body_here():
    writes = {(p, m) for p, m in API_RECORD_PATHS if m in ("POST", "PUT", "PATCH")}
    uploads = {(p, m) for p, m in writes if "multipart/form-data" in _request_types(p, m)}
    assert writes - uploads == set(API_BODY)


def _request_types(path, method) -> set[str]:
    operation = api.get_openapi_schema()["paths"][path][method.lower()]
    return set(operation.get("requestBody", {}).get("content", {}))


def _filled(body, values):
    if body is None:
        return None
    return {key: _placed(value, values) for key, value in body.items()}


def _placed(value, values):
    """{code} and the like filled in, in a text or in a list of texts; other values kept."""
    if isinstance(value, list):
        return [_placed(v, values) for v in value]
    return value.format(**values) if isinstance(value, str) else value


def _api_call(client, method, url, body=None):
    """A request that would succeed if access were granted: uploads carry a file, JSON
    writes the body above."""
    if body is not None:
        return client.generic(method, url, json.dumps(body), content_type="application/json")
    if method == "POST":
        return client.post(url, {"file": sample_pdf()})
    return client.generic(method, url)


def test_api_search_lists_only_what_the_user_may_see(
    client, editor_b, provincial_admin, records_of
):
    client.force_login(editor_b)
    codes = {u["code"] for u in client.get("/api/v1/org-units").json()["items"]}
    assert codes == {records_of["b"]["code"], records_of["b"]["code"] + "-CB1"}
    client.force_login(provincial_admin)
    codes = {u["code"] for u in client.get("/api/v1/org-units").json()["items"]}
    assert {records_of["a"]["code"], records_of["b"]["code"]} <= codes


def test_the_org_page_search_lists_only_what_the_user_may_see(client, editor_b, records_of):
    client.force_login(editor_b)
    html = client.get("/to-chuc/", {"q": "muong"}).content.decode()
    assert "Mường Phăng" in html
    assert "Mường Luân" not in html


def test_api_document_search_lists_only_what_the_user_may_see(
    client, editor_b, provincial_admin, records_of
):
    client.force_login(editor_b)
    ids = {d["id"] for d in client.get("/api/v1/documents").json()["items"]}
    assert records_of["b"]["id"] in ids
    assert records_of["a"]["id"] not in ids
    ids = {d["id"] for d in client.get("/api/v1/documents", {"q": "noi bo"}).json()["items"]}
    assert records_of["a"]["id"] not in ids
    client.force_login(provincial_admin)
    ids = {d["id"] for d in client.get("/api/v1/documents").json()["items"]}
    assert {records_of["a"]["id"], records_of["b"]["id"]} <= ids


def test_the_document_search_page_lists_only_what_the_user_may_see(client, editor_b, records_of):
    client.force_login(editor_b)
    html = client.get("/van-ban/", {"q": "van ban noi bo"}).content.decode()
    assert f'href="/van-ban/{records_of["b"]["id"]}/"' in html
    assert f'href="/van-ban/{records_of["a"]["id"]}/"' not in html
    assert "Mường Luân" not in html
