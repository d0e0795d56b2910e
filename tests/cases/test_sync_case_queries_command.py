"""`tipmonitor sync-case-queries`: the values of indicators bound to case queries written from
the records through the same service as the page, and refused to anyone but a coordinator."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from cases.models import CaseQuery
from reporting.models import IndicatorValue, ValueSource
from tests import factories
from tests.cases.stats_data import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def bound(agency_a):
    plan = factories.PlanFactory.create(
        code="NAP-S", starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    objective = factories.ObjectiveFactory.create(area=factories.AreaFactory.create(plan=plan))
    indicator = factories.IndicatorFactory.create(
        objective=objective, code="V1", responsible=[agency_a], baseline=0, end_target=40
    )
    CaseQuery.objects.create(indicator=indicator, agency=agency_a, statuses=["identified"])
    return indicator


def _sync(*args: str) -> str:
    out = io.StringIO()
    call_command("sync_case_queries", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_counts_as_values_from_case_records(bound, agency_a, coordinator):
    record(agency_a, identified_on=datetime.date(2025, 2, 1))
    record(agency_a, identified_on=datetime.date(2025, 3, 1))

    printed = _sync("--today", "2025-04-01")

    value = IndicatorValue.objects.get(indicator=bound, period="2025-Q1", breakdown="")
    assert (value.value, value.source) == (Decimal(2), ValueSource.CASES)
    assert "1 indicator bound to a case query" in printed


def test_it_refuses_a_user_who_is_not_the_coordinator(bound, reporter_a, coordinator):
    with pytest.raises(CommandError, match="Only a coordinator"):
        _sync("--user", reporter_a.username)


def test_it_says_what_is_wrong_with_the_date(bound, coordinator):
    with pytest.raises(CommandError, match="--today"):
        _sync("--today", "yesterday")
