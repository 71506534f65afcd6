"""What the honours pages share: the unit and years a page is about, the case's photos."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lamtheo.files.models import Attachment
from lamtheo.plans.views.common import _home_unit as home_unit
from lamtheo.plans.views.common import _xlsx as wants_xlsx

from ..models import Case

__all__ = ["evidence_of", "home_unit", "wants_xlsx", "year_of"]

PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


def year_of(request, name: str, default: int | None = None) -> int | None:
    """A year from the query string, held to 1945..2100; `default` when absent or not one."""
    try:
        year = int(request.GET.get(name, ""))
    except ValueError:
        return default
    return min(max(year, 1945), 2100)


def this_year() -> int:
    return timezone.localdate().year


def evidence_of(case: Case) -> tuple[list[Attachment], list[Attachment]]:
    """The case's photos (shown inline) and its other files (downloaded)."""
    found = Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(Case), owner_id=str(case.pk)
    ).order_by("uploaded_at", "pk")
    photos = [a for a in found if a.content_type in PHOTO_TYPES]
    others = [a for a in found if a.content_type not in PHOTO_TYPES]
    return photos, others
