from django.urls import path

from agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.agency_list, name="list"),
    path("new/", views.agency_create, name="create"),
    path("<int:agency_id>/", views.agency_detail, name="detail"),
    path("<int:agency_id>/edit/", views.agency_edit, name="edit"),
]
