"""Consolidation: the accepted figures aggregated by each indicator's rule, by the issuing
unit's children on the period's last day or restated to today's units, a reported total
superseding its parts; the sources of every number; completeness by state and by branch; and
the compiled report's blocks."""

from datetime import date, datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from lamtheo.org import services as org
from lamtheo.plans import services as plans
from lamtheo.reporting import selectors, services
from lamtheo.reporting.domain import Status, Timeliness
from lamtheo.reporting.models import Submission
from lamtheo.reporting.services import SectionSpec

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 12, 20)


def _hand_in(request, unit, by, reviewer, values: dict, narratives=None, *, accept=True):
    """The unit's report handed in with `values` (indicator -> text), then accepted."""
    s = Submission.objects.get(request=request, unit=unit)
    s = services.submit(
        submission=s,
        by=by,
        values={ind.pk: text for ind, text in values.items()},
        narratives=narratives or {},
        version=s.version,
    )
    if accept:
        s = services.accept(submission=s, by=reviewer, version=s.version)
    return s


def _commune(code, name, parent, start=date(2025, 7, 1)):
    return org.create_unit(code=code, name=name, kind="commune", valid_from=start, parent=parent)


# --- Aggregation ------------------------------------------------------------------------------


@pytest.fixture
def every_rule(province, provincial_admin):
    """An indicator for each way of adding up, the weighted one weighted by households."""

    def indicator(code, name, **extra):
        return plans.save_indicator(
            unit=province, code=code, name=name, by=provincial_admin, **extra
        )

    households = indicator("so-ho", "Số hộ", measure="hộ")
    return {
        "households": households,
        "members": indicator("dang-vien-moi", "Đảng viên mới", measure="người"),
        "rate": indicator("ty-le-ho-ngheo", "Tỷ lệ hộ nghèo", measure="%", aggregation="average"),
        "low": indicator("thu-nhap-thap-nhat", "Thu nhập thấp nhất", aggregation="min"),
        "high": indicator("thu-nhap-cao-nhat", "Thu nhập cao nhất", aggregation="max"),
        "income": indicator(
            "thu-nhap-binh-quan",
            "Thu nhập bình quân",
            measure="triệu đồng",
            aggregation="weighted_average",
            weight=households,
        ),
        "km": indicator("km-duong", "Đường bê tông mới", measure="km"),
        "own": indicator("xep-loai", "Xếp loại", aggregation="none"),
    }


@pytest.fixture
def every_rule_request(province, commune_a, commune_b, provincial_admin, every_rule):
    third = _commune("X25-C", "Đảng ủy xã Nà Nhạn", province)
    template = services.create_template(
        unit=province,
        code="chi-tieu",
        name="Báo cáo chỉ tiêu",
        sections=[SectionSpec("indicators", "Chỉ tiêu", indicators=list(every_rule.values()))],
        by=provincial_admin,
    )
    request = services.issue_request(
        unit=province, template=template, title="Báo cáo chỉ tiêu năm 2026", period="2026",
        deadline=date(2026, 12, 15), units=[commune_a, commune_b, third], by=provincial_admin,
        as_of=date(2026, 12, 1),
    )  # fmt: skip
    return request, third


