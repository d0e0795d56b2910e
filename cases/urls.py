from django.urls import path

from cases import urls_review, urls_stats, views

app_name = "cases"
urlpatterns = [
    path("", views.record_list, name="record_list"),
    path("records/<int:record_pk>/", views.record_detail, name="record_detail"),
    path("upload/", views.upload, name="upload"),
    path("audit/", views.audit, name="audit"),
]
urlpatterns += urls_stats.urlpatterns
urlpatterns += urls_review.urlpatterns
