"""The honours API as a client uses it: a commune's case nominated, verified and commended with a
decision number, then counted in the province's statistics; a wrong decision number or a stale
version refused with the field named and nothing changed; another commune's case 404; the
lists' filters; movements; evidence files; the statistics restated after the 2025 merger."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lamtheo.honours import services
from lamtheo.honours.models import Case, Commendation, Field, Movement

from .test_domain import PNG


class Api:
    def __init__(self, client):
        self.client = client

    def as_(self, user):
        self.client.force_login(user)
        return self

    def get(self, path, **query):
        return self.client.get(f"/api/v1/honours{path}", query)

    def send(self, method, path, body):
        return self.client.generic(
            method, f"/api/v1/honours{path}", json.dumps(body), content_type="application/json"
        )

    def post(self, path, body):
        return self.send("POST", path, body)

    def put(self, path, body):
        return self.send("PUT", path, body)


@pytest.fixture
def api(client):
    return Api(client)


def nomination(unit, **extra) -> dict:
    return {
        "unit": unit.code,
        "kind": "collective",
        "name": "Đoàn Thanh niên xã Mường Luân",
        "field": "thien-nguyen",
        "year": 2025,
        "title": "Đổ bê tông đường bản Trung Tâm",
        "story": "Đoàn viên góp công làm 300 m đường bê tông.",
        "source": "Báo cáo số 12-BC/ĐU",
    } | extra


def nominate(unit, by, **extra) -> Case:
    values = nomination(unit, **extra)
    values.pop("unit")
    values["field"] = Field.objects.get(code=values["field"])
    return services.nominate_case(unit=unit, by=by, **values)


def test_a_case_goes_from_nomination_to_the_provinces_statistics(
    api, province, commune_a, commune_b, editor_a, editor_b, reviewer
):
    made = api.as_(editor_a).post("/cases", nomination(commune_a))
    assert made.status_code == 201, made.content
    case = made.json()
    assert (case["status"], case["version"], case["unit"]["code"]) == ("proposed", 1, "X25-A")
    assert (case["likely_duplicates"], case["duplicates_found"], case["files"]) == ([], 0, [])
    path = f"/cases/{case['id']}"

    verified = api.as_(reviewer).post(f"{path}/verify", {"version": 1}).json()
    assert (verified["status"], verified["version"]) == ("verified", 2)
    assert verified["verified_by"] == "tinh_tham_dinh"
    commended = api.post(
        f"{path}/commendations",
        {
            "form": "bang-khen-tinh",
            "level": "province",
            "issuer": "T11",
            "decision": "Quyết định số 123-QĐ/TU",
            "decided_on": "2025-11-20",
            "version": 2,
        },
    )
    assert commended.status_code == 201, commended.content
    case = commended.json()
    [given] = case["commendations"]
    assert (given["decision"], given["decision_style"], given["year"]) == (
        "123-QĐ/TU",
        "party",
        2025,
    )
    assert (given["form"]["code"], given["issuer_name"]) == ("bang-khen-tinh", "Tỉnh ủy Điện Biên")
    assert (case["status"], case["version"]) == ("commended", 3)

    stats = api.get("/stats", unit="T11", **{"from": "2025", "to": "2025"}).json()
    assert (stats["unit"]["code"], stats["from"], stats["to"], stats["by"]) == (
        "T11",
        2025,
        2025,
        "field",
    )
    counts = {"cases": 1, "collective": 1, "individual": 0, "commendations": 1}
    assert stats["total"] == counts
    assert stats["rows"] == [{"key": "thien-nguyen", "label": "Thiện nguyện", **counts}]
    by_form = api.get("/stats", unit="T11", by="form", **{"from": "2025", "to": "2025"}).json()
    assert [row["key"] for row in by_form["rows"]] == ["bang-khen-tinh"]
    by_unit = api.get("/stats", by="unit", **{"from": "2025", "to": "2025"}).json()
    assert (by_unit["unit"]["code"], by_unit["rows"][0]["key"]) == ("T11", "X25-A")
    this_year = api.get("/stats").json()  # the caller's unit, this year: nothing yet
    assert (this_year["from"], this_year["to"]) == (timezone.localdate().year,) * 2
    assert api.get("/stats", unit="T11", **{"from": "2024", "to": "2024"}).json()["rows"] == []
    listed = api.get("/commendations", unit="T11", decision="qđ/tu", year=2025).json()
    assert listed["count"] == 1
    assert listed["items"][0]["case"]["id"] == case["id"]

    replicated = api.post(
        f"{path}/replications", {"units": ["X25-B"], "since": "2025-12-01", "version": 3}
    )
    assert replicated.status_code == 201, replicated.content
    assert replicated.json()["status"] == "replicated"
    assert [r["unit"]["code"] for r in replicated.json()["replications"]] == ["X25-B"]
    # Commune B does not see it until commune A publishes it.
    assert api.as_(editor_b).get(path).status_code == 404
    published = api.as_(editor_a).post(f"{path}/publish", {"published": True, "version": 4})
    assert published.json()["published"] is True
    assert api.as_(editor_b).get(path).status_code == 200


def test_a_bad_decision_number_is_refused_and_changes_nothing(
    api, commune_a, editor_a, reviewer, bang_khen
):
    case = services.verify_case(case=nominate(commune_a, editor_a), by=reviewer)
    body = {
        "form": "bang-khen-tinh",
        "level": "province",
        "issuer_name": "Ban Thường vụ Tỉnh ủy Điện Biên",
        "decided_on": "2025-11-20",
    }
    api.as_(reviewer)
    for decision, words in (("123-QĐ-TU", "'/'"), ("499-BC/TU", "quyết định"), ("", "số")):
        refused = api.post(f"/cases/{case.pk}/commendations", body | {"decision": decision})
        assert refused.status_code == 400, refused.content
        assert refused.json()["field"] == "decision"
        assert words in refused.json()["detail"]
    refused = api.post(f"/cases/{case.pk}/commendations", body | {"form": "khong-co"})
    assert refused.json()["field"] == "form"
    assert not Commendation.objects.exists()
    assert Case.objects.values_list("status", "version").get() == ("verified", 2)


def test_a_stale_version_is_refused_and_an_edit_must_name_one(api, commune_a, editor_a, reviewer):
    case = api.as_(editor_a).post("/cases", nomination(commune_a)).json()
    path = f"/cases/{case['id']}"
    edit = nomination(commune_a, title="Làm đường bê tông")
    edit.pop("unit")
    refused = api.put(path, edit)
    assert refused.status_code == 400
    assert refused.json()["field"] == "version"
    assert api.put(path, edit | {"version": 1}).json()["version"] == 2
    stale = api.put(path, edit | {"title": "Sửa lại", "version": 1})
    assert stale.status_code == 400
    assert stale.json()["field"] == "version"
    assert "người khác sửa" in stale.json()["detail"]
    assert api.as_(reviewer).post(f"{path}/verify", {"version": 1}).status_code == 400
    assert Case.objects.values_list("title", "status", "version").get() == (
        "Làm đường bê tông",
        "proposed",
        2,
    )
    # Returned with a reason, edited and so sent again.
    returned = api.post(f"{path}/return", {"reason": "Thiếu ảnh", "version": 2}).json()
    assert (returned["status"], returned["return_reason"]) == ("returned", "Thiếu ảnh")
    again = api.as_(editor_a).put(path, edit | {"version": 3}).json()
    assert (again["status"], again["return_reason"]) == ("proposed", "")


def test_another_commune_gets_404_and_each_step_needs_its_role(
    api, commune_a, editor_a, editor_b, reviewer
):
    case = nominate(commune_a, editor_a)
    path = f"/cases/{case.pk}"
    edit = nomination(commune_a) | {"version": 1}
    api.as_(editor_b)
    assert api.get(path).status_code == 404
    assert api.put(path, edit).status_code == 404
    assert api.post(f"{path}/verify", {}).status_code == 404
    assert api.post(f"{path}/publish", {"published": False}).status_code == 404
    photo = SimpleUploadedFile("anh.png", PNG, content_type="image/png")
    assert api.client.post(f"/api/v1/honours{path}/evidence", {"file": photo}).status_code == 404
    assert api.get("/cases").json()["count"] == 0
    assert api.get("/stats", unit="X25-A").status_code == 404
    refused = api.post("/cases", nomination(commune_a))
    assert (refused.status_code, refused.json()["field"]) == (400, "unit")
    # The commune's editor does not verify; the reviewer does not edit.
    assert api.as_(editor_a).post(f"{path}/verify", {}).status_code == 404
    assert api.as_(reviewer).put(path, edit).status_code == 404
    assert Case.objects.values_list("status", "version").get() == ("proposed", 1)


def test_likely_duplicates_are_those_the_caller_may_see(
    api, commune_a, commune_b, editor_a, editor_b
):
    first = nominate(commune_a, editor_a, kind="individual", name="Ông Hoàng Văn Đức", year=2026)
    again = nomination(commune_a, kind="individual", name="hoang van  duc")
    seen = api.as_(editor_a).post("/cases", again).json()
    assert (seen["duplicates_found"], seen["likely_duplicates"]) == (1, [first.pk])
    unseen = api.as_(editor_b).post("/cases", again | {"unit": commune_b.code}).json()
    assert (unseen["duplicates_found"], unseen["likely_duplicates"]) == (2, [])


def test_the_list_of_cases_filters(api, province, commune_a, commune_b, editor_a, editor_b):
    duc = nominate(commune_a, editor_a, kind="individual", name="Ông Hoàng Văn Đức")
    farm = nominate(
        commune_a,
        editor_a,
        name="Hợp tác xã Tủa Chùa",
        title="Chè Shan tuyết",
        field="kinh-te",
        year=2026,
    )
    other = nominate(commune_b, editor_b, name="Chi hội Phụ nữ bản Phăng", title="Bữa cơm")
    api.as_(editor_a)

    def ids(**query):
        found = api.get("/cases", **query).json()
        assert found["count"] == len(found["items"])
        return {c["id"] for c in found["items"]}

    assert ids() == {duc.pk, farm.pk}
    assert ids(q="hoang van duc") == ids(q="HOÀNG VĂN ĐỨC") == {duc.pk}
    assert ids(q="che shan tuyet") == ids(q="Chè Shan") == {farm.pk}  # the title too
    assert ids(year=2026) == ids(field="kinh-te") == ids(year_from=2026) == {farm.pk}
    assert ids(year_to=2025, kind="individual", status="proposed") == {duc.pk}
    assert ids(unit="X25-A") == {duc.pk, farm.pk}
    assert api.get("/cases", unit="X25-B").status_code == 404
    page = api.get("/cases", limit=1, offset=1).json()
    assert (page["count"], [c["id"] for c in page["items"]]) == (2, [duc.pk])  # newest year first
    assert other.pk not in ids()


def test_the_provincial_admin_sees_both_communes_and_filters_by_unit(
    api, provincial_admin, commune_a, commune_b, editor_a, editor_b
):
    mine = nominate(commune_a, editor_a)
    theirs = nominate(commune_b, editor_b, name="Chi hội Phụ nữ bản Phăng")
    api.as_(provincial_admin)
    assert {c["id"] for c in api.get("/cases", unit="T11").json()["items"]} == {mine.pk, theirs.pk}
    assert [c["id"] for c in api.get("/cases", unit="X25-B").json()["items"]] == [theirs.pk]


def test_movements_are_launched_edited_and_count_their_cases(
    api, provincial_admin, commune_a, commune_b, editor_a, editor_b
):
    body = {
        "unit": "T11",
        "name": "Phong trào thi đua “Dân vận khéo”",
        "starts_on": "2025-07-01",
        "ends_on": "2026-12-31",
        "criteria": "Có mô hình dân vận khéo được công nhận",
        "units": ["X25-B", "X25-A"],
    }
    made = api.as_(provincial_admin).post("/movements", body)
    assert made.status_code == 201, made.content
    movement = made.json()
    assert (movement["units"], movement["cases"], movement["version"]) == (["X25-A", "X25-B"], 0, 1)
    case = api.as_(editor_a).post("/cases", nomination(commune_a, movement=movement["id"]))
    assert case.json()["movement"] == movement["id"]
    path = f"/movements/{movement['id']}"
    assert api.get(path).json()["cases"] == 1  # commune A sees what the province launched
    assert api.as_(editor_b).get(path).json()["cases"] == 0  # and B not A's case
    assert api.put(path, body | {"version": 1}).status_code == 404  # nor edits it
    api.as_(provincial_admin)
    assert [m["id"] for m in api.get("/movements", year=2026).json()["items"]] == [movement["id"]]
    assert api.get("/movements", year=2024).json()["count"] == 0
    assert api.get("/movements", unit="X25-A").json()["count"] == 0  # launched above it
    edited = api.put(path, body | {"name": "Dân vận khéo 2025-2026", "version": 1}).json()
    assert (edited["name"], edited["version"]) == ("Dân vận khéo 2025-2026", 2)
    stale = api.put(path, body | {"version": 1})
    assert (stale.status_code, stale.json()["field"]) == (400, "version")
    unknown = api.post("/movements", body | {"units": ["KHONG-CO"]})
    assert (unknown.status_code, unknown.json()["field"]) == (400, "units")
    assert Movement.objects.get().name == "Dân vận khéo 2025-2026"


def test_evidence_files_are_checked_and_listed_with_their_download(
    api, commune_a, editor_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case = nominate(commune_a, editor_a)
    url = f"/api/v1/honours/cases/{case.pk}/evidence"
    api.as_(editor_a)
    photo = SimpleUploadedFile("anh-con-duong.png", PNG, content_type="image/png")
    added = api.client.post(url, {"file": photo})
    assert added.status_code == 201, added.content
    [evidence] = added.json()["files"]
    assert (evidence["name"], evidence["content_type"]) == ("anh-con-duong.png", "image/png")
    assert evidence["url"] == f"/tep/{evidence['uid']}/"
    assert api.client.get(evidence["url"]).status_code == 200
    program = SimpleUploadedFile("anh.png", b"MZ\x90\x00" + b"\x00" * 60, "image/png")
    refused = api.client.post(url, {"file": program})
    assert (refused.status_code, refused.json()["field"]) == (400, "files")
    assert len(api.get(f"/cases/{case.pk}").json()["files"]) == 1


def test_the_fields_and_forms_are_listed_in_order(api, editor_a):
    fields = api.as_(editor_a).get("/fields").json()
    assert fields[0] == {"code": "kinh-te", "name": "Kinh tế", "order": 1, "active": True}
    forms = {f["code"]: f for f in api.get("/forms").json()}
    assert forms["bieu-duong"]["needs_decision"] is False
    assert forms["giay-khen"]["rank"] < forms["huan-chuong"]["rank"]


def test_the_statistics_restated_on_the_merged_tree(api, merged):
    """A case of an old Bắc Kạn commune of 2023 counts under Bắc Kạn as the hierarchy stood,
    and under Thái Nguyên and today's commune restated."""
    made = api.as_(merged["editor"]).post(
        "/cases", nomination(merged["a"], name="Chuyến xe không đồng", year=2023)
    )
    assert made.status_code == 201, made.content
    case = made.json()["id"]
    api.as_(merged["reviewer"])
    assert api.post(f"/cases/{case}/verify", {}).status_code == 200
    given = api.post(
        f"/cases/{case}/commendations",
        {
            "form": "giay-khen",
            "level": "district",
            "issuer_name": "Ban Thường vụ Huyện ủy Ba Bể",
            "decision": "12-QĐ/HU",
            "decided_on": "2023-11-20",
        },
    )
    assert given.status_code == 201, given.content
    years = {"from": "2021", "to": "2024"}

    def total(**query):
        return api.get("/stats", **years, **query).json()["total"]["cases"]

    assert total(unit="T06") == 1  # Bắc Kạn, as it stood in 2023
    assert total(unit="T19") == 0  # Thái Nguyên did not hold it then
    restated = api.get("/stats", unit="T19", by="unit", restated="true", **years).json()
    assert [(r["key"], r["cases"]) for r in restated["rows"]] == [("X-N", 1)]
    assert restated["as_of"] == timezone.localdate().isoformat()
    assert total(unit="T06", restated="true", as_of="2025-06-30") == 1
    assert total(unit="T06", restated="true") == 0  # Bắc Kạn holds nothing today
    assert api.get("/stats", unit="T19", **{"from": "2024", "to": "2021"}).status_code == 400
    assert api.get("/stats", unit="T19", field="khong-co").json()["field"] == "field"
    assert api.get("/stats", unit="T19", **{"from": "1900"}).status_code == 422


def test_a_malformed_request_is_refused(api, commune_a, editor_a):
    case = nominate(commune_a, editor_a)
    api.as_(editor_a)
    assert api.get(f"/cases/{2**80}").status_code == 422
    assert api.post(f"/cases/{case.pk}/publish", [True]).status_code == 422
    assert api.post("/cases", nomination(commune_a, year=1900)).status_code == 422
    assert api.post("/cases", nomination(commune_a, movement=2**80)).status_code == 422
    assert api.get("/cases", status="khong-co").status_code == 422
    assert Case.objects.count() == 1
