"""Who sees what of the oversight area, queryset by queryset: the province inspects both
communes, and commune A inspects and evaluates a cell of its own (the generic tests' records).
A commune never reads what was found in, recommended to or scored for its neighbour."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from lamtheo.conftest import _role, _user
from lamtheo.org import services as org
from lamtheo.oversight import services
from lamtheo.oversight.models import (
    CriteriaSet,
    Evaluation,
    Finding,
    Inspection,
    Programme,
    Recommendation,
    Round,
)
from lamtheo.oversight.services import FindingSpec

from .records import make_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(
    inspection,
    recommendations,
    evaluation_round,
    criteria_set,
    province,
    commune_a,
    commune_b,
    provincial_admin,
    editor_a,
):
    """The province's inspection of both communes with a general finding and one about each,
    its round and programme; commune A's own records about its cell."""
    services.set_findings(
        inspection=inspection,
        by=provincial_admin,
        version=inspection.version,
        findings=[
            FindingSpec("results", "Chung cho cả hai xã"),
            FindingSpec("limitations", "Riêng xã A", unit=commune_a),
            FindingSpec("limitations", "Riêng xã B", unit=commune_b),
        ],
    )
    services.create_programme(
        unit=province, year=2026, title="Chương trình của Tỉnh ủy", by=provincial_admin
    )
    cell = org.create_unit(
        code="X25-A-CB1",
        name="Chi bộ thôn 1",
        kind="cell",
        valid_from=date(2025, 7, 1),
        parent=commune_a,
    )
    own = make_records(commune_a, editor_a, cell)
    return {
        "a_rec": recommendations[0],
        "b_rec": recommendations[1],
        "cell": cell,
        "own": own,
        "province_inspection": inspection,
        "a_inspection": Inspection.objects.get(pk=own["inspection"]),
        "cell_rec": Recommendation.objects.get(pk=own["recommendation"]),
    }


@pytest.fixture
def nobody(db):
    return _user("khong_vai_tro", "Người chưa có vai trò")


@pytest.fixture
def cell_editor(world):
    return _role(_user("chi_bo", "Bí thư chi bộ"), world["cell"], "editor")


def _texts(queryset):
    return sorted(queryset.values_list("text", flat=True))


def test_inspections_are_seen_by_the_inspecting_and_the_inspected_units(
    world, provincial_admin, editor_a, editor_b, reviewer, nobody, superuser
):
    both, own = world["province_inspection"], world["a_inspection"]
    assert set(Inspection.objects.visible_to(provincial_admin)) == {both, own}
    assert set(Inspection.objects.visible_to(reviewer)) == {both, own}
    assert set(Inspection.objects.visible_to(editor_a)) == {both, own}
    assert list(Inspection.objects.visible_to(editor_b)) == [both]
    assert Inspection.objects.visible_to(superuser).count() == 2
    for blind in (nobody, AnonymousUser()):
        assert not Inspection.objects.visible_to(blind).exists()
        assert not Inspection.objects.editable_by(blind).exists()
    # Only the inspecting unit's writers (and above) write it.
    assert set(Inspection.objects.editable_by(provincial_admin)) == {both, own}
    assert list(Inspection.objects.editable_by(editor_a)) == [own]
    assert not Inspection.objects.editable_by(editor_b).exists()
    assert not Inspection.objects.editable_by(reviewer).exists()


def test_an_inspected_cell_sees_its_inspection_not_its_communes(world, cell_editor):
    assert list(Inspection.objects.visible_to(cell_editor)) == [world["a_inspection"]]
    assert _texts(Recommendation.objects.visible_to(cell_editor)) == [
        "Tổ chức học tập chuyên đề năm 2026"
    ]
    assert not Evaluation.objects.filter(round__unit__code="T11").visible_to(cell_editor).exists()


def test_a_finding_about_one_unit_is_that_units_and_a_general_one_every_inspected_units(
    world, provincial_admin, editor_a, editor_b, nobody
):
    a_own = [
        "Cấp ủy đã ban hành kế hoạch thực hiện kịp thời.",
        "Chưa sâu sát trong chỉ đạo.",
        "Chưa tổ chức học tập chuyên đề.",
    ]
    assert _texts(Finding.objects.visible_to(editor_a)) == sorted(
        ["Chung cho cả hai xã", "Riêng xã A", *a_own]
    )
    assert _texts(Finding.objects.visible_to(editor_b)) == ["Chung cho cả hai xã", "Riêng xã B"]
    assert Finding.objects.visible_to(provincial_admin).count() == 6
    assert not Finding.objects.visible_to(nobody).exists()
    assert not Finding.objects.visible_to(AnonymousUser()).exists()


