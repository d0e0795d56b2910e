"""Agencies through the JSON API: open to every signed-in user, as the agencies page is."""

from django.http import HttpRequest
from ninja import Router

from agencies import schemas, selectors
from agencies.models import Agency
from tipmonitor.schemas import AUTH_ERRORS

router = Router(tags=["agencies"])


@router.get("/agencies", response={200: list[schemas.AgencyOut], **AUTH_ERRORS})
def list_agencies(request: HttpRequest) -> list[Agency]:
    """Every agency, with the code of the one above it in the tree (`parent`)."""
    return list(selectors.agencies_with_parents())
