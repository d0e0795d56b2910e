import pytest

from tests.public.world import PublicWorld, build_world


@pytest.fixture
def world(db, agency_a, reporter_a, coordinator) -> PublicWorld:
    return build_world(agency_a, reporter_a, coordinator)
