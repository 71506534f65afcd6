from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    path("viec-cua-don-vi/", views.inbox, name="inbox"),
    path("chuong-trinh/moi/", views.programme_create, name="programme_create"),
    path("chuong-trinh/<int:programme>/", views.programme_detail, name="programme"),
    path("chuong-trinh/<int:programme>/sua/", views.programme_edit, name="programme_edit"),
    path("chuong-trinh/<int:programme>/trong-tam/", views.focus_add, name="focus_add"),
    path("chuong-trinh/<int:programme>/giao-viec/", views.task_add, name="task_add"),
    path("chuong-trinh/<int:programme>/yeu-cau/", views.cascade_add, name="cascade_add"),
    path("nhiem-vu/<int:task>/", views.task_detail, name="task"),
    path("yeu-cau/<int:cascade>/", views.cascade_board, name="cascade"),
    path("viec/<int:item>/", views.item_detail, name="item"),
    path("chu-de/", views.themes, name="themes"),
    path("chu-de/<int:theme>/", views.theme_edit, name="theme"),
    path("chi-tieu/", views.indicators, name="indicators"),
    path("chi-tieu/moi/", views.indicator_create, name="indicator_create"),
    path("chi-tieu/nhap/", views.measurements_import, name="measurements_import"),
    path("chi-tieu/<slug:indicator>/", views.indicator_detail, name="indicator"),
    path("chi-tieu/<slug:indicator>/sua/", views.indicator_edit, name="indicator_edit"),
    path("chi-tieu/<slug:indicator>/chi-tieu-giao/", views.target_save, name="target_save"),
    path("dang-ky/", views.commitments, name="commitments"),
    path("dang-ky/moi/", views.commitment_create, name="commitment_create"),
    path("dang-ky/nhap/", views.commitments_import, name="commitments_import"),
    path("dang-ky/<int:commitment>/", views.commitment_detail, name="commitment"),
]
