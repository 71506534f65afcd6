"""The writers of the reporting area, one rule at a time: templates and their versions,
requests and the submissions they create, every move of a submission (and every refused one,
which changes nothing), and the reminders of what is due and overdue."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from lamtheo.accounts.models import Notification
from lamtheo.org import services as org
from lamtheo.reporting import selectors, services
from lamtheo.reporting.domain import ReportingError, Timeliness
from lamtheo.reporting.models import (
    Narrative,
    Request,
    Revision,
    Section,
    Status,
    Submission,
    Template,
    Value,
)
from lamtheo.reporting.services import SectionSpec

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def _section(template, role: str) -> Section:
    return template.sections.get(kind="narrative", role=role)


def _of(report_request, unit) -> Submission:
    return Submission.objects.get(request=report_request, unit=unit)


def _state(submission: Submission):
    """Everything a refused move must leave as it was."""
    s = Submission.objects.get(pk=submission.pk)
    revisions = [
        (
            r.number,
            r.submitted_at,
            r.accepted_at,
            sorted(r.values.values_list("indicator_id", "value")),
            sorted(r.narratives.values_list("section_id", "text")),
        )
        for r in s.revisions.order_by("number")
    ]
    return (
        s.status,
        s.version,
        s.revision,
        s.accepted_id,
        s.first_submitted_at,
        s.submitted_at,
        s.decided_at,
        s.reason,
        revisions,
    )


# --- Templates --------------------------------------------------------------------------------


def test_a_template_is_stored_with_its_sections_in_the_usual_order(
    template, indicators, province, provincial_admin
):
    members, rate = indicators
    assert (template.unit, template.code, template.number) == (province, "bao-cao-nam", 1)
    assert (template.in_use, template.created_by) == (False, provincial_admin)
    sections = list(template.sections.order_by("position"))
    assert [(s.position, s.kind, s.role) for s in sections] == [
        (1, "narrative", "results"),
        (2, "figures", "other"),
        (3, "indicators", "other"),
        (4, "narrative", "limitations"),
        (5, "narrative", "causes"),
        (6, "narrative", "tasks"),
    ]
    assert sections[1].figures == ["cases_commended"]
    assert set(sections[2].indicators.all()) == {members, rate}
    assert sections[0].figures == []
    assert not sections[0].indicators.exists()


def test_a_second_template_with_the_same_code_is_refused(template, province, provincial_admin):
    with pytest.raises(ReportingError) as refused:
        services.create_template(
            unit=province,
            code="BAO-CAO-NAM",
            name="Mẫu khác",
            sections=services.standard_sections(),
            by=provincial_admin,
        )
    assert refused.value.field == "code"
    assert "bao-cao-nam" in str(refused.value)
    assert Template.objects.count() == 1


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (SectionSpec("indicators", "Bảng chỉ tiêu"), "bảng chỉ tiêu cần ít nhất một chỉ tiêu"),
        (
            SectionSpec("figures", "Số liệu", figures=["khong-co-so-lieu-nay"]),
            "hãy chọn số liệu tự động",
        ),
        (SectionSpec("figures", "Số liệu"), "hãy chọn số liệu tự động"),
        (SectionSpec("poem", "Bài thơ"), "hãy chọn loại phần"),
        (SectionSpec("narrative", "Kết quả", role="boss"), "vai trò không hợp lệ"),
        (SectionSpec("narrative", "   "), "hãy nhập tiêu đề"),
        (SectionSpec("narrative", "x" * 301), "hãy nhập tiêu đề"),
    ],
)
def test_a_bad_section_is_refused_naming_it_and_nothing_is_stored(
    province, provincial_admin, bad, words
):
    sections = [SectionSpec("narrative", "Kết quả đạt được", "results"), bad]
    with pytest.raises(ReportingError) as refused:
        services.create_template(
            unit=province, code="mau", name="Mẫu", sections=sections, by=provincial_admin
        )
    assert refused.value.field == "sections"
    assert str(refused.value).startswith("Phần 2:")
    assert words in str(refused.value)
    assert not Template.objects.exists()
    assert not Section.objects.exists()


def test_a_template_without_sections_is_refused(province, provincial_admin):
    with pytest.raises(ReportingError) as refused:
        services.create_template(
            unit=province, code="mau", name="Mẫu", sections=[], by=provincial_admin
        )
    assert refused.value.field == "sections"
    assert not Template.objects.exists()


def test_an_editor_of_a_commune_does_not_build_the_provinces_templates(province, editor_a):
    with pytest.raises(ReportingError) as refused:
        services.create_template(
            unit=province, code="mau", name="Mẫu", sections=services.standard_sections(),
            by=editor_a,
        )  # fmt: skip
    assert refused.value.field == "unit"
    assert not Template.objects.exists()


def test_revising_a_template_not_in_use_rewrites_it(template, provincial_admin):
    before = template.version
    revised = services.revise_template(
        template=template,
        name="Báo cáo năm (sửa)",
        sections=[
            SectionSpec("narrative", "Tình hình chung", "results"),
            SectionSpec("narrative", "Kiến nghị"),
        ],
        by=provincial_admin,
        version=template.version,
    )
    assert revised.pk == template.pk
    assert (revised.number, revised.name, revised.version) == (1, "Báo cáo năm (sửa)", before + 1)
    assert Template.objects.count() == 1
    assert list(revised.sections.order_by("position").values_list("title", flat=True)) == [
        "Tình hình chung",
        "Kiến nghị",
    ]
    assert Section.objects.count() == 2  # the old sections are gone


def test_revising_a_template_in_use_makes_the_next_version_and_the_request_keeps_its_own(
    template, report_request, provincial_admin
):
    template.refresh_from_db()
    assert template.in_use
    old_titles = list(template.sections.order_by("position").values_list("title", flat=True))
    v2 = services.revise_template(
        template=template,
        name="Báo cáo năm, mẫu 2027",
        sections=[SectionSpec("narrative", "Kết quả", "results")],
        by=provincial_admin,
        version=template.version,
    )
    assert v2.pk != template.pk
    assert (v2.unit_id, v2.code, v2.number, v2.in_use) == (
        template.unit_id,
        template.code,
        2,
        False,
    )
    assert list(v2.sections.values_list("title", flat=True)) == ["Kết quả"]
    v1 = Template.objects.get(pk=template.pk)
    assert (v1.name, v1.number, v1.version) == (template.name, 1, template.version)
    assert list(v1.sections.order_by("position").values_list("title", flat=True)) == old_titles
    report_request.refresh_from_db()
    assert report_request.template_id == v1.pk

    # The old version is no longer the one to change; the stale read of v2 neither.
    with pytest.raises(ReportingError) as refused:
        services.revise_template(
            template=v1, name="Sửa bản cũ", sections=[SectionSpec("narrative", "X")],
            by=provincial_admin, version=v1.version,
        )  # fmt: skip
    assert refused.value.field == "version"
    assert "v2" in str(refused.value)
    v2 = services.revise_template(
        template=v2, name="Báo cáo năm, mẫu 2027 (sửa)",
        sections=[SectionSpec("narrative", "Kết quả", "results")], by=provincial_admin,
        version=v2.version,
    )  # fmt: skip
    assert (v2.number, Template.objects.count()) == (2, 2)
    with pytest.raises(ReportingError) as stale:
        services.revise_template(
            template=v2, name="Cũ", sections=[SectionSpec("narrative", "X")],
            by=provincial_admin, version=v2.version - 1,
        )  # fmt: skip
    assert stale.value.field == "version"
    assert Template.objects.get(pk=v1.pk).name == template.name


# --- Requests ---------------------------------------------------------------------------------


def _issue(template, units, by, **extra):
    values = {
        "unit": template.unit,
        "template": template,
        "title": "Báo cáo năm 2026",
        "period": "2026",
        "deadline": date(2026, 12, 15),
        "units": units,
        "by": by,
        "as_of": date(2026, 12, 1),
    } | extra
    return services.issue_request(**values)


def _nothing_issued(template):
    assert not Request.objects.exists()
    assert not Submission.objects.exists()
    template.refresh_from_db()
    assert not template.in_use


def test_a_request_makes_one_submission_per_recipient_with_the_deadline(
    template, commune_a, commune_b, provincial_admin, province
):
    request = _issue(template, [commune_a, commune_b, commune_a], provincial_admin)
    assert (request.period_start, request.period_end) == (date(2026, 1, 1), date(2027, 1, 1))
    assert request.province_code == province.province_code
    rows = list(request.submissions.order_by("unit__code"))
    assert [s.unit for s in rows] == [commune_a, commune_b]  # a unit named twice asked once
    for s in rows:
        assert (s.status, s.deadline, s.revision, s.accepted) == (
            Status.PENDING,
            date(2026, 12, 15),
            0,
            None,
        )
        assert s.first_submitted_at is None
        assert s.province_code == "11"
    template.refresh_from_db()
    assert template.in_use


def test_a_recipient_outside_the_issuers_subtree_on_the_day_is_refused_naming_it(
    template, commune_a, commune_b, provincial_admin
):
    other = org.create_unit(
        code="T12", name="Tỉnh ủy Lai Châu", kind="province", valid_from=date(2008, 8, 1)
    )
    stranger = org.create_unit(
        code="X12-1", name="Đảng ủy xã Bum Tở", kind="commune", valid_from=date(2025, 7, 1),
        parent=other,
    )  # fmt: skip
    with pytest.raises(ReportingError) as refused:
        _issue(template, [commune_a, stranger], provincial_admin)
    assert refused.value.field == "rule"
    assert "Đảng ủy xã Bum Tở" in str(refused.value)
    assert "Tỉnh ủy Điện Biên" in str(refused.value)
    _nothing_issued(template)

    # Mường Luân exists from 1/7/2025: on 1/6/2025 it was under nobody.
    with pytest.raises(ReportingError) as refused:
        _issue(template, [commune_a], provincial_admin, as_of=date(2025, 6, 1))
    assert refused.value.field == "rule"
    assert "Đảng ủy xã Mường Luân" in str(refused.value)
    assert "01/06/2025" in str(refused.value)
    _nothing_issued(template)

    # The issuer itself is not one of its recipients.
    with pytest.raises(ReportingError) as refused:
        _issue(template, [template.unit], provincial_admin)
    assert "Tỉnh ủy Điện Biên không phải" in str(refused.value)
    _nothing_issued(template)


@pytest.mark.parametrize("period", ["2026-13", "2026-H3", "năm nay", "", "99999"])
def test_a_bad_period_code_is_refused_on_the_period_field(
    template, commune_a, provincial_admin, period
):
    with pytest.raises(ReportingError) as refused:
        _issue(template, [commune_a], provincial_admin, period=period)
    assert refused.value.field == "period"
    _nothing_issued(template)


def test_a_template_of_a_sibling_unit_is_refused_and_one_from_above_is_taken(
    template, commune_a, commune_b, admin_a, editor_b
):
    cell = org.create_unit(
        code="CB-B1", name="Chi bộ bản Phăng", kind="cell", valid_from=date(2025, 7, 1),
        parent=commune_b,
    )  # fmt: skip
    theirs = services.create_template(
        unit=commune_a, code="mau-xa", name="Mẫu của xã Mường Luân",
        sections=services.standard_sections(), by=admin_a,
    )  # fmt: skip
    with pytest.raises(ReportingError) as refused:
        _issue(theirs, [cell], editor_b, unit=commune_b)
    assert refused.value.field == "template"
    assert "Mẫu của xã Mường Luân" in str(refused.value)
    assert not Request.objects.exists()
    theirs.refresh_from_db()
    assert not theirs.in_use
    # The province's template is one the commune may use for its own cells.
    request = _issue(template, [cell], editor_b, unit=commune_b)
    assert request.submissions.get().unit == cell


def test_each_recipients_editors_are_told_of_the_new_request(
    template, commune_a, commune_b, editor_a, editor_b, admin_a, provincial_admin, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        request = _issue(template, [commune_a, commune_b], provincial_admin)
    a, b = _of(request, commune_a), _of(request, commune_b)
    notices = {(n.user.username, n.unit_id, n.key, n.url) for n in Notification.objects.all()}
    assert notices == {
        ("xa_a", commune_a.pk, f"report:{a.pk}:new", f"/bao-cao/nop/{a.pk}/"),
        ("xa_a_admin", commune_a.pk, f"report:{a.pk}:new", f"/bao-cao/nop/{a.pk}/"),
        ("xa_b", commune_b.pk, f"report:{b.pk}:new", f"/bao-cao/nop/{b.pk}/"),
    }
    text = Notification.objects.get(user=editor_b).text
    assert text.startswith("Đảng ủy xã Mường Phăng: Yêu cầu báo cáo: Báo cáo năm 2026")
    assert "15/12/2026" in text
    assert not Notification.objects.filter(user=provincial_admin).exists()


# --- Submissions ------------------------------------------------------------------------------


def test_saving_rewrites_the_open_draft_and_submitting_hands_it_in(
    report_request, commune_a, editor_a, indicators, template
):
    members, rate = indicators
    results = _section(template, "results")
    a = _of(report_request, commune_a)
    a = services.save_draft(
        submission=a, by=editor_a, values={members.pk: "12", rate.pk: "8,5"},
        narratives={results.pk: "Kết nạp 12 đảng viên.\r\nHai chi bộ mới."}, version=a.version,
    )  # fmt: skip
    a = services.save_draft(
        submission=a, by=editor_a, values={members.pk: "1.012", rate.pk: ""}, version=a.version
    )
    assert (a.status, a.revision, Revision.objects.count()) == (Status.DRAFT, 1, 1)
    revision = a.revisions.get()
    assert dict(revision.values.values_list("indicator_id", "value")) == {members.pk: 1012}
    assert revision.narratives.get().text == "Kết nạp 12 đảng viên.\nHai chi bộ mới."
    a = services.submit(submission=a, by=editor_a, version=a.version)
    revision.refresh_from_db()
    assert a.status == Status.SUBMITTED
    assert revision.submitted_at == a.submitted_at == a.first_submitted_at


@pytest.fixture
def handed_in(report_request, commune_a, editor_a, indicators):
    """Mường Luân's report, handed in with 12 new members."""
    members, _rate = indicators
    a = _of(report_request, commune_a)
    return services.submit(submission=a, by=editor_a, values={members.pk: "12"}, version=a.version)


