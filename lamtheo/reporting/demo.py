"""The reporting part of the demo (../shared/DEMO.md), written through `reporting.services`
with the demo sign-ins, each step by a user who holds the role.

1. Tỉnh ủy Bắc Kạn's interim report on 3 years of Kết luận 01-KL/TW [001]: a template with the
   results, the computed figures (`cases_commended` reads Bắc Kạn's 1.567 of 2021-2024 from the
   honours statistics, never typed in), an indicator table, limitations, causes and tasks; a
   request issued on 1/3/2024 to the 8 districts and to the Ban Tuyên giáo Tỉnh ủy, which drafts
   the province-wide assessment (what [001] says of the limitations, causes and the four tasks
   "Thứ nhất" ... "Thứ tư", paraphrased); the districts' answers, one returned and sent again,
   one late; then the consolidated Báo cáo 499-BC/TU of 16/5/2024, signed by Phương Thị Thanh.
2. Tỉnh ủy Thái Nguyên's 2025 yearly report, asked on 1/12/2025 of its new communes and wards
   from Bắc Kạn's area: some accepted, some handed in, some drafts, some not handed in (overdue).

What the texts do not give (the districts' texts, every figure the units report, the days of
each step) is invented and says so: narratives end with "(demo)", each revision's note is
`DEMO_NOTE`. The services stamp "now": each step's day is set afterwards with `audit.bulk`, so
the audit trail records the change.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from lamtheo.audit import bulk
from lamtheo.org import selectors as org
from lamtheo.org.models import Lineage, OrgUnit
from lamtheo.plans import services as plans_services
from lamtheo.plans.demo import INDUSTRY_2025  # 2025 figures of 4 communes: the same reported
from lamtheo.plans.models import Indicator

from . import services
from .models import Kind, Report, Request, Revision, SectionKind, Submission, Template

DEMO = "(demo)"
DEMO_NOTE = "Số liệu minh họa (demo)"
FIGURES = ["cases_commended", "commendations", "plans_issued", "conferences_held"]


def _unit(name: str, on: date) -> OrgUnit:
    return OrgUnit.objects.valid_on(on).get(name=name)


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


# --- Bắc Kạn, 3 years of KL 01 [001] ----------------------------------------------------------

ISSUED = date(2024, 3, 1)
DEADLINE = date(2024, 4, 15)
DRAFTER_DEADLINE = date(2024, 5, 10)  # the Ban Tuyên giáo drafts after the districts (demo)
SIGNED = date(2024, 5, 16)  # Báo cáo 499-BC/TU [001]
DRAFTER = "Ban Tuyên giáo Tỉnh ủy Bắc Kạn"

# (code, name, measure, aggregation): the indicators the districts fill in (demo figures).
KL01_INDICATORS = (
    ("bk-kl01-mo-hinh", "Mô hình, cách làm hay trong học tập và làm theo Bác", "mô hình", "sum"),
    ("bk-kl01-dang-ky", "Cán bộ, đảng viên đăng ký việc làm theo", "người", "sum"),
    (
        "bk-kl01-chi-bo-chuyen-de",
        "Tỷ lệ chi bộ sinh hoạt chuyên đề học tập và làm theo Bác hằng quý",
        "%",
        "average",
    ),
)

# The province-wide assessment the Ban Tuyên giáo drafts: [001] paraphrased.
PROVINCE_TEXTS = {
    "results": (
        "Ba năm thực hiện Kết luận số 01-KL/TW, các địa phương, đơn vị trong tỉnh nghiêm túc, "
        "chủ động triển khai, có nhiều cách làm phù hợp, sáng tạo, hiệu quả thiết thực; cấp ủy, "
        "cán bộ, đảng viên, nhất là người đứng đầu, nêu gương trong học tập và làm theo Bác, gắn "
        "với nhiệm vụ chính trị và việc khắc phục hạn chế của từng nơi.\n"
        "Nhiều mô hình được nhân rộng: giúp thôn, xã nghèo xây dựng nông thôn mới; chuyến xe "
        "không đồng, bữa cơm nhân ái; hỗ trợ kinh phí điều trị cho bệnh nhân nghèo; hướng dẫn kỹ "
        "thuật trong sản xuất; mạnh dạn ứng dụng khoa học vào sản xuất, chủ động làm giàu. Toàn "
        "tỉnh có {{cases_commended}} điển hình được các cấp ủy biểu dương, khen thưởng."
    ),
    "limitations": (
        "Vai trò lãnh đạo, định hướng của một số cấp ủy cơ sở, nhất là người đứng đầu, có lúc "
        "chưa sâu sát, đôn đốc chưa thường xuyên; việc nêu gương của một số người đứng đầu, cán "
        "bộ lãnh đạo, quản lý có nơi chưa nghiêm.\n"
        "Việc theo dõi, đánh giá, biểu dương, khích lệ tập thể, cá nhân điển hình có nơi chưa "
        "được chú trọng; một bộ phận cán bộ, đảng viên học tập, làm theo còn qua loa, thiếu "
        "trách nhiệm, gây dư luận không tốt."
    ),
    "causes": (
        "Tự phê bình và phê bình ở một số cấp ủy, cán bộ, đảng viên chưa cao; kiểm tra, đôn "
        "đốc có nơi chưa quyết liệt; hướng dẫn về nội dung, phương pháp của cán bộ chuyên môn "
        "chưa sâu sát; tinh thần trách nhiệm và năng lực của một số ít cán bộ, đảng viên chưa "
        "đáp ứng yêu cầu.\n"
        "Địa hình đồi núi chia cắt, thiên tai, dịch bệnh phức tạp; thu hút vốn ngoài ngân sách "
        "còn yếu; hộ nghèo còn nhiều, giảm nghèo và xây dựng nông thôn mới chưa thật bền vững."
    ),
    "tasks": (
        "Thứ nhất, cấp ủy các cấp đẩy mạnh học tập, quán triệt, sinh hoạt chuyên đề về Kết luận "
        "01 và chủ đề năm 2024, 2025; chỉ đạo xây dựng tiêu chí đánh giá kết quả thực hiện gắn "
        "với Kết luận số 21-KL/TW và Quy định số 144-QĐ/TW; thường xuyên kiểm tra, giám sát, "
        "biểu dương kịp thời việc làm tốt.\n"
        "Thứ hai, chính quyền, đoàn thể gắn phong trào thi đua với học tập và làm theo Bác bằng "
        "việc làm, kết quả cụ thể, với các công trình chào mừng đại hội Đảng các cấp, chăm lo "
        "đời sống Nhân dân, bảo vệ môi trường; cụ thể hóa tiêu chí đánh giá chất lượng phong "
        "trào.\n"
        "Thứ ba, báo chí, truyền thông tuyên truyền giá trị tư tưởng, đạo đức, phong cách Hồ Chí "
        "Minh và kết quả đạt được; chủ động phát hiện, lan tỏa điển hình; phản ánh nơi còn "
        "thiếu trách nhiệm để kịp thời chấn chỉnh.\n"
        "Thứ tư, cán bộ, đảng viên, nhất là người đứng đầu, nêu cao tinh thần trách nhiệm, linh "
        "hoạt, sáng tạo, hành động quyết liệt ở chi bộ, cơ quan, nơi cư trú; học tập và làm "
        "theo thường xuyên, thực hiện đầy đủ các nội dung của chủ đề năm 2024, 2025."
    ),
}

# Each district's answer (demo): models, members registered, cells' share, its texts, and the
# days it was handed in (first, again after a return), returned, accepted.
DISTRICTS = {
    "Huyện ủy Ba Bể": {
        "values": ("36", "4.215", "92,5"),
        "results": "Gắn học tập và làm theo Bác với phát triển du lịch cộng đồng quanh hồ Ba Bể; "
        "các chi bộ thôn đăng ký giữ gìn cảnh quan, bản sắc văn hóa dân tộc.",
        "limitations": "Một số chi bộ vùng cao sinh hoạt chuyên đề còn hình thức.",
        "tasks": "Nhân rộng mô hình homestay do đảng viên làm chủ, gắn với giảm nghèo.",
        "days": (date(2024, 4, 8), None, None, date(2024, 4, 10)),
    },
    "Huyện ủy Bạch Thông": {
        "values": ("41", "4.870", "94"),
        "results": "Ngày hội cam quýt và các sản phẩm OCOP của xã Quang Thuận được duy trì; "
        "đảng viên hướng dẫn các hộ trồng cam, quýt theo tiêu chuẩn VietGAP.",
        "tasks": "Hỗ trợ hợp tác xã xây dựng thương hiệu cam quýt Bạch Thông.",
        "days": (date(2024, 4, 11), None, None, date(2024, 4, 16)),
    },
    "Huyện ủy Chợ Đồn": {
        "values": ("44", "5.630", "90"),
        "results": "Các chi bộ đưa nội dung làm theo Bác vào sinh hoạt hằng quý; nhiều đảng "
        "viên nhận giúp đỡ hộ nghèo trồng rừng gỗ lớn.",
        "limitations": "Theo dõi, biểu dương điển hình ở một số xã chưa kịp thời.",
        "days": (date(2024, 4, 12), None, None, date(2024, 4, 16)),
    },
    "Huyện ủy Chợ Mới": {
        "values": ("38", "4.960", "91,5"),
        "results": "Phong trào hiến đất, góp công làm đường giao thông nông thôn lan rộng ở các "
        "thôn; đoàn viên thanh niên đảm nhận các tuyến đường hoa.",
        "days": (date(2024, 4, 15), None, None, date(2024, 4, 18)),
    },
    "Huyện ủy Na Rì": {
        "values": ("33", "4.410", "88"),
        "first_values": ("33", "14.410", "88"),  # the figure the reviewer sent back
        "results": "Cán bộ, đảng viên giúp đỡ hộ nghèo bằng con giống, ngày công; duy trì tổ "
        "tiết kiệm giúp nhau phát triển kinh tế.",
        "limitations": "Một bộ phận đảng viên đăng ký việc làm theo còn chung chung.",
        "returned": "Số cán bộ, đảng viên đăng ký làm theo lớn hơn số đảng viên của Đảng bộ "
        "huyện; đề nghị rà soát lại số liệu " + DEMO + ".",
        "days": (date(2024, 4, 9), date(2024, 4, 16), date(2024, 4, 11), date(2024, 4, 18)),
    },
    "Huyện ủy Ngân Sơn": {
        "values": ("29", "3.980", "89"),
        "results": "Mô hình trồng bí xanh thơm, nuôi lợn đen bản địa theo hướng hàng hóa do "
        "đảng viên đi đầu được nhiều hộ học tập.",
        "days": (date(2024, 4, 14), None, None, date(2024, 4, 18)),
    },
    "Huyện ủy Pác Nặm": {
        "values": ("24", "3.120", "85"),
        "results": "Cơ quan, đơn vị nhận đỡ đầu các xã vùng cao xây dựng nông thôn mới; cán bộ "
        "góp ngày công sửa nhà văn hóa thôn.",
        "causes": "Địa bàn rộng, đi lại khó khăn, việc kiểm tra, đôn đốc ở cơ sở còn hạn chế.",
        "days": (date(2024, 4, 24), None, None, date(2024, 4, 26)),  # after the deadline
    },
    "Thành ủy Bắc Kạn": {
        "values": ("52", "6.340", "97"),
        "results": "Chuyến xe không đồng, bữa cơm nhân ái cho bệnh nhân nghèo và người nhà được "
        "duy trì; bộ phận một cửa thân thiện, trả kết quả đúng hẹn.",
        "tasks": "Đẩy mạnh chuyển đổi số trong học tập, sinh hoạt chuyên đề của chi bộ.",
        "days": (date(2024, 4, 10), None, None, date(2024, 4, 12)),
    },
}
DRAFTER_DAYS = (date(2024, 5, 6), None, None, date(2024, 5, 8))
RECIPIENTS_499 = (
    "- Ban Bí thư Trung ương Đảng (b/c),\n"
    "- Ban Tuyên giáo và Dân vận Trung ương (b/c),\n"
    "- Các đồng chí Tỉnh ủy viên,\n"
    "- Các huyện ủy, thành ủy, đảng ủy trực thuộc,\n"
    "- Lưu Văn phòng Tỉnh ủy."
)


def _indicators(units: dict, users: dict) -> list[Indicator]:
    return [
        plans_services.save_indicator(
            unit=units["bac_kan"],
            code=code,
            name=name,
            measure=measure,
            aggregation=aggregation,
            by=users["tinh"],
        )
        for code, name, measure, aggregation in KL01_INDICATORS
    ]


def _texts(sections: dict, answer: dict) -> dict[int, str]:
    return {
        sections[role].pk: f"{answer[role]} {DEMO}" if DEMO not in answer[role] else answer[role]
        for role in ("results", "limitations", "causes", "tasks")
        if answer.get(role)
    }


def _dated(submission: Submission, days: tuple) -> None:
    """Set the days the services stamped as today: handed in first (and again), returned,
    accepted; each revision's saved, handed-in and accepted days with them."""
    first, again, returned, accepted = days
    last = again or first
    values = {"first_submitted_at": _at(first, 10), "submitted_at": _at(last, 10)}
    if accepted:
        values["decided_at"] = _at(accepted, 15)
    elif returned:
        values["decided_at"] = _at(returned, 15)
    bulk.update(Submission.objects.filter(pk=submission.pk), **values)
    revisions = list(submission.revisions.order_by("number"))
    hand_ins = [first, again] if again else [first]
    for revision, handed in zip(revisions, hand_ins, strict=False):
        stamps = {"saved_at": _at(handed), "submitted_at": _at(handed, 10)}
        if revision.accepted_at is not None and accepted:
            stamps["accepted_at"] = _at(accepted, 15)
        bulk.update(Revision.objects.filter(pk=revision.pk), **stamps)


