"""The actions pages' routes (coordination/urls.py joins them)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