def test_each_indicator_is_added_up_by_its_own_rule(
    every_rule_request, every_rule, commune_a, commune_b, provincial_admin, reviewer
):
    request, third = every_rule_request
    i = every_rule
    _hand_in(request, commune_a, provincial_admin, reviewer, {
        i["households"]: "100", i["members"]: "12", i["rate"]: "8,5", i["low"]: "3",
        i["high"]: "7", i["income"]: "10", i["own"]: "1",
    })  # fmt: skip
    _hand_in(request, commune_b, provincial_admin, reviewer, {
        i["households"]: "300", i["members"]: "9", i["rate"]: "4,5", i["low"]: "5",
        i["high"]: "2", i["income"]: "20", i["own"]: "2",
    })  # fmt: skip
    # Handed in, not accepted: not counted.
    _hand_in(request, third, provincial_admin, reviewer, {
        i["households"]: "10.000", i["members"]: "1.000", i["rate"]: "90", i["low"]: "0",
        i["high"]: "99", i["income"]: "1.000",
    }, accept=False)  # fmt: skip

    result = selectors.consolidate(request, today=TODAY)
    totals = {key: result.totals[ind.pk] for key, ind in i.items() if ind.pk in result.totals}
    assert totals["households"] == selectors.Cell(Decimal(400), 2)
    assert totals["members"] == selectors.Cell(Decimal(21), 2)
    assert totals["rate"] == selectors.Cell(Decimal("6.5"), 2)
    assert totals["low"] == selectors.Cell(Decimal(3), 2)
    assert totals["high"] == selectors.Cell(Decimal(7), 2)
    # (10 x 100 + 20 x 300) / (100 + 300)
    assert totals["income"] == selectors.Cell(Decimal("17.5"), 2)
    # Not added up: each unit's own figure in its row; the issuing unit reported none.
    assert totals["own"] == selectors.Cell(None, 0)
    assert result.cells[(i["own"].pk, commune_a.pk)] == selectors.Cell(Decimal(1), 1)
    assert result.cells[(i["own"].pk, commune_b.pk)] == selectors.Cell(Decimal(2), 1)
    assert "km" not in totals
    # By row: each commune its own figures.
    assert result.cells[(i["members"].pk, commune_a.pk)] == selectors.Cell(Decimal(12), 1)
    assert result.cells[(i["income"].pk, commune_b.pk)] == selectors.Cell(Decimal(20), 1)
    assert (i["members"].pk, third.pk) not in result.cells
    assert {u.pk for u in result.rows} == {commune_a.pk, commune_b.pk, third.pk}
    assert result.top == request.unit
    assert result.on == date(2026, 12, 31)
    assert [ind.pk for ind in result.indicators] == sorted(
        (ind.pk for ind in i.values()),
        key=lambda pk: next(x.code for x in i.values() if x.pk == pk),
    )


def test_a_weighted_average_leaves_out_a_unit_without_its_weight(
    every_rule_request, every_rule, commune_a, commune_b, provincial_admin, reviewer
):
    request, _third = every_rule_request
    i = every_rule
    _hand_in(
        request, commune_a, provincial_admin, reviewer, {i["households"]: "100", i["income"]: "10"}
    )
    _hand_in(request, commune_b, provincial_admin, reviewer, {i["income"]: "40"})
    result = selectors.consolidate(request, today=TODAY)
    assert result.totals[i["income"].pk].value == Decimal(10)


def test_fractions_add_up_exactly(
    every_rule_request, every_rule, commune_a, commune_b, provincial_admin, reviewer
):
    """Decimal figures are added as decimals: 0,1 + 0,2 is 0,3, not 0,30000000000000004."""
    request, third = every_rule_request
    i = every_rule
    _hand_in(request, commune_a, provincial_admin, reviewer, {i["km"]: "0,1", i["rate"]: "0,1"})
    _hand_in(request, commune_b, provincial_admin, reviewer, {i["km"]: "0,2", i["rate"]: "0,2"})
    _hand_in(request, third, provincial_admin, reviewer, {i["rate"]: "0,3", i["members"]: "1"})
    result = selectors.consolidate(request, today=TODAY)
    assert result.totals[i["km"].pk].value == Decimal("0.3")
    assert str(result.totals[i["km"].pk].value.normalize()) == "0.3"
    assert result.totals[i["rate"].pk].value.normalize() == Decimal("0.2")
    assert result.cells[(i["km"].pk, commune_a.pk)].value == Decimal("0.1")


# --- A reported total supersedes its parts; rows as the period ended ----------------------


@pytest.fixture
def district_request(province, provincial_admin, district_tree, indicators):
    t = district_tree
    template = services.create_template(
        unit=province, code="nam-2024", name="Báo cáo năm 2024",
        sections=services.standard_sections(indicators), by=provincial_admin,
    )  # fmt: skip
    return services.issue_request(
        unit=province, template=template, title="Báo cáo năm 2024", period="2024",
        deadline=date(2025, 1, 15),
        units=[t["district"], t["d1"], t["d2"], t["moved"], t["direct"]],
        by=provincial_admin, as_of=date(2024, 6, 1),
    )  # fmt: skip