def test_saving_a_handed_in_report_is_refused_and_changes_nothing(handed_in, editor_a, indicators):
    members, _rate = indicators
    before = _state(handed_in)
    with pytest.raises(ReportingError) as refused:
        services.save_draft(
            submission=handed_in, by=editor_a, values={members.pk: "99"},
            version=handed_in.version,
        )  # fmt: skip
    assert refused.value.field == "status"
    assert "Đã gửi" in str(refused.value)
    assert "không sửa được" in str(refused.value)
    with pytest.raises(ReportingError) as again:
        services.submit(submission=handed_in, by=editor_a, version=handed_in.version)
    assert "không gửi lại được" in str(again.value)
    assert _state(handed_in) == before


def test_accepting_twice_is_refused_and_the_accepted_revision_stays(handed_in, reviewer):
    accepted = services.accept(submission=handed_in, by=reviewer, version=handed_in.version)
    assert (accepted.status, accepted.accepted.number, accepted.decided_by) == (
        Status.ACCEPTED,
        1,
        reviewer,
    )
    before = _state(accepted)
    with pytest.raises(ReportingError) as refused:
        services.accept(submission=accepted, by=reviewer, version=accepted.version)
    assert refused.value.field == "status"
    assert "Chỉ tiếp nhận được báo cáo đã gửi" in str(refused.value)
    assert "Đã tiếp nhận" in str(refused.value)
    with pytest.raises(ReportingError) as returned:
        services.return_submission(
            submission=accepted, by=reviewer, reason="Sai số", version=accepted.version
        )
    assert "Chỉ trả lại được báo cáo đã gửi" in str(returned.value)
    assert _state(accepted) == before


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_returning_without_a_reason_is_refused(handed_in, reviewer, reason):
    before = _state(handed_in)
    with pytest.raises(ReportingError) as refused:
        services.return_submission(
            submission=handed_in, by=reviewer, reason=reason, version=handed_in.version
        )
    assert refused.value.field == "reason"
    assert "lý do trả lại" in str(refused.value)
    assert _state(handed_in) == before


