"""After the run: what the database holds against what the users saved (their log), and the
figures locust measured (its CSV)."""

import csv
import json
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

# The brief's goal: the 95th percentile of a save under half a second.
SAVE_P95_GOAL_MS = 500


def expected_values(log_path: Path) -> tuple[dict[int, dict[str, tuple[str, str]]], Counter]:
    """Report id -> {value field key -> (value typed last, by whom)} over the saves the site
    took, in the order they were made; and the number of saves taken per report (a submission
    saves too: the form posts everything it shows)."""
    expected: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    saves: Counter = Counter()
    entries = [json.loads(line) for line in log_path.read_text().splitlines() if line.strip()]
    for entry in sorted(entries, key=lambda e: e["at"]):
        if not entry["ok"] or entry["kind"] not in {"save", "submit"}:
            continue
        saves[entry["report"]] += 1
        for key, value in entry["cells"].items():
            expected[entry["report"]][key] = (value, entry["user"])
    return expected, saves


def database_checks(setup: dict[str, Any], log_path: Path) -> dict[str, Any]:
    """Every value saved is stored once, as last typed, by whoever typed it; nothing else is
    stored; every save the site took is recorded once; every report reached the coordinator."""
    from django.db.models import Count

    from reporting.models import EventKind, IndicatorValue, Report, ReportEvent, ReportStatus

    expected, saves = expected_values(log_path)
    reports = Report.objects.filter(plan_id=setup["plan_id"], period=setup["period"])
    values = IndicatorValue.objects.filter(report__in=reports)
    stored = {
        (v.report_id, f"value:{v.indicator_id}:{v.period}:{v.breakdown}"): (v, v.entered_by)
        for v in values.select_related("entered_by")
    }
    wanted = {(r, key): typed for r, cells in expected.items() for key, typed in cells.items()}
    lost = [key for key in wanted if key not in stored]
    extra = [key for key in stored if key not in wanted]
    wrong = [
        key
        for key, (value, user) in wanted.items()
        if key in stored
        and (stored[key][0].value != Decimal(value) or stored[key][1].username != user)
    ]
    duplicated = (
        values.values("report_id", "indicator_id", "period", "breakdown")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    events = Counter(
        ReportEvent.objects.filter(report__in=reports, kind=EventKind.SAVED).values_list(
            "report_id", flat=True
        )
    )
    statuses = Counter(reports.values_list("status", flat=True))
    signed = reports.filter(agency__requires_sign_off=True, approved_by__isnull=False).count()
    return {
        "reports": reports.count(),
        "reports submitted to the coordinator": statuses.get(ReportStatus.SUBMITTED, 0),
        "reports signed off by the agency's head": signed,
        "values saved (last of each field)": len(wanted),
        "values stored": len(stored),
        "values lost": len(lost),
        "values stored but never saved": len(extra),
        "values stored differently (value or who)": len(wrong),
        "values duplicated": duplicated,
        "saves taken by the site": sum(saves.values()),
        "saves recorded (SAVED events)": sum(events.values()),
        "reports whose saves and events differ": sum(
            1 for r in set(saves) | set(events) if saves[r] != events[r]
        ),
        "examples": [*lost[:2], *extra[:2], *wrong[:2]],
    }


def locust_figures(csv_prefix: Path) -> tuple[dict[str, Any], list[dict[str, str]]]:
    rows = list(csv.DictReader((csv_prefix.parent / f"{csv_prefix.name}_stats.csv").open()))
    by_name = {row["Name"]: row for row in rows}
    total = by_name.get("Aggregated", {})
    save = by_name.get("save", {})
    figures = {
        "requests": int(total.get("Request Count", 0)),
        "failures": int(total.get("Failure Count", 0)),
        "requests per second (whole run)": round(float(total.get("Requests/s", 0)), 1),
        "saves": int(save.get("Request Count", 0)),
        "save median ms": _number(save.get("50%")),
        "save p95 ms": _number(save.get("95%")),
        "save p99 ms": _number(save.get("99%")),
        "save max ms": _number(save.get("Max Response Time")),
    }
    return figures, rows


def _number(text: str | None) -> float | None:
    if text in (None, "", "N/A"):
        return None
    return round(float(text), 1)


def verdict(figures: dict[str, Any], database: dict[str, Any], people: int) -> list[str]:
    """What fails the goal, in words (nothing: met)."""
    problems = []
    if figures["failures"]:
        problems.append(f"{figures['failures']} failed requests")
    p95 = figures["save p95 ms"]
    if p95 is None or p95 >= SAVE_P95_GOAL_MS:
        problems.append(f"save p95 {p95} ms (goal < {SAVE_P95_GOAL_MS} ms)")
    for name in (
        "values lost",
        "values stored but never saved",
        "values stored differently (value or who)",
        "values duplicated",
        "reports whose saves and events differ",
    ):
        if database[name]:
            problems.append(f"{name}: {database[name]}")
    agencies = people // 3
    if database["reports submitted to the coordinator"] != agencies:
        problems.append(
            f"{database['reports submitted to the coordinator']} of {agencies} reports submitted"
        )
    return problems
