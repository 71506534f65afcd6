"""A commune's office uploads the minutes of a conference and the province downloads them."""

from urllib.parse import urlsplit

import pytest

from lamtheo.conftest import PASSWORD
from lamtheo.files.models import Attachment

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def sign_in(page, live_server, username, next_path):
    page.goto(f"{live_server.url}/dang-nhap/?next={next_path}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + next_path)


def test_upload_on_the_unit_page_then_download_it(
    page, live_server, editor_a, commune_a, provincial_admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    unit_path = f"/to-chuc/{commune_a.code}/"
    sign_in(page, live_server, "xa_a", unit_path)
    page.get_by_label("Tải tệp lên").set_input_files(
        {"name": "Biên bản hội nghị.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Tải lên", exact=True).click()
    assert page.get_by_text("Đã tải lên 'Biên bản hội nghị.pdf'.").is_visible()
    # A refused file says why, and nothing is stored.
    page.get_by_label("Tải tệp lên").set_input_files(
        {"name": "anh.pdf", "mimeType": "application/pdf", "buffer": b"\x89PNG\r\n\x1a\n" + PDF}
    )
    page.get_by_role("button", name="Tải lên", exact=True).click()
    assert page.get_by_text("nhưng nội dung là PNG").is_visible()
    assert Attachment.objects.count() == 1

    page.get_by_role("button", name="Đăng xuất").click()
    sign_in(page, live_server, "tinh_admin", unit_path)
    with page.expect_download() as info:
        page.get_by_role("link", name="Biên bản hội nghị.pdf").click()
    download = info.value
    assert download.suggested_filename == "Biên bản hội nghị.pdf"
    assert open(download.path(), "rb").read() == PDF  # noqa: SIM115
    assert {urlsplit(u).hostname for u in page.requested_urls} == {"127.0.0.1"}
