"""The reporting pages through the test client: a template built and revised, a request issued
to the province's communes, a commune's report saved, handed in, returned, handed in again,
compared and accepted; what a sibling commune may not see; a stale form; the forms due."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lamtheo.reporting import services
from lamtheo.reporting.models import Request, Status, Submission, Template, Value

pytestmark = pytest.mark.django_db


def _submission(report_request, unit) -> Submission:
    return Submission.objects.get(request=report_request, unit=unit)


def _url(name, *args) -> str:
    return reverse(f"reporting:{name}", args=args)


def _narrative(template, role="results"):
    return template.sections.get(kind="narrative", role=role)


def _text(response) -> str:
    return response.content.decode()


def test_a_template_is_built_through_the_page(client, provincial_admin, province, indicators):
    members, rate = indicators
    client.force_login(provincial_admin)
    assert client.get(_url("template_create")).status_code == 200
    response = client.post(
        _url("template_create"),
        {
            "unit": province.pk,
            "code": "so-ket-6-thang",
            "name": "Báo cáo sơ kết 6 tháng",
            "indicators": [members.pk, rate.pk],
            "figures": ["cases_commended", "commitments"],
            "extra_1": "Kiến nghị, đề xuất",
        },
    )
    template = Template.objects.get(code="so-ket-6-thang")
    assert response.status_code == 302
    assert response["Location"] == _url("template", template.pk)
    sections = list(template.sections.order_by("position"))
    assert [s.kind for s in sections] == [
        "narrative",
        "figures",
        "indicators",
        "narrative",
        "narrative",
        "narrative",
        "narrative",
    ]
    assert sections[-1].title == "Kiến nghị, đề xuất"
    assert set(sections[2].indicators.all()) == {members, rate}
    assert sections[1].figures == ["cases_commended", "commitments"]
    page = _text(client.get(_url("template", template.pk)))
    assert "Đảng viên mới kết nạp" in page
    assert "Kiến nghị, đề xuất" in page
    assert "v1" in page
    assert template.name in _text(client.get(_url("templates")))


def test_a_template_needs_a_writer_and_a_code_once(client, editor_a, provincial_admin, template):
    client.force_login(provincial_admin)
    response = client.post(
        _url("template_create"),
        {"unit": template.unit_id, "code": template.code, "name": "Khác"},
    )
    assert response.status_code == 200
    assert "đã có mẫu báo cáo mã" in _text(response)
    assert Template.objects.filter(code=template.code).count() == 1
    client.force_login(editor_a)  # an editor of a commune sees the province's template
    assert client.get(_url("template", template.pk)).status_code == 200
    assert client.get(_url("template_edit", template.pk)).status_code == 404


def test_a_request_is_issued_through_the_page(
    client, provincial_admin, province, template, commune_a, commune_b
):
    client.force_login(provincial_admin)
    assert client.get(_url("request_create") + f"?mau={template.pk}").status_code == 200
    response = client.post(
        _url("request_create"),
        {
            "unit": province.pk,
            "template": template.pk,
            "title": "Báo cáo năm 2026",
            "kind": "year",
            "period": "2026",
            "document": "",
            "deadline": "15/12/2026",
            "rule": "children",
            "unit_kind": "",
            "as_of": "01/12/2026",
        },
    )
    issued = Request.objects.get(title="Báo cáo năm 2026")
    assert response.status_code == 302
    assert response["Location"] == _url("request", issued.pk)
    assert set(issued.submissions.values_list("unit", flat=True)) == {commune_a.pk, commune_b.pk}
    assert issued.as_of.isoformat() == "2026-12-01"
    assert issued.period_end.year == 2027
    page = _text(client.get(_url("request", issued.pk)))
    assert commune_a.name in page
    assert commune_b.name in page
    assert "Chưa nộp, còn hạn" in page or "Chưa nộp, quá hạn" in page
    assert _url("report", issued.pk) in page
    assert _url("completeness_xlsx", issued.pk) in page
    index = _text(client.get(_url("index")))
    assert "Báo cáo năm 2026" in index
    assert "0/2" in index


def test_a_bad_period_is_shown_on_its_field_and_issues_nothing(
    client, provincial_admin, province, template
):
    client.force_login(provincial_admin)
    response = client.post(
        _url("request_create"),
        {
            "unit": province.pk,
            "template": template.pk,
            "title": "Sai kỳ",
            "kind": "year",
            "period": "2026-H3",
            "deadline": "15/12/2026",
            "rule": "children",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["period"]
    assert not Request.objects.filter(title="Sai kỳ").exists()


def test_the_cycle_through_the_pages(
    client, report_request, editor_a, reviewer, commune_a, indicators, template
):
    members, rate = indicators
    results = _narrative(template)
    submission = _submission(report_request, commune_a)
    url = _url("submission", submission.pk)
    client.force_login(editor_a)
    page = _text(client.get(url))
    assert f'name="value-{members.pk}"' in page
    assert f'name="section-{results.pk}"' in page
    assert 'value="save"' in page
    assert 'value="submit"' in page

    # A bad number names the indicator and saves nothing.
    response = client.post(
        url,
        {
            "action": "save",
            "version": submission.version,
            f"value-{members.pk}": "12,3,4",
            f"value-{rate.pk}": "8,5",
        },
    )
    assert response.status_code == 200
    assert "Đảng viên mới kết nạp" in _text(response)
    assert "không phải là số" in _text(response)
    fresh = Submission.objects.get(pk=submission.pk)
    assert fresh.version == submission.version
    assert fresh.status == Status.PENDING
    assert not Value.objects.filter(revision__submission=submission).exists()

    # A draft with "1.567" stores 1567 and shows it back the Vietnamese way.
    response = client.post(
        url,
        {
            "action": "save",
            "version": submission.version,
            f"value-{members.pk}": "1.567",
            f"value-{rate.pk}": "12,8",
            f"section-{results.pk}": "Kết nạp nhiều đảng viên mới",
        },
    )
    assert response.status_code == 302
    fresh.refresh_from_db()
    assert fresh.status == Status.DRAFT
    assert Value.objects.get(revision__submission=fresh, indicator=members).value == 1567
    page = _text(client.get(url))
    assert 'value="1.567"' in page
    assert 'value="12,8"' in page

    response = client.post(url, {"action": "submit", "version": fresh.version})
    assert response.status_code == 302
    fresh.refresh_from_db()
    assert fresh.status == Status.SUBMITTED
    assert fresh.first_submitted_at is not None

    # The reviewer must say why it goes back.
    client.force_login(reviewer)
    page = _text(client.get(url))
    assert 'value="accept"' in page
    assert 'value="return"' in page
    assert 'value="save"' not in page
    response = client.post(url, {"action": "return", "version": fresh.version, "reason": " "})
    assert response.status_code == 200
    assert "Hãy ghi lý do trả lại" in _text(response)
    fresh.refresh_from_db()
    assert fresh.status == Status.SUBMITTED
    response = client.post(
        url, {"action": "return", "version": fresh.version, "reason": "Số đảng viên chưa đúng"}
    )
    assert response.status_code == 302
    fresh.refresh_from_db()
    assert fresh.status == Status.RETURNED

    # The editor reads the reason and hands in a corrected revision.
    client.force_login(editor_a)
    page = _text(client.get(url))
    assert "Số đảng viên chưa đúng" in page
    response = client.post(
        url,
        {
            "action": "submit",
            "version": fresh.version,
            f"value-{members.pk}": "1.576",
            f"value-{rate.pk}": "12,8",
            f"section-{results.pk}": "Kết nạp rất nhiều đảng viên mới",
        },
    )
    assert response.status_code == 302
    fresh.refresh_from_db()
    assert fresh.status == Status.SUBMITTED
    assert fresh.revision == 2

    # The diff shows the old and the new figure and the words that changed.
    diff = _text(client.get(_url("diff", fresh.pk)))
    assert "1.567" in diff
    assert "1.576" in diff
    assert "<ins>rất</ins>" in diff
    diff = _text(client.get(_url("diff", fresh.pk) + "?tu=1&den=2"))
    assert "<del>1.567</del>" in diff
    assert client.get(_url("diff", fresh.pk) + "?tu=1&den=9").status_code == 404
    first = _text(client.get(url + "?lan=1"))
    assert "Kết nạp nhiều đảng viên mới" in first

    client.force_login(reviewer)
    response = client.post(url, {"action": "accept", "version": fresh.version})
    assert response.status_code == 302
    fresh.refresh_from_db()
    assert fresh.status == Status.ACCEPTED
    assert fresh.accepted.number == 2

    client.force_login(editor_a)
    page = _text(client.get(url))
    assert 'value="amend"' in page
    assert 'value="save"' not in page
    assert "1.576" in page
    response = client.post(url, {"action": "amend", "version": fresh.version})
    assert response.status_code == 302
    fresh.refresh_from_db()
    assert fresh.status == Status.DRAFT
    assert fresh.accepted.number == 2
    assert fresh.revision == 3


def test_an_editor_may_not_decide_nor_a_reviewer_write(
    client, report_request, editor_a, reviewer, commune_a, indicators
):
    members, _rate = indicators
    submission = _submission(report_request, commune_a)
    url = _url("submission", submission.pk)
    client.force_login(reviewer)
    response = client.post(
        url, {"action": "save", "version": submission.version, f"value-{members.pk}": "5"}
    )
    assert response.status_code == 404
    client.force_login(editor_a)
    assert client.post(url, {"action": "accept", "version": 1}).status_code == 404
    assert client.post(url, {"action": "nonsense", "version": 1}).status_code == 404
    assert Submission.objects.get(pk=submission.pk).version == submission.version


def test_a_sibling_commune_sees_nothing_of_another(
    client, report_request, editor_a, editor_b, commune_a, commune_b, indicators
):
    members, _rate = indicators
    a = _submission(report_request, commune_a)
    services.submit(submission=a, by=editor_a, values={members.pk: "7"}, version=a.version)
    client.force_login(editor_b)
    assert client.get(_url("submission", a.pk)).status_code == 404
    assert client.get(_url("diff", a.pk)).status_code == 404
    response = client.post(
        _url("submission", a.pk), {"action": "save", "version": 2, f"value-{members.pk}": "1"}
    )
    assert response.status_code == 404
    for page in (_url("due"), _url("index"), _url("request", report_request.pk)):
        text = _text(client.get(page))
        assert commune_a.name not in text, page
        assert _url("submission", a.pk) not in text, page
    assert commune_b.name in _text(client.get(_url("due")))
    # The communes see the province's request but not its consolidated report links.
    assert _url("report", report_request.pk) not in _text(
        client.get(_url("request", report_request.pk))
    )


def test_a_stale_form_is_refused_and_changes_nothing(
    client, report_request, editor_a, admin_a, commune_a, indicators
):
    members, _rate = indicators
    submission = _submission(report_request, commune_a)
    read = submission.version
    # Someone else saves after the editor opened the form.
    services.save_draft(submission=submission, by=admin_a, values={members.pk: "10"}, version=read)
    client.force_login(editor_a)
    response = client.post(
        _url("submission", submission.pk),
        {"action": "save", "version": read, f"value-{members.pk}": "99"},
    )
    assert response.status_code == 200
    assert "đã được người khác thay đổi" in _text(response)
    assert Value.objects.get(revision__submission=submission, indicator=members).value == 10
    # Handed in by the other meanwhile: the late save is told, not a 404, and changes nothing.
    submission.refresh_from_db()
    opened = submission.version
    services.submit(submission=submission, by=admin_a, version=opened)
    response = client.post(
        _url("submission", submission.pk),
        {"action": "save", "version": opened, f"value-{members.pk}": "99"},
    )
    assert response.status_code == 200
    assert "đã được người khác thay đổi" in _text(response)
    assert Submission.objects.get(pk=submission.pk).status == Status.SUBMITTED
    assert Value.objects.get(revision__submission=submission, indicator=members).value == 10


def test_the_due_page_lists_the_overdue_first(
    client, province, provincial_admin, template, commune_a, editor_a, indicators
):
    members, _rate = indicators
    today = timezone.localdate()

    def issue(title, deadline):
        return services.issue_request(
            unit=province,
            template=template,
            title=title,
            period=str(today.year),
            deadline=deadline,
            units=[commune_a],
            by=provincial_admin,
        )

    handed = issue("Đã gửi, hạn cũ", today - timedelta(days=10))
    services.submit(
        submission=_submission(handed, commune_a),
        by=editor_a,
        values={members.pk: "1"},
        version=1,
    )
    issue("Còn hạn", today + timedelta(days=20))
    issue("Quá hạn chưa nộp", today - timedelta(days=1))
    client.force_login(editor_a)
    page = _text(client.get(_url("due")))
    positions = [page.index(t) for t in ("Quá hạn chưa nộp", "Đã gửi, hạn cũ", "Còn hạn")]
    assert positions == sorted(positions)
    assert "Quá hạn</span>" in page
    index = _text(client.get(_url("index")))
    assert "Quá hạn chưa nộp" in index
    # What the communes owe is the province's to follow on each request, not its own inbox.
    client.force_login(provincial_admin)
    assert "Quá hạn chưa nộp" not in _text(client.get(_url("due")))


def test_editing_a_template_in_use_makes_the_next_version(
    client, provincial_admin, template, report_request, indicators
):
    members, _rate = indicators
    client.force_login(provincial_admin)
    page = _text(client.get(_url("template_edit", template.pk)))
    assert "đang được dùng" in page
    assert "v2" in page
    response = client.post(
        _url("template_edit", template.pk),
        {
            "name": "Báo cáo năm (sửa đổi)",
            "indicators": [members.pk],
            "figures": [],
            "version": template.version,
        },
    )
    new = Template.objects.get(code=template.code, number=2)
    assert response.status_code == 302
    assert response["Location"] == _url("template", new.pk)
    template.refresh_from_db()
    report_request.refresh_from_db()
    assert template.name == "Báo cáo năm thực hiện Kết luận 01"
    assert report_request.template_id == template.pk
    assert list(new.sections.get(kind="indicators").indicators.all()) == [members]
    assert not new.sections.filter(kind="figures").exists()
    # The old version's page points at the new one; editing it leads there.
    assert _url("template", new.pk) in _text(client.get(_url("template", template.pk)))
    response = client.get(_url("template_edit", template.pk))
    assert response.status_code == 302
    assert response["Location"] == _url("template_edit", new.pk)


def test_a_stale_template_form_is_refused(client, provincial_admin, template, indicators):
    client.force_login(provincial_admin)
    data = {"name": "Lần một", "indicators": [indicators[0].pk], "version": template.version}
    assert client.post(_url("template_edit", template.pk), data).status_code == 302
    data["name"] = "Lần hai"
    response = client.post(_url("template_edit", template.pk), data)
    assert response.status_code == 200
    assert "đã được người khác thay đổi" in _text(response)
    assert Template.objects.get(pk=template.pk).name == "Lần một"


def test_the_request_page_counts_and_draws_the_tree(
    client, provincial_admin, report_request, editor_a, commune_a, commune_b, indicators
):
    members, _rate = indicators
    a = _submission(report_request, commune_a)
    services.submit(submission=a, by=editor_a, values={members.pk: "3"}, version=a.version)
    client.force_login(provincial_admin)
    response = client.get(_url("request", report_request.pk))
    done = response.context["done"]
    assert done.rate == Decimal("50.0")
    assert len(done.rows) == 2
    page = _text(response)
    assert "50,0%" in page
    assert 'class="tree report-tree"' in page
    assert commune_a.name in page
    assert commune_b.name in page
