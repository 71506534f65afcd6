"""The documents of the demo (../shared/DEMO.md): what the founding texts cite, with their links.

The numbers, dates and titles of the central documents and of 129-KH/TU and 499-BC/TU are the
ones the texts give; the district plans, Bắc Kạn's yearly plan and the congress resolutions'
dates are invented for the demo and say so in their body ("Dữ liệu mẫu"). The bodies are short
summaries written for the demo, not the texts themselves.
"""

from datetime import date

from lamtheo.org import services as org_services
from lamtheo.org.models import OrgUnit

from . import services
from .models import Relation

DEMO = "Dữ liệu mẫu (demo): số, ngày và nội dung giả định để minh họa."
IMPLEMENTS, REPORTS_ON, GUIDES = (
    Relation.Kind.IMPLEMENTS,
    Relation.Kind.REPORTS_ON,
    Relation.Kind.GUIDES,
)


def _unit(name: str, on: date) -> OrgUnit:
    return OrgUnit.objects.valid_on(on).get(name=name)


def _central() -> OrgUnit:
    unit = OrgUnit.objects.filter(code="TW").first()
    return unit or org_services.create_unit(
        code="TW",
        name="Ban Chấp hành Trung ương Đảng",
        short_name="Trung ương",
        kind="central",
        valid_from=date(1930, 2, 3),
    )


