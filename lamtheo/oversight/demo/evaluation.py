"""Evaluation of the demo: Tỉnh ủy Hà Tĩnh's criteria set for Kết luận 01-KL/TW and its 2024
round for its district-level committees.

[001] asks the staff bodies to build criteria for evaluating Kết luận 01 tied to Kết luận
21-KL/TW and Quy định 144-QĐ/TW (9/5/2024); the set follows that (Hà Tĩnh's, the province
whose districts the demo scores), on the 30 general / 70 task-result split of Quy định
366-QĐ/TW. Its criteria, every score, comment and day are invented (demo). The round evaluates
2024, so that 144-QĐ/TW can be a source; it classifies on the product's default scale, Quy
định 366-QĐ/TW's thresholds (a rule of 30/8/2025, applied here for illustration), with the
optional 20% quota of "xuất sắc" that more districts reach than it allows. The districts are
those the org demo loads under Tỉnh ủy Hà Tĩnh before 1/7/2025 (12 from the gazetteer).
Nobody among the demo sign-ins works for Hà Tĩnh: the superuser takes each step, as in the
plans demo.
"""

from datetime import date, timedelta
from decimal import Decimal

from lamtheo.audit import bulk
from lamtheo.org import selectors as org

from .. import services
from ..domain import Node
from ..models import CriteriaSet, Criterion, Evaluation, Round, Score
from .inspections import DEMO, at, unit

CREATED = date(2024, 10, 7)
OPENED = date(2024, 12, 2)
SELF_DEADLINE, REVIEW_DEADLINE = date(2025, 1, 10), date(2025, 1, 24)
HALF = Decimal("0.5")

# (code, title, max points, evidence asked, source keys)
CRITERIA = (
    ("1", "Công tác lãnh đạo, chỉ đạo, quán triệt, tuyên truyền", None, "", ()),
    (
        "1.1",
        "Ban hành kế hoạch thực hiện Kết luận 01-KL/TW và chủ đề năm kịp thời, sát thực tiễn",
        8,
        "Kế hoạch của ban thường vụ cấp ủy (số, ngày ban hành)",
        ("kl01",),
    ),
    (
        "1.2",
        "Tổ chức học tập, quán triệt chủ đề năm đến cán bộ, đảng viên",
        8,
        "Thông báo hội nghị, danh sách và tỷ lệ đảng viên tham dự",
        ("kl01",),
    ),
    (
        "1.3",
        "Tuyên truyền việc học tập và làm theo Bác trên các phương tiện thông tin của địa phương",
        7,
        "Danh mục tin, bài, chuyên mục; đường dẫn trang thông tin điện tử",
        (),
    ),
    (
        "1.4",
        "Người đứng đầu cấp ủy nêu gương, đăng ký và thực hiện việc làm theo",
        7,
        "Bản đăng ký và bản tự kiểm điểm cuối năm của người đứng đầu",
        ("qd144",),
    ),
    ("2", "Kết quả thực hiện nhiệm vụ", None, "", ()),
    (
        "2.1",
        "Phát hiện, xây dựng và nhân rộng điển hình tiên tiến, mô hình, cách làm hay",
        15,
        "Danh sách điển hình; quyết định biểu dương, khen thưởng",
        ("kl01",),
    ),
    (
        "2.2",
        "Sinh hoạt chuyên đề hằng năm ở chi bộ gắn với nhiệm vụ chính trị",
        15,
        "Biên bản sinh hoạt chuyên đề của các chi bộ",
        ("kl01",),
    ),
    (
        "2.3",
        "Kiểm tra, giám sát việc học tập và làm theo Bác",
        10,
        "Kế hoạch kiểm tra, giám sát; thông báo kết luận",
        ("kl01",),
    ),
    (
        "2.4",
        "Gắn với xây dựng, chỉnh đốn Đảng, ngăn chặn, đẩy lùi suy thoái",
        10,
        "Báo cáo kết quả thực hiện Kết luận 21-KL/TW",
        ("kl21",),
    ),
    (
        "2.5",
        "Cán bộ, đảng viên thực hiện các chuẩn mực đạo đức cách mạng",
        10,
        "Kết quả kiểm điểm, đánh giá đảng viên theo Quy định 144-QĐ/TW",
        ("qd144",),
    ),
    (
        "2.6",
        "Hoàn thành các chỉ tiêu, nhiệm vụ chính trị, kinh tế - xã hội năm",
        10,
        "Báo cáo tổng kết năm; bảng chỉ tiêu đạt, vượt",
        (),
    ),
)
BOTH = ["all_on_time", "exceeded_30"]
# District: (the reviewers' total, the conditions they grant, the points the unit added over
# it on its own sheet, returned with this reason or None) - all demo.
SHEETS = {
    "Thành ủy Hà Tĩnh": (Decimal("94.5"), BOTH, Decimal("1.5"), None),
    "Huyện ủy Cẩm Xuyên": (Decimal(93), BOTH, Decimal(1), None),
    "Huyện ủy Hương Khê": (Decimal(92), BOTH, Decimal("2.5"), None),
    "Thị ủy Hồng Lĩnh": (Decimal("90.5"), BOTH, Decimal(2), None),
    "Huyện ủy Thạch Hà": (Decimal(91), ["all_on_time"], Decimal(2), None),
    "Huyện ủy Can Lộc": (Decimal(86), [], Decimal(3), None),
    "Huyện ủy Đức Thọ": (Decimal(86), [], Decimal("1.5"), None),
    "Huyện ủy Nghi Xuân": (Decimal("82.5"), [], Decimal(2), None),
    "Huyện ủy Hương Sơn": (Decimal(78), [], Decimal(4), None),
    "Thị ủy Kỳ Anh": (Decimal(74), [], Decimal("2.5"), None),
    "Huyện ủy Vũ Quang": (Decimal("66.5"), [], Decimal(3), None),
    "Huyện ủy Kỳ Anh": (
        Decimal(84),
        [],
        Decimal(10),
        "Tiêu chí 2.1 và 2.2 chưa có quyết định khen thưởng, biên bản sinh hoạt chuyên đề kèm "
        "theo; đề nghị bổ sung minh chứng và tự chấm lại " + DEMO + ".",
    ),
}


