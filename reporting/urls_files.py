"""The report workbook (download, fill offline, upload back) and the bulk data-values upload.
Included by reporting/urls.py under its "reporting" namespace."""

from django.urls import path

from reporting.views import files

urlpatterns = [
    path("reports/<int:report_id>/workbook.xlsx", files.report_workbook, name="report_workbook"),
    path("reports/<int:report_id>/upload/", files.report_upload, name="report_upload"),
    path("values/upload/", files.values_upload, name="values_upload"),
]
