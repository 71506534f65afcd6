"""The writers of criteria sets, one rule at a time: an outline's tree and its errors by line,
who builds a set, and its versions: a set a round uses is never changed, revising it makes the
next version and the round keeps its own."""

from datetime import date
from decimal import Decimal

import pytest

from lamtheo.documents import services as documents
from lamtheo.oversight import services
from lamtheo.oversight.domain import Node
from lamtheo.oversight.models import CriteriaSet, Round

from .checks import refused
from .conftest import OUTLINE

pytestmark = pytest.mark.django_db


def _outline():
    return [Node(n.code, n.title, n.max_points, n.evidence) for n in OUTLINE]


def test_a_criteria_set_is_a_tree_whose_groups_add_up(criteria_set, province):
    rows = list(
        criteria_set.criteria.order_by("position").values_list(
            "position", "code", "parent__code", "is_group", "max_points", "evidence"
        )
    )
    assert rows == [
        (1, "1", None, True, Decimal(30), ""),
        (2, "1.1", "1", False, Decimal(10), "Kế hoạch"),
        (3, "1.2", "1", False, Decimal(20), "Báo cáo, danh sách"),
        (4, "2", None, True, Decimal(70), ""),
        (5, "2.1", "2", False, Decimal(40), ""),
        (6, "2.2", "2", False, Decimal(30), ""),
    ]
    assert (criteria_set.unit, criteria_set.number, criteria_set.max_points) == (
        province,
        1,
        Decimal(100),
    )
    assert [(n.code, n.max_points) for n in services.nodes_of(criteria_set)] == [
        ("1", None),
        ("1.1", Decimal(10)),
        ("1.2", Decimal(20)),
        ("2", None),
        ("2.1", Decimal(40)),
        ("2.2", Decimal(30)),
    ]


def test_a_criterion_keeps_its_source_documents(province, provincial_admin):
    source = documents.create_document(
        draft=documents.Draft(
            unit=province,
            kind="party:ket-luan",
            symbol="05-KL/TU",
            issued_on=date(2025, 8, 1),
            title="Kết luận về thực hiện Kết luận 01-KL/TW",
        ),
        by=provincial_admin,
    )
    made = services.create_criteria_set(
        unit=province,
        code="KL01",
        name="Bộ tiêu chí",
        by=provincial_admin,
        sources=[source],
        criteria=[Node("1", "Học tập và làm theo", Decimal(100), "Kế hoạch", (source, source))],
    )
    assert made.code == "kl01"
    assert list(made.sources.all()) == [source]
    assert list(made.criteria.get().sources.all()) == [source]
    assert services.nodes_of(made)[0].sources == (source,)


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([], "ít nhất một tiêu chí"),
        ([Node("1.1", "Mồ côi", Decimal(5))], "Dòng 1: tiêu chí 1.1 nằm dưới mục 1"),
        (
            [Node("1", "A", None), Node("1.1", "B", Decimal(5)), Node("1.1", "C", Decimal(5))],
            "Dòng 3: số thứ tự 1.1 đã có ở trên",
        ),
        (
            [
                Node("1", "A", Decimal(25)),
                Node("1.1", "B", Decimal(10)),
                Node("1.2", "C", Decimal(20)),
            ],
            "Dòng 1: mục 1 ghi 25 điểm nhưng các tiêu chí dưới nó cộng lại 30 điểm",
        ),
        ([Node("1", "A", Decimal(5)), Node("2", "B", None)], "Dòng 2: tiêu chí 2 cần điểm tối đa"),
        ([Node("1", "A", Decimal(5)), Node("2", " ", Decimal(5))], "Dòng 2: hãy nhập nội dung"),
        ([Node("1 a", "A", Decimal(5))], "Dòng 1: hãy nhập số thứ tự"),
        ([Node("1", "A", Decimal("1000.5"))], "Dòng 1: điểm tối đa phải từ 0 đến 1000"),
    ],
)
def test_a_wrong_outline_is_refused_by_its_line(rows, words, province, provincial_admin):
    refused(
        lambda: services.create_criteria_set(
            unit=province, code="x", name="Bộ tiêu chí", criteria=rows, by=provincial_admin
        ),
        "criteria",
        words,
    )
    assert not CriteriaSet.objects.exists()


def test_a_code_is_the_units_once_and_only_its_writers_build_a_set(
    criteria_set, province, commune_a, provincial_admin, editor_b
):
    refused(
        lambda: services.create_criteria_set(
            unit=province, code="KL01", name="Khác", criteria=_outline(), by=provincial_admin
        ),
        "code",
        "«kl01»",
    )
    refused(
        lambda: services.create_criteria_set(
            unit=commune_a, code="x", name="Khác", criteria=_outline(), by=editor_b
        ),
        "unit",
        "Đảng ủy xã Mường Luân",
    )
    assert CriteriaSet.objects.count() == 1


def test_a_set_not_yet_used_is_revised_in_place(criteria_set, provincial_admin):
    revised = services.revise_criteria_set(
        criteria_set=criteria_set,
        name="Bộ tiêu chí (sửa)",
        by=provincial_admin,
        version=1,
        criteria=[Node("1", "Lãnh đạo", Decimal(60)), Node("2", "Kết quả", Decimal(40))],
    )
    assert (revised.pk, revised.number, revised.version, revised.name) == (
        criteria_set.pk,
        1,
        2,
        "Bộ tiêu chí (sửa)",
    )
    assert list(revised.criteria.values_list("code", "max_points")) == [
        ("1", Decimal(60)),
        ("2", Decimal(40)),
    ]
    refused(
        lambda: services.revise_criteria_set(
            criteria_set=criteria_set,
            name="Cũ",
            criteria=_outline(),
            by=provincial_admin,
            version=1,
        ),
        "version",
        "Bộ tiêu chí",
    )


def test_revising_a_set_in_use_makes_the_next_version_and_the_round_keeps_its_own(
    evaluation_round, criteria_set, provincial_admin
):
    criteria_set.refresh_from_db()
    assert criteria_set.in_use
    before = list(criteria_set.criteria.values_list("pk", "code", "title", "max_points"))
    v2 = services.revise_criteria_set(
        criteria_set=criteria_set,
        name="Tiêu chí năm 2025",
        by=provincial_admin,
        version=1,
        criteria=[*_outline()[:3], Node("2", "Kết quả", Decimal(70))],
    )
    assert (v2.code, v2.number, v2.in_use, v2.name) == ("kl01", 2, False, "Tiêu chí năm 2025")
    assert list(v2.criteria.values_list("code", flat=True)) == ["1", "1.1", "1.2", "2"]
    old = CriteriaSet.objects.get(pk=criteria_set.pk)
    assert (old.name, old.version) == ("Tiêu chí đánh giá thực hiện Kết luận 01-KL/TW", 1)
    assert list(old.criteria.values_list("pk", "code", "title", "max_points")) == before
    assert Round.objects.get(pk=evaluation_round.pk).criteria_set_id == criteria_set.pk
    refused(
        lambda: services.revise_criteria_set(
            criteria_set=old,
            name="Sửa bản cũ",
            criteria=_outline(),
            by=provincial_admin,
            version=1,
        ),
        "version",
        "Đã có phiên bản mới hơn (v2)",
    )
    assert CriteriaSet.objects.filter(code="kl01").count() == 2
