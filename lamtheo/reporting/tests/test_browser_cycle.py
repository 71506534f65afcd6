"""The reporting issue's "Done when", in Chromium: the province asks its three communes for the
yearly report; A hands in on time; B hands in, is returned with a reason and hands in again;
C hands in late; the reviewer accepts all three and the request counts 2 on time, 1 late; the
province consolidates, numbers the report 499-BC/TU, renders it, follows the bar and downloads
the .docx, which LibreOffice turns into a PDF whose first page has the Party heading, the
issuer, the number and the date line.

Lateness without a frozen clock: the request is due today, and before C hands in, the province
sets C's own deadline two days back (`services.extend_deadline`, the issuing unit's way of
giving one recipient another date). Timeliness is judged by the first hand-in day against the
recipient's deadline, so A and B (today, due today) are on time and C (today, due two days
ago) is late, whatever the hour. No worker runs: tasks stay queued (the dummy backend) and
the test runs the render task itself while the page shows the bar, so the bar is seen waiting
and then replaced by the downloads through the page's own polling (htmx, every second).
"""

import os
import re
import shutil
import subprocess
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from pypdf import PdfReader

from lamtheo.reporting import services, tasks
from lamtheo.reporting.models import Rendering, Report, Request, Submission
from lamtheo.vn.dates import format_date_line

from ...files.tests.test_browser_upload import sign_in

pytestmark = pytest.mark.browser

# Tasks are queued and left there; the test runs the render itself, as a worker would.
QUEUED = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
TITLE = "Báo cáo kết quả năm 2026 thực hiện Kết luận số 01-KL/TW"


