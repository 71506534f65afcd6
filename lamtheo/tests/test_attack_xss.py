"""Cross-site scripting: whatever text reaches the application - in a query string, a form, an
API write or a stored record - comes back escaped on every page.

Generic: the routes come from the URL patterns (routes.py), the forms and their fields from the
pages themselves, the API writes from the OpenAPI description and the stored text from the
models, so what later areas add is attacked too. See attack.py for the payloads and the check.
"""

import json
import re
import uuid
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from lamtheo.api import api, bad_request, page_not_found, permission_denied, server_error
from lamtheo.org.models import OrgUnit

from .attack import (
    JS_URL,
    MARKUP,
    PAYLOADS,
    SHORT,
    UNSAFE,
    assert_escaped,
    fill,
    fill_api,
    forms_of,
    get_routes,
    is_admin,
)

GET_ROUTES = get_routes()
PROJECT_GET_ROUTES = [r for r in GET_ROUTES if not is_admin(r)]
SCHEMA = api.get_openapi_schema()
API_WRITES = [
    (path, method.upper(), operation)
    for path, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
    if method.upper() in UNSAFE
]
API_READS = [
    (path, operation)
    for path, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
    if method == "get"
]
SIGN_IN = reverse("accounts:login")
# Records nothing may change: the audit trail is append-only (its entries still get the
# payloads, as the recorded names and values of the planted changes).
UNCHANGEABLE = {"audit.entry", "audit.chainhead"}


def _personas(world):
    """Who looks at the pages: no one, a unit admin, and the superuser (the admin's pages)."""
    return [
        (None, PROJECT_GET_ROUTES),
        (world.provincial_admin, PROJECT_GET_ROUTES),
        (world.superuser, GET_ROUTES),
    ]


def _sign_in(client, user) -> None:
    """As `user` as the database has them now (a form may have changed their password)."""
    client.logout()
    if user is not None:
        client.force_login(type(user).objects.get(pk=user.pk))


def _crawl(client, world, where: str) -> int:
    """Every page as each persona, checked; the number of pages showing an escaped payload."""
    showing = 0
    for user, routes in _personas(world):
        _sign_in(client, user)
        for route in routes:
            url = fill(route, world)
            response = client.get(url, follow=True)
            assert_escaped(response, f"{where}: GET {url} as {user}")
            if user is not None:
                assert SIGN_IN not in [u.split("?")[0] for u, _ in response.redirect_chain], (
                    f"{where}: GET {url} as {user} was sent to sign in: the crawl saw nothing"
                )
            if not response.streaming:  # a file download: not a page
                showing += escape(MARKUP) in response.content.decode(errors="replace")
    return showing


def _query_names(html: str) -> set[str]:
    """The parameters the page's own forms send, and the usual suspects."""
    names = {"next", "q"}
    for form in forms_of(html):
        names.update(f.name for f in form.fields if f.name != "csrfmiddlewaretoken")
    return names


def test_every_page_escapes_its_query_string(client, world):
    """Each page gets the payloads in every parameter its forms send: signed in as the
    superuser, who reaches every page, and signed out on the pages that answer signed out."""
    for user in (world.superuser, None):
        _sign_in(client, user)
        for route in GET_ROUTES:
            url = fill(route, world)
            page = client.get(url)
            assert_escaped(page, f"GET {url} as {user}")
            if page.status_code != 200 or "html" not in page["Content-Type"]:
                continue
            names = sorted(_query_names(page.content.decode()))
            for payload in PAYLOADS:
                response = client.get(url, dict.fromkeys(names, payload), follow=True)
                assert_escaped(response, f"GET {url}?{names}={payload!r} as {user}")


def test_every_form_shows_what_it_was_sent_escaped_everywhere(client, world):
    """Every POST form with text fields, on every page, gets the payloads - in every text field,
    then only where free text goes so that the form can succeed and store them - and the answer,
    the page it leads to and then every page show them escaped."""
    sent = set()
    for user, routes in _personas(world):
        for route in routes:
            _sign_in(client, user)
            url = fill(route, world)
            page = client.get(url)
            if page.status_code != 200 or "html" not in page["Content-Type"]:
                continue
            for form in forms_of(page.content.decode()):
                action = form.action or url
                key = (user, action, tuple(f.name for f in form.fields))
                if form.method != "post" or not form.text_fields or key in sent:
                    continue
                sent.add(key)
                # MARKUP last: what the forms store is what the crawl then looks for.
                for payload, keep_valid in ((MARKUP, False), (JS_URL, True), (MARKUP, True)):
                    _sign_in(client, user)  # a form may have signed us out
                    response = client.post(
                        action, form.data(payload, keep_valid=keep_valid), follow=True
                    )
                    assert_escaped(response, f"POST {action} from {url} as {user}")
    assert {user for user, *_ in sent} == {None, world.provincial_admin, world.superuser}
    assert _crawl(client, world, "after the forms")


def _plant(value_for) -> int:
    """Put a payload into every free-text field of every record of the project's models."""
    planted = 0
    for model in apps.get_models():
        meta = model._meta
        if not meta.app_config.name.startswith("lamtheo.") or meta.label_lower in UNCHANGEABLE:
            continue
        # A field of a unique constraint cannot hold the same payload in two rows (a file's
        # idempotency key, once one user uploaded two files).
        constrained = {
            name
            for constraint in meta.constraints
            if isinstance(constraint, models.UniqueConstraint)
            for name in constraint.fields
        }
        text_fields = [
            f
            for f in meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and f.editable
            and not (f.primary_key or f.unique or f.choices or f.name in constrained)
        ]
        for record in model._base_manager.all():
            changed = []
            for f in text_fields:
                value = value_for(f)
                if value is not None:
                    setattr(record, f.attname, value)
                    changed.append(f.attname)
            if changed:
                record.save(update_fields=changed)
                planted += 1
    return planted


