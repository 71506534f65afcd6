"""The indicator catalogue and targets through the pages: a provincial editor defines an
indicator, edits it as it saw it, and sets the province a target of 12,8 – 13 that its page then
shows; an editor of another province reaches none of it."""

from datetime import date
from decimal import Decimal

import pytest

from lamtheo.accounts.models import User
from lamtheo.org import services as org
from lamtheo.plans import services
from lamtheo.plans.models import Indicator, Target


@pytest.fixture
def provincial_editor(province) -> User:
    user = User.objects.create_user(username="tinh_vp", full_name="Lê Thị Hoa")
    org.grant_role(user=user, unit=province, role="editor", valid_from=date(2025, 7, 1))
    return user


@pytest.fixture
def editor_elsewhere(db) -> User:
    """An editor of a commune of Tỉnh ủy Lai Châu, another province."""
    other = org.create_unit(
        code="T12",
        name="Tỉnh ủy Lai Châu",
        kind="province",
        valid_from=date(2008, 8, 1),
        province_code="12",
    )
    commune = org.create_unit(
        code="X12-A",
        name="Đảng ủy xã Bình Lư",
        kind="commune",
        valid_from=date(2025, 7, 1),
        parent=other,
    )
    user = User.objects.create_user(username="lc_xa", full_name="Tòng Văn Minh")
    org.grant_role(user=user, unit=commune, role="editor", valid_from=date(2025, 7, 1))
    return user


@pytest.fixture
def poverty(province, provincial_editor) -> Indicator:
    return services.save_indicator(
        unit=province,
        code="ho-ngheo",
        name="Số hộ nghèo",
        measure="hộ",
        direction="lower",
        by=provincial_editor,
    )


def _edit(**changes) -> dict:
    return {
        "name": "Số hộ nghèo",
        "measure": "hộ",
        "aggregation": "sum",
        "direction": "lower",
        "version": "1",
    } | changes


def _target(province, **changes) -> dict:
    return {"unit": province.pk, "period": "2024", "kind": "range", "value": "12,8"} | changes


