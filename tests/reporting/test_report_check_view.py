"""The inline check of one indicator's grid as the person types (htmx): the same rules as
saving, the same messages, and nothing written."""

import pytest
from django.urls import reverse

from reporting.models import IndicatorValue, Report
from reporting.validation import value_key
from tests.reporting.pages import QUARTER, by_sex, form_post, open_report, submitted_report


@pytest.fixture
def sex(plan, agency_a):
    return by_sex(plan, agency_a)


@pytest.fixture
def draft(plan, agency_a, reporter_a, sex) -> Report:
    return open_report(plan, agency_a, reporter_a)


def check_url(report: Report) -> str:
    return reverse("reporting:report_check", args=[report.pk])


def grid(sex, total: str, female: str, male: str, other: str) -> dict[str, str]:
    return {
        value_key(sex.pk, QUARTER, ""): total,
        value_key(sex.pk, QUARTER, "sex=female"): female,
        value_key(sex.pk, QUARTER, "sex=male"): male,
        value_key(sex.pk, QUARTER, "sex=other"): other,
    }


def test_it_says_when_the_categories_do_not_add_up(client_of, reporter_a, draft, sex):
    data = form_post(draft, indicator=sex.pk, **grid(sex, "5", "3", "1", "0"))

    response = client_of(reporter_a).post(check_url(draft), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "I9.1, 2024-Q1" in page
    assert "add up to 4" in page
    assert f'href="#id_{value_key(sex.pk, QUARTER, "")}"' in page
    assert not IndicatorValue.objects.filter(report=draft).exists()
    assert Report.objects.get(pk=draft.pk).revision == draft.revision


def test_it_says_which_cell_is_not_a_number(client_of, reporter_a, draft, sex):
    data = form_post(draft, indicator=sex.pk, **grid(sex, "5", "3", "two", ""))

    page = client_of(reporter_a).post(check_url(draft), data).content.decode()

    assert "I9.1, 2024-Q1, Male: “two” is not a number. Write digits" in page


def test_it_says_when_the_grid_is_right(client_of, reporter_a, draft, sex):
    data = form_post(draft, indicator=sex.pk, **grid(sex, "5", "3", "2", "0"))

    page = client_of(reporter_a).post(check_url(draft), data).content.decode()

    assert "The values of I9.1 follow the rules." in page


def test_it_answers_404_for_an_indicator_outside_the_report(client_of, reporter_a, draft):
    response = client_of(reporter_a).post(check_url(draft), form_post(draft, indicator="999999"))

    assert response.status_code == 404


def test_it_refuses_everyone_who_may_not_edit_the_report(
    client_of, anonymous, reporter_b, viewer, plan, agency_a, reporter_a, draft, sex
):
    data = form_post(draft, indicator=sex.pk)
    submitted = submitted_report(plan, agency_a, reporter_a, "2024-Q2")

    assert anonymous.post(check_url(draft), data).url.startswith(reverse("accounts:login"))
    assert client_of(reporter_b).post(check_url(draft), data).status_code == 404
    assert client_of(viewer).post(check_url(draft), data).status_code == 404
    assert client_of(viewer).post(check_url(submitted), data).status_code == 403
    assert client_of(reporter_a).get(check_url(draft)).status_code == 405
