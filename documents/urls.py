from django.urls import path

from documents import views, views_coordination

app_name = "documents"
urlpatterns = [
    path("plans/<int:plan_id>/", views.plan_documents, name="plan_documents"),
    path(
        "plans/<int:plan_id>/<str:kind>/<str:period>/<str:language>/",
        views.prepare,
        name="prepare",
    ),
    path(
        "plans/<int:plan_id>/<str:kind>/<str:period>/<str:language>/save/",
        views.save_section,
        name="save_section",
    ),
    path(
        "plans/<int:plan_id>/<str:kind>/<str:period>/<str:language>/generate/",
        views.generate,
        name="generate",
    ),
    path("<int:document_id>/download/", views.download, name="download"),
    path("<int:document_id>/publish/", views.publish, name="publish"),
    # Coordination (issue 12): minutes of a meeting, follow-up reports on recommendations.
    path(
        "meetings/<int:meeting_id>/minutes/",
        views_coordination.meeting_minutes,
        name="meeting_minutes",
    ),
    path(
        "meetings/<int:meeting_id>/minutes/generate/",
        views_coordination.generate_minutes,
        name="generate_minutes",
    ),
    path("plans/<int:plan_id>/follow-up/", views_coordination.follow_up, name="follow_up"),
    path(
        "plans/<int:plan_id>/follow-up/generate/",
        views_coordination.generate_follow_up,
        name="generate_follow_up",
    ),
]
