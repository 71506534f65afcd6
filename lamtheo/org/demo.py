"""The org part of the demo (../shared/DEMO.md): the committees of Bắc Kạn/Thái Nguyên, Điện Biên
and Hà Tĩnh from the gazetteer, the committee bodies and mass organisations the founding texts
name, and the roles of the demo sign-ins. Dates the texts do not give are marked "(demo)"."""

from datetime import date

from lamtheo.accounts.models import User

from . import admin_units, services
from .models import OrgUnit

# Bắc Kạn resolves to today's Thái Nguyên, which brings both old provinces and the 2025 merger.
PROVINCES = ("Bắc Kạn", "Điện Biên", "Hà Tĩnh")
REFORM = admin_units.REFORM
BODIES_MERGED = date(2025, 3, 1)  # Ban Tuyên giáo + Ban Dân vận -> Ban Tuyên giáo và Dân vận (demo)
DEMO_NOTE = "(demo) ngày giả định cho dữ liệu mẫu"

# Roles of the demo sign-ins: (username, unit name, role, from, until)
ROLES = (
    ("tinh", "Tỉnh ủy Bắc Kạn", "admin", date(2021, 1, 1), REFORM),
    ("tinh", "Tỉnh ủy Thái Nguyên", "admin", REFORM, None),
    ("babe", "Huyện ủy Ba Bể", "editor", date(2021, 1, 1), None),
    ("muongluan", "Đảng ủy xã Mường Luân", "editor", REFORM, None),
    ("thamdinh", "Tỉnh ủy Điện Biên", "reviewer", date(2021, 1, 1), None),
)


def _unit(name: str, on: date) -> OrgUnit:
    return OrgUnit.objects.valid_on(on).get(name=name)


def _body(code, name, initials, parent, start, end=None, kind="body"):
    return services.create_unit(
        code=code,
        name=name,
        kind=kind,
        initials=initials,
        valid_from=start,
        valid_to=end,
        parent=parent,
    )


def load_units() -> None:
    for query in PROVINCES:
        for province in admin_units.find_provinces(query):
            admin_units.load_province(province)
    before, after = date(2024, 1, 1), date(2025, 8, 1)
    bac_kan, thai_nguyen = _unit("Tỉnh ủy Bắc Kạn", before), _unit("Tỉnh ủy Thái Nguyên", after)
    start = admin_units.LEGACY_FROM

    # Bắc Kạn's bodies until the merger; the propaganda and mass-mobilisation boards merged first.
    bk = {
        "btg": _body("BK-BTG", "Ban Tuyên giáo Tỉnh ủy Bắc Kạn", "BTG", bac_kan, start, REFORM),
        "bdv": _body("BK-BDV", "Ban Dân vận Tỉnh ủy Bắc Kạn", "BDV", bac_kan, start, REFORM),
        "ubkt": _body("BK-UBKT", "Ủy ban Kiểm tra Tỉnh ủy Bắc Kạn", "UBKT", bac_kan, start, REFORM),
        "vp": _body("BK-VP", "Văn phòng Tỉnh ủy Bắc Kạn", "VP", bac_kan, start, REFORM),
        "btv": services.create_unit(
            code="BK-BTV",
            name="Ban Thường vụ Tỉnh ủy Bắc Kạn",
            kind="body",
            issuer_code="TU",
            valid_from=start,
            valid_to=REFORM,
            parent=bac_kan,
        ),
    }
    bk["btgdv"] = _body(
        "BK-BTGDV",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Bắc Kạn",
        "BTGDV",
        bac_kan,
        BODIES_MERGED,
        REFORM,
    )
    services.merge_units(
        sources=[bk["btg"], bk["bdv"]], into=bk["btgdv"], on=BODIES_MERGED, note=DEMO_NOTE
    )
    # Thái Nguyên's bodies today; Bắc Kạn's merged into them with the province.
    tn = {
        "btgdv": _body(
            "TN-BTGDV",
            "Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên",
            "BTGDV",
            thai_nguyen,
            REFORM,
        ),
        "ubkt": _body(
            "TN-UBKT", "Ủy ban Kiểm tra Tỉnh ủy Thái Nguyên", "UBKT", thai_nguyen, REFORM
        ),
        "vp": _body("TN-VP", "Văn phòng Tỉnh ủy Thái Nguyên", "VP", thai_nguyen, REFORM),
        "btv": services.create_unit(
            code="TN-BTV",
            name="Ban Thường vụ Tỉnh ủy Thái Nguyên",
            kind="body",
            issuer_code="TU",
            valid_from=REFORM,
            parent=thai_nguyen,
        ),
    }
    for key in ("btgdv", "ubkt", "vp", "btv"):
        services.merge_units(
            sources=[bk[key]],
            into=tn[key],
            on=REFORM,
            note="Hợp nhất tỉnh Bắc Kạn vào tỉnh Thái Nguyên",
        )

    # The Fatherland Front and mass organisations of Điện Biên.
    dien_bien = _unit("Tỉnh ủy Điện Biên", after)
    for code, name, initials, kind in (
        ("DB-MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Điện Biên", "", "front"),
        ("DB-DTN", "Tỉnh đoàn Điện Biên", "TĐ", "mass"),
        ("DB-HLHPN", "Hội Liên hiệp Phụ nữ tỉnh Điện Biên", "HLHPN", "mass"),
        ("DB-HND", "Hội Nông dân tỉnh Điện Biên", "HND", "mass"),
        ("DB-HCCB", "Hội Cựu chiến binh tỉnh Điện Biên", "HCCB", "mass"),
        ("DB-LĐLĐ", "Liên đoàn Lao động tỉnh Điện Biên", "LĐLĐ", "mass"),
        ("DB-BTGDV", "Ban Tuyên giáo và Dân vận Tỉnh ủy Điện Biên", "BTGDV", "body"),
    ):
        _body(code, name, initials, dien_bien, start, kind=kind)

    # Đoàn thanh niên of xã Mường Luân (Điện Biên Đông) [002]: under the old commune's Party
    # committee, then under the new one from 1/7/2025.
    old_ml = _unit("Đảng ủy xã Mường Luân", before)
    new_ml = _unit("Đảng ủy xã Mường Luân", after)
    youth = services.create_unit(
        code="ML-DTN",
        name="Đoàn Thanh niên xã Mường Luân",
        kind="mass",
        initials="ĐTN",
        valid_from=start,
    )
    services.attach_unit(unit=youth, parent=old_ml, valid_from=start, valid_to=REFORM)
    services.move_unit(unit=youth, to=new_ml, on=REFORM, note="Sắp xếp đơn vị hành chính 2025")


def grant_roles(users: dict[str, User]) -> None:
    for username, unit_name, role, start, end in ROLES:
        services.grant_role(
            user=users[username],
            unit=_unit(unit_name, start),
            role=role,
            valid_from=start,
            valid_to=end,
        )
