from django.urls import path

from progress import views
from progress.pivot import views as pivot

app_name = "progress"
urlpatterns = [
    path("plans/<int:plan_id>/", views.overview, name="overview"),
    path("plans/<int:plan_id>/areas/<int:area_id>/", views.area, name="area"),
    path("plans/<int:plan_id>/objectives/<int:objective_id>/", views.objective, name="objective"),
    path("plans/<int:plan_id>/indicators/<int:indicator_id>/", views.indicator, name="indicator"),
    path("plans/<int:plan_id>/agencies/<int:agency_id>/", views.agency, name="agency"),
    path("plans/<int:plan_id>/analysis/", pivot.analysis, name="analysis"),
]
