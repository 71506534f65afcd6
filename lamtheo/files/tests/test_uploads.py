"""Uploads: size limits, type judged by content, safe stored names, downloads only through the
view that checks access, served as attachments and logged."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lamtheo.audit.models import Entry
from lamtheo.files.checks import UploadError, clean_name, inspect
from lamtheo.files.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


def docx(extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def check(name: str, data: bytes, max_bytes: int = 10_000_000):
    return inspect(name, io.BytesIO(data), len(data), max_bytes)


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("Báo cáo 499-BC/TU.pdf", PDF, "application/pdf"),
        ("anh.PNG", PNG, "image/png"),
        (
            "ke-hoach.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("so-lieu.csv", "Đơn vị;Số điển hình\nXã A;12\n".encode(), "text/csv"),
        ("ghi-chu.txt", "Bản ghi chú tiếng Việt".encode(), "text/plain"),
    ],
)
def test_accepted_kinds_are_recognised_by_content(name, data, mime):
    assert check(name, data).mime == mime


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bao-cao.pdf", PNG, "có đuôi '.pdf' nhưng nội dung là PNG"),
        ("anh.png", PDF, "có đuôi '.png' nhưng nội dung là PDF"),
        ("trang.html", b"<!doctype html><script>alert(1)</script>", "Không nhận ra nội dung"),
        ("trang.txt", b"<html><script>alert(1)</script></html>", "Không nhận ra nội dung"),
        (
            "hinh.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "Không nhận ra nội dung",
        ),
        ("chuong-trinh.exe", b"MZ\x90\x00" + b"\x00" * 60, "Không nhận ra nội dung"),
        ("tai-lieu.pdf", b"MZ\x90\x00" + b"\x00" * 60, "Không nhận ra nội dung"),
        ("nen.zip", b"PK\x03\x04" + b"\x00" * 40, "Không nhận ra nội dung"),
        ("macro.docx", docx({"word/vbaProject.bin": b"x"}), "Tệp chứa macro"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_refused_files_get_a_precise_message(name, data, message):
    with pytest.raises(UploadError, match=message):
        check(name, data)


def test_a_file_over_the_limit_is_refused_with_its_size():
    with pytest.raises(UploadError, match=r"nặng 2,0 MB, vượt giới hạn 1,0 MB"):
        check("lon.pdf", PDF + b"0" * (2 * 1024 * 1024 - len(PDF)), max_bytes=1024 * 1024)


def test_a_zip_bomb_is_refused(monkeypatch):
    from lamtheo.files import checks

    monkeypatch.setattr(checks, "MAX_UNPACKED", 1000)
    with pytest.raises(UploadError, match="bung ra quá lớn"):
        check("bom.docx", docx({"word/big.xml": "0" * 5000}))


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\van-phong\\Báo cáo.pdf", "Báo cáo.pdf"),
        ("ten\x00\u202egpj.pdf", "tengpj.pdf"),
        ("...", "tep"),
    ],
)
def test_names_lose_folders_and_control_characters(given, kept):
    assert clean_name(given) == kept


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload_page(client, code, data, name="bien-ban.pdf", key="k1"):
    return client.post(
        reverse("org:upload", args=[code]),
        {"file": SimpleUploadedFile(name, data), "idempotency_key": key},
        follow=True,
    )


def test_an_editor_uploads_on_the_unit_page_and_it_is_stored_under_a_made_up_name(
    client, media, editor_a, commune_a
):
    client.force_login(editor_a)
    response = upload_page(client, commune_a.code, PDF, name="Biên bản <script>.pdf")
    html = response.content.decode()
    assert "Đã tải lên" in html
    assert "Biên bản &lt;script&gt;.pdf" in html
    attachment = Attachment.objects.get()
    assert attachment.unit == commune_a
    assert attachment.name == "Biên bản <script>.pdf"
    assert attachment.file.name.startswith("files/")
    assert "Biên" not in attachment.file.name
    assert attachment.file.name.endswith(".pdf")
    assert (media / attachment.file.name).read_bytes() == PDF
    assert attachment.sha256 == __import__("hashlib").sha256(PDF).hexdigest()
    entry = Entry.objects.filter(model="files.attachment", action="create").get()
    assert entry.actor == editor_a


def test_a_double_submit_stores_the_file_once(client, media, editor_a, commune_a):
    client.force_login(editor_a)
    upload_page(client, commune_a.code, PDF, key="same")
    upload_page(client, commune_a.code, PDF, key="same")
    assert Attachment.objects.count() == 1
    assert len(list((media / "files").rglob("*.*"))) == 1


def test_a_refused_upload_changes_nothing(client, media, editor_a, commune_a):
    client.force_login(editor_a)
    response = upload_page(client, commune_a.code, PNG, name="bao-cao.pdf")
    assert "có đuôi &#x27;.pdf&#x27; nhưng nội dung là PNG" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not (media / "files").exists() or not list((media / "files").rglob("*.*"))


def test_an_upload_over_the_limit_is_stopped_while_it_arrives(
    client, media, editor_a, commune_a, settings
):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(editor_a)
    response = upload_page(client, commune_a.code, PDF + b"0" * 200_000)
    assert "Tệp quá lớn" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_viewer_cannot_upload(client, media, commune_a, editor_b):
    from lamtheo.org import services

    services.grant_role(
        user=editor_b, unit=commune_a, role="viewer", valid_from=commune_a.valid_from
    )
    client.force_login(editor_b)
    assert upload_page(client, commune_a.code, PDF).status_code == 404
    assert not Attachment.objects.exists()


def test_a_download_is_an_attachment_checked_for_access_and_logged(
    client, media, editor_a, editor_b, commune_a, provincial_admin
):
    client.force_login(editor_a)
    upload_page(client, commune_a.code, PDF, name="Kết luận 01-KL-TW.pdf")
    attachment = Attachment.objects.get()
    url = reverse("files:download", args=[attachment.uid])
    client.force_login(provincial_admin)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''K%E1%BA%BFt" in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]
    [entry] = Entry.objects.filter(action="download")
    assert (entry.actor, entry.unit_id, entry.object_repr) == (
        provincial_admin,
        commune_a.pk,
        "Kết luận 01-KL-TW.pdf",
    )
    client.force_login(editor_b)
    assert client.get(url).status_code == 404
    assert Entry.objects.filter(action="download").count() == 1


def test_nothing_serves_the_upload_folder(client, media, editor_a, commune_a, settings):
    client.force_login(editor_a)
    upload_page(client, commune_a.code, PDF)
    stored = Attachment.objects.get().file.name
    for prefix in ("/media/", "/", "/static/", "/tep/"):
        assert client.get(prefix + stored).status_code == 404


def test_the_api_uploads_once_per_idempotency_key_and_downloads(client, media, editor_a, commune_a):
    client.force_login(editor_a)
    url = f"/api/v1/org-units/{commune_a.code}/files"
    first = client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}, HTTP_IDEMPOTENCY_KEY="x1")
    again = client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}, HTTP_IDEMPOTENCY_KEY="x1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["uid"] == again.json()["uid"]
    bad = client.post(url, {"file": SimpleUploadedFile("a.pdf", PNG)})
    assert bad.status_code == 400
    assert "nội dung là PNG" in bad.json()["detail"]
    listed = client.get(url).json()
    assert [f["name"] for f in listed] == ["a.pdf"]
    download = client.get(f"/api/v1/files/{first.json()['uid']}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_an_editor_removes_a_file_and_it_leaves_the_disk(client, media, editor_a, commune_a):
    client.force_login(editor_a)
    upload_page(client, commune_a.code, PDF)
    attachment = Attachment.objects.get()
    path = media / attachment.file.name
    with __import__("django.test", fromlist=["x"]).TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("files:delete", args=[attachment.uid]))
    assert not Attachment.objects.exists()
    assert not path.exists()
    assert Entry.objects.filter(model="files.attachment", action="delete").count() == 1


def test_the_api_names_a_missing_or_oversized_file(client, media, editor_a, commune_a, settings):
    client.force_login(editor_a)
    url = f"/api/v1/org-units/{commune_a.code}/files"
    missing = client.post(url, {"ghi_chu": "không có tệp"})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"][-1] == "file"
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = client.post(url, {"file": SimpleUploadedFile("lon.pdf", PDF + b"0" * 1_100_000)})
    assert big.status_code == 413
    assert big.json()["detail"] == "Tệp quá lớn: tối đa 1 MB."
    assert not Attachment.objects.exists()
