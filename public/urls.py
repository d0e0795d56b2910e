from django.urls import path

from public import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path(
        "plans/<int:plan_id>/documents/<int:document_id>/",
        views.document_download,
        name="document_download",
    ),
    # Also wanted at the site's root (/robots.txt), where crawlers look: see the lead's note.
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
