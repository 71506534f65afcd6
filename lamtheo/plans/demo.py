"""The plans part of the demo (../shared/DEMO.md): themes, programmes, cascades, indicators and
commitments rebuilt from the founding texts, written through `plans.services` only.

What the texts give is data as they give it: the theme wordings [000-003], Bắc Kạn's 4 focus
programmes [004], the industry target +12,8 - 13%/năm [004], SIPAS 2021 rank 20/63 [000],
Điện Biên's breakthrough contents of Tủa Chùa and Mường Ảng [002], Cẩm Xuyên's conference in
March 2023 [003]. What they do not give is invented and says so: figures carry the source
`DEMO_SOURCE`, invented tasks and focal contents say "(demo)", members are "(demo)" people.

Tasks and cascades of units that no longer exist (Bắc Kạn and its districts, the districts of
Hà Tĩnh and Điện Biên, all ended 1/7/2025) are checked against the hierarchy of the day they
were given (`as_of`), when those units were under their province.
"""

from datetime import date, timedelta
from decimal import Decimal

from lamtheo.audit import bulk
from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit
from lamtheo.vn.dates import Period

from . import services
from .models import Aggregation, Direction, Indicator, Programme, Target, Task, Theme

DEMO_SOURCE = "demo: số liệu minh họa"
DEMO = "(demo)"


def _unit(name: str, on: date) -> OrgUnit:
    return OrgUnit.objects.valid_on(on).get(name=name)


def _under(theme: Theme, unit: OrgUnit, period: str) -> Theme | None:
    """`theme` as the parent of `unit`'s theme for `period` when `unit` sits under its unit then
    (the centre has no units under it in the org tree yet: the provinces are roots)."""
    day = Period.from_code(period).end - timedelta(days=1)
    inside = org.subtree_ids(theme.unit, as_of=day).filter(descendant_id=unit.pk).exists()
    return theme if inside else None


# --- Themes [000, 001, 002, 003] --------------------------------------------------------------

TERM_THEME = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và "
    "khát vọng phát triển đất nước phồn vinh, hạnh phúc"
)
BAC_KAN_2022 = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường, "
    "phát huy sáng tạo, khát vọng xây dựng tỉnh Bắc Kạn phát triển nhanh, bền vững"
)
BAC_KAN_2024_2025 = (
    "Nêu cao tinh thần trách nhiệm, linh hoạt, sáng tạo, hành động quyết liệt thực hiện thắng "
    "lợi mục tiêu nghị quyết đại hội Đảng các cấp đã đề ra"
)
HA_TINH_2023 = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phát huy ý chí tự lực, tự "
    "cường, khơi dậy khát vọng và truyền thống văn hóa, con người Hà Tĩnh, nỗ lực hoàn thành kế "
    "hoạch phát triển KT-XH năm 2023"
)
CAM_XUYEN_2023 = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phát huy ý chí tự lực, tự "
    "cường, khơi dậy khát vọng và truyền thống văn hóa, con người Cẩm Xuyên, phát huy vai trò "
    "nêu gương, nỗ lực hoàn thành kế hoạch phát triển KT-XH năm 2023"
)


def _themes(documents: dict, users: dict, units: dict) -> dict[str, Theme]:
    admin, tinh = users["admin"], users["tinh"]
    made = {}
    term = made["term"] = services.save_theme(
        unit=units["tw"], period="2021-2025", text=TERM_THEME, by=admin
    )
    bac_kan = units["bac_kan"]
    for period, text, document in (
        ("2022", BAC_KAN_2022, documents.get("kh_backan")),
        ("2024", BAC_KAN_2024_2025, None),
        ("2025", BAC_KAN_2024_2025, None),
    ):
        made[f"bac_kan_{period}"] = services.save_theme(
            unit=bac_kan,
            period=period,
            text=text,
            by=tinh,
            parent=_under(term, bac_kan, period),
            document=document,
        )
    ha_tinh = units["ha_tinh"]
    made["ha_tinh_2023"] = services.save_theme(
        unit=ha_tinh,
        period="2023",
        text=HA_TINH_2023,
        by=admin,
        parent=_under(term, ha_tinh, "2023"),
        document=documents.get("kh129"),
    )
    made["cam_xuyen_2023"] = services.save_theme(
        unit=units["cam_xuyen"],
        period="2023",
        text=CAM_XUYEN_2023,
        by=admin,
        parent=made["ha_tinh_2023"],
        document=documents.get("kh_camxuyen"),
    )
    return made


