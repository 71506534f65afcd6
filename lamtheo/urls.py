from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from lamtheo.api import api
from lamtheo.portal.views import healthz
from lamtheo.web import methods

admin.site.site_header = "lamtheo"
admin.site.site_title = "lamtheo"

urlpatterns = [
    path("", include("lamtheo.portal.urls")),
    path("", include("lamtheo.accounts.urls")),
    path("to-chuc/", include("lamtheo.org.urls")),
    path("nhat-ky/", include("lamtheo.audit.urls")),
    path("tep/", include("lamtheo.files.urls")),
    path("healthz", healthz, name="healthz"),
    path("ngon-ngu/", login_not_required(methods("POST")(set_language)), name="set_language"),
    path("api/v1/", api.urls),
    # One sign-in page for everything, the admin included (lockout and audit apply to it).
    path(
        "quan-tri/login/",
        methods("GET", "POST")(
            login_not_required(
                RedirectView.as_view(pattern_name="accounts:login", query_string=True)
            )
        ),
    ),
    path("quan-tri/", admin.site.urls),
]
