from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from lamtheo.api import api
from lamtheo.honours.urls import public_urlpatterns
from lamtheo.portal.views import healthz
from lamtheo.web import methods

handler400 = "lamtheo.api.bad_request"
handler403 = "lamtheo.api.permission_denied"
handler404 = "lamtheo.api.page_not_found"
handler500 = "lamtheo.api.server_error"

admin.site.site_header = "lamtheo"
admin.site.site_title = "lamtheo"

_to_sign_in = RedirectView.as_view(pattern_name="accounts:login", query_string=True)


@login_not_required
@methods("GET", "POST")
def admin_sign_in(request):
    """The admin signs in on the one sign-in page (lockout and audit apply to it). The admin
    also sends here a signed-in user who may not use it; the sign-in page would send them
    straight back to the admin, a redirect loop, so they are told no instead."""
    if request.user.is_authenticated:
        raise PermissionDenied
    return _to_sign_in(request)


urlpatterns = [
    path("", include("lamtheo.portal.urls")),
    path("", include("lamtheo.accounts.urls")),
    path("to-chuc/", include("lamtheo.org.urls")),
    path("van-ban/", include("lamtheo.documents.urls")),
    path("ke-hoach/", include("lamtheo.plans.urls")),
    path("dien-hinh/", include("lamtheo.honours.urls")),
    path("bao-cao/", include("lamtheo.reporting.urls")),
    path("kiem-tra/", include("lamtheo.oversight.urls")),
    path("cong-khai/dien-hinh/", include(public_urlpatterns)),
    path("nhat-ky/", include("lamtheo.audit.urls")),
    path("tep/", include("lamtheo.files.urls")),
    path("healthz", healthz, name="healthz"),
    path("ngon-ngu/", login_not_required(methods("POST")(set_language)), name="set_language"),
    path("api/v1/", api.urls),
    path("quan-tri/login/", admin_sign_in),
    path("quan-tri/", admin.site.urls),
]
