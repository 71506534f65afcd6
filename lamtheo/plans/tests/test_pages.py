"""The plans area's pages as the issue lists them: every table exports as an Excel workbook
holding what the page shows; the programme tree draws its progress bars; an indicator's page
colours each unit's status and draws its figures over the years."""

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from lamtheo.files.models import Attachment
from lamtheo.plans import services, spreadsheets
from lamtheo.plans.models import Indicator, ProgressNote, Task

from .records import make_records


@pytest.fixture
def world(commune_a, editor_a):
    """Commune A's records (records.py: a programme with a focus and a task, a cascade, a theme,
    a commitment) and an indicator with A's figures for 2025 and 2026 and a target for 2026."""
    records = make_records(commune_a, editor_a)
    services.report_progress(
        task=Task.objects.get(pk=records["task"]), status="done", text="Đã ban hành", by=editor_a
    )
    poor = Indicator.objects.create(code="ho-ngheo", name="Số hộ nghèo", unit=commune_a)
    for year, value in ((2025, 80), (2026, 70)):  # the commune exists since 1/7/2025
        services.record_measurement(
            indicator=poor, unit=commune_a, period=str(year), value=Decimal(value), by=editor_a
        )
    services.save_target(
        indicator=poor,
        unit=commune_a,
        period="2026",
        kind="value",
        value=Decimal(90),
        by=editor_a,
    )
    return records


TABLES = [
    ("/ke-hoach/", "Kế hoạch năm 2026"),
    ("/ke-hoach/chuong-trinh/{programme}/", "Ban hành nghị quyết chuyên đề"),
    ("/ke-hoach/yeu-cau/{cascade}/", "Chi bộ 1"),
    ("/ke-hoach/viec-cua-don-vi/?don-vi=X25-A-CB1", "Gửi báo cáo 6 tháng"),
    ("/ke-hoach/chu-de/", "Đoàn kết, kỷ cương"),
    ("/ke-hoach/chi-tieu/", "Số hộ nghèo"),
    ("/ke-hoach/chi-tieu/ho-ngheo/?ky=2026", "Đảng ủy xã Mường Luân"),
    ("/ke-hoach/dang-ky/?nam=2026", "Đảng ủy xã Mường Luân"),  # the counts per unit
]


@pytest.mark.parametrize(("path", "shown"), TABLES, ids=[p for p, _ in TABLES])
def test_every_table_exports_what_it_shows_as_xlsx(path, shown, client, editor_a, world):
    client.force_login(editor_a)
    url = path.format(**world)
    page = client.get(url)
    assert page.status_code == 200
    assert shown in page.content.decode()
    answer = client.get(url + ("&" if "?" in url else "?") + "dinh-dang=xlsx")
    assert answer.status_code == 200, url
    assert answer["Content-Type"] == spreadsheets.XLSX
    body = b"".join(answer.streaming_content) if answer.streaming else answer.content
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert len(cells) > 1  # headers and rows
    assert any(shown in c for c in cells), (url, cells[:20])


def test_the_programme_tree_draws_each_branchs_progress(client, editor_a, world):
    client.force_login(editor_a)
    html = client.get(f"/ke-hoach/chuong-trinh/{world['programme']}/").content.decode()
    bars = re.findall(r'<progress class="progress" max="100" value="([0-9.]+)"', html)
    # the whole programme and its focus programme: the one task is done
    assert [float(v) for v in bars[:2]] == [100, 100], bars
    assert "style=" not in html.split("<main", 1)[1]  # the CSP blocks inline styles


def test_the_indicator_page_colours_the_status_and_charts_the_years(client, editor_a, world):
    client.force_login(editor_a)
    html = client.get("/ke-hoach/chi-tieu/ho-ngheo/", {"ky": "2026"}).content.decode()
    # 70 against a target of 90, higher being better (the default): missed, in red.
    assert 'class="status-missed"' in html
    chart = html[html.index('<svg class="chart"') :]
    chart = chart[: chart.index("</svg>")]
    assert chart.count("<circle") == 2  # 2025 and 2026, one point a year
    assert ">2026<" in chart


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_progress_note_carries_its_evidence_files_and_a_refused_file_changes_nothing(
    client, editor_a, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor_a)
    task = Task.objects.get(pk=world["task"])
    url = f"/ke-hoach/nhiem-vu/{task.pk}/"
    sent = {
        "status": "in_progress",
        "percent": "60",
        "text": "Đã họp chi bộ",
        "version": task.version,
    }
    answer = client.post(
        url,
        sent
        | {
            "files": [
                SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf"),
                SimpleUploadedFile("anh.pdf", b"\x89PNG\r\n\x1a\n" + PDF),
            ]
        },
    )
    assert answer.status_code == 200
    assert "nhưng nội dung là PNG" in answer.content.decode()
    assert Task.objects.get(pk=task.pk).version == task.version
    assert not ProgressNote.objects.filter(text="Đã họp chi bộ").exists()
    assert not Attachment.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))  # the good file was not stored either

    files = [SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")]
    answer = client.post(url, sent | {"files": files})
    assert answer.status_code == 302
    note = ProgressNote.objects.get(text="Đã họp chi bộ")
    [evidence] = Attachment.objects.filter(owner_id=str(note.pk))
    assert evidence.name == "bien-ban.pdf"
    page = client.get(url).content.decode()
    assert "bien-ban.pdf" in page
    assert Task.objects.get(pk=task.pk).percent == 60


def test_a_year_is_written_without_a_thousands_mark(client, editor_a, world):
    """Numbers are 1.567 in Vietnamese, but a year is 2026: in the heading, the input and the
    links that carry it."""
    client.force_login(editor_a)
    html = client.get("/ke-hoach/dang-ky/?nam=2026").content.decode()
    assert 'value="2026"' in html
    assert "2.026" not in html