# --- Bắc Kạn's action programme and its 2022 plan [000, 004] ----------------------------------

FOCUSES_BAC_KAN = (
    "Tăng cường xây dựng Đảng, nâng cao chất lượng tổ chức đảng và đội ngũ cán bộ, đảng viên, "
    "nhất là người đứng đầu; tạo bước chuyển biến căn bản trong công tác cán bộ",
    "Đẩy mạnh cải cách hành chính, nâng cao chỉ số năng lực cạnh tranh cấp tỉnh (PCI), chỉ số "
    "cải cách hành chính (PAR Index)",
    "Phát triển nông, lâm nghiệp theo hướng sản xuất hàng hóa tập trung, đáp ứng nhu cầu thị "
    "trường; mở rộng liên kết sản xuất, nâng cao chuỗi giá trị, gắn với xây dựng nông thôn mới",
    "Tăng cường thu hút đầu tư phát triển du lịch và công nghiệp trở thành ngành kinh tế mũi "
    "nhọn, trọng tâm là du lịch hồ Ba Bể; công nghiệp chế biến nông, lâm sản",
)

# The 5 main tasks: the text gives their number and fields, not their wording.
# (title, focus number or None, owners, partners, deadline, [(status, percent, note)])
TASKS_BAC_KAN = (
    (
        "Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XII "
        "và Chương trình hành động đến cán bộ, đảng viên và Nhân dân",
        1,
        ["Ban Tuyên giáo Tỉnh ủy Bắc Kạn"],
        ["Văn phòng Tỉnh ủy Bắc Kạn"],
        date(2021, 3, 31),
        [
            (
                "done",
                100,
                "Ban Thường vụ Tỉnh ủy đã tổ chức hội nghị nghiên cứu, học tập, quán triệt Nghị "
                "quyết ngay trong những ngày đầu năm 2021.",
            )
        ],
    ),
    (
        "Rà soát, sửa đổi, bổ sung Chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ "
        "huyện cho phù hợp Nghị quyết đại hội cấp trên",
        1,
        "districts",
        [],
        date(2021, 6, 30),
        [("in_progress", 60, "Đã rà soát, đang trình Ban Chấp hành Đảng bộ huyện. " + DEMO)],
    ),
    (
        "Cải thiện điểm số và thứ hạng PCI, PAR Index, SIPAS của tỉnh; siết chặt kỷ luật, kỷ "
        "cương hành chính " + DEMO,
        2,
        ["Văn phòng Tỉnh ủy Bắc Kạn"],
        ["Ủy ban Kiểm tra Tỉnh ủy Bắc Kạn"],
        date(2025, 6, 30),
        [
            ("in_progress", 40, "Đã ban hành kế hoạch cải thiện chỉ số năm 2021. " + DEMO),
            ("in_progress", 75, "SIPAS 2021 xếp thứ 20/63 tỉnh, thành phố."),
        ],
    ),
    (
        "Phát triển vùng sản xuất hàng hóa tập trung và sản phẩm OCOP gắn với xây dựng nông thôn "
        "mới " + DEMO,
        3,
        ["Huyện ủy Bạch Thông", "Huyện ủy Chợ Mới"],
        ["Ban Dân vận Tỉnh ủy Bắc Kạn"],
        date(2024, 12, 31),
        [
            (
                "done",
                100,
                "Ngày hội cam quýt và giới thiệu sản phẩm OCOP năm 2022 tại xã Quang Thuận, huyện "
                "Bạch Thông.",
            )
        ],
    ),
    (
        "Thu hút đầu tư phát triển du lịch hồ Ba Bể; hoàn thiện khu, cụm công nghiệp chế biến "
        "nông, lâm sản " + DEMO,
        4,
        ["Huyện ủy Ba Bể"],
        [],
        date(2025, 6, 30),
        [("not_started", 0, "")],
    ),
)


