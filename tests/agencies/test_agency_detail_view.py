"""One agency: its place in the tree, the agencies below it, its people and its part in the
plans (activities it leads or partners in, indicators it is responsible for), only in plans
the reader may see."""

import pytest
from django.urls import reverse

from accounts.models import Role
from plans.models import PlanStatus
from tests import factories


def detail_url(agency) -> str:
    return reverse("agencies:detail", args=[agency.pk])


def test_it_shows_the_agency_in_the_tree_with_its_people(
    client_of, reporter_b, agency_a, secretariat
):
    agency_a.parent = secretariat
    agency_a.email = "police@example.org"
    agency_a.save()
    town = factories.AgencyFactory(code="POL-T", name="Town police", parent=agency_a)
    factories.UserFactory(
        username="clerk",
        first_name="Ana",
        last_name="Petrosyan",
        agency=agency_a,
        roles=[Role.REPORTER, Role.APPROVER],
    )
    factories.UserFactory(username="gone", agency=agency_a, is_active=False)

    response = client_of(reporter_b).get(detail_url(agency_a))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>National Police</h1>" in page
    for text in [
        "POL",
        "Police",
        "State body",
        "police@example.org",
        "National Coordinator&#x27;s Secretariat",
        "Town police",
        "Ana Petrosyan",
        "clerk",
        "Agency reporter, Agency approver",
    ]:
        assert text in page, text
    assert "gone" not in page
    assert reverse("agencies:detail", args=[secretariat.pk]) in page
    assert reverse("agencies:detail", args=[town.pk]) in page


def test_it_shows_its_part_in_the_plans_with_links(client_of, reporter_b, plan, agency_a, agency_b):
    partnered = plan.activities.get(code="2.1.2")
    partnered.partner_agencies.add(agency_a)

    page = client_of(reporter_b).get(detail_url(agency_a)).content.decode()

    led = plan.activities.get(code="2.1.1")
    indicator = plan.indicators.get(code="I2.1")
    for url in [
        reverse("plans:activity_detail", args=[plan.pk, led.pk]),
        reverse("plans:activity_detail", args=[plan.pk, partnered.pk]),
        reverse("plans:indicator_detail", args=[plan.pk, indicator.pk]),
        reverse("plans:plan_tree", args=[plan.pk]),
    ]:
        assert url in page, url
    leads_at = page.index("Activities it leads")
    partners_at = page.index("Activities it is a partner in")
    indicators_at = page.index("Indicators it is responsible for")
    assert leads_at < page.index(">2.1.1<") < partners_at < page.index(">2.1.2<") < indicators_at
    assert page.index(">I2.1<") > indicators_at


def test_it_rolls_up_the_activities_led_by_its_branch(client_of, reporter_b, plan, agency_a):
    town = factories.AgencyFactory(code="POL-T", parent=agency_a)
    factories.ActivityFactory(objective=plan.objectives.get(code="3.1"), lead_agency=town)

    page = client_of(reporter_b).get(detail_url(agency_a)).content.decode()

    branch = page[page.index("Agencies in its branch") :]
    assert "<dd>2</dd>" in branch.split("</dl>")[0]
    led = branch[branch.index("Activities led by its branch") :]
    assert led.split("</dd>")[0].endswith("<dd>2")


@pytest.mark.parametrize("persona", ["reporter_a", "reporter_b", "viewer"])
def test_it_hides_the_agencys_part_in_draft_plans(client_of, request, persona, agency_a):
    draft = factories.PlanFactory(status=PlanStatus.DRAFT)
    hidden = factories.ActivityFactory(
        objective=factories.ObjectiveFactory(area=factories.AreaFactory(plan=draft)),
        code="SECRET-1",
        lead_agency=agency_a,
    )
    factories.IndicatorFactory(objective=hidden.objective, code="SECRET-I", responsible=[agency_a])

    page = client_of(request.getfixturevalue(persona)).get(detail_url(agency_a)).content.decode()

    assert "SECRET-1" not in page
    assert "SECRET-I" not in page


def test_it_shows_the_coordinator_the_agencys_part_in_draft_plans(client_of, coordinator, agency_a):
    draft = factories.PlanFactory(status=PlanStatus.DRAFT)
    factories.ActivityFactory(
        objective=factories.ObjectiveFactory(area=factories.AreaFactory(plan=draft)),
        code="SECRET-1",
        lead_agency=agency_a,
    )

    page = client_of(coordinator).get(detail_url(agency_a)).content.decode()

    assert "SECRET-1" in page
    assert reverse("agencies:edit", args=[agency_a.pk]) in page
    assert f"{reverse('agencies:create')}?parent={agency_a.pk}" in page


@pytest.mark.parametrize("persona", ["reporter_a", "viewer", "administrator"])
def test_it_shows_others_no_edit_control(client_of, request, persona, agency_a):
    page = client_of(request.getfixturevalue(persona)).get(detail_url(agency_a)).content.decode()

    assert reverse("agencies:edit", args=[agency_a.pk]) not in page
    assert reverse("agencies:create") not in page


def test_it_answers_404_for_an_agency_that_does_not_exist(client_of, reporter_a):
    assert client_of(reporter_a).get(reverse("agencies:detail", args=[987654])).status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, agency_a):
    response = anonymous.get(detail_url(agency_a))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_shows_a_busy_agency_in_a_bounded_number_of_queries(
    client_of, coordinator, plan, agency_a, django_assert_max_num_queries
):
    parent = None
    for _ in range(10):
        parent = factories.AgencyFactory(parent=parent)
    agency_a.parent = parent
    agency_a.save()
    objective = plan.objectives.get(code="3.1")
    for _ in range(30):
        factories.AgencyFactory(parent=agency_a)
        factories.UserFactory(agency=agency_a, roles=[Role.REPORTER], password="!")
        factories.ActivityFactory(objective=objective, lead_agency=agency_a)
        factories.ActivityFactory(objective=objective).partner_agencies.add(agency_a)
        factories.IndicatorFactory(objective=objective, responsible=[agency_a])
    client = client_of(coordinator)

    with django_assert_max_num_queries(20):
        response = client.get(detail_url(agency_a))

    assert response.content.decode().count("/activities/") >= 61
