"""Coordination's pages: meetings (bodies, agendas, attendance, minutes), actions and
recommendations, each in its own routes module."""

from coordination.urls_actions import urlpatterns as action_routes
from coordination.urls_meetings import urlpatterns as meeting_routes
from coordination.urls_recommendations import urlpatterns as recommendation_routes

app_name = "coordination"

urlpatterns = [*meeting_routes, *action_routes, *recommendation_routes]
