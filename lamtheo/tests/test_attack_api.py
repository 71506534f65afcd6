"""Schemathesis against the JSON API, in process (the WSGI application, the test database):
for every operation of /api/v1/openapi.json, generated requests - valid ones and, in its negative
phase, invalid ones - never get a 5xx, and every answer is one the description documents (status
code, content type, body schema). Its checks also send each request without the token (it must
be refused) and with methods the path does not take (405).

Generic: the operations come from the description, so new routes are fuzzed as they land. Path
parameters get real records (RECORDS) half of the time, so the answers with data are checked
too, not only the 404 of a made-up key; an operation whose path takes a parameter RECORDS does
not know fails loudly. Examples are capped and derandomized: the same requests on every run.
"""

import uuid

import jsonschema_rs
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from lamtheo.api import api
from lamtheo.documents.models import Document
from lamtheo.files.models import Attachment
from lamtheo.honours.models import Case, Movement
from lamtheo.org.models import OrgUnit
from lamtheo.oversight import models as oversight
from lamtheo.plans.models import (
    Cascade,
    CascadeItem,
    Commitment,
    Indicator,
    Programme,
    Task,
    Theme,
)
from lamtheo.reporting.models import Rendering, Request, Submission, Template
from lamtheo.wsgi import application

SCHEMA = api.get_openapi_schema()
schema = schemathesis.openapi.from_dict(SCHEMA)
schema.app = application

# Real values for each path parameter of the API, read when the examples are generated.
RECORDS = {
    "code": lambda: sorted(OrgUnit.objects.values_list("code", flat=True)),
    "id": lambda: sorted(Document.objects.values_list("pk", flat=True)) or [1],
    "indicator": lambda: sorted(Indicator.objects.values_list("code", flat=True)) or ["x"],
    "theme": lambda: sorted(Theme.objects.values_list("pk", flat=True)) or [1],
    "programme": lambda: sorted(Programme.objects.values_list("pk", flat=True)) or [1],
    "inspection_programme": lambda: (
        sorted(oversight.Programme.objects.values_list("pk", flat=True)) or [1]
    ),
    "task": lambda: sorted(Task.objects.values_list("pk", flat=True)) or [1],
    "cascade": lambda: sorted(Cascade.objects.values_list("pk", flat=True)) or [1],
    "item": lambda: sorted(CascadeItem.objects.values_list("pk", flat=True)) or [1],
    "commitment": lambda: sorted(Commitment.objects.values_list("pk", flat=True)) or [1],
    "case": lambda: sorted(Case.objects.values_list("pk", flat=True)) or [1],
    "movement": lambda: sorted(Movement.objects.values_list("pk", flat=True)) or [1],
    "template": lambda: sorted(Template.objects.values_list("pk", flat=True)) or [1],
    "report_request": lambda: sorted(Request.objects.values_list("pk", flat=True)) or [1],
    "submission": lambda: sorted(Submission.objects.values_list("pk", flat=True)) or [1],
    "rendering": lambda: sorted(Rendering.objects.values_list("pk", flat=True)) or [1],
    "inspection": lambda: sorted(oversight.Inspection.objects.values_list("pk", flat=True)) or [1],
    "recommendation": lambda: (
        sorted(oversight.Recommendation.objects.values_list("pk", flat=True)) or [1]
    ),
    "criteria_set": lambda: (
        sorted(oversight.CriteriaSet.objects.values_list("pk", flat=True)) or [1]
    ),
    "evaluation_round": lambda: sorted(oversight.Round.objects.values_list("pk", flat=True)) or [1],
    "evaluation": lambda: sorted(oversight.Evaluation.objects.values_list("pk", flat=True)) or [1],
    "uid": lambda: (
        [str(u) for u in Attachment.objects.values_list("uid", flat=True)]
        or [str(uuid.UUID(int=1))]
    ),
}
PATH_PARAMETERS = {
    parameter["name"]
    for operations in api.get_openapi_schema()["paths"].values()
    for operation in operations.values()
    for parameter in operation.get("parameters", [])
    if parameter["in"] == "path"
}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    if not path_parameters:
        return st.just(path_parameters)
    strategies = {}
    for name, generated in path_parameters.items():
        assert name in RECORDS, f"path parameter {name!r}: add its records to RECORDS"
        if _fits(context.operation, name, generated):
            strategies[name] = st.sampled_from(RECORDS[name]()) | st.just(generated)
        else:
            # Negative data (1.5 for an id): a real record in its place would turn it into a
            # valid request that schemathesis still expects to be refused.
            strategies[name] = st.just(generated)
    return st.fixed_dictionaries(strategies)


def _fits(operation, name, value) -> bool:
    described = SCHEMA["paths"][operation.path][operation.method.lower()]["parameters"]
    [parameter] = [p for p in described if p["in"] == "path" and p["name"] == name]
    return jsonschema_rs.validator_for(parameter["schema"]).is_valid(value)


@pytest.fixture
def in_process(settings, tmp_path):
    """Requests through the WSGI application inside the test's transaction. Django's own test
    client does the same: no closing of the connection at the end of each request."""
    settings.ALLOWED_HOSTS = ["localhost"]  # the host schemathesis's WSGI client sends
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads, when an operation takes them
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_path_parameter_has_records():
    assert PATH_PARAMETERS
    assert not PATH_PARAMETERS - set(RECORDS), "add these path parameters' records to RECORDS"


@schema.parametrize()
@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    # One world per operation, shared by its examples: they read, or add records of their own.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_the_api_keeps_to_its_description(case, world, in_process):
    # Some requests are checked beyond their schema: an uploaded file's content ("any bytes"),
    # a document's number against its kind and unit. A schema-valid request of random values is
    # rightly refused there with the 400 the operation documents, so that one check is not
    # applied to operations that document a 400.
    responses = case.operation.definition.raw.get("responses", {})
    beyond_schema = 400 in responses or "400" in responses
    case.call_and_validate(
        headers={"Authorization": f"Bearer {world.token}"},
        excluded_checks=[positive_data_acceptance] if beyond_schema else None,
    )


# What schemathesis found, pinned down.


def test_the_description_lists_the_errors_ninja_answers_with():
    operation = api.get_openapi_schema()["paths"]["/api/v1/org-units/{code}"]["get"]
    assert {200, 401, 404, 422} <= set(operation["responses"])


@pytest.mark.parametrize(
    "query",
    [
        {"as_of": "0"},  # was read as a Unix time: 01/01/1970
        {"as_of": "2025-07-01T00:00:00"},
        {"limit": str(2**64)},  # reached the database: a 500
        {"offset": str(2**64)},
        {"limit": "1001"},
    ],
)
def test_a_malformed_parameter_is_refused(query, client, world):
    response = client.get("/api/v1/org-units", query, HTTP_AUTHORIZATION=f"Bearer {world.token}")
    assert response.status_code == 422, response.content


def test_the_largest_page_and_offset_are_answered(client, world):
    response = client.get(
        "/api/v1/org-units",
        {"limit": "1000", "offset": str(10**9), "as_of": "2025-07-01"},
        HTTP_AUTHORIZATION=f"Bearer {world.token}",
    )
    assert response.status_code == 200
    # the province, communes A and B and the cell of A; X08-C ended that day
    assert response.json() == {"items": [], "count": 4}
