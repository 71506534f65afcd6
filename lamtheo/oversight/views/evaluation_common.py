"""What the evaluation pages share: labels of grades and statuses, a round's scale and quota
in words, shares as percentages, a page of a long list."""

from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lamtheo.web import translated

from ..models import CONDITION_LABELS, EvaluationStatus, Grade

PAGE_SIZE = 50

GRADE_LABELS = dict(Grade.choices)
STATUS_LABELS = dict(EvaluationStatus.choices)
# A grade inside a sentence ("3 đơn vị xuất sắc").
GRADE_SHORT = {
    Grade.EXCELLENT.value: _("xuất sắc"),
    Grade.GOOD.value: _("tốt"),
    Grade.DONE.value: _("hoàn thành"),
    Grade.NOT_DONE.value: _("không hoàn thành"),
}


def shown(value: Decimal | None) -> Decimal | None:
    """A stored value without its trailing zeros; the template localizes it (1.567, 12,8)."""
    if value is None:
        return None
    value = Decimal(value)
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def number(value) -> str:
    """A number in the active language's digits (Vietnamese: 1.567, 12,8)."""
    return number_format(shown(Decimal(str(value))), force_grouping=True)


def percent(count: int, total: int) -> Decimal | None:
    """`count` of `total` in percent, to one decimal (12,5), a whole number without one."""
    if not total:
        return None
    share = (Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return shown(share)


def page_of(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("trang"))


def number_in(request, name: str) -> int | None:
    text = request.GET.get(name, "").strip()[:9]
    return int(text) if text.isdigit() else None


def version_of(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def fail(request, error) -> None:
    messages.error(request, translated(error))


def scale_words(scale: list) -> list[dict]:
    """Each band of a stored scale: its grade, its points in words and its conditions."""
    bands = list(scale or [])
    rows = []
    for index, band in enumerate(bands):
        minimum = Decimal(str(band.get("minimum", 0)))
        grade = band.get("grade", "")
        if index == 0:
            words = gettext("từ %(points)s điểm trở lên") % {"points": number(minimum)}
        elif minimum == 0:
            previous = Decimal(str(bands[index - 1].get("minimum", 0)))
            words = gettext("dưới %(points)s điểm") % {"points": number(previous)}
        else:
            words = gettext("từ %(points)s điểm") % {"points": number(minimum)}
        rows.append(
            {
                "grade": grade,
                "label": GRADE_LABELS.get(grade, grade),
                "words": words,
                "conditions": [CONDITION_LABELS.get(c, c) for c in band.get("conditions", ())],
            }
        )
    return rows


def quota_words(quotas: dict) -> list[str]:
    """Each quota as a sentence; none: no cap."""
    found = []
    for grade, share in (quotas or {}).items():
        found.append(
            gettext("Tối đa %(share)s%% số đơn vị được xếp loại «%(grade)s».")
            % {"share": number(share), "grade": GRADE_LABELS.get(grade, grade)}
        )
    return found


def breach_words(breaches, quotas: dict) -> list[str]:
    """Each quota exceeded: shown, never fixed by moving units down."""
    return [
        gettext("Vượt tỷ lệ: %(count)s đơn vị %(grade)s, tối đa %(allowed)s (%(share)s%%).")
        % {
            "count": b.count,
            "grade": GRADE_SHORT.get(str(b.grade.value), b.grade.value),
            "allowed": b.allowed,
            "share": number((quotas or {}).get(b.grade.value, 0)),
        }
        for b in breaches
    ]
