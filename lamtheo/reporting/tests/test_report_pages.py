"""The consolidated report's pages through the test client: consolidate, read the compiled body
and the sources of a number, set the header, render and download, the completeness workbook;
and who is kept out."""

import io
import re
from html import unescape

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from lamtheo.audit.models import Entry
from lamtheo.reporting import services
from lamtheo.reporting.models import Rendering, Report, Submission

pytestmark = pytest.mark.django_db

TITLE = "Báo cáo kết quả năm 2026 thực hiện Kết luận số 01-KL/TW"
TEXT_A = "Kết nạp 12 đảng viên mới."
TEXT_B = "Xã Mường Phăng kết nạp 9 đảng viên."


@pytest.fixture
def accepted(
    report_request, editor_a, editor_b, reviewer, indicators, template, commune_a, commune_b
):
    """Both communes handed in and were accepted: A 12 members and 8,5 %, B 9 and 4,5 %."""
    members, rate = indicators
    results = template.sections.get(kind="narrative", role="results")
    figures = {
        commune_a: ("12", "8,5", TEXT_A, editor_a),
        commune_b: ("9", "4,5", TEXT_B, editor_b),
    }
    done = {}
    for unit, (count, share, text, editor) in figures.items():
        submission = Submission.objects.get(request=report_request, unit=unit)
        submission = services.submit(
            submission=submission,
            by=editor,
            values={members.pk: count, rate.pk: share},
            narratives={results.pk: text},
            version=submission.version,
        )
        done[unit.code] = services.accept(
            submission=submission, by=reviewer, version=submission.version
        )
    return done


@pytest.fixture
def consolidated(accepted, report_request, provincial_admin):
    return services.consolidate(request=report_request, by=provincial_admin)


@pytest.fixture
def rendered(
    consolidated, provincial_admin, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    report = services.update_report(
        report=consolidated,
        by=provincial_admin,
        version=consolidated.version,
        number="499-BC/TU",
        place="Điện Biên",
        signed_on=consolidated.signed_on,
        issuer="TỈNH ỦY ĐIỆN BIÊN",
        abstract=consolidated.abstract,
        authority="T/M BAN THƯỜNG VỤ",
        signer_title="Phó Bí thư",
        signer="Nguyễn Văn A",
    )
    with django_capture_on_commit_callbacks(execute=True):
        rendering = services.queue_rendering(report=report, by=provincial_admin)
    rendering.refresh_from_db()
    return rendering


def _url(name, *args):
    return reverse(f"reporting:{name}", args=args)


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


def _header(report: Report, **changes) -> dict:
    data = {
        "action": "save",
        "version": report.version,
        "number": report.number,
        "place": report.place,
        "signed_on": report.signed_on.strftime("%d/%m/%Y"),
        "superior": report.superior,
        "issuer": report.issuer,
        "abstract": report.abstract,
        "authority": report.authority,
        "signer_title": report.signer_title,
        "signer": report.signer,
        "recipients": report.recipients,
    }
    return data | changes


def test_consolidating_names_each_units_narrative_and_totals_the_figures(
    client, provincial_admin, report_request, accepted, indicators
):
    client.force_login(provincial_admin)
    page = _page(client.get(_url("report", report_request.pk)))
    assert "Tổng hợp báo cáo" in page
    assert "Theo cơ cấu hiện nay (quy đổi)" in page
    assert not Report.objects.exists()

    response = client.post(_url("report", report_request.pk), {"action": "consolidate"})
    assert response.status_code == 302
    page = _page(client.get(response.url))
    assert "Đã tổng hợp báo cáo từ 2 báo cáo đã tiếp nhận." in page
    for code, text, unit in (
        ("X25-A", TEXT_A, "Đảng ủy xã Mường Luân"),
        ("X25-B", TEXT_B, "Đảng ủy xã Mường Phăng"),
    ):
        link = _url("submission", accepted[code].pk)
        assert re.search(rf"{re.escape(text)} <span[^>]*>— <a href=\"{link}\">{unit}</a>", page)
    members, _rate = indicators
    total = _url("sources", report_request.pk) + f"?chi-tieu={members.pk}"
    assert f'<a href="{total}" title="Xem nguồn số liệu">21</a>' in page
    assert ">6,5</a>" in page  # the average of 8,5 and 4,5, in Vietnamese
    assert '<svg class="chart"' in page
    assert "Tổng hợp lại" in page
    assert "2/2 đơn vị đã được tiếp nhận báo cáo" in page


def test_a_consolidated_number_links_to_the_figures_it_is_made_of(
    client, provincial_admin, report_request, consolidated, accepted, indicators, commune_a
):
    client.force_login(provincial_admin)
    page = _page(client.get(_url("report", report_request.pk)))
    members, _rate = indicators
    href = re.search(rf'href="([^"]*chi-tieu={members.pk})"', page).group(1)
    sources = _page(client.get(href))
    assert "Nguồn số liệu: Đảng viên mới kết nạp" in sources
    assert re.search(r'class="total">21</strong> người', sources)
    rows = re.findall(r"<tr><td>([^<]+)</td><td class=\"num\">([^<]+)</td>", sources)
    assert rows == [("Đảng ủy xã Mường Luân", "12"), ("Đảng ủy xã Mường Phăng", "9")]
    for submission in accepted.values():
        assert f'href="{_url("submission", submission.pk)}"' in sources
    # One unit's cell, and an average, from the breakdown table.
    one = client.get(
        _url("sources", report_request.pk),
        {"chi-tieu": _rate.pk, "hang": commune_a.pk},
    )
    assert re.search(r'class="total">8,5</strong> %', _page(one))
    # Without an indicator: every indicator's total, each leading to its own sources.
    overview = _page(client.get(_url("sources", report_request.pk)))
    wanted = _url("sources", report_request.pk) + f"?chi-tieu={members.pk}"
    assert f'href="{wanted}"' in overview.replace("&amp;", "&")
    for bad in (
        {"chi-tieu": "x"},
        {"chi-tieu": "999999"},
        {"chi-tieu": members.pk, "hang": "<b>"},
    ):
        assert client.get(_url("sources", report_request.pk), bad).status_code == 404


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("499/BC", "thiếu dấu '-' và ký hiệu cơ quan ban hành"),
        ("499/BC-UBND", "không theo thể thức văn bản của đơn vị"),
        ("499-NQ/TU", "không phải số của một báo cáo (BC)"),
    ],
)
def test_a_wrong_report_number_is_refused_on_its_field(
    client, provincial_admin, report_request, consolidated, number, message
):
    client.force_login(provincial_admin)
    response = client.post(_url("report", report_request.pk), _header(consolidated, number=number))
    page = _page(response)
    field = re.search(r'<div class="field invalid"><label for="id_number">.*?</div>', page, re.S)
    assert field, page
    assert message in field.group(0)
    consolidated.refresh_from_db()
    assert consolidated.number == ""


