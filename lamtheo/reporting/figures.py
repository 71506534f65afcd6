"""Figures a report computes from the other areas instead of asking units to type them: plans
issued, conferences held, commitments registered, exemplary cases and commendations.

Each figure counts the issuing unit's subtree over the request's period, as the hierarchy stood
at the period's end (honours: each case under its own year's hierarchy), or restated to today's
units. A template's "figures" section names the keys it wants; a narrative may quote a figure
as `{{key}}`. Each answer says where it comes from, so every number links back to its sources.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lamtheo.honours import selectors as honours
from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit
from lamtheo.oversight import selectors as oversight
from lamtheo.plans.models import CascadeItem, Commitment, Programme


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: Decimal
    measure: str
    source: str  # what was counted, in words
    url: str  # the page that lists what was counted


@dataclass(frozen=True)
class Span:
    unit: OrgUnit
    start: date
    end: date  # exclusive
    restated: bool

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def units(self):
        """The subtree counted: at the period's end, or today's (restated)."""
        return org.subtree_ids(self.unit, as_of=None if self.restated else self.last_day)


def _plans_issued(span: Span) -> tuple[int, str]:
    issued = Q(document__issued_on__gte=span.start, document__issued_on__lt=span.end) | Q(
        document__isnull=True, created_at__date__gte=span.start, created_at__date__lt=span.end
    )
    count = Programme.objects.filter(issued, unit_id__in=span.units()).count()
    return count, reverse("plans:index")


def _conferences(span: Span) -> tuple[int, str]:
    count = (
        CascadeItem.objects.filter(unit_id__in=span.units(), done_on__gte=span.start)
        .filter(done_on__lt=span.end)
        .exclude(event="")
        .count()
    )
    return count, reverse("plans:index")


def _commitments(span: Span) -> tuple[int, str]:
    years = range(span.start.year, span.last_day.year + 1)
    count = Commitment.objects.filter(unit_id__in=span.units(), year__in=years).count()
    return count, reverse("plans:commitments")


def _inspections(span: Span) -> tuple[int, str]:
    count = oversight.inspections_held(span.units(), span.start, span.end)
    return count, reverse("oversight:inspections")


def _honours(counting: str, what: str) -> Callable[[Span], tuple[int, str]]:
    def figure(span: Span) -> tuple[int, str]:
        stats = honours.stats(
            span.unit,
            year_from=span.start.year,
            year_to=span.last_day.year,
            counting=counting,
            restated=span.restated,
        )
        query = {
            "don-vi": span.unit.code,
            "tu": span.start.year,
            "den": span.last_day.year,
            "dem": counting,
        }
        if span.restated:
            query["quy-doi"] = "1"
        url = f"{reverse('honours:stats')}?{urlencode(query)}"
        return getattr(stats.total, what), url

    return figure


# key: (label, measure, how it is counted, the function)
FIGURES: dict[str, tuple] = {
    "plans_issued": (
        _("Chương trình, kế hoạch đã ban hành"),
        _("văn bản"),
        _("chương trình, kế hoạch của các đơn vị ban hành trong kỳ"),
        _plans_issued,
    ),
    "conferences_held": (
        _("Hội nghị, sự kiện quán triệt đã tổ chức"),
        _("hội nghị"),
        _("việc được giao đã hoàn thành bằng hội nghị, sự kiện trong kỳ"),
        _conferences,
    ),
    "commitments": (
        _("Lượt đăng ký làm theo"),
        _("lượt"),
        _("bản đăng ký của đảng viên, tập thể trong các năm của kỳ"),
        _commitments,
    ),
    "inspections": (
        _("Cuộc kiểm tra, giám sát"),
        _("cuộc"),
        _(
            "cuộc kiểm tra, giám sát, đoàn công tác bắt đầu trong kỳ, do các đơn vị tiến hành hoặc "
            "tại các đơn vị"
        ),
        _inspections,
    ),
    "cases_commended": (
        _("Điển hình tiên tiến được biểu dương, khen thưởng"),
        _("điển hình"),
        _("điển hình đã biểu dương, khen thưởng hoặc được nhân rộng, theo năm"),
        _honours("commended", "cases"),
    ),
    "commendations": (
        _("Lượt khen thưởng"),
        _("lượt"),
        _("quyết định khen thưởng của các điển hình đã biểu dương"),
        _honours("commended", "commendations"),
    ),
    "cases_replicated": (
        _("Điển hình được nhân rộng"),
        _("điển hình"),
        _("điển hình đã được nhân rộng, theo năm"),
        _honours("replicated", "cases"),
    ),
}


def choices() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, (label, *_rest) in FIGURES.items()]


def compute(keys: list[str], span: Span) -> list[Figure]:
    """The figures asked for, in the order asked; an unknown key is skipped."""
    found = []
    for key in keys:
        if key not in FIGURES:
            continue
        label, measure, source, function = FIGURES[key]
        value, url = function(span)
        found.append(Figure(key, str(label), Decimal(value), str(measure), str(source), url))
    return found
