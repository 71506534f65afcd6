"""The honours area's world: a reviewer of the personas' province, and the Bắc Kạn -> Thái
Nguyên merger (lamtheo/conftest.py) with a commune editor and a provincial reviewer."""

from datetime import date

import pytest

from lamtheo.conftest import _role, _user
from lamtheo.honours.models import Field, Form
from lamtheo.org import services as org


@pytest.fixture
def reviewer(province):
    user = _user("tinh_tham_dinh", "Lò Văn Phong", position="Chuyên viên Ban Tuyên giáo Tỉnh ủy")
    return _role(user, province, "reviewer")


@pytest.fixture
def charity(db):
    return Field.objects.get(code="thien-nguyen")


@pytest.fixture
def giay_khen(db):
    return Form.objects.get(code="giay-khen")


@pytest.fixture
def bang_khen(db):
    return Form.objects.get(code="bang-khen-tinh")


@pytest.fixture
def merged(merger_tree):
    """The merger tree with an editor of today's commune (carrying Bắc Kạn's old communes) and
    a reviewer of today's Tỉnh ủy Thái Nguyên."""
    editor = _user("xa_ba_be", "Triệu Thị Hoa", position="Văn phòng Đảng ủy xã Ba Bể")
    org.grant_role(user=editor, unit=merger_tree["new"], role="editor", valid_from=date(2025, 7, 1))
    reviewer = _user("tn_tham_dinh", "Hà Văn Khải", position="Ban Tuyên giáo và Dân vận Tỉnh ủy")
    org.grant_role(
        user=reviewer, unit=merger_tree["thai_nguyen"], role="reviewer", valid_from=date(2025, 7, 1)
    )
    return merger_tree | {"editor": editor, "reviewer": reviewer}