def test_amending_a_report_not_accepted_is_refused(editor_a, handed_in):
    before = _state(handed_in)
    with pytest.raises(ReportingError) as refused:
        services.amend(submission=handed_in, by=editor_a, version=handed_in.version)
    assert "Chỉ mở bản bổ sung" in str(refused.value)
    assert "Đã gửi" in str(refused.value)
    assert refused.value.field == "status"
    assert _state(handed_in) == before


def test_amending_a_draft_is_refused_and_opens_no_revision(
    report_request, commune_b, editor_b, indicators
):
    members, _rate = indicators
    b = _of(report_request, commune_b)
    b = services.save_draft(submission=b, by=editor_b, values={members.pk: "3"}, version=b.version)
    before = _state(b)
    with pytest.raises(ReportingError) as refused:
        services.amend(submission=b, by=editor_b, version=b.version, note="Bổ sung")
    assert refused.value.field == "status"
    assert "Chỉ mở bản bổ sung" in str(refused.value)
    assert "Đang soạn" in str(refused.value)
    assert _state(b) == before
    assert Revision.objects.filter(submission=b).count() == 1


@pytest.mark.parametrize("action", ["save_draft", "submit"])
def test_a_bad_number_is_refused_naming_its_field_and_nothing_is_written(
    report_request, commune_a, editor_a, indicators, template, action
):
    members, rate = indicators
    results = _section(template, "results")
    a = _of(report_request, commune_a)
    a = services.save_draft(submission=a, by=editor_a, values={members.pk: "10"}, version=a.version)
    before = _state(a)
    with pytest.raises(ReportingError) as refused:
        getattr(services, action)(
            submission=a,
            by=editor_a,
            values={members.pk: "11", rate.pk: "12,3,4"},
            narratives={results.pk: "Không được ghi"},
            version=a.version,
        )
    assert refused.value.field == f"value-{rate.pk}"
    assert "Tỷ lệ hộ nghèo" in str(refused.value)
    assert "12,3,4" in str(refused.value)
    assert _state(a) == before
    assert list(Value.objects.values_list("value", flat=True)) == [Decimal("10")]
    assert not Narrative.objects.exists()


