"""The writers of inspections, one rule at a time: programmes, each inspection's targets, dates
and team, the conclusion's findings and its number; each refused write changes nothing."""

from datetime import date

import pytest

from lamtheo.conftest import _role, _user
from lamtheo.org import services as org
from lamtheo.oversight import services
from lamtheo.oversight.models import (
    Finding,
    Inspection,
    Programme,
    Recommendation,
    Response,
    Stage,
    Target,
)
from lamtheo.oversight.services import FindingSpec, Member

from .checks import END, START, refused
from .checks import inspect as _inspect

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(province):
    """Ban Tuyên giáo và Dân vận Tỉnh ủy: a committee's body, which inspects the committee's
    units, with an editor of its own."""
    unit = org.create_unit(
        code="T11-BTG",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Điện Biên",
        kind="body",
        valid_from=date(2025, 7, 1),
        parent=province,
    )
    return unit, _role(_user("btg_bien_tap", "Lò Văn Tâm"), unit, "editor")


@pytest.fixture
def elsewhere(db):
    """A commune of another province."""
    other = org.create_unit(
        code="T12", name="Tỉnh ủy Lai Châu", kind="province", valid_from=date(2008, 8, 1)
    )
    return org.create_unit(
        code="X12-A",
        name="Đảng ủy xã Bum Nưa",
        kind="commune",
        valid_from=date(2025, 7, 1),
        parent=other,
    )


def _counts():
    return (
        Programme.objects.count(),
        Inspection.objects.count(),
        Target.objects.count(),
        Finding.objects.count(),
        Recommendation.objects.count(),
        Response.objects.count(),
    )


# --- Programmes -----------------------------------------------------------------------------


def test_a_programme_is_the_inspecting_units_and_changes_only_from_the_version_read(
    province, provincial_admin
):
    programme = services.create_programme(
        unit=province, year="2026", title="  Chương trình kiểm tra năm 2026 ", by=provincial_admin
    )
    assert (programme.unit, programme.year, programme.title) == (
        province,
        2026,
        "Chương trình kiểm tra năm 2026",
    )
    changed = services.update_programme(
        programme=programme,
        year=2027,
        title="Chương trình năm 2027",
        by=provincial_admin,
        version=1,
    )
    assert (changed.year, changed.version) == (2027, 2)
    refused(
        lambda: services.update_programme(
            programme=programme, year=2028, title="Cũ", by=provincial_admin, version=1
        ),
        "version",
        "Chương trình kiểm tra",
        "người khác",
    )
    assert Programme.objects.get(pk=programme.pk).year == 2027


def test_a_programme_needs_a_year_a_title_and_a_writer_of_the_unit(
    province, commune_a, provincial_admin, editor_b
):
    refused(
        lambda: services.create_programme(unit=province, year=1900, title="X", by=provincial_admin),
        "year",
        "1945",
    )
    refused(
        lambda: services.create_programme(unit=province, year=2026, title=" ", by=provincial_admin),
        "title",
        "tên chương trình",
    )
    refused(
        lambda: services.create_programme(unit=commune_a, year=2026, title="X", by=editor_b),
        "unit",
        "Đảng ủy xã Mường Luân",
    )
    assert not Programme.objects.exists()


# --- Inspections: who may be inspected, when, by whom ---------------------------------------


def test_an_inspection_records_its_targets_team_and_issuer(
    province, commune_a, commune_b, provincial_admin
):
    programme = services.create_programme(
        unit=province, year=2026, title="Chương trình năm 2026", by=provincial_admin
    )
    inspection = _inspect(
        province,
        [commune_a, commune_b, commune_a],
        provincial_admin,
        kind="supervision",
        programme=programme,
        team=[Member(" Phương Thị Thanh ", "Phó Bí thư", "lead"), {"name": "Lò Văn Hùng"}],
    )
    assert set(inspection.targets.values_list("unit__code", flat=True)) == {"X25-A", "X25-B"}
    assert inspection.team == [
        {"name": "Phương Thị Thanh", "title": "Phó Bí thư", "role": "lead"},
        {"name": "Lò Văn Hùng", "title": "", "role": "member"},
    ]
    assert (inspection.stage, inspection.issuer, inspection.province_code) == (
        Stage.PLANNED,
        "TỈNH ỦY ĐIỆN BIÊN",
        province.province_code,
    )
    assert inspection.programme == programme


def test_a_unit_outside_the_province_is_refused_by_name(
    province, commune_a, elsewhere, provincial_admin
):
    before = _counts()
    refused(
        lambda: _inspect(province, [commune_a, elsewhere], provincial_admin),
        "targets",
        "Đảng ủy xã Bum Nưa không thuộc phạm vi kiểm tra",
        "Tỉnh ủy Điện Biên",
        "23/02/2026",
    )
    assert _counts() == before