def test_the_header_is_saved_and_a_stale_form_is_told(
    client, provincial_admin, report_request, consolidated
):
    client.force_login(provincial_admin)
    data = _header(consolidated, number="Số 499-BC/TU", signed_on="16/12/2026")
    response = client.post(_url("report", report_request.pk), data)
    assert response.status_code == 302
    consolidated.refresh_from_db()
    assert (consolidated.number, consolidated.signed_on.isoformat()) == ("499-BC/TU", "2026-12-16")
    stale = _page(client.post(_url("report", report_request.pk), data))  # the old version
    assert "đã được người khác thay đổi" in stale
    bad_day = _page(
        client.post(
            _url("report", report_request.pk), _header(consolidated, signed_on="31/02/2026")
        )
    )
    assert re.search(r'<div class="field invalid"><label for="id_signed_on">', bad_day)


def test_rendering_makes_the_files_and_the_docx_downloads(
    client, provincial_admin, report_request, rendered
):
    assert rendered.state == Rendering.State.DONE, rendered.error
    assert rendered.done == rendered.total > 0
    client.force_login(provincial_admin)
    page = _page(client.get(_url("report", report_request.pk)))
    for kind in ("docx", "pdf", "xlsx"):
        assert f'href="{_url("download", rendered.pk, kind)}"' in page
    fragment = _page(client.get(_url("rendering", rendered.pk), headers={"HX-Request": "true"}))
    assert "<html" not in fragment
    assert "hx-trigger" not in fragment
    assert "Xong" in fragment
    assert "<html" in _page(client.get(_url("rendering", rendered.pk)))

    response = client.get(_url("download", rendered.pk, "docx"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert 'filename="499-BC-TU.docx"' in response["Content-Disposition"]
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    texts = [p.text for p in document.paragraphs]
    texts += [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
    assert "Số 499-BC/TU" in texts
    assert any(TEXT_A in text for text in texts)
    entry = Entry.objects.get(action=Entry.Action.DOWNLOAD, object_pk=str(rendered.pk))
    assert entry.model == "reporting.rendering"
    pdf = client.get(_url("download", rendered.pk, "pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(_url("download", rendered.pk, "exe")).status_code == 404


def test_a_rendering_in_progress_polls_every_second(
    client, provincial_admin, report_request, consolidated
):
    client.force_login(provincial_admin)
    response = client.post(_url("render", report_request.pk), headers={"HX-Request": "true"})
    rendering = Rendering.objects.get()
    assert rendering.state == Rendering.State.QUEUED  # nothing ran: no commit in this test
    fragment = _page(response)
    assert f'hx-get="{_url("rendering", rendering.pk)}" hx-trigger="every 1s"' in fragment
    Rendering.objects.filter(pk=rendering.pk).update(state="running", done=3, total=12)
    fragment = _page(client.get(_url("rendering", rendering.pk), headers={"HX-Request": "true"}))
    assert '<progress class="progress" value="3" max="12"' in fragment
    assert "25%" in fragment
    assert client.get(_url("download", rendering.pk, "docx")).status_code == 404
    Rendering.objects.filter(pk=rendering.pk).update(state="failed", error="Thiếu phông chữ")
    fragment = _page(client.get(_url("rendering", rendering.pk)))
    assert "Không tạo được bản in: Thiếu phông chữ" in fragment
    assert "hx-trigger" not in fragment


def test_the_completeness_table_as_a_workbook(client, provincial_admin, report_request, accepted):
    client.force_login(provincial_admin)
    response = client.get(_url("completeness_xlsx", report_request.pk))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == TITLE
    header = rows.index(
        ["Đơn vị", "Trạng thái", "Nộp lần đầu", "Hạn nộp", "Thời hạn", "Tiếp nhận lúc"]
    )
    body = rows[header + 1 :]
    assert [(r[0], r[1], r[4]) for r in body] == [
        ("Đảng ủy xã Mường Luân", "Đã tiếp nhận", "Đúng hạn"),
        ("Đảng ủy xã Mường Phăng", "Đã tiếp nhận", "Đúng hạn"),
    ]
    assert all(r[2] is not None for r in body)
    assert Entry.objects.filter(action=Entry.Action.EXPORT, model="reporting.request").exists()


def test_the_communes_reach_none_of_the_issuers_report_pages(
    client, editor_a, editor_b, report_request, rendered, indicators, commune_a
):
    members, _rate = indicators
    pages = [
        ("get", _url("report", report_request.pk)),
        ("post", _url("report", report_request.pk)),
        ("get", _url("sources", report_request.pk) + f"?chi-tieu={members.pk}"),
        ("get", _url("sources", report_request.pk) + f"?chi-tieu={members.pk}&hang={commune_a.pk}"),
        ("post", _url("render", report_request.pk)),
        ("get", _url("rendering", rendered.pk)),
        ("get", _url("download", rendered.pk, "docx")),
        ("get", _url("completeness_xlsx", report_request.pk)),
    ]
    for user in (editor_b, editor_a):  # recipients both: they see the request, not the report
        client.force_login(user)
        for method, url in pages:
            response = getattr(client, method)(
                url, {"action": "consolidate"} if method == "post" else None
            )
            assert response.status_code == 404, (user.username, url)
    assert Rendering.objects.count() == 1
    assert not Entry.objects.filter(action=Entry.Action.DOWNLOAD).exists()


def test_only_the_issuers_writers_consolidate(client, editor_a, reviewer, report_request, accepted):
    consolidate = {"action": "consolidate"}
    client.force_login(editor_a)
    assert client.post(_url("report", report_request.pk), consolidate).status_code == 404
    client.force_login(reviewer)  # sees the report pages of the province, writes none of them
    page = _page(client.get(_url("report", report_request.pk)))
    assert "Tổng hợp báo cáo" not in page
    assert client.post(_url("report", report_request.pk), consolidate).status_code == 403
    assert client.post(_url("render", report_request.pk)).status_code == 403
    assert not Report.objects.exists()


def test_consolidating_restated_links_to_restated_sources(
    client, provincial_admin, report_request, accepted, indicators
):
    client.force_login(provincial_admin)
    client.post(_url("report", report_request.pk), {"action": "consolidate", "restated": "1"})
    report = Report.objects.get()
    assert report.restated
    page = _page(client.get(_url("report", report_request.pk)))
    assert "theo cơ cấu hiện nay (quy đổi)" in page
    members, _rate = indicators
    href = re.search(rf'href="([^"]*chi-tieu={members.pk}&quy-doi=1)"', page).group(1)
    sources = _page(client.get(href))
    assert "Theo cơ cấu hiện nay (quy đổi)" in sources
    assert re.search(r'class="total">21</strong>', sources)
