"""Personas and shared fixtures. Areas add memberships to these personas as they land."""

import os
import shutil
from datetime import date

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


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests hash many passwords; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _a_flush_leaves_what_a_fresh_database_has(request):
    """A transactional test (a live server's) empties every table when it ends, the rows the
    migrations seeded too (the honours catalogue of fields and forms), and the content types
    come back under new ids that the process's cache does not know. pytest-django runs the
    transactional tests after all the others, so each of them starts from what a fresh
    database has."""
    if "transactional_db" in request.fixturenames:
        from django.contrib.contenttypes.models import ContentType

        from lamtheo.honours.catalogue import seed

        request.getfixturevalue("transactional_db")  # set up before this fixture needs it
        ContentType.objects.clear_cache()
        seed()


def _user(username: str, full_name: str, **extra) -> User:
    user = User(username=username, full_name=full_name, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def province(db):
    """Tỉnh ủy Điện Biên with two commune committees: A (Mường Luân) and B (Mường Phăng)."""
    from lamtheo.org import services

    return services.create_unit(
        code="T11",
        name="Tỉnh ủy Điện Biên",
        kind="province",
        valid_from=date(2008, 8, 1),
        province_code="11",
    )


@pytest.fixture
def commune_a(province):
    from lamtheo.org import services

    return services.create_unit(
        code="X25-A",
        name="Đảng ủy xã Mường Luân",
        kind="commune",
        valid_from=date(2025, 7, 1),
        parent=province,
    )


@pytest.fixture
def commune_b(province):
    from lamtheo.org import services

    return services.create_unit(
        code="X25-B",
        name="Đảng ủy xã Mường Phăng",
        kind="commune",
        valid_from=date(2025, 7, 1),
        parent=province,
    )


def _role(user, unit, role):
    from lamtheo.org import services

    services.grant_role(user=user, unit=unit, role=role, valid_from=date(2025, 7, 1))
    return user


@pytest.fixture
def provincial_admin(province) -> User:
    user = _user("tinh_admin", "Đặng Hải Triều", position="Phó trưởng Ban Tuyên giáo Tỉnh ủy")
    return _role(user, province, "admin")


@pytest.fixture
def editor_a(commune_a) -> User:
    return _role(
        _user("xa_a", "Nông Văn An", position="Văn phòng Đảng ủy xã A"), commune_a, "editor"
    )


@pytest.fixture
def editor_b(commune_b) -> User:
    return _role(
        _user("xa_b", "Lò Thị Bình", position="Văn phòng Đảng ủy xã B"), commune_b, "editor"
    )


@pytest.fixture
def admin_a(commune_a) -> User:
    return _role(_user("xa_a_admin", "Lường Văn Cường"), commune_a, "admin")


@pytest.fixture
def merger_tree(db):
    """Tỉnh ủy Bắc Kạn > Huyện ủy Ba Bể > two communes until 1/7/2025; then the communes merge
    into one under Tỉnh ủy Thái Nguyên, into which Bắc Kạn merges."""

    from lamtheo.org import services as org

    def unit(code, name, kind, parent=None, start=date(2008, 8, 1), end=None):
        return org.create_unit(
            code=code, name=name, kind=kind, valid_from=start, valid_to=end, parent=parent
        )

    bac_kan = unit("T06", "Tỉnh ủy Bắc Kạn", "province", end=date(2025, 7, 1))
    thai_nguyen = unit("T19", "Tỉnh ủy Thái Nguyên", "province")
    ba_be = unit("H061", "Huyện ủy Ba Bể", "district", bac_kan, end=date(2025, 7, 1))
    a = unit("X-A", "Đảng ủy xã Chu Hương", "commune", ba_be, end=date(2025, 7, 1))
    b = unit("X-B", "Đảng ủy xã Mỹ Phương", "commune", ba_be, end=date(2025, 7, 1))
    c = unit("X-C", "Đảng ủy xã Bằng Vân", "commune", bac_kan, end=date(2025, 7, 1))
    new = unit("X-N", "Đảng ủy xã Ba Bể", "commune", thai_nguyen, start=date(2025, 7, 1))
    org.merge_units(sources=[a, b], into=new, on=date(2025, 7, 1))
    org.merge_units(sources=[c], into=new, on=date(2025, 7, 1))
    org.merge_units(sources=[ba_be], into=thai_nguyen, on=date(2025, 7, 1))
    org.merge_units(sources=[bac_kan], into=thai_nguyen, on=date(2025, 7, 1))
    return {
        "bac_kan": bac_kan,
        "thai_nguyen": thai_nguyen,
        "ba_be": ba_be,
        "a": a,
        "b": b,
        "c": c,
        "new": new,
    }


@pytest.fixture
def superuser(db) -> User:
    return _user("quantri", "Quản trị hệ thống", is_staff=True, is_superuser=True)


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
    # What the content security policy blocked: a page that needs it is broken.
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_violations.append(message.text)
        ),
    )
    yield page
    assert not page.csp_violations, page.csp_violations
    context.close()
