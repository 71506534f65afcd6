"""The public page (no sign-in): the cases units chose to publish, with their story and photos,
found by accent-insensitive search. Nothing unpublished is reachable there by a visitor; a
signed-in user who may see an unpublished case gets it as a preview, marked so."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from lamtheo.web import methods

from .. import domain
from ..models import Case
from .common import PHOTO_TYPES, evidence_of


def _reachable(request, pk: int) -> tuple[Case, bool]:
    """The case and whether it is public; 404 unless public or visible to the signed-in user."""
    case = Case.objects.public().filter(pk=pk).select_related("unit", "field").first()
    if case is not None:
        return case, True
    scope = Case.objects.visible_to(request.user).select_related("unit", "field")
    return get_object_or_404(scope, pk=pk), False


@login_not_required
@methods("GET")
def public_index(request):
    cases = Case.objects.public().select_related("unit", "field").order_by("-year", "name", "pk")
    query = " ".join(request.GET.get("q", "").split())[:100]
    if query:
        cases = cases.filter(search_text__contains=domain.search_key(query))
    page = Paginator(cases, 24).get_page(request.GET.get("trang"))
    return render(request, "honours/public_index.html", {"page": page, "q": query})


@login_not_required
@methods("GET")
def public_case(request, case):
    case, public = _reachable(request, case)
    photos, _others = evidence_of(case)
    return render(
        request,
        "honours/public_case.html",
        {
            "case": case,
            "public": public,
            "photos": photos,
            "commendations": case.commendations.select_related("form"),
            "replications": case.replications.select_related("unit"),
        },
    )


@login_not_required
@methods("GET")
def public_photo(request, case, photo):
    """A photo of the case, shown inline: only images, under a sandbox."""
    case, _public = _reachable(request, case)
    photos, _others = evidence_of(case)
    found = next((p for p in photos if p.uid == photo), None)
    if found is None or found.content_type not in PHOTO_TYPES:
        raise Http404
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if _public else "private, no-store"
    return response
