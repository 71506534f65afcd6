"""The honours part of the demo holds what the founding texts say (../shared/DEMO.md), and
Bắc Kạn's 1.567 commended cases of 2021-2024 [001] come out of the statistics.

The demo is loaded once for the module, inside a transaction rolled back at its end; each test
runs in a savepoint of it (the `db` fixture)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from lamtheo.honours import demo, domain, selectors
from lamtheo.honours.models import Case, Commendation, Movement, Status
from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        call_command("load-demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _unit(name: str, on: date) -> OrgUnit:
    return OrgUnit.objects.valid_on(on).get(name=name)


def _rows(stats) -> dict:
    return {row.label: row.cases for row in stats.rows}


def test_bac_kan_counts_its_1567_commended_cases_of_2021_2024_as_it_stood(loaded, db):
    bac_kan = _unit("Tỉnh ủy Bắc Kạn", date(2023, 1, 1))
    total = selectors.stats(bac_kan, year_from=2021, year_to=2024).total
    assert demo.REPORTED_COMMENDED == 1567
    assert total.cases == 1567
    assert total.collective + total.individual == 1567
    assert total.collective > 3 * total.individual > 0
    assert total.commendations >= total.cases

    by_year = _rows(selectors.stats(bac_kan, year_from=2021, year_to=2024, by="year"))
    assert set(by_year) == {"2021", "2022", "2023", "2024"}
    assert sum(by_year.values()) == 1567
    assert min(by_year.values()) > 150
    by_field = _rows(selectors.stats(bac_kan, year_from=2021, year_to=2024, by="field"))
    assert len(by_field) >= 10
    assert sum(by_field.values()) == 1567
    assert max(by_field.values()) < 1567 * 0.3
    assert by_field["Thiện nguyện"] > 0
    by_unit = _rows(selectors.stats(bac_kan, year_from=2021, year_to=2024, by="unit"))
    under = org.children(bac_kan, as_of=date(2023, 1, 1))
    districts = {u.name for u in under if u.kind == "district"}
    assert len(districts) == 8
    assert districts <= set(by_unit) <= {u.name for u in under}  # a body of the province too
    by_form = _rows(selectors.stats(bac_kan, year_from=2021, year_to=2024, by="form"))
    assert {"Biểu dương", "Giấy khen", "Bằng khen cấp tỉnh"} <= set(by_form)

    # The invented cases say so; the ones from the texts name their text.
    counted = Case.objects.filter(
        province_code=bac_kan.province_code, year__range=(2021, 2024), status__in=domain.COUNTED
    )
    assert counted.count() == 1567
    named = counted.exclude(source=demo.DEMO_SOURCE)
    assert 5 <= named.count() <= 20
    assert all(c.source.startswith("Báo Bắc Kạn") and "demo" in c.source for c in named)


def test_restated_under_todays_thai_nguyen_the_same_1567_appear(loaded, db):
    thai_nguyen = _unit("Tỉnh ủy Thái Nguyên", date(2026, 1, 1))
    restated = selectors.stats(thai_nguyen, year_from=2021, year_to=2024, restated=True)
    assert restated.total.cases == 1567
    # As the hierarchy stood, today's Thái Nguyên held none of them.
    assert selectors.stats(thai_nguyen, year_from=2021, year_to=2024).total.cases == 0
    by_unit = selectors.stats(
        thai_nguyen, year_from=2021, year_to=2024, by="unit", restated=True
    ).rows
    assert len(by_unit) > 20
    assert sum(row.cases for row in by_unit) >= 1567
    assert "Đảng ủy xã Bạch Thông" in {row.label for row in by_unit}


def test_the_muong_luan_youth_road_is_commended_in_dien_bien(loaded, db):
    case = Case.objects.get(name="Đoàn Thanh niên xã Mường Luân")
    assert "bản Trung Tâm" in case.title
    assert case.year == 2024
    then = date(2024, 12, 31)
    assert [u.name for u in org.ancestors(case.unit, as_of=then)] == [
        "Huyện ủy Điện Biên Đông",
        "Tỉnh ủy Điện Biên",
    ]
    assert "[002]" in case.source
    certificate = case.commendations.get(form__code="giay-khen")
    assert certificate.issuer_name == "Ban Thường vụ Huyện ủy Điện Biên Đông"
    assert domain.read_decision(certificate.decision, on=certificate.decided_on).issuer == "HU"
    assert (case.status, case.published) == (Status.REPLICATED, True)
    assert case.replications.count() == 2
    # Through the workflow by the commune's editor and the provincial reviewer, no superuser.
    assert (case.proposed_by.username, case.verified_by.username) == ("muongluan", "thamdinh")
    dien_bien = _unit("Tỉnh ủy Điện Biên", date(2024, 1, 1))
    assert selectors.stats(dien_bien, year_from=2024, year_to=2024).total.cases >= 1


def test_the_texts_models_are_there_with_their_commendations(loaded, db):
    titles = " | ".join(
        Case.objects.exclude(source=demo.DEMO_SOURCE).values_list("title", flat=True)
    )
    for model in (
        "xã nghèo xây dựng nông thôn mới",  # [001]
        "Chuyến xe không đồng",
        "Bữa cơm nhân ái",
        "bệnh nhân nghèo",
        "Hướng dẫn kỹ thuật trong sản xuất",
        "ứng dụng khoa học vào sản xuất",
        "Ngày hội cam quýt",  # [000]
        "sản phẩm OCOP",
    ):
        assert model in titles
    festival = Case.objects.get(title__startswith="Ngày hội cam quýt")
    assert festival.year == 2022
    assert "Quang Thuận" in festival.name
    assert festival.unit.name == "Huyện ủy Bạch Thông"
    assert festival.commendations.exists()
    assert festival.movement.document.symbol == "57-KH/TU"
    # Hà Tĩnh's cases sit under its districts as they stood in 2023 [003].
    ha_tinh = _unit("Tỉnh ủy Hà Tĩnh", date(2023, 1, 1))
    assert selectors.stats(ha_tinh, year_from=2023, year_to=2023, counting="all").total.cases >= 2
    # Bắc Kạn's named cases went through the services without a superuser.
    bac_kan = Case.objects.filter(province_code="19").exclude(source=demo.DEMO_SOURCE)
    assert not bac_kan.filter(proposed_by__is_superuser=True).exists()
    assert not bac_kan.filter(verified_by__is_superuser=True).exists()
    # The bữa cơm nhân ái recorded again after the merger is a likely duplicate.
    again = Case.objects.get(year=2025, name="Chi hội Phụ nữ tổ 6, phường Đức Xuân")
    assert again.duplicates_found == 1
    assert again.unit.is_valid_on(date(2026, 1, 1))


def test_the_bulk_written_cases_hold_what_case_save_would_set(loaded, db):
    cases = Case.objects.select_related("unit", "field")
    for case in cases:
        assert case.name_key == domain.name_key(case.name)
        assert case.year_end == domain.counted_on(
            case.year, case.unit.valid_from, case.unit.valid_to
        )
        assert case.search_text == domain.search_text(
            case.name, case.position, case.title, case.story
        )
    invented = cases.filter(source=demo.DEMO_SOURCE)
    assert invented.count() > 1500
    assert not invented.exclude(story__contains="demo").exists()
    years = set(Commendation.objects.values_list("case__year", "year"))
    assert all(decided >= year for year, decided in years)


def test_every_workflow_state_shows_and_some_cases_are_public(loaded, db):
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert all(Case.objects.filter(status=Status.RETURNED).values_list("return_reason", flat=True))
    public = Case.objects.public()
    assert public.exclude(source=demo.DEMO_SOURCE).count() >= 5
    assert public.filter(name__contains="Chuyến xe không đồng").exists()
    assert not public.filter(status__in=domain.EDITABLE).exists()


def test_every_decision_number_reads_again_with_the_toolkit(loaded, db):
    given = Commendation.objects.exclude(decision="")
    assert given.count() > 500
    for decided_on, symbol, style in given.values_list("decided_on", "decision", "decision_style"):
        read = domain.read_decision(symbol, on=decided_on)
        assert (read.symbol, read.style) == (symbol, style)
    assert set(given.values_list("decision_style", flat=True)) == {"party", "state"}
    assert not Commendation.objects.filter(decision="", form__needs_decision=True).exists()
    assert not Commendation.objects.filter(decided_on__gt=date.today()).exists()
    # A decision commends many at once: fewer numbers than commendations.
    assert given.values("issuer_name", "decision").distinct().count() < given.count() / 2


def test_the_provincial_committees_launched_movements_with_their_documents(loaded, db):
    launched = {m.unit.name: m for m in Movement.objects.select_related("unit", "document")}
    assert {"Tỉnh ủy Bắc Kạn", "Tỉnh ủy Điện Biên", "Tỉnh ủy Hà Tĩnh"} <= set(launched)
    symbols = {
        (m.unit.name, m.document.symbol if m.document else None)
        for m in Movement.objects.select_related("unit", "document")
    }
    assert ("Tỉnh ủy Bắc Kạn", "57-KH/TU") in symbols
    assert ("Tỉnh ủy Hà Tĩnh", "129-KH/TU") in symbols
    assert ("Tỉnh ủy Điện Biên", None) in symbols  # the documents demo has none to launch it
    bac_kan = Movement.objects.filter(unit__name="Tỉnh ủy Bắc Kạn")
    for movement in bac_kan:
        assert movement.units.filter(kind="district").count() == 8
    assert sum(m.cases.count() for m in bac_kan) > 1000