def test_a_district_and_its_communes_both_accepted_count_the_districts_figure_once(
    district_request, district_tree, indicators, provincial_admin, reviewer
):
    t = district_tree
    members, rate = indicators
    request = district_request
    for unit, m, r in (
        (t["district"], "100", "5"),
        (t["d1"], "30", "9"),
        (t["d2"], "50", "7"),
        (t["moved"], "7", "1"),
        (t["direct"], "4", "3"),
    ):
        _hand_in(request, unit, provincial_admin, reviewer, {members: m, rate: r})
    result = selectors.consolidate(request, today=TODAY)
    assert result.on == date(2024, 12, 31)
    assert {u.pk for u in result.rows} == {t["district"].pk, t["direct"].pk}
    assert result.totals[members.pk] == selectors.Cell(Decimal(104), 2)
    assert result.totals[rate.pk] == selectors.Cell(Decimal(4), 2)
    assert result.cells[(members.pk, t["district"].pk)] == selectors.Cell(Decimal(100), 1)
    assert result.cells[(members.pk, t["direct"].pk)] == selectors.Cell(Decimal(4), 1)

    def units(found):
        return sorted((s.submission.unit.code, s.value) for s in found)

    assert units(selectors.sources(request, members, row=t["district"], today=TODAY)) == [
        ("H-MA", Decimal(100))
    ]
    assert units(selectors.sources(request, members, today=TODAY)) == [
        ("H-MA", Decimal(100)),
        ("X-TM", Decimal(4)),
    ]


def test_a_district_supersedes_its_communes_indicator_by_indicator(
    district_request, district_tree, indicators, provincial_admin, reviewer
):
    """The district left the rate blank: its communes' rates count, its members' total
    replaces theirs."""
    t = district_tree
    members, rate = indicators
    request = district_request
    _hand_in(request, t["district"], provincial_admin, reviewer, {members: "100"})
    _hand_in(request, t["d1"], provincial_admin, reviewer, {members: "30", rate: "9"})
    _hand_in(request, t["d2"], provincial_admin, reviewer, {members: "50", rate: "7"})
    result = selectors.consolidate(request, today=TODAY)
    assert result.cells[(members.pk, t["district"].pk)] == selectors.Cell(Decimal(100), 1)
    assert result.cells[(rate.pk, t["district"].pk)] == selectors.Cell(Decimal(8), 2)
    found = selectors.sources(request, rate, row=t["district"], today=TODAY)
    assert sorted((s.submission.unit.code, s.value) for s in found) == sorted(
        [(t["d1"].code, Decimal(9)), (t["d2"].code, Decimal(7))]
    )
    found = selectors.sources(request, members, today=TODAY)
    assert [s.submission.unit.code for s in found] == [t["district"].code]


def test_rows_are_the_issuers_children_as_the_period_ended(
    district_request, district_tree, indicators, provincial_admin, reviewer
):
    """Nà Tấu was under the province when the request was sent and under the district from
    1/10/2024: it is counted in the district's row. The district handed in, not accepted yet,
    so its communes' figures count."""
    t = district_tree
    members, _rate = indicators
    request = district_request
    _hand_in(request, t["district"], provincial_admin, reviewer, {members: "999"}, accept=False)
    for unit, m in ((t["d1"], "30"), (t["d2"], "50"), (t["moved"], "7"), (t["direct"], "4")):
        _hand_in(request, unit, provincial_admin, reviewer, {members: m})
    result = selectors.consolidate(request, today=TODAY)
    assert {u.pk for u in result.rows} == {t["district"].pk, t["direct"].pk}
    assert result.cells[(members.pk, t["district"].pk)] == selectors.Cell(Decimal(87), 3)
    assert result.cells[(members.pk, t["direct"].pk)] == selectors.Cell(Decimal(4), 1)
    assert result.totals[members.pk] == selectors.Cell(Decimal(91), 4)
    found = selectors.sources(request, members, row=t["district"], today=TODAY)
    assert sorted((s.submission.unit.code, s.value) for s in found) == [
        ("X-AC", Decimal(50)),
        ("X-AN", Decimal(30)),
        ("X-NT", Decimal(7)),
    ]
    assert sum(s.value for s in selectors.sources(request, members, today=TODAY)) == 91