def _report(task: Task, notes, by) -> None:
    for status, percent, text in notes:
        if text:
            services.report_progress(task=task, text=text, status=status, percent=percent, by=by)


def _bac_kan(documents: dict, users: dict, units: dict) -> dict:
    tinh, babe = users["tinh"], users["babe"]
    bac_kan = units["bac_kan"]
    made: dict = {}
    programme = made["programme_bac_kan"] = services.save_programme(
        unit=bac_kan,
        kind=Programme.Kind.PROGRAMME,
        title="Chương trình hành động thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Bắc Kạn "
        "lần thứ XII, nhiệm kỳ 2020-2025",
        period="2020-2025",
        document=documents.get("ctr_backan"),
        implements=documents.get("nq_backan"),
        by=tinh,
    )
    focuses = [services.add_focus(programme=programme, title=t) for t in FOCUSES_BAC_KAN]
    plan = made["plan_bac_kan_2022"] = services.save_programme(
        unit=bac_kan,
        kind=Programme.Kind.PLAN,
        title="Kế hoạch thực hiện Kết luận số 01-KL/TW của Bộ Chính trị và chủ đề năm 2022",
        period="2022",
        document=documents.get("kh_backan"),
        implements=documents.get("kl01"),
        by=tinh,
    )

    start = date(2021, 1, 15)
    districts = services.choose_units(root=bac_kan, rule="kind", kind="district", as_of=start)
    for title, focus, owners, partners, deadline, notes in TASKS_BAC_KAN:
        owned = districts if owners == "districts" else [_unit(n, start) for n in owners]
        tasks = services.assign_task(
            programme=programme,
            title=title,
            units=owned,
            focus=focuses[focus - 1] if focus else None,
            deadline=deadline,
            partners=[_unit(n, start) for n in partners],
            description="Nhiệm vụ chủ yếu của Chương trình hành động; nội dung cụ thể là dữ "
            "liệu mẫu " + DEMO,
            by=tinh,
            as_of=start,
        )
        if owners == "districts":
            # Ba Bể revised its programme after the delegation's visit [004]; two more are
            # under way, the others have not reported.
            by_name = {t.unit.name: t for t in tasks}
            _report(
                by_name["Huyện ủy Ba Bể"],
                [("done", 100, "Đã sửa đổi, bổ sung Chương trình hành động. " + DEMO)],
                babe,
            )
            for name in ("Huyện ủy Chợ Đồn", "Huyện ủy Bạch Thông"):
                _report(by_name[name], notes, tinh)
        else:
            for task in tasks:
                _report(task, notes, tinh)

    # The 2022 plan: one task to every district at once, as the districts stood then [000].
    on = date(2022, 1, 20)
    tasks = services.assign_task(
        programme=plan,
        title='Xây dựng chương trình "làm theo" với việc làm sáng tạo, cụ thể, bám sát kế hoạch '
        "của tỉnh và thực tiễn địa phương",
        units=services.choose_units(root=bac_kan, rule="kind", kind="district", as_of=on),
        deadline=date(2022, 3, 31),
        by=tinh,
        as_of=on,
    )
    by_name = {t.unit.name: t for t in tasks}
    _report(
        by_name["Huyện ủy Ba Bể"],
        [("done", 100, "Ban hành Kế hoạch số 32-KH/HU ngày 25/02/2022. " + DEMO)],
        babe,
    )
    for name, percent in (("Thành ủy Bắc Kạn", 100), ("Huyện ủy Na Rì", 50)):
        status = "done" if percent == 100 else "in_progress"
        _report(by_name[name], [(status, percent, "Kết quả thực hiện " + DEMO)], tinh)
    return made


# --- Hà Tĩnh's 129-KH/TU and its cascade to the districts [003] -------------------------------

