"""The registry's world: the centre's directives, a province's plan implementing them, and the
communes of the personas (lamtheo/conftest.py) with internal documents of their own."""

from datetime import date

import pytest

from lamtheo.documents import services
from lamtheo.org import services as org


def register(unit, kind, symbol, day, title, *, by=None, **extra):
    return services.create_document(
        draft=services.Draft(
            unit=unit, kind=f"party:{kind}", symbol=symbol, issued_on=day, title=title, **extra
        ),
        by=by,
    )


@pytest.fixture
def central(db):
    return org.create_unit(
        code="TW", name="Ban Chấp hành Trung ương Đảng", kind="central", valid_from=date(1930, 2, 3)
    )


@pytest.fixture
def directives(central):
    ct05 = register(
        central,
        "chi-thi",
        "05-CT/TW",
        date(2016, 5, 15),
        "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        is_public=True,
    )
    kl01 = register(
        central,
        "ket-luan",
        "01-KL/TW",
        date(2021, 5, 18),
        "Về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị khóa XII",
        is_public=True,
        body="Tiếp tục thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị.",
        relations=[("implements", ct05)],
    )
    return {"ct05": ct05, "kl01": kl01}


@pytest.fixture
def provincial_plan(province, directives, provincial_admin):
    return register(
        province,
        "ke-hoach",
        "129-KH/TU",
        date(2022, 12, 2),
        "Thực hiện chuyên đề học tập và làm theo Bác năm 2023 tại Điện Biên",
        by=provincial_admin,
        body="Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị; gồm 6 nội dung.",
        relations=[("implements", directives["kl01"])],
    )


@pytest.fixture
def document_of_a(commune_a, editor_a):
    return register(
        commune_a,
        "nghi-quyet",
        "01-NQ/ĐU",
        date(2025, 7, 15),
        "Nghị quyết lãnh đạo nhiệm vụ 6 tháng cuối năm 2025 của xã Mường Luân",
        by=editor_a,
    )