# --- Restated to today's units ---------------------------------------------------------------


@pytest.fixture
def bac_kan_request(bac_kan, indicators):
    """Tỉnh ủy Bắc Kạn's 2024 request to its three communes (sent, as the province no longer
    exists, by Tỉnh ủy Thái Nguyên's admin, who carries it on); all three accepted."""
    t = bac_kan
    members, rate = indicators
    template = services.create_template(
        unit=t["bac_kan"], code="nam-2024", name="Báo cáo năm 2024",
        sections=services.standard_sections(indicators), by=t["admin"],
    )  # fmt: skip
    request = services.issue_request(
        unit=t["bac_kan"], template=template, title="Báo cáo năm 2024", period="2024",
        deadline=date(2025, 1, 15), units=[t["a"], t["b"], t["c"]], by=t["admin"],
        as_of=date(2024, 6, 1),
    )  # fmt: skip
    for unit, m, r in ((t["a"], "5", "10"), (t["b"], "7", "20"), (t["c"], "11", "30")):
        _hand_in(request, unit, t["editor"], t["reviewer"], {members: m, rate: r})
    return request


def test_as_it_stood_the_rows_are_bac_kans_children_of_2024(bac_kan, bac_kan_request, indicators):
    t = bac_kan
    members, rate = indicators
    result = selectors.consolidate(bac_kan_request, restated=False, today=TODAY)
    assert (result.top, result.on) == (t["bac_kan"], date(2024, 12, 31))
    assert {u.pk for u in result.rows} == {t["ba_be"].pk, t["c"].pk}
    assert result.cells[(members.pk, t["ba_be"].pk)] == selectors.Cell(Decimal(12), 2)
    assert result.cells[(members.pk, t["c"].pk)] == selectors.Cell(Decimal(11), 1)
    assert result.cells[(rate.pk, t["ba_be"].pk)].value == Decimal(15)
    assert result.totals[members.pk] == selectors.Cell(Decimal(23), 3)
    assert result.totals[rate.pk].value == Decimal(20)
    found = selectors.sources(bac_kan_request, members, row=t["ba_be"], today=TODAY)
    assert sorted(s.submission.unit.code for s in found) == ["X-A", "X-B"]


def test_restated_the_top_is_thai_nguyen_and_the_merged_commune_holds_the_old_ones(
    bac_kan, bac_kan_request, indicators
):
    t = bac_kan
    members, rate = indicators
    result = selectors.consolidate(bac_kan_request, restated=True, today=TODAY)
    assert (result.top, result.on) == (t["thai_nguyen"], TODAY)
    assert [u.pk for u in result.rows] == [t["new"].pk]
    assert result.cells[(members.pk, t["new"].pk)] == selectors.Cell(Decimal(23), 3)
    assert result.cells[(rate.pk, t["new"].pk)].value == Decimal(20)
    assert result.totals[members.pk] == selectors.Cell(Decimal(23), 3)
    row = selectors.sources(bac_kan_request, members, row=t["new"], restated=True, today=TODAY)
    total = selectors.sources(bac_kan_request, members, restated=True, today=TODAY)
    assert sorted((s.submission.unit.code, s.value) for s in row) == [
        ("X-A", Decimal(5)),
        ("X-B", Decimal(7)),
        ("X-C", Decimal(11)),
    ]
    assert sorted(s.submission.pk for s in total) == sorted(s.submission.pk for s in row)
    # The numbers shown are the sums of their sources.
    assert sum(s.value for s in row) == result.cells[(members.pk, t["new"].pk)].value


