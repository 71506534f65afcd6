"""/api/v1/org-units on the Bắc Kạn fixture of test_hierarchy (merged into Thái Nguyên)."""

import pytest

from lamtheo.org.tests.test_hierarchy import tree  # noqa: F401 - the shared fixture


@pytest.fixture
def api(client, superuser):
    client.force_login(superuser)
    return client


def _codes(items):
    return sorted(item["code"] for item in items)


def test_search_is_accent_insensitive(api, tree):  # noqa: F811
    items = api.get("/api/v1/org-units", {"q": "bac kan"}).json()["items"]
    assert _codes(items) == ["TU-06"]
    assert items[0]["name"] == "Tỉnh ủy Bắc Kạn"
    assert set(items[0]) >= {"code", "name", "kind", "valid_from", "valid_to"}


def test_search_filters_by_kind_and_date(api, tree):  # noqa: F811
    items = api.get("/api/v1/org-units", {"kind": "commune", "as_of": "2025-08-01"}).json()
    assert _codes(items["items"]) == ["X-NEW"]
    assert items["count"] == 1


def test_a_unit_with_its_parent_and_validity(api, tree):  # noqa: F811
    body = api.get("/api/v1/org-units/X-1", {"as_of": "2024-01-01"}).json()
    assert body["parent"]["code"] == "HU-BB"
    assert body["valid_to"] == "2025-07-01"
    assert api.get("/api/v1/org-units/X-1").json()["parent"] is None  # ended


def test_children_and_ancestors_as_of(api, tree):  # noqa: F811
    assert _codes(api.get("/api/v1/org-units/HU-BB/children", {"as_of": "2024-01-01"}).json()) == [
        "X-1",
        "X-2",
    ]
    assert api.get("/api/v1/org-units/HU-BB/children", {"as_of": "2025-08-01"}).json() == []
    ancestors = api.get("/api/v1/org-units/X-1/ancestors", {"as_of": "2024-01-01"}).json()
    assert [a["code"] for a in ancestors] == ["HU-BB", "TU-06"]


def test_lineage_and_successors(api, tree):  # noqa: F811
    lineage = api.get("/api/v1/org-units/X-NEW/lineage").json()
    assert sorted(
        (e["kind"], e["predecessor"]["code"], e["effective_on"]) for e in lineage["predecessors"]
    ) == [("merge", "X-1", "2025-07-01"), ("merge", "X-2", "2025-07-01")]
    assert lineage["successors"] == []
    assert _codes(api.get("/api/v1/org-units/HU-BB/successors").json()) == ["TU-19"]


def test_a_bad_date_is_a_422_naming_the_parameter(api, tree):  # noqa: F811
    response = api.get("/api/v1/org-units/X-1/children", {"as_of": "31/02/2024"})
    assert response.status_code == 422
    assert "as_of" in str(response.json()["detail"])
