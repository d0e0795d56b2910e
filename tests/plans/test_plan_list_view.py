"""The list of plans: every plan the user may see, with its period, status, size and budget;
drafts only for coordinators."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import PlanStatus
from tests import factories


def list_url() -> str:
    return reverse("plans:plan_list")


def test_it_lists_a_plan_with_its_size_and_budget(client_of, reporter_a, plan):
    plan.activities.filter(code="2.1.1").update(budget=Decimal("1234.50"))

    response = client_of(reporter_a).get(list_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("plans:plan_tree", args=[plan.pk]) in page
    for text in [
        "Test plan 2024–2026",
        "NAP-TEST",
        "Ruritania",
        "2024-01-01",
        "2026-12-31",
        "Adopted",
        "2\u202f234.50 EUR",
    ]:
        assert text in page, text
    row = page[page.index("NAP-TEST") :]
    # Two areas, two activities, one indicator, in the order of the columns.
    cells = [cell.split("</td>")[0] for cell in row.split('<td class="numeric">')[1:4]]
    assert cells == ["2", "2", "1"]


def test_it_hides_draft_plans_from_agency_users(client_of, reporter_a, viewer, plan):
    factories.PlanFactory(title="Secret draft", status=PlanStatus.DRAFT)

    for user in [reporter_a, viewer]:
        page = client_of(user).get(list_url()).content.decode()
        assert "Secret draft" not in page
        assert "Test plan 2024–2026" in page


def test_it_shows_draft_plans_to_the_coordinator(client_of, coordinator, plan):
    factories.PlanFactory(title="Secret draft", status=PlanStatus.DRAFT)

    page = client_of(coordinator).get(list_url()).content.decode()

    assert "Secret draft" in page
    assert "Draft" in page


def test_it_offers_the_coordinator_new_plan_upload_and_template(client_of, coordinator, plan):
    page = client_of(coordinator).get(list_url()).content.decode()

    for name in ["plan_create", "upload", "blank_template"]:
        assert reverse(f"plans:{name}") in page, name


@pytest.mark.parametrize("persona", ["reporter_a", "viewer", "administrator"])
def test_it_offers_no_change_to_others(client_of, request, persona, plan):
    page = client_of(request.getfixturevalue(persona)).get(list_url()).content.decode()

    assert reverse("plans:plan_create") not in page
    assert reverse("plans:upload") not in page


def test_it_says_when_there_is_no_plan(client_of, reporter_a):
    page = client_of(reporter_a).get(list_url()).content.decode()

    assert "There is no plan to show yet." in page


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, db):
    response = anonymous.get(list_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_lists_many_plans_in_a_bounded_number_of_queries(
    client_of, coordinator, plan, django_assert_max_num_queries
):
    for _ in range(30):
        other = factories.PlanFactory()
        factories.grow_plan(other, activities=2)
    client = client_of(coordinator)

    with django_assert_max_num_queries(10):
        response = client.get(list_url())

    assert response.content.decode().count('<th scope="row">') == 31
