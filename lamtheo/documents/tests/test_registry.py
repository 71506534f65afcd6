"""Registering documents: the number is read and held to its kind and unit, a number is used
once per register and term, the next free one is proposed, nothing is overwritten."""

from datetime import date

import pytest

from lamtheo.documents import selectors, services
from lamtheo.documents.domain import DocumentError
from lamtheo.documents.models import Document, Relation

from .conftest import register


def _draft(unit, **changes):
    values = {
        "unit": unit,
        "kind": "party:ke-hoach",
        "symbol": "130-KH/TU",
        "issued_on": date(2023, 1, 5),
        "title": "Kế hoạch tổ chức hội nghị quán triệt",
    }
    return services.Draft(**{**values, **changes})


def test_a_document_keeps_the_parts_of_its_number(provincial_plan):
    plan = Document.objects.get(pk=provincial_plan.pk)
    assert (plan.symbol, plan.number, plan.number_text) == ("129-KH/TU", 129, "129")
    assert (plan.type_code, plan.issuer_code, plan.style, plan.kind) == (
        "KH",
        "TU",
        "party",
        "ke-hoach",
    )
    assert plan.term == "2020-2025"
    assert plan.heading == "Kế hoạch số 129-KH/TU"
    assert plan.province_code == "11"  # the distribution key, from the issuing unit


def test_the_centre_numbers_by_its_own_terms(directives):
    assert directives["ct05"].term == "2016-2021"
    assert directives["kl01"].term == "2021-2026"
    assert directives["kl01"].symbol == "01-KL/TW"


@pytest.mark.parametrize(
    ("symbol", "words"),
    [
        ("05-CT-TW", "'/'"),  # the toolkit's message
        ("130-BC/TU", "Kế hoạch"),  # a report's code on a plan
        ("130-KH/HU", "Tỉnh ủy Điện Biên"),  # a district's code on the province's plan
        ("1-KH/TU", "01"),  # no leading zero below 10
    ],
)
def test_a_malformed_or_mismatched_number_is_refused_naming_the_field(
    province, provincial_admin, symbol, words
):
    with pytest.raises(DocumentError) as caught:
        services.create_document(draft=_draft(province, symbol=symbol), by=provincial_admin)
    assert caught.value.field == "symbol"
    assert words in str(caught.value)
    assert not Document.objects.exists()


def test_a_number_is_used_once_per_register_and_term_and_the_next_is_proposed(
    provincial_plan, province, provincial_admin
):
    with pytest.raises(DocumentError) as caught:
        services.create_document(draft=_draft(province, symbol="129-KH/TU"), by=provincial_admin)
    assert caught.value.field == "symbol"
    message = str(caught.value)
    assert "129-KH/TU" in message
    assert "2020-2025" in message
    assert "130-KH/TU" in message  # the next free number
    assert Document.objects.filter(symbol="129-KH/TU").count() == 1
    # The same number in the next term is another document.
    later = services.create_document(
        draft=_draft(province, symbol="129-KH/TU", issued_on=date(2025, 12, 1)),
        by=provincial_admin,
    )
    assert later.term == "2025-2030"


def test_the_next_free_number_is_proposed_per_kind_unit_and_term(provincial_plan, province):
    def propose(kind, day):
        return services.propose_symbol(unit=province, kind=kind, issued_on=day)

    assert propose("party:ke-hoach", date(2023, 1, 5)) == "130-KH/TU"
    assert propose("party:bao-cao", date(2023, 1, 5)) == "01-BC/TU"
    assert propose("party:ke-hoach", date(2026, 1, 5)) == "01-KH/TU"


def test_a_unit_issues_only_while_it_exists(commune_a, editor_a):
    with pytest.raises(DocumentError) as caught:
        services.create_document(
            draft=_draft(commune_a, symbol="01-KH/ĐU", issued_on=date(2024, 1, 1)), by=editor_a
        )
    assert caught.value.field == "issued_on"
    assert not Document.objects.exists()


def test_a_document_may_have_no_number(province):
    resolution = services.create_document(
        draft=_draft(province, kind="party:nghi-quyet", symbol="", title="Nghị quyết Đại hội"),
        by=None,
    )
    assert resolution.number is None
    assert resolution.symbol == ""
    assert resolution.heading == "Nghị quyết"


