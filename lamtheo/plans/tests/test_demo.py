"""The plans part of the demo holds what the founding texts say (../shared/DEMO.md)."""

from datetime import date
from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from lamtheo.org.models import OrgUnit
from lamtheo.plans import demo, selectors
from lamtheo.plans.models import (
    Cascade,
    Commitment,
    Indicator,
    Measurement,
    Programme,
    Target,
    Task,
    Theme,
)

FOUR = Decimal("0.0001")  # the figures' decimal places: SQLite adds up in floating point


def _load():
    call_command("load-demo", stdout=StringIO())


def _unit(name: str, on: date) -> OrgUnit:
    return OrgUnit.objects.valid_on(on).get(name=name)


def _sum(indicator, units, period) -> Decimal:
    figures = Measurement.objects.filter(indicator=indicator, unit__in=units, period=period)
    return sum((m.value for m in figures), Decimal(0))


def test_the_demo_holds_the_themes_programmes_and_figures_of_the_texts(db):
    _load()
    bac_kan = _unit("Tỉnh ủy Bắc Kạn", date(2023, 1, 1))
    thai_nguyen = _unit("Tỉnh ủy Thái Nguyên", date(2026, 1, 1))

    # Themes, as the texts word them [000, 001, 003].
    theme = Theme.objects.get(unit=bac_kan, period="2022")
    assert theme.text == (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự "
        "cường, phát huy sáng tạo, khát vọng xây dựng tỉnh Bắc Kạn phát triển nhanh, bền vững"
    )
    assert theme.document.symbol == "57-KH/TU"
    later = Theme.objects.filter(unit=bac_kan, period__in=["2024", "2025"])
    assert {t.text for t in later} == {
        "Nêu cao tinh thần trách nhiệm, linh hoạt, sáng tạo, hành động quyết liệt thực hiện "
        "thắng lợi mục tiêu nghị quyết đại hội Đảng các cấp đã đề ra"
    }
    assert later.count() == 2
    term = Theme.objects.get(period="2021-2025")
    assert term.is_term
    assert "khát vọng phát triển đất nước phồn vinh, hạnh phúc" in term.text
    cam_xuyen = Theme.objects.get(unit__name="Huyện ủy Cẩm Xuyên", period="2023")
    assert cam_xuyen.parent.unit.name == "Tỉnh ủy Hà Tĩnh"
    assert cam_xuyen.parent.document.symbol == "129-KH/TU"
    assert "con người Cẩm Xuyên, phát huy vai trò nêu gương" in cam_xuyen.text

    # Bắc Kạn's action programme with its 4 focus programmes [004]; 129-KH/TU's 6 [003].
    programme = Programme.objects.get(unit=bac_kan, kind=Programme.Kind.PROGRAMME)
    assert programme.document.symbol == "01-CTHĐ/TU"
    assert "lần thứ XII" in programme.implements.title
    focuses = list(programme.focuses.values_list("title", flat=True))
    assert len(focuses) == 4
    assert "du lịch hồ Ba Bể" in focuses[3]
    plan = Programme.objects.get(document__symbol="129-KH/TU")
    assert plan.implements.symbol == "01-KL/TW"
    assert plan.focuses.count() == 6

    # Industrial production: the districts report, the province does not; the roll-up adds
    # them as they stood in 2023, and restated under today's Thái Nguyên [004].
    industry = Indicator.objects.get(code="bk-gtsx-cong-nghiep")
    districts = OrgUnit.objects.filter(
        kind="district", pk__in=Measurement.objects.filter(indicator=industry).values("unit")
    )
    assert districts.count() == 8
    assert not Measurement.objects.filter(indicator=industry, unit=bac_kan).exists()
    expected = _sum(industry, districts, "2023")
    found = selectors.rollup(industry, bac_kan, "2023")
    assert found.value is not None
    assert found.reporters == 8
    assert found.value.quantize(FOUR) == expected.quantize(FOUR)
    restated = selectors.rollup(industry, thai_nguyen, "2023", restated=True)
    assert restated.value is not None
    assert restated.value.quantize(FOUR) == expected.quantize(FOUR)
    after = selectors.rollup(industry, thai_nguyen, "2025")
    assert after.value is not None
    assert after.reporters >= 3
    assert set(Measurement.objects.filter(indicator=industry).values_list("source", flat=True)) == {
        demo.DEMO_SOURCE
    }
    growth = Target.objects.get(indicator=industry, unit=bac_kan, period="2023")
    assert (growth.kind, growth.value, growth.value_max, growth.baseline_period) == (
        "growth",
        Decimal("12.8"),
        Decimal("13"),
        "2020",
    )
    (row,) = selectors.targets_table(industry, [bac_kan], "2023")
    assert row.band is not None

    # SIPAS 2021: 20th of 63 [000], not added up.
    sipas = Indicator.objects.get(code="bk-sipas-thu-hang")
    assert sipas.aggregation == "none"
    assert selectors.rollup(sipas, bac_kan, "2021").value == 20

    # Điện Biên's poverty rate falls, weighted by households, with a target.
    dien_bien = _unit("Tỉnh ủy Điện Biên", date(2024, 1, 1))
    poverty = Indicator.objects.get(code="db-ty-le-ho-ngheo")
    rates = [selectors.rollup(poverty, dien_bien, str(y)).value for y in range(2021, 2025)]
    assert None not in rates
    assert rates == sorted(rates, reverse=True)
    assert Target.objects.filter(indicator=poverty, unit=dien_bien).count() == 4

    # Commitments of Mường Luân, self-assessed and rated by the reviewer [002].
    rated = Commitment.objects.filter(unit__name="Đảng ủy xã Mường Luân").exclude(rating="")
    assert {c.reviewed_by.username for c in rated} == {"thamdinh"}
    assert rated.filter(year=2025, user__username="muongluan").exists()
    assert Commitment.objects.filter(year=2024, unit__province_code="19").exists()
    others = Commitment.objects.exclude(user__username="muongluan")
    assert all("(demo)" in c.member for c in others)