# The text counts 6 focal contents and does not list them: these follow its wording.
FOCUSES_HA_TINH = (
    "Học tập, quán triệt chủ đề năm 2023 gắn với nhiệm vụ chính trị của địa phương, đơn vị " + DEMO,
    "Phát huy vai trò nêu gương của cấp ủy, trước hết là bí thư cấp ủy, người đứng đầu " + DEMO,
    "Xây dựng, chỉnh đốn Đảng và hệ thống chính trị trong sạch, vững mạnh " + DEMO,
    "Phát huy dân chủ cơ sở, giải quyết những vấn đề bức xúc nảy sinh, khắc phục hạn chế được "
    "chỉ ra qua kiểm điểm " + DEMO,
    "Rà soát, bổ sung, xây dựng chuẩn mực đạo đức nghề nghiệp, đạo đức công vụ " + DEMO,
    "Xây dựng nhân tố, gương điển hình tiêu biểu để bồi dưỡng, nhân rộng " + DEMO,
)
CONFERENCE = (
    "Hội nghị quán triệt, triển khai các kế hoạch, hướng dẫn của Trung ương, của tỉnh và kế hoạch "
    "chủ đề năm 2023 của huyện, tháng 3/2023"
)


def _ha_tinh(documents: dict, users: dict, units: dict) -> dict:
    admin = users["admin"]
    ha_tinh = units["ha_tinh"]
    made: dict = {}
    plan = made["plan_129"] = services.save_programme(
        unit=ha_tinh,
        kind=Programme.Kind.PLAN,
        title="Kế hoạch số 129-KH/TU thực hiện Kết luận số 01-KL/TW của Bộ Chính trị năm 2023",
        period="2023",
        document=documents.get("kh129"),
        implements=documents.get("kl01"),
        by=admin,
    )
    for title in FOCUSES_HA_TINH:
        services.add_focus(programme=plan, title=title)

    on, deadline = date(2023, 1, 1), date(2023, 3, 31)
    districts = services.choose_units(root=ha_tinh, rule="children", as_of=on)
    chosen = "Các huyện ủy, thị ủy, thành ủy trực thuộc ngày 01/01/2023"
    plans = made["cascade_129_plan"] = services.create_cascade(
        programme=plan,
        action="plan",
        title="Ban hành kế hoạch thực hiện Kế hoạch số 129-KH/TU và chủ đề năm 2023",
        deadline=deadline,
        units=districts,
        chosen=chosen,
        by=admin,
        as_of=on,
    )
    conferences = made["cascade_129_conference"] = services.create_cascade(
        programme=plan,
        action="conference",
        title="Tổ chức hội nghị quán triệt, triển khai chủ đề năm 2023",
        deadline=deadline,
        units=districts,
        chosen=chosen,
        by=admin,
        as_of=on,
    )
    plan_items = {i.unit.name: i for i in plans.items.select_related("unit")}
    held = {i.unit.name: i for i in conferences.items.select_related("unit")}
    for key, name, day in (
        ("kh_camxuyen", "Huyện ủy Cẩm Xuyên", date(2023, 3, 24)),
        ("kh_huongkhe", "Huyện ủy Hương Khê", date(2023, 3, 28)),
    ):
        document = documents.get(key)
        if document is not None:
            services.complete_item(item=plan_items[name], document=document, by=admin)
        services.complete_item(
            item=held[name], event=CONFERENCE, done_on=day, note="Ngày hội nghị: " + DEMO, by=admin
        )
    # Two more held theirs, one late; the others have not reported (overdue).
    for name, day in (
        ("Huyện ủy Thạch Hà", date(2023, 3, 20)),
        ("Huyện ủy Can Lộc", date(2023, 4, 12)),
    ):
        services.complete_item(
            item=held[name],
            event="Hội nghị quán triệt chủ đề năm 2023 " + DEMO,
            done_on=day,
            note=DEMO,
            by=admin,
        )
    return made


# --- Điện Biên's breakthrough contents [002] --------------------------------------------------

