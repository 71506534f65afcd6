"""The evaluation pages through the test client: a criteria set built from an outline typed or
uploaded, its errors named by line or row with nothing saved, a set in use revised into v2; a
round opened for the province's communes with its scale and quota, changed and published; the
ranking with ties, grades, the distribution and a quota breach; who may not see a round."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from lamtheo.documents.tests.conftest import register
from lamtheo.org import services as org
from lamtheo.oversight import services
from lamtheo.oversight.models import CriteriaSet, Criterion, Evaluation, Round

pytestmark = pytest.mark.django_db

OUTLINE = """1 | Công tác lãnh đạo, chỉ đạo
1.1 | Ban hành kế hoạch thực hiện | 7,5 | Kế hoạch của cấp ủy | 01-KL/TW
1.2 | Tổ chức học tập, quán triệt | 22,5 | Báo cáo, danh sách

2 | Kết quả thực hiện | 70
2.1 | Xây dựng, nhân rộng điển hình | 40 | | 01-KL/TW; 21-KL/TW
2.2 | Kiểm tra, giám sát | 30
"""


def _url(name, *args) -> str:
    return reverse(f"oversight:{name}", args=args)


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def central_documents(db):
    central = org.create_unit(
        code="TW", name="Ban Chấp hành Trung ương Đảng", kind="central", valid_from=date(1930, 2, 3)
    )
    kl01 = register(
        central,
        "ket-luan",
        "01-KL/TW",
        date(2021, 5, 18),
        "Về tiếp tục thực hiện Chỉ thị 05",
        is_public=True,
    )
    kl21 = register(
        central,
        "ket-luan",
        "21-KL/TW",
        date(2021, 10, 25),
        "Về đẩy mạnh xây dựng, chỉnh đốn Đảng",
        is_public=True,
    )
    return {"kl01": kl01, "kl21": kl21}


def _create(client, province, **extra):
    data = {
        "unit": province.pk,
        "code": "kl01-2024",
        "name": "Tiêu chí đánh giá thực hiện Kết luận 01-KL/TW năm 2024",
        "sources": "01-KL/TW\n21-KL/TW",
        "outline": OUTLINE,
        **extra,
    }
    return client.post(_url("criteria_set_create"), data)


def test_a_criteria_set_is_built_from_the_outline_typed(
    client, provincial_admin, province, central_documents
):
    client.force_login(provincial_admin)
    assert client.get(_url("criteria_set_create")).status_code == 200
    response = _create(client, province)
    made = CriteriaSet.objects.get(code="kl01-2024")
    assert response.status_code == 302
    assert response["Location"] == _url("criteria_set", made.pk)
    rows = {c.code: c for c in made.criteria.all()}
    assert list(made.criteria.order_by("position").values_list("code", flat=True)) == [
        "1",
        "1.1",
        "1.2",
        "2",
        "2.1",
        "2.2",
    ]
    assert rows["1"].is_group
    assert rows["2"].is_group
    assert not rows["1.1"].is_group
    assert rows["1.1"].parent == rows["1"]
    assert rows["2.2"].parent == rows["2"]
    assert rows["1"].max_points == Decimal(30)
    assert rows["1.1"].max_points == Decimal("7.5")
    assert rows["1.1"].evidence == "Kế hoạch của cấp ủy"
    assert set(rows["2.1"].sources.all()) == set(central_documents.values())
    assert set(made.sources.all()) == set(central_documents.values())
    page = _text(client.get(_url("criteria_set", made.pk)))
    assert "<strong>Công tác lãnh đạo, chỉ đạo</strong>" in page
    assert "7,5" in page
    assert "22,5" in page
    assert 'class="title depth-1"' in page
    assert ">100<" in page  # the total of the set
    assert "21-KL/TW" in page
    assert _url("criteria_xlsx", made.pk) in page
    assert _url("criteria_set_edit", made.pk) in page
    listing = _text(client.get(_url("criteria_sets")))
    assert made.name in listing
    assert "Chưa dùng" in listing


def test_an_outline_error_names_the_line_and_keeps_the_input(
    client, provincial_admin, province, central_documents
):
    client.force_login(provincial_admin)
    typed = "1 | Lãnh đạo\n\n1.1 | Ban hành kế hoạch | 10\n3.1 | Mồ côi | 5\n"
    response = _create(client, province, outline=typed)
    assert response.status_code == 200
    errors = response.context["form"].errors["outline"]
    assert errors[0].startswith("Dòng 4: tiêu chí 3.1 nằm dưới mục 3")  # the blank line counts
    assert "Mồ côi | 5" in _text(response)  # what was typed is still there
    unknown = _create(client, province, outline="1 | Lãnh đạo | 10 | | 99-KL/TW\n2 | Khác | 7.5\n")
    errors = unknown.context["form"].errors["outline"]
    assert errors[0].startswith("Dòng 1:")
    assert "99-KL/TW" in errors[0]
    assert errors[1].startswith("Dòng 2:")
    assert "7.5" in errors[1]
    source = _create(client, province, sources="01-KL/TW\n144-QĐ/TW")
    assert source.context["form"].errors["sources"][0].startswith("Dòng 2:")
    assert "144-QĐ/TW" in source.context["form"].errors["sources"][0]
    assert not CriteriaSet.objects.exists()


def _workbook(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["Số thứ tự", "Nội dung tiêu chí", "Điểm tối đa", "Minh chứng", "Căn cứ"])
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    book.save(content)
    return SimpleUploadedFile(
        "tieu-chi.xlsx",
        content.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_an_outline_is_read_from_a_workbook_all_or_nothing(
    client, provincial_admin, province, central_documents
):
    client.force_login(provincial_admin)
    rows = [
        ["1", "Lãnh đạo, chỉ đạo", None, None, None],
        [1.1, "Ban hành kế hoạch", 10, "Kế hoạch", "01-KL/TW"],
        ["1.2", "Quán triệt", "7,5", None, None],
        ["2", "Kiểm tra", 82.5, None, None],
    ]
    response = _create(client, province, outline="", upload=_workbook(rows))
    made = CriteriaSet.objects.get(code="kl01-2024")
    assert response.status_code == 302
    points = dict(made.criteria.values_list("code", "max_points"))
    assert points == {"1": Decimal("17.5"), "1.1": 10, "1.2": Decimal("7.5"), "2": Decimal("82.5")}
    assert made.max_points == 100
    assert list(made.criteria.get(code="1.1").sources.all()) == [central_documents["kl01"]]

    bad = [*rows[:2], ["1.2", "Quán triệt", "nhiều", None, None], rows[3]]
    response = _create(client, province, code="khac", outline="", upload=_workbook(bad))
    errors = response.context["form"].errors["upload"]
    assert response.status_code == 200
    assert errors[0].startswith("Dòng 4, cột «Điểm tối đa»")
    orphan = [*rows, ["3.1", "Mồ côi", 5, None, None]]
    response = _create(client, province, code="khac", outline="", upload=_workbook(orphan))
    assert response.context["form"].errors["upload"][0].startswith("Dòng 6: tiêu chí 3.1")
    dated = [rows[0], [date(2025, 1, 1), "Quán triệt", 5, None, None]]
    response = _create(client, province, code="khac", outline="", upload=_workbook(dated))
    message = response.context["form"].errors["upload"][0]
    assert message.startswith("Dòng 3, cột «Số thứ tự»: Excel đã đổi số thứ tự thành ngày")
    assert not CriteriaSet.objects.filter(code="khac").exists()


def test_the_edit_page_shows_the_set_as_typed_and_saves_it_back(
    client, provincial_admin, province, central_documents
):
    client.force_login(provincial_admin)
    _create(client, province)
    made = CriteriaSet.objects.get()
    initial = client.get(_url("criteria_set_edit", made.pk)).context["form"].initial
    assert initial["sources"].splitlines() == ["01-KL/TW", "21-KL/TW"]
    lines = initial["outline"].splitlines()
    assert lines[1] == "1.1 | Ban hành kế hoạch thực hiện | 7,5 | Kế hoạch của cấp ủy | 01-KL/TW"
    assert lines[4] == "2.1 | Xây dựng, nhân rộng điển hình | 40 |  | 01-KL/TW; 21-KL/TW"
    response = client.post(_url("criteria_set_edit", made.pk), {**initial, "name": "Đã đổi tên"})
    assert response["Location"] == _url("criteria_set", made.pk)  # not in use: the same version
    made.refresh_from_db()
    assert made.name == "Đã đổi tên"
    assert made.number == 1
    assert made.criteria.count() == 6
    assert made.criteria.get(code="2.1").sources.count() == 2
    copy = client.get(_url("criteria_set_create") + f"?tu={made.pk}").context["form"]
    assert copy.initial["outline"] == initial["outline"]


def test_editing_a_set_in_use_makes_v2_and_the_round_keeps_v1(
    client, provincial_admin, criteria_set, evaluation_round
):
    client.force_login(provincial_admin)
    page = client.get(_url("criteria_set_edit", criteria_set.pk))
    assert "Bộ tiêu chí đang được dùng: lưu sẽ tạo phiên bản mới v2" in _text(page)
    outline = page.context["form"].initial["outline"]
    line = "1.1 | Ban hành kế hoạch thực hiện Kết luận 01-KL/TW | 10 | Kế hoạch"
    assert outline.splitlines()[1] == line
    changed = outline.replace("| 30", "| 25").replace("| 40", "| 45")
    response = client.post(
        _url("criteria_set_edit", criteria_set.pk),
        {
            "name": criteria_set.name,
            "sources": "",
            "outline": changed,
            "version": criteria_set.version,
        },
    )
    v2 = CriteriaSet.objects.get(code=criteria_set.code, number=2)
    assert response["Location"] == _url("criteria_set", v2.pk)
    assert v2.criteria.get(code="2.2").max_points == 25
    assert criteria_set.criteria.get(code="2.2").max_points == 30
    evaluation_round.refresh_from_db()
    assert evaluation_round.criteria_set_id == criteria_set.pk
    old = _text(client.get(_url("criteria_set", criteria_set.pk)))
    assert "Đã có phiên bản mới hơn: v2" in old
    assert evaluation_round.title in old
    listing = _text(client.get(_url("criteria_sets")))
    assert _url("criteria_set", criteria_set.pk) in listing  # v1 listed under v2
    # The old version is not revised: its edit page leads to the newest one.
    assert client.get(_url("criteria_set_edit", criteria_set.pk))["Location"] == _url(
        "criteria_set_edit", v2.pk
    )


def _round_data(province, criteria_set, **extra) -> dict:
    return {
        "unit": province.pk,
        "criteria_set": criteria_set.pk,
        "title": "Đánh giá thực hiện Kết luận 01-KL/TW năm 2025",
        "period": "2025",
        "self_deadline": "15/01/2030",
        "review_deadline": "31/01/2030",
        "rule": "children",
        "unit_kind": "",
        "as_of": "01/12/2025",
        "min_excellent": "85",
        "min_good": "70",
        "min_done": "50",
        "min_not_done": "0",
        "conditions": ["all_on_time"],
        "quota": "20",
        **extra,
    }


def test_a_round_is_opened_through_the_page(
    client, provincial_admin, province, criteria_set, commune_a, commune_b
):
    client.force_login(provincial_admin)
    form = client.get(_url("round_create") + f"?bo={criteria_set.pk}").context["form"]
    assert form["min_excellent"].value() == "90"
    assert form["quota"].value() is None
    assert form["conditions"].value() == ["all_on_time", "exceeded_30"]
    response = client.post(_url("round_create"), _round_data(province, criteria_set))
    opened = Round.objects.get()
    assert response["Location"] == _url("round", opened.pk)
    assert set(opened.evaluations.values_list("unit", flat=True)) == {commune_a.pk, commune_b.pk}
    assert opened.as_of == date(2025, 12, 1)
    assert opened.period == "2025"
    assert opened.scale[0] == {"grade": "excellent", "minimum": "85", "conditions": ["all_on_time"]}
    assert [b["minimum"] for b in opened.scale] == ["85", "70", "50", "0"]
    assert opened.quotas == {"excellent": "20"}
    criteria_set.refresh_from_db()
    assert criteria_set.in_use
    page = _text(client.get(_url("round", opened.pk)))
    assert "từ 85 điểm trở lên" in page
    assert "dưới 50 điểm" in page
    assert "Hoàn thành 100% chỉ tiêu, nhiệm vụ đúng tiến độ" in page
    assert "Tối đa 20% số đơn vị được xếp loại «Hoàn thành xuất sắc nhiệm vụ»" in page
    assert commune_a.name in page
    assert _url("sheet", opened.evaluations.first().pk) in page
    assert opened.title in _text(client.get(_url("rounds")))


def test_a_wrong_scale_or_period_opens_nothing(client, provincial_admin, province, criteria_set):
    client.force_login(provincial_admin)
    response = client.post(
        _url("round_create"), _round_data(province, criteria_set, min_good="90", period="2025-H3")
    )
    errors = response.context["form"].errors
    assert "Phải thấp hơn ngưỡng Hoàn thành xuất sắc nhiệm vụ (85 điểm)." in errors["min_good"]
    assert "2025-H3" in errors["period"][0]
    response = client.post(
        _url("round_create"), _round_data(province, criteria_set, rule="kind", unit_kind="cell")
    )
    assert response.context["form"].errors["rule"]
    assert not Round.objects.exists()


def test_a_round_is_changed_and_published_by_its_writers(
    client, provincial_admin, reviewer, evaluation_round, editor_a, commune_a
):
    sheet = evaluation_round.evaluations.get(unit=commune_a)
    leaves = {c.code: c.pk for c in Criterion.objects.filter(is_group=False)}
    services.submit(
        evaluation=sheet,
        by=editor_a,
        version=sheet.version,
        scores={pk: {"points": "9"} for pk in leaves.values()},
    )
    client.force_login(reviewer)  # a reviewer sees the round, changes nothing of it
    assert client.get(_url("round", evaluation_round.pk)).status_code == 200
    assert client.post(_url("round", evaluation_round.pk), {"action": "close"}).status_code == 404
    client.force_login(provincial_admin)
    data = {
        "action": "update",
        "title": "Đợt đã đổi tên",
        "self_deadline": "20/01/2030",
        "review_deadline": "10/02/2030",
        "min_excellent": "90",
        "min_good": "30",
        "min_done": "20",
        "min_not_done": "0",
        "quota": "",
        "version": evaluation_round.version,
    }
    assert client.post(_url("round", evaluation_round.pk), data).status_code == 302
    evaluation_round.refresh_from_db()
    assert evaluation_round.title == "Đợt đã đổi tên"
    assert evaluation_round.quotas == {}
    assert Evaluation.objects.get(pk=sheet.pk).grade == "good"  # 36 points, regraded
    stale = client.post(_url("round", evaluation_round.pk), {**data, "title": "Cũ"})
    assert "đã được người khác thay đổi" in _text(stale)
    close = {"action": "close", "version": evaluation_round.version}
    refused = client.post(_url("round", evaluation_round.pk), close, follow=True)
    assert "Còn 1 phiếu đã gửi chưa thẩm định xong." in _text(refused)
    evaluation_round.refresh_from_db()
    assert evaluation_round.state == "open"
    sheet.refresh_from_db()
    services.accept(evaluation=sheet, by=reviewer, version=sheet.version)
    client.post(_url("round", evaluation_round.pk), close)
    evaluation_round.refresh_from_db()
    assert evaluation_round.state == "closed"
    assert "Đã công bố kết quả" in _text(client.get(_url("round", evaluation_round.pk)))


def _unit(code, name, parent, kind="commune"):
    return org.create_unit(
        code=code, name=name, kind=kind, valid_from=date(2025, 7, 1), parent=parent
    )


def _open(unit, criteria_set, units, by, **extra):
    return services.open_round(
        unit=unit,
        criteria_set=criteria_set,
        title=extra.pop("title", "Đánh giá năm 2025"),
        period="2025",
        self_deadline=date(2030, 1, 15),
        review_deadline=date(2030, 1, 31),
        units=units,
        by=by,
        **extra,
    )


@pytest.fixture
def four_communes(province, commune_a, commune_b):
    more = [
        _unit("X25-C", "Đảng ủy xã Nà Tấu", province),
        _unit("X25-D", "Đảng ủy xã Thanh Nưa", province),
        _unit("X25-E", "Đảng ủy xã Pú Nhi", province),
    ]
    return [commune_a, commune_b, *more]


def _score(evaluation, points: dict, by, reviewer=None, conditions=()):
    leaves = {
        c.code: c.pk
        for c in Criterion.objects.filter(criteria_set=evaluation.round.criteria_set_id)
    }
    done = services.submit(
        evaluation=evaluation,
        by=by,
        version=evaluation.version,
        scores={leaves[code]: {"points": value} for code, value in points.items()},
    )
    if reviewer is not None:
        services.accept(
            evaluation=done, by=reviewer, version=done.version, conditions=list(conditions)
        )


def test_the_ranking_shows_ties_grades_the_distribution_and_a_breach(
    client, province, provincial_admin, reviewer, criteria_set, four_communes
):
    opened = _open(
        province, criteria_set, four_communes, provincial_admin, quotas={"excellent": "20"}
    )
    sheets = {e.unit.code: e for e in opened.evaluations.select_related("unit", "round")}
    both = ("all_on_time", "exceeded_30")
    high = {"1.1": "10", "1.2": "20", "2.1": "40", "2.2": "25"}  # 95
    _score(sheets["X25-A"], high, provincial_admin, reviewer, both)
    _score(sheets["X25-B"], high, provincial_admin, reviewer, both)
    _score(sheets["X25-C"], {**high, "2.2": "22"}, provincial_admin, reviewer, both)  # 92
    _score(sheets["X25-D"], {"1.1": "5", "1.2": "10", "2.1": "20", "2.2": "25"}, provincial_admin)
    client.force_login(reviewer)
    response = client.get(_url("ranking", opened.pk))
    page = _text(response)
    ranked = [(r.rank, r.evaluation.unit.code, r.grade) for r in response.context["rows"]]
    assert ranked == [
        (1, "X25-A", "excellent"),
        (1, "X25-B", "excellent"),
        (3, "X25-C", "excellent"),
        (4, "X25-D", "done"),
    ]
    names = [u.name for u in four_communes]
    assert page.index(names[0]) < page.index(names[2]) < page.index(names[3])
    assert page.count('status-submitted">chưa thẩm định') == 1  # D handed in, not accepted
    assert "Vượt tỷ lệ: 3 đơn vị xuất sắc, tối đa 0 (20%)." in page
    table = page[page.index('class="distribution"') :]
    cells = '</td><td class="num">'
    assert f"<td>Hoàn thành xuất sắc nhiệm vụ{cells}3{cells}75%</td>" in table
    assert f"<td>Hoàn thành nhiệm vụ{cells}1{cells}25%</td>" in table
    assert '<svg class="chart grades"' in page
    assert "3 (75%)" in page
    assert "bar grade-excellent" in page
    waiting = page[page.index("Đơn vị chưa gửi phiếu tự chấm") :]
    assert names[4] in waiting
    assert names[0] not in waiting
    assert _url("ranking_xlsx", opened.pk) in page


def test_the_percentages_keep_one_decimal(
    client, province, provincial_admin, reviewer, criteria_set, four_communes
):
    extra = [_unit(f"X25-{n}", f"Đảng ủy xã {n}", province) for n in ("F", "G", "H")]
    units = [*four_communes, *extra]
    opened = _open(province, criteria_set, units, provincial_admin, title="Tám xã")
    for index, sheet in enumerate(opened.evaluations.select_related("round")):
        value = "25" if index == 0 else "10"  # one good of eight, seven not done (45 points)
        points = {"1.1": "10", "1.2": "20", "2.1": "40" if index == 0 else "5", "2.2": value}
        _score(sheet, points, provincial_admin)
    client.force_login(reviewer)
    page = _text(client.get(_url("ranking", opened.pk)))
    assert '<td class="num">12,5%</td>' in page
    assert '<td class="num">87,5%</td>' in page


def test_a_commune_sees_its_sheet_not_the_provinces_round(
    client, editor_a, evaluation_round, commune_a, criteria_set
):
    client.force_login(editor_a)
    assert client.get(_url("round", evaluation_round.pk)).status_code == 404
    assert client.get(_url("ranking", evaluation_round.pk)).status_code == 404
    listing = _text(client.get(_url("rounds")))
    sheet = evaluation_round.evaluations.get(unit=commune_a)
    assert _url("round", evaluation_round.pk) not in listing
    assert _url("sheet", sheet.pk) in listing  # its own sheet to fill
    assert client.get(_url("criteria_set", criteria_set.pk)).status_code == 200  # set from above
    assert client.get(_url("criteria_set_edit", criteria_set.pk)).status_code == 404
    response = client.post(
        _url("round", evaluation_round.pk), {"action": "close", "version": evaluation_round.version}
    )
    assert response.status_code == 404


def test_a_round_of_commune_a_is_hidden_from_commune_b(
    client, commune_a, admin_a, editor_a, editor_b
):
    cell = _unit("CB-A1", "Chi bộ bản Mường Luân 1", commune_a, kind="cell")
    own = services.create_criteria_set(
        unit=commune_a,
        code="chi-bo",
        name="Tiêu chí chi bộ",
        criteria=[services.Node("1", "Sinh hoạt chi bộ", Decimal(100))],
        by=admin_a,
    )
    opened = _open(commune_a, own, [cell], admin_a, title="Đánh giá chi bộ 2025")
    client.force_login(editor_a)
    assert client.get(_url("round", opened.pk)).status_code == 200
    assert client.get(_url("ranking", opened.pk)).status_code == 200
    client.force_login(editor_b)
    for name in ("round", "ranking"):
        assert client.get(_url(name, opened.pk)).status_code == 404
    assert client.get(_url("criteria_set", own.pk)).status_code == 404
    assert opened.title not in _text(client.get(_url("rounds")))
    assert own.name not in _text(client.get(_url("criteria_sets")))
    response = client.post(
        _url("round_create"), _round_data(commune_a, own, quota="")
    )  # a unit not among editor B's
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert Round.objects.count() == 1