def test_an_indicator_the_template_does_not_ask_for_is_refused(
    report_request, commune_a, editor_a, province, provincial_admin, indicators
):
    from lamtheo.plans import services as plans

    elsewhere = plans.save_indicator(
        unit=province, code="km-duong", name="Đường bê tông", measure="km", by=provincial_admin
    )
    members, _rate = indicators
    a = _of(report_request, commune_a)
    before = _state(a)
    for key in (elsewhere.pk, "abc"):
        with pytest.raises(ReportingError) as refused:
            services.save_draft(
                submission=a, by=editor_a, values={members.pk: "1", key: "5"}, version=a.version
            )
        assert refused.value.field == "values"
        assert f"Chỉ tiêu {key} không có trong mẫu" in str(refused.value)
    assert _state(a) == before
    assert not Value.objects.exists()


def test_handing_in_an_empty_report_is_refused(report_request, commune_a, editor_a, template):
    results = _section(template, "results")
    a = _of(report_request, commune_a)
    before = _state(a)
    for narratives in ({}, {results.pk: "   "}):
        with pytest.raises(ReportingError) as refused:
            services.submit(submission=a, by=editor_a, narratives=narratives, version=a.version)
        assert refused.value.field == "values"
        assert "chưa có nội dung" in str(refused.value)
    assert _state(a) == before
    assert not Revision.objects.exists()