BREAKTHROUGHS = (
    (
        "Huyện ủy Tủa Chùa",
        "Nâng cao năng lực lãnh đạo, sức chiến đấu của Đảng bộ, phát huy sức mạnh đại đoàn kết "
        "các dân tộc, tập trung phát triển KT - XH, bảo đảm QP - AN, xây dựng huyện Tủa Chùa phát "
        "triển bền vững",
        ("in_progress", 80, "Kết quả giữa nhiệm kỳ " + DEMO),
    ),
    (
        "Huyện ủy Mường Ảng",
        "Tập trung mọi nguồn lực để đầu tư xây dựng hạ tầng kỹ thuật, hạ tầng xã hội theo hướng "
        "đồng bộ, ưu tiên phát triển đô thị khu trung tâm huyện và một số xã; đẩy mạnh cải cách "
        "hành chính, siết chặt kỷ luật, kỷ cương, hiệu lực, hiệu quả trong Đảng và hệ thống chính "
        "trị; nâng cao trách nhiệm, tính tiên phong, gương mẫu của đội ngũ đảng viên, cán bộ, công "
        "chức, viên chức",
        ("done", 100, "Hoàn thành nội dung đột phá trước khi kết thúc hoạt động cấp huyện " + DEMO),
    ),
)


def _dien_bien(documents: dict, users: dict, units: dict) -> dict:
    admin = users["admin"]
    dien_bien = units["dien_bien"]
    made: dict = {}
    programme = made["programme_dien_bien"] = services.save_programme(
        unit=dien_bien,
        kind=Programme.Kind.PROGRAMME,
        title="Nội dung đột phá của các cấp ủy thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh "
        "Điện Biên nhiệm kỳ 2020-2025",
        period="2020-2025",
        implements=documents.get("nq_dienbien"),
        by=admin,
    )
    on = date(2021, 3, 1)
    for name, title, note in BREAKTHROUGHS:
        (task,) = services.assign_task(
            programme=programme,
            title=title,
            units=[_unit(name, on)],
            deadline=date(2025, 6, 30),
            description="Nội dung đột phá do " + name + " xác định; thời hạn " + DEMO,
            by=admin,
            as_of=on,
        )
        _report(task, [note], admin)
    return made


# --- Indicators, figures and targets [000, 002, 004] ------------------------------------------

# Bắc Kạn's industrial production value by district, 2020 (tỷ đồng) and growth a year (%).
INDUSTRY_2020 = {
    "Thành ủy Bắc Kạn": ("1180", "0.4"),
    "Huyện ủy Chợ Mới": ("415", "1.1"),
    "Huyện ủy Chợ Đồn": ("530", "-0.6"),
    "Huyện ủy Bạch Thông": ("262", "0.2"),
    "Huyện ủy Na Rì": ("176", "-1.2"),
    "Huyện ủy Ngân Sơn": ("108", "0.8"),
    "Huyện ủy Ba Bể": ("151", "-0.3"),
    "Huyện ủy Pác Nặm": ("58", "-1.5"),
}
INDUSTRY_GROWTH = {2021: "11.6", 2022: "13.4", 2023: "12.9", 2024: "12.2"}
# 2025, after the merger: a few of Thái Nguyên's new communes report (tỷ đồng).
INDUSTRY_2025 = {
    "Đảng ủy phường Bắc Kạn": "1310.5",
    "Đảng ủy xã Chợ Đồn": "402.8",
    "Đảng ủy xã Ba Bể": "121.4",
    "Đảng ủy xã Bạch Thông": "96.7",
}
# Điện Biên's districts: poverty rate 2021 (%), yearly fall (points), households.
POVERTY_2021 = {
    "Thành ủy Điện Biên Phủ": ("3.1", "0.5", 16200),
    "Thị ủy Mường Lay": ("9.8", "1.4", 2700),
    "Huyện ủy Điện Biên": ("18.5", "2.6", 31500),
    "Huyện ủy Điện Biên Đông": ("41.2", "4.1", 14600),
    "Huyện ủy Mường Ảng": ("30.4", "3.5", 10900),
    "Huyện ủy Mường Chà": ("43.7", "4.4", 10200),
    "Huyện ủy Mường Nhé": ("52.6", "5.2", 9700),
    "Huyện ủy Nậm Pồ": ("55.1", "5.0", 11800),
    "Huyện ủy Tuần Giáo": ("36.9", "3.8", 17400),
    "Huyện ủy Tủa Chùa": ("44.8", "4.3", 11300),
}
POVERTY_TARGETS = {2021: "29", 2022: "26", 2023: "23", 2024: "20"}  # province, % (demo)


