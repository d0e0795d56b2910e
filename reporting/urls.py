"""The reporting pages, under /reporting/. The coordinator's matrix and exports
(`urls_coordinator`) and the report workbook's download and upload (`urls_files`) are kept in
their own modules and share this namespace, so every reporting URL is `reporting:<name>`."""

from django.urls import include, path

from reporting.views import report

app_name = "reporting"
urlpatterns = [
    path("", report.report_list, name="report_list"),
    path("plans/<int:plan_id>/open/", report.report_open, name="report_open"),
    path("reports/<int:report_id>/", report.report_detail, name="report_detail"),
    path("reports/<int:report_id>/check/", report.report_check, name="report_check"),
    path("reports/<int:report_id>/approve/", report.report_approve, name="report_approve"),
    path("reports/<int:report_id>/send-back/", report.report_send_back, name="report_send_back"),
    path("reports/<int:report_id>/return/", report.report_return, name="report_return"),
    path("reports/<int:report_id>/accept/", report.report_accept, name="report_accept"),
    path("reports/<int:report_id>/correct/", report.report_correct, name="report_correct"),
    path("reports/<int:report_id>/history/", report.report_history, name="report_history"),
    path("", include("reporting.urls_coordinator")),
    path("", include("reporting.urls_files")),
]