def test_sources_list_exactly_what_a_cell_and_the_total_count(
    report_request, commune_a, commune_b, editor_a, editor_b, reviewer, indicators
):
    members, rate = indicators
    _hand_in(report_request, commune_a, editor_a, reviewer, {members: "12", rate: "8,5"})
    _hand_in(report_request, commune_b, editor_b, reviewer, {rate: "4,5"})
    # A later amendment, not yet accepted, is not a source.
    a = Submission.objects.get(request=report_request, unit=commune_a)
    a = services.amend(submission=a, by=editor_a, version=a.version)
    services.save_draft(submission=a, by=editor_a, values={members.pk: "99"}, version=a.version)
    result = selectors.consolidate(report_request, today=TODAY)

    def listed(indicator, row=None):
        found = selectors.sources(report_request, indicator, row=row, today=TODAY)
        return [(s.submission.unit.code, s.value, s.submission.accepted.number) for s in found]

    assert listed(members) == [("X25-A", Decimal(12), 1)]
    assert listed(members, commune_b) == []
    assert sorted(listed(rate)) == [("X25-A", Decimal("8.5"), 1), ("X25-B", Decimal("4.5"), 1)]
    assert listed(rate, commune_b) == [("X25-B", Decimal("4.5"), 1)]
    for indicator in (members, rate):
        assert len(listed(indicator)) == result.totals[indicator.pk].reporters
    assert sum(v for _u, v, _n in listed(members)) == result.totals[members.pk].value


# --- Completeness ------------------------------------------------------------------------------


def test_completeness_counts_on_time_late_missing_and_waiting(
    report_request, province, commune_a, commune_b, editor_a, editor_b, provincial_admin,
    indicators, clock,
):  # fmt: skip
    members, _rate = indicators
    # Two more communes asked: one never answers, one is given until the end of the month.
    c = _commune("X25-C", "Đảng ủy xã Nà Nhạn", province)
    d = _commune("X25-D", "Đảng ủy xã Pá Khoang", province)
    request = services.issue_request(
        unit=province, template=report_request.template, title="Báo cáo năm 2026 (4 xã)",
        period="2026", deadline=date(2026, 12, 15), units=[commune_a, commune_b, c, d],
        by=provincial_admin, as_of=date(2026, 12, 1),
    )  # fmt: skip
    clock(datetime(2026, 12, 15, 22, tzinfo=VN))
    _hand_in(request, commune_a, editor_a, None, {members: "1"}, accept=False)
    clock(datetime(2026, 12, 18, 8, tzinfo=VN))
    _hand_in(request, commune_b, editor_b, None, {members: "2"}, accept=False)
    waiting = Submission.objects.get(request=request, unit=d)
    services.extend_deadline(
        submission=waiting, deadline=date(2026, 12, 31), by=provincial_admin,
        version=waiting.version,
    )  # fmt: skip
    done = selectors.completeness(request, today=TODAY)
    assert done.by_state == {
        Timeliness.ON_TIME: 1,
        Timeliness.LATE: 1,
        Timeliness.MISSING: 1,
        Timeliness.WAITING: 1,
    }
    assert done.by_status[Status.SUBMITTED] == 2
    assert done.by_status[Status.PENDING] == 2
    assert (done.rate, done.on_time_rate) == (Decimal("50.0"), Decimal("25.0"))
    assert {row.unit.code: row.state for row in done.rows} == {
        "X25-A": Timeliness.ON_TIME,
        "X25-B": Timeliness.LATE,
        "X25-C": Timeliness.MISSING,
        "X25-D": Timeliness.WAITING,
    }
    assert done.tree.unit == province
    assert sum(done.tree.counts.values()) == 4
    assert {n.unit.code for n in done.tree.children} == {"X25-A", "X25-B", "X25-C", "X25-D"}
    # The reviewer's view is the same; a commune's editor sees only its own row.
    mine = selectors.completeness(request, user=editor_a, today=TODAY, tree=False)
    assert [row.unit for row in mine.rows] == [commune_a]


