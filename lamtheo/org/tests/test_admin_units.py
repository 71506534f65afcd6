"""Real data: the Party committees of Bắc Kạn, Thái Nguyên, Điện Biên and Hà Tĩnh from the
vietnam-provinces package, before and after 1/7/2025."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lamtheo.org import admin_units, selectors
from lamtheo.org.models import Closure, Edge, Lineage, OrgUnit

BEFORE = date(2024, 1, 1)
AFTER = date(2025, 8, 1)
BAC_KAN_DISTRICTS = [
    "Huyện ủy Ba Bể",
    "Huyện ủy Bạch Thông",
    "Huyện ủy Chợ Đồn",
    "Huyện ủy Chợ Mới",
    "Huyện ủy Na Rì",
    "Huyện ủy Ngân Sơn",
    "Huyện ủy Pác Nặm",
    "Thành ủy Bắc Kạn",
]


def _load(*provinces) -> str:
    out = StringIO()
    args = [a for p in provinces for a in ("--province", p)]
    call_command("load-admin-units", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _load("Bắc Kạn", "Điện Biên", "Hà Tĩnh")
        yield
        for model in (Lineage, Closure, Edge, OrgUnit):
            model.objects.all().delete()


def test_bac_kan_had_its_8_district_committees_in_2024(loaded, db):
    bac_kan = OrgUnit.objects.get(name="Tỉnh ủy Bắc Kạn")
    assert sorted(
        selectors.children(bac_kan, as_of=BEFORE).values_list("name", flat=True)
    ) == sorted(BAC_KAN_DISTRICTS)


def test_after_the_merger_bac_kan_has_no_children_and_its_successor_is_thai_nguyen(loaded, db):
    bac_kan = OrgUnit.objects.get(name="Tỉnh ủy Bắc Kạn")
    assert not selectors.children(bac_kan, as_of=AFTER).exists()
    assert list(selectors.successors(bac_kan, as_of=AFTER).values_list("name", flat=True)) == [
        "Tỉnh ủy Thái Nguyên"
    ]


def test_quang_thuan_of_bach_thong_has_a_successor_today_under_thai_nguyen(loaded, db):
    quang_thuan = OrgUnit.objects.get(
        name="Đảng ủy xã Quang Thuận", closure_up__ancestor__name="Huyện ủy Bạch Thông"
    )
    assert selectors.parent(quang_thuan, as_of=BEFORE).name == "Huyện ủy Bạch Thông"
    successors = list(selectors.successors(quang_thuan, as_of=AFTER))
    assert successors
    for unit in successors:
        assert selectors.parent(unit, as_of=AFTER).name == "Tỉnh ủy Thái Nguyên"


@pytest.mark.parametrize(("province", "communes_after"), [("Điện Biên", 45), ("Hà Tĩnh", 69)])
def test_unmerged_provinces_span_the_reform_with_their_communes_after_it(
    loaded, db, province, communes_after
):
    committee = OrgUnit.objects.get(name=f"Tỉnh ủy {province}")
    assert committee.is_valid_on(BEFORE)
    assert committee.is_valid_on(AFTER)
    before = selectors.children(committee, as_of=BEFORE)
    assert before.exists()
    assert set(before.values_list("kind", flat=True)) == {"district"}
    after = selectors.children(committee, as_of=AFTER)
    assert after.count() == communes_after
    assert set(after.values_list("kind", flat=True)) == {"commune"}


def test_thai_nguyen_today_has_92_commune_committees(loaded, db):
    thai_nguyen = OrgUnit.objects.get(name="Tỉnh ủy Thái Nguyên")
    assert selectors.children(thai_nguyen, as_of=AFTER).count() == 92


def test_a_district_is_dissolved_on_1_7_2025_and_hands_its_data_to_the_province(loaded, db):
    ba_be = OrgUnit.objects.get(name="Huyện ủy Ba Bể")
    assert ba_be.valid_to == date(2025, 7, 1)
    event = selectors.lineage(ba_be).get()
    assert event.kind == Lineage.Kind.DISSOLVE
    assert event.successor.name == "Tỉnh ủy Bắc Kạn"
    assert [u.name for u in selectors.successors(ba_be, as_of=AFTER)] == ["Tỉnh ủy Thái Nguyên"]


def test_a_second_run_changes_nothing(loaded, db):
    counts = [m.objects.count() for m in (OrgUnit, Edge, Lineage, Closure)]
    output = _load("Bắc Kạn")
    assert "0 new units, 0 lineage events" in output
    assert [m.objects.count() for m in (OrgUnit, Edge, Lineage, Closure)] == counts


def test_an_unknown_province_is_refused(db):
    with pytest.raises(CommandError, match="không tìm thấy tỉnh 'Atlantis'"):
        _load("Atlantis")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("6", "Tỉnh Thái Nguyên"),
        ("06", "Tỉnh Thái Nguyên"),
        ("19", "Tỉnh Thái Nguyên"),
        ("dien bien", "Tỉnh Điện Biên"),
        ("Hà Tĩnh", "Tỉnh Hà Tĩnh"),
        ("Bắc Kạn", "Tỉnh Thái Nguyên"),
    ],
)
def test_a_province_is_found_by_old_or_new_name_or_code(query, expected):
    assert [p.name for p in admin_units.find_provinces(query)] == [expected]