def test_a_commune_cannot_accept_or_return_its_own_report(handed_in, editor_a, admin_a):
    before = _state(handed_in)
    for person in (editor_a, admin_a):
        with pytest.raises(ReportingError) as refused:
            services.accept(submission=handed_in, by=person, version=handed_in.version)
        assert refused.value.field == "status"
        assert "không có quyền xét duyệt" in str(refused.value)
        with pytest.raises(ReportingError):
            services.return_submission(
                submission=handed_in, by=person, reason="Tự trả", version=handed_in.version
            )
    assert _state(handed_in) == before


def test_another_communes_editor_cannot_write_the_report(
    report_request, commune_a, editor_a, editor_b, indicators
):
    members, _rate = indicators
    a = _of(report_request, commune_a)
    a = services.save_draft(submission=a, by=editor_a, values={members.pk: "4"}, version=a.version)
    before = _state(a)
    for write in (services.save_draft, services.submit):
        with pytest.raises(ReportingError) as refused:
            write(submission=a, by=editor_b, values={members.pk: "40"}, version=a.version)
        assert refused.value.field == "unit"
        assert "Đảng ủy xã Mường Luân" in str(refused.value)
    assert _state(a) == before


def test_a_stale_version_is_refused(handed_in, reviewer):
    before = _state(handed_in)
    with pytest.raises(ReportingError) as refused:
        services.accept(submission=handed_in, by=reviewer, version=handed_in.version - 1)
    assert refused.value.field == "version"
    assert _state(handed_in) == before