def test_a_commune_inspects_its_own_cells_but_never_its_neighbour(commune_a, commune_b, admin_a):
    cell = org.create_unit(
        code="X25-A-CB1",
        name="Chi bộ thôn 1",
        kind="cell",
        valid_from=date(2025, 7, 1),
        parent=commune_a,
    )
    assert _inspect(commune_a, [cell], admin_a).targets.get().unit == cell
    refused(lambda: _inspect(commune_a, [commune_b], admin_a), "targets", "Mường Phăng")
    refused(lambda: _inspect(commune_a, [commune_a], admin_a), "targets", "Mường Luân")


def test_a_committees_body_inspects_the_committees_units_not_the_committee(
    province, commune_a, body
):
    unit, editor = body
    inspection = _inspect(unit, [commune_a], editor, kind="delegation")
    assert inspection.targets.get().unit == commune_a
    refused(lambda: _inspect(unit, [province], editor), "targets", "Tỉnh ủy Điện Biên")
    refused(lambda: _inspect(unit, [unit], editor), "targets", "Ban Tuyên giáo")


def test_only_the_inspecting_units_writers_record_an_inspection(
    province, commune_a, editor_a, reviewer
):
    refused(lambda: _inspect(province, [commune_a], editor_a), "unit", "Tỉnh ủy Điện Biên")
    refused(lambda: _inspect(province, [commune_a], reviewer), "unit", "Tỉnh ủy Điện Biên")
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"ends_on": date(2026, 2, 22)}, "ends_on", "Ngày kết thúc không được trước"),
        ({"starts_on": None}, "starts_on", "ngày bắt đầu"),
        ({"ends_on": None}, "ends_on", "ngày kết thúc"),
        ({"kind": "audit"}, "kind", "hình thức"),
        ({"title": ""}, "title", "nội dung kiểm tra"),
        ({"only": []}, "targets", "đơn vị được kiểm tra"),
        ({"team": [{"name": "A"}, {"name": "  "}]}, "team", "Thành viên 2: hãy nhập họ tên"),
        ({"team": [{"name": "A", "role": "boss"}]}, "team", "Thành viên 1: vai trò"),
        ({"team": [{"name": "x" * 121}]}, "team", "Thành viên 1"),
    ],
)
def test_a_wrong_inspection_is_refused_with_its_field(
    changes, field, words, province, commune_a, provincial_admin
):
    targets = changes.pop("only", [commune_a])
    refused(lambda: _inspect(province, targets, provincial_admin, **changes), field, words)
    assert _counts() == (0, 0, 0, 0, 0, 0)


def test_a_programme_of_another_unit_is_refused(province, commune_a, admin_a, provincial_admin):
    theirs = services.create_programme(
        unit=province, year=2026, title="Của tỉnh", by=provincial_admin
    )
    cell = org.create_unit(
        code="X25-A-CB1",
        name="Chi bộ thôn 1",
        kind="cell",
        valid_from=date(2025, 7, 1),
        parent=commune_a,
    )
    refused(
        lambda: _inspect(commune_a, [cell], admin_a, programme=theirs),
        "programme",
        "«Của tỉnh» không phải của Đảng ủy xã Mường Luân",
    )


def test_an_update_keeps_every_unit_with_recommendations(
    inspection, recommendations, commune_a, commune_b, provincial_admin
):
    def update(targets, version, **changes):
        values = {
            "inspection": inspection,
            "by": provincial_admin,
            "version": version,
            "kind": "inspection",
            "title": "Kiểm tra (đã sửa)",
            "starts_on": START,
            "ends_on": END,
            "targets": targets,
        } | changes
        return services.update_inspection(**values)

    refused(lambda: update([commune_a], 1), "targets", "Đảng ủy xã Mường Phăng đã có kiến nghị")
    refused(lambda: update([commune_a, commune_b], 2), "version", "Cuộc kiểm tra")
    assert Inspection.objects.get(pk=inspection.pk).title != "Kiểm tra (đã sửa)"
    changed = update([commune_a, commune_b], 1, team=[{"name": "Lò Văn Hùng"}])
    assert (changed.title, changed.kind, changed.version) == ("Kiểm tra (đã sửa)", "inspection", 2)
    assert changed.team == [{"name": "Lò Văn Hùng", "title": "", "role": "member"}]
    assert changed.targets.count() == 2


# --- Findings and the conclusion ------------------------------------------------------------