def test_an_edit_made_on_an_older_version_is_refused(provincial_plan, province, provincial_admin):
    seen = provincial_plan.version
    first = services.update_document(
        document=provincial_plan,
        draft=_draft(province, symbol="129-KH/TU", title="Trích yếu đã sửa"),
        version=seen,
        by=provincial_admin,
    )
    assert first.version == seen + 1
    with pytest.raises(DocumentError) as caught:
        services.update_document(
            document=provincial_plan,
            draft=_draft(province, symbol="129-KH/TU", title="Bản sửa thứ hai, đè lên bản trước"),
            version=seen,
            by=provincial_admin,
        )
    assert "đã được sửa" in str(caught.value)
    assert Document.objects.get(pk=provincial_plan.pk).title == "Trích yếu đã sửa"


def test_links_are_unique_and_never_to_itself(provincial_plan, directives, provincial_admin):
    kl01 = directives["kl01"]
    with pytest.raises(DocumentError):
        services.add_relation(
            source=provincial_plan, target=kl01, kind="implements", by=provincial_admin
        )
    with pytest.raises(DocumentError):
        services.add_relation(
            source=provincial_plan, target=provincial_plan, kind="cites", by=provincial_admin
        )
    assert Relation.objects.filter(source=provincial_plan).count() == 1


def test_the_chain_runs_from_the_directive_to_the_lowest_plan(
    provincial_plan, directives, province, provincial_admin, commune_a, editor_a
):
    district_plan = register(
        commune_a,
        "ke-hoach",
        "02-KH/ĐU",
        date(2025, 8, 1),
        "Thực hiện Kế hoạch số 129-KH/TU",
        relations=[("implements", provincial_plan)],
    )
    above, below = selectors.chain(provincial_plan, provincial_admin)
    assert [d.symbol for d in above] == ["05-CT/TW", "01-KL/TW"]
    assert [n.document.symbol for n in below] == ["02-KH/ĐU"]
    # From the top, the whole tree below, as far as the user may see.
    _, below = selectors.chain(directives["ct05"], provincial_admin)
    assert [n.document.symbol for n in below] == ["01-KL/TW"]
    assert [n.document.symbol for n in below[0].children] == ["129-KH/TU"]
    assert [n.document.symbol for n in below[0].children[0].children] == ["02-KH/ĐU"]
    above, _ = selectors.chain(district_plan, editor_a)
    assert [d.symbol for d in above] == ["05-CT/TW", "01-KL/TW", "129-KH/TU"]


def test_the_references_of_a_body_are_offered_as_links(
    provincial_plan, directives, provincial_admin
):
    report = register(
        provincial_plan.unit,
        "bao-cao",
        "15-BC/TU",
        date(2024, 5, 16),
        "Sơ kết 3 năm",
        body=(
            "Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị và Kế hoạch số "
            "129-KH/TU, ... Kết luận 01 đã đi vào cuộc sống. Quy định số 144-QĐ/TW chưa có."
        ),
        relations=[("reports_on", directives["kl01"])],
    )
    found = {s.symbol: s for s in selectors.references(report, provincial_admin)}
    assert set(found) == {"01-KL/TW", "129-KH/TU", "144-QĐ/TW"}
    assert found["01-KL/TW"].linked
    assert found["01-KL/TW"].date == date(2021, 5, 18)
    assert [c.pk for c in found["129-KH/TU"].candidates] == [provincial_plan.pk]
    assert not found["129-KH/TU"].linked
    assert found["144-QĐ/TW"].candidates == []


def test_what_a_user_sees(document_of_a, provincial_plan, directives, editor_a, editor_b):
    seen_by_a = set(Document.objects.visible_to(editor_a))
    seen_by_b = set(Document.objects.visible_to(editor_b))
    # The centre's public directives and the province's plan reach both communes...
    assert {directives["kl01"], provincial_plan} <= seen_by_a & seen_by_b
    # ...but a commune's own documents stay with it and the levels above.
    assert document_of_a in seen_by_a
    assert document_of_a not in seen_by_b
    assert not Document.objects.editable_by(editor_b).filter(pk=document_of_a.pk).exists()


def test_two_clerks_taking_the_same_number_at_once_are_told_not_doubled(
    provincial_plan, province, provincial_admin, monkeypatch
):
    """The second of two saves that both passed the check before either was stored meets the
    database's unique constraint, and gets the same message as a plain duplicate."""
    monkeypatch.setattr(services, "_check_free", lambda document: None)
    with pytest.raises(DocumentError) as caught:
        services.create_document(draft=_draft(province, symbol="129-KH/TU"), by=provincial_admin)
    assert caught.value.field == "symbol"
    assert "130-KH/TU" in str(caught.value)
    assert Document.objects.filter(symbol="129-KH/TU").count() == 1
