"""Repeated wrong passwords lock the account (and, in larger numbers, the address) for a while;
every attempt is in the audit trail."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lamtheo.accounts import lockout
from lamtheo.audit.models import Entry
from lamtheo.conftest import PASSWORD

LOCKED = "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Hãy thử lại sau 15 phút"


def sign_in(client, username="xa_a", password="sai-mat-khau", ip="10.0.0.7"):
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def trail(action, username="xa_a"):
    return Entry.objects.filter(action=action, object_repr=username)


def test_ten_wrong_passwords_lock_the_account_and_are_all_in_the_trail(client, editor_a):
    for attempt in range(1, 10):
        response = sign_in(client)
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode(), attempt
    response = sign_in(client)
    assert LOCKED in response.content.decode()

    failures = trail(Entry.Action.SIGN_IN_FAILED)
    assert failures.count() == 10
    assert {(e.ip, e.object_pk, e.actor_id) for e in failures} == {
        ("10.0.0.7", str(editor_a.pk), None)
    }
    assert trail(Entry.Action.LOCKED).count() == 1

    # The right password no longer helps, and is not even checked: a blocked attempt.
    response = sign_in(client, password=PASSWORD)
    assert LOCKED in response.content.decode()
    assert client.get("/").status_code == 302
    assert trail(Entry.Action.SIGN_IN_BLOCKED).count() == 1
    assert trail(Entry.Action.SIGN_IN_FAILED).count() == 10


def test_the_lock_ends_after_the_window(client, editor_a, monkeypatch):
    for _ in range(10):
        sign_in(client)
    assert lockout.account_lock("xa_a") is not None
    later = timezone.now() + timedelta(minutes=15, seconds=1)
    assert lockout.account_lock("xa_a", now=later) is None
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = sign_in(client, password=PASSWORD)
    assert response.status_code == 302
    assert trail(Entry.Action.SIGN_IN).count() == 1


def test_a_successful_sign_in_starts_the_count_again(client, editor_a):
    for _ in range(9):
        sign_in(client)
    assert sign_in(client, password=PASSWORD).status_code == 302
    client.post("/dang-xuat/")
    response = sign_in(client)
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert lockout.account_lock("xa_a") is None


def test_the_lock_is_per_account(client, editor_a, editor_b):
    for _ in range(10):
        sign_in(client)
    assert sign_in(client, username="xa_b", password=PASSWORD).status_code == 302


def test_many_failures_from_one_address_refuse_it_for_every_account(
    client, editor_a, editor_b, settings
):
    settings.SIGN_IN_ADDRESS_FAILURES = 12
    for i in range(12):
        sign_in(client, username=f"khong-co-{i}", ip="10.9.9.9")
    response = sign_in(client, username="xa_b", password=PASSWORD, ip="10.9.9.9")
    assert "Có quá nhiều lần đăng nhập sai từ địa chỉ này" in response.content.decode()
    # Another address is not affected.
    assert sign_in(client, username="xa_b", password=PASSWORD, ip="10.9.9.10").status_code == 302


@pytest.mark.parametrize("username", ["khong-ton-tai", "xa_a"])
def test_unknown_and_known_accounts_answer_alike(client, editor_a, username):
    """Nothing tells an attacker whether an account exists."""
    for _ in range(10):
        response = sign_in(client, username=username)
    assert LOCKED in response.content.decode()
