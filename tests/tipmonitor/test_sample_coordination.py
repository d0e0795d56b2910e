"""The demo's coordination (tipmonitor/sample/coordination/): a year of the working group's
meetings and the council's, with attendance that tells who stays away, minutes and actions of
every outcome (the demo reporter's agency owning an open and a late one), GRETA's and the US TIP
report's recommendations traced to the sample plan's activities, and the tracker published.

The sample plan and the demo users are loaded as `load-demo` loads them, without the reporting
history and the case records, which the coordination data does not need (its "Flagged by the
monitoring" items then flag nothing)."""

import datetime
import itertools

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from accounts import permissions
from accounts.models import User
from coordination import rules
from coordination.models import (
    Action,
    AgendaItemKind,
    Attendance,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
    Recommendation,
    RecommendationSource,
    Strength,
    TrackerPublication,
)
from plans.models import Plan
from plans.workbook.services import plan_import
from tipmonitor.lib import compat
from tipmonitor.management.commands.load_demo import (
    DEMO_LOGINS,
    QUIET_MAIL_BACKEND,
    demo_login_issue,
)
from tipmonitor.sample import SAMPLE_WORKBOOK
from tipmonitor.sample.coordination import coordination_load
from tipmonitor.sample.coordination.elements import SampleDataError
from tipmonitor.sample.coordination.schema import PUBLISHED, ItemData, MeetingData

YEAR = datetime.timedelta(days=365)


@pytest.fixture
def sample_plan(settings, db) -> Plan:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    plan = plan_import(data=SAMPLE_WORKBOOK.read_bytes()).plan
    with override_settings(**compat.mail_settings(QUIET_MAIL_BACKEND)):
        for login in DEMO_LOGINS:
            demo_login_issue(login=login)
    return plan


@pytest.fixture
def loaded(sample_plan) -> Plan:
    coordination_load(plan=sample_plan)
    return sample_plan


def _outcomes(actions, today: datetime.date) -> list[str]:
    return [rules.action_outcome(a.status, a.due_on, a.closed_on, today) for a in actions]


@pytest.mark.django_db
def test_it_holds_a_year_of_working_group_meetings_quarterly_or_more(loaded):
    today = timezone.localdate()
    meetings = list(Meeting.objects.filter(body__kind=BodyKind.WORKING_GROUP).order_by("held_on"))
    held = [m for m in meetings if m.status != MeetingStatus.PLANNED]

    assert held[0].held_on <= today - YEAR + datetime.timedelta(days=14)
    gaps = [(b.held_on - a.held_on).days for a, b in itertools.pairwise(held)]
    assert len(held) >= 4
    assert max(gaps) <= 100, gaps
    *earlier, latest = held
    assert {m.status for m in earlier} == {MeetingStatus.PUBLISHED}
    assert all(m.approved_at and m.published_at for m in earlier)
    assert latest.status == MeetingStatus.HELD
    assert latest.approved_at is None
    assert [m.status for m in meetings[len(held) :]] == [MeetingStatus.PLANNED]
    assert meetings[-1].held_on > today
    assert Meeting.objects.filter(body__kind=BodyKind.COUNCIL, held_on__lt=today).count() >= 2
    assert set(Body.objects.values_list("kind", flat=True)) == set(BodyKind.values)


@pytest.mark.django_db
def test_it_starts_every_agenda_with_the_two_prefilled_items_then_items_on_the_plan(loaded):
    for meeting in Meeting.objects.prefetch_related("items__activities", "items__indicators"):
        items = list(meeting.items.all())
        assert [item.kind for item in items[:2]] == [
            AgendaItemKind.ACTIONS,
            AgendaItemKind.FLAGGED,
        ], meeting
        own = items[2:]
        assert 1 <= len(own) <= 4, meeting
        assert all(item.presenter_id for item in own), meeting
        linked = [i for i in own if i.activities.all() or i.indicators.all()]
        assert linked, meeting
        held = meeting.status != MeetingStatus.PLANNED
        assert all(bool(item.summary) is held for item in own), meeting
    wg = Meeting.objects.filter(body__code="WG").order_by("held_on")
    # The second meeting's review lists what the first passed.
    first_action = wg[0].actions.first()
    review = wg[1].items.get(kind=AgendaItemKind.ACTIONS)
    assert first_action.text in review.notes


@pytest.mark.django_db
def test_it_records_attendance_in_which_some_agencies_are_often_absent(loaded):
    wg = Body.objects.get(code="WG")
    members = set(wg.memberships.values_list("agency__code", flat=True))
    rates = {}
    for code in members:
        statuses = Attendance.objects.filter(meeting__body=wg, agency__code=code).values_list(
            "status", flat=True
        )
        rates[code] = rules.attendance_rate(statuses)
    held = wg.meetings.exclude(status=MeetingStatus.PLANNED).count()
    assert {rate.meetings for rate in rates.values()} == {held}
    assert rates["MOI-POLICE"].rate == 1
    assert rates["MOE"].rate is not None
    assert rates["MOE"].rate < 0.5
    assert sum(1 for rate in rates.values() if rate.rate is not None and rate.rate < 1) >= 3


