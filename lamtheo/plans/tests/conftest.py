"""The plans area's world: the centre's Kết luận 01-KL/TW, registered and public, over the
personas' province and communes (lamtheo/conftest.py)."""

from datetime import date

import pytest

from lamtheo.documents import services as documents
from lamtheo.org import services as org


def register(unit, kind, symbol, day, title, *, by=None, **extra):
    return documents.create_document(
        draft=documents.Draft(
            unit=unit, kind=f"party:{kind}", symbol=symbol, issued_on=day, title=title, **extra
        ),
        by=by,
    )


@pytest.fixture
def kl01(db):
    central = org.create_unit(
        code="TW", name="Ban Chấp hành Trung ương Đảng", kind="central", valid_from=date(1930, 2, 3)
    )
    return register(
        central,
        "ket-luan",
        "01-KL/TW",
        date(2021, 5, 18),
        "Về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị khóa XII",
        is_public=True,
    )
