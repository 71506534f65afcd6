"""The follow-up of recommendations, one rule at a time: who makes them and by when, every
step to "đã khắc phục" and back (each refused one changes nothing), the reminders before and
after the deadline, the inbox and the board with the overdue first, the calendar and the counts
other areas read, and the audit trail of every write."""

from datetime import date

import pytest

from lamtheo.accounts.models import Notification
from lamtheo.audit import context
from lamtheo.audit.models import Entry
from lamtheo.conftest import _role, _user
from lamtheo.oversight import selectors, services
from lamtheo.oversight.models import FixState, Inspection, Recommendation

from .checks import START, refused
from .checks import inspect as _inspect

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _recommendation_state(recommendation):
    r = Recommendation.objects.get(pk=recommendation.pk)
    steps = list(r.responses.values_list("step", "text", "evidence"))
    return r.state, r.version, r.fixed_on, r.confirmed_by_id, r.text, r.deadline, steps


# --- Recommendations ------------------------------------------------------------------------


def test_a_recommendation_goes_to_an_inspected_unit_by_a_deadline(
    province, commune_a, commune_b, provincial_admin, editor_a, inspection
):
    only_a = _inspect(province, [commune_a], provincial_admin)

    def add(owner=commune_a, deadline=date(2026, 4, 30), by=provincial_admin, on=only_a):
        return services.add_recommendation(
            inspection=on, owner=owner, text_="Bổ sung kế hoạch", deadline=deadline, by=by
        )

    refused(lambda: add(owner=commune_b), "owner", "Đảng ủy xã Mường Phăng không phải đơn vị")
    refused(lambda: add(deadline=None), "deadline", "hạn khắc phục")
    refused(lambda: add(deadline=date(2026, 2, 22)), "deadline", "không được trước ngày bắt đầu")
    refused(lambda: add(by=editor_a), "unit", "Tỉnh ủy Điện Biên")
    assert not Recommendation.objects.exists()
    first, second = add(), add(deadline=date(2026, 2, 23))
    assert [first.position, second.position] == [1, 2]
    assert (first.state, first.province_code, first.owner) == (FixState.OPEN, "11", commune_a)
    assert add(on=inspection).position == 1


def test_a_recommendation_is_reworded_until_it_is_confirmed_fixed(
    recommendations, provincial_admin, editor_a, reviewer
):
    a, _b = recommendations
    Recommendation.objects.filter(pk=a.pk).update(reminded_before=a.inspection.created_at)

    def update(version, deadline=date(2026, 4, 30), by=provincial_admin):
        return services.update_recommendation(
            recommendation=a,
            text_="Bổ sung kế hoạch (sửa)",
            deadline=deadline,
            by=by,
            version=version,
        )

    refused(lambda: update(1, deadline=date(2026, 2, 1)), "deadline", "không được trước")
    refused(lambda: update(1, by=editor_a), "unit", "Tỉnh ủy Điện Biên")
    changed = update(1)
    assert (changed.text, changed.deadline, changed.version) == (
        "Bổ sung kế hoạch (sửa)",
        date(2026, 4, 30),
        2,
    )
    assert changed.reminded_before is None  # a new deadline is reminded afresh
    refused(lambda: update(1), "version", "Kiến nghị")
    _step(changed, "report", editor_a, evidence="Kế hoạch số 12-KH/ĐU")
    _step(changed, "confirm", reviewer)
    refused(lambda: update(4), "state", "đã được xác nhận khắc phục")


def _step(recommendation, step, by, *, evidence="", text="Nội dung phản hồi", version=None):
    version = version or Recommendation.objects.get(pk=recommendation.pk).version
    return services.respond(
        recommendation=recommendation,
        step=step,
        text_=text,
        by=by,
        version=version,
        evidence=evidence,
        today=date(2026, 4, 2),
    )


def test_a_recommendation_is_followed_up_to_fixed_and_reopened(recommendations, editor_a, reviewer):
    a, _b = recommendations
    _step(a, "progress", editor_a, text="Đang xây dựng kế hoạch")
    assert Recommendation.objects.get(pk=a.pk).state == FixState.FIXING
    _step(a, "report", editor_a, evidence="Kế hoạch số 12-KH/ĐU")
    assert Recommendation.objects.get(pk=a.pk).state == FixState.REPORTED
    _step(a, "reopen", reviewer, text="Chưa đủ minh chứng")
    _step(a, "report", editor_a, evidence="Biên bản học tập")
    _step(a, "confirm", reviewer, text="Đạt yêu cầu")
    fixed = Recommendation.objects.get(pk=a.pk)
    assert (fixed.state, fixed.fixed_on, fixed.confirmed_by) == (
        FixState.FIXED,
        date(2026, 4, 2),
        reviewer,
    )
    _step(a, "reopen", reviewer, text="Tái kiểm tra: chưa khắc phục triệt để")
    reopened = Recommendation.objects.get(pk=a.pk)
    assert (reopened.state, reopened.fixed_on, reopened.confirmed_by) == (
        FixState.FIXING,
        None,
        None,
    )
    assert list(reopened.responses.values_list("step", "by__username")) == [
        ("progress", "xa_a"),
        ("report", "xa_a"),
        ("reopen", "tinh_tham_dinh"),
        ("report", "xa_a"),
        ("confirm", "tinh_tham_dinh"),
        ("reopen", "tinh_tham_dinh"),
    ]
    assert reopened.version == 7


