"""`cases.stats.services.case_query_sync`: an indicator bound to a case query gets, for each
of its ended periods, the count of persons as the bound agency's accepted values, through the
bulk data-values import, so progress sees them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseAccess, CaseQuery
from cases.stats.services import case_query_save, case_query_sync
from plans.models import Dimension, Frequency
from progress.selectors import indicator_progress
from reporting.models import IndicatorValue, Report, ReportStatus
from tests import factories
from tests.cases.stats_data import person, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(agency_a):
    return factories.PlanFactory.create(
        code="NAP-C", starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )


@pytest.fixture
def indicator(plan, agency_a):
    objective = factories.ObjectiveFactory.create(area=factories.AreaFactory.create(plan=plan))
    made = factories.IndicatorFactory.create(
        objective=objective,
        code="V1",
        responsible=[agency_a],
        baseline=Decimal(0),
        end_target=Decimal(40),
        midterm_target=None,
        frequency=Frequency.QUARTERLY,
    )
    made.dimensions.set(Dimension.objects.filter(code__in=["sex", "age_group"]))
    return made


@pytest.fixture
def victims(agency_a, agency_b):
    someone = person()
    # One girl known to both agencies, first identified in Q1: counted once, in Q1.
    record(
        agency_a, someone, sex="F", age_at_exploitation=15, identified_on=datetime.date(2025, 2, 1)
    )
    record(
        agency_b, someone, sex="F", age_at_exploitation=15, identified_on=datetime.date(2025, 4, 9)
    )
    record(agency_b, sex="M", age_at_exploitation=30, identified_on=datetime.date(2025, 3, 3))
    record(agency_a, sex="", age_at_exploitation=40, identified_on=datetime.date(2025, 5, 5))
    record(agency_a, status="presumed", identified_on=datetime.date(2025, 5, 6))
    # Q3 has not ended on the day of the sync: not written.
    record(agency_a, identified_on=datetime.date(2025, 7, 2))


def _values(indicator) -> dict[tuple[str, str], Decimal]:
    return {
        (v.period, v.breakdown): v.value
        for v in IndicatorValue.objects.filter(indicator=indicator, report__is_current=True)
    }


def test_it_writes_counts_of_persons_the_progress_engine_sees(
    plan, indicator, victims, coordinator, agency_a
):
    CaseQuery.objects.create(indicator=indicator, agency=agency_a, statuses=["identified"])
    result = case_query_sync(plan=plan, user=coordinator, today=datetime.date(2025, 7, 15))
    values = _values(indicator)
    assert values[("2025-Q1", "")] == 2
    assert values[("2025-Q1", "sex=female")] == 1
    assert values[("2025-Q1", "sex=male")] == 1
    assert values[("2025-Q1", "sex=other")] == 0
    assert values[("2025-Q1", "age_group=child")] == 1
    assert values[("2025-Q2", "")] == 1
    assert values[("2025-Q2", "sex=other")] == 1  # sex not known
    assert ("2025-Q3", "") not in values
    assert result.indicators == 1
    reports = Report.objects.filter(plan=plan, agency=agency_a, is_current=True)
    assert {r.status for r in reports} == {ReportStatus.ACCEPTED}
    progress = indicator_progress(plan, as_of=datetime.date(2025, 6, 30))
    assert progress[0].actual == 3  # cumulative over Q1 and Q2
    assert CaseAccess.objects.filter(action="sync").count() == 1


def test_it_leaves_out_a_dimension_some_persons_do_not_fit(plan, indicator, agency_a, coordinator):
    record(agency_a, age_at_exploitation=None, identified_on=datetime.date(2025, 2, 1))
    record(agency_a, age_at_exploitation=12, identified_on=datetime.date(2025, 2, 1))
    CaseQuery.objects.create(indicator=indicator, agency=agency_a, statuses=["identified"])
    case_query_sync(plan=plan, user=coordinator, today=datetime.date(2025, 4, 1))
    values = _values(indicator)
    assert values[("2025-Q1", "")] == 2
    assert not any(key[1].startswith("age_group") for key in values)
    comment = IndicatorValue.objects.get(indicator=indicator, breakdown="").comment
    assert "age_group" in comment


def test_it_applies_the_query_filters(plan, indicator, agency_a, coordinator):
    record(agency_a, exploitation=["labour"], identified_on=datetime.date(2025, 2, 1))
    record(agency_a, exploitation=["sexual"], identified_on=datetime.date(2025, 2, 1))
    CaseQuery.objects.create(
        indicator=indicator,
        agency=agency_a,
        statuses=["identified", "presumed"],
        filters={"exploitation": ["labour"]},
    )
    case_query_sync(plan=plan, user=coordinator, today=datetime.date(2025, 4, 1))
    assert _values(indicator)[("2025-Q1", "")] == 1


def test_it_updates_values_when_records_change(plan, indicator, agency_a, coordinator):
    CaseQuery.objects.create(indicator=indicator, agency=agency_a, statuses=["identified"])
    record(agency_a, identified_on=datetime.date(2025, 2, 1))
    case_query_sync(plan=plan, user=coordinator, today=datetime.date(2025, 4, 1))
    record(agency_a, identified_on=datetime.date(2025, 2, 2))
    case_query_sync(plan=plan, user=coordinator, today=datetime.date(2025, 4, 1))
    assert _values(indicator)[("2025-Q1", "")] == 2


def test_it_refuses_anyone_but_the_coordinator(plan, reporter_a, case_officer_a, viewer):
    for user in (reporter_a, case_officer_a, viewer):
        with pytest.raises(PermissionDenied):
            case_query_sync(plan=plan, user=user)


def test_it_records_for_the_only_coordinator_when_no_user_is_given(
    plan, indicator, agency_a, coordinator
):
    CaseQuery.objects.create(indicator=indicator, agency=agency_a, statuses=["identified"])
    record(agency_a, identified_on=datetime.date(2025, 2, 1))
    case_query_sync(plan=plan, today=datetime.date(2025, 4, 1))
    value = IndicatorValue.objects.get(indicator=indicator, breakdown="")
    assert value.entered_by == coordinator


def test_it_binds_only_an_agency_responsible_for_the_indicator(
    indicator, agency_a, agency_b, coordinator, reporter_a
):
    with pytest.raises(ValidationError) as refused:
        case_query_save(
            indicator=indicator,
            agency=agency_b,
            statuses=["identified"],
            filters={},
            user=coordinator,
        )
    assert "agency" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        case_query_save(
            indicator=indicator,
            agency=agency_a,
            statuses=["identified"],
            filters={},
            user=reporter_a,
        )
    query = case_query_save(
        indicator=indicator,
        agency=agency_a,
        statuses=["identified"],
        filters={"sex": ["F"]},
        user=coordinator,
    )
    assert query.filters == {"sex": ["F"]}
