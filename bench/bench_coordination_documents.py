"""The documents of coordination (issue 12) for a year of meetings and 200 recommendations: a
full meeting's minutes, the follow-up report on 200 recommendations, and the annual report of
2025 with its coordination section, each as DOCX and PDF.

The plan, agencies, reports and values are the reporting benchmark's (`bench/reporting_dataset/`,
through `bench/bench_progress.py`'s loader, with `bench/bench_documents.py`'s annex-5 entries and
activity updates for 2025: the evidence the follow-up report prints), at 20 agencies by default.
On top, for 2025: a working group all 20 agencies sit in, 12 monthly meetings of 8 agenda items
each (the actions item, the monitoring's flags, six items with a summary and decisions of a few
paragraphs, each linked to activities), attendance of all 20 agencies at each, 60 actions (five a
meeting, owners and due dates spread, some done on time, some late, some dropped) with two
updates each; and 200 recommendations (150 GRETA of three rounds, 50 US TIP report), each traced
to two activities and two agencies, half of them with a confirmed status.

Measured, each call on freshly fetched objects, one warm-up then the median of three
(`documents.generate`): the minutes of the December meeting (which reviews the year's actions),
the follow-up report on GRETA's and the US TIP report's recommendations together
(`render_follow_up` per source, the two added), and the annual report of 2025 in English.
Goals (issue 12): DOCX under 10 s, PDF under 20 s.

Knobs: BENCH_COORDINATION_AGENCIES=N / --agencies N (default 20, at least 20).
The database is a throwaway one, as in bench_documents.py.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RUNS = 3
YEAR = 2025
GOALS_S = {"docx": 10.0, "pdf": 20.0}
AGENCIES = 20
MEETINGS = 12
ITEMS = 8
ACTIONS_PER_MEETING = 5
RECOMMENDATIONS = {"greta": 150, "us_tip": 50}
TEXT = (
    "The working group reviewed the referral of presumed victims by the labour inspectorate "
    "and the police; the shelter reported its occupancy and the gaps in psychological support. "
    "Աշխատանքային խումբը քննարկեց ուղղորդման մեխանիզմը։ Рабочая группа обсудила механизм."
)


def main(agencies: int | None = None) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.harness import database_label, django_setup, machine
    from bench.reporting_dataset import Scale

    wanted = agencies or int(os.environ.get("BENCH_COORDINATION_AGENCIES") or AGENCIES)
    scale = Scale(agencies=max(wanted, AGENCIES), import_agencies=0)
    with tempfile.TemporaryDirectory() as scratch:
        django_setup(Path(scratch))
        from django.conf import settings
        from django.db import connection

        if connection.vendor == "postgresql":
            settings.DATABASES["default"]["TEST"]["NAME"] = "test_bench_coordination"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            return {"database": database_label(), "machine": machine(), **_measure(scale)}
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def _load(scale: Any) -> tuple[Any, Any, dict[str, Any]]:
    from django.db import connection

    from bench.bench_documents import _annex5
    from bench.bench_progress import _load as load_values

    world, figures = load_values(scale)
    started = time.perf_counter()
    entries, updates = _annex5(world)
    december = _meetings(world)
    recommendations = _recommendations(world)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return (
        world,
        december,
        figures
        | {
            "2025 indicator entries": entries,
            "2025 activity updates": updates,
            "meetings, agenda items, actions": _counts(),
            "recommendations": recommendations,
            "load seconds (entries, updates, meetings, recommendations)": round(
                time.perf_counter() - started, 1
            ),
        },
    )


def _counts() -> str:
    from coordination.models import Action, AgendaItem, Meeting

    return f"{Meeting.objects.count()}, {AgendaItem.objects.count()}, {Action.objects.count()}"


def _meetings(world: Any) -> Any:
    """The working group's year; returns the December meeting."""
    from coordination.models import Body, Meeting, Membership

    agencies = world.agencies[:AGENCIES]
    body = Body.objects.create(code="WG", name="Inter-agency working group", kind="working_group")
    Membership.objects.bulk_create(Membership(body=body, agency=a) for a in agencies)
    activities = list(world.plan.activities.order_by("code"))
    meeting = None
    for month in range(1, MEETINGS + 1):
        meeting = Meeting.objects.create(
            body=body,
            plan=world.plan,
            held_on=datetime.date(YEAR, month, 15),
            starts_at=datetime.time(10),
            ends_at=datetime.time(13),
            place="Ministry of Labour and Social Affairs, conference room",
            status="published" if month < MEETINGS else "held",
            chair=world.coordinator,
        )
        _agenda(meeting, agencies, activities, month)
    assert meeting is not None
    return meeting


