"""The review queue's routes, included by cases/urls/__init__.py (names cases:review_list and
cases:review_pair)."""

from django.urls import path

from cases.views import review

urlpatterns = [
    path("review/", review.review_list, name="review_list"),
    path("review/<int:pair_pk>/", review.review_pair, name="review_pair"),
]
