"""The report page: a form for the agency while the report is a draft or returned, a page to
read for everyone else who may see it; refusals shown at the cell and in a summary; two people
saving one draft never overwrite each other silently."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import IndicatorType
from reporting import services
from reporting.forms import comment_name
from reporting.models import IndicatorValue, Report, ReportStatus
from reporting.validation import activity_key, entry_key, value_key
from tests import factories
from tests.reporting.pages import (
    QUARTER,
    activities_done,
    by_sex,
    detail_url,
    form_in,
    form_post,
    open_report,
    submitted_report,
    total_field,
)


@pytest.fixture
def indicator(plan):
    return plan.indicators.get(code="I2.1")


@pytest.fixture
def draft(plan, agency_a, reporter_a) -> Report:
    return open_report(plan, agency_a, reporter_a)


def save_through_page(client, report: Report, **typed: str) -> Report:
    """Open the report page, type `typed` into it and save, as a person does."""
    page = client.get(detail_url(report)).content.decode()
    response = client.post(detail_url(report), form_in(page, **typed))
    assert response.status_code == 302, response.content.decode()
    return Report.objects.get(pk=report.pk)


def test_it_shows_the_reporter_a_cell_per_period_and_category(
    client_of, reporter_a, plan, agency_a
):
    sex = by_sex(plan, agency_a)
    report = open_report(plan, agency_a, reporter_a)

    response = client_of(reporter_a).get(detail_url(report))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="report-form"' in page
    for breakdown in ["", "sex=female", "sex=male", "sex=other"]:
        assert f'name="{value_key(sex.pk, QUARTER, breakdown)}"' in page
    assert f'name="{activity_key(plan.activities.get(code="2.1.1").pk, "state")}"' in page
    assert f'name="{entry_key(sex.pk, "assessment")}"' in page
    assert "I9.1, 2024-Q1, Female" in page  # the label a screen reader reads for the cell
    assert f'name="revision" value="{report.revision}"' in page
    assert reverse("reporting:report_upload", args=[report.pk]) in page


def test_it_offers_a_qualitative_indicator_a_narrative_and_a_rating(
    client_of, reporter_a, plan, agency_a
):
    quality = factories.IndicatorFactory(
        objective=plan.objectives.get(code="3.1"),
        code="Q1",
        type=IndicatorType.QUALITATIVE,
        responsible=[agency_a],
    )
    report = open_report(plan, agency_a, reporter_a)

    page = client_of(reporter_a).get(detail_url(report)).content.decode()

    assert f'name="{entry_key(quality.pk, "narrative")}"' in page
    assert f'name="{entry_key(quality.pk, "rating")}"' in page
    assert f'name="{value_key(quality.pk, QUARTER, "")}"' not in page


def test_it_saves_a_draft(client_of, reporter_a, draft, indicator, plan):
    activity = plan.activities.get(code="2.1.1")
    data = form_post(
        draft,
        **{
            total_field(indicator): "14",
            entry_key(indicator.pk, "assessment"): "on_track",
            activity_key(activity.pk, "state"): "ongoing",
            activity_key(activity.pk, "percent_done"): "40",
        },
    )

    response = client_of(reporter_a).post(detail_url(draft), data)

    assert response.status_code == 302
    assert response.url == detail_url(draft)
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT
    assert draft.contact_person == "Anna Petrosyan"
    assert draft.values.get(indicator=indicator, breakdown="").value == Decimal(14)
    assert draft.entries.get(indicator=indicator).assessment == "on_track"
    assert draft.activity_updates.get(activity=activity).percent_done == 40


def test_it_submits_the_report(client_of, reporter_a, draft, indicator, plan, agency_a):
    data = form_post(
        draft, "submit", **{total_field(indicator): "14"}, **activities_done(plan, agency_a)
    )

    response = client_of(reporter_a).post(detail_url(draft), data, follow=True)

    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED
    assert "Report submitted to the coordinator." in response.content.decode()
    assert 'class="report-form"' not in response.content.decode()  # locked while in review


def test_it_lets_the_approver_submit(client_of, approver_a, draft, indicator, plan, agency_a):
    data = form_post(
        draft, "submit", **{total_field(indicator): "3"}, **activities_done(plan, agency_a)
    )

    client_of(approver_a).post(detail_url(draft), data)

    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED


def test_it_keeps_a_negative_count_in_the_draft_and_lists_it_to_fix(
    client_of, reporter_a, draft, indicator
):
    field = total_field(indicator)
    client = client_of(reporter_a)

    response = client.post(detail_url(draft), form_post(draft, **{field: "-3"}), follow=True)

    page = response.content.decode()
    assert "Draft saved." in page
    assert draft.values.get(indicator=indicator, breakdown="").value == Decimal(-3)
    assert "Before it can be submitted, correct the following" in page
    assert f'href="#id_{field}"' in page  # the summary links to the cell
    assert f'id="id_{field}_error"' in page  # and the message sits beside it
    assert f'aria-describedby="id_{field}_error"' in page
    assert 'value="-3"' in page
    draft.refresh_from_db()
    assert draft.contact_person == "Anna Petrosyan"


def test_it_saves_everything_else_when_a_cell_cannot_be_read(
    client_of, reporter_a, draft, indicator, plan, agency_a
):
    field = total_field(indicator)
    activity = plan.activities.get(code="2.1.1")
    draft = save_through_page(client_of(reporter_a), draft, **{field: "14"})
    data = form_post(
        draft,
        **{
            field: "12a",
            entry_key(indicator.pk, "donors"): "EU",
            activity_key(activity.pk, "state"): "ongoing",
        },
    )

    response = client_of(reporter_a).post(detail_url(draft), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Your draft was saved, except the entries that could not be read" in page
    assert "“12a” is not a number." in page
    assert f'href="#id_{field}"' in page
    assert 'value="12a"' in page  # what was typed is kept
    assert draft.values.get(indicator=indicator, breakdown="").value == Decimal(14)
    assert draft.entries.get(indicator=indicator).donors == "EU"
    assert draft.activity_updates.get(activity=activity).state == "ongoing"


def test_it_keeps_categories_that_do_not_add_up_and_lists_them(
    client_of, reporter_a, plan, agency_a
):
    sex = by_sex(plan, agency_a)
    report = open_report(plan, agency_a, reporter_a)
    cells = {
        value_key(sex.pk, QUARTER, ""): "10",
        value_key(sex.pk, QUARTER, "sex=female"): "3",
        value_key(sex.pk, QUARTER, "sex=male"): "3",
        value_key(sex.pk, QUARTER, "sex=other"): "3",
    }

    response = client_of(reporter_a).post(
        detail_url(report), form_post(report, **cells), follow=True
    )

    page = response.content.decode()
    summary = page[page.index("error-summary") : page.index("</ul>", page.index("error-summary"))]
    assert "I9.1" in summary
    assert "add up to 9" in summary
    assert IndicatorValue.objects.filter(report=report).count() == 4


def test_it_saves_a_draft_with_an_outlier_and_asks_for_a_comment_at_submit(
    client_of, reporter_a, coordinator, plan, agency_a, indicator
):
    for quarter in ["2024-Q1", "2024-Q2"]:  # totals of 12 accepted: 61 is far outside
        accepted = submitted_report(plan, agency_a, reporter_a, quarter)
        services.report_accept(report=accepted, user=coordinator)
    report = open_report(plan, agency_a, reporter_a, "2024-Q3")
    field = total_field(indicator, "2024-Q3")
    client = client_of(reporter_a)

    saved = client.post(detail_url(report), form_post(report, **{field: "61"}))

    assert saved.status_code == 302  # not "Nothing was saved"
    assert report.values.get(indicator=indicator).value == Decimal(61)
    page = client.get(detail_url(report)).content.decode()
    refused = client.post(
        detail_url(report), form_in(page, "submit", **activities_done(plan, agency_a))
    )
    assert "61 is far outside" in refused.content.decode()
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT
    explained = {comment_name(indicator.pk, "2024-Q3"): "A new unit started counting"}
    client.post(detail_url(report), form_in(refused.content.decode(), "submit", **explained))
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_it_shows_every_problem_at_once_linked_to_its_field(
    client_of, reporter_a, plan, agency_a, indicator
):
    sex = by_sex(plan, agency_a)
    report = open_report(plan, agency_a, reporter_a)
    activity = plan.activities.get(code="2.1.1")
    data = form_post(
        report,
        "submit",
        **{
            value_key(sex.pk, QUARTER, ""): "two",  # cannot be read
            total_field(indicator): "-4",  # breaks a rule
        },  # and activity 2.1.1 has no status: incomplete
    )

    response = client_of(reporter_a).post(detail_url(report), data)

    page = response.content.decode()
    assert "cannot be submitted yet" in page
    summary = page[
        page.index('id="error-summary"') : page.index("</ul>", page.index("error-summary"))
    ]
    for field in [
        value_key(sex.pk, QUARTER, ""),
        total_field(indicator),
        activity_key(activity.pk, "state"),
    ]:
        assert f'href="#id_{field}"' in summary
        assert f'aria-describedby="id_{field}_error"' in page
    assert "“two” is not a number." in summary
    assert "cannot be negative" in summary
    assert "choose a status" in summary
    assert "data-focus-on-load" in page  # report.js brings it into view on a phone


def test_it_refuses_a_stale_revision_and_keeps_what_was_typed(
    client_of, reporter_a, approver_a, draft, indicator
):
    field = total_field(indicator)
    loaded = form_post(draft, **{field: "21"})
    client_of(approver_a).post(detail_url(draft), form_post(draft, **{field: "7"}))

    response = client_of(reporter_a).post(detail_url(draft), loaded)

    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this report" in page
    assert "approver_a" in page  # who saved last
    assert 'value="21"' in page
    assert "Saved meanwhile: 7" in page  # their value, beside the cell
    assert draft.values.get(indicator=indicator, breakdown="").value == Decimal(7)
    current = Report.objects.get(pk=draft.pk).revision
    assert f'name="revision" value="{current}"' in page  # saving again is a knowing choice


def test_it_saves_the_typed_values_when_saved_again_after_a_conflict(
    client_of, reporter_a, approver_a, draft, indicator
):
    field = total_field(indicator)
    loaded = form_post(draft, **{field: "21"})
    client_of(approver_a).post(detail_url(draft), form_post(draft, **{field: "7"}))
    client = client_of(reporter_a)
    client.post(detail_url(draft), loaded)

    again = {**loaded, "revision": Report.objects.get(pk=draft.pk).revision}
    response = client.post(detail_url(draft), again)

    assert response.status_code == 302
    assert draft.values.get(indicator=indicator, breakdown="").value == Decimal(21)


def test_it_shows_a_submitted_report_to_the_viewer_to_read(
    client_of, viewer, plan, agency_a, reporter_a
):
    report = submitted_report(plan, agency_a, reporter_a)

    response = client_of(viewer).get(detail_url(report))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="report-form"' not in page
    assert "Anna Petrosyan" in page
    assert reverse("reporting:report_workbook", args=[report.pk]) in page
    assert reverse("reporting:report_upload", args=[report.pk]) not in page
    assert re.search(r">\s*12\s*<", page)


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_hides_a_draft_from_the_viewer_and_agency_b(
    client_of, viewer, reporter_b, draft, method
):
    for user in [viewer, reporter_b]:
        response = getattr(client_of(user), method)(detail_url(draft), form_post(draft))
        assert response.status_code == 404, user


def test_it_refuses_the_viewer_a_change_to_a_submitted_report(
    client_of, viewer, plan, agency_a, reporter_a
):
    report = submitted_report(plan, agency_a, reporter_a)

    response = client_of(viewer).post(detail_url(report), form_post(report))

    assert response.status_code == 403


def test_it_refuses_the_reporter_a_change_once_submitted(client_of, reporter_a, plan, agency_a):
    report = submitted_report(plan, agency_a, reporter_a)

    response = client_of(reporter_a).post(detail_url(report), form_post(report))

    assert response.status_code == 403


def test_it_sends_an_anonymous_visitor_to_sign_in(anonymous, draft):
    for response in [anonymous.get(detail_url(draft)), anonymous.post(detail_url(draft), {})]:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_it_shows_a_large_report_in_a_bounded_number_of_queries(
    client_of, reporter_a, plan, agency_a, django_assert_max_num_queries
):
    for n in range(30):
        by_sex(plan, agency_a, code=f"I9.{n}")
    objective = plan.objectives.get(code="3.1")
    for n in range(15):
        factories.ActivityFactory(objective=objective, code=f"3.1.{n}", lead_agency=agency_a)
    report = open_report(plan, agency_a, reporter_a)
    client = client_of(reporter_a)

    with django_assert_max_num_queries(25):
        response = client.get(detail_url(report))

    assert response.content.decode().count('class="indicator-block"') == 31


def test_it_keeps_the_other_person_s_values_when_only_other_fields_were_changed(
    client_of, reporter_a, approver_a, draft, indicator
):
    field = total_field(indicator)
    reporter, approver = client_of(reporter_a), client_of(approver_a)
    save_through_page(reporter, draft, **{field: "41"})
    approvers_page = approver.get(detail_url(draft)).content.decode()
    save_through_page(reporter, draft, **{field: "45"})

    response = approver.post(
        detail_url(draft), form_in(approvers_page, general_observations="Checked by the chief")
    )

    assert response.status_code == 302
    stored = Report.objects.get(pk=draft.pk)
    assert stored.values.get(indicator=indicator, breakdown="").value == Decimal(45)
    assert stored.general_observations == "Checked by the chief"


def test_it_shows_both_values_when_two_people_changed_the_same_field(
    client_of, reporter_a, approver_a, draft, indicator
):
    field = total_field(indicator)
    reporter, approver = client_of(reporter_a), client_of(approver_a)
    save_through_page(reporter, draft, **{field: "41"})
    approvers_page = approver.get(detail_url(draft)).content.decode()
    save_through_page(reporter, draft, **{field: "45"})
    typed = {field: "50", "general_observations": "Checked by the chief"}

    response = approver.post(detail_url(draft), form_in(approvers_page, **typed))

    page = response.content.decode()
    assert response.status_code == 409
    assert "reporter_a changed some of the fields you changed" in page
    assert 'value="50"' in page  # what the approver typed
    assert "Saved meanwhile: 45" in page  # beside what the reporter saved
    assert "Checked by the chief" in page
    stored = Report.objects.get(pk=draft.pk)
    assert stored.values.get(indicator=indicator, breakdown="").value == Decimal(45)
    assert stored.general_observations == ""  # nothing of the approver's was saved

    again = approver.post(detail_url(draft), form_in(page))  # saving again is a knowing choice

    assert again.status_code == 302
    stored = Report.objects.get(pk=draft.pk)
    assert stored.values.get(indicator=indicator, breakdown="").value == Decimal(50)
    assert stored.general_observations == "Checked by the chief"


def test_it_keeps_the_return_comment_in_sight_until_resubmission(
    client_of, reporter_a, coordinator, plan, agency_a, indicator
):
    report = submitted_report(plan, agency_a, reporter_a)
    services.report_return(report=report, user=coordinator, comment="Check the total of I2.1")
    client = client_of(reporter_a)

    report = save_through_page(client, report, **{total_field(indicator): "15"})

    page = client.get(detail_url(report)).content.decode()
    assert "Check the total of I2.1" in page[page.index("returned-note") :]
    client.post(detail_url(report), form_in(page, "submit"))
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    page = client.get(detail_url(report)).content.decode()
    assert "returned-note" not in page


def test_it_shows_the_coordinator_what_changed_since_the_return(
    client_of, reporter_a, coordinator, plan, agency_a, indicator
):
    report = submitted_report(plan, agency_a, reporter_a)
    services.report_return(report=report, user=coordinator, comment="Check the total of I2.1")
    client = client_of(reporter_a)
    changed = {total_field(indicator): "15", "general_observations": "Recounted"}
    page = client.get(detail_url(report)).content.decode()
    client.post(detail_url(report), form_in(page, "submit", **changed))

    response = client_of(coordinator).get(detail_url(report))

    page = response.content.decode()
    section = page[
        page.index("changes-since-return") : page.index(
            "</section>", page.index("changes-since-return")
        )
    ]
    assert "Check the total of I2.1" in section
    rows = re.findall(
        r"<tr>\s*<th scope=\"row\">(.*?)</th>\s*"
        r"<td><del>(.*?)</del></td>\s*<td><ins>(.*?)</ins></td>",
        section,
    )
    assert rows == [
        ("General observations", "—", "Recounted"),
        ("I2.1, 2024-Q1, Total", "12", "15"),
    ]