def test_the_completeness_tree_counts_each_recipient_on_its_branch(
    district_request, district_tree, indicators, provincial_admin, reviewer, clock
):
    t = district_tree
    members, _rate = indicators
    request = district_request
    clock(datetime(2025, 1, 10, 9, tzinfo=VN))
    _hand_in(request, t["d1"], provincial_admin, reviewer, {members: "1"})
    _hand_in(request, t["direct"], provincial_admin, reviewer, {members: "1"}, accept=False)
    clock(datetime(2025, 1, 20, 9, tzinfo=VN))
    _hand_in(request, t["d2"], provincial_admin, reviewer, {members: "1"}, accept=False)
    district = Submission.objects.get(request=request, unit=t["district"])
    services.extend_deadline(
        submission=district, deadline=date(2025, 2, 28), by=provincial_admin,
        version=district.version,
    )  # fmt: skip
    # Nà Tấu (moved into the district in October) hands in nothing.
    done = selectors.completeness(request, today=date(2025, 1, 25))
    root = done.tree
    assert root.unit == request.unit
    assert dict(root.counts) == {
        Timeliness.ON_TIME: 2,
        Timeliness.LATE: 1,
        Timeliness.MISSING: 1,
        Timeliness.WAITING: 1,
    }
    # As the tree stood on the request's day (1/6/2024), Nà Tấu was still under the province.
    branches = {n.unit.code: n for n in root.children}
    assert set(branches) == {"H-MA", "X-TM", "X-NT"}
    district_node = branches["H-MA"]
    assert district_node.submission.unit == t["district"]
    assert {n.unit.code for n in district_node.children} == {"X-AN", "X-AC"}
    assert dict(district_node.counts) == {
        Timeliness.ON_TIME: 1,
        Timeliness.LATE: 1,
        Timeliness.WAITING: 1,
    }
    assert dict(branches["X-NT"].counts) == {Timeliness.MISSING: 1}
    assert dict(branches["X-TM"].counts) == {Timeliness.ON_TIME: 1}
    assert sum(root.counts.values()) == len(done.rows) == 5


# --- The compiled report ---------------------------------------------------------------------


@pytest.fixture
def commended_case(commune_a, editor_a, reviewer):
    """One exemplary case of Mường Luân in 2026, commended by the province."""
    from lamtheo.honours import services as honours
    from lamtheo.honours.models import Field, Form

    case = honours.nominate_case(
        unit=commune_a, kind="collective", name="Đoàn Thanh niên xã Mường Luân",
        field=Field.objects.get(code="thien-nguyen"), year=2026,
        title="Đổ bê tông đường bản Trung Tâm", by=editor_a,
    )  # fmt: skip
    case = honours.verify_case(case=case, by=reviewer, version=case.version)
    honours.commend_case(
        case=case, form=Form.objects.get(code="bang-khen-tinh"), level="province",
        issuer_name="Ban Thường vụ Tỉnh ủy Điện Biên", decision="Quyết định số 123-QĐ/TU",
        decided_on=date(2026, 5, 19), by=reviewer, version=case.version,
    )  # fmt: skip
    return case


def _blocks(body, kind):
    return [b for b in body if b["t"] == kind]


