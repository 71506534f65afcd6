"""The world the attack tests (test_attack_*.py) work in."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.accounts.services import issue_api_token
from lamtheo.files.services import attach
from lamtheo.org import services
from lamtheo.org.models import Membership


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
        params={"code": commune_a.code, "pk": membership.pk, "uid": str(attachment.uid)},
        # The records the admin's pages show (the first of each model otherwise): the same.
        records={
            "org.orgunit": commune_a.pk,
            "org.membership": membership.pk,
            "files.attachment": attachment.pk,
        },
        # And for the path parameters of the JSON API.
        api_params={"code": commune_a.code, "uid": str(attachment.uid)},
    )
