from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lamtheo.accounts import services
from lamtheo.accounts.models import ApiToken


def _issue(username: str) -> str:
    out = StringIO()
    call_command("api-token", username, stdout=out)
    return out.getvalue().strip()


def test_the_command_prints_a_token_that_authenticates_the_api(client, editor_a):
    token = _issue("xa_a")
    assert token.startswith("lt_")
    response = client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["username"] == "xa_a"
    assert response.json()["full_name"] == "Nông Văn An"


def test_only_a_digest_of_the_token_is_stored(editor_a):
    token = _issue("xa_a")
    stored = ApiToken.objects.get(user=editor_a)
    assert token not in (stored.digest, stored.prefix, stored.name)
    assert token.startswith(stored.prefix)


def test_the_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="no user named 'khong-co'"):
        _issue("khong-co")


@pytest.mark.parametrize("header", ["Bearer lt_wrong", "Bearer ", "Token abc", "Basic eGE6eQ=="])
def test_a_bad_token_gets_401(client, editor_a, header):
    assert client.get("/api/v1/accounts/me", headers={"Authorization": header}).status_code == 401


def test_a_revoked_or_expired_token_or_inactive_user_gets_401(client, editor_a):
    revoked, raw_revoked = services.issue_api_token(user=editor_a)
    services.revoke_api_token(token=revoked)
    _expired, raw_expired = services.issue_api_token(
        user=editor_a, expires_at=timezone.now() - timedelta(minutes=1)
    )
    for raw in (raw_revoked, raw_expired):
        assert (
            client.get(
                "/api/v1/accounts/me", headers={"Authorization": f"Bearer {raw}"}
            ).status_code
            == 401
        )
    _ok, raw_ok = services.issue_api_token(user=editor_a)
    editor_a.is_active = False
    editor_a.save()
    assert (
        client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {raw_ok}"}).status_code
        == 401
    )


def test_the_session_authenticates_the_api_too(client, editor_a):
    client.force_login(editor_a)
    assert client.get("/api/v1/accounts/me").json()["username"] == "xa_a"


def test_a_used_token_records_when(client, editor_a):
    token, raw = services.issue_api_token(user=editor_a)
    client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {raw}"})
    token.refresh_from_db()
    assert token.last_used_at is not None
