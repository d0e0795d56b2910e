import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import permissions
from reporting.models import ReportStatus
from reporting.selectors import (
    due_quarters,
    get_report_for_user,
    report_contents,
    reports_for_user,
)
from reporting.services import report_accept, report_open
from tests import factories
from tests.reporting.core_data import build_world, complete_q2, submitted_q2


@pytest.fixture
def world(agency_a, agency_b):
    return build_world(agency_a, agency_b)


@pytest.fixture
def draft(world, reporter_a, agency_a):
    return report_open(plan=world.plan, agency=agency_a, period="2025-Q2", user=reporter_a)


def test_it_hides_agency_a_reports_from_agency_b(world, draft, reporter_b):
    for edit in (False, True):
        with pytest.raises(Http404):
            get_report_for_user(reporter_b, draft.pk, edit=edit)
    submitted = submitted_q2(
        world, factories.UserFactory(username="r2", agency=draft.agency, roles=["reporter"])
    )
    with pytest.raises(Http404):
        get_report_for_user(reporter_b, submitted.pk)
    assert not reports_for_user(reporter_b, world.plan).exists()


def test_it_shows_viewers_submitted_reports_but_not_drafts(world, draft, reporter_a, viewer):
    with pytest.raises(Http404):
        get_report_for_user(viewer, draft.pk)
    report = submitted_q2(world, reporter_a)
    assert get_report_for_user(viewer, report.pk) == report
    with pytest.raises(PermissionDenied):
        get_report_for_user(viewer, report.pk, edit=True)


def test_it_lets_the_agency_and_coordinator_edit_drafts(draft, reporter_a, approver_a, coordinator):
    for user in (reporter_a, approver_a, coordinator):
        assert get_report_for_user(user, draft.pk, edit=True) == draft


def test_it_refuses_edits_on_submitted_and_accepted_reports(world, reporter_a, coordinator):
    report = submitted_q2(world, reporter_a)
    with pytest.raises(PermissionDenied):
        get_report_for_user(reporter_a, report.pk, edit=True)
    report_accept(report=report, user=coordinator)
    for user in (reporter_a, coordinator):
        with pytest.raises(PermissionDenied):
            get_report_for_user(user, report.pk, edit=True)
    assert get_report_for_user(reporter_a, report.pk).status == ReportStatus.ACCEPTED


def test_it_lists_what_each_user_sees(
    world, draft, reporter_a, reporter_b, viewer, coordinator, agency_b
):
    other = report_open(plan=world.plan, agency=agency_b, period="2025-Q3", user=reporter_b)
    assert set(reports_for_user(coordinator, world.plan)) == {draft, other}
    assert set(reports_for_user(reporter_a, world.plan)) == {draft}
    assert set(reports_for_user(reporter_b, world.plan)) == {other}
    assert set(reports_for_user(viewer, world.plan)) == set()


def test_it_knows_who_reviews(coordinator, reporter_a, viewer, administrator):
    assert permissions.may_review_reports(coordinator)
    assert not any(permissions.may_review_reports(u) for u in (reporter_a, viewer, administrator))


def test_it_knows_the_quarters_due(world, agency_a, agency_b):
    due = {
        agency: [q.code for q in quarters] for agency, quarters in due_quarters(world.plan).items()
    }
    every = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert due == {agency_a.pk: every, agency_b.pk: every}
    world.shelter.responsible_agencies.clear()
    assert [q.code for q in due_quarters(world.plan)[agency_b.pk]] == ["2025-Q3"]


def test_it_owes_only_the_quarters_a_period_of_its_indicators_ends_in(world):
    annual, semiannual = factories.AgencyFactory.create(), factories.AgencyFactory.create()
    world.share.responsible_agencies.add(annual)
    world.story.responsible_agencies.add(annual, semiannual)
    due = due_quarters(world.plan)
    assert [q.code for q in due[semiannual.pk]] == ["2025-Q2", "2025-Q4"]
    assert [q.code for q in due[annual.pk]] == ["2025-Q2", "2025-Q4"]
    world.story.responsible_agencies.remove(annual)
    assert [q.code for q in due_quarters(world.plan)[annual.pk]] == ["2025-Q4"]


def test_it_assembles_the_report_contents_in_bounded_queries(
    world, draft, reporter_a, django_assert_max_num_queries
):
    draft = complete_q2(world, draft, reporter_a)
    for n in range(15):  # enough indicators and activities that a query per row would show
        extra = factories.IndicatorFactory(
            objective=world.victims.objective, code=f"X{n}", responsible=[draft.agency]
        )
        extra.dimensions.set(world.victims.dimensions.all())
        factories.ActivityFactory(
            objective=world.victims.objective,
            code=f"XA{n}",
            lead_agency=draft.agency,
            starts_on=None,
            ends_on=None,
        )
    with django_assert_max_num_queries(9):
        contents = report_contents(draft)
    blocks = {block.indicator.code: block for block in contents.indicators}
    assert list(blocks)[:3] == ["V1", "M1", "Q1"]
    assert len(blocks) == 18
    victims = blocks["V1"]
    assert victims.periods == ["2025-Q2"]
    assert [d.code for d, _cats in victims.dimensions] == ["sex", "age_group"]
    labelled = {(c.breakdown, c.label): c.value for c in victims.cells}
    assert labelled[("", "Total")] == 10
    assert labelled[("sex=female", "Sex: Female")] == 3
    assert labelled[("sex=male", "Sex: Male")] is None
    assert len(victims.cells) == 1 + 3 + 2
    assert [p for p, _cells in blocks["M1"].rows] == ["2025-04", "2025-05", "2025-06"]
    assert blocks["Q1"].entry.rating == "achieved"
    assert blocks["V1"].entry.pk is None
    assert [(a.code, u.state if u else None) for a, u in contents.activities][:2] == [
        ("A1", "ongoing"),
        ("XA0", None),
    ]
    assert [e.kind for e in contents.events] == ["created", "saved"]
