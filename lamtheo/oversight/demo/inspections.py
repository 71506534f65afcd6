"""Inspections of the demo: Bắc Kạn's post-Tết delegations of 2021 [004] and a supervision of
today's Đảng ủy xã Mường Luân [002] with an overdue recommendation.

[004] says that right after Tết Tân Sửu 2021 the Thường trực Tỉnh ủy set up working
delegations (plural) to check how the districts were putting the congress resolutions into
practice: one delegation a district here, each a `delegation` of Tỉnh ủy Bắc Kạn. It names one
leader, Bí thư Tỉnh ủy Hoàng Duy Chinh, at Ba Bể; the other districts' delegations are shared
between him and Phó Bí thư Thường trực Phương Thị Thanh [000, 001] (demo). The delegations
checked the congress resolutions and the province's action programme (the documents and plans
demos' records): Kết luận 01-KL/TW came three months later, in May 2021, so it is not in their
scope. What the text says of every district and of Ba Bể is paraphrased; the limitations are
read from what the delegation asked of Ba Bể; the causes, days, numbers and follow-up are
invented (demo).
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from lamtheo.audit import bulk
from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit

from .. import services
from ..models import Inspection, Kind, Recommendation, Response, Section
from ..services import FindingSpec

DEMO = "(demo)"
TET_2021 = date(2021, 2, 12)  # Tết Nguyên đán Tân Sửu
RESULTS, LIMITATIONS, CAUSES = Section.RESULTS, Section.LIMITATIONS, Section.CAUSES


def unit(name: str, on: date) -> OrgUnit:
    return OrgUnit.objects.valid_on(on).get(name=name)


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


# --- Bắc Kạn, 2021 [004] ----------------------------------------------------------------------

CHINH = {"name": "Hoàng Duy Chinh", "title": "Bí thư Tỉnh ủy", "role": "lead"}
THANH = {
    "name": "Phương Thị Thanh",
    "title": "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh",
    "role": "lead",
}
LOC = {
    "name": "Trần Thị Lộc",
    "title": "Ủy viên Ban Thường vụ, Trưởng ban Tuyên giáo Tỉnh ủy",
    "role": "member",
}
SECRETARY = {
    "name": "Lý Thị Hoa",
    "title": "Chuyên viên Văn phòng Tỉnh ủy (người mẫu, demo)",
    "role": "secretary",
}
# District, the day of the visit, its leader, the conclusion's number (days, numbers demo).
VISITS = (
    ("Thành ủy Bắc Kạn", date(2021, 2, 22), THANH, "41-TB/TU"),
    ("Huyện ủy Ba Bể", date(2021, 2, 23), CHINH, "42-TB/TU"),
    ("Huyện ủy Bạch Thông", date(2021, 2, 23), THANH, "43-TB/TU"),
    ("Huyện ủy Pác Nặm", date(2021, 2, 24), CHINH, "44-TB/TU"),
    ("Huyện ủy Chợ Mới", date(2021, 2, 25), THANH, "45-TB/TU"),
    ("Huyện ủy Chợ Đồn", date(2021, 2, 26), CHINH, "46-TB/TU"),
    ("Huyện ủy Na Rì", date(2021, 3, 1), THANH, "47-TB/TU"),
    ("Huyện ủy Ngân Sơn", date(2021, 3, 2), CHINH, "48-TB/TU"),
)
SIGNERS = {"Hoàng Duy Chinh": "BÍ THƯ", "Phương Thị Thanh": "PHÓ BÍ THƯ THƯỜNG TRỰC"}
PROGRAMME = "Chương trình kiểm tra, giám sát năm 2021 của Ban Thường vụ Tỉnh ủy Bắc Kạn"

# What [004] says the delegations found everywhere, paraphrased.
EVERYWHERE = (
    "Cấp ủy đã đẩy mạnh tuyên truyền kết quả Đại hội XIII của Đảng và Nghị quyết Đại hội Đảng bộ "
    "các cấp trên địa bàn, ban hành Chương trình hành động và chỉ đạo các cơ quan, đơn vị, cơ sở "
    "triển khai nhiệm vụ năm 2021 để Nghị quyết sớm đi vào cuộc sống."
)
BA_BE = (
    (RESULTS, EVERYWHERE),
    (
        RESULTS,
        "Đoàn ghi nhận nỗ lực của huyện trong triển khai nhiệm vụ năm 2021. Sản xuất đầu xuân "
        "được chỉ đạo sớm: ở các xã vùng cao, Nhân dân thu hoạch khoai tây vụ đông, làm đất "
        "chuẩn bị cấy lúa; bí xanh thơm, cây đặc sản của địa phương, đã gieo trồng trên 60 ha.",
    ),
    (
        LIMITATIONS,
        "Việc phổ biến, quán triệt Nghị quyết Đại hội Đảng các cấp đến cán bộ, đảng viên và "
        "quần chúng Nhân dân chưa được tổ chức đầy đủ ở các chi, đảng bộ cơ sở " + DEMO + ".",
    ),
    (
        LIMITATIONS,
        "Chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ huyện có nội dung chưa sát "
        "với Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XII và Nghị quyết Đại hội XIII của Đảng; "
        "một số hạn chế, khuyết điểm từ các nhiệm kỳ trước chưa được khắc phục dứt điểm "
        + DEMO
        + ".",
    ),
    (
        CAUSES,
        "Nghị quyết Đại hội XIII và Chương trình hành động của Tỉnh ủy mới ban hành, thời gian "
        "cụ thể hóa ở cấp huyện ngắn, trùng dịp Tết Nguyên đán; địa bàn vùng cao rộng, đi lại "
        "khó khăn " + DEMO + ".",
    ),
)
OTHERS = (
    (RESULTS, EVERYWHERE),
    (
        LIMITATIONS,
        "Chương trình hành động của cấp ủy còn một số nội dung cần rà soát cho phù hợp với Nghị "
        "quyết Đại hội cấp trên " + DEMO + ".",
    ),
)
# What the delegation asked of Ba Bể [004], paraphrased: (text, deadline, follow-up).
BA_BE_ASKED = (
    (
        "Lãnh đạo, chỉ đạo thực hiện Nghị quyết quyết liệt, linh hoạt, sáng tạo ngay từ những "
        "tháng đầu, năm đầu nhiệm kỳ; trước mắt tổ chức phổ biến, quán triệt Nghị quyết Đại hội "
        "Đảng các cấp đến cán bộ, đảng viên và quần chúng Nhân dân với hình thức phù hợp, hiệu "
        "quả.",
        date(2021, 3, 31),
        "reported",
    ),
    (
        "Rà soát, sửa đổi, bổ sung Chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ "
        "huyện cho phù hợp với Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XII và Nghị quyết Đại hội "
        "XIII của Đảng.",
        date(2021, 4, 30),
        "fixed",
    ),
    (
        "Tập trung giải quyết dứt điểm những hạn chế, khuyết điểm đã được chỉ ra từ các nhiệm kỳ "
        "trước.",
        date(2021, 12, 31),
        "fixing",
    ),
)
# Asked of every locality [004]; how far each district got is invented.
OTHERS_ASKED = BA_BE_ASKED[1:]
OTHERS_STATES = {
    "Thành ủy Bắc Kạn": ("fixed", "fixed"),
    "Huyện ủy Bạch Thông": ("fixed", "fixed"),
    "Huyện ủy Pác Nặm": ("fixed", "reported"),
    "Huyện ủy Chợ Mới": ("fixed", "fixed"),
    "Huyện ủy Chợ Đồn": ("fixed", "fixing"),
    "Huyện ủy Na Rì": ("reported", "fixing"),
    "Huyện ủy Ngân Sơn": ("fixed", "fixed"),
}
# Ba Bể's answers (demo): step, text, evidence, day.
BA_BE_STEPS = {
    "reported": (
        (
            "report",
            "Đã tổ chức hội nghị quán triệt Nghị quyết Đại hội Đảng các cấp cho cán bộ chủ chốt "
            "và hội nghị ở tất cả các chi, đảng bộ cơ sở " + DEMO + ".",
            "Báo cáo số 28-BC/HU ngày 29/3/2021 kèm danh sách đảng viên tham dự " + DEMO,
            date(2021, 3, 29),
        ),
    ),
    "fixed": (
        (
            "report",
            "Ban Chấp hành Đảng bộ huyện đã sửa đổi, bổ sung Chương trình hành động " + DEMO + ".",
            "Chương trình hành động (sửa đổi, bổ sung) ban hành ngày 20/4/2021 " + DEMO,
            date(2021, 4, 20),
        ),
        (
            "confirm",
            "Văn phòng Tỉnh ủy đã kiểm tra, Chương trình hành động sửa đổi phù hợp Nghị quyết "
            "cấp trên " + DEMO + ".",
            "",
            date(2021, 5, 6),
        ),
    ),
    "fixing": (
        (
            "progress",
            "Đã khắc phục 4/6 hạn chế; hai hạn chế về công tác cán bộ cơ sở đang thực hiện "
            + DEMO
            + ".",
            "Báo cáo tiến độ ngày 30/6/2021 " + DEMO,
            date(2021, 6, 30),
        ),
    ),
}


def _steps(state: str, district: str, deadline: date):
    """The follow-up of another district's recommendation, by the state it reached (demo)."""
    if state == "fixing":
        return (("progress", "Đang thực hiện " + DEMO + ".", "", deadline - timedelta(40)),)
    report = (
        "report",
        f"{district} báo cáo đã thực hiện xong " + DEMO + ".",
        "Báo cáo của ban thường vụ cấp ủy " + DEMO,
        deadline - timedelta(12),
    )
    if state == "reported":
        return (report,)
    return (
        report,
        ("confirm", "Đã kiểm tra, đạt yêu cầu " + DEMO + ".", "", deadline - timedelta(2)),
    )


