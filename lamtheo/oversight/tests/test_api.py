"""The oversight API as a client uses it, inspections side: the province records its programme
and an inspection of both communes (units by code, documents by number), writes the findings
and the conclusion, makes recommendations and follows them up to "đã khắc phục"; each commune
sees only its own findings and recommendations, commune B never reaches what is commune A's,
a stale version or a bad reference is refused with the field named and nothing changed.
(Criteria sets, rounds, scores and the ranking: test_api_rounds.py.)"""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from lamtheo.accounts.services import issue_api_token
from lamtheo.documents import services as documents
from lamtheo.oversight.models import Finding, Inspection, Programme, Recommendation
from lamtheo.plans import services as plans

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
        return self.client.get(f"/api/v1/oversight{path}", query, headers=self.headers)

    def send(self, method, path, body):
        return self.client.generic(
            method,
            f"/api/v1/oversight{path}",
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


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def refused(response, field, status=400):
    assert response.status_code == status, response.content
    assert response.json()["field"] == field, response.json()
    return response.json()["detail"]


def _document(unit, user, kind, symbol, title="Văn bản"):
    return documents.create_document(
        draft=documents.Draft(
            unit=unit, kind=f"party:{kind}", symbol=symbol, issued_on=date(2026, 1, 5), title=title
        ),
        by=user,
    )


@pytest.fixture
def scope(province, provincial_admin):
    """The province's decision, a plan the inspection checks and the programme's document."""
    decision = _document(province, provincial_admin, "quyet-dinh", "12-QĐ/TU", "Quyết định")
    plan_doc = _document(province, provincial_admin, "ke-hoach", "05-KH/TU", "Kế hoạch")
    programme_doc = _document(province, provincial_admin, "chuong-trinh", "03-CTr/TU")
    plan = plans.save_programme(
        unit=province, title="Kế hoạch thực hiện KL 01", by=provincial_admin
    )
    return {"decision": decision, "plan_doc": plan_doc, "doc": programme_doc, "plan": plan}


def _inspection_body(province, *targets, **extra):
    return {
        "unit": province.code,
        "kind": "inspection",
        "title": "Kiểm tra việc thực hiện Kết luận 01-KL/TW",
        "starts_on": "2026-02-23",
        "ends_on": "2026-03-06",
        "targets": [t.code for t in targets],
        "team": [
            {"name": "Phương Thị Thanh", "title": "Phó Bí thư Thường trực", "role": "lead"},
            {"name": "Lò Văn Phong", "title": "Chuyên viên"},
        ],
        **extra,
    }


# --- Programmes -----------------------------------------------------------------------------


def test_a_programme_is_recorded_listed_and_changed_from_the_version_read(
    api, province, provincial_admin, editor_b, scope
):
    api.as_(provincial_admin, token=True)
    made = ok(
        api.post(
            "/programmes",
            {
                "unit": province.code,
                "year": 2026,
                "title": "Chương trình kiểm tra, giám sát năm 2026",
                "document": "03-CTr/TU",
            },
        ),
        201,
    )
    assert made["unit"]["code"] == province.code
    assert (made["year"], made["document"]["symbol"], made["inspections"]) == (2026, "03-CTr/TU", 0)
    listed = ok(api.get("/programmes", year=2026, unit=province.code))
    assert [p["id"] for p in listed["items"]] == [made["id"]]
    assert listed["count"] == 1
    assert ok(api.get("/programmes", year=2027))["count"] == 0

    changed = ok(
        api.put(
            f"/programmes/{made['id']}",
            {"year": 2026, "title": "Chương trình năm 2026 (sửa)", "version": made["version"]},
        )
    )
    assert (changed["title"], changed["document"], changed["version"]) == (
        "Chương trình năm 2026 (sửa)",
        None,
        2,
    )
    body = {"year": 2026, "title": "Ghi đè", "version": made["version"]}
    refused(api.put(f"/programmes/{made['id']}", body), "version")
    assert Programme.objects.get(pk=made["id"]).title == "Chương trình năm 2026 (sửa)"

    api.as_(editor_b)
    assert api.get(f"/programmes/{made['id']}").status_code == 404
    assert api.put(f"/programmes/{made['id']}", {"year": 2026, "title": "B"}).status_code == 404
    assert ok(api.get("/programmes"))["count"] == 0


def test_a_programme_names_a_known_unit_and_document(api, province, provincial_admin, editor_a):
    api.as_(provincial_admin)
    body = {"unit": "KHONG-CO", "year": 2026, "title": "Chương trình"}
    assert "KHONG-CO" in refused(api.post("/programmes", body), "unit")
    body = {"unit": province.code, "year": 2026, "title": "Chương trình", "document": "99-CTr/TU"}
    refused(api.post("/programmes", body), "document")
    api.as_(editor_a)  # sees the province? no: only its commune
    body = {"unit": province.code, "year": 2026, "title": "Chương trình"}
    refused(api.post("/programmes", body), "unit")
    assert not Programme.objects.exists()


# --- Inspections ----------------------------------------------------------------------------


def test_an_inspection_is_recorded_with_its_scope_by_code_number_and_id(
    api, province, commune_a, commune_b, provincial_admin, scope
):
    api.as_(provincial_admin, token=True)
    programme = ok(
        api.post("/programmes", {"unit": province.code, "year": 2026, "title": "Chương trình"}),
        201,
    )
    body = _inspection_body(
        province,
        commune_b,
        commune_a,
        programme=programme["id"],
        documents=["05-KH/TU"],
        plans=[scope["plan"].pk],
        decision="12-QĐ/TU",
    )
    made = ok(api.post("/inspections", body), 201)
    assert made["unit"]["code"] == province.code
    assert [t["code"] for t in made["targets"]] == [commune_a.code, commune_b.code]  # by name
    assert made["team"][0] == {
        "name": "Phương Thị Thanh",
        "title": "Phó Bí thư Thường trực",
        "role": "lead",
    }
    assert made["team"][1]["role"] == "member"
    assert [d["symbol"] for d in made["documents"]] == ["05-KH/TU"]
    assert [p["id"] for p in made["plans"]] == [scope["plan"].pk]
    assert made["decision"]["symbol"] == "12-QĐ/TU"
    assert made["programme"] == {"id": programme["id"], "year": 2026, "title": "Chương trình"}
    assert (made["stage"], made["starts_on"], made["findings"]) == ("planned", "2026-02-23", [])
    assert made["conclusion"]["issuer"] == province.name.upper()
    assert ok(api.get(f"/programmes/{programme['id']}"))["inspections"] == 1

    changed = ok(
        api.put(
            f"/inspections/{made['id']}",
            {**_inspection_body(province, commune_a, kind="supervision"), "version": 1},
        )
    )
    assert (changed["kind"], [t["code"] for t in changed["targets"]]) == (
        "supervision",
        [commune_a.code],
    )
    assert (changed["documents"], changed["plans"], changed["decision"]) == ([], [], None)
    body = {**_inspection_body(province, commune_a, title="Ghi đè"), "version": 1}
    refused(api.put(f"/inspections/{made['id']}", body), "version")
    assert Inspection.objects.get(pk=made["id"]).kind == "supervision"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"targets": ["KHONG-CO"]}, "targets"),
        ({"targets": []}, "targets"),
        ({"targets": ["T11"]}, "targets"),  # the inspecting unit itself
        ({"documents": ["99-KH/TU"]}, "documents"),
        ({"decision": "99-QĐ/TU"}, "decision"),
        ({"plans": [10**9]}, "plans"),
        ({"programme": 10**9}, "programme"),
        ({"ends_on": "2026-02-01"}, "ends_on"),
        ({"unit": "KHONG-CO"}, "unit"),
        ({"team": [{"name": " "}]}, "team"),
    ],
)
def test_a_bad_reference_in_an_inspection_is_refused_with_its_field(
    api, province, commune_a, provincial_admin, scope, extra, field
):
    api.as_(provincial_admin)
    refused(api.post("/inspections", {**_inspection_body(province, commune_a), **extra}), field)
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    "extra",
    [{"targets": ["X25-A\x00"]}, {"title": "Kiểm tra\x00"}, {"team": [{"name": "A\x00"}]}],
)
def test_a_nul_character_anywhere_in_a_body_is_refused_before_the_database(
    api, province, commune_a, provincial_admin, extra
):
    """PostgreSQL keeps no U+0000 in text (a query naming one fails): a body carrying it is
    refused as malformed, 422, whatever field or unit code holds it, and nothing is written."""
    api.as_(provincial_admin)
    response = api.post("/inspections", {**_inspection_body(province, commune_a), **extra})
    assert response.status_code == 422, response.content
    assert "NUL" in str(response.json()["detail"])
    assert not Inspection.objects.exists()


