"""Optional two-factor sign-in with an authenticator app, required for admins when set."""

import re
import time

import pyotp
import pytest

from lamtheo.accounts import two_factor
from lamtheo.accounts.models import TotpDevice
from lamtheo.audit.models import Entry
from lamtheo.conftest import PASSWORD


def code(secret: str, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + offset_steps * 30)


@pytest.fixture
def device(editor_a):
    secret = two_factor.new_secret()
    return two_factor.enable(editor_a, secret, code(secret, -1))


def test_with_a_device_the_password_alone_does_not_sign_in(client, device):
    response = client.post("/dang-nhap/", {"username": "xa_a", "password": PASSWORD})
    assert response["Location"] == "/dang-nhap/xac-thuc/"
    assert client.get("/").status_code == 302  # not signed in yet
    page = client.get("/dang-nhap/xac-thuc/").content.decode()
    assert "Nhập mã 6 chữ số" in page
    response = client.post("/dang-nhap/xac-thuc/", {"code": code(device.secret)})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_code_is_accepted_only_once(client, device):
    first = code(device.secret)
    device.refresh_from_db()
    assert two_factor.verify(device, first)
    client.post("/dang-nhap/", {"username": "xa_a", "password": PASSWORD})
    response = client.post("/dang-nhap/xac-thuc/", {"code": first})
    assert "Mã xác thực không đúng hoặc đã được dùng." in response.content.decode()
    assert client.get("/").status_code == 302


def test_wrong_codes_count_as_failed_sign_ins_and_lock(client, device, editor_a):
    client.post("/dang-nhap/", {"username": "xa_a", "password": PASSWORD})
    for _ in range(9):
        client.post("/dang-nhap/xac-thuc/", {"code": "000000"})
    response = client.post("/dang-nhap/xac-thuc/", {"code": "000000"}, follow=True)
    assert "Tài khoản tạm khóa" in response.content.decode()
    failures = Entry.objects.filter(action="sign_in_failed", object_repr="xa_a")
    assert failures.count() == 10
    assert all(e.changes == {"step": "two_factor"} for e in failures)
    # The pending sign-in is gone: the password step again, which is locked.
    assert client.get("/dang-nhap/xac-thuc/")["Location"] == "/dang-nhap/"


def test_the_second_step_expires(client, device, monkeypatch):
    client.post("/dang-nhap/", {"username": "xa_a", "password": PASSWORD})
    later = time.time() + 301
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post("/dang-nhap/xac-thuc/", {"code": "123456"})
    assert response["Location"] == "/dang-nhap/"


def test_without_the_password_step_the_code_pages_send_you_to_sign_in(client, db):
    for path in ("/dang-nhap/xac-thuc/", "/dang-nhap/thiet-lap-xac-thuc/"):
        assert client.get(path)["Location"] == "/dang-nhap/"


def test_an_admin_must_set_it_up_when_the_setting_says_so(client, settings, admin_a, editor_a):
    settings.TWO_FACTOR_REQUIRED = "admins"
    response = client.post("/dang-nhap/", {"username": "xa_a_admin", "password": PASSWORD})
    assert response["Location"] == "/dang-nhap/thiet-lap-xac-thuc/"
    page = client.get("/dang-nhap/thiet-lap-xac-thuc/").content.decode()
    assert "<svg" in page  # the QR code, drawn here
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")
    assert client.get("/").status_code == 302
    response = client.post("/dang-nhap/thiet-lap-xac-thuc/", {"code": code(secret)})
    assert response["Location"] == "/"
    assert TotpDevice.objects.get(user=admin_a).confirmed_at is not None
    # An editor is not an admin: the password is enough.
    client.post("/dang-xuat/")
    response = client.post("/dang-nhap/", {"username": "xa_a", "password": PASSWORD})
    assert response["Location"] == "/"


def test_a_user_turns_it_on_and_off_from_the_account_page(client, editor_a):
    client.force_login(editor_a)
    page = client.get("/tai-khoan/xac-thuc-hai-buoc/").content.decode()
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")
    response = client.post("/tai-khoan/xac-thuc-hai-buoc/", {"code": "000000"})
    assert "Mã chưa đúng" in response.content.decode()
    client.post("/tai-khoan/xac-thuc-hai-buoc/", {"code": code(secret)})
    device = two_factor.device_of(editor_a)
    assert device is not None
    assert "Đang bật từ" in client.get("/tai-khoan/").content.decode()
    entry = Entry.objects.filter(model="accounts.totpdevice").last()
    assert entry.changes["secret"] == [None, "••••••"]

    client.post("/tai-khoan/xac-thuc-hai-buoc/tat/", {"code": "000000"})
    assert two_factor.device_of(editor_a) is not None
    client.post("/tai-khoan/xac-thuc-hai-buoc/tat/", {"code": code(secret, 1)})
    assert two_factor.device_of(editor_a) is None


def test_the_password_rules_apply_when_changing_it(client, editor_a):
    client.force_login(editor_a)
    response = client.post(
        "/tai-khoan/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "quá ngắn" in page or "too short" in page
    editor_a.refresh_from_db()
    assert editor_a.check_password(PASSWORD)
    new = "mot-cau-mat-khau-dai-2026"
    response = client.post(
        "/tai-khoan/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    editor_a.refresh_from_db()
    assert editor_a.check_password(new)
    assert client.get("/").status_code == 200  # still signed in
