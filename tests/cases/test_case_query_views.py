"""The coordinator's pages binding indicators to case queries, and the sync button: refused to
every other role, audited through the service, a fixed number of queries for the list."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.models import CaseQuery
from plans.models import Dimension
from reporting.models import IndicatorValue
from tests import factories
from tests.cases.stats_data import record

pytestmark = pytest.mark.django_db

OTHERS = ["reporter_a", "approver_a", "reporter_b", "case_officer_a", "viewer", "administrator"]


@pytest.fixture
def plan(agency_a):
    return factories.PlanFactory.create(
        code="NAP-V", starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 12, 31)
    )


@pytest.fixture
def indicator(plan, agency_a):
    objective = factories.ObjectiveFactory.create(area=factories.AreaFactory.create(plan=plan))
    made = factories.IndicatorFactory.create(
        objective=objective, code="V1", responsible=[agency_a], baseline=Decimal(0)
    )
    made.dimensions.set(Dimension.objects.filter(code="sex"))
    return made


def _urls(plan, indicator) -> dict[str, tuple[str, str]]:
    return {
        "list": ("get", reverse("cases:case_query_list", args=[plan.pk])),
        "edit": ("get", reverse("cases:case_query_edit", args=[indicator.pk])),
        "save": ("post", reverse("cases:case_query_edit", args=[indicator.pk])),
        "remove": ("post", reverse("cases:case_query_remove", args=[indicator.pk])),
        "sync": ("post", reverse("cases:case_query_sync", args=[plan.pk])),
    }


def test_it_binds_an_indicator_and_counts_it(client_of, coordinator, plan, indicator, agency_a):
    client = client_of(coordinator)
    assert client.get(reverse("cases:case_query_edit", args=[indicator.pk])).status_code == 200
    response = client.post(
        reverse("cases:case_query_edit", args=[indicator.pk]),
        {"agency": agency_a.pk, "statuses": ["identified"], "exploitation": ["labour"]},
    )
    assert response.status_code == 302
    query = CaseQuery.objects.get(indicator=indicator)
    assert query.filters == {"exploitation": ["labour"]}
    record(agency_a, exploitation=["labour"], identified_on=datetime.date(2020, 2, 1))
    response = client.post(reverse("cases:case_query_sync", args=[plan.pk]), follow=True)
    assert response.status_code == 200
    total = IndicatorValue.objects.get(indicator=indicator, period="2020-Q1", breakdown="")
    assert total.value == 1
    page = client.get(reverse("cases:case_query_list", args=[plan.pk])).content.decode()
    assert "exploitation = labour" in page


def test_it_shows_a_refused_binding_at_the_field(client_of, coordinator, indicator):
    response = client_of(coordinator).post(
        reverse("cases:case_query_edit", args=[indicator.pk]),
        {"statuses": ["identified"], "nationality": "ARM, XYZ"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["agency"]
    assert "XYZ" in response.context["form"].errors["nationality"][0]
    assert not CaseQuery.objects.exists()


def test_it_keeps_citizenship_filters(client_of, coordinator, indicator, agency_a):
    client_of(coordinator).post(
        reverse("cases:case_query_edit", args=[indicator.pk]),
        {"agency": agency_a.pk, "statuses": ["presumed"], "nationality": "arm, rus"},
    )
    assert CaseQuery.objects.get().filters == {"nationality": ["ARM", "RUS"]}
    page = client_of(coordinator).get(reverse("cases:case_query_edit", args=[indicator.pk]))
    assert page.context["form"]["nationality"].value() == "ARM, RUS"


def test_it_unbinds_an_indicator(client_of, coordinator, indicator, agency_a):
    CaseQuery.objects.create(indicator=indicator, agency=agency_a, statuses=["identified"])
    response = client_of(coordinator).post(reverse("cases:case_query_remove", args=[indicator.pk]))
    assert response.status_code == 302
    assert not CaseQuery.objects.exists()


@pytest.mark.parametrize("persona", OTHERS)
@pytest.mark.parametrize("action", ["list", "edit", "save", "remove", "sync"])
def test_it_refuses_other_roles(persona, action, request, client_of, plan, indicator, agency_a):
    CaseQuery.objects.create(indicator=indicator, agency=agency_a, statuses=["identified"])
    method, url = _urls(plan, indicator)[action]
    response = getattr(client_of(request.getfixturevalue(persona)), method)(
        url, {"agency": agency_a.pk}
    )
    assert response.status_code == 403
    assert CaseQuery.objects.count() == 1


@pytest.mark.parametrize("action", ["list", "edit", "save", "remove", "sync"])
def test_it_sends_anonymous_visitors_to_sign_in(action, anonymous, plan, indicator):
    method, url = _urls(plan, indicator)[action]
    response = getattr(anonymous, method)(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_it_lists_indicators_in_a_fixed_number_of_queries(
    client_of, coordinator, plan, indicator, agency_a, django_assert_max_num_queries
):
    objective = indicator.objective
    for n in range(15):
        extra = factories.IndicatorFactory.create(
            objective=objective, code=f"X{n}", responsible=[agency_a]
        )
        CaseQuery.objects.create(indicator=extra, agency=agency_a, statuses=["identified"])
    client = client_of(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("cases:case_query_list", args=[plan.pk]))
    assert response.content.decode().count("Change") >= 15