def test_inspections_are_listed_by_year_unit_kind_and_stage(
    api, province, commune_a, commune_b, provincial_admin, editor_a, editor_b, inspection
):
    api.as_(provincial_admin)
    of_a = ok(
        api.post(
            "/inspections",
            _inspection_body(province, commune_a, kind="supervision", starts_on="2025-12-20"),
        ),
        201,
    )
    assert ok(api.get("/inspections"))["count"] == 2
    assert [i["id"] for i in ok(api.get("/inspections", year=2025))["items"]] == [of_a["id"]]
    both = ok(api.get("/inspections", year=2026))["items"]
    assert {i["id"] for i in both} == {of_a["id"], inspection.pk}  # running into 2026 too
    assert [i["id"] for i in ok(api.get("/inspections", kind="delegation"))["items"]] == [
        inspection.pk
    ]
    assert ok(api.get("/inspections", stage="concluded"))["count"] == 0
    assert ok(api.get("/inspections", unit=commune_b.code))["count"] == 1
    page = ok(api.get("/inspections", limit=1, offset=1))
    assert (len(page["items"]), page["count"]) == (1, 2)

    api.as_(editor_a)
    assert ok(api.get("/inspections"))["count"] == 2
    api.as_(editor_b)
    assert [i["id"] for i in ok(api.get("/inspections"))["items"]] == [inspection.pk]
    assert api.get(f"/inspections/{of_a['id']}").status_code == 404
    assert api.get("/inspections", unit=commune_a.code).status_code == 404


