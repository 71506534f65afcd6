from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-nhap/xac-thuc/", views.two_factor_step, name="two_factor"),
    path("dang-nhap/thiet-lap-xac-thuc/", views.two_factor_enrol, name="two_factor_enrol"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", views.account, name="account"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("thong-bao/da-doc/", views.notifications_read, name="notifications_read"),
    path("thong-bao/<int:notification>/", views.notification_open, name="notification"),
    path("tai-khoan/xac-thuc-hai-buoc/", views.account_two_factor, name="account_two_factor"),
    path(
        "tai-khoan/xac-thuc-hai-buoc/tat/",
        views.account_two_factor_off,
        name="account_two_factor_off",
    ),
]
