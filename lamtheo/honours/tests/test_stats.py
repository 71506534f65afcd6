"""The statistics roll up through the hierarchy as it stood in each case's year, and restated
under today's units after the 2025 merger, in one statement per table, grouped by field, year,
kind, unit, form and level of commendation."""

from datetime import date

import pytest

from lamtheo.honours import selectors, services
from lamtheo.honours.models import Case, Field, Form


@pytest.fixture
def cases(merged):
    """Four cases of Bắc Kạn's communes from 2022 to 2024, three commended (one twice)."""
    tree, editor, reviewer = merged, merged["editor"], merged["reviewer"]
    charity, economy = Field.objects.get(code="thien-nguyen"), Field.objects.get(code="kinh-te")
    praise, certificate = Form.objects.get(code="bieu-duong"), Form.objects.get(code="giay-khen")

    def case(unit, kind, name, field, year, forms=()):
        record = services.nominate_case(
            unit=unit, kind=kind, name=name, field=field, year=year, title=name, by=editor
        )
        if forms:
            services.verify_case(case=record, by=reviewer)
        for form in forms:
            services.commend_case(
                case=Case.objects.get(pk=record.pk),
                form=form,
                level="district" if form == certificate else "commune",
                issuer_name="Ban Thường vụ Huyện ủy Ba Bể",
                decision="12-QĐ/HU" if form.needs_decision else "",
                decided_on=date(year, 11, 20),
                by=reviewer,
            )
        return record

    return {
        "bus": case(tree["a"], "collective", "Chuyến xe không đồng", charity, 2022, [praise]),
        "meal": case(
            tree["b"], "collective", "Bữa cơm nhân ái", charity, 2023, [praise, certificate]
        ),
        "farmer": case(tree["c"], "individual", "Hoàng Văn Đức", economy, 2024, [certificate]),
        "draft": case(tree["c"], "individual", "Nông Thị Mai", economy, 2024),
    }


def table(stats):
    return {
        row.label: (row.cases, row.collective, row.individual, row.commendations)
        for row in stats.rows
    }


def test_cases_count_in_the_province_as_it_stood_that_year(merged, cases):
    bac_kan, thai_nguyen = merged["bac_kan"], merged["thai_nguyen"]
    stats = selectors.stats(bac_kan, year_from=2021, year_to=2024, by="field")
    assert table(stats) == {"Thiện nguyện": (2, 2, 0, 3), "Kinh tế": (1, 0, 1, 1)}
    assert (stats.total.cases, stats.total.collective, stats.total.individual) == (3, 2, 1)
    assert stats.as_of is None  # each case under its year's hierarchy
    # Ba Bể had two of them; today's Thái Nguyên had none as the hierarchy stood.
    assert selectors.stats(merged["ba_be"], year_from=2021, year_to=2024).total.cases == 2
    assert selectors.stats(thai_nguyen, year_from=2021, year_to=2024).total.cases == 0
    # Counting every case not returned, the draft counts too.
    everything = selectors.stats(bac_kan, year_from=2021, year_to=2024, counting="all")
    assert everything.total.cases == 4


def test_restated_they_count_under_the_merged_province(merged, cases):
    thai_nguyen = merged["thai_nguyen"]
    stats = selectors.stats(
        thai_nguyen, year_from=2021, year_to=2024, by="year", restated=True, today=date(2026, 12, 3)
    )
    assert table(stats) == {"2022": (1, 1, 0, 1), "2023": (1, 1, 0, 2), "2024": (1, 0, 1, 1)}
    assert (stats.total.cases, stats.as_of) == (3, date(2026, 12, 3))
    # By unit: today's units under Thái Nguyên, where the three old communes now are.
    by_unit = selectors.stats(thai_nguyen, year_from=2021, year_to=2024, by="unit", restated=True)
    assert table(by_unit) == {"Đảng ủy xã Ba Bể": (3, 2, 1, 4)}
    # Restated to a day before the merger, the old province still holds them.
    before = selectors.stats(
        merged["bac_kan"], year_from=2021, year_to=2024, restated=True, as_of=date(2025, 6, 30)
    )
    assert before.total.cases == 3


def test_by_unit_form_level_and_kind(merged, cases):
    bac_kan = merged["bac_kan"]
    by_unit = selectors.stats(bac_kan, year_from=2021, year_to=2024, by="unit")
    assert table(by_unit) == {
        "Huyện ủy Ba Bể": (2, 2, 0, 3),
        "Đảng ủy xã Bằng Vân": (1, 0, 1, 1),
    }
    by_form = selectors.stats(bac_kan, year_from=2021, year_to=2024, by="form")
    assert table(by_form) == {"Biểu dương": (2, 2, 0, 2), "Giấy khen": (2, 1, 1, 2)}
    assert by_form.total.cases == 3  # a case in two rows counts once in the total
    by_level = selectors.stats(bac_kan, year_from=2021, year_to=2024, by="level")
    assert table(by_level) == {"Cấp huyện": (2, 1, 1, 2), "Cấp xã": (2, 2, 0, 2)}
    by_kind = selectors.stats(bac_kan, year_from=2023, year_to=2024, by="kind")
    assert table(by_kind) == {"Tập thể": (1, 1, 0, 2), "Cá nhân": (1, 0, 1, 1)}
    # On a fixed day before the merger, the same hierarchy for every year.
    fixed = selectors.stats(bac_kan, year_from=2021, year_to=2024, as_of=date(2025, 1, 1))
    assert (fixed.total.cases, fixed.as_of) == (3, date(2025, 1, 1))


def test_a_case_of_the_year_its_commune_merged_counts_under_the_old_district(merged):
    record = services.nominate_case(
        unit=merged["a"],
        kind="collective",
        name="Chi hội Nông dân thôn Nà Mực",
        field=Field.objects.get(code="kinh-te"),
        year=2025,
        title="Trồng quế theo chuỗi",
        by=merged["editor"],
    )
    assert record.year_end == date(2025, 6, 30)  # the commune's last day
    counted = selectors.stats(merged["ba_be"], year_from=2025, year_to=2025, counting="all")
    assert counted.total.cases == 1
    restated = selectors.stats(
        merged["thai_nguyen"], year_from=2025, year_to=2025, counting="all", restated=True
    )
    assert restated.total.cases == 1
