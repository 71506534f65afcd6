"""One of each oversight record for a unit, for the generic access and attack tests
(lamtheo/tests): the unit's programme of inspections for 2026 and a concluded inspection of one
of its cells (`cell`, from the plans records) with findings (a general one and one about the
cell), a recommendation to the cell under follow-up, a criteria set of the unit and a round
evaluating the cell, whose sheet is self-scored as a draft. Everything is the unit's: its own
people see it, a neighbouring commune's never do. Nothing here reverses a URL."""

from datetime import date
from decimal import Decimal

from lamtheo.oversight import services
from lamtheo.oversight.domain import Node
from lamtheo.oversight.models import Criterion, Evaluation


def make_records(unit, user, cell) -> dict:
    """The records' ids under their URL parameters' names."""
    programme = services.create_programme(
        unit=unit,
        year=2026,
        title=f"Chương trình kiểm tra, giám sát năm 2026 của {unit.name}",
        by=user,
    )
    inspection = services.create_inspection(
        unit=unit,
        kind="inspection",
        title=f"Kiểm tra việc thực hiện Kết luận 01-KL/TW tại {cell.name}",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 13),
        targets=[cell],
        team=[{"name": "Nông Văn An", "title": "Ủy viên Ban Thường vụ", "role": "lead"}],
        programme=programme,
        by=user,
    )
    inspection = services.set_findings(
        inspection=inspection,
        findings=[
            services.FindingSpec("results", "Cấp ủy đã ban hành kế hoạch thực hiện kịp thời."),
            services.FindingSpec("limitations", "Chưa tổ chức học tập chuyên đề.", unit=cell),
            services.FindingSpec("causes", "Chưa sâu sát trong chỉ đạo."),
        ],
        by=user,
        version=inspection.version,
    )
    recommendation = services.add_recommendation(
        inspection=inspection,
        owner=cell,
        text_="Tổ chức học tập chuyên đề năm 2026",
        deadline=date(2026, 6, 30),
        by=user,
    )
    services.respond(
        recommendation=recommendation,
        step="progress",
        text_="Đã xây dựng kế hoạch học tập.",
        by=user,
        version=recommendation.version,
    )
    services.conclude(
        inspection=inspection,
        by=user,
        version=inspection.version,
        number="15-TB/ĐU",
        signed_on=date(2026, 3, 20),
        place="Mường Luân",
        signer="Nông Văn An",
        signer_title="Phó Bí thư",
        authority="T/M BAN THƯỜNG VỤ",
    )
    criteria_set = services.create_criteria_set(
        unit=unit,
        code="chi-bo-2026",
        name=f"Tiêu chí đánh giá chi bộ năm 2026 của {unit.name}",
        criteria=[
            Node("1", "Công tác lãnh đạo", None),
            Node("1.1", "Ban hành nghị quyết chuyên đề", Decimal(40), "Nghị quyết"),
            Node("2", "Kết quả thực hiện nhiệm vụ", Decimal(60)),
        ],
        by=user,
    )
    evaluation_round = services.open_round(
        unit=unit,
        criteria_set=criteria_set,
        title=f"Đánh giá chi bộ năm 2026 của {unit.name}",
        period="2026",
        self_deadline=date(2026, 12, 15),
        review_deadline=date(2026, 12, 31),
        units=[cell],
        by=user,
        as_of=date(2026, 1, 15),
    )
    evaluation = Evaluation.objects.get(round=evaluation_round)
    first = Criterion.objects.get(criteria_set=criteria_set, code="1.1")
    services.save_self(
        evaluation=evaluation,
        by=user,
        version=evaluation.version,
        scores={first.pk: {"points": "35,5", "evidence": "Nghị quyết số 05-NQ/CB"}},
    )
    return {
        "inspection_programme": programme.pk,
        "inspection": inspection.pk,
        "recommendation": recommendation.pk,
        "criteria_set": criteria_set.pk,
        "evaluation_round": evaluation_round.pk,
        "evaluation": evaluation.pk,
    }
