"""The tree browser, the unit page with its history, and member management."""

from datetime import date

import pytest
from django.utils import timezone

from lamtheo.org import services
from lamtheo.org.models import Membership


@pytest.fixture
def merged(province, commune_a):
    """A district of Điện Biên with two communes, dissolved on 1/7/2025; the communes merged
    into commune A."""
    start = date(2008, 8, 1)
    district = services.create_unit(
        code="H-DBD",
        name="Huyện ủy Điện Biên Đông",
        kind="district",
        valid_from=start,
        parent=province,
    )
    old = [
        services.create_unit(
            code=f"X-{n}",
            name=f"Đảng ủy xã {name}",
            kind="commune",
            valid_from=start,
            parent=district,
        )
        for n, name in ((1, "Luân Giói"), (2, "Mường Luân"))
    ]
    services.merge_units(sources=old, into=commune_a, on=date(2025, 7, 1))
    services.dissolve_unit(unit=district, on=date(2025, 7, 1), heir=province)
    return district


def test_the_unit_page_shows_children_as_of_the_chosen_date(client, provincial_admin, merged):
    client.force_login(provincial_admin)
    html = client.get("/to-chuc/H-DBD/", {"ngay": "01/01/2024"}).content.decode()
    assert "Đơn vị trực thuộc tại ngày 01/01/2024" in html
    assert "Đảng ủy xã Luân Giói" in html
    assert "Tỉnh ủy Điện Biên" in html  # the breadcrumb, as of that date
    html = client.get("/to-chuc/H-DBD/", {"ngay": "01/08/2025"}).content.decode()
    assert "Đơn vị không hoạt động vào ngày này." in html
    assert "Không có đơn vị trực thuộc." in html


def test_the_history_tells_the_dissolution_and_where_the_communes_went(
    client, provincial_admin, merged
):
    client.force_login(provincial_admin)
    html = client.get("/to-chuc/H-DBD/").content.decode()
    assert "Giải thể; dữ liệu chuyển về" in html
    assert "Dữ liệu của đơn vị này nay thuộc:" in html
    history = html[html.index("Lịch sử") :]
    assert "01/07/2025" in history
    assert (
        'Đảng ủy xã Luân Giói</a>, <a href="/to-chuc/X-2/">Đảng ủy xã Mường Luân</a> → '
        '<a href="/to-chuc/X25-A/">Đảng ủy xã Mường Luân</a>'
    ) in history
    html = client.get("/to-chuc/X25-A/").content.decode()
    assert "Sáp nhập từ" in html


def test_a_bad_date_gets_a_message_and_today_is_used(client, provincial_admin, merged):
    client.force_login(provincial_admin)
    html = client.get("/to-chuc/T11/", {"ngay": "31/02/2024"}).content.decode()
    assert "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy." in html
    assert f"tại ngày {timezone.localdate():%d/%m/%Y}" in html


def test_search_is_accent_insensitive_and_shows_my_units(client, provincial_admin, merged):
    client.force_login(provincial_admin)
    html = client.get("/to-chuc/", {"q": "dien bien dong", "ngay": "01/01/2024"}).content.decode()
    assert "Huyện ủy Điện Biên Đông" in html
    mine = html[html.index("Đơn vị của tôi") :]
    assert "Tỉnh ủy Điện Biên" in mine


def test_an_admin_grants_and_ends_a_role(client, provincial_admin, editor_b, commune_a):
    client.force_login(provincial_admin)
    response = client.post(
        "/to-chuc/X25-A/thanh-vien/",
        {"username": "xa_b", "role": "reviewer", "valid_from": "01/09/2025"},
    )
    assert response.status_code == 302
    role = Membership.objects.get(user=editor_b, unit=commune_a, role="reviewer")
    assert role.valid_from == date(2025, 9, 1)
    response = client.post(f"/to-chuc/X25-A/thanh-vien/{role.pk}/ket-thuc/")
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.valid_to == timezone.localdate()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"username": "khong-co", "role": "editor", "valid_from": "01/09/2025"},
            "Không có người dùng &#x27;khong-co&#x27;.",
        ),
        (
            {
                "username": "xa_b",
                "role": "editor",
                "valid_from": "01/09/2025",
                "valid_to": "01/01/2025",
            },
            "ngày kết thúc 01/01/2025 phải sau ngày bắt đầu 01/09/2025",
        ),
        (
            {"username": "xa_b", "role": "editor", "valid_from": "32/09/2025"},
            "Nhập một ngày hợp lệ.",
        ),
    ],
)
def test_bad_role_input_names_the_problem_and_changes_nothing(
    client, provincial_admin, editor_b, commune_a, data, message
):
    client.force_login(provincial_admin)
    before = list(Membership.objects.values_list("pk", "valid_to"))
    response = client.post("/to-chuc/X25-A/thanh-vien/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(Membership.objects.values_list("pk", "valid_to")) == before


def test_a_role_held_twice_over_the_same_time_is_refused(client, provincial_admin, editor_a):
    client.force_login(provincial_admin)
    response = client.post(
        "/to-chuc/X25-A/thanh-vien/",
        {"username": "xa_a", "role": "editor", "valid_from": "01/09/2025"},
    )
    assert "đã có vai trò" in response.content.decode()
    assert Membership.objects.filter(user=editor_a).count() == 1


def test_an_editor_sees_the_unit_but_not_the_member_management(client, editor_a):
    client.force_login(editor_a)
    assert client.get("/to-chuc/X25-A/").status_code == 200
    assert "Quản lý vai trò" not in client.get("/to-chuc/X25-A/").content.decode()
    assert client.get("/to-chuc/X25-A/thanh-vien/").status_code == 404