def follow(recommendation: Recommendation, steps, *, owner, judge) -> Recommendation:
    """Take the steps through `services.respond`, each by whoever may, then date them."""
    for step, text, evidence, day in steps:
        by = owner if step in ("progress", "report") else judge
        response = services.respond(
            recommendation=recommendation,
            step=step,
            text_=text,
            evidence=evidence,
            by=by,
            version=recommendation.version,
            today=day,
        )
        bulk.update(Response.objects.filter(pk=response.pk), at=at(day, 15))
        recommendation = response.recommendation
    return recommendation


def _bac_kan(documents: dict, plans: dict, users: dict) -> dict:
    tinh, babe = users["tinh"], users["babe"]
    first = VISITS[0][1]
    bac_kan = unit("Tỉnh ủy Bắc Kạn", first)
    programme = services.create_programme(unit=bac_kan, year=2021, title=PROGRAMME, by=tinh)
    scope = [d for d in (documents.get("nq_backan"), documents.get("ctr_backan")) if d]
    checked = [p for p in (plans.get("programme_bac_kan"),) if p]
    districts = {u.name: u for u in org.children(bac_kan, as_of=first) if u.kind == "district"}
    made: dict = {"programme_2021": programme, "delegations": {}}
    for name, day, lead, number in VISITS:
        district = districts[name]
        inspection = services.create_inspection(
            unit=bac_kan,
            kind=Kind.DELEGATION,
            title="Đoàn công tác của Thường trực Tỉnh ủy kiểm tra tiến độ thực hiện Nghị quyết "
            f"Đại hội Đảng các cấp và nhiệm vụ năm 2021 tại {name}",
            starts_on=day,
            ends_on=day,
            targets=[district],
            team=[lead, LOC, SECRETARY],
            programme=programme,
            documents=scope,
            plans=checked,
            by=tinh,
        )
        ba_be = name == "Huyện ủy Ba Bể"
        level = "thành phố" if name.startswith("Thành ủy") else "huyện"
        findings = [FindingSpec(s, t, district) for s, t in (BA_BE if ba_be else OTHERS)]
        inspection = services.set_findings(
            inspection=inspection, findings=findings, by=tinh, version=inspection.version
        )
        asked = BA_BE_ASKED if ba_be else OTHERS_ASKED
        recommendations = [
            services.add_recommendation(
                inspection=inspection,
                owner=district,
                text_=text.replace("huyện", level),
                deadline=deadline,
                by=tinh,
            )
            for text, deadline, _state in asked
        ]
        signed = day + timedelta(days=6)
        inspection = services.conclude(
            inspection=inspection,
            by=tinh,
            version=inspection.version,
            number=number,
            signed_on=signed,
            place="Bắc Kạn",
            authority="T/M BAN THƯỜNG VỤ",
            signer_title=SIGNERS[lead["name"]],
            signer=lead["name"],
            recipients=f"- Ban Thường vụ {name},\n- Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy,"
            "\n- Lưu Văn phòng Tỉnh ủy.",
        )
        for index, (_text, deadline, state) in enumerate(asked):
            if ba_be:
                steps = BA_BE_STEPS[state]
            else:
                steps = _steps(OTHERS_STATES[name][index], name, deadline)
            follow(recommendations[index], steps, owner=babe if ba_be else tinh, judge=tinh)
        bulk.update(
            Inspection.objects.filter(pk=inspection.pk), created_at=at(TET_2021 + timedelta(5))
        )
        made["delegations"][name] = inspection
    return made