def test_the_demo_holds_the_tasks_and_the_129_cascade_as_the_hierarchy_stood(db):
    _load()
    today = date.today()
    plan = Programme.objects.get(document__symbol="129-KH/TU")
    boards = {c.action: selectors.board(c) for c in Cascade.objects.filter(programme=plan)}
    assert set(boards) == {"plan", "conference"}
    for board in boards.values():
        items = {i.unit.name: i for i in board.items}
        assert len(items) == 12
        assert board.cascade.deadline == date(2023, 3, 31)
        cam_xuyen = items["Huyện ủy Cẩm Xuyên"]
        assert cam_xuyen.today == "done"
        assert (cam_xuyen.done_on.year, cam_xuyen.done_on.month) == (2023, 3)
        assert board.counts["overdue"] >= 1
    assert items["Huyện ủy Hương Khê"].today == "done"
    plan_item = next(i for i in boards["plan"].items if i.unit.name == "Huyện ủy Cẩm Xuyên")
    assert plan_item.document.unit.name == "Huyện ủy Cẩm Xuyên"

    bac_kan = _unit("Tỉnh ủy Bắc Kạn", date(2023, 1, 1))
    programme = Programme.objects.get(unit=bac_kan, kind=Programme.Kind.PROGRAMME)
    assert programme.tasks.values("title").distinct().count() == 5
    states = {t.state(today) for t in programme.tasks.all()}
    assert {"done", "overdue"} <= states
    assert programme.tasks.filter(notes__isnull=False).exists()
    yearly = Programme.objects.get(unit=bac_kan, period="2022")
    batch = set(yearly.tasks.values_list("batch", flat=True))
    assert len(batch) == 1
    assert None not in batch
    assert yearly.tasks.filter(unit__kind="district").count() == 8

    breakthroughs = Task.objects.filter(programme__unit__name="Tỉnh ủy Điện Biên")
    assert set(breakthroughs.values_list("unit__name", flat=True)) == {
        "Huyện ủy Tủa Chùa",
        "Huyện ủy Mường Ảng",
    }