# (key, unit name or None for the centre, kind, symbol, date, place, title, public, body,
#  [(relation, key)], signer (authority, body, title, name))
DOCUMENTS = (
    (
        "ct05",
        None,
        "party:chi-thi",
        "05-CT/TW",
        date(2016, 5, 15),
        "Hà Nội",
        "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        True,
        "Chỉ thị của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong "
        "cách Hồ Chí Minh, gắn với xây dựng, chỉnh đốn Đảng và hệ thống chính trị.",
        [],
        None,
    ),
    (
        "kl01",
        None,
        "party:ket-luan",
        "01-KL/TW",
        date(2021, 5, 18),
        "Hà Nội",
        "Về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị khóa XII về đẩy mạnh học "
        "tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        True,
        "Kết luận của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016, "
        "gắn với thực hiện Nghị quyết Đại hội XIII của Đảng; mỗi năm các cấp ủy chọn chủ đề, "
        "chuyên đề học tập và làm theo.",
        [(IMPLEMENTS, "ct05")],
        None,
    ),
    (
        "kl21",
        None,
        "party:ket-luan",
        "21-KL/TW",
        date(2021, 10, 25),
        "Hà Nội",
        "Về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, đẩy "
        "lùi, xử lý nghiêm cán bộ, đảng viên suy thoái về tư tưởng chính trị, đạo đức, lối "
        'sống, biểu hiện "tự diễn biến", "tự chuyển hóa"',
        True,
        "Kết luận Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XIII.",
        [],
        None,
    ),
    (
        "qd144",
        None,
        "party:quy-dinh",
        "144-QĐ/TW",
        date(2024, 5, 9),
        "Hà Nội",
        "Về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
        True,
        "Quy định của Bộ Chính trị về 5 chuẩn mực đạo đức cách mạng của cán bộ, đảng viên.",
        [],
        None,
    ),
    (
        "kh129",
        "Tỉnh ủy Hà Tĩnh",
        "party:ke-hoach",
        "129-KH/TU",
        date(2022, 12, 2),
        "Hà Tĩnh",
        "Thực hiện chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
        "năm 2023",
        False,
        "Kế hoạch của Ban Thường vụ Tỉnh ủy thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của "
        "Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW trong năm 2023, gồm 6 nội dung "
        "trọng tâm. Các huyện ủy, thị ủy, thành ủy ban hành kế hoạch của cấp mình và tổ chức "
        "hội nghị quán triệt trong tháng 3/2023.",
        [(IMPLEMENTS, "kl01")],
        ("tm", "Ban Thường vụ", "Bí thư", ""),
    ),
    (
        "kh_camxuyen",
        "Huyện ủy Cẩm Xuyên",
        "party:ke-hoach",
        "75-KH/HU",
        date(2023, 3, 10),
        "Cẩm Xuyên",
        "Thực hiện Kế hoạch số 129-KH/TU của Ban Thường vụ Tỉnh ủy về chuyên đề năm 2023",
        False,
        "Kế hoạch của Ban Thường vụ Huyện ủy cụ thể hóa Kế hoạch số 129-KH/TU ngày 02/12/2022 "
        "của Ban Thường vụ Tỉnh ủy. " + DEMO,
        [(IMPLEMENTS, "kh129")],
        ("tm", "Ban Thường vụ", "Bí thư", "Nguyễn Văn Thành"),
    ),
    (
        "kh_huongkhe",
        "Huyện ủy Hương Khê",
        "party:ke-hoach",
        "68-KH/HU",
        date(2023, 3, 15),
        "Hương Khê",
        "Thực hiện Kế hoạch số 129-KH/TU của Ban Thường vụ Tỉnh ủy, gắn với xây dựng nông thôn "
        "mới năm 2023",
        False,
        "Kế hoạch của Ban Thường vụ Huyện ủy thực hiện Kế hoạch số 129-KH/TU của Tỉnh ủy. " + DEMO,
        [(IMPLEMENTS, "kh129")],
        ("tm", "Ban Thường vụ", "Bí thư", "Nguyễn Thanh Điện"),
    ),
    (
        "nq_backan",
        "Tỉnh ủy Bắc Kạn",
        "party:nghi-quyet",
        "",
        date(2020, 10, 16),
        "Bắc Kạn",
        "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Bắc Kạn lần thứ XII, nhiệm kỳ 2020-2025",
        True,
        "Nghị quyết Đại hội đề ra 4 chương trình trọng tâm và 5 nhiệm vụ chủ yếu của nhiệm kỳ. "
        + DEMO,
        [],
        None,
    ),
    (
        "ctr_backan",
        "Tỉnh ủy Bắc Kạn",
        "party:chuong-trinh-hanh-dong",
        "01-CTHĐ/TU",
        date(2020, 12, 1),
        "Bắc Kạn",
        "Chương trình hành động thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XII",
        False,
        "Chương trình hành động với 4 chương trình trọng tâm: xây dựng Đảng và công tác cán "
        "bộ; cải cách hành chính, nâng cao PCI và PAR Index; phát triển nông, lâm nghiệp theo "
        "hướng sản xuất hàng hóa; phát triển du lịch và công nghiệp. " + DEMO,
        [(IMPLEMENTS, "nq_backan")],
        ("tm", "Ban Thường vụ", "Bí thư", "Hoàng Duy Chinh"),
    ),
    (
        "kh_backan",
        "Tỉnh ủy Bắc Kạn",
        "party:ke-hoach",
        "57-KH/TU",
        date(2022, 1, 20),
        "Bắc Kạn",
        "Thực hiện chủ đề năm 2022 về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí "
        "Minh",
        False,
        "Kế hoạch thực hiện Kết luận số 01-KL/TW của Bộ Chính trị trong năm 2022. " + DEMO,
        [(IMPLEMENTS, "kl01")],
        ("tm", "Ban Thường vụ", "Phó Bí thư Thường trực", "Phương Thị Thanh"),
    ),
    (
        "kh_babe",
        "Huyện ủy Ba Bể",
        "party:ke-hoach",
        "32-KH/HU",
        date(2022, 2, 25),
        "Ba Bể",
        "Thực hiện Kế hoạch số 57-KH/TU của Tỉnh ủy về chủ đề năm 2022",
        False,
        "Kế hoạch của Ban Thường vụ Huyện ủy Ba Bể. " + DEMO,
        [(IMPLEMENTS, "kh_backan")],
        ("tm", "Ban Thường vụ", "Bí thư", ""),
    ),
    (
        "bc499",
        "Tỉnh ủy Bắc Kạn",
        "party:bao-cao",
        "499-BC/TU",
        date(2024, 5, 16),
        "Bắc Kạn",
        "Sơ kết 3 năm thực hiện Kết luận số 01-KL/TW của Bộ Chính trị về tiếp tục thực hiện "
        "Chỉ thị số 05-CT/TW",
        False,
        "Báo cáo sơ kết 3 năm thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị "
        "về tiếp tục thực hiện Chỉ thị số 05-CT/TW. Việc học tập và làm theo được gắn với Kết "
        "luận số 21-KL/TW và Quy định số 144-QĐ/TW; các cấp ủy đã biểu dương, khen thưởng "
        "nhiều điển hình. Người ký là dữ liệu mẫu (demo).",
        [(REPORTS_ON, "kl01")],
        ("tm", "Ban Thường vụ", "Phó Bí thư Thường trực", "Phương Thị Thanh"),
    ),
    (
        "nq_dienbien",
        "Tỉnh ủy Điện Biên",
        "party:nghi-quyet",
        "",
        date(2020, 10, 12),
        "Điện Biên",
        "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Điện Biên lần thứ XIV, nhiệm kỳ 2020-2025",
        True,
        "Nghị quyết Đại hội với các nội dung đột phá về giảm nghèo bền vững. " + DEMO,
        [],
        None,
    ),
)


def load_documents(by=None) -> dict[str, object]:
    """Register the demo documents, oldest links first; return them by key."""
    central = _central()
    made: dict[str, object] = {}
    for key, unit_name, kind, symbol, day, place, title, public, body, links, signer in DOCUMENTS:
        unit = central if unit_name is None else _unit(unit_name, day)
        authority, signing_body, signer_title, signer_name = signer or ("", "", "", "")
        made[key] = services.create_document(
            draft=services.Draft(
                unit=unit,
                kind=kind,
                symbol=symbol,
                issued_on=day,
                place=place,
                title=title,
                is_public=public,
                body=body,
                signing_authority=authority,
                signing_body=signing_body,
                signer_title=signer_title,
                signer_name=signer_name,
                relations=[(relation, made[target]) for relation, target in links],
            ),
            by=by,
        )
    return made
