from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("can-nop/", views.due, name="due"),
    path("mau/", views.templates, name="templates"),
    path("mau/moi/", views.template_create, name="template_create"),
    path("mau/<int:template>/", views.template_detail, name="template"),
    path("mau/<int:template>/sua/", views.template_edit, name="template_edit"),
    path("yeu-cau/moi/", views.request_create, name="request_create"),
    path("yeu-cau/<int:report_request>/", views.request_detail, name="request"),
    path(
        "yeu-cau/<int:report_request>/tien-do.xlsx",
        views.completeness_xlsx,
        name="completeness_xlsx",
    ),
    path("yeu-cau/<int:report_request>/nguon/", views.sources, name="sources"),
    path("yeu-cau/<int:report_request>/tong-hop/", views.report, name="report"),
    path("yeu-cau/<int:report_request>/in/", views.render_report, name="render"),
    path("ban-in/<int:rendering>/", views.rendering, name="rendering"),
    path("ban-in/<int:rendering>/<str:kind>/", views.download, name="download"),
    path("nop/<int:submission>/", views.submission, name="submission"),
    path("nop/<int:submission>/so-sanh/", views.diff, name="diff"),
]
