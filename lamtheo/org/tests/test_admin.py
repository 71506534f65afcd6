"""The back office: units are browsed and renamed; the hierarchy itself is read-only there."""

from lamtheo.org.models import OrgUnit


def test_a_superuser_browses_and_renames_units(client, superuser, commune_a):
    client.force_login(superuser)
    assert client.get("/quan-tri/org/orgunit/", {"q": "Mường Luân"}).status_code == 200
    url = f"/quan-tri/org/orgunit/{commune_a.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Đảng ủy xã Mường Luân mới",
            "short_name": "Mường Luân",
            "issuer_code": "ĐU",
            "parent_edges-TOTAL_FORMS": "1",
            "parent_edges-INITIAL_FORMS": "1",
            "parent_edges-MIN_NUM_FORMS": "0",
            "parent_edges-MAX_NUM_FORMS": "1000",
            "parent_edges-0-id": commune_a.parent_edges.get().pk,
            "parent_edges-0-child": commune_a.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    commune_a.refresh_from_db()
    assert commune_a.search_name.startswith("dang uy xa muong luan moi")


def test_the_hierarchy_cannot_be_edited_in_the_admin(client, superuser, commune_a):
    client.force_login(superuser)
    for url in (
        "/quan-tri/org/orgunit/add/",
        "/quan-tri/org/edge/add/",
        "/quan-tri/org/lineage/add/",
        "/quan-tri/org/membership/add/",
        f"/quan-tri/org/orgunit/{commune_a.pk}/delete/",
    ):
        assert client.get(url).status_code == 403, url
    assert OrgUnit.objects.filter(pk=commune_a.pk).exists()