def test_only_the_inspecting_units_editors_write_an_inspection(
    api, province, commune_a, editor_a, editor_b, inspection, reviewer
):
    body = {**_inspection_body(province, commune_a), "version": 1}
    for user in (editor_a, editor_b, reviewer):
        api.as_(user)
        assert api.put(f"/inspections/{inspection.pk}", body).status_code == 404
        findings = {"findings": [], "version": 1}
        assert api.put(f"/inspections/{inspection.pk}/findings", findings).status_code == 404
    assert Inspection.objects.get(pk=inspection.pk).version == 1


def test_findings_are_written_by_section_and_each_commune_reads_only_its_own(
    api, commune_a, commune_b, provincial_admin, editor_a, editor_b, inspection
):
    api.as_(provincial_admin)
    written = ok(
        api.put(
            f"/inspections/{inspection.pk}/findings",
            {
                "version": 1,
                "findings": [
                    {"section": "limitations", "unit": commune_a.code, "text": "A chậm ban hành"},
                    {"section": "results", "unit": None, "text": "Các xã quán triệt kịp thời"},
                    {"section": "limitations", "unit": commune_b.code, "text": "B thiếu hồ sơ"},
                    {"section": "causes", "text": "Cán bộ kiêm nhiệm"},
                ],
            },
        )
    )
    assert [(f["section"], f["text"]) for f in written["findings"]] == [
        ("results", "Các xã quán triệt kịp thời"),
        ("limitations", "A chậm ban hành"),
        ("limitations", "B thiếu hồ sơ"),
        ("causes", "Cán bộ kiêm nhiệm"),
    ]
    assert (written["stage"], written["version"]) == ("running", 2)

    api.as_(editor_a)
    seen = {f["text"] for f in ok(api.get(f"/inspections/{inspection.pk}"))["findings"]}
    assert seen == {"Các xã quán triệt kịp thời", "A chậm ban hành", "Cán bộ kiêm nhiệm"}
    api.as_(editor_b)
    seen = {f["text"] for f in ok(api.get(f"/inspections/{inspection.pk}"))["findings"]}
    assert seen == {"Các xã quán triệt kịp thời", "B thiếu hồ sơ", "Cán bộ kiêm nhiệm"}


