"""The writers of commitments: registered, self-assessed, rated."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.org.models import OrgUnit
from lamtheo.vn.errors import gettext_noop

from .. import domain
from ..domain import PlansError
from ..models import Commitment
from .common import _locked, _text


def _year(year) -> int:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise PlansError(gettext_noop("Năm không hợp lệ: %(year)s."), field="year", year=year)
    return year


@transaction.atomic
def register_commitment(
    *,
    unit: OrgUnit,
    year: int,
    content: str,
    by,
    member: str = "",
    user=None,
    commitment: Commitment | None = None,
    version: int | None = None,
) -> Commitment:
    """A member's (or, with no member named, the unit's) commitments for a year. Editable
    until a reviewer has rated them."""
    year = _year(year)
    content = _text(content, "content", _("nội dung đăng ký"), 5000)
    member = (member or "").strip()[:120]
    record = commitment and _locked(Commitment, commitment, version, _("Bản đăng ký"))
    if record is not None and record.rating:
        raise PlansError(
            gettext_noop("Bản đăng ký đã được xếp loại, không sửa được nữa."), field="content"
        )
    if record is None:
        record = Commitment(unit=unit, created_at=timezone.now())
    record.unit, record.province_code = unit, unit.province_code
    record.year, record.member, record.content = year, member, content
    if user is not None:
        record.user = user
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise PlansError(
            gettext_noop("%(who)s đã đăng ký năm %(year)s; hãy sửa bản đăng ký đó."),
            field="member",
            who=member or unit.name,
            year=year,
        ) from None
    return record


@transaction.atomic
def assess_commitment(
    *,
    commitment: Commitment,
    midyear: str | None = None,
    yearend: str | None = None,
    self_rating: str | None = None,
    version: int | None = None,
) -> Commitment:
    """The member's own assessment at mid-year and at year end, with the level they claim."""
    if self_rating and self_rating not in domain.Rating:
        raise PlansError(gettext_noop("Hãy chọn mức tự xếp loại."), field="self_rating")
    current = _locked(Commitment, commitment, version, _("Bản đăng ký"))
    if current.rating:
        raise PlansError(
            gettext_noop("Bản đăng ký đã được xếp loại, không sửa được nữa."), field="yearend"
        )
    if midyear is not None:
        current.midyear = midyear.strip()
    if yearend is not None:
        current.yearend = yearend.strip()
    if self_rating is not None:
        if self_rating and not current.yearend:
            raise PlansError(
                gettext_noop("Hãy tự đánh giá cuối năm trước khi tự xếp loại."), field="yearend"
            )
        current.self_rating = self_rating
    current.save()
    return current


@transaction.atomic
def review_commitment(
    *, commitment: Commitment, rating: str, by, version: int | None = None
) -> Commitment:
    """The reviewer's rating, after the year-end self-assessment."""
    if rating not in domain.Rating:
        raise PlansError(gettext_noop("Hãy chọn mức xếp loại."), field="rating")
    current = _locked(Commitment, commitment, version, _("Bản đăng ký"))
    if not current.yearend:
        raise PlansError(gettext_noop("Chưa có tự đánh giá cuối năm để xếp loại."), field="rating")
    current.rating, current.reviewed_by, current.reviewed_at = rating, by, timezone.now()
    current.save()
    return current
