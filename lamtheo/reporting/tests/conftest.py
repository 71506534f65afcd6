"""The reporting area's world: the personas' province (Điện Biên) asks its two communes for
the 2026 yearly report on a template with two indicators; a provincial reviewer decides."""

from datetime import date

import pytest

from lamtheo.conftest import _role, _user
from lamtheo.plans import services as plans
from lamtheo.reporting import services


@pytest.fixture
def reviewer(province):
    user = _user("tinh_tham_dinh", "Lò Văn Phong", position="Chuyên viên Văn phòng Tỉnh ủy")
    return _role(user, province, "reviewer")


@pytest.fixture
def indicators(province, provincial_admin):
    members = plans.save_indicator(
        unit=province,
        code="dang-vien-moi",
        name="Đảng viên mới kết nạp",
        measure="người",
        by=provincial_admin,
    )
    rate = plans.save_indicator(
        unit=province,
        code="ty-le-ho-ngheo",
        name="Tỷ lệ hộ nghèo",
        measure="%",
        aggregation="average",
        direction="lower",
        by=provincial_admin,
    )
    return members, rate


@pytest.fixture
def template(province, provincial_admin, indicators):
    return services.create_template(
        unit=province,
        code="bao-cao-nam",
        name="Báo cáo năm thực hiện Kết luận 01",
        sections=services.standard_sections(indicators, ["cases_commended"]),
        by=provincial_admin,
    )


@pytest.fixture
def report_request(province, commune_a, commune_b, provincial_admin, template):
    return services.issue_request(
        unit=province,
        template=template,
        title="Báo cáo kết quả năm 2026 thực hiện Kết luận số 01-KL/TW",
        period="2026",
        deadline=date(2026, 12, 15),
        units=[commune_a, commune_b],
        by=provincial_admin,
        as_of=date(2026, 12, 1),
    )


# --- Added for the service, consolidation and concurrency tests -------------------------------


@pytest.fixture
def clock(monkeypatch):
    """The moment the submission services take as now: `clock(datetime(...))` sets it."""
    from datetime import datetime as _datetime
    from types import SimpleNamespace

    from django.utils import timezone

    from lamtheo.reporting.services import submissions

    moment = {"now": timezone.now()}
    monkeypatch.setattr(submissions, "timezone", SimpleNamespace(now=lambda: moment["now"]))

    def set_to(when: _datetime) -> None:
        moment["now"] = when

    return set_to


@pytest.fixture
def district_tree(province):
    """The personas' province as it stood before 1/7/2025: Huyện ủy Mường Ảng with two
    communes, and two communes directly under the province; Nà Tấu moved into the district on
    1/10/2024. Every one of them ended on 1/7/2025."""
    from lamtheo.org import services as org

    def unit(code, name, kind, parent):
        return org.create_unit(
            code=code,
            name=name,
            kind=kind,
            valid_from=date(2008, 8, 1),
            valid_to=date(2025, 7, 1),
            parent=parent,
        )

    district = unit("H-MA", "Huyện ủy Mường Ảng", "district", province)
    d1 = unit("X-AN", "Đảng ủy xã Ẳng Nưa", "commune", district)
    d2 = unit("X-AC", "Đảng ủy xã Ẳng Cang", "commune", district)
    moved = unit("X-NT", "Đảng ủy xã Nà Tấu", "commune", province)
    direct = unit("X-TM", "Đảng ủy xã Thanh Minh", "commune", province)
    org.move_unit(unit=moved, to=district, on=date(2024, 10, 1))
    return {"district": district, "d1": d1, "d2": d2, "moved": moved, "direct": direct}


@pytest.fixture
def bac_kan(merger_tree):
    """The merger tree with an admin and a reviewer of today's Tỉnh ủy Thái Nguyên (which
    carries Bắc Kạn) and an editor of today's Đảng ủy xã Ba Bể (which carries the old
    communes)."""
    tree = merger_tree
    admin = _role(_user("tn_admin", "Ma Văn Định"), tree["thai_nguyen"], "admin")
    reviewer = _role(_user("tn_tham_dinh", "Hà Văn Khải"), tree["thai_nguyen"], "reviewer")
    editor = _role(_user("xa_ba_be", "Triệu Thị Hoa"), tree["new"], "editor")
    return tree | {"admin": admin, "reviewer": reviewer, "editor": editor}


# --- Added for the report pages and the browser cycle -----------------------------------------


@pytest.fixture
def commune_c(province):
    """A third commune of the province: Mường Nhà."""
    from lamtheo.org import services as org

    return org.create_unit(
        code="X25-C",
        name="Đảng ủy xã Mường Nhà",
        kind="commune",
        valid_from=date(2025, 7, 1),
        parent=province,
    )


@pytest.fixture
def editor_c(commune_c):
    user = _user("xa_c", "Quàng Thị Chiên", position="Văn phòng Đảng ủy xã C")
    return _role(user, commune_c, "editor")
