"""The review queue's routes, included by cases/urls.py (names cases:review_list and
cases:review_pair)."""

from django.urls import path

from cases import views_review

urlpatterns = [
    path("review/", views_review.review_list, name="review_list"),
    path("review/<int:pair_pk>/", views_review.review_pair, name="review_pair"),
]
