from django.urls import path

from documents import views

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
]
