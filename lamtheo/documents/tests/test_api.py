"""/api/v1/documents and /api/v1/vn/parse-number."""

import pytest

from lamtheo.documents.models import Document


@pytest.fixture
def api(client, provincial_admin):
    client.force_login(provincial_admin)
    return client


NEW_PLAN = {
    "unit": "T11",
    "style": "party",
    "kind": "ke-hoach",
    "symbol": "130-KH/TU",
    "issued_on": "2023-01-05",
    "title": "Kế hoạch tổ chức hội nghị quán triệt",
    "place": "Điện Biên",
    "body": "Thực hiện Kết luận số 01-KL/TW.",
}


def test_search_by_words_without_accents(api, provincial_plan):
    answer = api.get("/api/v1/documents", {"q": "ke hoach 129"}).json()
    assert answer["count"] == 1
    hit = answer["items"][0]
    assert (hit["symbol"], hit["kind"], hit["unit"]["code"]) == ("129-KH/TU", "ke-hoach", "T11")
    # The snippet is the passage of the body that matches, with the words marked.
    hit = api.get("/api/v1/documents", {"q": "ke hoach 129 noi dung"}).json()["items"][0]
    assert hit["snippet"].endswith("gồm 6 <mark>nội</mark> <mark>dung</mark>.")


def test_filters_by_kind_and_issuer(api, provincial_plan, directives):
    assert [d["symbol"] for d in api.get("/api/v1/documents", {"kind": "KL"}).json()["items"]] == [
        "01-KL/TW"
    ]
    by_issuer = api.get("/api/v1/documents", {"issuer": "TW"}).json()
    assert by_issuer["count"] == 2
    assert api.get("/api/v1/documents", {"from": "2030-01-01"}).json()["count"] == 0


def test_a_document_with_its_links(api, provincial_plan, directives):
    detail = api.get(f"/api/v1/documents/{provincial_plan.pk}").json()
    assert detail["symbol"] == "129-KH/TU"
    assert (detail["number"], detail["type_code"], detail["issuer_code"]) == (129, "KH", "TU")
    assert [r["document"]["symbol"] for r in detail["implements"]] == ["01-KL/TW"]
    kl01 = api.get(f"/api/v1/documents/{directives['kl01'].pk}").json()
    assert [r["document"]["symbol"] for r in kl01["implemented_by"]] == ["129-KH/TU"]


def test_register_a_plan_that_implements_kl01(api, directives):
    body = {**NEW_PLAN, "relations": [{"kind": "implements", "target": directives["kl01"].pk}]}
    response = api.post("/api/v1/documents", body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["heading"] == "Kế hoạch số 130-KH/TU"
    assert created["term"] == "2020-2025"
    assert [r["document"]["symbol"] for r in created["implements"]] == ["01-KL/TW"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"symbol": "05-CT-TW"}, "symbol"),
        ({"symbol": "129-KH/TU"}, "symbol"),  # taken by the fixture's plan
        ({"unit": "X25-KHONG-CO"}, "unit"),
        ({"style": "state", "kind": "chuong-trinh-hanh-dong"}, "kind"),  # a Party kind
        ({"relations": [{"kind": "implements", "target": 10**9}]}, "relations"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_saves_nothing(api, provincial_plan, change, field):
    before = Document.objects.count()
    response = api.post(
        "/api/v1/documents", {**NEW_PLAN, **change}, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert response.json()["detail"]
    assert Document.objects.count() == before


def test_an_impossible_date_is_422(api):
    response = api.post(
        "/api/v1/documents",
        {**NEW_PLAN, "issued_on": "2024-02-30"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "issued_on" in str(response.json())


def test_parse_number_gives_the_structured_value_or_the_error(api):
    value = api.get("/api/v1/vn/parse-number", {"text": "Số 499-BC/TU"}).json()
    assert value["error"] is None
    assert value["value"] == {
        "style": "party",
        "number": "499",
        "value": 499,
        "kind": "BC",
        "issuer": "TU",
        "year": None,
        "sub_body": None,
        "formatted": "499-BC/TU",
    }
    state = api.get("/api/v1/vn/parse-number", {"text": "30/2020/NĐ-CP"}).json()["value"]
    assert (state["style"], state["number"], state["year"], state["kind"], state["issuer"]) == (
        "state",
        "30",
        2020,
        "NĐ",
        "CP",
    )
    wrong = api.get("/api/v1/vn/parse-number", {"text": "05-CT-TW"}).json()
    assert wrong["value"] is None
    assert wrong["error"]["message"] == "'05-CT-TW': thiếu dấu '/' trước cơ quan ban hành"
