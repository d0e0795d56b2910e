from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("plans/<int:plan_id>/dhis2/", views.mappings, name="mappings"),
    path("plans/<int:plan_id>/dhis2/export/", views.export, name="export"),
    path("dhis2/import/", views.import_file, name="import"),
]
