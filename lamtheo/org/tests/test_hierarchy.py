"""The hierarchy over time: as-of queries, the 2025 merger, and the rules that refuse bad input."""

from datetime import date

import pytest

from lamtheo.accounts.models import User
from lamtheo.org import selectors, services
from lamtheo.org.domain import OrgError
from lamtheo.org.models import Closure, Edge, Lineage, OrgUnit

BEFORE = date(2024, 1, 1)
MERGER = date(2025, 7, 1)
AFTER = date(2025, 8, 1)


@pytest.fixture
def tree(db):
    """Bắc Kạn with Ba Bể and two communes, merged into Thái Nguyên on 1/7/2025."""
    start = date(2020, 1, 1)
    bk = services.create_unit(
        code="TU-06", name="Tỉnh ủy Bắc Kạn", kind="province", valid_from=start
    )
    tn = services.create_unit(
        code="TU-19", name="Tỉnh ủy Thái Nguyên", kind="province", valid_from=start
    )
    ba_be = services.create_unit(
        code="HU-BB", name="Huyện ủy Ba Bể", kind="district", valid_from=start, parent=bk
    )
    x1 = services.create_unit(
        code="X-1", name="Đảng ủy xã Thượng Giáo", kind="commune", valid_from=start, parent=ba_be
    )
    x2 = services.create_unit(
        code="X-2", name="Đảng ủy xã Địa Linh", kind="commune", valid_from=start, parent=ba_be
    )
    new = services.create_unit(
        code="X-NEW", name="Đảng ủy xã Ba Bể", kind="commune", valid_from=MERGER, parent=tn
    )
    services.merge_units(sources=[x1, x2], into=new, on=MERGER)
    services.dissolve_unit(unit=ba_be, on=MERGER, heir=bk)
    services.merge_units(sources=[bk], into=tn, on=MERGER)
    return {"bk": bk, "tn": tn, "ba_be": ba_be, "x1": x1, "x2": x2, "new": new}


@pytest.fixture
def someone(db):
    return User.objects.create(username="someone", full_name="Người dùng chưa có vai trò")


def _codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def test_before_the_merger_the_province_holds_its_district_and_communes(tree):
    assert _codes(selectors.children(tree["bk"], as_of=BEFORE)) == ["HU-BB"]
    assert _codes(selectors.subtree(tree["bk"], as_of=BEFORE)) == ["HU-BB", "TU-06", "X-1", "X-2"]
    assert list(selectors.ancestors(tree["x1"], as_of=BEFORE)) == [tree["ba_be"], tree["bk"]]


def test_after_the_merger_the_old_province_has_no_children_and_the_new_one_has_the_commune(tree):
    assert _codes(selectors.children(tree["bk"], as_of=AFTER)) == []
    assert _codes(selectors.children(tree["tn"], as_of=AFTER)) == ["X-NEW"]
    assert selectors.parent(tree["new"], as_of=AFTER) == tree["tn"]
    assert selectors.parent(tree["x1"], as_of=AFTER) is None


def test_successors_today_follow_the_lineage(tree):
    assert _codes(selectors.successors(tree["x1"], as_of=AFTER)) == ["X-NEW"]
    assert _codes(selectors.successors(tree["bk"], as_of=AFTER)) == ["TU-19"]
    # Ba Bể was dissolved; its heir Bắc Kạn merged into Thái Nguyên.
    assert _codes(selectors.successors(tree["ba_be"], as_of=AFTER)) == ["TU-19"]
    # Before the merger each unit is its own successor.
    assert _codes(selectors.successors(tree["x1"], as_of=BEFORE)) == ["X-1"]


def test_the_lineage_of_a_unit_lists_its_events(tree):
    events = list(selectors.lineage(tree["ba_be"]))
    assert [(e.kind, e.successor, e.effective_on) for e in events] == [
        (Lineage.Kind.DISSOLVE, tree["bk"], MERGER)
    ]
    assert tree["ba_be"].valid_to == MERGER


def test_subtree_is_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(selectors.subtree(tree["bk"], as_of=BEFORE))
    with django_assert_num_queries(1):
        list(selectors.ancestors(tree["x1"], as_of=BEFORE))


def test_a_cycle_is_refused_and_nothing_changes(tree):
    edges, closure = Edge.objects.count(), Closure.objects.count()
    with pytest.raises(OrgError, match="vòng lặp"):
        services.attach_unit(unit=tree["tn"], parent=tree["new"], valid_from=AFTER)
    assert (Edge.objects.count(), Closure.objects.count()) == (edges, closure)


def test_overlapping_parent_intervals_are_refused(tree):
    with pytest.raises(OrgError, match="trùng"):
        services.attach_unit(
            unit=tree["x1"],
            parent=tree["bk"],
            valid_from=date(2021, 1, 1),
            valid_to=date(2022, 1, 1),
        )


def test_a_unit_cannot_be_its_own_parent(tree):
    with pytest.raises(OrgError, match="chính nó"):
        services.attach_unit(unit=tree["tn"], parent=tree["tn"], valid_from=AFTER)


def test_an_event_to_itself_is_refused(tree):
    with pytest.raises(OrgError, match="chính nó"):
        services.merge_units(sources=[tree["tn"]], into=tree["tn"], on=date(2026, 1, 1))


