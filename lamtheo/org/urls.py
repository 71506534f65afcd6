from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.unit_detail, name="unit"),
    path("<str:code>/thanh-vien/", views.members, name="members"),
    path("<str:code>/thanh-vien/<int:pk>/ket-thuc/", views.end_member, name="end_member"),
]
