from django.urls import path

from . import views

app_name = "files"

urlpatterns = [
    path("<uuid:uid>/", views.download, name="download"),
    path("<uuid:uid>/xoa/", views.delete, name="delete"),
]