def test_a_report_returned_and_sent_again_is_judged_by_its_first_hand_in(
    report_request, commune_a, editor_a, reviewer, indicators, clock
):
    members, rate = indicators
    a = _of(report_request, commune_a)
    clock(_at(date(2026, 12, 10)))
    a = services.submit(
        submission=a, by=editor_a, values={members.pk: "1.000", rate.pk: "4,5"}, version=a.version
    )
    first = a.first_submitted_at
    a = services.return_submission(
        submission=a, by=reviewer, reason="Số đảng viên mới quá lớn", version=a.version
    )
    assert (a.status, a.reason) == (Status.RETURNED, "Số đảng viên mới quá lớn")
    clock(_at(date(2026, 12, 20)))  # after the deadline of 15/12
    a = services.save_draft(submission=a, by=editor_a, values={members.pk: "10"}, version=a.version)
    a = services.submit(submission=a, by=editor_a, version=a.version)
    a.refresh_from_db()
    assert (a.status, a.revision, a.reason) == (Status.SUBMITTED, 2, "")
    assert a.first_submitted_at == first == _at(date(2026, 12, 10))
    assert a.submitted_at == _at(date(2026, 12, 20))
    assert a.timeliness(date(2026, 12, 21)) == Timeliness.ON_TIME
    # The first revision is kept as it was handed in; the second carries the correction.
    one, two = a.revisions.order_by("number")
    assert dict(one.values.values_list("indicator_id", "value")) == {
        members.pk: Decimal(1000),
        rate.pk: Decimal("4.5"),
    }
    assert dict(two.values.values_list("indicator_id", "value")) == {
        members.pk: Decimal(10),
        rate.pk: Decimal("4.5"),
    }
    done = selectors.completeness(report_request, today=date(2026, 12, 21))
    assert done.by_state[Timeliness.ON_TIME] == 1


@pytest.mark.parametrize(
    ("handed", "state"),
    [
        (datetime(2026, 12, 15, 23, 30, tzinfo=VN), Timeliness.ON_TIME),
        (datetime(2026, 12, 16, 0, 30, tzinfo=VN), Timeliness.LATE),
        (datetime(2026, 12, 16, 6, 0, tzinfo=VN), Timeliness.LATE),
    ],
)
def test_timeliness_counts_the_day_of_hand_in_in_vietnam(
    report_request, commune_a, editor_a, indicators, clock, handed, state
):
    """The deadline is a day on Vietnam's calendar: handed in at 06:00 on 16/12 in Hà Nội
    (23:00 on 15/12 in UTC, as the database gives it back) is late."""
    members, _rate = indicators
    a = _of(report_request, commune_a)
    clock(handed)
    services.submit(submission=a, by=editor_a, values={members.pk: "1"}, version=a.version)
    a.refresh_from_db()
    assert a.timeliness(date(2026, 12, 20)) == state
    done = selectors.completeness(report_request, today=date(2026, 12, 20))
    assert done.by_state[state] == 1