def test_an_event_before_the_unit_existed_is_refused(tree):
    with pytest.raises(OrgError, match="trước khi đơn vị được thành lập"):
        services.dissolve_unit(unit=tree["new"], on=date(2025, 1, 1))


def test_a_merge_into_a_dissolved_unit_is_refused(tree):
    other = services.create_unit(
        code="X-3", name="Đảng ủy xã Khang Ninh", kind="commune", valid_from=date(2020, 1, 1)
    )
    with pytest.raises(OrgError, match="không còn hoạt động"):
        services.merge_units(sources=[other], into=tree["x1"], on=AFTER)
    assert OrgUnit.objects.get(code="X-3").valid_to is None


def test_a_unit_with_children_cannot_be_closed_until_they_move(tree):
    cell = services.create_unit(
        code="CB-1",
        name="Chi bộ thôn Pác Ngòi",
        kind="cell",
        valid_from=date(2025, 7, 1),
        parent=tree["new"],
    )
    with pytest.raises(OrgError, match="còn đơn vị trực thuộc"):
        services.dissolve_unit(unit=tree["new"], on=date(2026, 1, 1))
    assert OrgUnit.objects.get(pk=cell.pk).valid_to is None


def test_a_moved_unit_changes_parent_from_the_date(tree):
    cell = services.create_unit(
        code="CB-2",
        name="Chi bộ cơ quan",
        kind="cell",
        valid_from=date(2025, 7, 1),
        parent=tree["new"],
    )
    services.move_unit(unit=cell, to=tree["tn"], on=date(2026, 1, 1))
    assert selectors.parent(cell, as_of=date(2025, 12, 31)) == tree["new"]
    assert selectors.parent(cell, as_of=date(2026, 1, 2)) == tree["tn"]
    assert _codes(selectors.subtree(tree["tn"], as_of=date(2026, 1, 2))) == [
        "CB-2",
        "TU-19",
        "X-NEW",
    ]


def test_a_code_used_twice_is_refused(tree):
    with pytest.raises(OrgError, match="đã được dùng"):
        services.create_unit(code="TU-06", name="x", kind="province", valid_from=BEFORE)


def test_search_name_is_folded(tree):
    assert OrgUnit.objects.filter(search_name__contains="tinh uy bac kan").get() == tree["bk"]


def test_a_committee_body_takes_its_initials_and_its_parents_issuer_code(tree):
    body = services.create_unit(
        code="BTG-19",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        kind="body",
        initials="BTGDV",
        valid_from=AFTER,
        parent=tree["tn"],
    )
    assert body.issuer_code == "BTGDVTU"
    assert tree["ba_be"].issuer_code == "HU"


def test_a_split_ends_the_unit_and_leads_to_every_part(tree):
    a = services.create_unit(
        code="X-A",
        name="Đảng ủy xã A",
        kind="commune",
        valid_from=date(2026, 1, 1),
        parent=tree["tn"],
    )
    b = services.create_unit(
        code="X-B",
        name="Đảng ủy xã B",
        kind="commune",
        valid_from=date(2026, 1, 1),
        parent=tree["tn"],
    )
    services.split_unit(unit=tree["new"], into=[a, b], on=date(2026, 1, 1))
    assert _codes(selectors.successors(tree["new"], as_of=date(2026, 2, 1))) == ["X-A", "X-B"]
    assert _codes(selectors.successors(tree["x1"], as_of=date(2026, 2, 1))) == ["X-A", "X-B"]
    assert _codes(selectors.children(tree["tn"], as_of=date(2026, 2, 1))) == ["X-A", "X-B"]


def test_a_renamed_unit_hands_over_to_its_new_record(tree):
    renamed = services.create_unit(
        code="X-NEW2",
        name="Đảng ủy xã Ba Bể Hồ",
        kind="commune",
        valid_from=date(2026, 3, 1),
        parent=tree["tn"],
    )
    services.rename_unit(unit=tree["new"], to=renamed, on=date(2026, 3, 1))
    assert _codes(selectors.successors(tree["x2"], as_of=date(2026, 4, 1))) == ["X-NEW2"]
    assert selectors.lineage(renamed).get().kind == Lineage.Kind.RENAME


def test_a_role_in_todays_province_sees_the_history_it_carries(tree, someone):
    services.grant_role(user=someone, unit=tree["tn"], role="viewer", valid_from=AFTER)
    visible = set(OrgUnit.objects.visible_to(someone).values_list("code", flat=True))
    assert visible == {"TU-19", "X-NEW", "TU-06", "HU-BB", "X-1", "X-2"}


def test_a_role_in_a_commune_sees_only_that_commune_and_what_merged_into_it(tree, someone):
    services.grant_role(user=someone, unit=tree["new"], role="editor", valid_from=AFTER)
    visible = set(OrgUnit.objects.visible_to(someone).values_list("code", flat=True))
    assert visible == {"X-NEW", "X-1", "X-2"}
    assert not OrgUnit.objects.editable_by(someone).exists()  # managing needs the admin role


def test_an_ended_role_sees_nothing(tree, someone):
    services.grant_role(
        user=someone, unit=tree["tn"], role="admin", valid_from=BEFORE, valid_to=date(2025, 1, 1)
    )
    assert not OrgUnit.objects.visible_to(someone).exists()