@pytest.mark.parametrize(
    ("finding", "field"),
    [
        ({"section": "results", "unit": "KHONG-CO", "text": "x"}, "findings.2.unit"),
        ({"section": "results", "unit": "T11", "text": "x"}, "findings"),  # not inspected
        ({"section": "results", "text": "  "}, "findings"),
    ],
)
def test_a_bad_finding_changes_nothing(api, provincial_admin, inspection, finding, field):
    api.as_(provincial_admin)
    Finding.objects.create(inspection=inspection, section="results", text="Đã có")
    body = {"version": 1, "findings": [{"section": "causes", "text": "Mới"}, finding]}
    detail = refused(api.put(f"/inspections/{inspection.pk}/findings", body), field)
    assert "2" in detail or "KHONG-CO" in detail
    assert list(Finding.objects.values_list("text", flat=True)) == ["Đã có"]
    stale = {"version": 7, "findings": []}
    refused(api.put(f"/inspections/{inspection.pk}/findings", stale), "version")
    assert Finding.objects.count() == 1


def test_the_conclusion_is_numbered_dated_and_signed(api, provincial_admin, inspection):
    api.as_(provincial_admin)
    body = {
        "number": "05-TB/TU",
        "signed_on": "2026-03-20",
        "place": "Điện Biên",
        "signer": "Trần Quốc Cường",
        "signer_title": "BÍ THƯ",
        "authority": "T/M BAN THƯỜNG VỤ",
        "recipients": "- Các xã được kiểm tra,\n- Lưu Văn phòng.",
        "version": 1,
    }
    refused(api.put(f"/inspections/{inspection.pk}/conclusion", {**body, "number": "05-NQ/TU"}),
            "number")  # fmt: skip
    refused(
        api.put(f"/inspections/{inspection.pk}/conclusion", {**body, "signed_on": "2026-01-01"}),
        "signed_on",
    )
    done = ok(api.put(f"/inspections/{inspection.pk}/conclusion", body))
    assert done["stage"] == "concluded"
    assert done["conclusion"] == {
        "number": "05-TB/TU",
        "signed_on": "2026-03-20",
        "place": "Điện Biên",
        "issuer": "TỈNH ỦY ĐIỆN BIÊN",
        "superior": "",
        "authority": "T/M BAN THƯỜNG VỤ",
        "signer_title": "BÍ THƯ",
        "signer": "Trần Quốc Cường",
        "recipients": "- Các xã được kiểm tra,\n- Lưu Văn phòng.",
    }
    refused(api.put(f"/inspections/{inspection.pk}/conclusion", body), "version")


# --- Recommendations ------------------------------------------------------------------------


def test_recommendations_are_made_to_inspected_units_and_seen_by_their_owner_only(
    api, commune_a, commune_b, province, provincial_admin, editor_a, editor_b, inspection
):
    api.as_(provincial_admin, token=True)
    made = ok(
        api.post(
            f"/inspections/{inspection.pk}/recommendations",
            {"owner": commune_a.code, "text": "Bổ sung kế hoạch", "deadline": "2026-03-31"},
        ),
        201,
    )
    assert (made["owner"]["code"], made["state"], made["position"]) == (commune_a.code, "open", 1)
    assert made["inspection"]["unit"]["code"] == province.code
    assert made["overdue"] is True  # 31/03/2026 is past
    assert made["responses"] == []
    ok(
        api.post(
            f"/inspections/{inspection.pk}/recommendations",
            {"owner": commune_b.code, "text": "Kiện toàn tổ", "deadline": "2030-03-31"},
        ),
        201,
    )
    for body, field in (
        ({"owner": province.code, "text": "x", "deadline": "2026-03-31"}, "owner"),
        ({"owner": "KHONG-CO", "text": "x", "deadline": "2026-03-31"}, "owner"),
        ({"owner": commune_a.code, "text": " ", "deadline": "2026-03-31"}, "text"),
        ({"owner": commune_a.code, "text": "x", "deadline": "2026-01-01"}, "deadline"),
    ):
        refused(api.post(f"/inspections/{inspection.pk}/recommendations", body), field)
    assert Recommendation.objects.count() == 2
    assert ok(api.get(f"/inspections/{inspection.pk}/recommendations"))["count"] == 2

    api.as_(editor_a)
    mine = ok(api.get(f"/inspections/{inspection.pk}/recommendations"))["items"]
    assert [r["id"] for r in mine] == [made["id"]]
    body = {"owner": commune_a.code, "text": "Tự giao", "deadline": "2026-03-31"}
    assert api.post(f"/inspections/{inspection.pk}/recommendations", body).status_code == 404
    api.as_(editor_b)
    theirs = ok(api.get(f"/inspections/{inspection.pk}/recommendations"))["items"]
    assert [r["owner"]["code"] for r in theirs] == [commune_b.code]
    assert api.get(f"/recommendations/{made['id']}").status_code == 404
    assert api.get(f"/recommendations/{made['id']}/responses").status_code == 404