def _agenda(meeting: Any, agencies: list[Any], activities: list[Any], month: int) -> None:
    from coordination.models import Action, ActionUpdate, AgendaItem, Attendance

    statuses = ["present"] * 7 + ["excused", "absent"]
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, agency=a, status=statuses[(n + month) % 9])
        for n, a in enumerate(agencies)
    )
    kinds = ["actions", "flagged"] + ["item"] * (ITEMS - 2)
    items = []
    for order, kind in enumerate(kinds, start=1):
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            kind=kind,
            title=f"Item {order}: referral and protection of victims, region {order}",
            presenter=agencies[(order + month) % len(agencies)],
            minutes_planned=20,
            notes="Indicators off track: I-1, I-7." if kind == "flagged" else "",
            summary="\n\n".join([TEXT] * 3) if kind == "item" else "",
            decisions=TEXT if kind == "item" else "",
        )
        item.activities.add(*activities[order + month : order + month + 3])
        items.append(item)
    for n in range(ACTIONS_PER_MEETING):
        due = datetime.date(YEAR, month, 15) + datetime.timedelta(days=30 + 10 * n)
        status = ["done", "done", "open", "in_progress", "dropped"][n]
        closed = due + datetime.timedelta(days=(-5, 12, 0, 0, 3)[n]) if n in (0, 1, 4) else None
        action = Action.objects.create(
            meeting=meeting,
            item=items[2 + n],
            text=f"Prepare the referral guidelines for region {n + 1} and report back.",
            owner_agency=agencies[(n * 3 + month) % len(agencies)],
            due_on=due,
            status=status,
            closed_on=closed,
            activity=activities[n + month],
        )
        for comment in ("Draft circulated to the regions.", "Comments received; final soon."):
            ActionUpdate.objects.create(
                action=action, status="in_progress", comment=comment, by=meeting.chair
            )


def _recommendations(world: Any) -> int:
    from coordination.models import Recommendation

    activities = list(world.plan.activities.order_by("code"))
    themes = ["prevention", "protection", "prosecution", "partnership"]
    made = 0
    for source, count in RECOMMENDATIONS.items():
        for n in range(count):
            rec = Recommendation.objects.create(
                plan=world.plan,
                code=f"{source.upper()}-{n + 1}",
                source=source,
                cycle=("First round", "Second round", "Third round")[n % 3]
                if source == "greta"
                else "2024",
                reference=str(10 + n),
                text=f"{TEXT} ({n + 1})",
                theme=themes[n % 4],
                strength="urges" if n % 2 else "considers",
                status="partly" if n % 2 else "",
                status_comment="Progress in two regions." if n % 2 else "",
            )
            rec.activities.add(
                activities[n % len(activities)], activities[(n * 7) % len(activities)]
            )
            rec.agencies.add(*world.agencies[n % 5 : n % 5 + 2])
            made += 1
    return made


def _timed(call: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def _median(call: Any) -> tuple[float, float, float, Any]:
    call()  # the warm-up: fonts, vl-convert, WeasyPrint, templates
    runs = [_timed(call) for _ in range(RUNS)]
    seconds = [run[0] for run in runs]
    return statistics.median(seconds), min(seconds), max(seconds), runs[-1][1]


def _measure(scale: Any) -> dict[str, Any]:
    from coordination.models import Meeting
    from documents.generate import render_document, render_follow_up, render_minutes
    from plans.models import Plan

    world, december, figures = _load(scale)
    plan_pk, meeting_pk = world.plan.pk, december.pk
    as_of = datetime.date(YEAR + 1, 1, 15)

    def minutes(fmt: str) -> list[Any]:
        meeting = Meeting.objects.select_related("body", "plan").get(pk=meeting_pk)
        return [render_minutes(meeting=meeting, language="en", fmt=fmt)]

    def follow_up(fmt: str) -> list[Any]:
        plan = Plan.objects.get(pk=plan_pk)
        return [
            render_follow_up(plan=plan, source=source, language="en", fmt=fmt, as_of=as_of)
            for source in RECOMMENDATIONS
        ]

    def annual(fmt: str) -> list[Any]:
        plan = Plan.objects.get(pk=plan_pk)
        return [render_document(plan=plan, kind="annual", period=str(YEAR), language="en", fmt=fmt)]

    for name, call in (
        ("minutes (December, 8 items)", minutes),
        ("follow-up (200 recommendations)", follow_up),
        ("annual report with coordination", annual),
    ):
        for fmt in ("docx", "pdf"):
            median, low, high, rendered = _median(lambda fmt=fmt, call=call: call(fmt))
            size = sum(len(r.content) for r in rendered)
            figures[f"{name} {fmt}: median (min–max) s"] = f"{median:.2f} ({low:.2f}–{high:.2f})"
            figures[f"{name} {fmt}: size kB"] = round(size / 1024)
            if fmt == "pdf":
                figures[f"{name} pdf: pages"] = sum(_pdf_pages(r.content) for r in rendered)
            figures[f"{name} {fmt}: goal met (< {GOALS_S[fmt]:.0f} s)"] = median < GOALS_S[fmt]
    return figures


def _pdf_pages(data: bytes) -> int:
    from bench.bench_documents import _pdf_pages as pages

    return pages(data)


def _arguments() -> int | None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, help=f"number of agencies (default {AGENCIES})")
    return parser.parse_args().agencies


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    for measure, value in main(_arguments()).items():
        print(f"{measure}: {value}")