# --- Mường Luân, today [002] ------------------------------------------------------------------

ML_FINDINGS = (
    (
        RESULTS,
        "Đảng ủy xã gắn học tập và làm theo Bác với việc làm cụ thể: đoàn viên thanh niên xã "
        "giúp Nhân dân bản Trung Tâm làm đường bê tông nội bản.",
    ),
    (
        LIMITATIONS,
        "Sổ theo dõi việc đăng ký làm theo của đảng viên chưa được cập nhật; sinh hoạt chuyên đề ở "
        "một số chi bộ bản chưa đều " + DEMO + ".",
    ),
    (
        CAUSES,
        "Cán bộ văn phòng đảng ủy xã mới được kiện toàn sau sắp xếp đơn vị hành chính, địa bàn "
        "các bản cách xa trung tâm " + DEMO + ".",
    ),
)


def _muong_luan(users: dict) -> dict:
    """A supervision by the Ban Tuyên giáo và Dân vận Tỉnh ủy Điện Biên, concluded six weeks
    ago: the first recommendation's deadline has passed (overdue, though the commune reports
    progress), the second is still running. Written by the superuser: no demo sign-in writes
    for Điện Biên's province; the reviewer `thamdinh` may confirm the fixes."""
    admin, muongluan = users["admin"], users["muongluan"]
    today = timezone.localdate()
    starts = today - timedelta(days=45)
    body = unit("Ban Tuyên giáo và Dân vận Tỉnh ủy Điện Biên", starts)
    commune = unit("Đảng ủy xã Mường Luân", starts)
    inspection = services.create_inspection(
        unit=body,
        kind=Kind.SUPERVISION,
        title="Giám sát việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh theo "
        "Kết luận số 01-KL/TW tại Đảng ủy xã Mường Luân",
        starts_on=starts,
        ends_on=starts + timedelta(days=1),
        targets=[commune],
        team=[
            {"name": "Đặng Hải Triều", "title": "Phó trưởng Ban", "role": "lead"},
            {"name": "Cà Văn Tâm", "title": "Chuyên viên (người mẫu, demo)", "role": "member"},
        ],
        by=admin,
    )
    inspection = services.set_findings(
        inspection=inspection,
        findings=[FindingSpec(s, t, commune) for s, t in ML_FINDINGS],
        by=admin,
        version=inspection.version,
    )
    overdue = services.add_recommendation(
        inspection=inspection,
        owner=commune,
        text_="Cập nhật đầy đủ sổ theo dõi việc đăng ký làm theo của đảng viên năm nay " + DEMO,
        deadline=today - timedelta(days=10),
        by=admin,
    )
    running = services.add_recommendation(
        inspection=inspection,
        owner=commune,
        text_="Xây dựng kế hoạch nhân rộng mô hình đoàn viên giúp dân làm đường nội bản ra các "
        "bản khác trong xã " + DEMO,
        deadline=today + timedelta(days=20),
        by=admin,
    )
    services.conclude(
        inspection=inspection,
        by=admin,
        version=inspection.version,
        number="12-TB/BTGDVTU",
        signed_on=starts + timedelta(days=5),
        place="Điện Biên",
        authority="T/M BAN TUYÊN GIÁO VÀ DÂN VẬN",
        signer_title="PHÓ TRƯỞNG BAN",
        signer="Đặng Hải Triều",
        superior="TỈNH ỦY ĐIỆN BIÊN",
        recipients="- Ban Thường vụ Đảng ủy xã Mường Luân,\n- Lưu Ban Tuyên giáo và Dân vận.",
    )
    steps = (
        (
            "progress",
            "Đã cập nhật sổ theo dõi ở 9/14 chi bộ; các chi bộ bản xa đang hoàn thiện " + DEMO,
            "",
            today - timedelta(days=14),
        ),
    )
    overdue = follow(overdue, steps, owner=muongluan, judge=users["thamdinh"])
    bulk.update(Inspection.objects.filter(pk=inspection.pk), created_at=at(starts - timedelta(3)))
    return {"supervision_muong_luan": inspection, "overdue": overdue, "running": running}


def load_inspections(documents: dict, plans: dict, users: dict) -> dict:
    made = _bac_kan(documents, plans, users)
    made |= _muong_luan(users)
    return made
