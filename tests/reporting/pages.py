"""Helpers for the tests of the reporting pages: a quarter's report opened the way the page
opens it, and the POST a browser sends from the report form."""

from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

from django.urls import reverse

from accounts.models import User
from agencies.models import Agency
from plans.models import Dimension, Indicator, Plan
from reporting import selectors, services
from reporting.models import Report
from reporting.validation import activity_key, value_key
from tests import factories

QUARTER = "2024-Q1"


def open_report(plan: Plan, agency: Agency, user: User, period: str = QUARTER) -> Report:
    return services.report_open(plan=plan, agency=agency, period=period, user=user)


def submitted_report(plan: Plan, agency: Agency, user: User, period: str = QUARTER) -> Report:
    """The quarter's report submitted by `user`: a total of 12 for every numeric indicator and
    every activity ongoing."""
    report = open_report(plan, agency, user, period)
    contents = selectors.report_contents(report)
    report = services.report_save(
        report=report,
        user=user,
        revision=report.revision,
        contact_person="Anna Petrosyan",
        general_observations="",
        values=[
            services.ValueInput(
                indicator_id=block.indicator.pk, period=code, breakdown="", value=Decimal(12)
            )
            for block in contents.indicators
            for code in block.periods
        ],
        entries=[],
        activities=[
            services.ActivityInput(activity_id=activity.pk, state="ongoing")
            for activity, _update in contents.activities
        ],
    )
    return services.report_submit(report=report, user=user, revision=report.revision)


def activities_done(plan: Plan, agency: Agency) -> dict[str, str]:
    """The form fields that give every activity `agency` leads a status: submitting needs one."""
    return {
        activity_key(activity.pk, "state"): "ongoing"
        for activity in plan.activities.filter(lead_agency=agency)
    }


def detail_url(report: Report) -> str:
    return reverse("reporting:report_detail", args=[report.pk])


def form_post(report: Report, action: str = "save", **fields: Any) -> dict[str, Any]:
    """The fields a browser posts from the report form (empty inputs are posted empty)."""
    return {
        "revision": report.revision,
        "contact_person": "Anna Petrosyan",
        "general_observations": "",
        "action": action,
        **fields,
    }


def total_field(indicator: Indicator, period: str = QUARTER) -> str:
    return value_key(indicator.pk, period, "")


def by_sex(plan: Plan, agency: Agency, code: str = "I9.1") -> Indicator:
    """A quarterly count of victims identified, broken down by sex, reported by `agency`."""
    indicator = factories.IndicatorFactory.create(
        objective=plan.objectives.get(code="3.1"), code=code, responsible=[agency]
    )
    indicator.dimensions.set([Dimension.objects.get(code="sex")])
    return indicator


class _FormReader(HTMLParser):
    """The fields of the report form in a page, as a browser would post them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form" and "report-form" in found.get("class", ""):
            self._in_form = True
        if not self._in_form or ("name" not in found and tag != "option"):
            return
        if tag == "input" and found.get("type") != "submit":
            self.fields[found["name"]] = found.get("value", "")
        elif tag == "textarea":
            self._textarea = found["name"]
            self.fields[self._textarea] = ""
        elif tag == "select":
            self._select = found["name"]
            self.fields[self._select] = ""
        elif tag == "option" and self._select and "selected" in found:
            self.fields[self._select] = found.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def form_in(page: str, action: str = "save", **changes: str) -> dict[str, str]:
    """What a browser posts from the report form in `page` after the person typed `changes`
    (Django escapes what it renders; the parser unescapes it, as a browser does)."""
    reader = _FormReader()
    reader.feed(page)
    fields = reader.fields
    for name in list(fields):
        if name in fields and fields[name].startswith("\n"):
            fields[name] = fields[name][1:]  # the newline a textarea's content starts with
    return {**fields, "action": action, **changes}
