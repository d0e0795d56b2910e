from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views, views_password

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("invitation/<str:code>/", views.invitation, name="invitation"),
    path("password/", views_password.password_change, name="password_change"),
]
