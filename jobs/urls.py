from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:job_id>/", views.job_status, name="status"),
    path("<int:job_id>/retry/", views.job_retry, name="retry"),
]