def _answer(submission, *, by, reviewer, values, texts, days, first_values=None, returned=""):
    """Hand the answer in (returned and sent again when `returned` says why), then accept it."""
    submission = services.submit(
        submission=submission,
        by=by,
        version=submission.version,
        values=first_values or values,
        narratives=texts,
        note=DEMO_NOTE,
    )
    if returned:
        submission = services.return_submission(
            submission=submission, by=reviewer, reason=returned, version=submission.version
        )
        submission = services.submit(
            submission=submission,
            by=by,
            version=submission.version,
            values=values,
            note="Sửa số liệu theo ý kiến thẩm định " + DEMO,
        )
    submission = services.accept(submission=submission, by=reviewer, version=submission.version)
    _dated(submission, days)
    return submission


def _bac_kan(documents: dict, users: dict, units: dict) -> dict:
    tinh, babe = users["tinh"], users["babe"]
    bac_kan = units["bac_kan"]
    indicators = _indicators(units, users)
    template = services.create_template(
        unit=bac_kan,
        code="so-ket-kl01",
        name="Báo cáo sơ kết thực hiện Kết luận số 01-KL/TW của Bộ Chính trị",
        sections=services.standard_sections(indicators, FIGURES),
        by=tinh,
    )
    districts = [u for u in org.children(bac_kan, as_of=ISSUED) if u.kind == "district"]
    drafter = _unit(DRAFTER, ISSUED)
    request = services.issue_request(
        unit=bac_kan,
        template=template,
        title="Báo cáo sơ kết 3 năm thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính "
        "trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW",
        period="2021-2024",
        kind=Kind.INTERIM,
        deadline=DEADLINE,
        units=[*districts, drafter],
        by=tinh,
        as_of=ISSUED,
        document=documents["kl01"],
    )
    bulk.update(Template.objects.filter(pk=template.pk), created_at=_at(ISSUED - timedelta(7)))
    bulk.update(Request.objects.filter(pk=request.pk), created_at=_at(ISSUED, 8))
    sections = {s.role: s for s in template.sections.filter(kind=SectionKind.NARRATIVE)}
    submissions = {s.unit.name: s for s in request.submissions.select_related("unit")}
    for name, answer in DISTRICTS.items():
        numbers = dict(zip([i.pk for i in indicators], answer["values"], strict=True))
        first = answer.get("first_values")
        _answer(
            submissions[name],
            by=babe if name == "Huyện ủy Ba Bể" else tinh,
            reviewer=tinh,
            values=numbers,
            first_values=dict(zip(numbers, first, strict=True)) if first else None,
            texts=_texts(sections, answer),
            days=answer["days"],
            returned=answer.get("returned", ""),
        )
    # The drafting body is given until 10/5 to write the province-wide assessment.
    drafting = services.extend_deadline(
        submission=submissions[DRAFTER], deadline=DRAFTER_DEADLINE, by=tinh, version=None
    )
    _answer(
        drafting,
        by=tinh,
        reviewer=tinh,
        values={},
        texts={sections[role].pk: text for role, text in PROVINCE_TEXTS.items()},
        days=DRAFTER_DAYS,
    )
    report = services.consolidate(request=request, by=tinh, today=SIGNED)
    report = services.update_report(
        report=report,
        by=tinh,
        version=report.version,
        number="499-BC/TU",
        place="Bắc Kạn",
        signed_on=SIGNED,
        issuer=report.issuer,
        superior=report.superior,
        abstract="Sơ kết 3 năm thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị "
        "về tiếp tục thực hiện Chỉ thị số 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, "
        "đạo đức, phong cách Hồ Chí Minh",
        authority="T/M BAN THƯỜNG VỤ",
        signer_title="PHÓ BÍ THƯ THƯỜNG TRỰC",
        signer="Phương Thị Thanh",
        recipients=RECIPIENTS_499,
    )
    bulk.update(Report.objects.filter(pk=report.pk), generated_at=_at(SIGNED - timedelta(1), 16))
    return {"kl01_template": template, "kl01_request": request, "report_499": report}


