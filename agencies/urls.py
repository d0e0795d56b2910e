"""The agencies' pages. One agency's page (`detail`, `<int:agency_id>/`) shows its part in the
plans and is added to this namespace by tipmonitor/urls.py from plans.views.agencies: agencies
sit below plans and may not import them."""

from django.urls import path

from agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.agency_list, name="list"),
    path("new/", views.agency_create, name="create"),
    path("<int:agency_id>/edit/", views.agency_edit, name="edit"),
]
