"""Personas and shared fixtures. Areas add memberships to these personas as they land."""

import os
import shutil

import pytest

from lamtheo.accounts.models import User

PASSWORD = "mat-khau-thu-nghiem-2026"

CHROMIUM = os.environ.get("LAMTHEO_CHROMIUM", "/usr/bin/chromium")
# The flags keep Chromium from calling home: this machine has no network but loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


def _user(username: str, full_name: str, **extra) -> User:
    user = User(username=username, full_name=full_name, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def provincial_admin(db) -> User:
    return _user(
        "tinh_admin",
        "Trần Thị Lộc",
        position="Trưởng ban Tuyên giáo Tỉnh ủy",
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def editor_a(db) -> User:
    return _user("xa_a", "Nông Văn An", position="Văn phòng Đảng ủy xã A")


@pytest.fixture
def editor_b(db) -> User:
    return _user("xa_b", "Lò Thị Bình", position="Văn phòng Đảng ủy xã B")


@pytest.fixture
def anonymous(client, db):
    client.logout()
    return client


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Skips loudly when absent; fails under CI."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}: `make test` installs it (apt-get chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in the thread
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page that records every request it makes."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    yield page
    context.close()