def _payload_for(f) -> str | None:
    if isinstance(f, models.URLField):
        return JS_URL
    for payload in (MARKUP, SHORT):
        if f.max_length is None or len(payload) <= f.max_length:
            return payload
    return None


def test_stored_text_is_escaped_on_every_page(client, world):
    assert _plant(_payload_for)
    assert OrgUnit.objects.get(pk=world.commune_a.pk).name == MARKUP
    assert _crawl(client, world, "stored payloads")


# --- The API ------------------------------------------------------------------------------------


def _resolve(schema: dict) -> dict:
    while "$ref" in schema or len(schema.get("allOf", [])) == 1:
        if "allOf" in schema:
            schema = schema["allOf"][0]
            continue
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    for alternative in schema.get("anyOf", []):
        if alternative.get("type") != "null":
            return _resolve(alternative)
    return schema


def _value(schema: dict, name: str, known: dict | None = None):
    """A valid value for the schema, with the payload wherever free text goes (`known` gives
    the values of the fields that name a record or keep a structure)."""
    known = known or {}
    schema = _resolve(schema)
    if name in known and known[name] in schema.get("enum", [known[name]]):
        return known[name]  # a known value the field takes (another area's `kind`: its enum)
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "string":
        if schema.get("format") == "binary":
            return SimpleUploadedFile(MARKUP.replace("/", "") + ".txt", b"lamtheo\n", "text/plain")
        if schema.get("format") == "date":
            return timezone.localdate().isoformat()
        if schema.get("format") == "date-time":
            return timezone.now().isoformat()
        if schema.get("format") == "uuid":
            return str(uuid.uuid4())
        return MARKUP
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    if kind == "object":
        return {key: _value(sub, key, known) for key, sub in schema.get("properties", {}).items()}
    raise AssertionError(f"the API XSS test cannot fill {name!r} of schema {schema}")


@pytest.mark.parametrize(
    ("path", "method", "operation"), API_WRITES, ids=[f"{m} {p}" for p, m, _ in API_WRITES]
)
def test_what_the_api_stores_is_escaped_on_every_page(path, method, operation, client, world):
    url = fill_api(path, world)
    query, headers = {}, {"HTTP_AUTHORIZATION": f"Bearer {world.token}"}
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "query":
            query[parameter["name"]] = _value(parameter["schema"], parameter["name"])
        elif parameter["in"] == "header":
            headers["HTTP_" + parameter["name"].upper().replace("-", "_")] = str(uuid.uuid4())
    if query:
        url += "?" + urlencode(query)
    content = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        body = _value(content["multipart/form-data"]["schema"], path)
        data = encode_multipart(BOUNDARY, body)
        response = client.generic(method, url, data, content_type=MULTIPART_CONTENT, **headers)
    elif "application/json" in content:
        known = world.api_values | world.api_before.get((path, method), dict)()
        body = _value(content["application/json"]["schema"], path, known)
        response = client.generic(
            method, url, json.dumps(body), content_type="application/json", **headers
        )
    else:
        assert not content, f"{method} {path}: the API XSS test cannot send {list(content)}"
        response = client.generic(method, url, **headers)
    assert 200 <= response.status_code < 300, (method, url, response.content[:300])
    _crawl(client, world, f"after {method} {path}")


@pytest.mark.parametrize(("path", "operation"), API_READS, ids=[p for p, _ in API_READS])
def test_the_api_answers_json_never_a_page(path, operation, client, world):
    """Found or not, allowed or not, well asked or not: what the description says (JSON unless
    it documents another type), errors in JSON, and the browser told not to guess otherwise -
    even where no operation matches the path and Django itself answers."""
    url = fill_api(path, world)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {world.token}"}
    found = client.get(url, **bearer)
    assert found.status_code == 200, url
    documented = operation["responses"][200].get("content", {"application/json": {}})
    content_type = found["Content-Type"].split(";")[0]
    assert content_type in documented or "*/*" in documented, (url, found["Content-Type"])
    others = {
        "a payload": client.get(url, {"as_of": MARKUP, "limit": MARKUP}, **bearer),
        "no token": client.get(url),
        "a trailing slash": client.get(url + "/", **bearer),
    }
    if "{" in path:
        for name, value in (("a missing record", "KHONG-CO"), ("a slash", "X25-A%2Fx")):
            others[name] = client.get(re.sub(r"{\w+}", value, path), **bearer)
    assert found["X-Content-Type-Options"] == "nosniff", url
    for name, response in others.items():
        if response.status_code == 200:  # parameters the operation ignores: its own answer
            assert response["Content-Type"] == found["Content-Type"], (url, name)
        else:
            assert response["Content-Type"].split(";")[0] == "application/json", (url, name)
        assert response["X-Content-Type-Options"] == "nosniff", (url, name)


def test_errors_outside_the_api_operations_are_json_under_the_api_prefix(rf):
    """Django's own 400/403/404/500 answers, which no request here can cause on purpose."""
    for handler, status in (
        (bad_request, 400),
        (permission_denied, 403),
        (page_not_found, 404),
        (server_error, 500),
    ):
        args = () if status == 500 else (Exception(),)
        answer = handler(rf.get("/api/v1/org-units"), *args)
        assert answer.status_code == status
        assert answer["Content-Type"].split(";")[0] == "application/json"
        page = handler(rf.get("/to-chuc/"), *args)
        assert page.status_code == status
        assert page["Content-Type"].startswith("text/html")
