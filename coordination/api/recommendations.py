"""The recommendations operations of the JSON API."""

from ninja import Router

router = Router(tags=["coordination"])
