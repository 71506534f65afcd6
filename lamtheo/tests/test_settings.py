import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection


def _import_settings(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import lamtheo.settings as s; print(s.DEBUG)"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_a_secret_key_debug_is_on():
    result = _import_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_debug_defaults_to_off_once_a_secret_key_is_set():
    result = _import_settings(SECRET_KEY="k" * 50)
    assert result.stdout.strip() == "False"


def test_it_refuses_to_start_with_debug_off_and_no_secret_key():
    result = _import_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_malformed_boolean_is_an_error_naming_the_variable():
    result = _import_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe'" in result.stderr


def test_the_database_in_use_is_the_one_database_url_names(db):
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite settings")
def test_sqlite_takes_the_write_lock_at_begin_and_waits_when_busy():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_sqlite_file_database_runs_in_wal_mode(tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    code = (
        "import django; django.setup(); from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={
            **clean,
            "LAMTHEO_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "lamtheo.settings",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
