"""A record's page shows its history to whoever may see the record; admins search the trail."""

from datetime import date

from django.urls import reverse

from lamtheo.audit.models import Entry
from lamtheo.org import services


def test_a_unit_page_shows_its_changes_with_readable_values(client, commune_a, editor_a):
    commune_a.short_name = "Mường Luân"
    commune_a.save()
    client.force_login(editor_a)
    html = client.get(reverse("org:unit", args=[commune_a.code])).content.decode()
    assert "Nhật ký thay đổi" in html
    assert "<ins>Mường Luân</ins>" in html
    assert "<ins>Tỉnh ủy Điện Biên</ins>" in html  # the parent edge, by name, not by id
    assert "<ins>01/07/2025</ins>" in html  # dates as dd/mm/yyyy
    # Who holds which role is for admins only.
    assert "<ins>Cập nhật</ins>" not in html.split("Nhật ký thay đổi")[1]


def test_an_admin_sees_the_role_changes_on_the_unit_page(client, commune_a, admin_a, editor_a):
    client.force_login(admin_a)
    html = client.get(reverse("org:unit", args=[commune_a.code])).content.decode()
    changes = html.split("Nhật ký thay đổi")[1]
    assert "<ins>Cập nhật</ins>" in changes  # editor_a's role, by its label
    assert "<ins>Nông Văn An</ins>" in changes


def _search(client, **params):
    return client.get(reverse("audit:search"), params)


def test_the_search_is_for_admins_only(client, editor_a):
    client.force_login(editor_a)
    assert _search(client).status_code == 403


def test_a_unit_admin_sees_the_entries_of_their_units_only(client, commune_a, commune_b, admin_a):
    commune_b.short_name = "BÍ MẬT CỦA XÃ B"
    commune_b.save()
    commune_a.short_name = "Việc của xã A"
    commune_a.save()
    client.force_login(admin_a)
    html = _search(client).content.decode()
    assert "Việc của xã A" in html
    assert "BÍ MẬT CỦA XÃ B" not in html
    assert _search(client, don_vi=commune_b.code).context["error"]


def test_a_superuser_filters_by_user_unit_model_action_and_date(
    client, superuser, province, commune_a, commune_b, provincial_admin
):
    client.force_login(provincial_admin)
    client.post(
        reverse("org:members", args=[commune_b.code]),
        {"username": "tinh_admin", "role": "viewer", "valid_from": "01/08/2025"},
    )
    client.force_login(superuser)
    by_user = _search(client, nguoi="tinh_admin").context["entries"]
    assert by_user
    assert {e.actor_name for e in by_user} == {"tinh_admin"}
    by_unit = _search(client, don_vi=commune_b.code, loai="org.membership").context["entries"]
    assert {(e.model, e.unit_id) for e in by_unit} == {("org.membership", commune_b.pk)}
    by_action = _search(client, hanh_dong="sign_in").context["entries"]
    assert all(e.action == "sign_in" for e in by_action)
    today = date.today().strftime("%d/%m/%Y")
    assert _search(client, tu_ngay=today, den_ngay=today).context["entries"]
    assert not _search(client, tu_ngay="01/01/2020", den_ngay="31/12/2020").context["entries"]
    bad = _search(client, tu_ngay="02/01/2026", den_ngay="01/01/2026")
    assert "Ngày kết thúc phải sau ngày bắt đầu." in bad.content.decode()


def test_the_search_pages_by_older_entries(client, superuser, province, settings):
    from lamtheo.audit import views

    for i in range(views.PAGE + 5):
        services.create_unit(
            code=f"C{i}",
            name=f"Chi bộ {i}",
            kind="cell",
            valid_from=date(2020, 1, 1),
            parent=province,
        )
    client.force_login(superuser)
    first = _search(client, loai="org.orgunit")
    assert len(first.context["entries"]) == views.PAGE
    older = client.get(reverse("audit:search") + "?" + first.context["next_query"])
    ids = {e.id for e in first.context["entries"]} & {e.id for e in older.context["entries"]}
    assert not ids
    assert older.context["entries"]


def test_an_export_is_csv_and_is_itself_in_the_trail(client, superuser, province):
    province.short_name = '=HYPERLINK("http://x")'
    province.save()
    client.force_login(superuser)
    response = client.get(reverse("audit:search"), {"xuat": "csv", "loai": "org.orgunit"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeffSố thứ tự,")
    assert "Tỉnh ủy Điện Biên" in body
    assert ",=HYPERLINK" not in body  # no formula for Excel to run
    export = Entry.objects.filter(action="export").get()
    assert export.actor == superuser
    assert export.changes == {"what": "audit", "filters": {"loai": "org.orgunit"}}


def test_an_event_about_a_record_with_a_plain_detail_is_listed(client, superuser, province):
    """An export of a record logs what was exported ({"what": "ranking"}); the search lists
    it with that value rather than failing on a detail that is neither a change nor a set."""
    from lamtheo.audit import events

    events.log(Entry.Action.EXPORT, actor=superuser, obj=province, detail={"what": "ranking"})
    client.force_login(superuser)
    response = client.get(reverse("audit:search"), {"loai": "org.orgunit"})
    assert response.status_code == 200
    assert "ranking" in response.content.decode()