def test_an_accepted_report_is_amended_by_a_new_revision_and_counted_until_accepted_again(
    report_request, commune_a, editor_a, reviewer, indicators, template
):
    members, rate = indicators
    results = _section(template, "results")
    a = _of(report_request, commune_a)
    a = services.submit(
        submission=a, by=editor_a, values={members.pk: "12", rate.pk: "8,5"},
        narratives={results.pk: "Kết nạp 12 đảng viên."}, version=a.version,
    )  # fmt: skip
    a = services.accept(submission=a, by=reviewer, version=a.version)
    accepted = a.accepted
    accepted_at = accepted.accepted_at

    def counted():
        return (
            selectors.consolidate(report_request, today=date(2026, 12, 20)).totals[members.pk].value
        )

    assert counted() == 12
    a = services.amend(submission=a, by=editor_a, version=a.version, note="Bổ sung số liệu")
    assert (a.status, a.revision, a.accepted_id) == (Status.DRAFT, 2, accepted.pk)
    amendment = a.revisions.get(number=2)
    assert amendment.note == "Bổ sung số liệu"
    assert dict(amendment.values.values_list("indicator_id", "value")) == {
        members.pk: 12,
        rate.pk: Decimal("8.5"),
    }  # it starts as a copy of the accepted one
    a = services.save_draft(
        submission=a, by=editor_a, values={members.pk: "15"},
        narratives={results.pk: "Kết nạp 15 đảng viên."}, version=a.version,
    )  # fmt: skip
    assert counted() == 12
    a = services.submit(submission=a, by=editor_a, version=a.version)
    assert counted() == 12
    texts = [n.text for ns in selectors.narratives(report_request).values() for n in ns]
    assert texts == ["Kết nạp 12 đảng viên."]

    # The accepted revision was never written.
    accepted.refresh_from_db()
    assert accepted.accepted_at == accepted_at
    assert dict(accepted.values.values_list("indicator_id", "value")) == {
        members.pk: 12,
        rate.pk: Decimal("8.5"),
    }
    assert accepted.narratives.get().text == "Kết nạp 12 đảng viên."

    a = services.accept(submission=a, by=reviewer, version=a.version)
    assert a.accepted.number == 2
    assert counted() == 15
    changes = selectors.diff(accepted, a.accepted)
    assert [(c.label, c.old, c.new) for c in changes] == [  # in the template's order
        ("Kết quả đạt được", "Kết nạp 12 đảng viên.", "Kết nạp 15 đảng viên."),
        ("Đảng viên mới kết nạp", "12", "15"),
    ]


def test_an_amendment_returned_leaves_the_accepted_revision_counted(
    report_request, commune_a, editor_a, reviewer, indicators
):
    members, _rate = indicators
    a = _of(report_request, commune_a)
    a = services.submit(submission=a, by=editor_a, values={members.pk: "12"}, version=a.version)
    a = services.accept(submission=a, by=reviewer, version=a.version)
    a = services.amend(submission=a, by=editor_a, version=a.version)
    a = services.submit(submission=a, by=editor_a, values={members.pk: "500"}, version=a.version)
    a = services.return_submission(submission=a, by=reviewer, reason="Sai", version=a.version)
    assert (a.status, a.accepted.number) == (Status.RETURNED, 1)
    result = selectors.consolidate(report_request, today=date(2026, 12, 20))
    assert result.totals[members.pk].value == 12


# --- Reminders --------------------------------------------------------------------------------


