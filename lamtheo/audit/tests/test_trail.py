"""The audit trail: every write of a record, from a page, the API, the admin, a service, a bulk
import, a task or a command, is recorded with who, when, from where and what changed."""

import sys
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.tasks import task
from django.urls import reverse

from lamtheo.accounts.models import ApiToken
from lamtheo.audit import bulk, chain
from lamtheo.audit.models import AppendOnly, Entry
from lamtheo.org import services
from lamtheo.org.models import Edge, Membership, OrgUnit


def entries(**filters):
    return list(Entry.objects.filter(**filters).order_by("id"))


def test_a_role_granted_on_a_page_is_recorded_with_who_where_and_what(
    client, provincial_admin, commune_a, editor_b
):
    client.force_login(provincial_admin)
    response = client.post(
        reverse("org:members", args=[commune_a.code]),
        {"username": "xa_b", "role": "viewer", "valid_from": "01/08/2025"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=editor_b, unit=commune_a)
    [entry] = entries(model="org.membership", object_pk=str(membership.pk))
    assert entry.action == Entry.Action.CREATE
    assert entry.actor == provincial_admin
    assert entry.actor_name == "tinh_admin"
    assert entry.ip == "10.1.2.3"
    assert entry.via == "web"
    assert entry.unit_id == commune_a.pk
    assert entry.changes["role"] == [None, "viewer"]
    assert entry.changes["valid_from"] == [None, "2025-08-01"]


def test_an_update_stores_only_the_changed_fields_before_and_after(province):
    unit = services.create_unit(
        code="H01", name="Huyện ủy Mường Ảng", kind="district", valid_from=date(2008, 8, 1)
    )
    unit.name = "Huyện ủy Mường Ảng (cũ)"
    unit.save()
    last = entries(model="org.orgunit", object_pk=str(unit.pk))[-1]
    assert last.action == Entry.Action.UPDATE
    assert last.changes == {"name": ["Huyện ủy Mường Ảng", "Huyện ủy Mường Ảng (cũ)"]}
    unit.save()  # nothing changed: nothing recorded
    assert entries(model="org.orgunit", object_pk=str(unit.pk))[-1] == last


def test_a_merge_records_the_edges_it_ended_through_the_bulk_update(province, commune_a):
    target = services.create_unit(
        code="X25-C",
        name="Đảng ủy xã C",
        kind="commune",
        valid_from=date(2025, 7, 1),
        parent=province,
    )
    services.merge_units(sources=[commune_a], into=target, on=date(2026, 1, 1))
    edge = Edge.objects.get(child=commune_a)
    [ended] = entries(model="org.edge", object_pk=str(edge.pk), action="update")
    assert ended.changes == {"valid_to": [None, "2026-01-01"]}
    assert ended.unit_id == commune_a.pk
    unit_entry = entries(model="org.orgunit", object_pk=str(commune_a.pk), action="update")[-1]
    assert unit_entry.changes == {"valid_to": [None, "2026-01-01"]}
    assert entries(model="org.lineage", action="create")[-1].unit_id == commune_a.pk


def test_a_delete_keeps_the_values_it_removed(province, editor_a):
    membership = Membership.objects.get(user=editor_a)
    pk = membership.pk
    membership.delete()
    [entry] = entries(model="org.membership", object_pk=str(pk), action="delete")
    assert entry.changes["role"] == ["editor", None]
    assert entry.changes["user"] == [editor_a.pk, None]


def test_bulk_create_records_one_entry_per_row(province):
    units = [
        OrgUnit(code=f"B{i}", name=f"Chi bộ {i}", kind="cell", valid_from=date(2020, 1, 1))
        for i in range(5)
    ]
    created = bulk.bulk_create(OrgUnit, units)
    for unit in created:
        [entry] = entries(model="org.orgunit", object_pk=str(unit.pk))
        assert entry.action == "create"
        assert entry.changes["code"] == [None, unit.code]


def test_a_rolled_back_change_leaves_no_entry(province):
    before = Entry.objects.count()
    province.name = "Tên sai"

    def fail_after_saving():
        with transaction.atomic():
            province.save()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_after_saving()
    assert Entry.objects.count() == before


def test_secrets_are_never_stored(superuser):
    superuser.set_password("mot-mat-khau-moi-rat-dai")
    superuser.save()
    entry = entries(model="accounts.user", object_pk=str(superuser.pk))[-1]
    assert entry.changes["password"] == ["••••••", "••••••"]
    assert "md5" not in str(Entry.objects.filter(model="accounts.user").values_list("changes"))


def test_the_admin_writes_are_recorded_as_such(client, superuser, editor_a):
    client.force_login(superuser)
    url = reverse("admin:accounts_user_change", args=[editor_a.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(full_name="Nông Văn An (Văn phòng)", is_active="on")
    data = {k: v for k, v in data.items() if k not in {"password", "groups", "user_permissions"}}
    data["date_joined_0"], data["date_joined_1"] = "01/07/2025", "08:00:00"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = entries(model="accounts.user", object_pk=str(editor_a.pk))[-1]
    assert entry.via == "admin"
    assert entry.actor == superuser
    assert entry.changes["full_name"] == ["Nông Văn An", "Nông Văn An (Văn phòng)"]


def test_an_api_write_names_the_token_user(client, editor_a):
    from lamtheo.accounts import services as accounts

    token, _raw = accounts.issue_api_token(user=editor_a, name="test")
    accounts.revoke_api_token(token=token)
    [revoked] = entries(model="accounts.apitoken", object_pk=str(token.pk), action="update")
    assert list(revoked.changes) == ["revoked_at"]


@task()
def rename_unit(pk: int, name: str) -> None:
    unit = OrgUnit.objects.get(pk=pk)
    unit.name = name
    unit.save()


def test_a_task_write_names_the_task(settings, province):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    rename_unit.enqueue(province.pk, "Tỉnh ủy Điện Biên (mới)")
    entry = entries(model="org.orgunit", object_pk=str(province.pk))[-1]
    assert entry.via == "task:rename_unit"
    assert entry.changes["name"][1] == "Tỉnh ủy Điện Biên (mới)"


def test_a_command_write_names_the_command_and_the_system_account(monkeypatch, editor_a):
    from django.core import management

    from lamtheo.__main__ import main

    # The real entry point, minus the connection closing that would end the test's transaction.
    monkeypatch.setattr(
        management, "execute_from_command_line", lambda argv: call_command(*argv[1:])
    )
    monkeypatch.setattr(sys, "argv", ["lamtheo", "api-token", "xa_a", "--name", "cli"])
    main()
    token = ApiToken.objects.get(user=editor_a, name="cli")
    [entry] = entries(model="accounts.apitoken", object_pk=str(token.pk))
    assert entry.via == "command:api-token"
    assert entry.actor_name.startswith("os:")
    assert entry.changes["digest"][1] == "••••••"


def test_entries_cannot_be_changed_or_deleted_from_the_application(province):
    entry = Entry.objects.first()
    entry.object_repr = "sửa"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        Entry.objects.filter(pk=entry.pk).update(object_repr="sửa")
    with pytest.raises(AppendOnly):
        Entry.objects.all().delete()
    assert chain.seal()
    assert chain.verify().ok