# --- Thái Nguyên, 2025 ------------------------------------------------------------------------

TN_ISSUED = date(2025, 12, 1)
TN_DEADLINE = date(2026, 1, 15)
TN_INDICATOR = ("tn-mo-hinh-lam-theo", "Mô hình, cách làm hay học tập và làm theo Bác", "mô hình")
# Where each commune's answer stands, by its place in the list (by name), on a cycle (demo);
# "pending": nothing handed in by the deadline.
CYCLE = ("accepted", "accepted", "submitted", "accepted", "draft", "accepted", "pending")


def _statuses(communes: list[OrgUnit]) -> dict[int, str]:
    return {
        unit.pk: "accepted" if unit.name in INDUSTRY_2025 else CYCLE[index % len(CYCLE)]
        for index, unit in enumerate(communes)
    }


def _thai_nguyen(documents: dict, plans: dict, users: dict, units: dict) -> dict:
    tinh = users["tinh"]
    thai_nguyen = units["thai_nguyen"]
    industry = plans["industry"]
    code, name, measure = TN_INDICATOR
    models_ = plans_services.save_indicator(
        unit=thai_nguyen, code=code, name=name, measure=measure, by=tinh
    )
    template = services.create_template(
        unit=thai_nguyen,
        code="bao-cao-nam-kl01",
        name="Báo cáo năm kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        sections=services.standard_sections([industry, models_], FIGURES[:2]),
        by=tinh,
    )
    # Today's communes and wards that carry a commune of Bắc Kạn's area on.
    legacy = org.subtree_ids(units["bac_kan"], as_of=ISSUED).values("descendant_id")
    carried = Lineage.objects.filter(predecessor_id__in=legacy).values("successor_id")
    communes = list(
        org.children(thai_nguyen, as_of=TN_ISSUED)
        .filter(kind="commune", pk__in=carried)
        .order_by("name")
    )
    request = services.issue_request(
        unit=thai_nguyen,
        template=template,
        title="Báo cáo kết quả năm 2025 học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí "
        "Minh theo Kết luận số 01-KL/TW",
        period="2025",
        kind=Kind.YEAR,
        deadline=TN_DEADLINE,
        units=communes,
        by=tinh,
        as_of=TN_ISSUED,
        document=documents["kl01"],
    )
    bulk.update(Template.objects.filter(pk=template.pk), created_at=_at(TN_ISSUED - timedelta(5)))
    bulk.update(Request.objects.filter(pk=request.pk), created_at=_at(TN_ISSUED, 8))
    results = template.sections.get(kind=SectionKind.NARRATIVE, role="results")
    rng = random.Random(2025)  # noqa: S311 - demo data, the same every load
    statuses = _statuses(communes)
    submissions = request.submissions.select_related("unit").order_by("unit__name")
    for index, submission in enumerate(submissions):
        status = statuses[submission.unit_id]
        if status == "pending":
            continue
        unit = submission.unit
        value = Decimal(rng.randint(180, 1400)) / 10
        if unit.name in INDUSTRY_2025:
            value = Decimal(INDUSTRY_2025[unit.name])
        values = {industry.pk: value, models_.pk: rng.randint(2, 14)}
        texts = {
            results.pk: f"{unit.name} tiếp tục học tập và làm theo Bác gắn với xây dựng chính "
            f"quyền địa phương hai cấp sau sắp xếp; duy trì các mô hình giúp hộ nghèo, hiến "
            f"đất làm đường, giữ gìn bản sắc văn hóa {DEMO}."
        }
        handed = TN_DEADLINE + timedelta(days=index % 11 - 7)  # a few after the deadline
        if status == "draft":
            services.save_draft(
                submission=submission,
                by=tinh,
                values=values,
                narratives=texts,
                version=submission.version,
                note=DEMO_NOTE,
            )
            bulk.update(Revision.objects.filter(submission=submission), saved_at=_at(handed))
            continue
        if status == "submitted":
            submission = services.submit(
                submission=submission,
                by=tinh,
                version=submission.version,
                values=values,
                narratives=texts,
                note=DEMO_NOTE,
            )
            _dated(submission, (handed, None, None, None))
            continue
        _answer(
            submission,
            by=tinh,
            reviewer=tinh,
            values=values,
            texts=texts,
            days=(handed, None, None, handed + timedelta(days=3 + index % 4)),
        )
    return {"tn_template": template, "tn_request": request}


def load_reporting(documents: dict, plans: dict, users: dict) -> dict:
    """The reporting area's demo over the documents and plans demos' records (by key) and the
    demo `users` (by username); returns what it made by key."""
    units = {
        "bac_kan": _unit("Tỉnh ủy Bắc Kạn", ISSUED),
        "thai_nguyen": _unit("Tỉnh ủy Thái Nguyên", TN_ISSUED),
    }
    made = _bac_kan(documents, users, units)
    made |= _thai_nguyen(documents, plans, users, units)
    return made
