from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.index, name="index"),
    path("moi/", views.create, name="create"),
    path("kiem-tra-so/", views.check_symbol, name="check_symbol"),
    path("<int:id>/", views.detail, name="detail"),
    path("<int:id>/sua/", views.edit, name="edit"),
    path("<int:id>/tep/", views.upload, name="upload"),
    path("<int:id>/lien-ket/", views.add_relation, name="add_relation"),
    path("<int:id>/lien-ket/<int:rel>/xoa/", views.remove_relation, name="remove_relation"),
]