def test_a_fix_is_reported_only_with_evidence(recommendations, editor_a):
    a, _b = recommendations
    before = _recommendation_state(a)
    refused(lambda: _step(a, "report", editor_a, evidence="  "), "evidence", "minh chứng")
    refused(lambda: _step(a, "progress", editor_a, text=""), "text", "nội dung phản hồi")
    refused(lambda: _step(a, "done", editor_a), "step", "Hãy chọn bước phản hồi")
    assert _recommendation_state(a) == before


@pytest.mark.parametrize(
    ("steps", "wrong", "state_label"),
    [
        ([], "confirm", "Chưa khắc phục"),
        ([], "reopen", "Chưa khắc phục"),
        ([("progress", "owner")], "confirm", "Đang khắc phục"),
        ([("report", "owner")], "progress", "Báo cáo đã khắc phục"),
        ([("report", "owner")], "report", "Báo cáo đã khắc phục"),
        ([("report", "owner"), ("confirm", "judge")], "progress", "Đã khắc phục"),
        ([("report", "owner"), ("confirm", "judge")], "confirm", "Đã khắc phục"),
    ],
)
def test_a_step_out_of_turn_is_refused_with_the_state_it_is_in(
    steps, wrong, state_label, recommendations, editor_a, reviewer
):
    a, _b = recommendations
    who = {"owner": editor_a, "judge": reviewer}
    for step, by in steps:
        _step(a, step, who[by], evidence="Minh chứng")
    before = _recommendation_state(a)
    by = editor_a if wrong in ("progress", "report") else reviewer
    refused(
        lambda: _step(a, wrong, by, evidence="Minh chứng"),
        "step",
        f"Kiến nghị đang ở trạng thái «{state_label}», không thực hiện được bước này.",
    )
    assert _recommendation_state(a) == before


def test_only_the_owners_writers_report_and_only_the_inspecting_unit_confirms(
    recommendations, editor_a, editor_b, admin_a, reviewer, provincial_admin
):
    a, _b = recommendations
    before = _recommendation_state(a)
    for outsider in (editor_b, reviewer):
        refused(
            lambda by=outsider: _step(a, "report", by, evidence="X"),
            "step",
            "Chỉ Đảng ủy xã Mường Luân báo cáo",
        )
    assert _recommendation_state(a) == before
    _step(a, "report", admin_a, evidence="Kế hoạch")
    before = _recommendation_state(a)
    for outsider in (editor_a, admin_a, editor_b):
        refused(lambda by=outsider: _step(a, "confirm", by), "step", "Chỉ Tỉnh ủy Điện Biên")
    assert _recommendation_state(a) == before
    _step(a, "confirm", provincial_admin)
    assert Recommendation.objects.get(pk=a.pk).state == FixState.FIXED


def test_a_response_to_what_changed_since_it_was_read_is_refused(recommendations, editor_a):
    a, _b = recommendations
    _step(a, "progress", editor_a, text="Bước một", version=1)
    before = _recommendation_state(a)
    refused(lambda: _step(a, "report", editor_a, evidence="X", version=1), "version", "Kiến nghị")
    assert _recommendation_state(a) == before


def test_every_write_of_a_recommendation_is_in_the_audit_trail(
    recommendations, editor_a, reviewer, commune_a
):
    a, _b = recommendations
    with context.origin("test", user=editor_a):
        _step(a, "report", editor_a, evidence="Kế hoạch số 12-KH/ĐU")
    with context.origin("test", user=reviewer):
        _step(a, "confirm", reviewer)
    entries = Entry.objects.filter(model="oversight.recommendation", object_pk=str(a.pk))
    assert list(entries.order_by("pk").values_list("action", "unit_id", "actor_id")) == [
        ("create", commune_a.pk, None),
        ("update", commune_a.pk, editor_a.pk),
        ("update", commune_a.pk, reviewer.pk),
    ]
    reported, confirmed = entries.filter(action="update").order_by("pk")
    assert reported.changes["state"] == ["open", "reported"]
    assert confirmed.changes["state"] == ["reported", "fixed"]
    assert confirmed.changes["fixed_on"] == [None, "2026-04-02"]
    responses = Entry.objects.filter(model="oversight.response", action="create")
    assert list(responses.values_list("unit_id", "actor_id").order_by("pk")) == [
        (commune_a.pk, editor_a.pk),
        (commune_a.pk, reviewer.pk),
    ]
    assert responses.order_by("pk").first().changes["evidence"] == [None, "Kế hoạch số 12-KH/ĐU"]


# --- Reminders and the follow-up's lists ----------------------------------------------------