@pytest.mark.django_db
def test_it_passes_actions_of_every_outcome_with_their_owners_updates(loaded):
    today = timezone.localdate()
    actions = list(Action.objects.prefetch_related("updates"))

    outcomes = _outcomes(actions, today)
    assert set(outcomes) == set(rules.action_outcome_labels())
    assert outcomes.count("dropped") == 1
    for action in actions:
        updates = list(action.updates.all())
        if rules.action_is_open(action.status) and not updates:
            continue
        assert updates, action
        assert updates[-1].status == action.status, action
        assert all(update.at.date() <= today for update in updates), action
        assert all(update.at.date() >= action.meeting.held_on for update in updates), action
    by_owner = [u for a in actions for u in a.updates.all() if u.by.username != "coordinator"]
    assert {u.by.username for u in by_owner} == {"reporter", "ngo-reporter"}


@pytest.mark.django_db
def test_it_gives_the_demo_reporters_agency_an_open_and_a_late_action(loaded):
    today = timezone.localdate()
    reporter = User.objects.get(username="reporter")
    own = list(Action.objects.filter(owner_agency=reporter.agency))

    assert {"open", "late"} <= set(_outcomes(own, today))
    assert all(permissions.may_update_action(reporter, a.owner_agency, a.owner_id) for a in own)
    assert Body.objects.filter(memberships__representative=reporter).count() >= 3


@pytest.mark.django_db
def test_it_traces_greta_and_tip_recommendations_to_existing_activities(loaded):
    recommendations = list(
        Recommendation.objects.filter(plan=loaded).prefetch_related("activities", "agencies")
    )
    greta = [r for r in recommendations if r.source == RecommendationSource.GRETA]
    tip = [r for r in recommendations if r.source == RecommendationSource.US_TIP]

    assert len(greta) >= 18
    assert len(tip) >= 8
    assert {r.strength for r in greta} == set(Strength.values)
    assert all(r.reference.startswith("para.") for r in greta)
    assert {r.cycle for r in tip} == {"2025"}
    for group in (greta, tip):
        traced = [r for r in group if r.activities.all()]
        assert len(traced) >= len(group) - 2
        assert all(a.plan_id == loaded.pk for r in traced for a in r.activities.all())
        assert all(r.agencies.all() for r in group)
        assert any(r.high_priority for r in group)
        assert any(r.status and r.status_comment and r.status_confirmed_by for r in group)
        assert {r.response for r in group} == {"accepted", "noted"}
        assert all(r.theme and r.area_id for r in group)
    for recommendation in recommendations:
        targets, error = rules.parse_sdg_targets(recommendation.sdg_targets)
        assert error is None
        assert targets
    # Meetings and actions point at them too.
    assert Action.objects.filter(recommendation__isnull=False).exists()


@pytest.mark.django_db
def test_it_publishes_the_tracker(loaded):
    publication = TrackerPublication.objects.get(plan=loaded)
    assert publication.published
    assert publication.changed_by.username == "coordinator"


@pytest.mark.django_db
def test_it_changes_nothing_when_run_again(loaded):
    counts = (Meeting.objects.count(), Action.objects.count(), Recommendation.objects.count())

    again = coordination_load(plan=loaded)

    assert (again.bodies, again.meetings, again.actions, again.recommendations) == (0, 0, 0, 0)
    assert not again.tracker_published
    assert (Meeting.objects.count(), Action.objects.count(), Recommendation.objects.count()) == (
        counts
    )


@pytest.mark.django_db
def test_it_dates_everything_from_the_demo_today_whatever_day_it_is(sample_plan):
    today = datetime.date(2025, 10, 6)
    now = timezone.make_aware(datetime.datetime(2025, 10, 6, 12))

    coordination_load(plan=sample_plan, today=today, now=now)

    actions = list(Action.objects.all())
    assert set(_outcomes(actions, today)) == set(rules.action_outcome_labels())
    assert Meeting.objects.filter(held_on__gt=today).count() == 1
    latest = Meeting.objects.exclude(status=MeetingStatus.PLANNED).order_by("-held_on").first()
    assert latest.held_on <= today


@pytest.mark.django_db
def test_it_refuses_data_naming_what_the_sample_lacks_and_writes_none_of_it(
    sample_plan, monkeypatch
):
    broken = MeetingData(
        "WG", -5, PUBLISHED, items=(ItemData("Broken", "NCATP-SEC", 10, activities=("9.9.9",)),)
    )
    monkeypatch.setattr("tipmonitor.sample.coordination.MEETINGS", (broken,))

    with pytest.raises(SampleDataError, match=r"activity '9\.9\.9'"):
        coordination_load(plan=sample_plan)

    assert not Body.objects.exists()
    assert not Recommendation.objects.exists()
    assert not Meeting.objects.exists()
