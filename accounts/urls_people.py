"""The people pages, at /people/ (namespace "people"): accounts.views_people."""

from django.urls import path

from accounts import views_people as views

app_name = "people"
urlpatterns = [
    path("", views.people_list, name="list"),
    path("invite/", views.person_invite, name="invite"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/roles/", views.person_roles, name="roles"),
    path("<int:person_id>/deactivate/", views.deactivate, name="deactivate"),
    path("<int:person_id>/reactivate/", views.reactivate, name="reactivate"),
    path(
        "<int:person_id>/reset-second-factor/",
        views.reset_second_factor,
        name="reset_second_factor",
    ),
    path("<int:person_id>/resend-invitation/", views.resend_invitation, name="resend_invitation"),
]