def test_reminders_are_queued_once_before_and_once_after_the_deadline(
    recommendations, editor_a, settings, django_capture_on_commit_callbacks
):
    a, b = recommendations  # deadlines 31/03/2026 and 31/03/2030
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_reminders(today=date(2026, 3, 29)) == 1  # a, 2 days before
        assert services.queue_reminders(today=date(2026, 3, 30)) == 0
        assert services.queue_reminders(today=date(2026, 4, 1)) == 1  # a, overdue
        assert services.queue_reminders(today=date(2026, 4, 2)) == 0
    notices = Notification.objects.filter(user=editor_a).order_by("pk")
    assert [n.key for n in notices] == [
        f"recommendation:{a.pk}:before",
        f"recommendation:{a.pk}:after",
    ]
    assert "Quá hạn khắc phục kiến nghị" in notices[1].text
    _step(b, "report", _role(_user("xa_b_2", "Lò Văn Bảo"), b.owner, "editor"), evidence="X")
    assert services.queue_reminders(today=date(2030, 3, 30)) == 0  # b is reported fixed


def test_the_inbox_and_the_board_flag_what_is_overdue_first(
    recommendations, province, commune_a, commune_b, provincial_admin, editor_a, reviewer
):
    a, b = recommendations
    later = services.add_recommendation(
        inspection=a.inspection,
        owner=commune_a,
        text_="Kiện toàn chi bộ",
        deadline=date(2026, 9, 30),
        by=provincial_admin,
    )
    reported = services.add_recommendation(
        inspection=a.inspection,
        owner=commune_a,
        text_="Báo cáo sơ kết",
        deadline=date(2026, 3, 1),
        by=provincial_admin,
    )
    _step(reported, "report", editor_a, evidence="Báo cáo số 3-BC/ĐU")
    today = date(2026, 4, 15)
    box = selectors.inbox(commune_a, today=today)
    assert (box.overdue, box.open, box.reported, box.fixed) == ([reported, a], [later], [], [])
    assert box.counts == {"overdue": 2, "open": 1, "reported": 0, "fixed": 0}
    assert [r.is_overdue for r in [*box.overdue, *box.open]] == [True, True, False]
    assert selectors.inbox(commune_b, today=today).open == [b]
    board = selectors.board(province, today=today)
    assert (board.overdue, board.open) == ([reported, a], [later, b])
    _step(reported, "confirm", reviewer)
    box = selectors.inbox(commune_a, today=today)
    assert (box.overdue, box.fixed) == ([a], [reported])
    assert selectors.overdue_counts([commune_a.pk, commune_b.pk], today=today) == {commune_a.pk: 1}
    assert selectors.overdue_counts([commune_a.pk], today=date(2026, 3, 31)) == {}
    assert selectors.inbox(province, today=today).counts == dict.fromkeys(
        ("overdue", "open", "reported", "fixed"), 0
    )


def test_the_calendar_puts_an_inspection_in_every_month_it_runs(
    inspection, province, commune_a, provincial_admin
):
    autumn = _inspect(
        province,
        [commune_a],
        provincial_admin,
        starts_on=date(2026, 12, 28),
        ends_on=date(2027, 1, 8),
    )
    months = dict(selectors.calendar(Inspection.objects.all(), 2026))
    assert list(months) == list(range(1, 13))
    assert {m: v for m, v in months.items() if v} == {
        2: [inspection],
        3: [inspection],
        12: [autumn],
    }
    assert dict(selectors.calendar(Inspection.objects.all(), 2027))[1] == [autumn]
    assert not any(v for _m, v in selectors.calendar(Inspection.objects.all(), 2025))


def test_inspections_held_counts_each_once_for_the_inspecting_and_the_inspected(
    inspection, province, commune_a, commune_b
):
    spring = (date(2026, 1, 1), date(2026, 7, 1))
    assert selectors.inspections_held([province.pk], *spring) == 1
    assert selectors.inspections_held([commune_a.pk, commune_b.pk], *spring) == 1
    assert selectors.inspections_held([commune_a.pk], date(2026, 2, 24), date(2026, 7, 1)) == 0
    assert selectors.inspections_held([commune_a.pk], date(2026, 1, 1), START) == 0


def test_a_board_cut_short_still_counts_every_group_and_owner(
    recommendations, province, commune_a, commune_b
):
    """A board of thousands lists `limit` of each group; its counts, per group and per owner
    unit, come from SQL over all of them."""
    full = selectors.board(province, limit=None)
    cut = selectors.board(province, limit=0)
    assert cut.overdue == cut.open == []
    assert cut.counts == full.counts == {"overdue": 1, "open": 1, "reported": 0, "fixed": 0}
    assert cut.cut
    assert not full.cut
    assert [(unit.pk, counts["overdue"], counts["open"]) for unit, counts in cut.owners] == sorted(
        [(commune_a.pk, 1, 0), (commune_b.pk, 0, 1)],
        key=lambda row: {commune_a.pk: commune_a.name, commune_b.pk: commune_b.name}[row[0]],
    )
