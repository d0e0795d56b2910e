"""The public page of a plan: its headline indicators judged on accepted values as of the latest
quarter whose reports are due, each with a chart and its table, and its published documents;
nothing else, to anyone, signed in or not."""

import datetime
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from plans.models import PlanStatus
from progress.engine import Status
from tests import factories
from tests.public.world import SECRETS

pytestmark = pytest.mark.django_db


def _url(plan) -> str:
    return reverse("public:plan_detail", args=[plan.pk])


def _by_code(response) -> dict:
    return {item.row.indicator.code: item for item in response.context["indicators"]}


def test_it_shows_the_headline_indicators_to_the_anonymous_visitor(anonymous, world):
    response = anonymous.get(_url(world.plan))

    assert response.status_code == 200
    shown = _by_code(response)
    assert list(shown) == ["H-1", "H-2"]
    # 4 accepted quarters of 10; the submitted 777 of 2024-Q4 is not counted.
    assert (shown["H-1"].row.actual, shown["H-1"].row.status) == (Decimal(40), Status.AT_RISK)
    assert (shown["H-2"].rating, shown["H-2"].row.status) == ("Largely achieved", Status.ON_TRACK)
    page = response.content.decode()
    assert "Figures as of <strong>2025-Q4</strong>" in page
    assert "Victims identified and referred" in page
    assert "At risk" in page


def test_it_says_the_figures_are_as_of_the_latest_quarter_whose_reports_are_due(anonymous, world):
    plan = world.plan
    # A plan running now: the quarter just ended is not due until its deadline has passed.
    today = datetime.date.today()
    plan.starts_on, plan.ends_on = (
        datetime.date(today.year - 1, 1, 1),
        datetime.date(today.year + 1, 12, 31),
    )
    plan.report_deadline_days = 400  # no quarter of the last 400 days is due yet
    plan.save()

    response = anonymous.get(_url(plan))

    as_of = response.context["as_of"]
    assert as_of.end + datetime.timedelta(days=400) < today
    assert (as_of.end + datetime.timedelta(days=400 + 92)) >= today


def test_it_says_so_when_no_quarter_is_due_yet(anonymous, world):
    world.plan.starts_on = datetime.date.today() + datetime.timedelta(days=30)
    world.plan.ends_on = world.plan.starts_on + datetime.timedelta(days=800)
    world.plan.save()

    response = anonymous.get(_url(world.plan))

    assert response.context["as_of"] is None
    assert "No reporting quarter of this plan has closed yet" in response.content.decode()


def test_it_draws_the_trend_of_accepted_values_with_a_table_view(anonymous, world):
    response = anonymous.get(_url(world.plan))

    table = _by_code(response)["H-1"].chart["table"]
    assert table["columns"] == ["Period", "Actual", "Expected", "End target"]
    # Cumulative actual per quarter; 2024 had nothing accepted (only the submitted 2024-Q4).
    actuals = {row[0]: row[1] for row in table["rows"]}
    assert actuals["2024-Q4"] is None
    assert [actuals[q] for q in ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4")] == [10, 20, 30, 40]
    assert table["rows"][-1][2] == 50.0  # expected on the plan's last day: the end target
    page = response.content.decode()
    spec_json = re.search(
        rf'<script class="chart-spec" id="chart-indicator-{world.headline.pk}" '
        r'type="application/json">(.*?)</script>',
        page,
        re.S,
    )
    assert spec_json is not None
    assert json.loads(spec_json.group(1))["usermeta"]["table"]["rows"] == table["rows"]
    assert "<caption>H-1 Victims identified and referred</caption>" in page


def test_it_shows_no_chart_for_a_qualitative_indicator(anonymous, world):
    response = anonymous.get(_url(world.plan))

    assert _by_code(response)["H-2"].chart is None


def test_it_lists_the_published_documents_only(anonymous, world):
    response = anonymous.get(_url(world.plan))

    assert {d.pk for d in response.context["documents"]} == {
        world.annual_pdf.pk,
        world.quarterly_docx.pk,
    }
    page = response.content.decode()
    for document in (world.annual_pdf, world.quarterly_docx):
        assert reverse("public:document_download", args=[world.plan.pk, document.pk]) in page
    assert (
        reverse("public:document_download", args=[world.plan.pk, world.unpublished.pk]) not in page
    )


def test_it_lists_a_document_published_again_once(anonymous, world):
    world.annual_pdf.pk = None
    world.annual_pdf.save()  # a corrected edition, published later

    response = anonymous.get(_url(world.plan))

    assert [d.pk for d in response.context["documents"]].count(world.annual_pdf.pk) == 1
    assert len(response.context["documents"]) == 2


@pytest.mark.parametrize("secret", sorted(SECRETS))
def test_it_never_shows_what_is_not_public(anonymous, world, secret):
    page = anonymous.get(_url(world.plan)).content.decode()

    assert SECRETS[secret] not in page


def test_it_shows_no_user_name(anonymous, world, coordinator, reporter_a):
    # Names no page text could hold by chance; the coordinator created every document.
    for user, name in ((coordinator, "Coordinatrix"), (reporter_a, "Reportington")):
        user.username, user.first_name, user.last_name = f"u-{name}", "Ann", name
        user.save()

    page = anonymous.get(_url(world.plan)).content.decode()

    assert not re.search("Coordinatrix|Reportington", page)


def test_it_shows_no_indicator_that_is_not_headline(anonymous, world):
    response = anonymous.get(_url(world.plan))

    assert world.hidden.pk not in {item.row.indicator.pk for item in response.context["indicators"]}


def test_it_shows_a_closed_plan(anonymous, world):
    world.plan.status = PlanStatus.CLOSED
    world.plan.save()

    assert anonymous.get(_url(world.plan)).status_code == 200


def test_it_does_not_find_a_draft_plan(anonymous, world):
    response = anonymous.get(_url(world.draft))

    assert response.status_code == 404
    assert SECRETS["draft_indicator"] not in response.content.decode()


def test_it_shows_the_same_page_to_every_persona(client_of, personas, world):
    for user in personas.values():
        response = client_of(user).get(_url(world.plan))
        assert response.status_code == 200
        assert list(_by_code(response)) == ["H-1", "H-2"]


def test_it_speaks_the_visitors_language(anonymous, world):
    anonymous.cookies["django_language"] = "ru"

    response = anonymous.get(_url(world.plan))

    assert response.headers["Content-Language"] == "ru"
    assert '<html lang="ru">' in response.content.decode()


def test_it_reads_a_plan_in_a_fixed_number_of_queries(
    anonymous, world, agency_a, django_assert_max_num_queries
):
    objective = world.headline.objective
    for n in range(15):
        factories.IndicatorFactory.create(
            objective=objective, code=f"H-X{n}", headline=True, responsible=[agency_a]
        )

    # 8, and 1 to ask whether the recommendation tracker's summary is published.
    with django_assert_max_num_queries(9):
        response = anonymous.get(_url(world.plan))

    assert len(response.context["indicators"]) == 17


def test_it_shows_a_count_of_persons_as_a_whole_number(anonymous, world):
    # A plan running a year longer: the value expected by now falls between the targets.
    world.plan.ends_on = datetime.date(2026, 12, 31)
    world.plan.save()

    response = anonymous.get(_url(world.plan))

    expected = _by_code(response)["H-1"].row.expected
    assert expected != expected.to_integral_value()  # like 71.22
    page = response.content.decode()
    assert f">{expected.quantize(Decimal(1), rounding=ROUND_HALF_UP)} persons<" in page
    assert not re.search(r"\d[.,]\d+ persons", page)
