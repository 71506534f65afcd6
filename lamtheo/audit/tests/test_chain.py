"""Tampering with the trail in the database is found by `lamtheo audit-verify`."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lamtheo.audit import chain
from lamtheo.audit.models import ChainHead, Entry
from lamtheo.org import services


@pytest.fixture
def sealed(province, commune_a, commune_b, editor_a):
    commune_b.short_name = "Mường Phăng"
    commune_b.save()
    services.end_role(membership=editor_a.memberships.get(), on=date(2026, 1, 1))
    assert chain.seal() > 5
    return list(Entry.objects.order_by("seq"))


def _sql(statement: str, params=()) -> None:
    """What someone with write access to the database, but not to the key, could do."""
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=Entry._meta.db_table), params)


def _verify() -> str:
    try:
        call_command("audit-verify", "--no-seal", stdout=open("/dev/null", "w"))  # noqa: SIM115
    except CommandError as error:
        return str(error)
    return "ok"


def test_an_untouched_chain_verifies_and_names_its_head(sealed, capsys):
    call_command("audit-verify")
    out = capsys.readouterr().out
    head = ChainHead.objects.get(pk=1)
    assert f"{len(sealed)} entries" in out
    assert head.hash in out
    assert [e.seq for e in sealed] == list(range(1, len(sealed) + 1))


def test_a_changed_value_is_found(sealed):
    victim = sealed[3]
    _sql("UPDATE {table} SET object_repr = %s WHERE id = %s", ["giả mạo", victim.pk])
    assert _verify() == (
        f"audit trail broken: entry {victim.seq} was changed after it was sealed "
        f"({victim.seq - 1} entries before it are intact)"
    )


def test_a_changed_value_with_a_recomputed_plain_hash_is_found(sealed):
    """Without the key an attacker cannot make the hash fit: even a correct-looking SHA-256."""
    import hashlib

    victim = sealed[2]
    victim.changes = {"role": [None, "admin"]}
    forged = hashlib.sha256(victim.prev_hash.encode() + chain.payload(victim)).hexdigest()
    _sql(
        "UPDATE {table} SET changes = %s, hash = %s WHERE id = %s",
        ['{"role": [null, "admin"]}', forged, victim.pk],
    )
    assert f"entry {victim.seq} was changed" in _verify()


def test_a_removed_entry_is_found(sealed):
    _sql("DELETE FROM {table} WHERE id = %s", [sealed[4].pk])
    assert "entry 5 is missing (next found: 6)" in _verify()


def test_entries_cut_from_the_end_are_found(sealed):
    _sql("DELETE FROM {table} WHERE seq > %s", [len(sealed) - 2])
    assert "entries were removed at the end" in _verify()


def test_an_inserted_entry_is_found(sealed):
    last = sealed[-1]
    _sql(
        "UPDATE {table} SET seq = seq + 1000 WHERE seq >= %s", [last.seq]
    )  # make room, as an attacker inserting in the middle would
    assert "is missing" in _verify()


def test_entries_written_later_continue_the_chain(sealed, province):
    province.short_name = "TU Điện Biên"
    province.save()
    assert Entry.objects.filter(seq=None).count() == 1
    assert chain.seal() == 1
    newest = Entry.objects.order_by("-seq").first()
    assert newest.prev_hash == sealed[-1].hash
    assert _verify() == "ok"