def _criteria_set(documents: dict, admin) -> CriteriaSet:
    nodes = [
        Node(
            code,
            title,
            None if points is None else Decimal(points),
            evidence,
            tuple(documents[k] for k in keys if k in documents),
        )
        for code, title, points, evidence, keys in CRITERIA
    ]
    criteria_set = services.create_criteria_set(
        unit=unit("Tỉnh ủy Hà Tĩnh", CREATED),
        code="kl01",
        name="Bộ tiêu chí đánh giá kết quả thực hiện Kết luận 01-KL/TW",
        criteria=nodes,
        sources=[documents[k] for k in ("kl01", "kl21", "qd144") if k in documents],
        by=admin,
    )
    bulk.update(CriteriaSet.objects.filter(pk=criteria_set.pk), created_at=at(CREATED))
    return criteria_set


def _points(leaves: list[Criterion], total: Decimal, offset: int) -> dict[int, Decimal]:
    """Points per criterion adding up to `total`: the maximum each, less half a point at a
    time round the criteria from `offset` (each district loses its points elsewhere)."""
    points = {c.pk: c.max_points for c in leaves}
    missing, index = sum(points.values()) - total, offset
    while missing > 0:
        pk = leaves[index % len(leaves)].pk
        if points[pk] >= HALF:
            points[pk] -= HALF
            missing -= HALF
        index += 1
    return points


def _own(leaves: list[Criterion], reviewed: dict, extra: Decimal, offset: int) -> dict:
    """The unit's own points: the reviewers' plus `extra`, added where below the maximum."""
    own, index = dict(reviewed), offset
    while extra > 0:
        criterion = leaves[index % len(leaves)]
        step = min(extra, criterion.max_points - own[criterion.pk], Decimal(1))
        own[criterion.pk] += step
        extra -= step
        index += 1
    return own


def _sheet(evaluation: Evaluation, leaves, spec, offset: int, admin) -> Evaluation:
    total, conditions, extra, returned = spec
    reviewed = _points(leaves, total, offset)
    own = _own(leaves, reviewed, extra, offset + 3)
    name = evaluation.unit.name
    evaluation = services.save_self(
        evaluation=evaluation,
        by=admin,
        version=evaluation.version,
        scores={
            c.pk: {"points": own[c.pk], "evidence": f"{c.evidence} - {name} {DEMO}"} for c in leaves
        },
    )
    evaluation = services.submit(evaluation=evaluation, by=admin, version=evaluation.version)
    changed = {
        c.pk: {
            "points": reviewed[c.pk],
            "comment": "Minh chứng chưa đủ cho mức điểm tự chấm " + DEMO,
        }
        for c in leaves
        if reviewed[c.pk] != own[c.pk]
    }
    evaluation = services.review(
        evaluation=evaluation,
        by=admin,
        version=evaluation.version,
        scores=changed,
        conditions=conditions,
        comment=f"{name} thực hiện nghiêm túc Kết luận 01-KL/TW năm 2024 {DEMO}.",
    )
    if returned:
        evaluation = services.return_evaluation(
            evaluation=evaluation, by=admin, reason=returned, version=evaluation.version
        )
    else:
        evaluation = services.accept(evaluation=evaluation, by=admin, version=evaluation.version)
    handed = SELF_DEADLINE - timedelta(days=offset % 6)
    decided = REVIEW_DEADLINE - timedelta(days=offset % 5)
    bulk.update(
        Evaluation.objects.filter(pk=evaluation.pk),
        submitted_at=at(handed, 10),
        decided_at=at(decided, 15),
    )
    bulk.update(
        Score.objects.filter(evaluation=evaluation, reviewed_at__isnull=False),
        reviewed_at=at(decided - timedelta(days=1), 14),
    )
    return evaluation


def load_evaluation(documents: dict, users: dict) -> dict:
    admin = users["admin"]
    criteria_set = _criteria_set(documents, admin)
    ha_tinh = unit("Tỉnh ủy Hà Tĩnh", OPENED)
    districts = [u for u in org.children(ha_tinh, as_of=OPENED) if u.kind == "district"]
    round_ = services.open_round(
        unit=ha_tinh,
        criteria_set=criteria_set,
        title="Đánh giá kết quả thực hiện Kết luận 01-KL/TW năm 2024 của các huyện ủy, thị ủy, "
        "thành ủy",
        period="2024",
        as_of=OPENED,
        self_deadline=SELF_DEADLINE,
        review_deadline=REVIEW_DEADLINE,
        units=districts,
        quotas={"excellent": 20},
        by=admin,
    )
    bulk.update(Round.objects.filter(pk=round_.pk), created_at=at(OPENED, 8))
    leaves = list(criteria_set.criteria.filter(is_group=False).order_by("position"))
    sheets = round_.evaluations.select_related("unit", "round").order_by("unit__name")
    for offset, evaluation in enumerate(sheets):
        spec = SHEETS.get(evaluation.unit.name)
        if spec is not None:  # a district the gazetteer adds later stays pending
            _sheet(evaluation, leaves, spec, offset, admin)
    return {"kl01_set": criteria_set, "round_ha_tinh": round_}
