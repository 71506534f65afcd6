"""Cross-site request forgery: with the token check a browser gets (`enforce_csrf_checks`), every
request that could change something - each unsafe method of every page, the sign-in, sign-out and
language switch and the admin included - is refused without the CSRF token and changes nothing,
signed in or not. The JSON API needs the token too when the browser's session authenticates it;
a bearer token, which a forged cross-site request cannot carry, needs none.

Generic: the routes and their methods come from the URL patterns (routes.py, `allowed_methods`)
and the API operations from its OpenAPI description.
"""

from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import path
from ninja import NinjaAPI

from lamtheo.accounts.api import API_AUTH
from lamtheo.api import api
from lamtheo.audit.models import Entry
from lamtheo.conftest import PASSWORD

from .attack import UNSAFE, fill, fill_api, methods_of, page_routes

PAGE_CASES = [
    (route, method) for route in page_routes() for method in methods_of(route) if method in UNSAFE
]
API_CASES = [
    (path_, method.upper())
    for path_, operations in api.get_openapi_schema()["paths"].items()
    for method in operations
    if method.upper() in UNSAFE
]
FORM = "application/x-www-form-urlencoded"


def _form_data(world) -> str:
    """What a forged form would send: enough for any of these routes to write if it obeyed."""
    return urlencode(
        {
            "username": world.superuser.username,
            "password": PASSWORD,
            "role": "admin",
            "valid_from": "01/07/2025",
            "language": "en",
            "next": "/",
            "name": "giả mạo",
            "post": "yes",  # the admin's delete confirmation
        }
    )


def _state() -> dict:
    """Every row of every table, sessions included (the append-only trail: count, last row)."""
    return {
        model._meta.label: (
            # The trail is append-only (its rows cannot change or go): what it holds is told by
            # how many rows and the last one. Read whole, the thousands of entries other tests'
            # module fixtures leave (load-admin-units) made this test take minutes.
            (model._base_manager.count(), model._base_manager.order_by("-pk").values_list().first())
            if model is Entry
            else sorted(map(repr, model._base_manager.values_list()))
        )
        for model in apps.get_models()
    }


def _refused_for_csrf(response) -> bool:
    return response.status_code == 403 and "403_csrf.html" in [t.name for t in response.templates]


def _client(user, *, token: bool = False, **extra) -> Client:
    client = Client(enforce_csrf_checks=True, **extra)
    if user is not None:
        client.force_login(user)
    if token:
        secret = _get_new_csrf_string()
        client.cookies[settings.CSRF_COOKIE_NAME] = secret
        client.defaults["HTTP_X_CSRFTOKEN"] = secret
    return client


def test_the_pages_take_unsafe_methods():
    paths = {route.path for route, _ in PAGE_CASES}
    assert {"/dang-nhap/", "/dang-xuat/", "/ngon-ngu/", "/quan-tri/auth/group/add/"} <= paths


def _csrf_problems(route, method, world) -> list[str]:
    url = fill(route, world)
    where = f"{method} {url}"
    problems = []
    for user in (world.superuser, None):
        client = _client(user)
        before = _state()
        response = client.generic(method, url, _form_data(world), content_type=FORM)
        if not _refused_for_csrf(response):
            problems.append(f"{where} as {user}: {response.status_code}, not the CSRF refusal")
        if response.cookies:
            problems.append(f"{where} as {user} set cookies {list(response.cookies)}")
        if _state() != before:
            problems.append(f"{where} as {user} changed the database")
    # The control: with the token the same request gets past the check (and what it then
    # writes is rolled back, so that every route meets the same world).
    with transaction.atomic():
        response = _client(world.superuser, token=True).generic(
            method, url, _form_data(world), content_type=FORM
        )
        transaction.set_rollback(True)
    if _refused_for_csrf(response):
        problems.append(f"{where} with the token: refused all the same, the test proves nothing")
    return problems


def test_an_unsafe_request_without_the_csrf_token_is_refused(world):
    """One test for all routes (the world is built once); it lists every route that fails."""
    problems = [p for route, method in PAGE_CASES for p in _csrf_problems(route, method, world)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("path_", "method"), API_CASES, ids=[f"{m} {p}" for p, m in API_CASES])
def test_an_unsafe_api_call_on_the_session_needs_the_csrf_token(path_, method, world):
    url = fill_api(path_, world)
    client = _client(world.superuser)  # signing in is itself a change: before the snapshot
    before = _state()
    response = client.generic(method, url)
    assert response.status_code == 403, (method, url, response.content[:200])
    assert response.json() == {"detail": "CSRF check Failed"}
    assert _state() == before
    bearer = _client(None, HTTP_AUTHORIZATION=f"Bearer {world.token}").generic(method, url)
    assert bearer.status_code != 403, (method, url)


# The same authentication on a test-only write, so that the rule is proved before the API has a
# write of its own: mounted at /api/csrf-probe/ by the `urls` marker below.
probe = NinjaAPI(urls_namespace="csrf-probe", auth=API_AUTH, docs_url=None)


@probe.post("/write")
def _write(request):
    Group.objects.create(name=f"ghi qua API {Group.objects.count()}")
    return {"ok": True}


urlpatterns = [path("api/csrf-probe/", probe.urls)]


@pytest.mark.urls(__name__)
def test_the_api_session_needs_the_csrf_token_and_a_bearer_token_does_not(world):
    url = "/api/csrf-probe/write"
    refused = _client(world.superuser).post(url)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "CSRF check Failed"}
    assert not Group.objects.filter(name__startswith="ghi qua API").exists()

    assert _client(world.superuser, token=True).post(url).status_code == 200
    bearer = _client(None, HTTP_AUTHORIZATION=f"Bearer {world.token}").post(url)
    assert bearer.status_code == 200
    assert _client(None).post(url).status_code in (401, 403)
    assert Group.objects.filter(name__startswith="ghi qua API").count() == 2
