"""The world the attack tests (test_attack_*.py) work in."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.accounts.services import issue_api_token
from lamtheo.documents import services as documents
from lamtheo.files.services import attach
from lamtheo.honours.models import Case
from lamtheo.honours.tests.records import make_records as honours_records
from lamtheo.org import services
from lamtheo.org.models import Membership
from lamtheo.oversight.tests.records import make_records as oversight_records
from lamtheo.oversight.tests.steps import evaluation_at
from lamtheo.plans.models import Indicator
from lamtheo.plans.tests.records import make_records
from lamtheo.reporting.tests.records import make_records as reporting_records
from lamtheo.reporting.tests.records import submission_at


@pytest.fixture
def world(
    province,
    commune_a,
    commune_b,
    provincial_admin,
    editor_a,
    editor_b,
    admin_a,
    superuser,
    settings,
    tmp_path,
):
    """The personas, an API token, a group, and an older commune merged into commune A on
    01/07/2025, so that lineage, successors and history pages have something to show."""
    old = services.create_unit(
        code="X08-C",
        name="Đảng ủy xã Nà Tấu",
        kind="commune",
        valid_from=date(2008, 8, 1),
        parent=province,
    )
    services.merge_units(sources=[old], into=commune_a, on=date(2025, 7, 1), note="NQ 1661")
    _, token = issue_api_token(user=provincial_admin, name="attack tests")
    Group.objects.create(name="Văn phòng")  # so that the admin's group pages have a record
    membership = Membership.objects.get(user=editor_a)
    settings.MEDIA_ROOT = tmp_path / "media"
    attachment, _ = attach(
        unit=commune_a,
        upload=SimpleUploadedFile("Nghị quyết.pdf", b"%PDF-1.4\n%%EOF\n"),
        user=editor_a,
    )
    # A document of commune A, internal (so that commune B may not see it), linked to another.
    plan = documents.create_document(
        draft=documents.Draft(
            unit=commune_a,
            kind="party:nghi-quyet",
            symbol="01-NQ/ĐU",
            issued_on=date(2025, 7, 15),
            title="Nghị quyết về nhiệm vụ 6 tháng cuối năm 2025",
            body="Thực hiện Kết luận số 01-KL/TW của Bộ Chính trị.",
        ),
        by=editor_a,
    )
    report = documents.create_document(
        draft=documents.Draft(
            unit=commune_a,
            kind="party:bao-cao",
            symbol="02-BC/ĐU",
            issued_on=date(2025, 8, 1),
            title="Báo cáo kết quả tháng 7/2025",
            relations=[("reports_on", plan)],
        ),
        by=editor_a,
    )
    relation = report.relations_out.get()
    indicator = Indicator.objects.create(code="ho-ngheo-xa-a", name="Số hộ nghèo", unit=commune_a)
    plans = make_records(commune_a, editor_a)
    cell = plans.pop("cell")
    honours = honours_records(commune_a, editor_a)
    reporting = reporting_records(commune_a, editor_a, cell)
    oversight = oversight_records(commune_a, editor_a, cell)

    def case_at(status: str) -> dict:
        """The honours case put back to `status`; the version its edit then names."""
        Case.objects.filter(pk=honours["case"]).update(status=status)
        return {"version": Case.objects.get(pk=honours["case"]).version}

    return SimpleNamespace(
        province=province,
        commune_a=commune_a,
        old_commune=old,
        provincial_admin=provincial_admin,
        editor_a=editor_a,
        superuser=superuser,
        token=token,
        # A value for every URL parameter of the project's pages: a record of commune A.
        # A new area whose routes take another parameter adds it here.
        params={
            "code": commune_a.code,
            "pk": membership.pk,
            "uid": str(attachment.uid),
            "id": report.pk,
            "rel": relation.pk,
            "indicator": indicator.code,
            **plans,
            **honours,
            **reporting,
            **oversight,
        },
        # The records the admin's pages show (the first of each model otherwise): the same.
        records={
            "org.orgunit": commune_a.pk,
            "org.membership": membership.pk,
            "files.attachment": attachment.pk,
            "documents.document": report.pk,
            "documents.relation": relation.pk,
            "oversight.programme": oversight["inspection_programme"],
            "oversight.inspection": oversight["inspection"],
            "oversight.recommendation": oversight["recommendation"],
            "oversight.criteriaset": oversight["criteria_set"],
            "oversight.round": oversight["evaluation_round"],
            "oversight.evaluation": oversight["evaluation"],
        },
        # And for the path parameters of the JSON API.
        api_params={
            "code": commune_a.code,
            "uid": str(attachment.uid),
            "id": report.pk,
            "indicator": indicator.code,
            **plans,
            "case": honours["case"],
            "movement": honours["movement"],
            **{k: v for k, v in reporting.items() if k != "kind"},
            **oversight,
        },
        # Body fields of API writes that name a record or must keep a structure (the XSS test
        # puts its payload in every other text field).
        api_values={
            "unit": commune_a.code,
            "kind": "ke-hoach",
            "symbol": "",
            "term": "",
            "units": [cell.code],
            "partners": [],
            "period": "2027",  # a year the world's records do not hold yet
            "action": "report",
            "status": "in_progress",
            "rule": "one",
            "document": "",
            "implements": "",
            "theme": None,
            "rating": "good",
            "self_rating": "",
            "code": "chi-tieu-xss",
            "measure": "%",
            "weight": "",
            "baseline_period": "",
            "focus": None,
            "parent": None,
            "version": None,
            "template": reporting["template"],  # a report request's template, by id
            "field": "an-sinh",
            "year": 2025,  # a year commune A existed in (from 01/07/2025)
            "form": "giay-khen",
            "level": "commune",
            "decision": "Quyết định số 123-QĐ/TU",
            "issuer": None,
            "honoree_unit": None,
            "movement": None,
            "programme": None,
            "targets": [cell.code],  # the units an inspection inspects
            "owner": cell.code,  # a recommendation's: one the inspection inspects
            "criteria_set": oversight["criteria_set"],  # a round's, by id
            "scale": None,  # a round's: the default one
        },
        # API writes whose record must first be in another state (the honours case is
        # verified): each puts it there and gives the body values the write then takes.
        api_before={
            ("/api/v1/honours/cases/{case}", "PUT"): lambda: case_at("proposed"),
            ("/api/v1/honours/cases/{case}/verify", "POST"): lambda: case_at("proposed"),
            ("/api/v1/honours/cases/{case}/replications", "POST"): lambda: case_at("commended"),
            **{
                (f"/api/v1/reporting/submissions/{{submission}}{step}", method): (
                    lambda status=status: submission_at(reporting["submission"], status)
                )
                for step, method, status in (
                    ("", "PUT", "draft"),
                    ("/submit", "POST", "draft"),
                    ("/return", "POST", "submitted"),
                    ("/accept", "POST", "submitted"),
                    ("/amend", "POST", "accepted"),
                )
            },
            # Oversight: bodies whose free text would be a wrong number, an outline to keep,
            # and the records' evaluation sheet (a draft) put where a write starts from.
            ("/api/v1/oversight/inspections", "POST"): lambda: {"decision": ""},
            ("/api/v1/oversight/inspections/{inspection}", "PUT"): lambda: {"decision": ""},
            ("/api/v1/oversight/inspections/{inspection}/conclusion", "PUT"): (
                lambda: {"number": "", "authority": "T/M BAN THƯỜNG VỤ"}  # at most 60 characters
            ),
            **{
                (path, method): lambda: {
                    "criteria": [{"code": "1", "title": "Tiêu chí", "max_points": 100}]
                }
                for path, method in (
                    ("/api/v1/oversight/criteria-sets", "POST"),
                    ("/api/v1/oversight/criteria-sets/{criteria_set}", "PUT"),
                )
            },
            ("/api/v1/oversight/evaluations/{evaluation}/self-scores", "PUT"): (
                lambda: evaluation_at(oversight["evaluation"], "draft")
            ),
            ("/api/v1/oversight/evaluations/{evaluation}/review", "PUT"): (
                lambda: evaluation_at(oversight["evaluation"], "submitted")
            ),
            ("/api/v1/oversight/evaluations/{evaluation}/steps", "POST"): (
                lambda: evaluation_at(oversight["evaluation"], "submitted") | {"action": "accept"}
            ),
        },
    )
