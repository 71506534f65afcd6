"""The cases and emulation movements the founding texts describe (../../shared/DEMO.md),
written through the services with the demo sign-ins, each step by a user who holds the role.

The texts name the models, not the honorees: who they are, the figures in their stories and the
decision numbers are invented, and each source says so ("demo"). A case sits in its unit as it
stood that year (Bắc Kạn's districts and communes until 1/7/2025).
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit

from .. import services
from ..models import Case, Field, Form

DEMO_SOURCE = "demo"
DEMO = "(demo)"
# The conference on 3 years of KL 01 where the province praised individuals [001]; its day is
# not given.
CONFERENCE = date(2024, 5, 28)
CONFERENCE_NOTE = "Biểu dương tại Hội nghị đánh giá 3 năm thực hiện Kết luận số 01-KL/TW " + DEMO

SOURCE_000 = "Báo Bắc Kạn, 2022 [000]; tập thể, số liệu: demo"
SOURCE_001 = "Báo Bắc Kạn, 2024 [001]; tập thể, cá nhân, số liệu: demo"
SOURCE_002 = "Bài “Khơi dậy khát vọng xây dựng Điện Biên phát triển” [002]; số liệu: demo"
SOURCE_003 = "Bài “Hà Tĩnh phấn đấu hoàn thành kế hoạch phát triển KT-XH năm 2023” [003]; demo"


def unit_named(name: str, on: date) -> OrgUnit:
    return OrgUnit.objects.valid_on(on).get(name=name)


def aware(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


# --- Emulation movements [001, 003, 004] ------------------------------------------------------

# (key, launching unit, starts, ends, document key or None, name, criteria, participants: the
#  "districts" under the unit when the movement starts, or all its "children" then)
MOVEMENTS = (
    (
        "bk_dai_hoi_xii",
        "Tỉnh ủy Bắc Kạn",
        date(2021, 2, 25),
        date(2025, 6, 30),
        "ctr_backan",
        "Phong trào thi đua thực hiện thắng lợi Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Bắc "
        "Kạn lần thứ XII, nhiệm kỳ 2020-2025",
        "Mỗi cấp ủy, cơ quan, đơn vị có mô hình, cách làm hay gắn với 4 chương trình trọng tâm; "
        "phát hiện, biểu dương kịp thời tập thể, cá nhân điển hình " + DEMO,
        "districts",
    ),
    (
        "bk_chu_de_2022",
        "Tỉnh ủy Bắc Kạn",
        date(2022, 1, 20),
        date(2022, 12, 31),
        "kh_backan",
        "Thi đua học tập và làm theo Bác về ý chí tự lực, tự cường, phát huy sáng tạo, khát "
        "vọng xây dựng tỉnh Bắc Kạn phát triển nhanh, bền vững (chủ đề năm 2022)",
        "Có việc làm cụ thể trong chương trình “làm theo” của từng cấp ủy, cơ quan, đơn vị " + DEMO,
        "districts",
    ),
    (
        "bk_chao_mung_dai_hoi",
        "Tỉnh ủy Bắc Kạn",
        date(2024, 6, 1),
        date(2025, 6, 30),
        None,
        "Thi đua lập thành tích chào mừng đại hội Đảng bộ các cấp, hướng tới Đại hội đại biểu "
        "Đảng bộ tỉnh lần thứ XIII",
        "Mỗi đơn vị có công trình, phần việc chào mừng đại hội, ưu tiên việc làm cho dân và giữ "
        "gìn cảnh quan, môi trường " + DEMO,
        "districts",
    ),
    (
        "db_giam_ngheo",
        "Tỉnh ủy Điện Biên",
        date(2021, 3, 1),
        date(2025, 6, 30),
        None,
        "Phong trào thi đua chung sức xây dựng nông thôn mới, giảm nghèo bền vững tỉnh Điện "
        "Biên giai đoạn 2021-2025",
        "Có mô hình kinh tế, văn hóa - xã hội hoặc thiện nguyện giúp hộ nghèo vươn lên, bảo đảm "
        "an sinh " + DEMO,
        "districts",
    ),
    (
        "ht_129",
        "Tỉnh ủy Hà Tĩnh",
        date(2023, 1, 1),
        date(2023, 12, 31),
        "kh129",
        "Thi đua học và làm theo Bác, nỗ lực hoàn thành kế hoạch phát triển KT-XH năm 2023",
        "Phát hiện, bồi dưỡng và nhân rộng gương điển hình tiêu biểu trong học và làm theo Bác "
        + DEMO,
        "districts",
    ),
    (
        "hk_ntm_2023",
        "Huyện ủy Hương Khê",
        date(2023, 3, 15),
        date(2023, 12, 31),
        "kh_huongkhe",
        "Thi đua hoàn thành các chỉ tiêu xây dựng nông thôn mới huyện Hương Khê năm 2023",
        "Mỗi chi bộ cơ sở có chỉ tiêu thi đua cụ thể, gắn với các tiêu chí nông thôn mới còn "
        "thiếu " + DEMO,
        "children",
    ),
)


def load_movements(documents: dict, users: dict) -> dict:
    """The movements by key, each launched by its committee's admin (Bắc Kạn's `tinh`; the demo
    has no provincial admin of Điện Biên or Hà Tĩnh but the system administrator)."""
    made = {}
    for key, name, starts, ends, document, title, criteria, members in MOVEMENTS:
        unit = unit_named(name, starts)
        units = list(org.children(unit, as_of=starts))
        if members == "districts":
            units = [u for u in units if u.kind == "district"]
        by = users["tinh"] if unit.province_code == "19" else users["admin"]
        made[key] = services.save_movement(
            unit=unit,
            name=title,
            starts_on=starts,
            ends_on=ends,
            document=documents.get(document) if document else None,
            criteria=criteria,
            units=units,
            by=by,
        )
    return made


# --- The cases the texts describe [000, 001, 002, 003] ----------------------------------------


@dataclass(frozen=True)
class Given:
    """One commendation: form code, level, issuing unit's name ("" for a body outside the org
    tree), issuer's name, decision number, day, note."""

    form: str
    level: str
    issuer: str
    issuer_name: str
    decision: str
    day: date
    note: str = ""


