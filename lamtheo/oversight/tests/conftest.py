"""The oversight area's world: a reviewer of the province, a criteria set, a round evaluating
the two communes, and an inspection of both with a recommendation to each."""

from datetime import date
from decimal import Decimal

import pytest

from lamtheo.conftest import _role, _user
from lamtheo.oversight import services
from lamtheo.oversight.domain import Node


@pytest.fixture
def reviewer(province):
    user = _user("tinh_tham_dinh", "Lò Văn Phong", position="Chuyên viên Ủy ban Kiểm tra")
    return _role(user, province, "reviewer")


@pytest.fixture
def second_reviewer(province):
    user = _user("tinh_tham_dinh_2", "Quàng Thị Mai", position="Chuyên viên Ban Tổ chức")
    return _role(user, province, "reviewer")


OUTLINE = [
    Node("1", "Công tác lãnh đạo, chỉ đạo", None),
    Node("1.1", "Ban hành kế hoạch thực hiện Kết luận 01-KL/TW", Decimal(10), "Kế hoạch"),
    Node("1.2", "Tổ chức học tập, quán triệt", Decimal(20), "Báo cáo, danh sách"),
    Node("2", "Kết quả thực hiện", None),
    Node("2.1", "Xây dựng, nhân rộng điển hình", Decimal(40)),
    Node("2.2", "Kiểm tra, giám sát", Decimal(30)),
]


@pytest.fixture
def criteria_set(province, provincial_admin):
    return services.create_criteria_set(
        unit=province,
        code="kl01",
        name="Tiêu chí đánh giá thực hiện Kết luận 01-KL/TW",
        criteria=[Node(n.code, n.title, n.max_points, n.evidence) for n in OUTLINE],
        by=provincial_admin,
    )


@pytest.fixture
def evaluation_round(province, commune_a, commune_b, provincial_admin, criteria_set):
    return services.open_round(
        unit=province,
        criteria_set=criteria_set,
        title="Đánh giá thực hiện Kết luận 01-KL/TW năm 2024",
        period="2024",
        self_deadline=date(2030, 1, 15),
        review_deadline=date(2030, 1, 31),
        units=[commune_a, commune_b],
        by=provincial_admin,
    )


@pytest.fixture
def inspection(province, commune_a, commune_b, provincial_admin):
    found = services.create_inspection(
        unit=province,
        kind="delegation",
        title="Kiểm tra tình hình thực hiện Kết luận 01-KL/TW",
        starts_on=date(2026, 2, 23),
        ends_on=date(2026, 3, 6),
        targets=[commune_a, commune_b],
        team=[{"name": "Phương Thị Thanh", "title": "Phó Bí thư Thường trực", "role": "lead"}],
        by=provincial_admin,
    )
    return found


@pytest.fixture
def recommendations(inspection, commune_a, commune_b, provincial_admin):
    a = services.add_recommendation(
        inspection=inspection,
        owner=commune_a,
        text_="Bổ sung kế hoạch học tập chuyên đề năm 2021",
        deadline=date(2026, 3, 31),
        by=provincial_admin,
    )
    b = services.add_recommendation(
        inspection=inspection,
        owner=commune_b,
        text_="Kiện toàn tổ giúp việc",
        deadline=date(2030, 3, 31),
        by=provincial_admin,
    )
    return a, b
