"""The generic route test: every page answers a wrong method with 405 and an anonymous visitor
with a sign-in redirect (401 on the API), never a 500. Areas add their routes; this test walks
them all. Record-level access (commune B cannot see A's records) joins here with the org area."""

import re

import pytest

from lamtheo.api import api
from lamtheo.web import allowed_methods

from .routes import all_routes

# Reachable without signing in: the sign-in steps (the two-factor ones send a visitor who has
# not passed the password step back to /dang-nhap/; accounts/tests/test_two_factor.py).
PUBLIC = {
    "/dang-nhap/",
    "/dang-nhap/xac-thuc/",
    "/dang-nhap/thiet-lap-xac-thuc/",
    "/healthz",
    "/ngon-ngu/",
    # The public page of published exemplary cases (honours).
    "/cong-khai/dien-hinh/",
    "/cong-khai/dien-hinh/1/",
    "/cong-khai/dien-hinh/1/anh/00000000-0000-0000-0000-000000000001/",
}
ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]

ROUTES = [r for r in all_routes() if not r.path.startswith(("/api/", "/quan-tri/", "/static/"))]
ADMIN_ROUTES = [r for r in all_routes() if r.path.startswith("/quan-tri/")]


def test_the_walk_finds_the_project_pages():
    paths = {r.path for r in ROUTES}
    assert {"/", "/dang-nhap/", "/dang-xuat/", "/healthz", "/ngon-ngu/"} <= paths


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.path)
def test_every_page_declares_its_methods(route):
    assert allowed_methods(route.callback), f"{route.path}: decorate the view with @methods(...)"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.path)
def test_a_wrong_method_gets_405_signed_in_or_not(route, client, editor_a):
    allowed = allowed_methods(route.callback)
    wrong = [m for m in ALL_METHODS if m not in allowed]
    assert wrong
    for signed_in in (False, True):
        if signed_in:
            client.force_login(editor_a)
        for method in wrong:
            response = client.generic(method, route.path)
            assert response.status_code == 405, (method, route.path, signed_in)
            assert set(response["Allow"].split(", ")) == set(allowed)


@pytest.mark.parametrize("route", [r for r in ROUTES if r.path not in PUBLIC], ids=lambda r: r.path)
def test_an_anonymous_visitor_is_redirected_to_sign_in(route, client, db):
    for method in allowed_methods(route.callback):
        if method in ("HEAD", "OPTIONS"):
            continue
        response = client.generic(method, route.path)
        assert response.status_code == 302, (method, route.path)
        assert response["Location"].startswith("/dang-nhap/?next="), (method, route.path)


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=lambda r: r.path)
def test_the_admin_sends_anonymous_visitors_to_sign_in(route, client, db):
    response = client.get(route.path, follow=True)
    assert response.redirect_chain, route.path
    assert response.redirect_chain[-1][0].startswith("/dang-nhap/"), route.path
    assert response.status_code == 200


def test_a_signed_in_user_who_may_not_use_the_admin_is_refused_not_sent_round(client, editor_a):
    """The admin sends them to sign in, and the sign-in page sent them back: a redirect loop."""
    client.force_login(editor_a)
    response = client.get("/quan-tri/", follow=True)
    assert response.status_code == 403
    assert [url for url, _ in response.redirect_chain] == ["/quan-tri/login/?next=/quan-tri/"]


def _api_operations():
    """Each operation at a path its parameters fit: a record id is a whole number, any other
    parameter its own name (no record needs to exist: 401 and 405 come first)."""
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            types = {
                p["name"]: p["schema"].get("type")
                for p in operation.get("parameters", [])
                if p["in"] == "path"
            }
            filled = re.sub(
                r"{(\w+)}", lambda m, types=types: "1" if types[m[1]] == "integer" else m[1], path
            )
            declared = {m.upper() for m in operations}
            yield filled, method.upper(), operation, declared


API_OPERATIONS = list(_api_operations())


def test_the_api_describes_at_least_one_operation():
    assert API_OPERATIONS


@pytest.mark.parametrize(
    ("path", "method", "operation", "declared"),
    API_OPERATIONS,
    ids=[f"{m} {p}" for p, m, *_ in API_OPERATIONS],
)
def test_every_api_operation_answers_401_without_credentials(
    path, method, operation, declared, client, db
):
    assert operation.get("security"), f"{method} {path} must require authentication"
    response = client.generic(method, path, content_type="application/json", data="{}")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.parametrize(
    ("path", "method", "operation", "declared"),
    API_OPERATIONS,
    ids=[f"{m} {p}" for p, m, *_ in API_OPERATIONS],
)
def test_every_api_operation_answers_405_to_a_wrong_method(
    path, method, operation, declared, client, db
):
    for wrong in [m for m in ALL_METHODS if m not in declared]:
        assert client.generic(wrong, path).status_code == 405, (wrong, path)


def test_the_openapi_description_is_served(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "lamtheo API"
    assert client.post("/api/v1/openapi.json").status_code == 405
