from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("", views.index, name="index"),
    # Inspections and supervision
    path("lich/", views.calendar, name="calendar"),
    path("cuoc/", views.inspections, name="inspections"),
    path("cuoc/moi/", views.inspection_create, name="inspection_create"),
    path("cuoc/<int:inspection>/", views.inspection, name="inspection"),
    path("cuoc/<int:inspection>/sua/", views.inspection_edit, name="inspection_edit"),
    path("cuoc/<int:inspection>/ket-qua/", views.findings, name="findings"),
    path(
        "cuoc/<int:inspection>/kien-nghi/moi/",
        views.recommendation_create,
        name="recommendation_create",
    ),
    path("cuoc/<int:inspection>/ket-luan/", views.conclusion, name="conclusion"),
    path("cuoc/<int:inspection>/ket-luan.docx", views.conclusion_docx, name="conclusion_docx"),
    path("cuoc/<int:inspection>/ket-luan.xlsx", views.inspection_xlsx, name="inspection_xlsx"),
    path("chuong-trinh/", views.programmes, name="programmes"),
    path("chuong-trinh/moi/", views.programme_create, name="programme_create"),
    path("chuong-trinh/<int:inspection_programme>/", views.programme, name="programme"),
    path("kien-nghi/<int:recommendation>/", views.recommendation, name="recommendation"),
    path("kien-nghi-can-khac-phuc/", views.inbox, name="inbox"),
    path("theo-doi-kien-nghi/", views.board, name="board"),
    # Evaluation
    path("tieu-chi/", views.criteria_sets, name="criteria_sets"),
    path("tieu-chi/moi/", views.criteria_set_create, name="criteria_set_create"),
    path("tieu-chi/<int:criteria_set>/", views.criteria_set, name="criteria_set"),
    path("tieu-chi/<int:criteria_set>/sua/", views.criteria_set_edit, name="criteria_set_edit"),
    path("tieu-chi/<int:criteria_set>/tieu-chi.xlsx", views.criteria_xlsx, name="criteria_xlsx"),
    path("danh-gia/", views.rounds, name="rounds"),
    path("danh-gia/moi/", views.round_create, name="round_create"),
    path("danh-gia/<int:evaluation_round>/", views.round_detail, name="round"),
    path("danh-gia/<int:evaluation_round>/xep-hang/", views.ranking, name="ranking"),
    path("danh-gia/<int:evaluation_round>/xep-hang.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path("phieu/<int:evaluation>/", views.sheet, name="sheet"),
    path("phieu/<int:evaluation>/luu/", views.sheet_save, name="sheet_save"),
    path("phieu/<int:evaluation>/phieu.xlsx", views.sheet_xlsx, name="sheet_xlsx"),
]
