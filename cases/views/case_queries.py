"""The coordinator's binding of indicators to case queries, and the sync that counts them
(docs/disclosure.md, "Indicators fed by case queries"). Only the coordinator: 403 for anyone
else."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from agencies.models import Agency
from cases.categories import country_codes
from cases.models import TraffickingStatus
from cases.stats import DEFAULT_STATUSES, DIMENSIONS, EXPLOITATION_CODES, category_label
from cases.stats.selectors import (
    case_query_rows,
    get_indicator_for_case_query,
    get_plan_for_case_queries,
)
from cases.stats.services import case_query_delete, case_query_save, case_query_sync
from plans.forms import AccessibleFormMixin
from reporting.datavalues import error_text
from reporting.services import ValuesInvalid


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


class CaseQueryForm(AccessibleFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Reported as agency"), queryset=Agency.objects.none()
    )
    statuses = forms.MultipleChoiceField(
        label=gettext_lazy("Trafficking status"),
        choices=TraffickingStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sex = forms.MultipleChoiceField(
        label=gettext_lazy("Only sex"), required=False, widget=forms.CheckboxSelectMultiple
    )
    age_group = forms.MultipleChoiceField(
        label=gettext_lazy("Only age group"), required=False, widget=forms.CheckboxSelectMultiple
    )
    exploitation = forms.MultipleChoiceField(
        label=gettext_lazy("Only forms of exploitation"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nationality = forms.CharField(
        label=gettext_lazy("Only citizenships"),
        required=False,
        help_text=gettext_lazy("ISO 3166 alpha-3 codes separated by commas, e.g. ARM, RUS."),
    )

    FILTERS = ("sex", "age_group", "exploitation", "nationality")

    def __init__(self, data: Any, *, agencies: Any, initial: dict[str, Any]) -> None:
        super().__init__(data, initial=initial)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies
        for name in ("sex", "age_group", "exploitation"):
            codes = DIMENSIONS[name].fixed or EXPLOITATION_CODES
            field = cast(forms.MultipleChoiceField, self.fields[name])
            field.choices = [(c, category_label(name, c)) for c in codes]

    def clean_nationality(self) -> list[str]:
        codes = [c.strip().upper() for c in self.cleaned_data["nationality"].split(",")]
        unknown = [code for code in codes if code and code not in country_codes()]
        if unknown:
            raise forms.ValidationError(
                _("Not ISO 3166 alpha-3 codes: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [code for code in codes if code]

    def filters(self) -> dict[str, list[str]]:
        data = self.cleaned_data
        found = {name: list(data[name]) for name in (*self.FILTERS,)}
        return {name: codes for name, codes in found.items() if codes}


@never_cache
@require_safe
@login_required
def case_query_list(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_case_queries(_user(request), plan_id)
    context = {"plan": plan, "indicators": case_query_rows(plan)}
    return render(request, "cases/case_query_list.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def case_query_edit(request: HttpRequest, indicator_id: int) -> HttpResponse:
    user = _user(request)
    indicator = get_indicator_for_case_query(user, indicator_id)
    bound = getattr(indicator, "case_query", None)
    initial: dict[str, Any] = {"statuses": list(DEFAULT_STATUSES)}
    if bound is not None:
        initial = {"agency": bound.agency, "statuses": bound.statuses, **bound.filters}
        initial["nationality"] = ", ".join(bound.filters.get("nationality", []))
    form = CaseQueryForm(
        request.POST if request.method == "POST" else None,
        agencies=indicator.responsible_agencies.order_by("code"),
        initial=initial,
    )
    if form.is_bound and form.is_valid():
        try:
            case_query_save(
                indicator=indicator,
                agency=form.cleaned_data["agency"],
                statuses=form.cleaned_data["statuses"],
                filters=form.filters(),
                user=user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The indicator now counts persons from case records."))
            return redirect("cases:case_query_list", plan_id=indicator.plan_id)
    context = {"indicator": indicator, "form": form, "bound": bound}
    return render(request, "cases/case_query_form.html", context)


@never_cache
@require_POST
@login_required
def case_query_remove(request: HttpRequest, indicator_id: int) -> HttpResponse:
    user = _user(request)
    indicator = get_indicator_for_case_query(user, indicator_id)
    if (bound := getattr(indicator, "case_query", None)) is not None:
        case_query_delete(query=bound, user=user)
        messages.success(request, _("The indicator no longer counts from case records."))
    return redirect("cases:case_query_list", plan_id=indicator.plan_id)


@never_cache
@require_POST
@login_required
def case_query_run(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = get_plan_for_case_queries(user, plan_id)
    try:
        result = case_query_sync(plan=plan, user=user)
    except ValuesInvalid as invalid:
        for line, column, message in invalid.errors[:20]:
            messages.error(request, error_text(line, column, message))
    else:
        messages.success(
            request,
            _("%(rows)d values counted for %(indicators)d indicators and recorded as accepted.")
            % {"rows": result.rows, "indicators": result.indicators},
        )
    return redirect("cases:case_query_list", plan_id=plan.pk)
