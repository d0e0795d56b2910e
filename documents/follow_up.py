"""The follow-up report on one source's recommendations (issue 12): for the answers to GRETA's
next evaluation round, or the country's input to the US TIP report. The recommendations of the
source (and round, if one is named) grouped by theme, each with its reference, text, the status
the coordinator confirmed (and the one its activities propose while none is confirmed), the plan
activities answering it and what the agencies reported on them; as DOCX and PDF with the annual
report's look.

The data is the recommendation tracker's (`coordination.selectors.recommendations.tracker`), so
the document and the tracker page never disagree.

Where the issue is silent:
- Themes are printed in the tracker's order (prevention, protection, prosecution, partnership),
  then the plan's own areas for recommendations given an area but no theme, then "No theme".
- What the agencies reported: for each answering activity, the reports of the four quarters up
  to the day the report is as of (a year of evidence), newest first; older ones are on the
  tracker's pages.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from coordination.models import ImplementationStatus, RecommendationSource, Theme
from coordination.selectors.recommendations import TrackedRecommendation, tracker
from documents import selectors as s
from documents.content import Comment, Figure, Table
from documents.dates import document_date
from documents.layout import Block, numbered
from plans.models import Plan

EVIDENCE_DAYS = 366


@dataclass
class FollowUpRecommendation:
    heading: str
    text: str
    facts: list[Figure]
    # The activities answering it (subject: code, agency: lead agency, text: name and state),
    # printed as a list: hundreds of small tables took WeasyPrint three times as long.
    activities: list[Comment]
    reported: list[Comment]


@dataclass
class FollowUpTheme:
    title: str
    recommendations: list[FollowUpRecommendation]


@dataclass
class FollowUpContent:
    source: str
    cycle: str
    as_of: datetime.date
    language: str
    title: str
    subtitle: str
    facts: list[Figure]
    by_status: Table
    themes: list[FollowUpTheme]
    headings: dict[str, str] = field(default_factory=dict)
    paper_size: str = "a4"


def check_source(plan: Plan, source: str, cycle: str = "") -> None:
    """ValidationError naming the field unless `plan` has recommendations of the source (and
    round)."""
    if source not in RecommendationSource.values:
        raise ValidationError(
            {
                "source": _("“%(source)s” is not a source of recommendations; use one of %(all)s.")
                % {"source": source, "all": ", ".join(RecommendationSource.values)}
            }
        )
    found = plan.recommendations.filter(source=source)
    if cycle:
        found = found.filter(cycle=cycle)
    if not found.exists():
        raise ValidationError(
            {
                "cycle" if cycle else "source": _(
                    "The plan has no recommendation of %(source)s%(cycle)s."
                )
                % {
                    "source": RecommendationSource(source).label,
                    "cycle": f" ({cycle})" if cycle else "",
                }
            }
        )


def follow_up_content(
    *,
    plan: Plan,
    source: str,
    cycle: str = "",
    language: str,
    as_of: datetime.date | None = None,
    user_name: str = "",
) -> FollowUpContent:
    """What the follow-up report says, every text in `language`, statuses as of `as_of`."""
    day = as_of or s.today()
    with translation.override(language):
        rows = [
            row
            for row in tracker(plan, as_of=day, source=source)
            if not cycle or row.recommendation.cycle == cycle
        ]
        label = str(RecommendationSource(source).label)
        named = f"{label}, {cycle}" if cycle else label
        facts = [
            (_("Action plan"), f"{plan.display_title} ({plan.code})"),
            (_("Source"), named),
            (_("Statuses as of"), _date(day)),
            (_("Recommendations"), str(len(rows))),
        ]
        if user_name:
            facts.append((_("Prepared by"), user_name))
        return FollowUpContent(
            source=source,
            cycle=cycle,
            as_of=day,
            language=language,
            title=_("Follow-up report on the recommendations of %(source)s") % {"source": named},
            subtitle=f"{plan.display_title} ({plan.code})",
            facts=s.figures(facts),
            by_status=_by_status(rows),
            themes=_themes(plan, rows, day),
            headings=_headings(),
            paper_size=plan.paper_size,
        )


def _status(row: TrackedRecommendation) -> str:
    if row.confirmed:
        return row.status_label
    return _("Not yet assessed (proposed from the activities: %(status)s)") % {
        "status": row.proposed_label
    }


def _by_status(rows: list[TrackedRecommendation]) -> Table:
    counts: dict[str, int] = defaultdict(int)
    proposed: dict[str, int] = defaultdict(int)
    labels: dict[str, str] = {}
    for row in rows:
        key = row.status or ""
        labels[key] = row.status_label
        counts[key] += 1
        if not row.confirmed:
            labels[f"proposed:{row.proposed.status}"] = row.proposed_label
            proposed[row.proposed.status] += 1
    table_rows = [[labels[key], str(counts[key])] for key in sorted(counts, key=_status_order)]
    # In the statuses' order (not started … fully), as the confirmed ones above.
    for status in sorted(proposed, key=_status_order):
        label = labels[f"proposed:{status}"]
        table_rows.append(
            [_("of which proposed: %(status)s") % {"status": label}, str(proposed[status])]
        )
    columns = [_("Implementation status"), _("Recommendations")]
    return s.table(_("Recommendations by status"), columns, table_rows, {1}, 0, "statuses")


def _status_order(key: str) -> int:
    order = [*ImplementationStatus.values, ""]
    return order.index(key) if key in order else len(order)


def _theme_key(row: TrackedRecommendation) -> tuple[int, int, str]:
    rec = row.recommendation
    if rec.theme:
        return (0, Theme.values.index(rec.theme), str(Theme(rec.theme).label))
    if rec.area is not None:
        return (1, rec.area.position, f"{rec.area.code} {rec.area.display_name}")
    return (2, 0, _("No theme"))


def _themes(
    plan: Plan, rows: list[TrackedRecommendation], day: datetime.date
) -> list[FollowUpTheme]:
    grouped: dict[tuple[int, int, str], list[TrackedRecommendation]] = defaultdict(list)
    for row in rows:
        grouped[_theme_key(row)].append(row)
    since = day - datetime.timedelta(days=EVIDENCE_DAYS)
    return [
        FollowUpTheme(
            title=key[2], recommendations=[_recommendation(plan, row, since) for row in found]
        )
        for key, found in sorted(grouped.items(), key=lambda pair: pair[0])
    ]


def _recommendation(
    plan: Plan, row: TrackedRecommendation, since: datetime.date
) -> FollowUpRecommendation:
    rec = row.recommendation
    reference = _reference(rec.reference)
    heading = f"{rec.code} ({reference})" if reference else rec.code
    facts = [(_("Implementation status"), _status(row))]  # printed as lines: see "pairs"
    if rec.cycle:
        facts.insert(0, (_("Round or year"), rec.cycle))
    if row.confirmed and row.differs:
        facts.append((_("Proposed from the activities"), row.proposed_label))
    if row.status_comment.strip():
        facts.append((_("Comment on the status"), row.status_comment))
    if not row.confirmed:
        facts.append((_("Why this is proposed"), row.proposed.reason))
    if rec.strength:
        facts.append((_("Wording"), rec.get_strength_display()))
    if rec.response:
        facts.append((_("Government's response"), rec.get_response_display()))
    if rec.issued_on:
        facts.append((_("Date"), _date(rec.issued_on)))
    if rec.sdg_targets:
        facts.append((_("SDG targets"), ", ".join(rec.sdg_target_list)))
    facts.append((_("Responsible agencies"), ", ".join(str(a) for a in row.agencies) or "—"))
    return FollowUpRecommendation(
        heading=heading,
        text=row.text,
        facts=s.figures(facts),
        activities=_activities(row),
        reported=_reported(row, since),
    )


def _reference(reference: str) -> str:
    """ "paragraph 38" for a bare number ("38", "38(a)"); a reference that names itself ("para.
    38", "Prioritized recommendations, 1", "§ 12") as it was written."""
    reference = reference.strip()
    if reference[:1].isdigit():
        return _("paragraph %(reference)s") % {"reference": reference}
    return reference


def _activities(row: TrackedRecommendation) -> list[Comment]:
    answering = []
    for tracked in row.activities:
        activity = tracked.activity
        lead = activity.lead_agency
        text = _("%(name)s. Latest status: %(state)s.") % {
            "name": activity.display_name,
            "state": tracked.state_label,
        }
        if tracked.indicators:
            statuses = "; ".join(f"{i.indicator.code} {i.status_label}" for i in tracked.indicators)
            text += " " + _("Indicators: %(statuses)s.") % {"statuses": statuses}
        answering.append(
            Comment(agency=str(lead) if lead is not None else "—", subject=activity.code, text=text)
        )
    return answering


def _reported(row: TrackedRecommendation, since: datetime.date) -> list[Comment]:
    said = []
    for tracked in row.activities:
        for report in tracked.reports:
            if report.period_start < since:
                continue
            parts = [report.state_label]
            if report.percent_done is not None:
                parts.append(_("%(value)s %% done") % {"value": report.percent_done})
            text = ", ".join(parts)
            if report.comment.strip():
                text = f"{text}: {report.comment.strip()}"
            said.append(
                Comment(
                    agency=f"{report.agency} ({report.period})",
                    subject=tracked.activity.code,
                    text=text,
                )
            )
    return said


def _date(day: datetime.date) -> str:
    return document_date(day)


def _headings() -> dict[str, str]:
    return {
        "about": _("About this report"),
        "themes": _("Recommendations by theme"),
        "activities": _("Activities answering it"),
        "no_activities": _("No activity of the plan answers this recommendation."),
        "reported": _("What the agencies reported"),
        "nothing_reported": _("No agency reported on these activities in the last year."),
        "page": _("Page"),
    }


# --- Layout -----------------------------------------------------------------------------------


def follow_up_blocks(content: FollowUpContent) -> list[Block]:
    h = content.headings
    blocks = [
        Block("heading", text=h["about"], level=1),
        Block("figures", figures=content.facts),
        Block("table", table=content.by_status, text=content.by_status.caption),
        Block("heading", text=h["themes"], level=1),
    ]
    for theme in content.themes:
        blocks.append(Block("heading", text=theme.title, level=2))
        for rec in theme.recommendations:
            blocks += _recommendation_blocks(h, rec)
    return numbered(blocks)


def _recommendation_blocks(h: dict[str, str], rec: FollowUpRecommendation) -> list[Block]:
    def sub(key: str) -> Block:
        return Block("heading", text=h[key], level=4, numbered=False)

    blocks = [
        Block("heading", text=rec.heading, level=3),
        Block("text", text=rec.text),
        Block("pairs", figures=rec.facts),
        sub("activities"),
    ]
    if rec.activities:
        blocks.append(Block("comments", comments=rec.activities))
        blocks.append(sub("reported"))
        if rec.reported:
            blocks.append(Block("comments", comments=rec.reported))
        else:
            blocks.append(Block("note", text=h["nothing_reported"]))
    else:
        blocks.append(Block("note", text=h["no_activities"]))
    return blocks
