"""The Excel import of a unit's cases and commendations: every row checked first, nothing
saved on any error, each error named by row and column."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lamtheo.documents.forms import writable_units
from lamtheo.plans.forms import ImportForm
from lamtheo.web import methods, translated

from .. import spreadsheets


@methods("GET", "POST")
def cases_import(request):
    if not writable_units(request.user).exists():
        raise Http404
    if request.GET.get("mau") == "1":
        return spreadsheets.cases_template()
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = spreadsheets.import_cases(form.cleaned_data["file"], user=request.user)
        if not result.errors:
            messages.success(
                request,
                _("Đã nhập %(created)s điển hình với %(commendations)s lượt khen thưởng.")
                % {"created": result.created, "commendations": result.commendations},
            )
            if result.duplicates:
                messages.warning(
                    request,
                    _("%(n)s điển hình có thể trùng với điển hình đã ghi nhận; hãy xem lại.")
                    % {"n": result.duplicates},
                )
            return redirect("honours:index")
    return render(
        request,
        "honours/import.html",
        {
            "form": form,
            "errors": [translated(e) for e in result.errors] if result else [],
        },
    )