def test_a_recommendation_is_seen_by_its_owner_and_the_inspecting_unit_only(
    world, provincial_admin, editor_a, editor_b, admin_a, reviewer, nobody
):
    a, b, cell = world["a_rec"], world["b_rec"], world["cell_rec"]
    assert set(Recommendation.objects.visible_to(editor_a)) == {a, cell}
    assert list(Recommendation.objects.visible_to(editor_b)) == [b]
    assert set(Recommendation.objects.visible_to(provincial_admin)) == {a, b, cell}
    for blind in (nobody, AnonymousUser()):
        assert not Recommendation.objects.visible_to(blind).exists()
        assert not Recommendation.objects.answerable_by(blind).exists()
        assert not Recommendation.objects.judgeable_by(blind).exists()
    # The owner (and above) answers; the inspecting unit judges.
    assert set(Recommendation.objects.answerable_by(editor_a)) == {a, cell}
    assert list(Recommendation.objects.answerable_by(editor_b)) == [b]
    assert not Recommendation.objects.answerable_by(reviewer).exists()
    assert set(Recommendation.objects.judgeable_by(reviewer)) == {a, b, cell}
    assert list(Recommendation.objects.judgeable_by(admin_a)) == [cell]
    assert not Recommendation.objects.judgeable_by(editor_b).exists()


def test_a_sheet_is_seen_by_its_unit_and_the_rounds_unit(
    world,
    evaluation_round,
    commune_a,
    commune_b,
    provincial_admin,
    editor_a,
    editor_b,
    admin_a,
    reviewer,
    nobody,
):
    a = Evaluation.objects.get(round=evaluation_round, unit=commune_a)
    b = Evaluation.objects.get(round=evaluation_round, unit=commune_b)
    cell = Evaluation.objects.get(pk=world["own"]["evaluation"])
    assert set(Evaluation.objects.visible_to(editor_a)) == {a, cell}
    assert list(Evaluation.objects.visible_to(editor_b)) == [b]
    assert set(Evaluation.objects.visible_to(provincial_admin)) == {a, b, cell}
    assert set(Evaluation.objects.reviewable_by(reviewer)) == {a, b, cell}
    assert list(Evaluation.objects.reviewable_by(admin_a)) == [
        cell
    ]  # A's round, not the province's
    assert not Evaluation.objects.reviewable_by(editor_a).exists()  # an editor does not review
    assert not Evaluation.objects.reviewable_by(editor_b).exists()
    for blind in (nobody, AnonymousUser()):
        assert not Evaluation.objects.visible_to(blind).exists()
        assert not Evaluation.objects.reviewable_by(blind).exists()


def test_rounds_and_programmes_are_their_units_and_seen_from_above(
    world, evaluation_round, provincial_admin, editor_a, editor_b, nobody
):
    own_round = Round.objects.get(pk=world["own"]["evaluation_round"])
    own_programme = Programme.objects.get(pk=world["own"]["inspection_programme"])
    assert set(Round.objects.visible_to(provincial_admin)) == {evaluation_round, own_round}
    assert list(Round.objects.visible_to(editor_a)) == [own_round]
    assert not Round.objects.visible_to(editor_b).exists()
    assert Programme.objects.visible_to(provincial_admin).count() == 2
    assert list(Programme.objects.visible_to(editor_a)) == [own_programme]
    assert not Programme.objects.visible_to(editor_b).exists()
    assert list(Round.objects.editable_by(editor_a)) == [own_round]
    assert not Programme.objects.editable_by(editor_b).exists()
    for blind in (nobody, AnonymousUser()):
        assert not Round.objects.visible_to(blind).exists()
        assert not Programme.objects.visible_to(blind).exists()


def test_a_criteria_set_reaches_the_units_below_its_own_not_its_neighbours(
    world, criteria_set, provincial_admin, editor_a, editor_b, cell_editor, nobody
):
    own = CriteriaSet.objects.get(pk=world["own"]["criteria_set"])
    assert set(CriteriaSet.objects.visible_to(editor_a)) == {criteria_set, own}
    assert set(CriteriaSet.objects.visible_to(cell_editor)) == {criteria_set, own}
    assert list(CriteriaSet.objects.visible_to(editor_b)) == [criteria_set]
    assert set(CriteriaSet.objects.visible_to(provincial_admin)) == {criteria_set, own}
    assert list(CriteriaSet.objects.editable_by(editor_a)) == [own]
    assert not CriteriaSet.objects.editable_by(editor_b).exists()
    assert not CriteriaSet.objects.visible_to(nobody).exists()
    assert not CriteriaSet.objects.visible_to(AnonymousUser()).exists()


def test_a_deactivated_user_sees_nothing(world, editor_a):
    editor_a.is_active = False
    editor_a.save()
    for model in (Inspection, Finding, Recommendation, Evaluation, Round, Programme, CriteriaSet):
        assert not model.objects.visible_to(editor_a).exists(), model
