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


def test_the_demo_registers_what_the_founding_texts_cite_with_their_links(client, db):
    from datetime import date

    from lamtheo.documents import selectors
    from lamtheo.documents.models import Document

    _load()
    cited = {
        ("05-CT/TW", date(2016, 5, 15), "Ban Chấp hành Trung ương Đảng"),
        ("01-KL/TW", date(2021, 5, 18), "Ban Chấp hành Trung ương Đảng"),
        ("21-KL/TW", date(2021, 10, 25), "Ban Chấp hành Trung ương Đảng"),
        ("144-QĐ/TW", date(2024, 5, 9), "Ban Chấp hành Trung ương Đảng"),
        ("129-KH/TU", date(2022, 12, 2), "Tỉnh ủy Hà Tĩnh"),
        ("499-BC/TU", date(2024, 5, 16), "Tỉnh ủy Bắc Kạn"),
    }
    registered = set(Document.objects.values_list("symbol", "issued_on", "unit__name"))
    assert cited <= registered
    admin = User.objects.get(username="admin")
    kl01 = Document.objects.get(symbol="01-KL/TW")
    above, below = selectors.chain(kl01, admin)
    assert [d.symbol for d in above] == ["05-CT/TW"]
    plan = next(n for n in below if n.document.symbol == "129-KH/TU")
    assert {n.document.unit.name for n in plan.children} == {
        "Huyện ủy Cẩm Xuyên",
        "Huyện ủy Hương Khê",
    }
    report = Document.objects.get(symbol="499-BC/TU")
    assert report.relations_out.get().target == kl01
    assert report.relations_out.get().kind == "reports_on"
    # The demo sign-in of Ba Bể sees the province's plans above it, not Hà Tĩnh's.
    babe = User.objects.get(username="babe")
    seen = set(Document.objects.visible_to(babe).values_list("symbol", flat=True))
    assert {"01-KL/TW", "57-KH/TU", "32-KH/HU", "499-BC/TU"} <= seen
    assert "129-KH/TU" not in seen
