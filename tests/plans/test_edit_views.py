"""Who may open the coordinator's edit pages, and the plan's own create and edit pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import Plan, StrategicArea
from tests import factories

pytestmark = pytest.mark.django_db


def _edit_urls(plan) -> list[str]:
    area = plan.areas.get(code="2")
    objective = plan.objectives.get(code="2.1")
    activity = plan.activities.get(code="2.1.1")
    indicator = plan.indicators.get(code="I2.1")
    pid = plan.pk
    return [
        reverse("plans:plan_create"),
        reverse("plans:plan_edit", args=[pid]),
        reverse("plans:area_create", args=[pid]),
        reverse("plans:area_edit", args=[pid, area.pk]),
        reverse("plans:objective_create", args=[pid]),
        reverse("plans:objective_edit", args=[pid, objective.pk]),
        reverse("plans:activity_create", args=[pid]),
        reverse("plans:activity_edit", args=[pid, activity.pk]),
        reverse("plans:indicator_create", args=[pid]),
        reverse("plans:indicator_edit", args=[pid, indicator.pk]),
        reverse("plans:element_delete", args=[pid, "area", area.pk]),
        reverse("plans:element_delete", args=[pid, "objective", objective.pk]),
        reverse("plans:element_delete", args=[pid, "activity", activity.pk]),
        reverse("plans:element_delete", args=[pid, "indicator", indicator.pk]),
    ]


def _snapshot() -> list:
    from plans.models import Activity, Indicator, Objective

    return [
        list(model.objects.order_by("pk").values())
        for model in (Plan, StrategicArea, Objective, Activity, Indicator)
    ]


def test_it_shows_every_edit_page_to_the_coordinator(client_of, coordinator, plan):
    client = client_of(coordinator)
    for url in _edit_urls(plan):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'<form method="post"' in response.content, url


def test_it_sends_anonymous_visitors_to_sign_in(anonymous, plan):
    before = _snapshot()
    for url in _edit_urls(plan):
        for response in (anonymous.get(url), anonymous.post(url, {"code": "X"})):
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("accounts:login")), url
    assert _snapshot() == before


@pytest.mark.parametrize("persona", ["reporter_a", "approver_a", "viewer", "reporter_b"])
def test_it_refuses_every_edit_page_to_other_roles(client_of, personas, plan, persona):
    client = client_of(personas[persona])
    before = _snapshot()
    for url in _edit_urls(plan):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"code": "X", "name": "Y"}).status_code == 403, url
    assert _snapshot() == before


def test_it_hides_a_draft_plan_from_other_roles(client_of, viewer, plan):
    plan.status = "draft"
    plan.save()
    client = client_of(viewer)
    for url in _edit_urls(plan)[1:]:
        assert client.get(url).status_code == 404, url


def test_it_answers_404_for_an_element_of_another_plan(client_of, coordinator, plan):
    other = factories.PlanFactory()
    client = client_of(coordinator)
    before = _snapshot()
    for url in _edit_urls(plan)[2:]:
        foreign = url.replace(f"/plans/{plan.pk}/", f"/plans/{other.pk}/")
        if foreign.endswith("/new/"):
            continue  # creating in another plan is allowed; tested per element
        assert client.get(foreign).status_code == 404, foreign
        assert client.post(foreign, {"code": "X"}).status_code == 404, foreign
    assert _snapshot() == before


def test_it_answers_404_for_a_plan_that_does_not_exist(client_of, coordinator):
    client = client_of(coordinator)
    assert client.get(reverse("plans:plan_edit", args=[999999])).status_code == 404
    assert client.get(reverse("plans:area_create", args=[999999])).status_code == 404


# The plan's own pages --------------------------------------------------------------------------

PLAN_POST = {
    "code": "NAP-2025",
    "title": "National Action Plan 2025–2027",
    "country": "Armenia",
    "starts_on": "2025-01-01",
    "ends_on": "2027-12-31",
    "currency": "amd",
    "status": "draft",
    "languages": ["en", "hy"],
    "report_deadline_days": "15",
    "reminder_days_before": "5",
    "reminder_days_after": "3",
    "on_track_from": "0.90",
    "at_risk_from": "0.60",
    "maintain_tolerance": "0.05",
    "seed_default_areas": "on",
}


def test_it_creates_a_plan_from_the_form(client_of, coordinator):
    response = client_of(coordinator).post(reverse("plans:plan_create"), PLAN_POST, follow=True)
    plan = Plan.objects.get(code="NAP-2025")
    assert response.redirect_chain == [(reverse("plans:plan_tree", args=[plan.pk]), 302)]
    assert "Plan NAP-2025 created." in response.content.decode()
    assert (plan.currency, plan.language_list, plan.areas.count()) == ("AMD", ["en", "hy"], 5)


def test_it_creates_a_plan_without_the_usual_areas(client_of, coordinator):
    data = {key: value for key, value in PLAN_POST.items() if key != "seed_default_areas"}
    client_of(coordinator).post(reverse("plans:plan_create"), data)
    assert Plan.objects.get(code="NAP-2025").areas.count() == 0


def test_it_shows_what_is_wrong_with_a_new_plan_and_stores_nothing(client_of, coordinator):
    data = {**PLAN_POST, "ends_on": "2024-01-01", "languages": [], "currency": "euro"}
    response = client_of(coordinator).post(reverse("plans:plan_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The plan cannot end before it starts." in page
    assert "Choose at least one language." in page
    assert "Nothing was saved" in page
    assert 'href="#id_ends_on"' in page  # the summary links to the field
    assert not Plan.objects.exists()


def test_it_edits_a_plan(client_of, coordinator, plan):
    url = reverse("plans:plan_edit", args=[plan.pk])
    client = client_of(coordinator)
    page = client.get(url).content.decode()
    assert 'value="NAP-TEST"' in page
    assert 'value="2024-01-01"' in page
    data = {**PLAN_POST, "code": "NAP-TEST", "starts_on": "2024-01-01", "status": "closed"}
    response = client.post(url, data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.status, plan.ends_on.year) == (PLAN_POST["title"], "closed", 2027)


def test_it_maps_a_service_refusal_onto_the_plan_form(client_of, coordinator, plan):
    # Only the service knows the activities: a period that strands them is refused there.
    data = {**PLAN_POST, "code": "NAP-TEST", "starts_on": "2025-01-01"}
    response = client_of(coordinator).post(reverse("plans:plan_edit", args=[plan.pk]), data)
    assert response.status_code == 200
    assert "Activities 2.1.1, 2.1.2 are planned outside this period" in response.content.decode()
    plan.refresh_from_db()
    assert (plan.title, plan.starts_on.year) == ("Test plan 2024–2026", 2024)


def test_it_offers_the_default_reporting_calendar_on_a_new_plan(client_of, coordinator):
    page = client_of(coordinator).get(reverse("plans:plan_create")).content.decode()
    assert "<legend>Reporting calendar</legend>" in page
    for name, value in [
        ("report_deadline_days", "15"),
        ("reminder_days_before", "5"),
        ("reminder_days_after", "3"),
    ]:
        assert f'name="{name}" value="{value}"' in page
        assert f'<label for="id_{name}">' in page


def test_it_creates_a_plan_with_its_own_reporting_calendar(client_of, coordinator):
    data = {
        **PLAN_POST,
        "report_deadline_days": "30",
        "reminder_days_before": "0",
        "reminder_days_after": "90",
    }
    client_of(coordinator).post(reverse("plans:plan_create"), data)
    plan = Plan.objects.get(code="NAP-2025")
    assert (plan.report_deadline_days, plan.reminder_days_before, plan.reminder_days_after) == (
        30,
        0,
        90,
    )


def test_it_edits_the_reporting_calendar_and_shows_it_on_the_plan(client_of, coordinator, plan):
    url = reverse("plans:plan_edit", args=[plan.pk])
    client = client_of(coordinator)
    data = {
        **PLAN_POST,
        "code": "NAP-TEST",
        "starts_on": "2024-01-01",
        "report_deadline_days": "45",
        "reminder_days_before": "1",
        "reminder_days_after": "7",
    }
    page = client.post(url, data, follow=True).content.decode()
    plan.refresh_from_db()
    assert (plan.report_deadline_days, plan.reminder_days_before, plan.reminder_days_after) == (
        45,
        1,
        7,
    )
    assert "Reports due 45 days after each quarter" in page
    assert "Reminders from 1 day before the deadline" in page
    assert "overdue reminders 7 days after it" in page
    assert 'name="report_deadline_days" value="45"' in client.get(url).content.decode()


SHARE = "Enter a share above 0 and at most 1, with at most two decimals, like 0.90."
TOLERANCE = "Enter a share from 0 to 1, with at most two decimals, like 0.05."
DAYS_365 = "Enter a whole number of days from 0 to 365."
DAYS_90 = "Enter a whole number of days from 0 to 90."
PLAN_SETTING_DEFAULTS = {
    "report_deadline_days": 15,
    "reminder_days_before": 5,
    "reminder_days_after": 3,
    "on_track_from": Decimal("0.90"),
    "at_risk_from": Decimal("0.60"),
    "maintain_tolerance": Decimal("0.05"),
}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("report_deadline_days", "366", DAYS_365),
        ("report_deadline_days", "2.5", DAYS_365),
        ("reminder_days_before", "-1", DAYS_90),
        ("reminder_days_after", "", DAYS_90),
        ("reminder_days_after", "a week", DAYS_90),
        ("on_track_from", "1.2", SHARE),
        ("at_risk_from", "0", SHARE),
        ("at_risk_from", "0.655", SHARE),
        ("at_risk_from", "0.95", "At risk must start below on track (0.90)."),
        ("maintain_tolerance", "-0.05", TOLERANCE),
        ("maintain_tolerance", "", TOLERANCE),
        ("on_track_from", "most", SHARE),
    ],
)
def test_it_refuses_a_plan_setting_out_of_range(
    client_of, coordinator, plan, field, value, message
):
    # The reporting calendar and the progress thresholds are one kind of optional plan setting.
    url = reverse("plans:plan_edit", args=[plan.pk])
    data = {**PLAN_POST, "code": "NAP-TEST", "starts_on": "2024-01-01", field: value}
    response = client_of(coordinator).post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(message) == 2  # summary and field
    assert f'href="#id_{field}"' in page
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in page
    plan.refresh_from_db()
    assert plan.title == "Test plan 2024–2026"
    assert {name: getattr(plan, name) for name in PLAN_SETTING_DEFAULTS} == PLAN_SETTING_DEFAULTS


@pytest.mark.parametrize("name", ["objective_create", "activity_create", "indicator_create"])
def test_it_builds_the_choice_lists_in_a_bounded_number_of_queries(
    client_of, coordinator, plan, django_assert_max_num_queries, name
):
    # 60 activities, 120 indicators, 60 nested objectives, 240 agencies: an N+1 would show.
    factories.grow_plan(plan, activities=60)
    client = client_of(coordinator)
    url = reverse(f"plans:{name}", args=[plan.pk])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<option") > 60


def test_it_offers_the_default_progress_thresholds_on_a_new_plan(client_of, coordinator):
    page = client_of(coordinator).get(reverse("plans:plan_create")).content.decode()
    assert "<legend>Progress thresholds</legend>" in page
    for name, value in [
        ("on_track_from", "0.90"),
        ("at_risk_from", "0.60"),
        ("maintain_tolerance", "0.05"),
    ]:
        assert f'name="{name}" value="{value}"' in page
        assert f'<label for="id_{name}">' in page


def test_it_edits_the_progress_thresholds_and_shows_them_on_the_plan(client_of, coordinator, plan):
    url = reverse("plans:plan_edit", args=[plan.pk])
    client = client_of(coordinator)
    data = {
        **PLAN_POST,
        "code": "NAP-TEST",
        "starts_on": "2024-01-01",
        "on_track_from": "1",
        "at_risk_from": "0.75",
        "maintain_tolerance": "0",
    }
    page = client.post(url, data, follow=True).content.decode()
    plan.refresh_from_db()
    assert (plan.on_track_from, plan.at_risk_from, plan.maintain_tolerance) == (
        Decimal(1),
        Decimal("0.75"),
        Decimal(0),
    )
    assert "On track from progress 100 %, at risk from 75 %" in page
    assert "“maintain” indicators may drift 0 % of their baseline" in page
    assert 'name="at_risk_from" value="0.75"' in client.get(url).content.decode()
