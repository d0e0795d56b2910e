"""What the demo's agencies say, quarter by quarter, of the activities they lead: most go as
planned (ongoing as far along as the time elapsed, completed in the quarter of their planned
end), and a few have a story a working group would discuss: one delayed and completed late, one
started late for want of funding, one still delayed past its planned end, one cancelled. A status
that departs from the plan (delayed, not started though due, cancelled) carries the agency's
reason in its comment.

`history.history_load` puts these updates in each agency's quarterly report through the report
services, before the agency sends the report; the activities in a report are those the report's
scope asks for (running in the quarter, or past their planned end and not yet closed).
"""

from dataclasses import dataclass

from plans.models import Activity
from reporting.models import ActivityState
from reporting.services import ActivityInput
from tipmonitor.lib.choices import Frequency
from tipmonitor.lib.reporting_periods import Period, periods_between, quarter_of


@dataclass(frozen=True)
class Story:
    """How an activity departs from its plan, `after` quarters from its first one: `state` is
    delayed, not started or cancelled; it is completed `overrun` quarters after its planned last
    quarter (None: not within the demo's two years)."""

    state: str
    after: int
    overrun: int | None
    comment: str


STORIES = {
    "1.3.1": Story(
        ActivityState.DELAYED,
        2,
        2,
        "Two agencies have not yet agreed the common definitions; the protocol is expected "
        "two quarters late.",
    ),
    "2.1.3": Story(
        ActivityState.DELAYED,
        3,
        1,
        "The trainer's contract was signed late; the last two trainings move to next quarter.",
    ),
    "2.2.3": Story(
        ActivityState.DELAYED,
        4,
        None,
        "Lessons held in fewer schools than planned: the teachers' training was postponed.",
    ),
    "3.1.3": Story(
        ActivityState.DELAYED,
        3,
        None,
        "Only two of the four border crossings have a social worker in the mobile team; the "
        "province is recruiting.",
    ),
    "4.2.2": Story(
        ActivityState.DELAYED,
        2,
        2,
        "The e-learning platform's procurement was repeated after it received no valid bid.",
    ),
    "3.2.3": Story(
        ActivityState.NOT_STARTED,
        2,
        1,
        "Not started: the funding agreement with UNICEF is still being signed.",
    ),
    "5.2.1": Story(
        ActivityState.CANCELLED,
        1,
        None,
        "Cancelled: the project that funded it ended early; the guidance moves to the next plan.",
    ),
}
CLOSED = (ActivityState.COMPLETED, ActivityState.CANCELLED)


def _quarters(first: Period, last: Period) -> int:
    """How many quarters from `first` to `last`, both counted."""
    return len(periods_between(Frequency.QUARTERLY, first.start, last.end))


def activity_update(activity: Activity, quarter: Period) -> ActivityInput:
    """What the lead agency reports of `activity` in its report of `quarter`."""
    assert activity.starts_on is not None
    assert activity.ends_on is not None
    first = quarter_of(activity.starts_on)
    index = _quarters(first, quarter) - 1  # 0 in the activity's first quarter
    span = _quarters(first, quarter_of(activity.ends_on))
    story = STORIES.get(activity.code)
    if story is None or (index < story.after and story.state != ActivityState.NOT_STARTED):
        return _as_planned(activity, index, span)
    done = story.overrun is not None and index >= span - 1 + story.overrun
    if done:
        return ActivityInput(
            activity_id=activity.pk, state=ActivityState.COMPLETED, percent_done=100
        )
    if story.state == ActivityState.NOT_STARTED:
        return _started_late(activity, story, index, span)
    # Delayed or cancelled: as far along as it got, a delayed one going on at half the pace.
    reached = 100 * story.after // span
    if story.state == ActivityState.DELAYED:
        reached = min(reached + 50 * (index - story.after + 1) // span, 90)
    return ActivityInput(
        activity_id=activity.pk, state=story.state, percent_done=reached, comment=story.comment
    )


def _as_planned(activity: Activity, index: int, span: int) -> ActivityInput:
    if index >= span - 1:
        return ActivityInput(
            activity_id=activity.pk, state=ActivityState.COMPLETED, percent_done=100
        )
    percent = 100 * (index + 1) // span
    return ActivityInput(activity_id=activity.pk, state=ActivityState.ONGOING, percent_done=percent)


def _started_late(activity: Activity, story: Story, index: int, span: int) -> ActivityInput:
    if index < story.after:
        return ActivityInput(
            activity_id=activity.pk,
            state=ActivityState.NOT_STARTED,
            percent_done=0,
            comment=story.comment,
        )
    if index >= span:  # past its planned end, not finished
        return ActivityInput(
            activity_id=activity.pk,
            state=ActivityState.DELAYED,
            percent_done=90,
            comment="Started late; not finished by its planned end.",
        )
    left = span - story.after + (story.overrun or 0)
    percent = 100 * (index - story.after + 1) // left
    return ActivityInput(activity_id=activity.pk, state=ActivityState.ONGOING, percent_done=percent)
