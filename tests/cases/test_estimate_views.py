"""The hidden-victims pages (cases/views/estimates.py): who sees what, the request form's
errors beside their fields, publishing by POST only, and the audit of every read."""

import json
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from cases.models import CaseAccess, EstimateStatus, PopulationEstimate
from tests import factories
from tests.cases.estimation_data import ESTIMATE_NAMES, SMALL_CELL_HISTORIES, done_estimate

LIST_URL = "cases:estimate_list"
DETAIL_URL = "cases:estimate_detail"
REQUEST_URL = "cases:estimate_request"
LAST_YEAR = timezone.localdate().year - 1

# Three lists whose overlaps hold small counts (7, 4): a viewer must never see them.
NAMES, HISTORIES = ESTIMATE_NAMES, SMALL_CELL_HISTORIES


@pytest.fixture
def agency_c(db) -> Agency:
    return factories.AgencyFactory.create(code="LAB", name="Labour Inspectorate")


def make_estimate(
    *, coordinator: User, year: int = LAST_YEAR, published: bool = False, **result: Any
) -> PopulationEstimate:
    """A done estimate of HISTORIES (computed without bootstrap), its result's fields replaced
    by `result` (e.g. a distinctive estimate)."""
    return done_estimate(
        coordinator=coordinator,
        names=NAMES,
        histories=HISTORIES,
        year=year,
        published=published,
        **result,
    )


@pytest.fixture
def published(coordinator, agency_a, agency_b, agency_c) -> PopulationEstimate:
    return make_estimate(
        coordinator=coordinator, published=True, estimate=2483.4, ci_low=2101.2, ci_high=3049.7
    )


@pytest.fixture
def unpublished(coordinator, agency_a, agency_b, agency_c) -> PopulationEstimate:
    return make_estimate(coordinator=coordinator)


def detail(estimate: PopulationEstimate) -> str:
    return reverse(DETAIL_URL, args=[estimate.pk])


def numbers_in_cells(page: str) -> list[int]:
    """Every whole number shown alone in a table cell."""
    return [
        int(found.replace("\u202f", ""))
        for found in re.findall(r"<td class=\"numeric\">\s*([\d\u202f]+)\s*</td>", page)
    ]


