"""The project's URLs plus a stand-in `org:index`, to show how navigation picks up an area."""

from django.http import HttpResponse
from django.urls import include, path

from lamtheo.urls import urlpatterns as project_urlpatterns
from lamtheo.web import methods

org_patterns = (
    [path("", methods("GET")(lambda request: HttpResponse("org")), name="index")],
    "org",
)
urlpatterns = [path("to-chuc/", include(org_patterns)), *project_urlpatterns]
