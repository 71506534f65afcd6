from django.urls import path

from . import views

app_name = "honours"

urlpatterns = [
    path("", views.index, name="index"),
    path("de-xuat/", views.case_create, name="case_create"),
    path("nhap/", views.cases_import, name="import"),
    path("thong-ke/", views.stats, name="stats"),
    path("<int:case>/", views.case_detail, name="case"),
    path("<int:case>/sua/", views.case_edit, name="case_edit"),
    path("<int:case>/minh-chung/", views.case_evidence, name="case_evidence"),
    path("<int:case>/xac-minh/", views.case_verify, name="case_verify"),
    path("<int:case>/tra-lai/", views.case_return, name="case_return"),
    path("<int:case>/khen-thuong/", views.case_commend, name="case_commend"),
    path("<int:case>/nhan-rong/", views.case_replicate, name="case_replicate"),
    path("<int:case>/cong-khai/", views.case_publish, name="case_publish"),
    path("phong-trao/", views.movements, name="movements"),
    path("phong-trao/moi/", views.movement_create, name="movement_create"),
    path("phong-trao/<int:movement>/", views.movement_detail, name="movement"),
    path("phong-trao/<int:movement>/sua/", views.movement_edit, name="movement_edit"),
]

public_urlpatterns = (
    [
        path("", views.public_index, name="index"),
        path("<int:case>/", views.public_case, name="case"),
        path("<int:case>/anh/<uuid:photo>/", views.public_photo, name="photo"),
    ],
    "honours_public",
)