def _sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/**")


def _hand_in(page, live_server, username, submission, values, text):
    """The commune's editor fills the form of its submission and sends it."""
    path = f"/bao-cao/nop/{submission.pk}/"
    sign_in(page, live_server, username, path)
    for pk, value in values.items():
        page.locator(f'[name="value-{pk}"]').fill(value)
    for pk, written in text.items():
        page.locator(f'[name="section-{pk}"]').fill(written)
    page.get_by_role("button", name="Gửi báo cáo").click()
    assert page.get_by_text("Đã gửi báo cáo.").is_visible()
    _sign_out(page)


def _pdf_of(docx_path: str, workdir) -> str:
    """The .docx through LibreOffice, as a new user would print it; page 1's text."""
    binary = shutil.which("soffice")
    if binary is None:
        message = "LibreOffice (soffice) not found: `apt-get install libreoffice-writer`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    source = workdir / "499-BC-TU.docx"
    shutil.copyfile(docx_path, source)
    subprocess.run(
        [
            binary,
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = PdfReader(workdir / "499-BC-TU.pdf").pages[0].extract_text()
    return " ".join(text.split())


def test_a_new_user_runs_the_whole_cycle_in_a_browser(
    page, live_server, provincial_admin, reviewer, editor_a, editor_b, editor_c, commune_a,
    commune_b, commune_c, template, indicators, settings, tmp_path,
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = QUEUED
    members, rate = indicators
    narrative = {s.role: s for s in template.sections.filter(kind="narrative")}["results"]
    today = timezone.localdate()

    # The province issues the request to its three communes, due today.
    sign_in(page, live_server, "tinh_admin", "/bao-cao/yeu-cau/moi/")
    page.get_by_label("Đơn vị yêu cầu").select_option(label="Tỉnh ủy Điện Biên")
    page.get_by_label("Mẫu báo cáo").select_option(label=f"{template.name} (v1)")
    page.get_by_label("Tên báo cáo").fill(TITLE)
    page.get_by_label("Kỳ báo cáo").fill("2026")
    page.get_by_label("Hạn nộp").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Gửi đến").select_option("children")
    page.get_by_role("button", name="Gửi yêu cầu báo cáo").click()
    assert page.get_by_text("Đã gửi yêu cầu báo cáo đến 3 đơn vị.").is_visible()
    issued = Request.objects.get()
    _sign_out(page)
    a, b, c = (
        Submission.objects.get(request=issued, unit=u) for u in (commune_a, commune_b, commune_c)
    )
    c = services.extend_deadline(
        submission=c, deadline=today - timedelta(days=2), by=provincial_admin, version=c.version
    )

    _hand_in(page, live_server, "xa_a", a, {members.pk: "12", rate.pk: "8,5"},
             {narrative.pk: "Kết nạp 12 đảng viên mới."})  # fmt: skip
    _hand_in(page, live_server, "xa_b", b, {members.pk: "1.000", rate.pk: "4,5"},
             {narrative.pk: "Kết nạp đảng viên."})  # fmt: skip

    sign_in(page, live_server, "tinh_tham_dinh", f"/bao-cao/nop/{b.pk}/")
    page.get_by_label("Lý do trả lại").fill("Số đảng viên mới kết nạp quá lớn, đề nghị xem lại.")
    page.get_by_role("button", name="Trả lại", exact=True).click()
    assert page.get_by_text("Đã trả lại báo cáo cho đơn vị.").is_visible()
    _sign_out(page)

    sign_in(page, live_server, "xa_b", f"/bao-cao/nop/{b.pk}/")
    assert page.get_by_text("quá lớn, đề nghị xem lại").is_visible()
    _sign_out(page)
    _hand_in(page, live_server, "xa_b", b, {members.pk: "9"},
             {narrative.pk: "Xã Mường Phăng kết nạp 9 đảng viên."})  # fmt: skip
    _hand_in(page, live_server, "xa_c", c, {members.pk: "5", rate.pk: "10"},
             {narrative.pk: "Xã Mường Nhà kết nạp 5 đảng viên."})  # fmt: skip

    sign_in(page, live_server, "tinh_tham_dinh", f"/bao-cao/nop/{a.pk}/")
    for submission in (a, b, c):
        page.goto(f"{live_server.url}/bao-cao/nop/{submission.pk}/")
        page.get_by_role("button", name="Tiếp nhận", exact=True).click()
        assert page.get_by_text("Đã tiếp nhận báo cáo.").is_visible()
    page.goto(f"{live_server.url}/bao-cao/yeu-cau/{issued.pk}/")
    tally = page.locator("ul.completeness")
    assert re.search(r"Đúng hạn\s*2", tally.inner_text())
    assert re.search(r"Nộp muộn\s*1", tally.inner_text())
    _sign_out(page)

    # The province consolidates, numbers, renders and downloads its report.
    sign_in(page, live_server, "tinh_admin", f"/bao-cao/yeu-cau/{issued.pk}/")
    page.get_by_role("link", name="Báo cáo tổng hợp", exact=True).click()
    page.get_by_role("button", name="Tổng hợp báo cáo").click()
    assert page.get_by_text("Đã tổng hợp báo cáo từ 3 báo cáo đã tiếp nhận.").is_visible()
    body = page.locator("article.report-body")
    assert body.get_by_role("link", name="Đảng ủy xã Mường Nhà").is_visible()
    assert "Xã Mường Phăng kết nạp 9 đảng viên." in body.inner_text()
    page.get_by_label("Số, ký hiệu").fill("499/BC")
    page.get_by_role("button", name="Lưu phần đầu và phần ký").click()
    assert page.get_by_text("thiếu dấu '-' và ký hiệu cơ quan ban hành").is_visible()
    page.get_by_label("Số, ký hiệu").fill("499-BC/TU")
    page.get_by_role("button", name="Lưu phần đầu và phần ký").click()
    assert page.get_by_text("Đã lưu phần đầu và phần ký của báo cáo.").is_visible()

    body.get_by_role("link", name="26", exact=True).click()  # 12 + 9 + 5: its sources
    assert page.get_by_role("heading", name="Nguồn số liệu: Đảng viên mới kết nạp").is_visible()
    assert page.locator("table.sources tbody tr").count() == 3
    page.go_back()

    page.get_by_role("button", name="Tạo bản in (.docx, .pdf, .xlsx)").click()
    bar = page.get_by_role("progressbar", name="Tiến độ tạo bản in")
    assert bar.is_visible()
    assert page.locator(".rendering .badge").first.inner_text() == "Đang chờ"
    (rendering,) = Rendering.objects.all()
    assert tasks.render.call(rendering.pk) == "done"  # what `lamtheo worker` would run
    word = page.get_by_role("link", name="Tải bản Word (.docx)")
    word.wait_for(timeout=30_000)  # the page asks every second (htmx) and shows the files
    assert not bar.count()
    assert page.locator(".rendering .badge").first.inner_text() == "Xong"
    with page.expect_download() as info:
        word.click()
    download = info.value
    assert download.suggested_filename == "499-BC-TU.docx"
    assert {urlsplit(u).hostname for u in page.requested_urls} == {"127.0.0.1"}

    report = Report.objects.get()
    text = _pdf_of(download.path(), tmp_path)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        report.issuer,
        "Số 499-BC/TU",
        format_date_line(report.place, report.signed_on),
    ):
        assert expected in text, (expected, text)
    assert report.issuer == "TỈNH ỦY ĐIỆN BIÊN"
    assert (report.place, report.signed_on) == ("Điện Biên", today)  # the defaults kept