def test_reminders_are_queued_once_before_and_once_after_the_deadline(
    report_request, commune_a, commune_b, editor_a, editor_b, reviewer, indicators, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.TASKS = IMMEDIATE
    members, _rate = indicators
    a, b = _of(report_request, commune_a), _of(report_request, commune_b)
    third = org.create_unit(
        code="X25-C", name="Đảng ủy xã Nà Nhạn", kind="commune", valid_from=date(2025, 7, 1),
        parent=report_request.unit,
    )  # fmt: skip
    editor_c = org.grant_role(
        user=type(editor_a).objects.create(username="xa_c", full_name="Quàng Văn Dũng"),
        unit=third, role="editor", valid_from=date(2025, 7, 1),
    ).user  # fmt: skip
    other = services.issue_request(
        unit=report_request.unit, template=report_request.template, title="Báo cáo khác",
        period="2026-H2", deadline=date(2026, 12, 31), units=[third],
        by=report_request.created_by, as_of=date(2026, 12, 1),
    )  # fmt: skip
    c = other.submissions.get()
    # Mường Luân hands in; Mường Phăng only drafts.
    services.submit(submission=a, by=editor_a, values={members.pk: "3"}, version=a.version)
    b = services.save_draft(submission=b, by=editor_b, values={members.pk: "1"}, version=b.version)

    def keys():
        return set(Notification.objects.values_list("user__username", "key"))

    # Four days before 15/12: nothing owed yet.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_reminders(today=date(2026, 12, 11)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_reminders(today=date(2026, 12, 12)) == 1
    assert keys() == {("xa_b", f"report:{b.pk}:before")}
    notice = Notification.objects.get(user=editor_b)
    assert notice.text.startswith("Đảng ủy xã Mường Phăng: Sắp đến hạn nộp báo cáo:")
    assert notice.url == f"/bao-cao/nop/{b.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_reminders(today=date(2026, 12, 14)) == 0  # once

    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_reminders(today=date(2026, 12, 16)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_reminders(today=date(2026, 12, 17)) == 0
    assert keys() == {("xa_b", f"report:{b.pk}:before"), ("xa_b", f"report:{b.pk}:after")}
    assert "Quá hạn nộp báo cáo" in Notification.objects.get(key__endswith=":after").text
    # The other request's deadline, 31/12: its own reminders, the submitted one never.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_reminders(today=date(2026, 12, 29)) == 1
    assert ("xa_c", f"report:{c.pk}:before") in keys()
    assert not Notification.objects.filter(user=editor_a).exists()
    a.refresh_from_db()
    assert (a.reminded_before, a.reminded_after) == (None, None)
    assert editor_c.notifications.count() == 1


def test_a_report_handed_in_after_its_reminder_was_queued_gets_no_notice(
    report_request, commune_a, editor_a, indicators, settings, django_capture_on_commit_callbacks
):
    """The task looks again when it runs: what was handed in meanwhile is not reminded."""
    from lamtheo.reporting import tasks

    settings.TASKS = IMMEDIATE
    members, _rate = indicators
    a = _of(report_request, commune_a)
    services.submit(submission=a, by=editor_a, values={members.pk: "3"}, version=a.version)
    assert tasks.remind.call([a.pk], "after") == 0
    assert not Notification.objects.exists()


def test_a_deadline_extended_is_reminded_again(
    report_request, commune_b, editor_b, provincial_admin, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.TASKS = IMMEDIATE
    b = _of(report_request, commune_b)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_reminders(today=date(2026, 12, 16)) == 2
    b.refresh_from_db()
    assert b.reminded_after is not None
    b = services.extend_deadline(
        submission=b, deadline=date(2026, 12, 31), by=provincial_admin, version=b.version
    )
    assert (b.deadline, b.reminded_before, b.reminded_after) == (date(2026, 12, 31), None, None)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_reminders(today=date(2026, 12, 30)) == 1
    assert set(editor_b.notifications.values_list("key", flat=True)) == {
        f"report:{b.pk}:after",
        f"report:{b.pk}:before",
    }
