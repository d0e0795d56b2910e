from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views, views_password, views_tokens

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("invitation/<str:code>/", views.invitation, name="invitation"),
    path("password/", views_password.password_change, name="password_change"),
    path("tokens/", views_tokens.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views_tokens.token_revoke, name="token_revoke"),
    path(
        "tokens/service-accounts/",
        views_tokens.service_account_create,
        name="service_account_create",
    ),
]