def test_the_recommendation_list_filters_owner_state_overdue_and_inspecting_unit(
    api, province, commune_a, commune_b, provincial_admin, editor_a, recommendations
):
    a, b = recommendations
    api.as_(provincial_admin)

    def ids(**query):
        return [r["id"] for r in ok(api.get("/recommendations", **query))["items"]]

    assert ids() == [a.pk, b.pk]  # nearest deadline first
    assert ids(overdue="true") == [a.pk]
    assert ids(overdue="false") == [b.pk]
    assert ids(owner=commune_b.code) == [b.pk]
    assert ids(inspecting=province.code) == [a.pk, b.pk]
    assert ids(inspecting=commune_a.code) == []
    assert ids(state="fixed") == []
    assert api.get("/recommendations", overdue="maybe").status_code == 422
    api.as_(editor_a)
    assert ids() == [a.pk]
    assert api.get("/recommendations", owner=commune_b.code).status_code == 404


def test_a_recommendation_is_followed_up_to_fixed(
    api, provincial_admin, editor_a, editor_b, reviewer, recommendations
):
    a, _b = recommendations
    url = f"/recommendations/{a.pk}/responses"
    api.as_(editor_a)
    progress = ok(api.post(url, {"step": "progress", "text": "Đang xây dựng", "version": 1}), 201)
    assert (progress["state"], progress["version"]) == ("fixing", 2)
    refused(api.post(url, {"step": "report", "text": "Đã xong", "version": 2}), "evidence")
    refused(api.post(url, {"step": "report", "text": "Đã xong", "evidence": "x", "version": 1}),
            "version")  # fmt: skip
    body = {"step": "report", "text": "Đã ban hành", "evidence": "Kế hoạch 15-KH/ĐU", "version": 2}
    assert ok(api.post(url, body), 201)["state"] == "reported"
    assert api.post(url, {"step": "confirm", "text": "Tự xác nhận"}).status_code == 404

    api.as_(editor_b)
    assert api.post(url, {"step": "progress", "text": "Chen vào"}).status_code == 404
    reworded = {"text": "x", "deadline": "2026-05-01"}
    assert api.put(f"/recommendations/{a.pk}", reworded).status_code == 404

    api.as_(reviewer)
    assert api.post(url, {"step": "progress", "text": "Thay xã"}).status_code == 404
    fixed = ok(api.post(url, {"step": "confirm", "text": "Đạt yêu cầu", "version": 3}), 201)
    assert (fixed["state"], fixed["fixed_on"], fixed["confirmed_by"]) == (
        "fixed",
        timezone.localdate().isoformat(),
        reviewer.username,
    )
    assert [(r["step"], r["by"]) for r in fixed["responses"]] == [
        ("progress", editor_a.username),
        ("report", editor_a.username),
        ("confirm", reviewer.username),
    ]
    assert fixed["responses"][1]["evidence"] == "Kế hoạch 15-KH/ĐU"
    assert fixed["overdue"] is False

    api.as_(editor_a)
    assert "Đã khắc phục" in refused(api.post(url, {"step": "progress", "text": "Lại"}), "step")
    listed = ok(api.get(url))
    assert [r["step"] for r in listed] == ["progress", "report", "confirm"]


def test_the_inspecting_unit_rewords_a_recommendation_from_the_version_read(
    api, provincial_admin, editor_a, recommendations
):
    a, _b = recommendations
    api.as_(editor_a)
    body = {"text": "Sửa bởi xã", "deadline": "2026-05-01", "version": 1}
    assert api.put(f"/recommendations/{a.pk}", body).status_code == 404
    api.as_(provincial_admin)
    later = (timezone.localdate() + timedelta(days=30)).isoformat()
    moved = ok(api.put(f"/recommendations/{a.pk}", {**body, "deadline": later}))
    assert (moved["deadline"], moved["overdue"], moved["version"]) == (later, False, 2)
    refused(api.put(f"/recommendations/{a.pk}", {**body, "text": "Ghi đè"}), "version")
    assert Recommendation.objects.get(pk=a.pk).text == "Sửa bởi xã"
