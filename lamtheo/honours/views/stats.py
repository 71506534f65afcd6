"""The statistics page: cases of a unit's subtree counted by field, year, kind, unit, form or
level of commendation, as the hierarchy stood or restated to today's units, as a table, a
chart and an Excel workbook."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.documents.forms import VietnameseDateField
from lamtheo.web import methods

from .. import selectors, spreadsheets
from ..chart import bars_svg
from ..domain import By
from .common import home_unit, this_year, wants_xlsx, year_of

GROUPINGS = [
    (By.FIELD, gettext_lazy("Lĩnh vực")),
    (By.YEAR, gettext_lazy("Năm")),
    (By.KIND, gettext_lazy("Tập thể / cá nhân")),
    (By.UNIT, gettext_lazy("Đơn vị trực thuộc")),
    (By.FORM, gettext_lazy("Hình thức khen thưởng")),
    (By.LEVEL, gettext_lazy("Cấp khen thưởng")),
]
COUNTINGS = [
    ("commended", gettext_lazy("Được biểu dương, khen thưởng")),
    ("verified", gettext_lazy("Đã xác minh trở lên")),
    ("replicated", gettext_lazy("Được nhân rộng")),
    ("all", gettext_lazy("Mọi điển hình (trừ bị trả lại)")),
]


@methods("GET")
def stats(request):
    unit = home_unit(request)
    if unit is None:
        return render(request, "honours/stats.html", {"unit": None})
    year_to = year_of(request, "den", this_year())
    year_from = min(year_of(request, "tu", year_to), year_to)
    by = request.GET.get("theo", By.FIELD)
    by = by if by in By.__members__.values() else By.FIELD
    counting = request.GET.get("dem", "commended")
    counting = counting if counting in selectors.COUNTING else "commended"
    restated = request.GET.get("quy-doi") == "1"
    as_of, as_of_error = None, ""
    if request.GET.get("ngay"):
        try:
            as_of = VietnameseDateField().clean(request.GET["ngay"])
        except ValidationError as error:  # shown next to the field
            as_of_error = " ".join(error.messages)
    result = selectors.stats(
        unit,
        year_from=year_from,
        year_to=year_to,
        by=By(by),
        counting=counting,
        as_of=as_of,
        restated=restated,
    )
    if wants_xlsx(request):
        return spreadsheets.stats_workbook(result)
    title = _("Điển hình theo %(by)s") % {"by": dict(GROUPINGS)[By(by)].lower()}
    return render(
        request,
        "honours/stats.html",
        {
            "unit": unit,
            "stats": result,
            "groupings": GROUPINGS,
            "countings": COUNTINGS,
            "title": title,
            "as_of_text": request.GET.get("ngay", "")[:40],
            "as_of_error": as_of_error,
            "chart": bars_svg(
                [(row.label, row.collective, row.individual) for row in result.rows],
                title=title,
            ),
            "query": request.GET.urlencode(),
        },
    )
