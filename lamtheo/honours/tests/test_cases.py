"""The workflow of an exemplary case through the services: nominated, verified, commended with
a decision number read by the toolkit, replicated, returned and sent again, published; each
step only by a user with the role, from the version the user saw."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.files.models import Attachment
from lamtheo.honours import services
from lamtheo.honours.domain import HonoursError
from lamtheo.honours.models import Case, Commendation, Field, Form, Replication

from .test_domain import PNG


def nominate(unit, by, field, **extra):
    values = {
        "kind": "collective",
        "name": "Đoàn Thanh niên xã Mường Luân",
        "year": 2026,
        "title": "Đổ bê tông đường bản Trung Tâm",
        "story": "Đoàn viên góp công làm 300 m đường bê tông.",
    } | extra
    return services.nominate_case(unit=unit, field=field, by=by, **values)


def test_a_case_goes_from_nomination_to_replication(
    province, commune_a, commune_b, editor_a, reviewer, charity, bang_khen, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("anh.png", PNG, content_type="image/png")
    case = nominate(commune_a, editor_a, charity, uploads=[photo])
    assert (case.status, case.version, case.year_end) == ("proposed", 1, date(2026, 12, 31))
    assert Attachment.objects.get(owner_id=str(case.pk)).extension == ".png"
    case = services.verify_case(case=case, by=reviewer, version=1)
    assert (case.status, case.verified_by) == ("verified", reviewer)
    given = services.commend_case(
        case=case,
        form=bang_khen,
        level="province",
        issuer=province,
        issuer_name="Ban Thường vụ Tỉnh ủy Điện Biên",
        decision="Quyết định số 123-QĐ/TU",
        decided_on=date(2026, 5, 19),
        by=reviewer,
        version=2,
    )
    assert (given.decision, given.decision_style, given.year) == ("123-QĐ/TU", "party", 2026)
    case.refresh_from_db()
    assert case.status == "commended"
    [copy] = services.replicate_case(
        case=case, units=[commune_b], since=date(2026, 9, 1), by=reviewer, version=3
    )
    case.refresh_from_db()
    assert (case.status, copy.unit) == ("replicated", commune_b)


def test_a_decision_in_the_wrong_form_is_refused_and_changes_nothing(
    commune_a, editor_a, reviewer, charity, bang_khen
):
    case = services.verify_case(case=nominate(commune_a, editor_a, charity), by=reviewer)
    for written, words in (
        ("123-QĐ-TU", "'/'"),  # a hyphen where the slash goes
        ("5-QĐ/TU", "05-QĐ/TU"),  # the leading zero below 10
        ("499-BC/TU", "quyết định"),  # a report, not a decision
        ("", "số quyết định"),
    ):
        with pytest.raises(HonoursError) as refused:
            services.commend_case(
                case=case,
                form=bang_khen,
                level="province",
                issuer_name="Ban Thường vụ Tỉnh ủy",
                decision=written,
                decided_on=date(2026, 5, 19),
                by=reviewer,
            )
        assert refused.value.field == "decision"
        assert words in str(refused.value), (written, str(refused.value))
    assert not Commendation.objects.exists()
    assert Case.objects.get().status == "verified"
    # The State style is read too.
    given = services.commend_case(
        case=case,
        form=bang_khen,
        level="province",
        issuer_name="Chủ tịch UBND tỉnh Điện Biên",
        decision="Số: 1161/QĐ-UBND",
        decided_on=date(2026, 5, 19),
        by=reviewer,
    )
    assert (given.decision, given.decision_style) == ("1161/QĐ-UBND", "state")


def test_each_step_needs_its_role(commune_a, editor_a, editor_b, reviewer, charity, giay_khen):
    case = nominate(commune_a, editor_a, charity)
    with pytest.raises(HonoursError):  # an editor does not verify, even their own
        services.verify_case(case=case, by=editor_a)
    with pytest.raises(HonoursError):  # nor does another commune's editor edit
        nominate(commune_a, editor_b, charity, case=case)
    with pytest.raises(HonoursError):  # nor record a case for commune A
        nominate(commune_a, editor_b, charity)
    with pytest.raises(HonoursError):  # a reviewer does not nominate
        nominate(commune_a, reviewer, charity)
    with pytest.raises(HonoursError):  # nothing is commended before it is verified
        services.commend_case(
            case=case,
            form=giay_khen,
            level="commune",
            issuer_name="Đảng ủy xã",
            decision="12-QĐ/ĐU",
            decided_on=date(2026, 3, 1),
            by=reviewer,
        )
    assert Case.objects.get().status == "proposed"


def test_a_returned_case_is_edited_and_sent_again(commune_a, editor_a, reviewer, charity):
    case = nominate(commune_a, editor_a, charity)
    with pytest.raises(HonoursError) as refused:
        services.return_case(case=case, reason="", by=reviewer)
    assert refused.value.field == "reason"
    case = services.return_case(case=case, reason="Thiếu ảnh minh chứng", by=reviewer)
    assert (case.status, case.return_reason) == ("returned", "Thiếu ảnh minh chứng")
    case = nominate(commune_a, editor_a, charity, case=case, version=case.version, story="Có ảnh")
    assert (case.status, case.return_reason, case.story) == ("proposed", "", "Có ảnh")
    services.verify_case(case=case, by=reviewer)
    with pytest.raises(HonoursError):  # verified: no longer edited by the commune
        nominate(commune_a, editor_a, charity, case=Case.objects.get(), story="Sửa")


def test_two_reviewers_on_one_case_cannot_both_win(commune_a, editor_a, reviewer, charity):
    case = nominate(commune_a, editor_a, charity)
    services.verify_case(case=case, by=reviewer, version=1)
    with pytest.raises(HonoursError) as refused:
        services.return_case(case=case, reason="Trùng", by=reviewer, version=1)
    assert "người khác sửa" in str(refused.value)
    assert Case.objects.get().status == "verified"


def test_likely_duplicates_are_flagged_across_years_and_units(
    commune_a, commune_b, editor_a, editor_b, charity
):
    nominate(commune_a, editor_a, charity, kind="individual", name="Ông Hoàng Văn Đức", year=2025)
    again = nominate(commune_b, editor_b, charity, kind="individual", name="hoang van  duc")
    assert again.duplicates_found == 1
    other_field = nominate(
        commune_b,
        editor_b,
        Field.objects.get(code="kinh-te"),
        kind="individual",
        name="Hoàng Văn Đức",
    )
    assert other_field.duplicates_found == 0


def test_only_a_verified_case_is_published(commune_a, editor_a, reviewer, charity):
    case = nominate(commune_a, editor_a, charity)
    with pytest.raises(HonoursError) as refused:
        services.publish_case(case=case, published=True, by=editor_a)
    assert refused.value.field == "published"
    services.verify_case(case=case, by=reviewer)
    case = services.publish_case(case=Case.objects.get(), published=True, by=editor_a)
    assert case.published
    assert case.published_at
    assert list(Case.objects.public()) == [case]


def test_a_replicating_unit_is_counted_once(commune_a, commune_b, editor_a, reviewer, charity):
    case = nominate(commune_a, editor_a, charity)
    services.verify_case(case=case, by=reviewer)
    services.commend_case(
        case=Case.objects.get(),
        form=Form.objects.get(code="bieu-duong"),
        level="province",
        issuer_name="Ban Thường vụ Tỉnh ủy",
        decided_on=date(2026, 5, 1),
        by=reviewer,
    )
    services.replicate_case(
        case=Case.objects.get(), units=[commune_b], since=date(2026, 6, 1), by=reviewer
    )
    with pytest.raises(HonoursError) as refused:
        services.replicate_case(
            case=Case.objects.get(), units=[commune_b], since=date(2026, 7, 1), by=reviewer
        )
    assert refused.value.field == "units"
    assert Replication.objects.count() == 1
