"""Production settings pass Django's deployment checklist, and every response carries the
security headers: a content security policy that allows nothing from outside the host."""

import os
import subprocess
import sys

import pytest


def test_production_settings_pass_check_deploy_with_no_warning(tmp_path):
    env = {
        **os.environ,
        "SECRET_KEY": "k" * 20 + "-production-like-secret-" + "x" * 30,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "lamtheo.tinhuy.vn",
        "LAMTHEO_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
    }
    for leftover in ("SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # set by other tests
        env.pop(leftover, None)
    result = subprocess.run(
        [sys.executable, "-m", "lamtheo", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("path", ["/tai-khoan/", "/", "/to-chuc/", "/api/v1/openapi.json"])
def test_every_response_carries_the_security_headers(client, editor_a, path):
    client.force_login(editor_a)
    response = client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "http" not in csp  # no other host is allowed anything
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_session_and_csrf_cookies_are_not_readable_by_script(client, editor_a, settings):
    response = client.get("/dang-nhap/")
    assert response.cookies["csrftoken"]["httponly"]
    assert settings.SESSION_COOKIE_HTTPONLY
