"""The reporting part of the demo holds what the founding texts say (../shared/DEMO.md): Tỉnh ủy
Bắc Kạn's Báo cáo 499-BC/TU of 16/5/2024 on 3 years of KL 01 [001], consolidated from its
districts' answers, with the 1.567 commended cases computed from the honours statistics; and
Tỉnh ủy Thái Nguyên's 2025 round, half done.

The demo is loaded once for the module, inside a transaction rolled back at its end; each test
runs in a savepoint of it (the `db` fixture)."""

import io
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from docx import Document

from lamtheo.audit.models import Entry
from lamtheo.honours import selectors as honours
from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit
from lamtheo.reporting import demo, official, selectors
from lamtheo.reporting.domain import Timeliness
from lamtheo.reporting.models import Narrative, Report, Request, Revision, Status
from lamtheo.reporting.render import render_docx
from lamtheo.vn.numbers import format_number

TODAY = date(2026, 12, 4)  # after both deadlines


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        call_command("load-demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _unit(name: str, on: date) -> OrgUnit:
    return OrgUnit.objects.valid_on(on).get(name=name)


@pytest.fixture
def report(loaded, db) -> Report:
    return Report.objects.select_related("unit", "request").get(number="499-BC/TU")


@pytest.fixture
def kl01(loaded, db) -> Request:
    return Request.objects.get(period="2021-2024", unit__name="Tỉnh ủy Bắc Kạn")


def _paragraphs(container):
    yield from container.paragraphs
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from _paragraphs(cell)


def test_the_499_report_has_its_number_date_and_signer(report):
    assert report.unit == _unit("Tỉnh ủy Bắc Kạn", date(2024, 5, 16))
    assert (report.number, report.signed_on, report.place) == (
        "499-BC/TU",
        date(2024, 5, 16),
        "Bắc Kạn",
    )
    assert (report.authority, report.signer_title, report.signer) == (
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ THƯỜNG TRỰC",
        "Phương Thị Thanh",
    )
    assert report.issuer == "TỈNH ỦY BẮC KẠN"
    assert "01-KL/TW" in report.abstract
    assert report.recipients.splitlines()[-1] == "- Lưu Văn phòng Tỉnh ủy."
    assert report.request.kind == "interim"
    assert report.request.document.symbol == "01-KL/TW"
    assert report.generated_at.year == 2024
    headings = [b["text"] for b in report.body if b["t"] == "heading"]
    assert headings[0] == "I. KẾT QUẢ ĐẠT ĐƯỢC"
    assert {"IV. HẠN CHẾ", "V. NGUYÊN NHÂN", "VI. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI"} <= set(
        headings
    )


def test_its_figures_read_the_1567_commended_cases_from_the_honours_statistics(report):
    bac_kan = report.unit
    counted = honours.stats(bac_kan, year_from=2021, year_to=2024, counting="commended")
    assert counted.total.cases == 1567
    figures = next(b for b in report.body if b["t"] == "table")
    rows = {row[1]: row[3] for row in figures["rows"]}
    assert rows["Điển hình tiên tiến được biểu dương, khen thưởng"] == "1.567"
    assert rows["Lượt khen thưởng"] == format_number(counted.total.commendations)
    assert f"don-vi={bac_kan.code}&tu=2021&den=2024" in figures["links"][0][3]  # its sources
    # Not typed in: the drafter wrote a placeholder, the consolidation filled it.
    texts = [b["text"] for b in report.body if b["t"] == "paragraph"]
    assert any("Toàn tỉnh có 1.567 điển hình được các cấp ủy biểu dương" in t for t in texts)
    written = Narrative.objects.filter(revision__submission__request=report.request)
    assert not written.filter(text__contains="1.567").exists()
    assert written.filter(text__contains="{{cases_commended}}").count() == 1


def test_the_province_wide_texts_give_what_001_says_and_the_rest_says_demo(report):
    paragraphs = [b for b in report.body if b["t"] == "paragraph"]
    drafted = [p["text"] for p in paragraphs if p["source"] == demo.DRAFTER]
    for start in ("Thứ nhất,", "Thứ hai,", "Thứ ba,", "Thứ tư,"):
        assert sum(t.startswith(start) for t in drafted) == 1
    assert any("chuyến xe không đồng, bữa cơm nhân ái" in t for t in drafted)
    assert any("Tự phê bình và phê bình" in t for t in drafted)
    assert any("Kết luận số 21-KL/TW và Quy định số 144-QĐ/TW" in t for t in drafted)
    others = [p["text"] for p in paragraphs if p["source"] != demo.DRAFTER]
    assert len(others) >= 8
    assert all(t.endswith(demo.DEMO + ".") or demo.DEMO in t for t in others)
    notes = Revision.objects.filter(submission__request=report.request)
    assert all("demo" in note for note in notes.values_list("note", flat=True))
    # The indicator table adds up the districts' demo figures.
    table = next(b for b in report.body if b["t"] == "table" and "chỉ tiêu" in b["caption"])
    totals = {row[1]: (row[3], row[4]) for row in table["rows"]}
    assert totals["Cán bộ, đảng viên đăng ký việc làm theo"] == ("37.525", "8")


def test_completeness_shows_the_late_one_and_the_one_returned_then_accepted(kl01):
    done = selectors.completeness(kl01, today=TODAY)
    bac_kan = kl01.unit
    districts = {u.name for u in org.children(bac_kan, as_of=kl01.as_of) if u.kind == "district"}
    assert len(districts) == 8
    assert {row.unit.name for row in done.rows} == districts | {demo.DRAFTER}
    assert done.by_status[Status.ACCEPTED] == 9
    assert done.by_state[Timeliness.LATE] == 1
    assert done.by_state[Timeliness.ON_TIME] == 8
    states = {row.unit.name: row.state for row in done.rows}
    assert states["Huyện ủy Pác Nặm"] == Timeliness.LATE

    na_ri = next(row for row in done.rows if row.unit.name == "Huyện ủy Na Rì")
    assert states["Huyện ủy Na Rì"] == Timeliness.ON_TIME  # first handed in by the deadline
    first, second = na_ri.revisions.order_by("number")
    assert na_ri.accepted == second
    assert first.accepted_at is None
    assert first.submitted_at.date() == date(2024, 4, 9)
    assert second.submitted_at.date() == date(2024, 4, 16)
    changes = selectors.diff(first, second)
    assert [(c.label, c.old, c.new) for c in changes] == [
        ("Cán bộ, đảng viên đăng ký việc làm theo", "14.410", "4.410")
    ]
    returned = Entry.objects.filter(
        model="reporting.submission", object_pk=str(na_ri.pk), changes__has_key="reason"
    )
    assert any(
        "rà soát lại" in (entry.changes["reason"][1] or "")
        for entry in returned
        if "decided_by" in entry.changes
    )
    # Every step is dated in 2024, and was taken by the demo sign-ins, no superuser.
    for row in done.rows:
        assert {row.first_submitted_at.year, row.submitted_at.year, row.decided_at.year} == {2024}
        assert row.decided_by.username == "tinh"
    revisions = Revision.objects.filter(submission__request=kl01)
    assert {r.saved_at.year for r in revisions} == {2024}
    assert {r.saved_by.username for r in revisions} == {"tinh", "babe"}
    assert kl01.created_at.date() == date(2024, 3, 1)


def test_thai_nguyen_2025_round_is_half_done(loaded, db):
    request = Request.objects.get(period="2025", unit__name="Tỉnh ủy Thái Nguyên")
    assert (request.as_of, request.deadline) == (date(2025, 12, 1), date(2026, 1, 15))
    communes = {
        u.pk for u in org.children(request.unit, as_of=request.as_of) if u.kind == "commune"
    }
    done = selectors.completeness(request, today=TODAY)
    recipients = {row.unit_id for row in done.rows}
    assert len(recipients) >= 30
    assert recipients <= communes
    names = {row.unit.name for row in done.rows}
    assert {"Đảng ủy xã Ba Bể", "Đảng ủy phường Bắc Kạn", "Đảng ủy xã Bạch Thông"} <= names
    statuses = done.by_status
    assert all(statuses[s] > 0 for s in (Status.ACCEPTED, Status.SUBMITTED, Status.DRAFT))
    assert statuses[Status.PENDING] > 0
    assert statuses[Status.ACCEPTED] > len(done.rows) / 2
    assert done.by_state[Timeliness.MISSING] == statuses[Status.PENDING] + statuses[Status.DRAFT]
    assert done.by_state[Timeliness.LATE] > 0
    # The communes' 2025 industry figures are those the plans demo records.
    consolidated = selectors.consolidate(request, today=TODAY)
    industry = next(i for i in consolidated.indicators if i.code == "bk-gtsx-cong-nghiep")
    ward = _unit("Đảng ủy phường Bắc Kạn", date(2026, 1, 1))
    assert str(consolidated.cells[(industry.pk, ward.pk)].value.normalize()) == "1310.5"


def test_the_499_report_renders_to_word(report):
    word = Document(io.BytesIO(render_docx(official.document_of(report))))
    texts = [p.text for p in _paragraphs(word)]
    assert "Số 499-BC/TU" in texts
    assert "Bắc Kạn, ngày 16 tháng 5 năm 2024" in texts
    assert "Phương Thị Thanh" in texts
    assert any("1.567" in t for t in texts)
