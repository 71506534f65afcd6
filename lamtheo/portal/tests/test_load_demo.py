from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lamtheo.accounts.models import User
from lamtheo.org.models import OrgUnit
from lamtheo.portal import demo


def _load(*args) -> str:
    out = StringIO()
    call_command("load-demo", *args, stdout=out)
    return out.getvalue()


def test_an_empty_database_gets_the_demo_and_the_sign_in_is_printed(client, db):
    output = _load("--if-empty")
    assert f"admin / {demo.DEMO_PASSWORD}" in output
    assert client.login(username="admin", password=demo.DEMO_PASSWORD)
    assert client.get("/").status_code == 200
    names = set(OrgUnit.objects.filter(kind="province").values_list("name", flat=True))
    assert {
        "Tỉnh ủy Bắc Kạn",
        "Tỉnh ủy Thái Nguyên",
        "Tỉnh ủy Điện Biên",
        "Tỉnh ủy Hà Tĩnh",
    } <= names


def test_a_database_with_users_is_left_alone(editor_a):
    output = _load("--if-empty")
    assert "giữ nguyên" in output
    assert not User.objects.filter(username="admin").exists()
    with pytest.raises(CommandError, match="not empty"):
        _load()
