"""Hidden victims: the estimates of how many victims no agency's list holds (multiple systems
estimation, issue 13; docs/estimation.md).

- The coordinator sees every estimate with its true figures (and beside them the figures as
  they would be published), requests new ones, publishes and unpublishes them.
- A viewer sees the published estimates only, as published: the overlaps under disclosure
  control (small counts withheld), the estimate and its interval rounded.
- Everyone else is refused (403).

Who reads what, and the audit of every read, are cases.estimation.selectors'; the rules of a
request and of publishing are cases.estimation.services'. A queued or running estimate's page
polls its status (htmx) and reloads itself when it is done.
"""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from agencies.models import Agency
from cases.estimation import wording
from cases.estimation.forms import (
    LIST_ROWS,
    ConfirmForm,
    EstimateForm,
    agencies_field,
    name_field,
)
from cases.estimation.overlap_chart import overlap_chart
from cases.estimation.selectors import (
    estimate_figures,
    estimates_for_user,
    get_estimate_for_user,
    sees_true_estimates,
)
from cases.estimation.services import (
    estimate_publish,
    estimate_request,
    estimate_unpublish,
    publishable_error,
)
from cases.models import EstimateStatus, PopulationEstimate
from cases.services import case_access_refused
from plans.models import Plan
from progress.views import chart_context

UNFINISHED = (EstimateStatus.QUEUED, EstimateStatus.RUNNING)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _agencies() -> list[Agency]:
    return list(Agency.objects.order_by("name", "code"))


def _form(data: Any = None, *, initial: dict[str, Any] | None = None) -> EstimateForm:
    return EstimateForm(data, agencies=_agencies(), initial=initial)


def _initial(estimate: PopulationEstimate | None) -> dict[str, Any]:
    """A new request's starting values: last year's; or, to estimate again, those of
    `estimate`."""
    if estimate is None:
        return {"year": timezone.localdate().year - 1, "method": "auto"}
    initial: dict[str, Any] = {
        "year": estimate.year,
        "method": estimate.method,
        "max_order": estimate.max_order,
        "bootstrap": estimate.bootstrap,
        "seed": estimate.seed,
    }
    for index, item in enumerate(estimate.lists[:LIST_ROWS], start=1):
        initial[name_field(index)] = item["name"]
        initial[agencies_field(index)] = list(item["agencies"])
    return initial


def _summary(estimate: PopulationEstimate, *, full: bool) -> dict[str, Any]:
    """A row of the list: the estimate and its interval as this user may see them."""
    figures = estimate_figures(estimate, full=full) if estimate.status == "done" else None
    return {
        "estimate": estimate,
        "status": wording.status_label(estimate.status),
        "lists": [item["name"] for item in estimate.lists],
        "exists": bool(figures and figures["exists"]),
        "value": wording.number(figures["estimate"]) if figures else "",
        "interval": wording.interval(figures["ci_low"], figures["ci_high"]) if figures else "",
    }


def _list_page(
    request: HttpRequest, form: EstimateForm | None = None, *, status: int = 200
) -> HttpResponse:
    user = _user(request)
    estimates = estimates_for_user(user)  # 403 for a role that reads none; audited
    full = sees_true_estimates(user)
    if full and form is None:
        again = request.GET.get("again", "")
        source = get_estimate_for_user(user, int(again)) if again.isdigit() else None
        form = _form(initial=_initial(source))
    context = {
        "full": full,
        "rows": [_summary(estimate, full=full) for estimate in estimates],
        "form": form if full else None,
    }
    return render(request, "cases/estimate_list.html", context, status=status)


@never_cache
@require_safe
@login_required
def estimate_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@never_cache
@require_POST
@login_required
def estimate_request_view(request: HttpRequest) -> HttpResponse:
    """The coordinator's request: queued for the worker, then its page; refused beside the
    fields at fault."""
    user = _user(request)
    if not sees_true_estimates(user):
        case_access_refused(user=user, target="estimate request", status=403)
        raise PermissionDenied
    form = _form(request.POST)
    if form.is_valid():
        try:
            estimate = estimate_request(user=user, **form.request_kwargs())
        except ValidationError as refused:
            form.add_request_errors(refused)
        else:
            messages.success(
                request,
                _("The estimate for %(year)d is queued; this page shows it when it is done.")
                % {"year": estimate.year},
            )
            return redirect("cases:estimate_detail", estimate_id=estimate.pk)
    return _list_page(request, form, status=400)


def _plan_for_year(year: int) -> Plan | None:
    """The newest plan covering `year`: where the population of that year is set."""
    return (
        Plan.objects.filter(starts_on__year__lte=year, ends_on__year__gte=year)
        .order_by("-starts_on", "-pk")
        .first()
    )


def _withheld_or_number(value: float | int | None) -> str:
    return _("withheld") if value is None else wording.number(value)