def test_findings_replace_the_previous_ones_and_start_the_inspection(
    inspection, commune_a, provincial_admin
):
    version = services.set_findings(
        inspection=inspection,
        by=provincial_admin,
        version=1,
        findings=[FindingSpec("results", "Cũ")],
    ).version
    done = services.set_findings(
        inspection=inspection,
        by=provincial_admin,
        version=version,
        findings=[
            FindingSpec("results", "Ban hành kế hoạch kịp thời.\r\nĐúng quy định."),
            FindingSpec("limitations", "Chưa học tập chuyên đề.", unit=commune_a),
            FindingSpec("causes", "Chưa sâu sát."),
        ],
    )
    assert done.stage == Stage.RUNNING
    rows = list(done.findings.values_list("section", "position", "unit_id", "text"))
    assert rows == [
        ("causes", 3, None, "Chưa sâu sát."),
        ("limitations", 2, commune_a.pk, "Chưa học tập chuyên đề."),
        ("results", 1, None, "Ban hành kế hoạch kịp thời.\nĐúng quy định."),
    ]


@pytest.mark.parametrize(
    ("findings", "words"),
    [
        ([FindingSpec("results", "A"), FindingSpec("summary", "B")], "Dòng 2: hãy chọn phần"),
        ([FindingSpec("results", "  ")], "Dòng 1: hãy nhập nội dung"),
        ([FindingSpec("results", "x" * 20_001)], "Dòng 1"),
    ],
)
def test_a_wrong_finding_is_refused_by_its_line(findings, words, inspection, provincial_admin):
    refused(
        lambda: services.set_findings(
            inspection=inspection, by=provincial_admin, version=1, findings=findings
        ),
        "findings",
        words,
    )
    assert Inspection.objects.get(pk=inspection.pk).stage == Stage.PLANNED


def test_a_finding_about_a_unit_not_inspected_names_the_line_and_the_unit(
    province, commune_a, commune_b, provincial_admin
):
    only_a = _inspect(province, [commune_a], provincial_admin)
    services.set_findings(
        inspection=only_a, by=provincial_admin, version=1, findings=[FindingSpec("results", "A")]
    )
    refused(
        lambda: services.set_findings(
            inspection=only_a,
            by=provincial_admin,
            version=2,
            findings=[FindingSpec("results", "A"), FindingSpec("causes", "B", unit=commune_b)],
        ),
        "findings",
        "Dòng 2: Đảng ủy xã Mường Phăng không phải đơn vị được kiểm tra",
    )
    assert list(only_a.findings.values_list("text", flat=True)) == ["A"]


def _conclude(inspection, by, **changes):
    values = {
        "inspection": inspection,
        "by": by,
        "version": inspection.version,
        "number": "15-TB/TU",
        "signed_on": date(2026, 3, 20),
        "place": "Điện Biên",
        "signer": "Trần Quốc Cường",
        "signer_title": "Bí thư",
        "authority": "T/M BAN THƯỜNG VỤ",
    } | changes
    return services.conclude(**values)


def test_a_conclusion_takes_a_party_number_of_a_notice_a_conclusion_or_a_report(
    inspection, provincial_admin
):
    done = _conclude(inspection, provincial_admin, number="Số: 15-TB/TU")
    assert (done.number, done.stage, done.signed_on) == (
        "15-TB/TU",
        Stage.CONCLUDED,
        date(2026, 3, 20),
    )
    assert (done.issuer, done.signer, done.authority) == (
        "TỈNH ỦY ĐIỆN BIÊN",
        "Trần Quốc Cường",
        "T/M BAN THƯỜNG VỤ",
    )
    again = _conclude(done, provincial_admin, number="", issuer="BAN THƯỜNG VỤ TỈNH ỦY")
    assert (again.number, again.issuer) == ("", "BAN THƯỜNG VỤ TỈNH ỦY")


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"number": "15/BC"}, "number", "15/BC"),
        ({"number": "15-NQ/TU"}, "number", "không phải số của thông báo kết luận"),
        ({"signed_on": date(2026, 2, 22)}, "signed_on", "không được trước ngày bắt đầu"),
        ({"signed_on": None}, "signed_on", "ngày ký kết luận"),
        ({"place": ""}, "place", "địa danh"),
        ({"signer": ""}, "signer", "người ký"),
    ],
)
def test_a_wrong_conclusion_is_refused_and_changes_nothing(
    changes, field, words, inspection, provincial_admin
):
    refused(lambda: _conclude(inspection, provincial_admin, **changes), field, words)
    stored = Inspection.objects.get(pk=inspection.pk)
    assert (stored.stage, stored.number, stored.signed_on, stored.version) == (
        Stage.PLANNED,
        "",
        None,
        1,
    )
