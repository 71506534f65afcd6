from django.urls import path

from lamtheo.files import views as file_views

from . import views

app_name = "org"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.unit_detail, name="unit"),
    path("<str:code>/thanh-vien/", views.members, name="members"),
    path("<str:code>/tep/", file_views.upload, name="upload"),
    path("<str:code>/thanh-vien/<int:pk>/ket-thuc/", views.end_member, name="end_member"),
]