def _key_figures(true: dict[str, Any], published: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The headline figures, each as computed and as published (the same for a viewer)."""
    return [
        (
            _("Persons on at least one list (observed)"),
            _withheld_or_number(true["observed"]),
            _withheld_or_number(published["observed"]),
        ),
        (
            _("Estimated victims"),
            wording.number(true["estimate"]),
            wording.number(published["estimate"]),
        ),
        (
            # xgettext:no-python-format (the % is a percent sign, nothing is formatted)
            _("95 % interval"),
            wording.interval(true["ci_low"], true["ci_high"]),
            wording.interval(published["ci_low"], published["ci_high"]),
        ),
        (
            _("Not found by any list"),
            wording.number(true["unobserved"]),
            wording.number(published["unobserved"]),
        ),
        (
            _("Per 100,000 residents"),
            wording.rate(true["per_100k"]),
            wording.rate(published["per_100k"]),
        ),
    ]


def _done_context(
    estimate: PopulationEstimate, figures: dict[str, Any], shown: wording.Presented, *, full: bool
) -> dict[str, Any]:
    """A finished estimate: its figures (the coordinator's beside the published ones), the
    overlaps as a chart and a table, the model and the alternatives, the caveats."""
    published = wording.present(estimate_figures(estimate, full=False)) if full else shown
    title = _("Persons by the lists that hold them, %(year)d") % {"year": estimate.year}
    if shown.protected:
        title = _("%(title)s (as published)") % {"title": title}
    chart = overlap_chart(shown.names, shown.histories, title=title)
    overlaps = [
        (label, persons, published_persons)
        for (label, persons), (_label, published_persons) in zip(
            shown.history_rows(), published.history_rows(), strict=True
        )
    ]
    return {
        "figures": figures,
        "shown": shown,
        "published": published,
        "key_figures": _key_figures(figures, dict(published.figures)),
        "list_rows": list(zip(shown.lists, published.lists, strict=True)),
        "overlaps": overlaps,
        "chart": chart_context("overlaps", chart),
        "reason": wording.reason_words(figures["reason"]) if figures["exists"] is False else "",
        "model": wording.terms_words(figures["model"]),
        "method": wording.method_words(figures),
        "interval_method": wording.interval_words(figures),
        "plan_for_population": (
            _plan_for_year(estimate.year) if figures["population"] is None else None
        ),
    }


@never_cache
@require_safe
@login_required
def estimate_detail(request: HttpRequest, estimate_id: int) -> HttpResponse:
    user = _user(request)
    full = sees_true_estimates(user)
    if full and request.GET.get("part") == "status":
        return _status_part(request, estimate_id)
    estimate = get_estimate_for_user(user, estimate_id)  # 403 / 404; audited
    figures = estimate_figures(estimate, full=full)
    shown = wording.present(figures)
    context: dict[str, Any] = {
        "estimate": estimate,
        "full": full,
        "status": wording.status_label(estimate.status),
        "unfinished": estimate.status in UNFINISHED,
        "lists": shown.lists,
        "confirm": ConfirmForm(),
    }
    if estimate.status == EstimateStatus.DONE:
        context.update(_done_context(estimate, figures, shown, full=full))
        if full:
            context["publishable"] = publishable_error(
                estimate, today_year=timezone.localdate().year
            )
    return render(request, "cases/estimate_detail.html", context)


def _status_part(request: HttpRequest, estimate_id: int) -> HttpResponse:
    """The coordinator's page polling a queued or running estimate: its status only (no
    figures, so not a read of case data); once it has finished, the page reloads itself."""
    estimate = PopulationEstimate.objects.filter(pk=estimate_id).only("pk", "status").first()
    if estimate is None or estimate.status not in UNFINISHED:
        response = HttpResponse(status=204 if estimate is None else 200)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "cases/_estimate_status.html", {"estimate": estimate})


def _published_change(request: HttpRequest, estimate_id: int, *, publish: bool) -> HttpResponse:
    user = _user(request)
    if not sees_true_estimates(user):
        # Refused before any read: a viewer's attempt is a refusal, not a read of the estimate.
        action = "publish" if publish else "unpublish"
        case_access_refused(user=user, target=f"{action} estimate {estimate_id}", status=403)
        raise PermissionDenied
    estimate = get_estimate_for_user(user, estimate_id)
    back = reverse("cases:estimate_detail", args=[estimate.pk])
    if not ConfirmForm(request.POST).is_valid():
        messages.error(request, _("Tick the box to confirm, then press the button again."))
        return redirect(f"{back}#publishing")
    try:
        if publish:
            estimate_publish(user=user, estimate=estimate)
        else:
            estimate_unpublish(user=user, estimate=estimate)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect(f"{back}#publishing")
    if publish:
        text = _("The estimate for %(year)d is published: viewers see it, rounded.")
    else:
        text = _("The estimate for %(year)d is no longer published.")
    messages.success(request, text % {"year": estimate.year})
    return redirect(back)


@never_cache
@require_POST
@login_required
def estimate_publish_view(request: HttpRequest, estimate_id: int) -> HttpResponse:
    return _published_change(request, estimate_id, publish=True)


@never_cache
@require_POST
@login_required
def estimate_unpublish_view(request: HttpRequest, estimate_id: int) -> HttpResponse:
    return _published_change(request, estimate_id, publish=False)