def _record(indicator, unit, period, value, by, source=DEMO_SOURCE):
    return services.record_measurement(
        indicator=indicator, unit=unit, period=period, value=Decimal(value), source=source, by=by
    )


def _indicators(users: dict, units: dict) -> dict:
    admin, tinh = users["admin"], users["tinh"]
    bac_kan, dien_bien = units["bac_kan"], units["dien_bien"]
    made: dict = {}
    industry = made["industry"] = Indicator.objects.create(
        code="bk-gtsx-cong-nghiep",
        name="Giá trị sản xuất công nghiệp",
        measure="tỷ đồng",
        aggregation=Aggregation.SUM,
        direction=Direction.HIGHER,
        unit=bac_kan,
    )
    on = date(2024, 12, 31)
    for name, (base, delta) in INDUSTRY_2020.items():
        unit = _unit(name, on)
        value = Decimal(base)
        _record(industry, unit, "2020", value, tinh)
        for year, growth in INDUSTRY_GROWTH.items():
            value = (value * (1 + (Decimal(growth) + Decimal(delta)) / 100)).quantize(
                Decimal("0.1")
            )
            _record(industry, unit, str(year), value, tinh)
    after = date(2025, 12, 31)
    for name, value in INDUSTRY_2025.items():
        _record(industry, _unit(name, after), "2025", value, tinh)
    # +12,8 - 13%/năm over 2020, the congress's target [004]; the province reports no total.
    bulk.bulk_create(
        Target,
        [
            Target(
                indicator=industry,
                unit=bac_kan,
                period=str(year),
                kind="growth",
                value=Decimal("12.8"),
                value_max=Decimal("13"),
                baseline_period="2020",
            )
            for year in INDUSTRY_GROWTH
        ],
    )

    sipas = made["sipas"] = Indicator.objects.create(
        code="bk-sipas-thu-hang",
        name="Chỉ số hài lòng về sự phục vụ hành chính (SIPAS): thứ hạng",
        measure="thứ hạng/63",
        aggregation=Aggregation.NONE,
        direction=Direction.LOWER,
        unit=bac_kan,
    )
    _record(sipas, bac_kan, "2021", "20", tinh, source="SIPAS 2021: xếp thứ 20/63 tỉnh, thành phố")

    households = made["households"] = Indicator.objects.create(
        code="db-so-ho-dan",
        name="Số hộ dân",
        measure="hộ",
        aggregation=Aggregation.SUM,
        direction=Direction.HIGHER,
        unit=dien_bien,
    )
    poverty = made["poverty"] = Indicator.objects.create(
        code="db-ty-le-ho-ngheo",
        name="Tỷ lệ hộ nghèo",
        measure="%",
        aggregation=Aggregation.WEIGHTED_AVERAGE,
        direction=Direction.LOWER,
        weight=households,
        unit=dien_bien,
    )
    on = date(2024, 12, 31)
    for name, (rate, fall, count) in POVERTY_2021.items():
        unit = _unit(name, on)
        rate = Decimal(rate)
        for year in range(2021, 2025):
            _record(households, unit, str(year), count + 150 * (year - 2021), admin)
            _record(poverty, unit, str(year), max(rate, Decimal("0.5")), admin)
            rate -= Decimal(fall)
    bulk.bulk_create(
        Target,
        [
            Target(indicator=poverty, unit=dien_bien, period=str(y), kind="value", value=Decimal(v))
            for y, v in POVERTY_TARGETS.items()
        ],
    )
    return made


# --- Commitments [001, 002] -------------------------------------------------------------------

