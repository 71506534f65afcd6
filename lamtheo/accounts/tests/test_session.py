"""Sessions end after a working day, at browser close, and after an idle hour."""

import time

from lamtheo.accounts.middleware import LAST_SEEN


def test_an_idle_session_is_signed_out(client, editor_a, settings, monkeypatch):
    client.force_login(editor_a)
    assert client.get("/").status_code == 200
    started = time.time()
    monkeypatch.setattr(time, "time", lambda: started + settings.SESSION_IDLE_TIMEOUT - 30)
    assert client.get("/").status_code == 200
    monkeypatch.setattr(
        time, "time", lambda: started + 2 * settings.SESSION_IDLE_TIMEOUT - 60
    )  # within the timeout of the last request: still in
    assert client.get("/").status_code == 200
    monkeypatch.setattr(time, "time", lambda: started + 4 * settings.SESSION_IDLE_TIMEOUT)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_the_last_request_time_is_not_written_on_every_request(client, editor_a):
    client.force_login(editor_a)
    client.get("/")
    first = client.session[LAST_SEEN]
    client.get("/")
    assert client.session[LAST_SEEN] == first


def test_session_lifetime_settings(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY
