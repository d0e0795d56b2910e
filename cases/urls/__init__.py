"""The case pages under /cases/ (namespace `cases`): records, statistics, the review queue and
the estimates of hidden victims."""

from django.urls import path

from cases.urls import estimates, review, stats
from cases.views import records

app_name = "cases"
urlpatterns = [
    path("", records.record_list, name="record_list"),
    path("records/<int:record_pk>/", records.record_detail, name="record_detail"),
    path("upload/", records.upload, name="upload"),
    path("audit/", records.audit, name="audit"),
]
urlpatterns += stats.urlpatterns
urlpatterns += review.urlpatterns
urlpatterns += estimates.urlpatterns