def test_a_provincial_editor_creates_an_indicator_and_edits_it(client, province, provincial_editor):
    client.force_login(provincial_editor)
    assert 'href="/ke-hoach/chi-tieu/moi/"' in client.get("/ke-hoach/chi-tieu/").content.decode()
    assert client.get("/ke-hoach/chi-tieu/moi/").status_code == 200
    answer = client.post(
        "/ke-hoach/chi-tieu/moi/",
        {
            "unit": province.pk,
            "code": "ho-ngheo",
            "name": "Số hộ nghèo",
            "measure": "hộ",
            "aggregation": "sum",
            "direction": "lower",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    assert answer["Location"] == "/ke-hoach/chi-tieu/ho-ngheo/"
    indicator = Indicator.objects.get()
    assert (indicator.unit, indicator.direction, indicator.version) == (province, "lower", 1)
    page = client.get(answer["Location"]).content.decode()
    assert 'href="/ke-hoach/chi-tieu/ho-ngheo/sua/"' in page

    page = client.get("/ke-hoach/chi-tieu/ho-ngheo/sua/")
    assert page.status_code == 200
    assert 'name="code"' not in page.content.decode()
    answer = client.post(
        "/ke-hoach/chi-tieu/ho-ngheo/sua/",
        _edit(name="Số hộ nghèo cuối năm", code="doi-ma", aggregation="max"),
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    indicator.refresh_from_db()
    assert (indicator.code, indicator.name, indicator.aggregation) == (
        "ho-ngheo",
        "Số hộ nghèo cuối năm",
        "max",
    )
    assert indicator.version == 2


def test_an_edit_from_a_stale_page_is_refused_and_changes_nothing(
    client, poverty, provincial_editor
):
    services.save_indicator(
        unit=poverty.unit,
        code=poverty.code,
        name="Số hộ nghèo (đã rà soát)",
        measure="hộ",
        direction="lower",
        by=provincial_editor,
        indicator=poverty,
        version=1,
    )
    client.force_login(provincial_editor)
    answer = client.post("/ke-hoach/chi-tieu/ho-ngheo/sua/", _edit(name="Bản cũ", version="1"))
    assert answer.status_code == 200
    assert "đã được người khác sửa" in " ".join(answer.context["form"].non_field_errors())
    poverty.refresh_from_db()
    assert (poverty.name, poverty.version) == ("Số hộ nghèo (đã rà soát)", 2)


def test_a_weighted_average_without_its_weight_is_refused_on_the_weight_field(
    client, province, provincial_editor, poverty
):
    client.force_login(provincial_editor)
    rate = {
        "unit": province.pk,
        "code": "ty-le-ho-ngheo",
        "name": "Tỷ lệ hộ nghèo",
        "measure": "%",
        "aggregation": "weighted_average",
        "direction": "lower",
    }
    answer = client.post("/ke-hoach/chi-tieu/moi/", rate)
    assert answer.status_code == 200
    assert "cần chỉ tiêu làm trọng số" in answer.context["form"].errors["weight"][0]
    assert not Indicator.objects.filter(code="ty-le-ho-ngheo").exists()

    answer = client.post("/ke-hoach/chi-tieu/moi/", rate | {"weight": "ho-ngheo"})
    assert answer.status_code == 302, answer.content.decode()[:3000]
    assert Indicator.objects.get(code="ty-le-ho-ngheo").weight == poverty
    # The weight of another now, the poverty count cannot become a weighted average itself.
    services.save_indicator(unit=province, code="so-ho", name="Số hộ", by=provincial_editor)
    answer = client.post(
        "/ke-hoach/chi-tieu/ho-ngheo/sua/", _edit(aggregation="weighted_average", weight="so-ho")
    )
    assert answer.status_code == 200
    assert "là trọng số của chỉ tiêu khác" in answer.context["form"].errors["aggregation"][0]
    poverty.refresh_from_db()
    assert (poverty.aggregation, poverty.weight) == ("sum", None)


def test_a_code_that_names_a_page_is_refused(client, province, provincial_editor):
    client.force_login(provincial_editor)
    answer = client.post(
        "/ke-hoach/chi-tieu/moi/",
        {"unit": province.pk, "code": "moi", "name": "Mới", "aggregation": "sum"}
        | {"direction": "higher"},
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors["code"]
    assert not Indicator.objects.exists()


def test_a_range_target_of_12_8_to_13_shows_on_the_indicator_page(
    client, province, provincial_editor, poverty
):
    client.force_login(provincial_editor)
    page = client.get("/ke-hoach/chi-tieu/ho-ngheo/?ky=2024").content.decode()
    assert 'action="/ke-hoach/chi-tieu/ho-ngheo/chi-tieu-giao/?don-vi=T11&amp;ky=2024"' in page
    answer = client.post(
        "/ke-hoach/chi-tieu/ho-ngheo/chi-tieu-giao/?don-vi=T11&ky=2024",
        _target(province, value_max="13"),
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    assert answer["Location"] == "/ke-hoach/chi-tieu/ho-ngheo/?don-vi=T11&ky=2024"
    target = Target.objects.get()
    assert (target.unit, target.period, target.kind) == (province, "2024", "range")
    assert (target.value, target.value_max) == (Decimal("12.8"), Decimal("13"))
    page = client.get(answer["Location"])
    html = page.content.decode()
    assert "12,80 – 13,00" in html
    # The form shows the target, to change it as it is.
    form = page.context["target_form"]
    assert (form["value"].value(), form["target"].value()) == ("12,8", target.pk)
    assert 'name="value_max" value="13"' in html


def test_a_target_is_changed_only_as_the_form_showed_it(
    client, province, provincial_editor, poverty
):
    client.force_login(provincial_editor)
    url = "/ke-hoach/chi-tieu/ho-ngheo/chi-tieu-giao/?don-vi=T11&ky=2024"
    assert client.post(url, _target(province, value_max="13")).status_code == 302
    target = Target.objects.get()
    # A blank form for the same unit and period does not overwrite it.
    answer = client.post(url, _target(province, kind="value", value="12"))
    assert answer.status_code == 200
    assert "đã có chỉ tiêu" in answer.context["target_form"].errors["period"][0]
    # The form that showed version 1 changes it; sent again, it is stale.
    shown = _target(province, value_max="13,5", target=target.pk, version="1")
    assert client.post(url, shown).status_code == 302
    answer = client.post(url, shown | {"value_max": "14"})
    assert answer.status_code == 200
    assert "đã được người khác sửa" in " ".join(answer.context["target_form"].non_field_errors())
    target.refresh_from_db()
    assert (target.value_max, target.version) == (Decimal("13.5"), 2)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"value": "1.56"}, "value", "đúng 3 chữ số"),
        ({"value_max": "12"}, "value_max", "lớn hơn giá trị cuối"),
        ({"value_max": ""}, "value_max", "cuối khoảng"),
        ({"value_max": "100.000.000.000.000.000"}, "value_max", "quá lớn"),
        ({"value_max": "13,00001"}, "value_max", "chữ số thập phân"),
        ({"period": "2024-H3"}, "period", ""),
        ({"kind": "growth", "baseline_period": "2025"}, "baseline_period", "phải trước"),
    ],
)
def test_a_target_the_rules_refuse_is_sent_back_on_its_field(
    client, province, provincial_editor, poverty, changes, field, words
):
    client.force_login(provincial_editor)
    answer = client.post(
        "/ke-hoach/chi-tieu/ho-ngheo/chi-tieu-giao/", _target(province, value_max="13") | changes
    )
    assert answer.status_code == 200
    errors = answer.context["target_form"].errors
    assert list(errors) == [field]
    assert words in errors[field][0]
    assert not Target.objects.exists()


def test_an_editor_of_another_province_reaches_none_of_it(
    client, province, poverty, editor_elsewhere, editor_a
):
    client.force_login(editor_elsewhere)
    assert client.get("/ke-hoach/chi-tieu/ho-ngheo/sua/").status_code == 404
    assert client.post("/ke-hoach/chi-tieu/ho-ngheo/sua/", _edit(name="Đã sửa")).status_code == 404
    assert client.get("/ke-hoach/chi-tieu/ho-ngheo/").status_code == 404
    answer = client.post("/ke-hoach/chi-tieu/ho-ngheo/chi-tieu-giao/", _target(province))
    assert answer.status_code == 404
    # A commune of the province sees the province's indicator but may not edit it.
    client.force_login(editor_a)
    assert client.get("/ke-hoach/chi-tieu/ho-ngheo/").status_code == 200
    assert client.get("/ke-hoach/chi-tieu/ho-ngheo/sua/").status_code == 404
    poverty.refresh_from_db()
    assert (poverty.name, poverty.version) == ("Số hộ nghèo", 1)
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    "path", ["/ke-hoach/chi-tieu/moi/", "/ke-hoach/chuong-trinh/moi/", "/ke-hoach/chu-de/"]
)
def test_a_form_of_ones_only_unit_has_it_chosen_and_no_english_blank(
    path, client, commune_a, editor_a
):
    client.force_login(editor_a)
    html = client.get(path).content.decode()
    assert "Select an option" not in html
    assert f'<option value="{commune_a.pk}" selected>' in html