# (unit name, as of, year, member, content, midyear, yearend, self rating, rating, user key)
COMMITMENTS = (
    (
        "Đảng ủy xã Mường Luân",
        date(2025, 8, 1),
        2025,
        "Lò Văn Sơn",
        "Gần dân, sát dân, lắng nghe, đối thoại với Nhân dân; cùng Đoàn Thanh niên xã giúp Nhân "
        "dân bản Trung Tâm làm đường bê tông nội bản.",
        "Đã cùng đoàn viên thanh niên làm đường bê tông nội bản Trung Tâm. " + DEMO,
        "Hoàn thành các nội dung đã đăng ký; tổ chức 4 buổi đối thoại với Nhân dân. " + DEMO,
        "good",
        "good",
        "muongluan",
    ),
    (
        "Đảng ủy xã Mường Luân",
        date(2025, 8, 1),
        2025,
        "Vàng Thị Mai " + DEMO,
        "Thực hành tiết kiệm, chống lãng phí; vận động 10 hộ trong bản thoát nghèo bền vững. "
        + DEMO,
        "Đã vận động 6 hộ đăng ký thoát nghèo. " + DEMO,
        "",
        "",
        "",
        None,
    ),
    (
        "Đảng ủy xã Mường Luân",
        date(2024, 6, 1),
        2024,
        "Giàng A Páo " + DEMO,
        "Nói đi đôi với làm: hướng dẫn Nhân dân kỹ thuật trồng và chăm sóc cây ăn quả. " + DEMO,
        "Đã hướng dẫn 15 hộ. " + DEMO,
        "Hướng dẫn 32 hộ, 20 hộ có thu nhập tăng. " + DEMO,
        "excellent",
        "good",
        None,
    ),
    (
        "Đảng ủy xã Quang Thuận",
        date(2024, 6, 1),
        2024,
        "Hà Văn Tuấn " + DEMO,
        "Hỗ trợ hướng dẫn kỹ thuật sản xuất cam quýt theo hướng hàng hóa, tham gia xây dựng sản "
        "phẩm OCOP của xã. " + DEMO,
        "Đã hướng dẫn 12 hộ trồng cam quýt. " + DEMO,
        "Hoàn thành; 2 sản phẩm của xã được công nhận OCOP. " + DEMO,
        "good",
        "completed",
        None,
    ),
    (
        "Đảng ủy xã Bạch Thông",
        date(2025, 8, 1),
        2025,
        "Nông Thị Hoa " + DEMO,
        "Tham gia chuyến xe không đồng, bữa cơm nhân ái; giúp 1 hộ nghèo xây dựng nông thôn mới. "
        + DEMO,
        "",
        "",
        "",
        "",
        None,
    ),
)


def _commitments(users: dict) -> list:
    made = []
    for name, on, year, member, content, mid, end, own, rating, user in COMMITMENTS:
        unit = _unit(name, on)
        by = users["muongluan"] if unit.province_code == "11" else users["tinh"]
        record = services.register_commitment(
            unit=unit,
            year=year,
            member=member,
            content=content,
            user=users[user] if user else None,
            by=by,
        )
        if mid or end:
            record = services.assess_commitment(
                commitment=record, midyear=mid, yearend=end or None, self_rating=own or None
            )
        if rating:
            reviewer = users["thamdinh"] if unit.province_code == "11" else users["tinh"]
            record = services.review_commitment(commitment=record, rating=rating, by=reviewer)
        made.append(record)
    return made


def load_plans(documents: dict, users: dict) -> dict:
    """The plans area's demo over the documents demo's `documents` (by key) and the demo
    `users` (by username); returns what it made by key."""
    before = date(2023, 1, 1)
    units = {
        "tw": OrgUnit.objects.get(code="TW"),
        "bac_kan": _unit("Tỉnh ủy Bắc Kạn", before),
        "ha_tinh": _unit("Tỉnh ủy Hà Tĩnh", before),
        "cam_xuyen": _unit("Huyện ủy Cẩm Xuyên", before),
        "dien_bien": _unit("Tỉnh ủy Điện Biên", before),
    }
    made: dict = {"themes": _themes(documents, users, units)}
    made |= _bac_kan(documents, users, units)
    made |= _ha_tinh(documents, users, units)
    made |= _dien_bien(documents, users, units)
    made |= _indicators(users, units)
    made["commitments"] = _commitments(users)
    return made