def chart_counts(page: str) -> list[int]:
    """Every count the overlap chart's data carries."""
    match = re.search(r'<script class="chart-spec" id="chart-overlaps"[^>]*>(.*?)</script>', page)
    assert match is not None
    spec = json.loads(match.group(1))
    counts = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("persons"), int):
                counts.append(node["persons"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return counts


# --- Who sees what ---------------------------------------------------------------------------


def test_it_shows_the_coordinator_every_estimate_with_true_figures(
    client_of, coordinator, published, unpublished
):
    page = client_of(coordinator).get(reverse(LIST_URL)).content.decode()

    assert page.count(reverse(DETAIL_URL, args=[unpublished.pk])) == 1
    assert page.count(reverse(DETAIL_URL, args=[published.pk])) == 1
    assert "2\u202f483" in page  # the true estimate
    assert 'action="/cases/estimates/request/"' in page  # the request form


def test_it_shows_the_viewer_published_estimates_only_and_rounded(
    client_of, viewer, published, unpublished
):
    page = client_of(viewer).get(reverse(LIST_URL)).content.decode()

    assert reverse(DETAIL_URL, args=[published.pk]) in page
    assert reverse(DETAIL_URL, args=[unpublished.pk]) not in page
    assert "2\u202f500" in page
    assert "2\u202f483" not in page
    assert "estimate_request" not in page
    assert "/cases/estimates/request/" not in page


def test_it_answers_404_to_a_viewer_asking_for_an_unpublished_estimate(
    client_of, viewer, unpublished
):
    assert client_of(viewer).get(detail(unpublished)).status_code == 404


def test_it_never_shows_a_viewer_a_small_count_of_a_published_estimate(
    client_of, viewer, published
):
    page = client_of(viewer).get(detail(published)).content.decode()

    shown = numbers_in_cells(page) + chart_counts(page)
    assert shown  # the page does show counts: the large ones
    assert [n for n in shown if 1 <= n <= 10] == []
    assert "withheld" in page
    assert "2\u202f500" in page
    assert "2\u202f100 to 3\u202f000" in page
    assert "2\u202f483" not in page
    assert "3\u202f049" not in page
    assert "BIC</th>" not in page  # the alternatives without their BIC


def test_it_shows_the_coordinator_true_counts_and_the_figures_as_published(
    client_of, coordinator, published
):
    page = client_of(coordinator).get(detail(published)).content.decode()

    assert {7, 4} <= set(numbers_in_cells(page))
    assert {7, 4} <= set(chart_counts(page))
    assert "2\u202f483" in page
    assert "2\u202f500" in page
    assert "BIC</th>" in page
    assert reverse("cases:estimate_unpublish", args=[published.pk]) in page


@pytest.mark.parametrize(
    "persona", ["reporter_a", "approver_a", "reporter_b", "administrator", "case_officer_a"]
)
def test_it_refuses_the_agencies_and_the_administrator(
    persona, request, client_of, published, case_officer_a
):
    client = client_of(request.getfixturevalue(persona))

    assert client.get(reverse(LIST_URL)).status_code == 403
    assert client.get(detail(published)).status_code == 403


def test_it_sends_the_anonymous_visitor_to_sign_in(anonymous, published):
    for url in (reverse(LIST_URL), detail(published)):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_it_says_why_no_estimate_exists_without_a_number(client_of, coordinator, agency_c):
    estimate = make_estimate(coordinator=coordinator, exists=False, estimate=None, ci_low=None)
    result = dict(estimate.result, reason="isolated_list", reason_detail="")
    PopulationEstimate.objects.filter(pk=estimate.pk).update(result=result)

    page = client_of(coordinator).get(detail(estimate)).content.decode()

    assert "No estimate exists" in page
    assert "shares no person with any other list" in page
    assert "estimate-headline" not in page


def test_it_says_when_the_population_is_not_set_and_where_to_set_it(
    client_of, coordinator, published, plan
):
    page = client_of(coordinator).get(detail(published)).content.decode()

    assert f"Population not set for {published.year}" in page
    if plan.starts_on.year <= published.year <= plan.ends_on.year:
        assert reverse("plans:plan_edit", args=[plan.pk]) in page


def test_it_polls_a_queued_estimate_and_reloads_once_it_is_done(
    client_of, coordinator, unpublished
):
    PopulationEstimate.objects.filter(pk=unpublished.pk).update(status=EstimateStatus.QUEUED)
    client = client_of(coordinator)

    page = client.get(detail(unpublished)).content.decode()
    polled = client.get(detail(unpublished), {"part": "status"}, HTTP_HX_REQUEST="true")
    PopulationEstimate.objects.filter(pk=unpublished.pk).update(status=EstimateStatus.DONE)
    done = client.get(detail(unpublished), {"part": "status"}, HTTP_HX_REQUEST="true")

    assert 'hx-trigger="every 3s"' in page
    assert "Waiting for the background worker" in polled.content.decode()
    assert done["HX-Refresh"] == "true"


# --- Requesting -------------------------------------------------------------------------------


def request_data(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "year": LAST_YEAR,
        "method": "auto",
        "bootstrap": 0,
        "seed": 1,
        "list_1_name": "Law enforcement",
        "list_1_agencies": ["POL"],
        "list_2_name": "Shelters",
        "list_2_agencies": ["NGO1"],
        "list_3_name": "Labour inspectorate",
        "list_3_agencies": ["LAB"],
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def test_it_queues_the_coordinators_request_and_shows_its_page(
    client_of, coordinator, agency_a, agency_b, agency_c
):
    response = client_of(coordinator).post(reverse(REQUEST_URL), request_data())

    estimate = PopulationEstimate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(estimate)
    assert [item["name"] for item in estimate.lists] == list(NAMES)


def test_it_shows_a_missing_agency_beside_its_list(
    client_of, coordinator, agency_a, agency_b, agency_c
):
    data = request_data(list_3_agencies=None)

    response = client_of(coordinator).post(reverse(REQUEST_URL), data)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "has no agency" in " ".join(errors["list_3_agencies"])
    assert not PopulationEstimate.objects.exists()


def test_it_shows_too_few_lists_above_the_lists(
    client_of, coordinator, agency_a, agency_b, agency_c
):
    data = request_data(list_3_name=None, list_3_agencies=None)

    response = client_of(coordinator).post(reverse(REQUEST_URL), data)

    assert response.status_code == 400
    assert any("3 to 8 lists" in m for m in response.context["form"].list_errors)
    assert "3 to 8 lists" in response.content.decode()


def test_it_shows_a_year_to_come_beside_the_year(
    client_of, coordinator, agency_a, agency_b, agency_c
):
    response = client_of(coordinator).post(reverse(REQUEST_URL), request_data(year=LAST_YEAR + 5))

    assert response.status_code == 400
    assert response.context["form"].errors["year"]


def test_it_shows_a_list_without_a_name_beside_its_name(
    client_of, coordinator, agency_a, agency_b, agency_c
):
    response = client_of(coordinator).post(reverse(REQUEST_URL), request_data(list_2_name=""))

    assert response.status_code == 400
    assert "has no name" in " ".join(response.context["form"].errors["list_2_name"])


def test_it_shows_a_name_too_long_beside_that_name(
    client_of, coordinator, agency_a, agency_b, agency_c
):
    # The field took 100 characters where a list's name has 60: the refusal, quoting the name
    # cut short, landed above the lists.
    response = client_of(coordinator).post(reverse(REQUEST_URL), request_data(list_2_name="x" * 61))

    assert response.status_code == 400
    form = response.context["form"]
    assert "at most 60 characters" in " ".join(form.errors["list_2_name"])
    assert form.list_errors == []
    assert not PopulationEstimate.objects.exists()


def test_it_shows_an_agency_in_two_lists_beside_the_later_lists_agencies(
    client_of, coordinator, agency_a, agency_b, agency_c
):
    data = request_data(list_3_agencies=["LAB", agency_a.code])

    response = client_of(coordinator).post(reverse(REQUEST_URL), data)

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["list_3_agencies"] == [
        f"Agency {agency_a.code} is in two lists: “{NAMES[0]}” and “{NAMES[2]}”."
    ]
    assert form.list_errors == []
    assert not PopulationEstimate.objects.exists()


def test_it_refuses_a_viewers_request(client_of, viewer, agency_a, agency_b, agency_c):
    response = client_of(viewer).post(reverse(REQUEST_URL), request_data())

    assert response.status_code == 403
    assert not PopulationEstimate.objects.exists()


def test_it_prefills_the_form_to_estimate_again(client_of, coordinator, unpublished):
    response = client_of(coordinator).get(reverse(LIST_URL), {"again": unpublished.pk})

    form = response.context["form"]
    assert form["list_2_name"].value() == "Shelters"
    assert form["list_3_agencies"].value() == ["LAB"]
    assert form["year"].value() == unpublished.year


# --- Publishing -------------------------------------------------------------------------------


def test_it_publishes_only_by_post_with_the_box_ticked(client_of, coordinator, unpublished):
    client = client_of(coordinator)
    url = reverse("cases:estimate_publish", args=[unpublished.pk])

    assert client.get(url).status_code == 405
    client.post(url, {})
    unpublished.refresh_from_db()
    assert unpublished.published_at is None

    response = client.post(url, {"confirm": "on"})
    unpublished.refresh_from_db()
    assert response.status_code == 302
    assert unpublished.published_at is not None


def test_it_unpublishes_by_post(client_of, coordinator, published):
    url = reverse("cases:estimate_unpublish", args=[published.pk])

    client_of(coordinator).post(url, {"confirm": "on"})

    published.refresh_from_db()
    assert published.published_at is None


def test_it_refuses_a_viewer_publishing_or_unpublishing(client_of, viewer, published, unpublished):
    client = client_of(viewer)
    unpublish = client.post(
        reverse("cases:estimate_unpublish", args=[published.pk]), {"confirm": "on"}
    )
    publish = client.post(
        reverse("cases:estimate_publish", args=[unpublished.pk]), {"confirm": "on"}
    )

    assert (unpublish.status_code, publish.status_code) == (403, 403)
    published.refresh_from_db()
    assert published.published_at is not None


def test_it_audits_a_viewers_request_or_publication_as_refused_and_as_no_read(
    client_of, viewer, published, unpublished
):
    client = client_of(viewer)
    client.post(reverse(REQUEST_URL), request_data())
    client.post(reverse("cases:estimate_publish", args=[unpublished.pk]), {"confirm": "on"})
    client.post(reverse("cases:estimate_unpublish", args=[published.pk]), {"confirm": "on"})

    audited = list(CaseAccess.objects.order_by("pk").values_list("action", "target"))
    assert audited == [
        ("refused", "403 estimate request"),
        ("refused", f"403 publish estimate {unpublished.pk}"),
        ("refused", f"403 unpublish estimate {published.pk}"),
    ]


# --- Audit ------------------------------------------------------------------------------------


def test_it_audits_every_read_and_every_refusal(client_of, viewer, reporter_a, published):
    client_of(viewer).get(reverse(LIST_URL))
    client_of(viewer).get(detail(published))
    client_of(reporter_a).get(detail(published))

    targets = list(CaseAccess.objects.order_by("pk").values_list("user__username", "action"))
    assert ("viewer", "estimate") in targets
    assert targets.count(("viewer", "estimate")) == 2
    assert ("reporter_a", "refused") in targets


def test_it_keeps_the_pages_out_of_caches(client_of, viewer, published):
    response = client_of(viewer).get(detail(published))

    assert "no-store" in response["Cache-Control"]
