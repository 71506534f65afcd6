"""Workbooks out: the cases import's template, the statistics table and a list of cases."""

from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.plans.spreadsheets import columns_template, workbook_response

from ..domain import By
from ..models import Commendation, Replication
from ..selectors import Stats
from .columns import CASE_COLUMNS

_COUNTING = {
    "commended": gettext_lazy("đã được biểu dương, khen thưởng"),
    "verified": gettext_lazy("đã được xác minh, biểu dương, khen thưởng hoặc nhân rộng"),
    "replicated": gettext_lazy("được nhân rộng"),
    "all": gettext_lazy("mọi điển hình đã đề xuất, trừ điển hình bị trả lại"),
}

_BY = {
    By.FIELD: gettext_lazy("Lĩnh vực"),
    By.YEAR: gettext_lazy("Năm"),
    By.KIND: gettext_lazy("Tập thể / cá nhân"),
    By.UNIT: gettext_lazy("Đơn vị"),
    By.FORM: gettext_lazy("Hình thức khen thưởng"),
    By.LEVEL: gettext_lazy("Cấp khen thưởng"),
}


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def cases_template() -> HttpResponse:
    """The empty file of the cases import to download: its headers and one example row."""
    return columns_template(
        CASE_COLUMNS, filename="Mẫu nhập điển hình tiên tiến.xlsx", title="Mẫu nhập điển hình"
    )


def _heading(stats: Stats) -> list[str]:
    if stats.year_from == stats.year_to:
        years = _("Năm %(year)s") % {"year": stats.year_from}
    else:
        years = _("Từ năm %(first)s đến năm %(last)s") % {
            "first": stats.year_from,
            "last": stats.year_to,
        }
    if stats.restated:
        day = _(
            "Quy đổi theo hệ thống tổ chức ngày %(day)s: điển hình của đơn vị đã sáp nhập, chia "
            "tách tính cho đơn vị kế tục."
        ) % {"day": _day(stats.as_of)}
    elif stats.as_of is not None:
        day = _("Theo hệ thống tổ chức ngày %(day)s.") % {"day": _day(stats.as_of)}
    else:
        day = _("Mỗi điển hình tính theo hệ thống tổ chức ngày 31/12 của năm điển hình.")
    lines = [
        _("Thống kê điển hình tiên tiến: %(unit)s") % {"unit": stats.unit.name},
        years,
        _("Tính các điển hình %(counting)s.") % {"counting": _COUNTING[stats.counting]},
        day,
    ]
    if stats.by in (By.FORM, By.LEVEL):
        lines.append(
            _(
                "Điển hình có nhiều hình thức, cấp khen thưởng được tính ở mỗi dòng của nó và một "
                "lần ở dòng tổng cộng."
            )
        )
    lines.append(_("Ngày xuất: %(day)s") % {"day": _day(timezone.localdate())})
    return lines


def _counts(row) -> list:
    # Decimals are written as numbers with Excel's thousands format: 1.567 in Vietnamese.
    return [Decimal(n) for n in (row.cases, row.collective, row.individual, row.commendations)]


def stats_workbook(stats: Stats) -> HttpResponse:
    """A statistics table (`selectors.stats`) as an .xlsx download: title rows naming the
    unit, the years, what is counted and under which hierarchy; a row per group and the
    total."""
    name = _("Thống kê điển hình %(code)s %(first)s-%(last)s") % {
        "code": stats.unit.code,
        "first": stats.year_from,
        "last": stats.year_to,
    }
    return workbook_response(
        f"{name}.xlsx",
        _("Thống kê điển hình"),
        [_BY[stats.by], _("Số điển hình"), _("Tập thể"), _("Cá nhân"), _("Số lượt khen thưởng")],
        [[row.key if stats.by == By.YEAR else row.label, *_counts(row)] for row in stats.rows],
        widths=[40, 14, 12, 12, 20],
        heading=_heading(stats),
        total=[_("Tổng cộng"), *_counts(stats.total)],
    )


def _commendation(given: Commendation) -> str:
    """Giấy khen (12-QĐ/HU, 20/11/2023)."""
    details = ", ".join(part for part in (given.decision, _day(given.decided_on)) if part)
    return f"{given.form.name} ({details})"


def _with_counts(cases):
    """The cases with their unit, field and commendations, and how many units replicated
    each: a few queries whatever the number of cases."""
    given = Prefetch("commendations", queryset=Commendation.objects.select_related("form"))
    if isinstance(cases, QuerySet):
        found = cases.select_related("unit", "field").prefetch_related(given)
        found = found.annotate(replication_count=Count("replications", distinct=True))
        yield from found.iterator(chunk_size=2000)
        return
    cases = list(cases)
    prefetch_related_objects(cases, "unit", "field", given)
    counts = dict(
        Replication.objects.filter(case__in=[case.pk for case in cases])
        .values("case")
        .annotate(n=Count("pk"))
        .values_list("case", "n")
    )
    for case in cases:
        case.replication_count = counts.get(case.pk, 0)
        yield case


def cases_workbook(cases) -> HttpResponse:
    """A list or queryset of cases as an .xlsx download: unit, kind, honoree, position, field,
    year, model, status, the commendations ("Giấy khen (12-QĐ/HU, 20/11/2023)"), how many
    units replicated it and whether it is published."""
    headers = [
        _("Đơn vị"),
        _("Tập thể / cá nhân"),
        _("Tên tập thể, cá nhân"),
        _("Chức vụ, nơi công tác"),
        _("Lĩnh vực"),
        _("Năm"),
        _("Tên mô hình, cách làm"),
        _("Trạng thái"),
        _("Khen thưởng"),
        _("Số đơn vị nhân rộng"),
        _("Công khai"),
    ]
    rows = (
        [
            case.unit.name,
            case.get_kind_display(),
            case.name,
            case.position,
            case.field.name,
            case.year,
            case.title,
            case.get_status_display(),
            "; ".join(_commendation(given) for given in case.commendations.all()),
            Decimal(case.replication_count),
            _("Có") if case.published else _("Không"),
        ]
        for case in _with_counts(cases)
    )
    return workbook_response(
        "Danh sách điển hình tiên tiến.xlsx",
        _("Điển hình tiên tiến"),
        headers,
        rows,
        widths=[30, 12, 30, 26, 20, 8, 40, 18, 50, 12, 10],
    )
