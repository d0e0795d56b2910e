"""Coordination's shared fixtures: the working group agencies A and B sit in, with agency A's
reporter as its representative."""

import pytest

from coordination.models import Body, BodyKind, Membership


@pytest.fixture
def working_group(agency_a, agency_b, reporter_a, secretariat) -> Body:
    body = Body.objects.create(
        code="WG",
        name="Inter-agency working group",
        kind=BodyKind.WORKING_GROUP,
        chair_agency=secretariat,
    )
    Membership.objects.create(body=body, agency=agency_a, representative=reporter_a)
    Membership.objects.create(body=body, agency=agency_b, email="shelter@example.org")
    Membership.objects.create(body=body, agency=secretariat)
    return body