def test_the_compiled_report_names_each_narrative_fills_the_figures_and_links_every_number(
    report_request, template, commune_a, commune_b, editor_a, editor_b, reviewer,
    provincial_admin, indicators, commended_case,
):  # fmt: skip
    members, rate = indicators
    sections = {s.role: s for s in template.sections.filter(kind="narrative")}
    a = _hand_in(
        report_request, commune_a, editor_a, reviewer, {members: "12", rate: "8,5"},
        {sections["results"].pk: "Có {{cases_commended}} điển hình được khen thưởng.\n\n"
         "Kết nạp 12 đảng viên, {{khong_co}}.",
         sections["limitations"].pk: "Một số chi bộ sinh hoạt chưa đều."},
    )  # fmt: skip
    b = _hand_in(
        report_request, commune_b, editor_b, reviewer, {members: "9", rate: "4,5"},
        {sections["results"].pk: "Phong trào thi đua sôi nổi."},
    )  # fmt: skip
    report = services.consolidate(request=report_request, by=provincial_admin, today=TODAY)
    body = report.body
    assert [h["text"] for h in _blocks(body, "heading")] == [
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "II. MỘT SỐ KẾT QUẢ NỔI BẬT",
        "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "IV. HẠN CHẾ",
        "V. NGUYÊN NHÂN",
        "VI. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI",
    ]
    link_a = reverse("reporting:submission", args=[a.pk])
    link_b = reverse("reporting:submission", args=[b.pk])
    paragraphs = [(p["text"], p.get("source"), p.get("link")) for p in _blocks(body, "paragraph")]
    missing = "Chưa có đơn vị nào báo cáo phần này."
    assert paragraphs == [
        # The figure quoted in a narrative is filled in; an unknown key is left for the author.
        ("Có 1 điển hình được khen thưởng.", "Đảng ủy xã Mường Luân", link_a),
        ("Kết nạp 12 đảng viên, {{khong_co}}.", "Đảng ủy xã Mường Luân", link_a),
        ("Phong trào thi đua sôi nổi.", "Đảng ủy xã Mường Phăng", link_b),
        ("Một số chi bộ sinh hoạt chưa đều.", "Đảng ủy xã Mường Luân", link_a),
        (missing, None, None),
        (missing, None, None),
    ]

    tables = _blocks(body, "table")
    figures, totals, by_unit = tables
    assert figures["rows"] == [
        ["1", "Điển hình tiên tiến được biểu dương, khen thưởng", "điển hình", "1"]
    ]
    stats = urlsplit(figures["links"][0][3])
    assert stats.path == reverse("honours:stats")
    assert parse_qs(stats.query) == {
        "don-vi": ["T11"],
        "tu": ["2026"],
        "den": ["2026"],
        "dem": ["commended"],
    }
    assert totals["rows"] == [
        ["1", "Đảng viên mới kết nạp", "người", "21", "2"],
        ["2", "Tỷ lệ hộ nghèo", "%", "6,5", "2"],
    ]
    sources = reverse("reporting:sources", args=[report_request.pk])
    assert [row[3] for row in totals["links"]] == [
        f"{sources}?chi-tieu={members.pk}",
        f"{sources}?chi-tieu={rate.pk}",
    ]
    assert by_unit["header"] == ["Đơn vị", "Đảng viên mới kết nạp", "Tỷ lệ hộ nghèo"]
    assert sorted(by_unit["rows"]) == [
        ["Đảng ủy xã Mường Luân", "12", "8,5"],
        ["Đảng ủy xã Mường Phăng", "9", "4,5"],
    ]
    for row, links in zip(by_unit["rows"], by_unit["links"], strict=True):
        unit = commune_a if row[0].endswith("Mường Luân") else commune_b
        assert links[1:] == [
            f"{sources}?chi-tieu={members.pk}&hang={unit.pk}",
            f"{sources}?chi-tieu={rate.pk}&hang={unit.pk}",
        ]
    [chart] = _blocks(body, "chart")
    assert sorted(map(list, chart["bars"])) == [
        ["Đảng ủy xã Mường Luân", 12.0],
        ["Đảng ủy xã Mường Phăng", 9.0],
    ]

    # Every figure in every table carries its link (the row numbers and counts of units
    # reporting are not figures).
    for table in tables:
        for r, row in enumerate(table["rows"]):
            for c in table["numeric"]:
                if table["header"][c] in ("STT", "Số đơn vị báo cáo") or not row[c]:
                    continue
                assert table["links"][r][c], (table["caption"], row, c)

    # Consolidated again, the header the unit set is kept.
    report = services.update_report(
        report=report, by=provincial_admin, version=report.version, number="12-BC/TU",
        place="Điện Biên", signed_on=date(2026, 12, 20), issuer="TỈNH ỦY ĐIỆN BIÊN",
        abstract="Báo cáo năm 2026",
    )  # fmt: skip
    again = services.consolidate(request=report_request, by=provincial_admin, today=TODAY)
    assert (again.pk, again.number, again.version) == (report.pk, "12-BC/TU", report.version + 1)


def test_the_figures_row_is_a_number_even_when_nothing_was_commended(
    report_request, commune_a, editor_a, reviewer, provincial_admin, indicators
):
    members, _rate = indicators
    _hand_in(report_request, commune_a, editor_a, reviewer, {members: "3"})
    body = services.consolidate(request=report_request, by=provincial_admin, today=TODAY).body
    figures = _blocks(body, "table")[0]
    assert [row[3] for row in figures["rows"]] == ["0"]
    assert figures["links"][0][3]


def test_only_the_issuing_units_writers_consolidate(report_request, editor_a, reviewer):
    with pytest.raises(services.ReportingError) as refused:
        services.consolidate(request=report_request, by=editor_a)
    assert refused.value.field == "unit"
    with pytest.raises(services.ReportingError):
        services.consolidate(request=report_request, by=reviewer)
