"""Coordination's JSON API (issue 12): meetings, actions and recommendations, with the pages'
permissions (the same selectors and services)."""

from ninja import Router

from coordination.api.actions import router as actions_router
from coordination.api.meetings import router as meetings_router
from coordination.api.recommendations import router as recommendations_router

router = Router(tags=["coordination"])
router.add_router("", meetings_router)
router.add_router("", actions_router)
router.add_router("", recommendations_router)