@dataclass(frozen=True)
class Named:
    """A case the texts describe, with the steps it went through."""

    key: str
    unit: str
    kind: str
    name: str
    field: str
    year: int
    title: str
    story: str
    source: str
    by: str  # the nominator's username
    reviewer: str
    position: str = ""
    movement: str = ""
    programme: str = ""
    verified: bool = True
    commendations: tuple[Given, ...] = ()
    replicated_to: tuple[str, ...] = ()
    replicated_since: date | None = None
    returned: str = ""
    published: bool = False


NAMED = (
    Named(
        key="btg_do_dau",
        unit="Ban Tuyên giáo Tỉnh ủy Bắc Kạn",
        kind="collective",
        name="Ban Tuyên giáo Tỉnh ủy Bắc Kạn",
        field="nong-thon-moi",
        year=2022,
        title="Cơ quan nhận đỡ đầu xã nghèo xây dựng nông thôn mới",
        story="Cán bộ, đảng viên của Ban nhận đỡ đầu một xã vùng cao của huyện Pác Nặm: mỗi "
        "người góp ngày công, vận động nguồn lực làm đường, sửa nhà văn hóa thôn và hướng dẫn "
        "các hộ cách làm ăn. Sau hai năm xã có thêm 4 tiêu chí nông thôn mới (demo).",
        source=SOURCE_001,
        by="tinh",
        reviewer="tinh",
        movement="bk_dai_hoi_xii",
        programme="programme_bac_kan",
        commendations=(
            Given(
                "bang-khen-tinh",
                "province",
                "Ban Thường vụ Tỉnh ủy Bắc Kạn",
                "Ban Thường vụ Tỉnh ủy Bắc Kạn",
                "478-QĐ/TU",
                date(2022, 12, 20),
            ),
        ),
        replicated_to=("Ban Dân vận Tỉnh ủy Bắc Kạn", "Văn phòng Tỉnh ủy Bắc Kạn"),
        replicated_since=date(2023, 3, 1),
        published=True,
    ),
    Named(
        key="thon_ngheo_ba_be",
        unit="Đảng ủy xã Nam Mẫu",
        kind="individual",
        name="Hoàng Văn Thắng",
        position="Bí thư Chi bộ thôn, xã Nam Mẫu, huyện Ba Bể (người mẫu, demo)",
        field="nong-thon-moi",
        year=2023,
        title="Giúp thôn nghèo vươn lên xây dựng nông thôn mới",
        story="Bí thư chi bộ đi từng nhà vận động bà con hiến đất mở đường liên thôn, tự góp "
        "tiền mua xi măng và đưa giống lúa mới về thôn. Thôn thoát khỏi danh sách thôn đặc biệt "
        "khó khăn sau hai năm (demo).",
        source=SOURCE_001,
        by="babe",
        reviewer="tinh",
        movement="bk_dai_hoi_xii",
        commendations=(
            Given(
                "giay-khen",
                "district",
                "Huyện ủy Ba Bể",
                "Ban Thường vụ Huyện ủy Ba Bể",
                "142-QĐ/HU",
                date(2023, 12, 18),
            ),
            Given(
                "bieu-duong",
                "province",
                "Ban Thường vụ Tỉnh ủy Bắc Kạn",
                "Ban Thường vụ Tỉnh ủy Bắc Kạn",
                "",
                CONFERENCE,
                CONFERENCE_NOTE,
            ),
        ),
        published=True,
    ),
    Named(
        key="xe_khong_dong",
        unit="Thành ủy Bắc Kạn",
        kind="collective",
        name="Nhóm thiện nguyện “Chuyến xe không đồng” thành phố Bắc Kạn",
        field="thien-nguyen",
        year=2021,
        title="Chuyến xe không đồng",
        story="Những chủ xe và tài xế trong thành phố thay nhau đưa bệnh nhân nghèo từ các xã "
        "về bệnh viện tỉnh và lên tuyến trên mà không lấy tiền; chi phí xăng dầu do nhóm tự "
        "góp. Năm đầu nhóm chạy hơn 300 chuyến (demo).",
        source=SOURCE_001,
        by="tinh",
        reviewer="tinh",
        movement="bk_dai_hoi_xii",
        commendations=(
            Given(
                "giay-khen",
                "district",
                "Thành ủy Bắc Kạn",
                "Ban Thường vụ Thành ủy Bắc Kạn",
                "55-QĐ/HU",
                date(2021, 12, 22),
            ),
        ),
        replicated_to=("Huyện ủy Chợ Mới", "Huyện ủy Na Rì"),
        replicated_since=date(2022, 6, 1),
        published=True,
    ),
    Named(
        key="com_nhan_ai",
        unit="Đảng ủy phường Đức Xuân",
        kind="collective",
        name="Chi hội Phụ nữ tổ 6, phường Đức Xuân",
        field="thien-nguyen",
        year=2023,
        title="Bữa cơm nhân ái cho người nhà bệnh nhân",
        story="Mỗi trưa thứ Năm, hội viên nấu và mang cơm đến bệnh viện cho người nhà bệnh "
        "nhân ở xa, gạo và thực phẩm do các gia đình trong tổ góp. Mỗi năm chừng 2.000 suất cơm "
        "(demo).",
        source=SOURCE_001,
        by="tinh",
        reviewer="tinh",
        movement="bk_dai_hoi_xii",
        commendations=(
            Given(
                "giay-khen",
                "commune",
                "Đảng ủy phường Đức Xuân",
                "Ban Thường vụ Đảng ủy phường Đức Xuân",
                "36-QĐ/ĐU",
                date(2023, 12, 12),
            ),
        ),
        published=True,
    ),
    Named(
        key="quy_benh_nhan",
        unit="Huyện ủy Chợ Đồn",
        kind="collective",
        name="Chi bộ Trung tâm Y tế huyện Chợ Đồn",
        field="y-te",
        year=2022,
        title="Quỹ hỗ trợ kinh phí điều trị cho bệnh nhân nghèo, trường hợp nguy kịch",
        story="Đảng viên và nhân viên trích một phần lương hằng tháng lập quỹ, kết nối thêm nhà "
        "hảo tâm để giúp bệnh nhân nghèo có tiền chuyển tuyến, mua thuốc. Quỹ đã giúp 46 trường "
        "hợp (demo).",
        source=SOURCE_001,
        by="tinh",
        reviewer="tinh",
        movement="bk_chu_de_2022",
        programme="plan_bac_kan_2022",
        commendations=(
            Given(
                "giay-khen",
                "district",
                "Huyện ủy Chợ Đồn",
                "Ban Thường vụ Huyện ủy Chợ Đồn",
                "97-QĐ/HU",
                date(2022, 12, 16),
            ),
            Given(
                "bang-khen-tinh",
                "province",
                "",
                "Chủ tịch UBND tỉnh Bắc Kạn",
                "961/QĐ-UBND",
                date(2023, 5, 17),
            ),
        ),
    ),
    Named(
        key="khuyen_nong_kim_lu",
        unit="Đảng ủy xã Kim Lư",
        kind="individual",
        name="Nông Văn Hải",
        position="Đảng viên, cán bộ khuyến nông xã Kim Lư, huyện Na Rì (người mẫu, demo)",
        field="kinh-te",
        year=2024,
        title="Hướng dẫn kỹ thuật trong sản xuất cho bà con",
        story="Anh đến từng nương hướng dẫn cách ghép, cắt tỉa và bón phân cho cây ăn quả, lập "
        "nhóm Zalo để bà con hỏi khi cây có bệnh. Hơn 80 hộ áp dụng (demo).",
        source=SOURCE_001,
        by="tinh",
        reviewer="tinh",
        movement="bk_chao_mung_dai_hoi",
    ),
    Named(
        key="nha_mang_yen_han",
        unit="Đảng ủy xã Yên Hân",
        kind="individual",
        name="Hà Thị Thu",
        position="Hội viên Hội Nông dân xã Yên Hân, huyện Chợ Mới (người mẫu, demo)",
        field="kinh-te",
        year=2023,
        title="Mạnh dạn đầu tư ứng dụng khoa học vào sản xuất rau an toàn",
        story="Chị vay vốn dựng nhà màng, lắp tưới nhỏ giọt và trồng rau theo quy trình an toàn, "
        "không trông chờ hỗ trợ; nay bao tiêu rau cho các hộ trong thôn làm theo (demo).",
        source=SOURCE_001,
        by="tinh",
        reviewer="tinh",
        movement="bk_dai_hoi_xii",
        commendations=(
            Given(
                "bang-khen-tinh",
                "province",
                "",
                "Chủ tịch UBND tỉnh Bắc Kạn",
                "1662/QĐ-UBND",
                date(2023, 8, 25),
            ),
            Given(
                "bieu-duong",
                "province",
                "Ban Thường vụ Tỉnh ủy Bắc Kạn",
                "Ban Thường vụ Tỉnh ủy Bắc Kạn",
                "",
                CONFERENCE,
                CONFERENCE_NOTE,
            ),
        ),
        replicated_to=("Đảng ủy xã Thanh Mai", "Đảng ủy xã Như Cố"),
        replicated_since=date(2024, 3, 1),
        published=True,
    ),
    Named(
        key="ngay_hoi_cam_quyt",
        unit="Huyện ủy Bạch Thông",
        kind="collective",
        name="Đảng bộ, chính quyền và Nhân dân xã Quang Thuận",
        field="kinh-te",
        year=2022,
        title="Ngày hội cam quýt và giới thiệu sản phẩm OCOP gắn với văn hóa, thể thao, du lịch",
        story="Xã tổ chức ngày hội để người trồng cam quýt bày bán sản phẩm, gặp thương lái và "
        "khách du lịch, kèm các trò chơi dân gian và văn nghệ; ngày hội đón hàng nghìn lượt "
        "khách (demo).",
        source=SOURCE_000,
        by="tinh",
        reviewer="tinh",
        movement="bk_chu_de_2022",
        programme="plan_bac_kan_2022",
        commendations=(
            Given(
                "giay-khen",
                "district",
                "Huyện ủy Bạch Thông",
                "Ban Thường vụ Huyện ủy Bạch Thông",
                "98-QĐ/HU",
                date(2022, 12, 20),
            ),
        ),
        replicated_to=("Đảng ủy xã Cao Sơn", "Đảng ủy xã Dương Phong"),
        replicated_since=date(2023, 9, 1),
        published=True,
    ),
    Named(
        key="ocop_quang_thuan",
        unit="Đảng ủy xã Quang Thuận",
        kind="collective",
        name="Hợp tác xã nông nghiệp xã Quang Thuận (demo)",
        field="kinh-te",
        year=2022,
        title="Xây dựng sản phẩm OCOP từ cam, quýt của xã",
        story="Hợp tác xã gom quả của các hộ, đóng hộp, dán tem truy xuất nguồn gốc và đưa sản "
        "phẩm đi đánh giá OCOP; giá bán cao hơn bán lẻ tại vườn (demo).",
        source=SOURCE_000,
        by="tinh",
        reviewer="tinh",
        movement="bk_chu_de_2022",
        commendations=(
            Given(
                "bieu-duong",
                "commune",
                "Đảng ủy xã Quang Thuận",
                "Đảng ủy xã Quang Thuận",
                "",
                date(2022, 12, 5),
            ),
        ),
    ),
    Named(
        key="du_lich_nam_mau",
        unit="Đảng ủy xã Nam Mẫu",
        kind="collective",
        name="Tổ hợp tác du lịch cộng đồng xã Nam Mẫu (demo)",
        field="kinh-te",
        year=2024,
        title="Làm du lịch cộng đồng bên hồ Ba Bể",
        story="Các hộ góp nhà sàn đón khách, chèo thuyền và nấu món ăn địa phương; đề xuất "
        "chưa kèm báo cáo thành tích (demo).",
        source=DEMO_SOURCE,
        by="babe",
        reviewer="tinh",
        verified=False,
        returned="Chưa có báo cáo thành tích được chi bộ, đảng ủy cơ sở xác nhận; đề nghị bổ "
        "sung số hộ tham gia và thu nhập.",
    ),
    Named(
        key="com_nhan_ai_2025",
        unit="Đảng ủy phường Đức Xuân",
        kind="collective",
        name="Chi hội Phụ nữ tổ 6, phường Đức Xuân",
        field="thien-nguyen",
        year=2025,
        title="Bữa cơm nhân ái duy trì sau sắp xếp đơn vị hành chính",
        story="Chi hội tiếp tục nấu cơm cho người nhà bệnh nhân ở phường mới sau ngày 1/7/2025 "
        "(demo).",
        source=DEMO_SOURCE,
        by="tinh",
        reviewer="tinh",
        verified=False,
    ),
    Named(
        key="duong_muong_luan",
        unit="Đảng ủy xã Mường Luân",
        kind="collective",
        name="Đoàn Thanh niên xã Mường Luân",
        field="nong-thon-moi",
        year=2024,
        title="Giúp Nhân dân bản Trung Tâm làm đường bê tông nội bản",
        story="Đoàn viên thanh niên góp ngày công cùng người dân trộn bê tông, đổ mặt đường "
        "trong bản Trung Tâm; con đường giúp bà con đi lại, chở nông sản cả mùa mưa. Tuyến "
        "đường dài khoảng 500 m (demo).",
        source=SOURCE_002,
        by="muongluan",
        reviewer="thamdinh",
        movement="db_giam_ngheo",
        commendations=(
            Given(
                "giay-khen",
                "district",
                "Huyện ủy Điện Biên Đông",
                "Ban Thường vụ Huyện ủy Điện Biên Đông",
                "172-QĐ/HU",
                date(2024, 9, 10),
            ),
            Given(
                "bieu-duong",
                "province",
                "Tỉnh đoàn Điện Biên",
                "Ban Thường vụ Tỉnh đoàn Điện Biên",
                "",
                date(2024, 10, 15),
            ),
        ),
        replicated_to=("Đảng ủy xã Luân Giới", "Đảng ủy xã Chiềng Sơ"),
        replicated_since=date(2025, 3, 1),
        published=True,
    ),
    Named(
        key="khieu_nai_dien_bien",
        unit="Tỉnh ủy Điện Biên",
        kind="collective",
        name="Ủy ban nhân dân tỉnh Điện Biên",
        field="cai-cach-hanh-chinh",
        year=2023,
        title="Công khai “Thông tin giải quyết khiếu nại, tố cáo” trên Cổng thông tin điện tử "
        "của tỉnh",
        story="Tỉnh lập thư mục riêng trên cổng thông tin để người dân theo dõi việc giải quyết "
        "khiếu nại, tố cáo, gắn với tiếp công dân thường xuyên.",
        source=SOURCE_002,
        by="admin",
        reviewer="thamdinh",
        movement="db_giam_ngheo",
    ),
    Named(
        key="thien_nguyen_dien_bien_phu",
        unit="Đảng ủy phường Him Lam",
        kind="collective",
        name="Câu lạc bộ thiện nguyện phường Him Lam (demo)",
        field="thien-nguyen",
        year=2024,
        title="Mô hình hoạt động thiện nguyện giúp học sinh vùng cao",
        story="Câu lạc bộ quyên góp áo ấm, sách vở và tổ chức bữa trưa cho học sinh bán trú ở "
        "các xã vùng cao (demo).",
        source=SOURCE_002,
        by="admin",
        reviewer="thamdinh",
        verified=False,
        movement="db_giam_ngheo",
    ),
    Named(
        key="ntm_huong_tra",
        unit="Đảng ủy xã Hương Trà",
        kind="collective",
        name="Chi bộ thôn 3, xã Hương Trà (demo)",
        field="nong-thon-moi",
        year=2023,
        title="Xây dựng khu dân cư nông thôn mới kiểu mẫu",
        story="Chi bộ phân công mỗi đảng viên phụ trách một nhóm hộ, vận động chỉnh trang vườn "
        "nhà, làm hàng rào xanh và đường điện chiếu sáng; thôn đạt chuẩn khu dân cư kiểu mẫu "
        "năm 2023 (demo).",
        source=SOURCE_003,
        by="admin",
        reviewer="admin",
        movement="hk_ntm_2023",
        programme="plan_129",
        commendations=(
            Given(
                "giay-khen",
                "district",
                "Huyện ủy Hương Khê",
                "Ban Thường vụ Huyện ủy Hương Khê",
                "141-QĐ/HU",
                date(2023, 12, 22),
            ),
        ),
        published=True,
    ),
    Named(
        key="neu_guong_cam_xuyen",
        unit="Huyện ủy Cẩm Xuyên",
        kind="individual",
        name="Nguyễn Thị Hằng",
        position="Bí thư Chi bộ thôn, xã Cẩm Hà, huyện Cẩm Xuyên (người mẫu, demo)",
        field="xay-dung-dang",
        year=2023,
        title="Phát huy vai trò nêu gương của bí thư chi bộ",
        story="Bí thư chi bộ làm trước để đảng viên và Nhân dân làm theo: hiến đất mở rộng "
        "đường, đi đầu trong phân loại rác và đối thoại với dân mỗi quý (demo).",
        source=SOURCE_003,
        by="admin",
        reviewer="admin",
        movement="ht_129",
        commendations=(
            Given(
                "giay-khen",
                "district",
                "Huyện ủy Cẩm Xuyên",
                "Ban Thường vụ Huyện ủy Cẩm Xuyên",
                "139-QĐ/HU",
                date(2023, 12, 20),
            ),
            Given(
                "bang-khen-tinh",
                "province",
                "",
                "Chủ tịch UBND tỉnh Hà Tĩnh",
                "2451/QĐ-UBND",
                date(2023, 12, 27),
            ),
        ),
    ),
    Named(
        key="dao_duc_cong_vu_ha_tinh",
        unit="Huyện ủy Hương Khê",
        kind="collective",
        name="Chi bộ Văn phòng Huyện ủy Hương Khê (demo)",
        field="xay-dung-dang",
        year=2023,
        title="Xây dựng chuẩn mực đạo đức công vụ theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        story="Chi bộ rà soát, bổ sung chuẩn mực đạo đức công vụ cho cán bộ cơ quan (demo).",
        source=SOURCE_003,
        by="admin",
        reviewer="admin",
        movement="ht_129",
        returned="Mới có văn bản chuẩn mực, chưa có kết quả thực hiện; đề nghị bổ sung kết quả "
        "năm 2023.",
    ),
)


def load_case(item: Named, movements: dict, plans: dict, users: dict) -> Case:
    on = date(item.year, 12, 31)
    by, reviewer = users[item.by], users[item.reviewer]
    case = services.nominate_case(
        unit=unit_named(item.unit, on),
        kind=item.kind,
        name=item.name,
        position=item.position,
        field=Field.objects.get(code=item.field),
        year=item.year,
        title=item.title,
        story=item.story,
        source=item.source,
        movement=movements.get(item.movement),
        programme=plans.get(item.programme),
        by=by,
    )
    if item.verified:
        case = services.verify_case(case=case, by=reviewer)
    if item.returned:
        return services.return_case(case=case, reason=item.returned, by=reviewer)
    for given in item.commendations:
        services.commend_case(
            case=case,
            form=Form.objects.get(code=given.form),
            level=given.level,
            issuer=unit_named(given.issuer, given.day) if given.issuer else None,
            issuer_name=given.issuer_name,
            decision=given.decision,
            decided_on=given.day,
            note=given.note,
            by=reviewer,
        )
    if item.replicated_to:
        since = item.replicated_since
        services.replicate_case(
            case=case,
            units=[unit_named(name, since) for name in item.replicated_to],
            since=since,
            note="Đơn vị học tập, áp dụng mô hình " + DEMO,
            by=reviewer,
        )
    if item.published:
        services.publish_case(case=case, published=True, by=by)
    return Case.objects.get(pk=case.pk)
